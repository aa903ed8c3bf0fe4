package rules

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// Set matches many named event patterns against an event in one pass. It
// reads each event once, descends only into the fields some pattern names,
// and offers each value it reads to that field's index of conditions
// (exact, prefix, suffix and equals-ignore-case values by lookup, numbers by
// value and range, anything-but of strings by what it excludes, other
// conditions by test), so the cost of a match grows with the patterns an
// event could match rather than with the size of the set.
//
// A Set matches exactly as [Pattern.Match] does for each of its patterns.
// The zero value is not ready for use; call [NewSet]. A Set is safe for
// concurrent use: Add and Remove may run while Matches calls are in flight,
// and each Matches call sees the patterns as they were when it started.
type Set struct {
	mu      sync.Mutex       // guards the fields below and the rebuilding of snap
	names   []string         // in the order first added
	ids     map[string]int32 // index in names
	entries []setEntry       // one per pattern added
	opts    []CompileOption  // given to NewSet, for every Add
	// dirty is set when names or entries changed since snap was built: the
	// next match rebuilds it once, however many patterns were added since.
	dirty atomic.Bool
	snap  atomic.Pointer[setVersion] // what matching reads; never modified once stored
}

// setVersion is one immutable state of a Set.
type setVersion struct {
	names   []string   // in the order first added
	entries []setEntry // one per pattern added
	paths   pathTrie   // every field any pattern reads, with anchor indexes
	fields  int32      // nodes in paths, numbered from 1
	always  []int32    // entries with no indexed value, checked on every event
	// need is, per entry, how many of its anchors (1 or 2) must see a value
	// before the entry is a candidate.
	need []uint8
	buts int32 // valueIndexes with butOne slots, numbered by butID
	// directName is set in a Set of up to fewNames names: per entry, its
	// name when the entry is direct, else -1.
	directName []int32
}

type setEntry struct {
	name int32 // index in names
	root *objectMatcher
	// direct is set when the pattern is one path of fields to one match
	// list without exists, its only anchor: a value seen there that the
	// list matches is a match, unless the event repeats a member name
	// (the last one wins, which only the pattern's own walk sees).
	direct bool
}

// NewSet returns an empty Set whose patterns are compiled with opts, as
// [Compile] does.
func NewSet(opts ...CompileOption) *Set {
	s := &Set{ids: map[string]int32{}, opts: opts}
	s.snap.Store(&setVersion{})
	return s
}

// Add compiles pattern with the Set's options and adds it under name. The
// pattern is an [EventPattern], a [*Pattern] compiled earlier (used as it
// is, with the options it was compiled with), or its JSON converted with
// [JSON] (see [Source] for why a method takes this form). Several patterns
// added under one name match as alternatives: the name matches when any of
// them does. Errors are those of [Compile], and the Set is left unchanged.
// Adding is cheap; the indexes are rebuilt once, by the first match after a
// change.
func (s *Set) Add(name string, pattern Source) error {
	p, err := compileSource(pattern, newConfig(s.opts))
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.ids[name]
	if !ok {
		id = int32(len(s.names))
		s.ids[name] = id
		s.names = append(s.names, name)
	}
	s.entries = append(s.entries, setEntry{name: id, root: p.root})
	s.dirty.Store(true)
	return nil
}

// Remove drops every pattern added under name and reports whether there was
// any.
func (s *Set) Remove(name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.ids[name]
	if !ok {
		return false
	}
	s.names = slices.Delete(s.names, int(id), int(id)+1)
	delete(s.ids, name)
	for i, n := range s.names[id:] {
		s.ids[n] = id + int32(i)
	}
	kept := s.entries[:0]
	for _, e := range s.entries {
		switch {
		case e.name == id:
			continue
		case e.name > id:
			e.name--
		}
		kept = append(kept, e)
	}
	clear(s.entries[len(kept):])
	s.entries = kept
	s.dirty.Store(true)
	return true
}

// version returns the current immutable state, rebuilding it first if the
// Set changed since it was built.
func (s *Set) version() *setVersion {
	if s.dirty.Load() {
		s.mu.Lock()
		if s.dirty.Load() {
			s.snap.Store(newSetVersion(slices.Clone(s.names), slices.Clone(s.entries)))
			s.dirty.Store(false)
		}
		s.mu.Unlock()
	}
	return s.snap.Load()
}

// Matches returns the names whose patterns match the event, each once, in
// the order the names were first added. It returns an [*EventError] when
// the event is not a single JSON object.
func (s *Set) Matches(event []byte) ([]string, error) {
	return s.AppendMatches(nil, event)
}

// AppendMatches appends the names Matches would return to dst and returns
// the extended slice. With room in dst it allocates nothing. On error dst is
// returned unchanged.
func (s *Set) AppendMatches(dst []string, event []byte) ([]string, error) {
	return s.appendMatches(dst, event, false)
}

