package rules

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"sync"
	"unsafe"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// none marks a missing node: a field the event does not have, or the end of
// a list of children.
const none int32 = -1

// eventNode is one value of an event, as much of it as some pattern reads.
// Objects keep only the members a pattern names; arrays keep every element.
type eventNode struct {
	kind jsonKind
	b    bool
	// numState caches number(): 0 not parsed yet, 1 num holds the value, 2
	// the literal is out of float64's range, 3 and 4 num holds the value
	// within nearTol or coarseTol (near), not parsed exactly yet.
	numState uint8
	// field is the path trie node of a member of an object: the field its
	// name selects, compared by pointer instead of by name.
	field *pathTrie
	text  string // string value, or number literal as written
	num   float64
	first int32 // first child of an object or array
	next  int32 // next member or element of the parent
}

// number returns the value of a number node. A literal outside float64's
// range is not a number the matcher can compare, as encoding/json's
// json.Number.Float64 reports.
// The value is parsed once per event, however many patterns compare it.
func (v *eventNode) number() (float64, bool) {
	if v.kind != kindNumber {
		return 0, false
	}
	if v.numState == 0 || v.numState >= approxState {
		f, err := strconv.ParseFloat(v.text, 64)
		v.num, v.numState = f, 1
		if err != nil {
			v.numState = 2
		}
	}
	return v.num, v.numState == 1
}

// eventTree is the part of one event that patterns read, in a flat slice of
// nodes (node 0 is the event object), with the scratch state of a Set match.
// Trees are pooled, so matching allocates nothing in the steady state.
type eventTree struct {
	nodes []eventNode
	sc    jsonscan.Scanner
	// knownValid is set while scanning an event the caller has vouched is
	// valid JSON ([Set.AppendMatchesKnownValid]): the scan ends after the
	// last top-level member a pattern reads.
	knownValid bool

	// Set matching: the entries whose anchor value was seen (each once per
	// event, by stamp), the names that matched (each once, by stamp).
	gen       uint32
	need      []uint8  // per entry, anchors that must see a value
	stamp     []uint32 // per anchor code, seen this event
	hitStamp  []uint32 // per entry, hits2 is for this event
	hits2     []uint8  // per entry, anchors that saw a value
	cands     []int32
	nameStamp []uint32
	butStamp  []uint32 // per valueIndex.butID, its butCands were made candidates
	hits      []int32
	hitBits   []uint64 // scratch of appendNames, all zero between calls
	lower     []byte
	// excluding is set while seeBut looks a string up in an anything-but
	// index, whose finds candidate adds to excluded (by slot) instead.
	excluding bool
	excluded  uint64
	// nodesOnly is set while materialize reads skimmed points, whose
	// numbers the indexes have seen; scratch is the node skim offers.
	nodesOnly bool
	scratch   eventNode
	// seen is, per Set field, the event and object it was last a member
	// of; dups is set when an object repeats one.
	seen []uint64
	dups bool
	// seg is the index and segment (valueIndex.decide) of the last number
	// decided in this event (reset clears it): the points of a polygon lie
	// close together.
	seg struct {
		x      *valueIndex
		lo, hi float64 // the segment's cuts, or infinities
	}
	// layout is the last layout points recorded, for the points of
	// layoutOf (kept from event to event).
	layout   pointLayout
	layoutOf *pathTrie
}

var treePool = sync.Pool{New: func() any { return &eventTree{nodes: make([]eventNode, 0, 64)} }}

func getTree() *eventTree { return treePool.Get().(*eventTree) }

// putTree returns t to the pool, dropping its references into the event
// (the nodes' text, cleared with the rest of each node in one sweep; the
// next scan overwrites each node it appends whole).
func putTree(t *eventTree) {
	clear(t.nodes)
	t.nodes = t.nodes[:0]
	t.seg.x = nil
	t.sc = jsonscan.Scanner{}
	t.need = nil
	treePool.Put(t)
}

// member returns the node of the object's member for field, or none. With
// duplicate names the last one wins, as in encoding/json.
func (t *eventTree) member(obj int32, field *pathTrie) int32 {
	found := none
	for c := t.nodes[obj].first; c != none; c = t.nodes[c].next {
		if t.nodes[c].field == field {
			found = c
		}
	}
	return found
}

