package rules

import (
	"math"
	"net/netip"
	"strings"
)

// Pattern is a compiled EventBridge event pattern. Compile once and call
// [Pattern.Match] for each event. A Pattern is immutable and safe for
// concurrent use.
type Pattern struct {
	root  *objectMatcher
	paths pathTrie // the fields the pattern reads, so others are skipped
}

// compileJSON parses the JSON of an EventBridge event pattern; see [Compile].
func compileJSON(pattern []byte, cfg compileConfig) (*Pattern, error) {
	tree, err := parsePattern(pattern)
	if err != nil {
		return nil, err
	}
	root, err := compileTree(tree, cfg)
	if err != nil {
		return nil, err
	}
	p := &Pattern{}
	p.root = p.paths.bind(root)
	return p, nil
}

// compileTree validates a parsed pattern and compiles it. Repeated keys are
// resolved as EventBridge does (see expand), or rejected under strict.
func compileTree(tree *jsonNode, cfg compileConfig) (*objectMatcher, error) {
	root, err := compileObject(tree, "", false)
	if err != nil {
		return nil, err
	}
	r := findRepeats(tree)
	if !r.any() {
		return root, nil
	}
	if cfg.strict && len(r.overridden) > 0 {
		return nil, strictError(r.overridden[0])
	}
	return expand(tree)
}

// Match reports whether the pattern matches the event JSON. It returns an
// [*EventError] when the event is not a single JSON object.
func (p *Pattern) Match(event []byte) (bool, error) {
	t := getTree()
	defer putTree(t)
	if err := t.scan(event, &p.paths, false); err != nil {
		return false, err
	}
	return p.root.matchOne(t, 0), nil
}

// objectMatcher matches a JSON object: every field and every $or must match.
type objectMatcher struct {
	fields []fieldMatcher
	ors    [][]*objectMatcher
}

type fieldMatcher struct {
	key    string
	node   *pathTrie      // the field's node in the trie the matcher is bound to
	object *objectMatcher // set for a nested pattern object
	leaf   *leafMatcher   // set for a match list
}

// match applies o to the event value at node i (none for a missing value).
// An array matches when any element does (nested arrays are flattened); an
// empty array behaves like a missing value.
func (o *objectMatcher) match(t *eventTree, i int32) bool {
	if i == none || t.nodes[i].kind != kindArray {
		return o.matchOne(t, i)
	}
	seen := false
	if o.matchElements(t, i, &seen) {
		return true
	}
	return !seen && o.matchOne(t, none)
}

func (o *objectMatcher) matchElements(t *eventTree, arr int32, seen *bool) bool {
	for e := t.nodes[arr].first; e != none; e = t.nodes[e].next {
		if t.nodes[e].kind == kindLazy {
			t.materialize(e)
		}
		if t.nodes[e].kind == kindArray {
			if o.matchElements(t, e, seen) {
				return true
			}
			continue
		}
		*seen = true
		if o.matchOne(t, e) {
			return true
		}
	}
	return false
}