// AppendMatchesKnownValid is [Set.AppendMatches] for an event already known
// to be valid JSON: one EventBridge delivered, or one a validating reader
// such as package events has accepted. It reads the event as AppendMatches
// does, checking everything it reads, but stops at the end of the last
// top-level member its patterns read: what follows is not read, so not
// checked either. Fields a pattern reads come first in many events (source,
// detail-type and account before detail in EventBridge's), and a large
// field after them costs nothing.
//
// On valid JSON it returns what AppendMatches returns, provided the event
// object does not repeat a top-level member name a pattern reads (JSON
// objects from AWS do not): AppendMatches takes the last of repeated
// members, this method may stop before it. Given bytes that are not valid
// JSON after that point, it matches as if they were, where AppendMatches
// returns an [*EventError]. Use AppendMatches for events from anywhere
// else.
func (s *Set) AppendMatchesKnownValid(dst []string, event []byte) ([]string, error) {
	return s.appendMatches(dst, event, true)
}

func (s *Set) appendMatches(dst []string, event []byte, knownValid bool) ([]string, error) {
	if !knownValid {
		prefetchEvent(event)
	}
	v := s.version()
	t := getTree()
	defer putTree(t)
	t.reset(v)
	if err := t.scan(event, &v.paths, knownValid); err != nil {
		return dst, err
	}
	if v.directName != nil {
		return t.appendFew(dst, v), nil
	}
	t.hits = t.hits[:0]
	for _, id := range t.cands {
		if v.entries[id].direct && !t.dups {
			v.hit(t, id)
			continue
		}
		v.try(t, id)
	}
	for _, id := range v.always {
		v.try(t, id)
	}
	return t.appendNames(dst, v.names), nil
}

// appendNames appends the names of t.hits to dst in the order of names:
// by sorting the hits, or when they are many for the names there are, by
// one pass over a bit set of them.
func (t *eventTree) appendNames(dst, names []string) []string {
	words := (len(names) + 63) / 64
	if words > len(t.hits) {
		if len(t.hits) > 1 { // no call to sort none or one
			slices.Sort(t.hits)
		}
		for _, n := range t.hits {
			dst = append(dst, names[n])
		}
		return dst
	}
	if len(t.hitBits) < words {
		t.hitBits = make([]uint64, words)
	}
	for _, n := range t.hits {
		t.hitBits[n>>6] |= 1 << (n & 63)
	}
	return appendBits(dst, t.hitBits[:words], names)
}

// appendBits appends the names whose bits are set in hit, in order, and
// clears hit.
func appendBits(dst []string, hit []uint64, names []string) []string {
	for i, b := range hit {
		for ; b != 0; b &= b - 1 {
			dst = append(dst, names[i<<6|bits.TrailingZeros64(b)])
		}
		hit[i] = 0
	}
	return dst
}

// fewNames is the number of names up to which a Set records the names that
// matched as bits (appendFew).
const fewNames = 256

// appendFew is the end of appendMatches for a Set of up to fewNames names:
// each candidate sets its name's bit in t.hitBits, at once when its entry
// is direct, without the stamps and the list of hits a larger Set keeps.
func (t *eventTree) appendFew(dst []string, v *setVersion) []string {
	hit := t.hitBits[:len(v.names)/64+1]
	dups := t.dups
	for _, id := range t.cands {
		if n := v.directName[id]; n >= 0 && !dups {
			hit[n>>6] |= 1 << (n & 63)
		} else {
			v.tryBit(t, hit, id)
		}
	}
	for _, id := range v.always {
		v.tryBit(t, hit, id)
	}
	return appendBits(dst, hit, v.names)
}

// tryBit is try for appendFew.
func (v *setVersion) tryBit(t *eventTree, hit []uint64, id int32) {
	e := &v.entries[id]
	if n := e.name; hit[n>>6]&(1<<(n&63)) == 0 && e.root.matchOne(t, 0) {
		hit[n>>6] |= 1 << (n & 63)
	}
}

// try matches entry id unless its name has matched already.
func (v *setVersion) try(t *eventTree, id int32) {
	e := &v.entries[id]
	if t.nameStamp[e.name] == t.gen {
		return
	}
	if e.root.matchOne(t, 0) {
		t.nameStamp[e.name] = t.gen
		t.hits = append(t.hits, e.name)
	}
}

// hit records that entry id matched.
func (v *setVersion) hit(t *eventTree, id int32) {
	n := v.entries[id].name
	if t.nameStamp[n] != t.gen {
		t.nameStamp[n] = t.gen
		t.hits = append(t.hits, n)
	}
}

// reset readies t's Set scratch state for an event against v.
func (t *eventTree) reset(v *setVersion) {
	t.cands = t.cands[:0]
	t.need = v.need
	t.seg.x = nil
	t.dups = false
	t.gen++
	if t.gen == 0 {
		clear(t.stamp)
		clear(t.hitStamp)
		clear(t.nameStamp)
		clear(t.butStamp)
		clear(t.seen)
		t.gen = 1
	}
	if n := int(v.fields) + 1; len(t.seen) < n {
		t.seen = append(t.seen, make([]uint64, n-len(t.seen))...)
	}
	t.stamp = grow(t.stamp, 2*len(v.entries))
	t.hitStamp = grow(t.hitStamp, len(v.entries))
	t.hits2 = growBytes(t.hits2, len(v.entries))
	t.nameStamp = grow(t.nameStamp, len(v.names))
	t.butStamp = grow(t.butStamp, int(v.buts))
	if len(t.hitBits) < fewNames/64+1 {
		t.hitBits = make([]uint64, fewNames/64+1)
	}
}