// scan validates the event and reads the fields paths names into t.nodes.
// The event is read in place: its strings are only used during the call.
// With knownValid it stops after the last top-level member paths names.
func (t *eventTree) scan(event []byte, paths *pathTrie, knownValid bool) error {
	if len(event) > maxEventBytes {
		return &EventError{Offset: -1, Reason: "event is " + strconv.Itoa(len(event)) + " bytes, over the matcher's limit of " + strconv.Itoa(maxEventBytes)}
	}
	t.nodes = t.nodes[:0]
	t.knownValid = knownValid
	t.sc = jsonscan.New(unsafe.String(unsafe.SliceData(event), len(event)))
	sc := &t.sc
	if c := sc.Peek(); c != '{' {
		sc.Skip()
		if sc.Err != nil {
			return eventSyntaxError(sc.Err)
		}
		return &EventError{Offset: 0, Reason: "event must be a JSON object, got " + describe(c)}
	}
	t.value(paths)
	if sc.Err != nil {
		return eventSyntaxError(sc.Err)
	}
	if sc.WS(); sc.Pos < len(sc.Data) {
		return &EventError{Offset: int64(sc.Pos), Reason: "unexpected data after the event object"}
	}
	return nil
}

func eventSyntaxError(e *jsonscan.Error) error {
	return &EventError{Offset: e.Offset, Reason: "not valid JSON: " + e.Msg, Err: e}
}

// describe names the kind of JSON value that starts with c.
func describe(c byte) string {
	switch c {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '[':
		return "an array"
	}
	return "a number"
}

// value reads the value at the scanner into a new node and returns its
// index; p holds the fields patterns read below it.
func (t *eventTree) value(p *pathTrie) int32 {
	sc := &t.sc
	i := int32(len(t.nodes))
	t.nodes = append(t.nodes, eventNode{first: none, next: none})
	switch sc.Peek() {
	case '{':
		t.nodes[i].kind = kindObject
		if len(p.keys) == 0 {
			sc.Skip()
		} else if sc.BeginObject() {
			t.members(i, p)
		}
		return i // an object is no value a condition matches
	case '[':
		t.nodes[i].kind = kindArray
		if !sc.BeginArray() {
			return i
		}
		last := none
		for first := true; sc.NextElem(first); first = false {
			if p.bytes != nil && sc.Pos < len(sc.Data) && sc.Data[sc.Pos] == '{' {
				last = t.points(i, last, p)
				continue
			}
			last = t.link(i, last, t.value(p))
		}
	case '"':
		s := sc.Str()
		t.nodes[i].kind, t.nodes[i].text = kindString, s
	case 't':
		sc.Literal("true")
		t.nodes[i].kind, t.nodes[i].b = kindBool, true
	case 'f':
		sc.Literal("false")
		t.nodes[i].kind = kindBool
	case 'n':
		sc.Literal("null")
		t.nodes[i].kind = kindNull
	default:
		t.nodes = t.nodes[:i] // number appends the node
		return t.number(p, nil)
	}
	if p.values != nil && sc.Err == nil && !t.nodesOnly {
		p.values.lookup(t, &t.nodes[i])
	}
	return i
}

// members reads the members of the object just opened, for node i; p
// holds the fields patterns read in it.
func (t *eventTree) members(i int32, p *pathTrie) {
	last, first := none, true
	if p.bytes != nil && i != 0 {
		var done bool
		if last, first, done, _ = t.shortMembers(i, p, t.sc.Pos); done {
			return
		}
	}
	t.moreMembers(i, p, last, first)
}

// moreMembers reads the members of the object of node i from the scanner's
// position on, after the member node last (none and first true when no
// member was read yet).
func (t *eventTree) moreMembers(i int32, p *pathTrie, last int32, first bool) {
	sc := &t.sc
	read := 0
	for ; ; first = false {
		var key string
		var ok bool
		if p.short {
			key, ok = sc.NextShortKey(first, p.lens)
		} else {
			key, ok = sc.NextKeyOf(first, p.lens)
		}
		if !ok {
			break
		}
		c := p.child(key)
		if c == nil {
			sc.Skip()
			continue
		}
		t.sawMember(i, c)
		j := t.value(c)
		t.nodes[j].field = c
		last = t.link(i, last, j)
		if read++; t.knownValid && i == 0 && read == len(p.keys) {
			// Every top-level member a pattern reads is read.
			sc.Pos = len(sc.Data)
			break
		}
	}
}

// number reads the number at the scanner (or reports why there is none)
// into a new node of field and returns its index; p holds the conditions
// on it.
func (t *eventTree) number(p, field *pathTrie) int32 {
	n, _ := t.numberAt(p, field, t.sc.Pos)
	return n
}

