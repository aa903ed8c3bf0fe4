package rules

import (
	"slices"
	"strconv"
	"strings"
)

// A CompileOption changes how [Compile], [Match] and a [Set] read patterns.
type CompileOption func(*compileConfig)

type compileConfig struct {
	strict bool
}

func newConfig(opts []CompileOption) compileConfig {
	var c compileConfig
	for _, o := range opts {
		o(&c)
	}
	return c
}

// RejectRepeatedKeys makes a field given more than once for the same event
// a [*PatternError] instead of following EventBridge, which uses the last
// one. It is aws/event-ruler's strict mode
// (withOverridesForDuplicateRules(false)): a key repeated in one object, or
// a field of an object repeated by one of its "$or" alternatives, is
// rejected; the same field in two alternatives of one "$or" is not a
// repeat, and neither is a nested object given twice whose fields differ.
func RejectRepeatedKeys() CompileOption {
	return func(c *compileConfig) { c.strict = true }
}

// maxExpanded bounds the alternatives a pattern with repeated keys expands
// to (see expand).
const maxExpanded = 1024

// leafWrite is one match list of a pattern: the field it applies to and
// the "$or" alternatives it lies in.
type leafWrite struct {
	path    string // field names joined by NUL, which JSON keys may hold but rarely do
	at      string // path as errors spell it
	off     int64  // offset of its key
	node    *jsonNode
	choices []orChoice
}

type orChoice struct{ or, alt int }

// together reports whether a and b can hold in the same expansion of the
// pattern: they do unless they lie in different alternatives of one "$or".
func together(a, b []orChoice) bool {
	for _, x := range a {
		for _, y := range b {
			if x.or == y.or && x.alt != y.alt {
				return false
			}
		}
	}
	return true
}

// repeats is what findRepeats learns about a pattern.
type repeats struct {
	// merged lists keys given twice in one object, each time with an object
	// value; their fields are merged.
	merged []leafWrite
	// overridden pairs a match list with a later one for the same field in
	// the same expansion, which replaces it.
	overridden [][2]leafWrite
}

func (r *repeats) any() bool { return len(r.merged) > 0 || len(r.overridden) > 0 }

// findRepeats lists the repeated keys of a compiled (so valid) pattern tree.
func findRepeats(root *jsonNode) repeats {
	var (
		r      repeats
		writes []leafWrite
		ors    int
	)
	var walk func(n *jsonNode, path []string, at string, choices []orChoice)
	walk = func(n *jsonNode, path []string, at string, choices []orChoice) {
		seen := map[string]bool{}
		for i, key := range n.keys {
			v, p := n.items[i], joinPath(at, key)
			if key == keyOr {
				id := ors
				ors++
				for a, alt := range v.items {
					walk(alt, path, indexPath(p, a), append(slices.Clip(choices), orChoice{id, a}))
				}
				continue
			}
			sub := append(slices.Clip(path), key)
			if v.kind == kindObject {
				if seen[key+"{"] {
					r.merged = append(r.merged, leafWrite{path: strings.Join(sub, "\x00"), at: p, off: n.keyOffs[i], node: v})
				}
				seen[key+"{"] = true
				walk(v, sub, p, choices)
				continue
			}
			writes = append(writes, leafWrite{path: strings.Join(sub, "\x00"), at: p, off: n.keyOffs[i], node: v, choices: choices})
		}
	}
	walk(root, nil, "", nil)
	byPath := map[string][]int{}
	for i, w := range writes {
		byPath[w.path] = append(byPath[w.path], i)
	}
	for i, w := range writes {
		for _, j := range byPath[w.path] {
			if j > i && together(w.choices, writes[j].choices) {
				r.overridden = append(r.overridden, [2]leafWrite{w, writes[j]})
			}
		}
	}
	return r
}

// flatRule is one expansion of a pattern: match lists by field, as
// aws/event-ruler compiles a pattern into sub-rules.
type flatRule []leafWrite