func grow(s []uint32, n int) []uint32 {
	if len(s) < n {
		s = append(s, make([]uint32, n-len(s))...)
	}
	return s
}

func growBytes(s []uint8, n int) []uint8 {
	if len(s) < n {
		s = append(s, make([]uint8, n-len(s))...)
	}
	return s
}

// sawMember notes that object obj has a member for field c, and so whether
// the event repeats a member name that some pattern reads.
func (t *eventTree) sawMember(obj int32, c *pathTrie) {
	if c.id == 0 {
		return // not a Set's field
	}
	key := uint64(t.gen)<<32 | uint64(uint32(obj))
	if t.seen[c.id] == key {
		t.dups = true
	}
	t.seen[c.id] = key
}

// candidate records that the anchors coded in codes saw a value; while
// excluding (seeBut), codes are the slots of anything-but anchors that do
// not see it.
func (t *eventTree) candidate(codes []int32) {
	if t.excluding {
		for _, slot := range codes {
			t.excluded |= 1 << slot
		}
		return
	}
	for _, code := range codes {
		t.see(code)
	}
}

// see records that the anchor coded in code (entry<<1 | anchor slot) saw a
// value. An entry becomes a candidate once each of its anchors has,
// counting each anchor once however many values it sees.
func (t *eventTree) see(code int32) {
	if t.stamp[code] == t.gen {
		return
	}
	t.stamp[code] = t.gen
	e := code >> 1
	if t.need[e] == 2 {
		if t.hitStamp[e] != t.gen {
			t.hitStamp[e], t.hits2[e] = t.gen, 1
			return
		}
		if t.hits2[e]++; t.hits2[e] < 2 {
			return
		}
	}
	t.cands = append(t.cands, e)
}

// valueIndex finds, for a value of one field, the entries whose anchor
// matches it: exact strings (and wildcards with one star at an end, or
// none), prefixes and suffixes by one lookup per distinct length, and the
// ASCII equals-ignore-case forms of all three by the ASCII-lowered value;
// numbers by value and by range; anything-but of those string forms by
// what they exclude. Other conditions are tested against each value, once
// per event for each anchor.
type valueIndex struct {
	// plain holds whole values (looked up as affixes of their own
	// length), prefixes and suffixes; folded their ASCII
	// equals-ignore-case forms, lowered.
	plain, folded affixes
	// probes are the prefix and suffix lengths of plain and folded that
	// compare packed words, in one list (see probe); hashed holds those
	// with other lengths, looked up by hash, with the word of w they use.
	probes  []probe
	hashed  []hashedAffixes
	nums    map[float64][]int32 // exact numbers and numeric "="
	numKeys []float64           // the keys of nums, ascending
	ranges  []rangeAnchor       // by ascending lower bound
	tests   []testAnchor
	// but indexes the conditions of the anything-but anchors whose
	// conditions are all strings, prefixes, suffixes or ASCII
	// equals-ignore-case forms, each under its slot: its index in
	// butCodes, up to 64. A string one of a slot's conditions matches
	// leaves the slot's code unseen; every other scalar value sees it.
	// This takes the place of one test per such anchor and value.
	but      *valueIndex
	butCodes []int32
	// butOne marks the slots whose entry needs no other anchor, and
	// butCands holds those entries: the first value of the field in an
	// event that none of their conditions match makes them all candidates
	// at once, without a stamp each (butStamp[butID] says it was done).
	butOne   uint64
	butCands []int32
	butID    int32
	// bounds and segs (see segments) answer for a number all ranges at
	// once when no bound or exact value is within its error bound.
	bounds []float64
	segs   [][]int32
}

type rangeAnchor struct {
	numericCond
	code int32
}

type testAnchor struct {
	cond condition
	// not holds the one condition of an anything-but (cond): the value
	// matches when not does not, tested here without anythingBut's loop
	// and the second dynamic call (a Set's fields are full of them).
	not  condition
	code int32
}

// newTestAnchor returns the testAnchor of c under code.
func newTestAnchor(c condition, code int32) testAnchor {
	if b, ok := c.(anythingBut); ok && len(b) == 1 {
		return testAnchor{not: b[0], code: code}
	}
	return testAnchor{cond: c, code: code}
}

// affixes are the indexes of whole values, prefixes and suffixes.
type affixes struct{ whole, prefix, suffix affixIndex }

