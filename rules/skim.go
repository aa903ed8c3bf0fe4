package rules

import (
	"math"
	"math/bits"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// points reads the objects of array node arr from the scanner's position,
// a '{', on while one follows the last one's closing brace and a comma at
// once (a GeoJSON polygon's points), linking each after the child last; it
// returns the last child linked and leaves the scanner after the last
// point read. p.bytes is set. From one point to the next the offset is
// held in a register, not stored to the scanner and loaded again: those
// round trips through memory lengthen the chain of dependent operations
// each point makes.
//
// A point written as the one before it (pointLayout) is skimmed: checked
// and its numbers offered to their indexes, with no nodes. A run of such
// points is linked as one lazy node, which a pattern's walk reads into
// nodes (materialize) when it gets there; most events need no walk
// through their polygons.
func (t *eventTree) points(arr, last int32, p *pathTrie) int32 {
	sc := &t.sc
	s, at := sc.Data, sc.Pos
	// m starts as the layout the last polygon of this trie had, in this
	// event or an earlier one, so that its first point is skimmed too. A
	// skim opens no object: the points of one call are at one depth, and
	// a layout recorded at another is taken only where a point can open
	// (past the limit the full way reports the error).
	var m pointLayout
	if t.layoutOf == p && !t.nodesOnly && sc.CanOpen() {
		m = t.layout
	}
	misses := 0 // points that did not follow the layout
	for {
		if m.n > 0 {
			// Skim the points written as the layout says.
			from, end, done := at, -1, false
			for ; ; at = end + 1 {
				e := t.skim(&m, at+1)
				if e < 0 {
					misses++
					break
				}
				if end = e; !nextPoint(s, end) {
					done = true
					break
				}
			}
			if end > from {
				n := t.push()
				t.nodes[n] = eventNode{kind: kindLazy, field: p, text: s[from:end], first: none, next: none}
				last = t.link(arr, last, n)
				sc.Pos = end
			}
			if done {
				t.layout, t.layoutOf = m, p
				return last
			}
		}
		// A point skim did not read: the full way.
		j := t.push()
		t.nodes[j] = eventNode{kind: kindObject, first: none, next: none}
		last = t.link(arr, last, j)
		end, short := t.point(j, p, at)
		// Points written in turns two ways are not worth skimming.
		if !short || t.nodesOnly || misses >= maxMisses || !m.record(t, s, j, at, end) {
			m.n = 0
		}
		if end < 0 || !nextPoint(s, end) {
			if m.n > 0 {
				t.layout, t.layoutOf = m, p
			}
			return last // the scanner is at end
		}
		at = end + 1
	}
}

// nextPoint reports whether the point that ends before offset end is
// followed by another at once: a comma and a '{'.
func nextPoint(s string, end int) bool {
	return end+1 < len(s) && s[end] == ',' && s[end+1] == '{'
}

// point reads the point object at offset at into node j and returns the
// offset past its '}' and whether shortMembers read it whole; the offset
// is -1 on an error.
func (t *eventTree) point(j int32, p *pathTrie, at int) (end int, short bool) {
	sc := &t.sc
	if !sc.OpenAt(at) {
		return -1, false
	}
	l, first, done, end := t.shortMembers(j, p, at+1)
	if !done {
		t.moreMembers(j, p, l, first)
		end = sc.Pos
	}
	if sc.Err != nil {
		return -1, false
	}
	return end, done
}

// materialize reads the run of points lazy node e stands for into nodes:
// e becomes the first point, the others follow it. Their numbers were
// offered to the indexes when they were skimmed; this reads nodes only.
func (t *eventTree) materialize(e int32) {
	lz := t.nodes[e]
	saved, was := t.sc, t.nodesOnly
	t.sc, t.nodesOnly = jsonscan.New(saved.Data), true
	s := saved.Data
	at := offsetIn(s, lz.text)
	stop := at + len(lz.text)
	t.nodes[e] = eventNode{kind: kindObject, first: none, next: none}
	for j := e; ; {
		end, _ := t.point(j, lz.field, at)
		if end < 0 || end >= stop {
			t.nodes[j].next = lz.next
			break
		}
		at = end + 1 // past the comma
		n := t.push()
		t.nodes[n] = eventNode{kind: kindObject, first: none, next: none}
		t.nodes[j].next, j = n, n
	}
	t.sc, t.nodesOnly = saved, was
}

// maxMisses is the number of points of a polygon not written as the one
// before them after which points reads the rest into nodes at once.
const maxMisses = 4

// maxLayout is the number of members a pointLayout holds.
const maxLayout = 4

// pointLayout is the shape of a point object as shortMembers read it: the
// members it read, all numbers, each with the bytes from the end of the
// value before it (or the '{') up to and including its value's first byte
// (at most eight: `"x":-` or `,"y":3`), and the bytes after the last
// one's value up to and including the '}' (`,"z":0}`). An object whose
// bytes outside its numbers' literals are the same reads the same way:
// the scanner is in the same state at each of them, and it has no member
// twice.
type pointLayout struct {
	n    int // members, 0 for none recorded
	sep  [maxLayout]uint64
	mask [maxLayout]uint64
	at   [maxLayout]uint8 // offset of the value in its word
	kid  [maxLayout]*pathTrie
	// fast marks the members whose index decide serves alone (decided).
	fast [maxLayout]bool
	// tail holds the bytes after the last value, tailMask selects them.
	tail, tailMask uint64
}

// record sets m to the layout of point node j, which shortMembers read from
// the '{' at offset at to the offset end past its '}', and reports whether
// that point has such a layout, one skim can read (no member whose index
// is not numeric).
func (m *pointLayout) record(t *eventTree, s string, j int32, at, end int) bool {
	m.n = 0
	if t.dups {
		return false
	}
	i, k := at+1, 0
	for c := t.nodes[j].first; c != none; c = t.nodes[c].next {
		n := &t.nodes[c]
		// A Pattern's trie (id 0) reads every point into nodes: it is
		// what a Set's skims are tested against.
		if n.kind != kindNumber || k == maxLayout || n.field == nil || n.field.id == 0 || (n.field.values != nil && !n.field.values.numeric()) {
			return false
		}
		off := offsetIn(s, n.text)
		if off < i || off+1-i > 8 {
			return false
		}
		m.sep[k], m.mask[k] = packKey(s[i:off+1]), byteMask(off+1-i)
		x := n.field.values
		m.at[k], m.kid[k] = uint8(off-i), n.field
		m.fast[k] = x != nil && x.rangesOnly()
		i, k = off+len(n.text), k+1
	}
	if k == 0 || end <= i || end-i > 8 {
		return false
	}
	m.tail, m.tailMask = packKey(s[i:end]), byteMask(end-i)
	m.n = k
	return true
}

// byteMask selects the low n bytes of a word (n up to eight), those
// packKey fills from an n-byte string.
func byteMask(n int) uint64 { return 1<<(8*n) - 1 }

// skim checks the point whose members start at offset i against layout m
// and offers its numbers to their indexes, reading no nodes, and returns
// the offset past its '}'; or -1 when it does not follow m or a number is
// not valid (the caller reads it again into nodes, and reports the
// error). Offering a number twice is harmless: an index marks each anchor
// once per event.
func (t *eventTree) skim(m *pointLayout, i int) int {
	s := t.sc.Data
	for k := 0; k < m.n; k++ {
		if i+8 > len(s) || jsonscan.Load64(s, i)&m.mask[k] != m.sep[k] {
			return -1
		}
		st := i + int(m.at[k])
		x := m.kid[k].values
		if x == nil {
			if i = jsonscan.NumberEnd(s, st); i < 0 {
				return -1
			}
			continue
		}
		e, f, state, ok := readNumber(s, st)
		if e < 0 {
			return -1
		}
		if !ok {
			f, state = 0, 0
		}
		if state == 0 || !m.fast[k] || !x.decide(t, f, stateTol(state)*math.Abs(f)) {
			n := &t.scratch
			n.kind, n.numState, n.field = kindNumber, state, m.kid[k]
			n.text, n.num, n.first, n.next = s[st:e], f, none, none
			x.lookup(t, n)
			n.text = "" // no reference into the event once it returns
		}
		i = e
	}
	if i+8 > len(s) || jsonscan.Load64(s, i)&m.tailMask != m.tail {
		return -1
	}
	return i + bits.Len64(m.tailMask)>>3
}