// expand turns a pattern whose keys repeat into the alternatives
// aws/event-ruler makes of it, in document order: a later match list for a
// field replaces an earlier one, and "$or" copies the fields compiled so
// far into each alternative, after which every later field goes into all
// of them. So {"a":[1],"$or":[{"a":[2]},{"b":[3]}]} gives a=2 in the first
// alternative, and {"$or":[{"a":[2]},{"b":[3]}],"a":[1]} gives a=1 in both.
func expand(root *jsonNode) (*objectMatcher, error) {
	rules, err := expandObject(nil, root, nil, "")
	if err != nil {
		return nil, err
	}
	alts := make([]*objectMatcher, 0, len(rules))
	for _, r := range rules {
		o := &objectMatcher{}
		for _, w := range r {
			if err := o.addPath(strings.Split(w.path, "\x00"), w); err != nil {
				return nil, err
			}
		}
		alts = append(alts, o)
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &objectMatcher{ors: [][]*objectMatcher{alts}}, nil
}

// addPath adds the match list w at the field path below o, merging objects.
func (o *objectMatcher) addPath(path []string, w leafWrite) error {
	if len(path) == 1 {
		leaf, err := compileLeaf(w.node, w.at)
		if err != nil {
			return err
		}
		o.fields = append(o.fields, fieldMatcher{key: path[0], leaf: leaf})
		return nil
	}
	for _, f := range o.fields {
		if f.key == path[0] && f.object != nil {
			return f.object.addPath(path[1:], w)
		}
	}
	sub := &objectMatcher{}
	o.fields = append(o.fields, fieldMatcher{key: path[0], object: sub})
	return sub.addPath(path[1:], w)
}

func expandObject(rules []flatRule, n *jsonNode, path []string, at string) ([]flatRule, error) {
	var err error
	for i, key := range n.keys {
		v, p := n.items[i], joinPath(at, key)
		switch {
		case key == keyOr:
			current := rules
			rules = nil
			for a, alt := range v.items {
				next := make([]flatRule, 0, max(len(current), 1))
				for _, r := range current {
					next = append(next, slices.Clone(r))
				}
				if len(next) == 0 {
					next = append(next, nil)
				}
				if next, err = expandObject(next, alt, path, indexPath(p, a)); err != nil {
					return nil, err
				}
				rules = append(rules, next...)
				if len(rules) > maxExpanded {
					return nil, &UnsupportedError{Path: p, Construct: "repeated keys with " + keyOr + " alternatives expanding to more than " + strconv.Itoa(maxExpanded) + " combinations"}
				}
			}
		case v.kind == kindObject:
			if rules, err = expandObject(rules, v, append(slices.Clip(path), key), p); err != nil {
				return nil, err
			}
		default:
			w := leafWrite{path: strings.Join(append(slices.Clip(path), key), "\x00"), at: p, off: n.keyOffs[i], node: v}
			if len(rules) == 0 {
				rules = append(rules, nil)
			}
			for j, r := range rules {
				k := slices.IndexFunc(r, func(x leafWrite) bool { return x.path == w.path })
				if k >= 0 {
					r[k] = w
				} else {
					rules[j] = append(r, w)
				}
			}
		}
	}
	return rules, nil
}

// strictError is the error RejectRepeatedKeys gives for an overridden pair.
func strictError(pair [2]leafWrite) error {
	return &PatternError{Path: pair[1].at, Offset: pair[1].off, Reason: "field " + strconv.Quote(strings.ReplaceAll(pair[1].path, "\x00", ".")) + " is already given at byte " + strconv.FormatInt(pair[0].off, 10) + "; repeated keys are rejected"}
}

// A Finding is something [Lint] reports: legal in EventBridge, but likely
// not what the pattern's author meant.
type Finding struct {
	// Path locates the finding, as in [PatternError.Path].
	Path string
	// Offset is the byte offset of the key in the pattern JSON.
	Offset int64
	// Message says what EventBridge does and what to write instead.
	Message string
}

// String renders the finding on one line.
func (f Finding) String() string {
	return f.Path + " (byte " + strconv.FormatInt(f.Offset, 10) + "): " + f.Message
}

// Lint compiles a pattern, in any of its forms, and reports the keys it
// repeats, which EventBridge accepts without a word: for a field given more
// than once for the same event only the last counts (so the earlier
// condition is silently dropped, where its author usually meant both), and
// an object given twice is merged. Errors are those of [Compile]; a pattern
// with no findings gives none.
func Lint[P PatternSource](pattern P) ([]Finding, error) {
	tree, err := parsePattern(patternJSON(pattern))
	if err != nil {
		return nil, err
	}
	if _, err := compileTree(tree, compileConfig{}); err != nil {
		return nil, err
	}
	r := findRepeats(tree)
	var out []Finding
	for _, pair := range r.overridden {
		out = append(out, Finding{
			Path:   pair[0].at,
			Offset: pair[0].off,
			Message: "ignored: " + pair[1].at + " (byte " + strconv.FormatInt(pair[1].off, 10) + ") gives the same field again and EventBridge uses only the last; " +
				"to match either condition, put both in one list",
		})
	}
	for _, w := range r.merged {
		out = append(out, Finding{Path: w.at, Offset: w.off, Message: "the key repeats; EventBridge merges the fields of both objects"})
	}
	slices.SortStableFunc(out, func(a, b Finding) int { return int(a.Offset - b.Offset) })
	return out, nil
}