// A probe looks one length of a prefix or suffix index up in a value's
// words: the key is the word's first n bytes (a prefix) or its last n
// (a suffix, shifted down), and the copy of the index's filter for the
// length passes over most keys without comparing.
type probe struct {
	filter uint64
	mask   uint64 // the low n bytes
	shift  int    // 0 for a prefix, all ones for a suffix: ANDed with the shift down
	a      *affixIndex
	n      int
	word   int // in stringWords: 0 head, 1 tail, 2 and 3 lowered
}

type hashedAffixes struct {
	a    *affixIndex
	word int
}

// finish readies x for matching once every anchor is indexed: the number
// segments, the probes, and the same for the anything-but index.
func (x *valueIndex) finish() {
	x.segments()
	x.probes, x.hashed = nil, nil
	for i, a := range []*affixIndex{&x.plain.prefix, &x.plain.suffix, &x.folded.prefix, &x.folded.suffix} {
		hashed := false
		for _, n := range a.lens {
			if n >= len(a.short) || a.long[n] {
				hashed = true
				continue
			}
			p := probe{filter: a.filter[n], mask: 1<<(8*n) - 1, a: a, n: n, word: i}
			if i%2 == 1 {
				p.shift = -1
			}
			x.probes = append(x.probes, p)
		}
		if hashed {
			x.hashed = append(x.hashed, hashedAffixes{a, i})
		}
	}
	if x.but != nil {
		x.but.finish()
	}
}

// affixIndex holds prefixes, suffixes or whole values, with their lengths.
// While a length of up to eight bytes has few of them, they are held packed
// in a word each and found by comparing words, which costs less than
// hashing the string; past shortAffixes of a length they go to the map.
type affixIndex struct {
	ids   map[string][]int32
	lens  []int // distinct lengths, ascending
	short [9][]packedAffix
	long  [9]bool // the affixes of this length are in ids
	// filter has, per length, the bit keyBit picks for each affix in
	// short: a word without its bit has none of them to compare.
	filter [9]uint64
}

// keyBit returns the bit of filter that a packed key selects.
func keyBit(k uint64) uint64 { return 1 << (k * 0x9e3779b97f4a7c15 >> 58) }

// shortAffixes is the number of affixes of one length up to which they are
// compared packed rather than looked up in a map.
const shortAffixes = 16

type packedAffix struct {
	key  uint64 // packKey of s
	s    string
	code []int32
}

// packKey returns the bytes of s (up to eight), the first in the low byte.
func packKey(s string) uint64 {
	var k uint64
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	return k
}

func (a *affixIndex) add(key string, code int32) {
	n := len(key)
	if !slices.Contains(a.lens, n) {
		a.lens = append(a.lens, n)
		slices.Sort(a.lens)
	}
	if n < len(a.short) && !a.long[n] {
		k := packKey(key)
		for i := range a.short[n] {
			if p := &a.short[n][i]; p.key == k {
				if p.code[len(p.code)-1] != code {
					p.code = append(p.code, code)
				}
				return
			}
		}
		if len(a.short[n]) < shortAffixes {
			a.short[n] = append(a.short[n], packedAffix{k, key, []int32{code}})
			a.filter[n] |= keyBit(k)
			return
		}
		// One too many: this length goes to the map.
		for _, p := range a.short[n] {
			for _, c := range p.code {
				a.ids = addID(a.ids, p.s, c)
			}
		}
		a.short[n], a.long[n] = nil, true
	}
	a.ids = addID(a.ids, key, code)
}

// lookup offers the prefixes (or, with suffix, the suffixes) of s to the
// index, for the lengths it looks up by hash (the others are probes);
// with fold they are ASCII-lowered first, as the keys of a fold index are.
func (a *affixIndex) lookup(t *eventTree, s string, suffix, fold bool) {
	for _, n := range a.lens {
		if n > len(s) {
			break
		}
		if n < len(a.short) && !a.long[n] {
			continue
		}
		key := s[:n]
		if suffix {
			key = s[len(s)-n:]
		}
		if fold {
			key = t.lowerASCII(key)
		}
		if ids := a.ids[key]; ids != nil {
			t.candidate(ids)
		}
	}
}

// whole offers s itself to the index, w as for lookup.
func (a *affixIndex) whole(t *eventTree, s string, w uint64, fold bool) {
	var ids []int32
	if n := len(s); n < len(a.short) && !a.long[n] {
		ids = a.word(n, w)
	} else if a.ids != nil {
		if fold {
			s = t.lowerASCII(s)
		}
		ids = a.ids[s]
	}
	if ids != nil {
		t.candidate(ids)
	}
}

// word returns the codes of the affix of length n (up to eight) packed in
// k, or nil.
func (a *affixIndex) word(n int, k uint64) []int32 {
	if a.filter[n]&keyBit(k) == 0 {
		return nil
	}
	for _, p := range a.short[n] {
		if p.key == k {
			return p.code
		}
	}
	return nil
}

