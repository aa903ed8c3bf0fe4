package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// Limits that bound the work done on a hostile pattern. EventBridge itself
// caps patterns at 4,096 characters (reference §7.1), so these only stop abuse.
const (
	// maxPatternBytes is the largest pattern the matcher compiles: 4,096
	// characters of at most 4 bytes each, so every pattern EventBridge
	// accepts fits.
	maxPatternBytes = 4 * MaxEventPatternLength
	// maxPatternDepth is the deepest nesting of JSON objects and arrays the
	// matcher accepts in a pattern.
	maxPatternDepth = 64
	// maxEventBytes is the largest event the matcher decodes: EventBridge's
	// 1 MB event limit (reference §7.1) with room for formatting.
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
)

func (k jsonKind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// jsonNode is a decoded pattern value that remembers where it was and keeps
// object keys in document order, which encoding/json's maps do not.
type jsonNode struct {
	kind  jsonKind
	off   int64
	text  string // string value, or number literal
	b     bool
	items []*jsonNode // array items, or object values parallel to keys
	keys  []string
}

// parsePattern decodes a pattern into a tree, rejecting duplicate keys,
// trailing data and patterns over the size and depth limits.
func parsePattern(pattern []byte) (*jsonNode, error) {
	if len(pattern) > maxPatternBytes {
		return nil, &PatternError{Offset: -1, Reason: "pattern is " + strconv.Itoa(len(pattern)) + " bytes, over the matcher's limit of " + strconv.Itoa(maxPatternBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(pattern))
	dec.UseNumber()
	p := &treeParser{dec: dec, src: pattern}
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &PatternError{Offset: dec.InputOffset(), Reason: "unexpected data after the pattern object"}
	}
	return root, nil
}

type treeParser struct {
	dec *json.Decoder
	src []byte
}

// start returns the offset of the next token: the decoder's offset is just
// past the previous token, before any whitespace, ':' or ','.
func (p *treeParser) start() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.src)) {
		switch p.src[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

func (p *treeParser) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &PatternError{Offset: se.Offset, Reason: "not valid JSON: " + se.Error()}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &PatternError{Offset: p.dec.InputOffset(), Reason: "not valid JSON: unexpected end of input"}
	}
	return &PatternError{Offset: p.dec.InputOffset(), Reason: "not valid JSON: " + err.Error()}
}

func (p *treeParser) value(depth int) (*jsonNode, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err)
	}
	switch t := tok.(type) {
	case nil:
		return &jsonNode{kind: kindNull, off: off}, nil
	case bool:
		return &jsonNode{kind: kindBool, off: off, b: t}, nil
	case json.Number:
		return &jsonNode{kind: kindNumber, off: off, text: string(t)}, nil
	case string:
		return &jsonNode{kind: kindString, off: off, text: t}, nil
	case json.Delim:
		if depth >= maxPatternDepth {
			return nil, &PatternError{Offset: off, Reason: "nesting deeper than the matcher's limit of " + strconv.Itoa(maxPatternDepth)}
		}
		if t == '[' {
			n := &jsonNode{kind: kindArray, off: off}
			for p.dec.More() {
				item, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.syntax(err)
			}
			return n, nil
		}
		n := &jsonNode{kind: kindObject, off: off}
		seen := map[string]bool{}
		for p.dec.More() {
			koff := p.start()
			ktok, err := p.dec.Token()
			if err != nil {
				return nil, p.syntax(err)
			}
			key, ok := ktok.(string)
			if !ok {
				return nil, &PatternError{Offset: koff, Reason: "not valid JSON: object key is not a string"}
			}
			if seen[key] {
				return nil, &PatternError{Offset: koff, Reason: "duplicate key " + strconv.Quote(key)}
			}
			seen[key] = true
			item, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, key)
			n.items = append(n.items, item)
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.syntax(err)
		}
		return n, nil
	}
	return nil, &PatternError{Offset: off, Reason: "not valid JSON"}
}
