package cloudwatchengine

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// MathNode is a parsed metric math expression of the subset alarms
// evaluate: numbers, query ids, + - * /, unary minus, parentheses and the
// functions SERVICE_QUOTA(id) and PERIOD(id).
type MathNode struct {
	Op    byte // 'n' number, 'i' id, 'f' function, '+', '-', '*', '/', 'u' unary minus
	Num   float64
	Name  string // id or function name
	Left  *MathNode
	Right *MathNode
}

// QueryIDPattern is the form of a metric query Id: a lower-case letter,
// then letters, digits and underscores (MetricDataQuery, API reference).
var QueryIDPattern = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

// mathFuncs are the functions the fake evaluates (CloudWatch user guide,
// "Metric math syntax and functions").
var mathFuncs = []string{"SERVICE_QUOTA", "PERIOD"}

// MathError is an expression the parser rejects; offset is the byte offset
// of the offending character.
type MathError struct {
	offset int
	msg    string
}

func (e *MathError) Error() string {
	return fmt.Sprintf("metric math expression: at offset %d: %s", e.offset, e.msg)
}

type mathParser struct {
	s   string
	pos int
}

// ParseMath parses a metric math expression of the supported subset.
func ParseMath(expr string) (*MathNode, error) {
	p := &mathParser{s: expr}
	n, err := p.sum(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.s) {
		return nil, &MathError{p.pos, fmt.Sprintf("unexpected %q", p.s[p.pos])}
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

// sum parses products joined by + and -, product unary terms joined by *
// and /: the two levels of left-associative binary operators.
func (p *mathParser) sum(depth int) (*MathNode, error) { return p.binary(depth, "+-", p.product) }

func (p *mathParser) product(depth int) (*MathNode, error) { return p.binary(depth, "*/", p.unary) }

// binary parses operands joined by the operators in ops, left-associative.
func (p *mathParser) binary(depth int, ops string, operand func(int) (*MathNode, error)) (*MathNode, error) {
	left, err := operand(depth)
	if err != nil {
		return nil, err
	}
	for {
		p.space()
		if p.pos >= len(p.s) || strings.IndexByte(ops, p.s[p.pos]) < 0 {
			return left, nil
		}
		op := p.s[p.pos]
		p.pos++
		right, err := operand(depth)
		if err != nil {
			return nil, err
		}
		left = &MathNode{Op: op, Left: left, Right: right}
	}
}

func (p *mathParser) unary(depth int) (*MathNode, error) {
	if depth > maxMathDepth {
		return nil, &MathError{p.pos, fmt.Sprintf("nested deeper than %d levels", maxMathDepth)}
	}
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '-' {
		p.pos++
		n, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return &MathNode{Op: 'u', Left: n}, nil
	}
	return p.primary(depth)
}

func (p *mathParser) primary(depth int) (*MathNode, error) {
	p.space()
	if p.pos >= len(p.s) {
		return nil, &MathError{p.pos, "unexpected end of expression"}
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
		if err := p.closeParen(); err != nil {
			return nil, err
		}
		return n, nil
	case c >= '0' && c <= '9' || c == '.':
		for p.pos < len(p.s) && (p.s[p.pos] >= '0' && p.s[p.pos] <= '9' || p.s[p.pos] == '.') {
			p.pos++
		}
		v, err := strconv.ParseFloat(p.s[start:p.pos], 64)
		if err != nil {
			return nil, &MathError{start, fmt.Sprintf("invalid number %q", p.s[start:p.pos])}
		}
		return &MathNode{Op: 'n', Num: v}, nil
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
				return nil, &MathError{start, fmt.Sprintf("function %s is not supported by cloudwatchtest (supported: %s)", word, strings.Join(mathFuncs, ", "))}
			}
			p.pos++
			p.space()
			argStart := p.pos
			for p.pos < len(p.s) && mathWordByte(p.s[p.pos]) {
				p.pos++
			}
			arg := p.s[argStart:p.pos]
			if !QueryIDPattern.MatchString(arg) {
				return nil, &MathError{argStart, fmt.Sprintf("%s needs the id of a metric query", fn)}
			}
			if err := p.closeParen(); err != nil {
				return nil, err
			}
			return &MathNode{Op: 'f', Name: fn, Left: &MathNode{Op: 'i', Name: arg}}, nil
		}
		if !QueryIDPattern.MatchString(word) {
			return nil, &MathError{start, fmt.Sprintf("%q is not a query id", word)}
		}
		return &MathNode{Op: 'i', Name: word}, nil
	}
	return nil, &MathError{start, fmt.Sprintf("unexpected %q", c)}
}

// closeParen reads the ) that closes a parenthesis or a function call,
// after optional white space.
func (p *mathParser) closeParen() error {
	p.space()
	if p.pos >= len(p.s) || p.s[p.pos] != ')' {
		return &MathError{p.pos, "missing )"}
	}
	p.pos++
	return nil
}

func mathWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// IDs returns the query ids the expression refers to.
func (n *MathNode) IDs(out []string) []string {
	if n == nil {
		return out
	}
	if n.Op == 'i' {
		return append(out, n.Name)
	}
	return n.Right.IDs(n.Left.IDs(out))
}

// MathSeries is a time series over the evaluation range, most recent period
// first, or a scalar.
type MathSeries struct {
	Values  []float64
	Present []bool
	Scalar  bool
	Num     float64
}

// Combine applies an arithmetic operator; a time series combined with
// another keeps the periods both have, and a division by zero leaves the
// period empty.
func Combine(x, y MathSeries, op byte) MathSeries {
	f := func(a, b float64) (float64, bool) {
		switch op {
		case '+':
			return a + b, true
		case '-':
			return a - b, true
		case '*':
			return a * b, true
		}
		if b == 0 {
			return 0, false
		}
		return a / b, true
	}
	if x.Scalar && y.Scalar {
		v, ok := f(x.Num, y.Num)
		if !ok {
			v = math.NaN()
		}
		return MathSeries{Scalar: true, Num: v}
	}
	n := len(x.Values)
	if x.Scalar {
		n = len(y.Values)
	}
	out := MathSeries{Values: make([]float64, n), Present: make([]bool, n)}
	for k := range n {
		a, b := x.Num, y.Num
		okA, okB := x.Scalar, y.Scalar
		if !x.Scalar {
			a, okA = x.Values[k], x.Present[k]
		}
		if !y.Scalar {
			b, okB = y.Values[k], y.Present[k]
		}
		if okA && okB {
			out.Values[k], out.Present[k] = f(a, b)
		}
	}
	return out
}