// words packs the first eight bytes of s (head) and the last eight
// (tail), or all of a shorter s in both, the first in the low byte. A
// shorter string read in place lies in the event with its closing quote
// after it: its bytes are then taken from one word of the event where the
// event holds one. (When s lies elsewhere, as an unescaped string does,
// its offset from the event's start is outside the event: objects do not
// overlap.)
func (t *eventTree) words(s string) (head, tail uint64) {
	if len(s) >= 8 {
		return jsonscan.Load64(s, 0), jsonscan.Load64(s, len(s)-8)
	}
	d := t.sc.Data
	if off := offsetIn(d, s); off >= 0 && off <= len(d)-8 {
		head = jsonscan.Load64(d, off) & byteMask(len(s))
	} else {
		head = packKey(s)
	}
	return head, head
}

// lowerWord lowers the ASCII capitals among the bytes of w, as lowerASCII
// does, all at once: bytes with the high bit set are kept.
func lowerWord(w uint64) uint64 {
	const hi = 0x8080808080808080
	x := w &^ hi
	upper := (x + 0x3f3f3f3f3f3f3f3f) &^ (x + 0x2525252525252525) &^ w & hi
	return w | upper>>2
}

// lowerASCII returns s with A-Z lowered, in t's scratch buffer. Other bytes
// are kept, so a non-ASCII byte never equals an ASCII key: the
// equals-ignore-case forms indexed are ASCII, and those match only ASCII
// bytes at each place (foldcase.go).
func (t *eventTree) lowerASCII(s string) string {
	t.lower = t.lower[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		t.lower = append(t.lower, c)
	}
	return unsafe.String(unsafe.SliceData(t.lower), len(t.lower))
}

// rangesOnly reports whether decide answers for every number of the
// field: the index has no tests and no anything-but index to offer them.
func (x *valueIndex) rangesOnly() bool { return len(x.tests) == 0 && x.but == nil }

// numeric reports whether the index compares numbers by value or range
// (x may be nil).
func (x *valueIndex) numeric() bool {
	return x != nil && (x.nums != nil || x.ranges != nil)
}

// lookup offers the value v to the index; only scalars match a list.
func (x *valueIndex) lookup(t *eventTree, v *eventNode) {
	switch v.kind {
	case kindObject, kindArray:
		return
	case kindString:
		// The string's words, loaded once for both indexes.
		w := t.stringWords(v.text)
		x.lookupString(t, v.text, &w)
		if x.but != nil {
			x.seeBut(t, v.text, &w)
		}
	case kindNumber:
		if x.numeric() {
			x.lookupNumber(t, v)
		}
		fallthrough
	default:
		if x.but != nil {
			x.seeBut(t, "", nil)
		}
	}
	for i := range x.tests {
		a := &x.tests[i]
		if t.stamp[a.code] == t.gen {
			continue
		}
		var hit bool
		if a.not != nil {
			hit = !a.not.test(v)
		} else {
			hit = a.cond.test(v)
		}
		if hit {
			t.see(a.code)
		}
	}
}

// lookupNumber offers the number v to the index, deciding on its
// approximate value where that is enough (number.go).
func (x *valueIndex) lookupNumber(t *eventTree, v *eventNode) {
	f, tol, ok := v.near()
	if !ok {
		return
	}
	if x.decide(t, f, tol) {
		return
	}
	// Look an exact value up only when a value of the index is within
	// reach, and parse exactly only then.
	if x.nums != nil && x.numNear(f, tol) {
		if tol > 0 {
			if f, ok = v.number(); !ok {
				return
			}
			tol = 0
		}
		if ids, ok := x.nums[f]; ok {
			t.candidate(ids)
		}
	}
	for _, r := range x.ranges {
		if r.lo > f+tol {
			break
		}
		if t.stamp[r.code] == t.gen {
			continue
		}
		if r.test(v) { // on the approximate value where it decides
			t.see(r.code)
		}
	}
}

// seeBut offers a scalar to the anything-but anchors in x.but: each sees
// it unless it is a string s, with words w (nil for any other kind), that
// one of the anchor's conditions matches (no such condition matches any
// other kind of value).
func (x *valueIndex) seeBut(t *eventTree, s string, w *[4]uint64) {
	t.excluded = 0
	if w != nil {
		t.excluding = true
		x.but.lookupString(t, s, w)
		t.excluding = false
	}
	m := (uint64(1)<<len(x.butCodes) - 1) &^ t.excluded // len is at most 64: 1<<64 is 0
	if x.butOne != 0 {
		if t.butStamp[x.butID] != t.gen && m&x.butOne == x.butOne {
			t.butStamp[x.butID] = t.gen
			t.cands = append(t.cands, x.butCands...)
		}
		if t.butStamp[x.butID] == t.gen {
			m &^= x.butOne
		}
	}
	for ; m != 0; m &= m - 1 {
		if code := x.butCodes[bits.TrailingZeros64(m)]; t.stamp[code] != t.gen {
			t.see(code)
		}
	}
}

