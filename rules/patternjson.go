package rules

import (
	"strconv"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// Limits that bound the work done on a hostile pattern. EventBridge itself caps
// patterns at 4,096 characters (docs/reference.md#71-eventbridge-api-limits), so these
// only stop abuse.
const (
	// maxPatternBytes is the largest pattern the matcher compiles: 4,096
	// characters of at most 4 bytes each, so every pattern EventBridge
	// accepts fits.
	maxPatternBytes = 4 * MaxEventPatternLength
	// maxPatternDepth is the deepest nesting of JSON objects and arrays the
	// matcher accepts in a pattern.
	maxPatternDepth = 64
	// maxEventBytes is the largest event the matcher decodes: EventBridge's
	// 1 MB event limit (docs/reference.md#71-eventbridge-api-limits) with room for formatting.
	maxEventBytes = 2 << 20
)

type jsonKind uint8

const (
	kindNull jsonKind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
	// kindLazy is an event's run of polygon points not read into nodes
	// yet (eventTree.points); patterns have none.
	kindLazy
)

func (k jsonKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object", "points"}[k]
}

// jsonNode is a decoded pattern value that remembers where it was and keeps
// object keys in document order.
type jsonNode struct {
	kind  jsonKind
	off   int64
	text  string // string value, or number literal
	b     bool
	items []*jsonNode // array items, or object values parallel to keys
	keys  []string
	// keyOffs holds the offset of each key, parallel to keys.
	keyOffs []int64
}

// parsePattern decodes a pattern into a tree with the shared JSON scanner,
// rejecting trailing data and patterns over the size and depth limits. A
// repeated key is kept, in document order: what it means is decided when the
// tree is compiled.
func parsePattern(pattern []byte) (*jsonNode, error) {
	if len(pattern) > maxPatternBytes {
		return nil, &PatternError{Offset: -1, Reason: "pattern is " + strconv.Itoa(len(pattern)) + " bytes, over the matcher's limit of " + strconv.Itoa(maxPatternBytes)}
	}
	p := &patternParser{sc: jsonscan.New(string(pattern))}
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if p.sc.WS(); p.sc.Pos < len(p.sc.Data) {
		return nil, &PatternError{Offset: int64(p.sc.Pos), Reason: "unexpected data after the pattern object"}
	}
	return root, nil
}

type patternParser struct {
	sc jsonscan.Scanner
}

// syntax converts the scanner's error.
func (p *patternParser) syntax() error {
	return &PatternError{Offset: p.sc.Err.Offset, Reason: "not valid JSON: " + p.sc.Err.Msg}
}

// keyStart returns the offset of the member name that follows pos, past
// white space and a comma.
func (p *patternParser) keyStart(pos int) int64 {
	s := p.sc.Data
	for pos < len(s) {
		switch s[pos] {
		case ' ', '\t', '\r', '\n', ',':
			pos++
			continue
		}
		break
	}
	return int64(pos)
}

func (p *patternParser) value(depth int) (*jsonNode, error) {
	sc := &p.sc
	c := sc.Peek()
	off := int64(sc.Pos)
	if (c == '{' || c == '[') && depth >= maxPatternDepth {
		return nil, &PatternError{Offset: off, Reason: "nesting deeper than the matcher's limit of " + strconv.Itoa(maxPatternDepth)}
	}
	var n *jsonNode
	switch c {
	case '{':
		n = &jsonNode{kind: kindObject, off: off}
		sc.BeginObject()
		for first := true; ; first = false {
			koff := p.keyStart(sc.Pos)
			key, ok := sc.NextKey(first)
			if !ok {
				break
			}
			item, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, key)
			n.keyOffs = append(n.keyOffs, koff)
			n.items = append(n.items, item)
		}
	case '[':
		n = &jsonNode{kind: kindArray, off: off}
		sc.BeginArray()
		for first := true; sc.NextElem(first); first = false {
			item, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, item)
		}
	case '"':
		n = &jsonNode{kind: kindString, off: off, text: sc.Str()}
	case 't', 'f':
		n = &jsonNode{kind: kindBool, off: off, b: c == 't'}
		if n.b {
			sc.Literal("true")
		} else {
			sc.Literal("false")
		}
	case 'n':
		n = &jsonNode{kind: kindNull, off: off}
		sc.Literal("null")
	default:
		sc.Skip()
		n = &jsonNode{kind: kindNumber, off: off, text: sc.Data[off:sc.Pos]}
	}
	if sc.Err != nil {
		return nil, p.syntax()
	}
	return n, nil
}
