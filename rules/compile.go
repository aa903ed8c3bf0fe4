package rules

import (
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Operator names as they appear in patterns.
const (
	opExactly         = "exactly"
	opPrefix          = "prefix"
	opSuffix          = "suffix"
	opEqualsIgnore    = "equals-ignore-case"
	opAnythingBut     = "anything-but"
	opNumeric         = "numeric"
	opExists          = "exists"
	opCIDR            = "cidr"
	opWildcard        = "wildcard"
	keyOr             = "$or"
	numericEqual      = "="
	numericLess       = "<"
	numericLessEq     = "<="
	numericGreater    = ">"
	numericGreaterEq  = ">="
	numericMaxClauses = 2
)

func patternErr(path string, n *jsonNode, reason string) error {
	return &PatternError{Path: path, Offset: n.off, Reason: reason}
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// reservedInOr are the names EventBridge's matcher (aws/event-ruler)
// reserves for operators, rejected as field names inside "$or" so that an
// alternative cannot be mistaken for a match expression.
var reservedInOr = []string{
	opExactly, opEqualsIgnore, opPrefix, opSuffix, opAnythingBut, opExists, opWildcard, opNumeric, opCIDR,
	numericEqual, numericLess, numericLessEq, numericGreater, numericGreaterEq,
}

// compileObject compiles a pattern object; inOr is set inside "$or"
// alternatives.
func compileObject(n *jsonNode, path string, inOr bool) (*objectMatcher, error) {
	if n.kind != kindObject {
		return nil, patternErr(path, n, "must be a JSON object, got "+n.kind.String())
	}
	if len(n.keys) == 0 {
		return nil, patternErr(path, n, "empty objects are not allowed")
	}
	o := &objectMatcher{}
	for i, key := range n.keys {
		v := n.items[i]
		p := joinPath(path, key)
		if inOr && slices.Contains(reservedInOr, key) {
			return nil, patternErr(p, v, strconv.Quote(key)+" is an operator name and cannot be a field name inside "+keyOr)
		}
		if key == keyOr {
			alts, err := compileOr(v, p)
			if err != nil {
				return nil, err
			}
			o.ors = append(o.ors, alts)
			continue
		}
		switch v.kind {
		case kindObject:
			sub, err := compileObject(v, p, inOr)
			if err != nil {
				return nil, err
			}
			o.fields = append(o.fields, fieldMatcher{key: key, object: sub})
		case kindArray:
			leaf, err := compileLeaf(v, p)
			if err != nil {
				return nil, err
			}
			o.fields = append(o.fields, fieldMatcher{key: key, leaf: leaf})
		default:
			return nil, patternErr(p, v, "must be an object or an array, got "+v.kind.String())
		}
	}
	return o, nil
}

func compileOr(n *jsonNode, path string) ([]*objectMatcher, error) {
	if n.kind != kindArray {
		return nil, patternErr(path, n, keyOr+" must be an array of objects, got "+n.kind.String())
	}
	if len(n.items) < 2 {
		return nil, patternErr(path, n, keyOr+" must hold at least 2 alternatives, got "+strconv.Itoa(len(n.items)))
	}
	alts := make([]*objectMatcher, 0, len(n.items))
	for i, item := range n.items {
		alt, err := compileObject(item, indexPath(path, i), true)
		if err != nil {
			return nil, err
		}
		alts = append(alts, alt)
	}
	return alts, nil
}

func compileLeaf(n *jsonNode, path string) (*leafMatcher, error) {
	if len(n.items) == 0 {
		return nil, patternErr(path, n, "match list must not be empty")
	}
	l := &leafMatcher{}
	for i, item := range n.items {
		p := indexPath(path, i)
		switch item.kind {
		case kindString:
			l.conds = append(l.conds, exactString(item.text))
		case kindNumber:
			f, err := patternNumber(item, p)
			if err != nil {
				return nil, err
			}
			l.conds = append(l.conds, exactNumber(f))
		case kindBool:
			l.conds = append(l.conds, exactBool(item.b))
		case kindNull:
			l.conds = append(l.conds, exactNull{})
		case kindArray:
			return nil, patternErr(p, item, "match values must not be arrays")
		case kindObject:
			if err := compileOperator(item, p, l); err != nil {
				return nil, err
			}
		}
	}
	return l, nil
}

func patternNumber(n *jsonNode, path string) (float64, error) {
	f, err := strconv.ParseFloat(n.text, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, patternErr(path, n, "number "+n.text+" is out of range")
	}
	return f, nil
}

// maxComparable bounds the numbers EventBridge compares numerically
// (numeric ranges and anything-but numbers): aws/event-ruler documents
// -5.0e9 to +5.0e9 inclusive. Exact numbers in a match list are not bound.
const maxComparable = 5e9

// comparableNumber parses a number used in a numeric comparison.
func comparableNumber(n *jsonNode, path string) (float64, error) {
	f, err := patternNumber(n, path)
	if err != nil {
		return 0, err
	}
	if f < -maxComparable || f > maxComparable {
		return 0, patternErr(path, n, "number "+n.text+" is outside the range EventBridge compares numerically, -5e9 to 5e9")
	}
	return f, nil
}

// single returns the only key and value of an operator object.
func single(n *jsonNode, path string) (string, *jsonNode, error) {
	if len(n.keys) != 1 {
		return "", nil, patternErr(path, n, "a match expression must hold exactly one operator, got "+strconv.Itoa(len(n.keys))+": {"+strings.Join(n.keys, ", ")+"}")
	}
	return n.keys[0], n.items[0], nil
}

func compileOperator(n *jsonNode, path string, l *leafMatcher) error {
	op, v, err := single(n, path)
	if err != nil {
		return err
	}
	p := joinPath(path, op)
	var c condition
	switch op {
	case opPrefix, opSuffix:
		c, err = compileAffix(op, v, p)
	case opExactly:
		s, err2 := wantString(v, p)
		c, err = exactString(s), err2
	case opEqualsIgnore:
		s, err2 := wantString(v, p)
		c, err = equalsFold{compileFold(s)}, err2
	case opWildcard:
		c, err = compileWildcardCond(v, p)
	case opAnythingBut:
		c, err = compileAnythingBut(v, p)
	case opNumeric:
		c, err = compileNumeric(v, p)
	case opCIDR:
		c, err = compileCIDR(v, p)
	case keyOr:
		return patternErr(p, v, keyOr+" must be a field of a pattern object, not an operator in a match list")
	case opExists:
		if v.kind != kindBool {
			return patternErr(p, v, "exists must be true or false, got "+v.kind.String())
		}
		if v.b {
			l.existsTrue = true
		} else {
			l.existsFalse = true
		}
		return nil
	default:
		return &UnsupportedError{Path: path, Construct: "operator " + strconv.Quote(op)}
	}
	if err != nil {
		return err
	}
	l.conds = append(l.conds, c)
	return nil
}

func wantString(v *jsonNode, path string) (string, error) {
	if v.kind != kindString {
		return "", patternErr(path, v, "must be a string, got "+v.kind.String())
	}
	return v.text, nil
}

// compileAffix compiles prefix or suffix, either a string or
// {"equals-ignore-case": string}.
func compileAffix(op string, v *jsonNode, path string) (condition, error) {
	fold := false
	s := v
	if v.kind == kindObject {
		inner, iv, err := single(v, path)
		if err != nil {
			return nil, err
		}
		if inner != opEqualsIgnore {
			return nil, &UnsupportedError{Path: path, Construct: op + " with " + strconv.Quote(inner)}
		}
		fold, s, path = true, iv, joinPath(path, inner)
	}
	str, err := wantString(s, path)
	if err != nil {
		return nil, err
	}
	var f *foldValue
	if fold {
		f = compileFold(str)
	}
	if op == opPrefix {
		return prefixCond{s: str, fold: f}, nil
	}
	return suffixCond{s: str, fold: f}, nil
}

func compileWildcardCond(v *jsonNode, path string) (condition, error) {
	s, err := wantString(v, path)
	if err != nil {
		return nil, err
	}
	w, reason := compileWildcard(s)
	if w == nil {
		return nil, patternErr(path, v, reason)
	}
	return wildcardCond{w: w}, nil
}

// compileAnythingBut compiles a string, a number, a list of strings and
// numbers, or an object with prefix, suffix, equals-ignore-case or wildcard.
func compileAnythingBut(v *jsonNode, path string) (condition, error) {
	switch v.kind {
	case kindString:
		return anythingBut{exactString(v.text)}, nil
	case kindNumber:
		f, err := comparableNumber(v, path)
		if err != nil {
			return nil, err
		}
		return anythingBut{exactNumber(f)}, nil
	case kindArray:
		if len(v.items) == 0 {
			return nil, patternErr(path, v, "anything-but list must not be empty")
		}
		out := make(anythingBut, 0, len(v.items))
		for i, item := range v.items {
			p := indexPath(path, i)
			if item.kind != v.items[0].kind && (item.kind == kindString || item.kind == kindNumber) {
				return nil, patternErr(p, item, "anything-but list must hold only strings or only numbers, not both")
			}
			switch item.kind {
			case kindString:
				out = append(out, exactString(item.text))
			case kindNumber:
				f, err := comparableNumber(item, p)
				if err != nil {
					return nil, err
				}
				out = append(out, exactNumber(f))
			default:
				return nil, patternErr(p, item, "anything-but list holds only strings and numbers, got "+item.kind.String())
			}
		}
		return out, nil
	case kindObject:
		op, iv, err := single(v, path)
		if err != nil {
			return nil, err
		}
		p := joinPath(path, op)
		switch op {
		case opPrefix, opSuffix, opEqualsIgnore, opWildcard:
			return compileAnythingButList(op, iv, p)
		}
		return nil, &UnsupportedError{Path: path, Construct: "anything-but with " + strconv.Quote(op)}
	}
	return nil, patternErr(path, v, "anything-but must be a string, a number, a list or an object, got "+v.kind.String())
}

// compileAnythingButList compiles prefix, suffix, equals-ignore-case or
// wildcard inside anything-but, each either a string or a non-empty list of
// strings (event-ruler has accepted lists of prefixes and suffixes since 2024).
// A prefix or suffix must not be empty: it would exclude every string.
func compileAnythingButList(op string, v *jsonNode, path string) (condition, error) {
	items := []*jsonNode{v}
	if v.kind == kindArray {
		if len(v.items) == 0 {
			return nil, patternErr(path, v, "list must not be empty")
		}
		items = v.items
	}
	out := make(anythingBut, 0, len(items))
	for i, item := range items {
		p := path
		if v.kind == kindArray {
			p = indexPath(path, i)
		}
		if op != opWildcard {
			s, err := wantString(item, p)
			if err != nil {
				return nil, err
			}
			switch op {
			case opEqualsIgnore:
				out = append(out, equalsFold{compileFold(s)})
				continue
			case opPrefix:
				out = append(out, prefixCond{s: s})
			case opSuffix:
				out = append(out, suffixCond{s: s})
			}
			if s == "" {
				return nil, patternErr(p, item, "anything-but "+op+" must not be empty")
			}
			continue
		}
		c, err := compileWildcardCond(item, p)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// compileNumeric compiles ["=", n], one bound such as ["<", 5], or a
// lower bound followed by an upper bound such as [">", 0, "<=", 5], the
// forms EventBridge accepts; the lower bound must be below the upper.
func compileNumeric(v *jsonNode, path string) (condition, error) {
	if v.kind != kindArray {
		return nil, patternErr(path, v, "numeric must be an array, got "+v.kind.String())
	}
	if len(v.items) == 0 || len(v.items)%2 != 0 || len(v.items) > 2*numericMaxClauses {
		return nil, patternErr(path, v, "numeric must hold 1 or 2 operator/number pairs, got "+strconv.Itoa(len(v.items))+" items")
	}
	c := unbounded
	for i := 0; i < len(v.items); i += 2 {
		opNode, numNode := v.items[i], v.items[i+1]
		op, err := wantString(opNode, indexPath(path, i))
		if err != nil {
			return nil, err
		}
		if numNode.kind != kindNumber {
			return nil, patternErr(indexPath(path, i+1), numNode, "numeric bound must be a number, got "+numNode.kind.String())
		}
		f, err := comparableNumber(numNode, indexPath(path, i+1))
		if err != nil {
			return nil, err
		}
		second := i > 0
		switch op {
		case numericEqual:
			if len(v.items) != 2 {
				return nil, patternErr(indexPath(path, i), opNode, `"=" cannot be combined with another bound`)
			}
			return numericCond{lo: f, hi: f, loIncl: true, hiIncl: true}, nil
		case numericGreater, numericGreaterEq:
			if second {
				return nil, patternErr(indexPath(path, i), opNode, "the second numeric bound must be an upper bound (< or <=), got "+strconv.Quote(op))
			}
			c.lo, c.loIncl = f, op == numericGreaterEq
		case numericLess, numericLessEq:
			if !second && len(v.items) > 2 {
				return nil, patternErr(indexPath(path, i), opNode, "an upper bound must come last in numeric, after the lower bound")
			}
			c.hi, c.hiIncl = f, op == numericLessEq
		default:
			return nil, patternErr(indexPath(path, i), opNode, "numeric operator must be one of =, <, <=, >, >=, got "+strconv.Quote(op))
		}
	}
	if c.lo >= c.hi {
		return nil, patternErr(path, v, "numeric lower bound must be below the upper bound")
	}
	return c, nil
}

func compileCIDR(v *jsonNode, path string) (condition, error) {
	s, err := wantString(v, path)
	if err != nil {
		return nil, err
	}
	p, perr := netip.ParsePrefix(s)
	if perr != nil {
		return nil, patternErr(path, v, "not a CIDR block: "+strconv.Quote(s))
	}
	return cidrCond{p: p.Masked()}, nil
}