// decide offers a number within tol of f to the ranges all at once, as
// segments cut them, and reports false, having done nothing, when a cut is
// within reach of f: no bound of a range and no exact value.
func (x *valueIndex) decide(t *eventTree, f, tol float64) bool {
	if x.segs == nil {
		return false
	}
	a, b := f-tol, f+tol
	if t.seg.x == x && t.seg.lo < a && b < t.seg.hi {
		return true // in the segment of the last number, whose codes are seen
	}
	bounds := x.bounds
	i := 0
	if len(bounds) > 8 {
		i, _ = slices.BinarySearch(bounds, a)
	} else {
		for i < len(bounds) && bounds[i] < a {
			i++
		}
	}
	if i < len(bounds) && bounds[i] <= b {
		return false
	}
	for _, code := range x.segs[i] {
		if t.stamp[code] != t.gen {
			t.see(code)
		}
	}
	t.seg.x, t.seg.lo, t.seg.hi = x, math.Inf(-1), math.Inf(1)
	if i > 0 {
		t.seg.lo = bounds[i-1]
	}
	if i < len(bounds) {
		t.seg.hi = bounds[i]
	}
	return true
}

// maxSegmentCodes bounds the codes segments holds in all, against ranges
// that overlap by the thousand.
const maxSegmentCodes = 4096