// numberAt is number for the literal at start, which it takes and hands
// back (the offset just past the literal) in registers: shortMembers goes
// on from end without a store and load of the scanner's position between
// one member and the next, which would lengthen the chain of dependent
// operations each point's members make. It also leaves sc.Pos at end; on
// an error, sc.Err is set.
func (t *eventTree) numberAt(p, field *pathTrie, start int) (i int32, end int) {
	sc := &t.sc
	s := sc.Data
	x := p.values
	var f float64
	var state uint8
	if x.numeric() {
		// A Set compares the number: check and read it at once.
		var ok bool
		if end, f, state, ok = readNumber(s, start); end < 0 {
			// The scanner's Skip reports what is wrong with an invalid
			// literal; near reads the value of one readNumber does not
			// take (state 0).
			f, state = 0, 0
			sc.Pos = start
			sc.Skip()
			end = sc.Pos
		} else if !ok {
			f, state = 0, 0
		}
	} else if end = jsonscan.NumberEnd(s, start); end < 0 {
		sc.Pos = start
		sc.Skip() // reports the error
		end = sc.Pos
	}
	sc.Pos = end
	i = t.push()
	n := &t.nodes[i]
	n.kind, n.b, n.numState, n.field = kindNumber, false, state, field
	n.text, n.num, n.first, n.next = s[start:end], f, none, none
	if x == nil || sc.Err != nil || t.nodesOnly || t.decided(x, f, state) {
		return i, end
	}
	x.lookup(t, n)
	return i, end
}

// decided offers the number f, read in numState state, to the ranges of x
// all at once where it can (lookupNumber's common case, without the calls:
// a point's "x") and reports whether that was all the index needs. skim
// tests the same with pointLayout.fast.
func (t *eventTree) decided(x *valueIndex, f float64, state uint8) bool {
	tol := stateTol(state)
	if tol == 0 || !x.rangesOnly() {
		return false
	}
	return x.decide(t, f, tol*math.Abs(f))
}

// offsetIn returns the offset of sub in s, which holds it (a string read
// in place from the event); for a sub that lies elsewhere it is outside
// 0 to len(s), as objects do not overlap.
func offsetIn(s, sub string) int {
	return int(uintptr(unsafe.Pointer(unsafe.StringData(sub))) - uintptr(unsafe.Pointer(unsafe.StringData(s))))
}

// push extends t.nodes by a node for the caller to set field by field (an
// appended composite literal is built on the stack and copied) and returns
// its index.
func (t *eventTree) push() int32 {
	i := len(t.nodes)
	if i == cap(t.nodes) {
		t.nodes = slices.Grow(t.nodes, 1)
	}
	t.nodes = t.nodes[:i+1]
	return int32(i)
}

// link makes node n the next child of node parent after last (none for
// the first) and returns n.
func (t *eventTree) link(parent, last, n int32) int32 {
	if last == none {
		t.nodes[parent].first = n
	} else {
		t.nodes[last].next = n
	}
	return n
}

// shortMembers reads the members of the object just opened into node obj,
// for a trie whose keys are all one byte long (p.bytes: a GeoJSON point's
// "x" and "y"), while they are written compactly (the comma unless first,
// the quoted byte, the colon): a name found in p.bytes, a number read or
// passed over in place. It returns the last member node linked and whether
// no member was read yet, for value's loop to go on from the member it
// stopped before, or done at the end of the object or on an error.
func (t *eventTree) shortMembers(obj int32, p *pathTrie, i int) (last int32, first, done bool, end int) {
	sc := &t.sc
	s := sc.Data
	last, first = none, true
	// had marks the kids (by index) this object had a member for, in
	// place of sawMember's table while the members are read here.
	var had uint64
	for i+8 <= len(s) {
		// The member's first bytes in a word: the comma unless first, the
		// quoted name and the colon, and the value's first byte.
		w, j := jsonscan.Load64(s, i), i+4
		if !first {
			if byte(w) != ',' {
				if byte(w) == '}' {
					sc.CloseAt(i)
					return last, false, true, i + 1
				}
				break
			}
			w, j = w>>8, j+1
		}
		if uint32(w)&0xffff00ff != '"'|'"'<<16|':'<<24 {
			break
		}
		x := p.bytes[byte(w>>8)]
		if x == notPlain {
			break
		}
		if x == 0 {
			// A member no pattern reads: a one-digit number (a point's
			// "z":0) at a glance, or any other number.
			if b := byte(w >> 32); b-'0' < 10 && j+1 < len(s) && (s[j+1] == ',' || s[j+1] == '}') {
				i = j + 1
			} else if end := jsonscan.NumberEnd(s, j); end >= 0 {
				i = end
			} else {
				sc.Pos = j
				if sc.Skip(); sc.Err != nil {
					return last, false, true, 0
				}
				i = sc.Pos
			}
		} else {
			c := p.kids[x-1]
			if k := uint64(x - 1); k < 64 {
				if had&(1<<k) != 0 && c.id != 0 {
					t.dups = true
				}
				had |= 1 << k
			} else {
				t.sawMember(obj, c)
			}
			var n int32
			if b := byte(w >> 32); len(c.keys) == 0 && (b == '-' || b-'0' < 10) {
				n, i = t.numberAt(c, c, j)
			} else {
				sc.Pos = j
				n = t.value(c)
				t.nodes[n].field = c
				i = sc.Pos
			}
			last = t.link(obj, last, n)
			if sc.Err != nil {
				return last, false, true, 0
			}
		}
		first = false
	}
	sc.Pos = i
	// The members left to value's loop are checked against these there.
	for ; had != 0; had &= had - 1 {
		t.sawMember(obj, p.kids[bits.TrailingZeros64(had)])
	}
	return last, first, false, i
}