// matchOne applies o to one value; anything but an object has no fields.
func (o *objectMatcher) matchOne(t *eventTree, i int32) bool {
	obj := i != none && t.nodes[i].kind == kindObject
	for _, f := range o.fields {
		fv := none
		if obj {
			fv = t.member(i, f.node)
		}
		if f.object != nil {
			if !f.object.match(t, fv) {
				return false
			}
		} else if !f.leaf.match(t, fv) {
			return false
		}
	}
	for _, alts := range o.ors {
		ok := false
		for _, alt := range alts {
			if alt.matchOne(t, i) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// leafMatcher is a match list: it matches when any condition matches any
// leaf value of the field, or when an exists condition holds.
type leafMatcher struct {
	conds       []condition
	existsTrue  bool
	existsFalse bool
}

func (l *leafMatcher) match(t *eventTree, i int32) bool {
	n := 0
	if i != none && l.any(t, i, &n) {
		return true
	}
	return (l.existsTrue && n > 0) || (l.existsFalse && n == 0)
}

// any visits the leaf values at node i (scalars, with arrays flattened and
// objects skipped), counting them in n, and reports whether a condition
// matched one.
func (l *leafMatcher) any(t *eventTree, i int32, n *int) bool {
	v := &t.nodes[i]
	switch v.kind {
	case kindObject, kindLazy: // a run of points: objects
		return false
	case kindArray:
		for e := v.first; e != none; e = t.nodes[e].next {
			if l.any(t, e, n) {
				return true
			}
		}
		return false
	}
	*n++
	for _, c := range l.conds {
		if c.test(v) {
			return true
		}
	}
	return false
}

// condition tests one scalar event value.
type condition interface {
	test(v *eventNode) bool
}

type exactString string

func (c exactString) test(v *eventNode) bool { return v.kind == kindString && v.text == string(c) }

type exactNumber float64

// test decides on the value near gives where it can: a number further from
// c than that value's error bound is not c, whatever its exact value; only
// one within it is parsed exactly.
func (c exactNumber) test(v *eventNode) bool {
	if v.kind != kindNumber {
		return false
	}
	f, tol, ok := v.near()
	if !ok || math.Abs(f-float64(c)) > tol {
		return false
	}
	if tol > 0 {
		if f, ok = v.number(); !ok {
			return false
		}
	}
	return f == float64(c)
}

type exactBool bool

func (c exactBool) test(v *eventNode) bool { return v.kind == kindBool && v.b == bool(c) }

type exactNull struct{}

func (exactNull) test(v *eventNode) bool { return v.kind == kindNull }

type prefixCond struct {
	s    string
	fold *foldValue // set for prefix with equals-ignore-case
}

func (c prefixCond) test(v *eventNode) bool {
	if v.kind != kindString {
		return false
	}
	if c.fold != nil {
		return c.fold.prefixOf(v.text)
	}
	return strings.HasPrefix(v.text, c.s)
}

type suffixCond struct {
	s    string
	fold *foldValue // set for suffix with equals-ignore-case
}

func (c suffixCond) test(v *eventNode) bool {
	if v.kind != kindString {
		return false
	}
	if c.fold != nil {
		return c.fold.suffixOf(v.text)
	}
	return strings.HasSuffix(v.text, c.s)
}

// equalsFold is equals-ignore-case, with event-ruler's relation (foldcase.go).
type equalsFold struct{ *foldValue }

func (c equalsFold) test(v *eventNode) bool { return v.kind == kindString && c.equal(v.text) }

type wildcardCond struct{ w *wildcard }

func (c wildcardCond) test(v *eventNode) bool { return v.kind == kindString && c.w.match(v.text) }

// numericCond holds a range; an unset bound is infinite.
type numericCond struct {
	lo, hi         float64
	loIncl, hiIncl bool
}

// test never matches event numbers outside the comparable range, which
// EventBridge cannot compare numerically. It decides on the value near
// gives where every number within its error bound gets the same answer (a
// number a Set has read is held so, and a pattern's walk then needs no
// exact parse), and parses the literal exactly only where not.
func (c numericCond) test(v *eventNode) bool {
	if v.kind != kindNumber {
		return false
	}
	f, tol, ok := v.near()
	if !ok {
		return false
	}
	if tol > 0 {
		if in, out := c.near(f, tol); in || out {
			return in
		}
		if f, ok = v.number(); !ok {
			return false
		}
	}
	return c.holds(f)
}

// holds reports whether the range holds the event number f.
func (c numericCond) holds(f float64) bool {
	if f < -maxComparable || f > maxComparable {
		return false
	}
	if f < c.lo || (f == c.lo && !c.loIncl) {
		return false
	}
	return f < c.hi || (f == c.hi && c.hiIncl)
}

type cidrCond struct{ p netip.Prefix }

func (c cidrCond) test(v *eventNode) bool {
	if v.kind != kindString {
		return false
	}
	a, err := netip.ParseAddr(v.text)
	if err != nil {
		return false
	}
	return c.p.Contains(a.Unmap())
}

// anythingBut matches any leaf value that none of its conditions match.
type anythingBut []condition

func (c anythingBut) test(v *eventNode) bool {
	for _, in := range c {
		if in.test(v) {
			return false
		}
	}
	return true
}

// unbounded is the numericCond with neither bound set.
var unbounded = numericCond{lo: math.Inf(-1), hi: math.Inf(1)}