// segments cuts the number line at the index's exact values, the bounds of
// its ranges and of the comparable range: between two cuts each range
// holds every number or none, and no exact value is equal to any. segs[i]
// holds the codes of the ranges that hold the numbers between bounds[i-1]
// and bounds[i], with no cut below the first and above the last.
func (x *valueIndex) segments() {
	x.bounds, x.segs = nil, nil
	if !x.numeric() {
		return
	}
	bounds := append(slices.Clone(x.numKeys), -maxComparable, maxComparable)
	for _, r := range x.ranges {
		for _, b := range []float64{r.lo, r.hi} {
			if -maxComparable < b && b < maxComparable {
				bounds = append(bounds, b)
			}
		}
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	segs, n := make([][]int32, len(bounds)+1), 0
	for i := range segs {
		f := math.Inf(-1)
		switch {
		case i == len(bounds):
			f = math.Inf(1)
		case i > 0:
			f = bounds[i-1]/2 + bounds[i]/2
		}
		for _, r := range x.ranges {
			if r.holds(f) && !slices.Contains(segs[i], r.code) {
				segs[i] = append(segs[i], r.code)
			}
		}
		if n += len(segs[i]); n > maxSegmentCodes {
			return
		}
	}
	x.bounds, x.segs = bounds, segs
}

// numNear reports whether a value of nums is within tol of f.
func (x *valueIndex) numNear(f, tol float64) bool {
	keys := x.numKeys
	if len(keys) > 8 {
		at, _ := slices.BinarySearch(keys, f-tol)
		keys = keys[at:]
	}
	for _, k := range keys {
		if k >= f-tol {
			return k <= f+tol
		}
	}
	return false
}

// stringWords returns the words of s that lookupString takes: its first
// and last eight bytes (words), and those lowered for the fold indexes.
func (t *eventTree) stringWords(s string) (w [4]uint64) {
	w[0], w[1] = t.words(s)
	w[2], w[3] = lowerWord(w[0]), lowerWord(w[1])
	return w
}

// lookupString offers the string s, with its words w (stringWords), to
// the index; each probe takes its key from one of those words.
func (x *valueIndex) lookupString(t *eventTree, s string, w *[4]uint64) {
	if x.plain.whole.lens != nil {
		x.plain.whole.whole(t, s, w[0], false)
	}
	if x.folded.whole.lens != nil {
		x.folded.whole.whole(t, s, w[2], true)
	}
	m := min(len(s), 8)
	for i := range x.probes {
		p := &x.probes[i]
		if p.n > len(s) {
			continue
		}
		k := w[p.word&3] >> (8 * (m - p.n) & p.shift) & p.mask
		if p.filter&keyBit(k) == 0 {
			continue
		}
		if ids := p.a.word(p.n, k); ids != nil {
			t.candidate(ids)
		}
	}
	for _, h := range x.hashed {
		h.a.lookup(t, s, h.word%2 == 1, h.word >= 2)
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// anchor is a match list that every match of a pattern must satisfy, found
// by following fields (not $or) from the pattern's root, with no exists
// test.
type anchor struct {
	node *pathTrie
	leaf *leafMatcher
}

// anchors appends the indexable match lists of o, bound to the Set's trie.
func anchors(dst []anchor, o *objectMatcher) []anchor {
	for _, f := range o.fields {
		if f.object != nil {
			dst = anchors(dst, f.object)
		} else if indexable(f.leaf) {
			dst = append(dst, anchor{node: f.node, leaf: f.leaf})
		}
	}
	return dst
}

// indexable reports whether the leaf matches only through a value its
// conditions match: it has no exists test (which matches without a value,
// or any value).
func indexable(l *leafMatcher) bool {
	return !l.existsTrue && !l.existsFalse && len(l.conds) > 0
}

// direct reports whether o is one path of fields, without $or, to one
// indexable leaf.
func direct(o *objectMatcher) bool {
	for len(o.ors) == 0 && len(o.fields) == 1 {
		f := o.fields[0]
		if f.object == nil {
			return indexable(f.leaf)
		}
		o = f.object
	}
	return false
}

// indexKey names a condition's slot in a valueIndex, for counting how many
// entries share it. Conditions that most values satisfy (anything-but,
// numeric ranges, booleans, null) have op 'u' and count as unselective.
type indexKey struct {
	node *pathTrie
	op   byte
	s    string
}

// unselective is the cost of an anchor condition with op 'u': above any
// count of entries sharing a value, so that an anchor with a selective value
// is always preferred.
const unselective = 1 << 20

func condKeys(a anchor, yield func(indexKey)) {
	for _, c := range a.leaf.conds {
		switch c := c.(type) {
		case exactString:
			yield(indexKey{a.node, 'e', string(c)})
		case prefixCond:
			if c.fold != nil {
				yield(indexKey{a.node, 'P', strings.ToLower(c.s)})
			} else {
				yield(indexKey{a.node, 'p', c.s})
			}
		case suffixCond:
			if c.fold != nil {
				yield(indexKey{a.node, 'S', strings.ToLower(c.s)})
			} else {
				yield(indexKey{a.node, 's', c.s})
			}
		case equalsFold:
			yield(indexKey{a.node, 'f', strings.ToLower(c.text)})
		case exactNumber:
			yield(indexKey{a.node, 'n', strconv.FormatFloat(float64(c), 'g', -1, 64)})
		case numericCond:
			if c.lo == c.hi {
				yield(indexKey{a.node, 'n', strconv.FormatFloat(c.lo, 'g', -1, 64)})
			} else {
				yield(indexKey{a.node, 'u', ""})
			}
		case wildcardCond:
			yield(indexKey{a.node, 'w', strconv.FormatBool(c.w.lead) + strings.Join(c.w.segments, "*") + strconv.FormatBool(c.w.trail)})
		case cidrCond:
			yield(indexKey{a.node, 'c', c.p.String()})
		default:
			yield(indexKey{a.node, 'u', ""})
		}
	}
}

// readCost and parseCost are added to the cost of an anchor at a field no
// other anchor needs: it costs a lookup of every value there, and if it
// compares numbers, a number parse of each, where a string is looked up as
// it is. Between anchors equally shared, one at a field read anyway is the
// better; a string value that a couple more entries share is better than
// numbers to parse.
const (
	readCost  = 1
	parseCost = 2
)

// numeric reports whether a compares numbers by value or range.
func numeric(a anchor) bool {
	return slices.ContainsFunc(a.leaf.conds, func(c condition) bool {
		switch c.(type) {
		case exactNumber, numericCond:
			return true
		}
		return false
	})
}

// cost is how many entries share the conditions of a, or unselective.
func cost(a anchor, count map[indexKey]int) int {
	n := 0
	condKeys(a, func(k indexKey) {
		if k.op == 'u' {
			n += unselective
		} else {
			n += count[k]
		}
	})
	return n
}

// shared is the anchor cost above which an entry is indexed under a second
// anchor as well: when more than a few entries share its best value (100
// rules for one account, told apart by detail-type), requiring two values
// keeps the others from becoming candidates.
const shared = 4

// newSetVersion builds the trie and indexes for entries. Each entry is
// indexed under the anchor whose values the fewest other entries share, so
// that an event value common to many patterns (source "aws.kms") does not
// make them all candidates when a rarer one (a key ID) is there to select
// by; and under the next best as well when even the best is shared.
func newSetVersion(names []string, entries []setEntry) *setVersion {
	v := &setVersion{names: names, entries: make([]setEntry, len(entries)), need: make([]uint8, len(entries))}
	for i, e := range entries {
		root := v.paths.bind(e.root)
		v.entries[i] = setEntry{name: e.name, root: root, direct: direct(root)}
	}
	v.paths.number(&v.fields)
	if len(names) <= fewNames {
		v.directName = make([]int32, len(v.entries))
		for i, e := range v.entries {
			v.directName[i] = -1
			if e.direct {
				v.directName[i] = e.name
			}
		}
	}
	entries = v.entries
	all := make([][]anchor, len(entries))
	count := map[indexKey]int{}
	for i, e := range entries {
		all[i] = anchors(nil, e.root)
		for _, a := range all[i] {
			condKeys(a, func(k indexKey) {
				if k.op != 'u' {
					count[k]++
				}
			})
		}
	}
	// Fields whose values are offered to an index anyway, and those whose
	// numbers are parsed anyway: some entry's only anchor is there.
	read, parsed := map[*pathTrie]bool{}, map[*pathTrie]bool{}
	for _, as := range all {
		if len(as) == 1 {
			read[as[0].node] = true
			parsed[as[0].node] = parsed[as[0].node] || numeric(as[0])
		}
	}
	for i := range entries {
		costs := make([]int, len(all[i]))
		for j, a := range all[i] {
			costs[j] = cost(a, count)
			if !read[a.node] {
				costs[j] += readCost
			}
			if numeric(a) && !parsed[a.node] {
				costs[j] += parseCost
			}
		}
		order := make([]int, len(all[i]))
		for j := range order {
			order[j] = j
		}
		slices.SortStableFunc(order, func(a, b int) int { return costs[a] - costs[b] })
		switch {
		case len(order) == 0:
			v.always = append(v.always, int32(i))
			continue
		case len(order) >= 2 && costs[order[0]] > shared:
			order = order[:2]
		default:
			order = order[:1]
		}
		v.need[i] = uint8(len(order))
		for slot, j := range order {
			v.index(all[i][j], int32(i)<<1|int32(slot))
		}
	}
	v.paths.walk(func(p *pathTrie) {
		if x := p.values; x != nil {
			x.finish()
			if x.butOne != 0 {
				x.butID = v.buts
				v.buts++
			}
		}
	})
	return v
}

// index adds the conditions of anchor a to its field's valueIndex under
// code.
func (v *setVersion) index(a anchor, code int32) {
	x := a.node.values
	if x == nil {
		x = &valueIndex{}
		a.node.values = x
	}
	for _, c := range a.leaf.conds {
		if !x.add(c, code) && !x.addBut(c, code, v.need[code>>1] == 1) {
			x.tests = append(x.tests, newTestAnchor(c, code))
		}
	}
}

// maxButSlots is the number of anything-but conditions a valueIndex holds
// in but; more are tested.
const maxButSlots = 64

// addBut indexes c in x.but under a new slot for code when c is an
// anything-but whose conditions all go to the string indexes, or reports
// false; one says the code's entry needs no other anchor.
func (x *valueIndex) addBut(c condition, code int32, one bool) bool {
	b, ok := c.(anythingBut)
	if !ok || len(x.butCodes) == maxButSlots {
		return false
	}
	var trial valueIndex
	for _, in := range b {
		if !trial.add(in, 0) {
			return false
		}
	}
	if trial.numeric() {
		return false
	}
	if x.but == nil {
		x.but = &valueIndex{}
	}
	slot := int32(len(x.butCodes))
	for _, in := range b {
		x.but.add(in, slot)
	}
	x.butCodes = append(x.butCodes, code)
	if one {
		x.butOne |= 1 << slot
		x.butCands = append(x.butCands, code>>1)
	}
	return true
}

// add indexes c under code, or reports false when no index holds its kind
// of condition.
func (x *valueIndex) add(c condition, code int32) bool {
	switch c := c.(type) {
	case exactString:
		x.plain.whole.add(string(c), code)
		return true
	case prefixCond:
		return addAffix(&x.plain.prefix, &x.folded.prefix, c.s, c.fold, code)
	case suffixCond:
		return addAffix(&x.plain.suffix, &x.folded.suffix, c.s, c.fold, code)
	case equalsFold:
		if !c.ascii {
			return false
		}
		x.folded.whole.add(strings.ToLower(c.text), code)
		return true
	case wildcardCond:
		// One star at an end, or none, is a prefix, a suffix or a value.
		switch s, op := c.w.affix(); op {
		case 'e':
			x.plain.whole.add(s, code)
		case 'p':
			x.plain.prefix.add(s, code)
		case 's':
			x.plain.suffix.add(s, code)
		default:
			return false
		}
		return true
	case exactNumber:
		x.addNum(float64(c), code)
		return true
	case numericCond:
		if c.lo == c.hi {
			x.addNum(c.lo, code)
			return true
		}
		at, _ := slices.BinarySearchFunc(x.ranges, c.lo, func(r rangeAnchor, lo float64) int { return cmp.Compare(r.lo, lo) })
		x.ranges = slices.Insert(x.ranges, at, rangeAnchor{c, code})
		return true
	}
	return false
}

// addAffix indexes the prefix or suffix s, or its ASCII equals-ignore-case
// form when fold is set; it reports false for a non-ASCII one.
func addAffix(plain, folded *affixIndex, s string, fold *foldValue, code int32) bool {
	switch {
	case fold == nil:
		plain.add(s, code)
	case fold.ascii:
		folded.add(strings.ToLower(s), code)
	default:
		return false
	}
	return true
}

func (x *valueIndex) addNum(f float64, code int32) {
	x.nums = addID(x.nums, f, code)
	if at, found := slices.BinarySearch(x.numKeys, f); !found {
		x.numKeys = slices.Insert(x.numKeys, at, f)
	}
}

// addID adds id under key once.
func addID[K comparable](m map[K][]int32, key K, id int32) map[K][]int32 {
	if m == nil {
		m = map[K][]int32{}
	}
	if ids := m[key]; len(ids) == 0 || ids[len(ids)-1] != id {
		m[key] = append(ids, id)
	}
	return m
}

// walk calls f for each node below p.
func (p *pathTrie) walk(f func(*pathTrie)) {
	for _, c := range p.kids {
		f(c)
		c.walk(f)
	}
}

// number numbers the nodes below p from *n+1 on, for sawMember.
func (p *pathTrie) number(n *int32) {
	for _, c := range p.kids {
		*n++
		c.id = *n
		c.number(n)
	}
}