// notPlain marks, in pathTrie.bytes, a byte a member name cannot hold
// unescaped without further checks: a control byte, '"', '\\' or a byte
// of a longer UTF-8 sequence.
const notPlain = 0xff

// pathTrie holds the field names patterns read, level by level, so that a
// scan descends only into those and skips the rest.
type pathTrie struct {
	keys   []string
	tags   []uint32 // keyTag of each key, compared before the key itself
	lens   uint64   // bit n set for a key of length n, bit 63 for 63 and more
	kids   []*pathTrie
	byKey  map[string]*pathTrie // with many keys, instead of a linear search
	values *valueIndex          // anchor values of a Set at this field, or nil
	id     int32                // a Set's number for the field, from 1; 0 in a Pattern
	// short is set when every key is one byte long (a GeoJSON point's "x"
	// and "y"): the scan reads such an object's names with NextShortKey.
	short bool
	// bytes, while short, maps the byte of a one-byte name to its kid
	// (index+1), to 0 for another printable ASCII byte, or to notPlain.
	bytes *[256]uint8
}

// linearKeys is the number of keys up to which a linear search beats a map.
const linearKeys = 8

func (p *pathTrie) child(key string) *pathTrie {
	if p.byKey != nil {
		return p.byKey[key]
	}
	tag := keyTag(key)
	for i, t := range p.tags {
		if t == tag && (len(key) <= 2 || p.keys[i] == key) {
			return p.kids[i]
		}
	}
	return nil
}

// keyTag packs the length, first and last byte of a key, so that a linear
// search passes over most other keys without comparing strings, and finds
// a key of up to two bytes (a point's "x") by its tag alone.
func keyTag(key string) uint32 {
	if key == "" {
		return 0
	}
	return uint32(min(len(key), 0xffff))<<16 | uint32(key[0])<<8 | uint32(key[len(key)-1])
}

func (p *pathTrie) add(key string) *pathTrie {
	if c := p.child(key); c != nil {
		return c
	}
	c := &pathTrie{}
	p.keys = append(p.keys, key)
	p.tags = append(p.tags, keyTag(key))
	p.lens |= 1 << min(len(key), 63)
	p.kids = append(p.kids, c)
	p.short = len(key) == 1 && (len(p.keys) == 1 || p.short)
	switch {
	case !p.short || len(p.kids) >= notPlain:
		p.bytes = nil
	case p.bytes == nil:
		p.bytes = new([256]uint8)
		for b := range p.bytes {
			if b < 0x20 || b >= 0x80 || b == '"' || b == '\\' {
				p.bytes[b] = notPlain
			}
		}
		fallthrough
	default:
		if p.bytes[key[0]] != notPlain {
			p.bytes[key[0]] = uint8(len(p.kids))
		}
	}
	if p.byKey != nil {
		p.byKey[key] = c
	} else if len(p.keys) > linearKeys {
		p.byKey = make(map[string]*pathTrie, len(p.keys))
		for i, k := range p.keys {
			p.byKey[k] = p.kids[i]
		}
	}
	return c
}

// bind returns a copy of o whose fields point at their nodes below p,
// adding the nodes p lacks. The leaves are shared. $or alternatives read
// the same object as o, so they bind at p too.
func (p *pathTrie) bind(o *objectMatcher) *objectMatcher {
	out := &objectMatcher{fields: make([]fieldMatcher, len(o.fields))}
	for i, f := range o.fields {
		c := p.add(f.key)
		f.node = c
		if f.object != nil {
			f.object = c.bind(f.object)
		}
		out.fields[i] = f
	}
	if len(o.ors) > 0 {
		out.ors = make([][]*objectMatcher, len(o.ors))
		for i, alts := range o.ors {
			out.ors[i] = make([]*objectMatcher, len(alts))
			for j, alt := range alts {
				out.ors[i][j] = p.bind(alt)
			}
		}
	}
	return out
}
