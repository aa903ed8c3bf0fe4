package cloudwatchtest

import (
	"fmt"
	"strconv"
	"strings"
)

// mathNode is a parsed metric math expression of the subset alarms
// evaluate: numbers, query ids, + - * /, unary minus, parentheses and the
// functions SERVICE_QUOTA(id) and PERIOD(id).
type mathNode struct {
	op    byte // 'n' number, 'i' id, 'f' function, '+', '-', '*', '/', 'u' unary minus
	num   float64
	name  string // id or function name
	left  *mathNode
	right *mathNode
}

// mathFuncs are the functions the fake evaluates (CloudWatch user guide,
// "Metric math syntax and functions").
var mathFuncs = []string{"SERVICE_QUOTA", "PERIOD"}

// mathError is an expression the parser rejects; offset is the byte offset
// of the offending character.
type mathError struct {
	offset int
	msg    string
}

func (e *mathError) Error() string {
	return fmt.Sprintf("metric math expression: at offset %d: %s", e.offset, e.msg)
}

type mathParser struct {
	s   string
	pos int
}

// parseMath parses a metric math expression of the supported subset.
func parseMath(expr string) (*mathNode, error) {
	p := &mathParser{s: expr}
	n, err := p.sum(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.s) {
		return nil, &mathError{p.pos, fmt.Sprintf("unexpected %q", p.s[p.pos])}
	}
	return n, nil
}

// maxMathDepth bounds nesting so that a hostile expression cannot exhaust
// the stack; the service limits expressions to 2,048 characters anyway.
const maxMathDepth = 64

func (p *mathParser) space() {
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t') {
		p.pos++
	}
}

func (p *mathParser) sum(depth int) (*mathNode, error) {
	left, err := p.product(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos >= len(p.s) || (p.s[p.pos] != '+' && p.s[p.pos] != '-') {
			return left, nil
		}
		op := p.s[p.pos]
		p.pos++
		right, err := p.product(depth)
		if err != nil {
			return nil, err
		}
		left = &mathNode{op: op, left: left, right: right}
	}
}

func (p *mathParser) product(depth int) (*mathNode, error) {
	left, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos >= len(p.s) || (p.s[p.pos] != '*' && p.s[p.pos] != '/') {
			return left, nil
		}
		op := p.s[p.pos]
		p.pos++
		right, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		left = &mathNode{op: op, left: left, right: right}
	}
}

func (p *mathParser) unary(depth int) (*mathNode, error) {
	if depth > maxMathDepth {
		return nil, &mathError{p.pos, fmt.Sprintf("nested deeper than %d levels", maxMathDepth)}
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '-' {
		p.pos++
		n, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &mathNode{op: 'u', left: n}, nil
	}
	return p.primary(depth)
}

func (p *mathParser) primary(depth int) (*mathNode, error) {
	p.space()
	if p.pos >= len(p.s) {
		return nil, &mathError{p.pos, "unexpected end of expression"}
	}
	start := p.pos
	c := p.s[p.pos]
	switch {
	case c == '(':
		p.pos++
		n, err := p.sum(depth + 1)
		if err != nil {
			return nil, err
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ')' {
			return nil, &mathError{p.pos, "missing )"}
		}
		p.pos++
		return n, nil
	case c >= '0' && c <= '9' || c == '.':
		for p.pos < len(p.s) && (p.s[p.pos] >= '0' && p.s[p.pos] <= '9' || p.s[p.pos] == '.') {
			p.pos++
		}
		v, err := strconv.ParseFloat(p.s[start:p.pos], 64)
		if err != nil {
			return nil, &mathError{start, fmt.Sprintf("invalid number %q", p.s[start:p.pos])}
		}
		return &mathNode{op: 'n', num: v}, nil
	case mathWordByte(c):
		for p.pos < len(p.s) && mathWordByte(p.s[p.pos]) {
			p.pos++
		}
		word := p.s[start:p.pos]
		p.space()
		if p.pos < len(p.s) && p.s[p.pos] == '(' {
			fn := strings.ToUpper(word)
			known := false
			for _, f := range mathFuncs {
				known = known || f == fn
			}
			if !known {
				return nil, &mathError{start, fmt.Sprintf("function %s is not supported by cloudwatchtest (supported: %s)", word, strings.Join(mathFuncs, ", "))}
			}
			p.pos++
			p.space()
			argStart := p.pos
			for p.pos < len(p.s) && mathWordByte(p.s[p.pos]) {
				p.pos++
			}
			arg := p.s[argStart:p.pos]
			if !queryIDPattern.MatchString(arg) {
				return nil, &mathError{argStart, fmt.Sprintf("%s needs the id of a metric query", fn)}
			}
			p.space()
			if p.pos >= len(p.s) || p.s[p.pos] != ')' {
				return nil, &mathError{p.pos, "missing )"}
			}
			p.pos++
			return &mathNode{op: 'f', name: fn, left: &mathNode{op: 'i', name: arg}}, nil
		}
		if !queryIDPattern.MatchString(word) {
			return nil, &mathError{start, fmt.Sprintf("%q is not a query id", word)}
		}
		return &mathNode{op: 'i', name: word}, nil
	}
	return nil, &mathError{start, fmt.Sprintf("unexpected %q", c)}
}

func mathWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// ids returns the query ids the expression refers to.
func (n *mathNode) ids(out []string) []string {
	if n == nil {
		return out
	}
	if n.op == 'i' {
		return append(out, n.name)
	}
	return n.right.ids(n.left.ids(out))
}
