package rules

import (
	"encoding/json"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pattern is a compiled EventBridge event pattern. Compile once and call
// [Pattern.Match] for each event. A Pattern is immutable and safe for
// concurrent use.
type Pattern struct {
	root *objectMatcher
}

// compileJSON parses the JSON of an EventBridge event pattern; see [Compile].
func compileJSON(pattern []byte) (*Pattern, error) {
	tree, err := parsePattern(pattern)
	if err != nil {
		return nil, err
	}
	root, err := compileObject(tree, "", false)
	if err != nil {
		return nil, err
	}
	return &Pattern{root: root}, nil
}

// Match reports whether the pattern matches the event JSON. It returns an
// [*EventError] when the event is not a single JSON object.
func (p *Pattern) Match(event []byte) (bool, error) {
	obj, err := decodeEvent(event)
	if err != nil {
		return false, err
	}
	return p.root.matchOne(obj), nil
}

// absent stands for a field the event does not have.
type absent struct{}

// objectMatcher matches a JSON object: every field and every $or must match.
type objectMatcher struct {
	fields []fieldMatcher
	ors    [][]*objectMatcher
}

type fieldMatcher struct {
	key    string
	object *objectMatcher // set for a nested pattern object
	leaf   *leafMatcher   // set for a match list
}

// match applies o to an event value. An array matches when any element does
// (nested arrays are flattened); an empty array behaves like a missing value.
func (o *objectMatcher) match(v any) bool {
	arr, ok := v.([]any)
	if !ok {
		return o.matchOne(v)
	}
	seen := false
	if o.matchElements(arr, &seen) {
		return true
	}
	return !seen && o.matchOne(absent{})
}

func (o *objectMatcher) matchElements(arr []any, seen *bool) bool {
	for _, e := range arr {
		if inner, ok := e.([]any); ok {
			if o.matchElements(inner, seen) {
				return true
			}
			continue
		}
		*seen = true
		if o.matchOne(e) {
			return true
		}
	}
	return false
}

// matchOne applies o to one value; anything but an object has no fields.
func (o *objectMatcher) matchOne(v any) bool {
	m, _ := v.(map[string]any)
	for _, f := range o.fields {
		fv, present := m[f.key]
		if !present {
			fv = absent{}
		}
		if f.object != nil {
			if !f.object.match(fv) {
				return false
			}
		} else if !f.leaf.match(fv) {
			return false
		}
	}
	for _, alts := range o.ors {
		ok := false
		for _, alt := range alts {
			if alt.matchOne(v) {
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

func (l *leafMatcher) match(v any) bool {
	n := 0
	if l.any(v, &n) {
		return true
	}
	return (l.existsTrue && n > 0) || (l.existsFalse && n == 0)
}

// any visits the leaf values of v (scalars, with arrays flattened and objects
// skipped), counting them in n, and reports whether a condition matched one.
func (l *leafMatcher) any(v any, n *int) bool {
	switch x := v.(type) {
	case absent, map[string]any:
		return false
	case []any:
		for _, e := range x {
			if l.any(e, n) {
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

// condition tests one leaf value: a string, a json.Number, a bool or nil.
type condition interface {
	test(v any) bool
}

type exactString string

func (c exactString) test(v any) bool { s, ok := v.(string); return ok && s == string(c) }

type exactNumber float64

func (c exactNumber) test(v any) bool {
	f, ok := eventNumber(v)
	return ok && f == float64(c)
}

type exactBool bool

func (c exactBool) test(v any) bool { b, ok := v.(bool); return ok && b == bool(c) }

type exactNull struct{}

func (exactNull) test(v any) bool { return v == nil }

type prefixCond struct {
	s    string
	fold bool
}

func (c prefixCond) test(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	if c.fold {
		return hasPrefixFold(s, c.s)
	}
	return strings.HasPrefix(s, c.s)
}

type suffixCond struct {
	s    string
	fold bool
}

func (c suffixCond) test(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	if c.fold {
		return hasSuffixFold(s, c.s)
	}
	return strings.HasSuffix(s, c.s)
}

type equalsFold string

func (c equalsFold) test(v any) bool {
	s, ok := v.(string)
	return ok && strings.EqualFold(s, string(c))
}

type wildcardCond struct{ w *wildcard }

func (c wildcardCond) test(v any) bool {
	s, ok := v.(string)
	return ok && c.w.match(s)
}

// numericCond holds a range; an unset bound is infinite.
type numericCond struct {
	lo, hi         float64
	loIncl, hiIncl bool
}

// test never matches event numbers outside the comparable range, which
// EventBridge cannot compare numerically.
func (c numericCond) test(v any) bool {
	f, ok := eventNumber(v)
	if !ok || f < -maxComparable || f > maxComparable {
		return false
	}
	if f < c.lo || (f == c.lo && !c.loIncl) {
		return false
	}
	return f < c.hi || (f == c.hi && c.hiIncl)
}

type cidrCond struct{ p netip.Prefix }

func (c cidrCond) test(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return false
	}
	return c.p.Contains(a.Unmap())
}

// anythingBut matches any leaf value that none of its conditions match.
type anythingBut []condition

func (c anythingBut) test(v any) bool {
	for _, in := range c {
		if in.test(v) {
			return false
		}
	}
	return true
}

func eventNumber(v any) (float64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(string(n), 64)
	return f, err == nil
}

// foldEqual reports whether a and b are equal under Unicode simple case
// folding, the relation strings.EqualFold uses.
func foldEqual(a, b rune) bool {
	if a == b {
		return true
	}
	for r := unicode.SimpleFold(a); r != a; r = unicode.SimpleFold(r) {
		if r == b {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		a, na := utf8.DecodeRuneInString(s)
		b, nb := utf8.DecodeRuneInString(prefix)
		if !foldEqual(a, b) {
			return false
		}
		s, prefix = s[na:], prefix[nb:]
	}
	return true
}

func hasSuffixFold(s, suffix string) bool {
	for suffix != "" {
		if s == "" {
			return false
		}
		a, na := utf8.DecodeLastRuneInString(s)
		b, nb := utf8.DecodeLastRuneInString(suffix)
		if !foldEqual(a, b) {
			return false
		}
		s, suffix = s[:len(s)-na], suffix[:len(suffix)-nb]
	}
	return true
}

// unbounded is the numericCond with neither bound set.
var unbounded = numericCond{lo: math.Inf(-1), hi: math.Inf(1)}
