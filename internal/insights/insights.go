// Package insights parses the CloudWatch Metrics Insights query language
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html),
// the subset the in-process CloudWatch fake evaluates. The fake and the
// alarms validator share it, so a query the library accepts is one the fake
// accepts.
package insights

import (
	"fmt"
	"slices"

	"strconv"
	"strings"

	"unicode/utf8"
)

// MaxSeries is the most time series a query returns and the largest LIMIT (Metrics
// Insights quotas, docs/reference.md#69-metrics-insights-alarms:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-limits.html).
const MaxSeries = 500

// Functions are the Metrics Insights aggregate functions, in upper case.
var Functions = []string{"AVG", "COUNT", "MAX", "MIN", "SUM"}

// Condition is one WHERE term: label = 'value' or label != 'value'.
type Condition struct {
	Key, Value string
	Negate     bool
}

// Query is a parsed Metrics Insights query.
type Query struct {
	Func      string // MIN, MAX, SUM, AVG, COUNT
	Metric    string
	Namespace string
	Schema    []string // the label keys of SCHEMA("<ns>", keys...)
	IsSchema  bool     // FROM SCHEMA(...) rather than FROM "<ns>"
	Where     []Condition
	GroupBy   []string
	OrderFunc string // "" when there is no ORDER BY
	Desc      bool
	Limit     int // 0: none
}

// SeriesLimit is the most time series the query returns: its LIMIT, or
// MaxSeries without one.
func (q *Query) SeriesLimit() int {
	if q.Limit > 0 {
		return q.Limit
	}
	return MaxSeries
}

// Compare orders two groups of the query's result, each given by its ORDER
// BY value and its label, as the query sorts them: by ORDER BY value,
// ascending or with DESC descending, then by label; by label alone without
// ORDER BY. It returns a negative number when a comes first, a positive one
// when b does, zero when they are equal.
func (q *Query) Compare(aOrder float64, aLabel string, bOrder float64, bLabel string) int {
	if q.OrderFunc != "" && aOrder != bOrder {
		if (aOrder < bOrder) != q.Desc {
			return -1
		}
		return 1
	}
	return strings.Compare(aLabel, bLabel)
}

// Error is a Metrics Insights query the parser rejects: Offset is the byte
// offset of the offending token in the query and Msg says what is wrong.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string {
	return fmt.Sprintf("Metrics Insights query: at offset %d: %s", e.Offset, e.Msg)
}

type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokWord             // bare identifier or keyword
	tokQuoted           // "double-quoted identifier"
	tokString           // 'single-quoted label value'
	tokNumber
	tokPunct // ( ) , = !=
)

type token struct {
	kind tokenKind
	text string // unescaped for quoted kinds
	pos  int
}

func (t token) String() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokQuoted:
		return strconv.Quote(t.text)
	case tokString:
		return "'" + t.text + "'"
	}
	return strconv.Quote(t.text)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// lex splits a query into tokens. Quoted identifiers and label values use a
// backslash to escape their quote character and the backslash itself.
func lex(q string) ([]token, error) {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == ',' || c == '=':
			toks = append(toks, token{kind: tokPunct, text: string(c), pos: i})
			i++
		case c == '!' || c == '<':
			if i+1 < len(q) && (q[i:i+2] == "!=" || q[i:i+2] == "<>") {
				toks = append(toks, token{kind: tokPunct, text: "!=", pos: i})
				i += 2
				continue
			}
			return nil, &Error{i, fmt.Sprintf("unexpected character %q", c)}
		case c == '"' || c == '\'':
			text, n, err := unquote(q[i:], c)
			if err != nil {
				return nil, &Error{i, err.Error()}
			}
			kind := tokQuoted
			if c == '\'' {
				kind = tokString
			}
			toks = append(toks, token{kind: kind, text: text, pos: i})
			i += n
		case c >= '0' && c <= '9':
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			kind := tokNumber
			if strings.IndexFunc(q[i:j], func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
				kind = tokWord
			}
			toks = append(toks, token{kind: kind, text: q[i:j], pos: i})
			i = j
		case isWordByte(c):
			j := i
			for j < len(q) && isWordByte(q[j]) {
				j++
			}
			toks = append(toks, token{kind: tokWord, text: q[i:j], pos: i})
			i = j
		default:
			r, _ := utf8.DecodeRuneInString(q[i:])
			return nil, &Error{i, fmt.Sprintf("unexpected character %q", r)}
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(q)}), nil
}

// unquote reads a quoted run starting at s[0] == quote and returns its text
// and the number of bytes consumed.
func unquote(s string, quote byte) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) {
				return "", 0, fmt.Errorf("unterminated escape")
			}
			i++
			if s[i] != quote && s[i] != '\\' {
				return "", 0, fmt.Errorf("invalid escape \\%c", s[i])
			}
			b.WriteByte(s[i])
		case quote:
			return b.String(), i + 1, nil
		default:
			b.WriteByte(s[i])
		}
	}
	return "", 0, fmt.Errorf("missing closing %c", quote)
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) isKeyword(kw string) bool {
	t := p.peek()
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

func (p *parser) keyword(kw string) error {
	if !p.isKeyword(kw) {
		t := p.peek()
		return &Error{t.pos, fmt.Sprintf("expected %s, found %s", kw, t)}
	}
	p.next()
	return nil
}

func (p *parser) punct(s string) error {
	t := p.peek()
	if t.kind != tokPunct || t.text != s {
		return &Error{t.pos, fmt.Sprintf("expected %q, found %s", s, t)}
	}
	p.next()
	return nil
}

var reserved = []string{"SELECT", "FROM", "WHERE", "AND", "GROUP", "BY", "ORDER", "ASC", "DESC", "LIMIT", "SCHEMA"}

// ident reads a bare or double-quoted identifier naming what.
func (p *parser) ident(what string) (string, error) {
	t := p.peek()
	switch {
	case t.kind == tokQuoted && t.text != "":
		p.next()
		return t.text, nil
	case t.kind == tokWord && !slices.ContainsFunc(reserved, func(k string) bool { return strings.EqualFold(k, t.text) }):
		p.next()
		return t.text, nil
	}
	return "", &Error{t.pos, fmt.Sprintf("expected %s, found %s", what, t)}
}

func (p *parser) function() (string, error) {
	t := p.peek()
	fn := strings.ToUpper(t.text)
	if t.kind != tokWord || !slices.Contains(Functions, fn) {
		return "", &Error{t.pos, fmt.Sprintf("expected one of AVG, COUNT, MAX, MIN, SUM, found %s", t)}
	}
	p.next()
	return fn, nil
}

// Parse parses the Metrics Insights subset the fake evaluates:
//
//	SELECT FUNC(metric) FROM "ns" | SCHEMA("ns"[, key...])
//	[WHERE key =|!= 'value' [AND ...]] [GROUP BY key[, key...]]
//	[ORDER BY FUNC() [ASC|DESC]] [LIMIT n]
func Parse(q string) (*Query, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	out := &Query{}
	if err := p.keyword("SELECT"); err != nil {
		return nil, err
	}
	if out.Func, err = p.function(); err != nil {
		return nil, err
	}
	if err := p.punct("("); err != nil {
		return nil, err
	}
	if out.Metric, err = p.ident("a metric name"); err != nil {
		return nil, err
	}
	if err := p.punct(")"); err != nil {
		return nil, err
	}
	if err := p.keyword("FROM"); err != nil {
		return nil, err
	}
	if err := p.from(out); err != nil {
		return nil, err
	}
	// The optional clauses, each at most once and in this order.
	for _, c := range []struct {
		keyword string
		parse   func(*Query) error
	}{{"WHERE", p.where}, {"GROUP", p.groupBy}, {"ORDER", p.orderBy}, {"LIMIT", p.limit}} {
		if p.isKeyword(c.keyword) {
			p.next()
			if err := c.parse(out); err != nil {
				return nil, err
			}
		}
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, &Error{t.pos, fmt.Sprintf("unexpected %s", t)}
	}
	return out, nil
}

func (p *parser) from(out *Query) error {
	var err error
	if !p.isKeyword("SCHEMA") {
		if t := p.peek(); t.kind == tokWord && strings.Contains(t.text, "/") {
			return &Error{t.pos, "a namespace containing / must be double-quoted"}
		}
		out.Namespace, err = p.ident("a namespace or SCHEMA(...)")
		return err
	}
	p.next()
	out.IsSchema = true
	if err := p.punct("("); err != nil {
		return err
	}
	if out.Namespace, err = p.ident("a namespace"); err != nil {
		return err
	}
	out.Schema = []string{}
	for p.peek().kind == tokPunct && p.peek().text == "," {
		p.next()
		key, err := p.ident("a label key")
		if err != nil {
			return err
		}
		out.Schema = append(out.Schema, key)
	}
	return p.punct(")")
}

func (p *parser) where(out *Query) error {
	for {
		key, err := p.ident("a label key")
		if err != nil {
			return err
		}
		op := p.next()
		if op.kind != tokPunct || (op.text != "=" && op.text != "!=") {
			return &Error{op.pos, fmt.Sprintf("expected = or !=, found %s (cloudwatchtest supports only = and != in WHERE)", op)}
		}
		v := p.next()
		if v.kind != tokString {
			return &Error{v.pos, fmt.Sprintf("expected a single-quoted label value, found %s", v)}
		}
		out.Where = append(out.Where, Condition{Key: key, Value: v.text, Negate: op.text == "!="})
		if !p.isKeyword("AND") {
			return nil
		}
		p.next()
	}
}

func (p *parser) identList(what string) ([]string, error) {
	var out []string
	for {
		id, err := p.ident(what)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
		if t := p.peek(); t.kind != tokPunct || t.text != "," {
			return out, nil
		}
		p.next()
	}
}

func (p *parser) groupBy(out *Query) error {
	if err := p.keyword("BY"); err != nil {
		return err
	}
	var err error
	out.GroupBy, err = p.identList("a label key")
	return err
}

func (p *parser) limit(out *Query) error {
	t := p.next()
	n, err := strconv.Atoi(t.text)
	if t.kind != tokNumber || err != nil || n < 1 || n > MaxSeries {
		return &Error{t.pos, fmt.Sprintf("LIMIT must be a whole number from 1 to %d, found %s", MaxSeries, t)}
	}
	out.Limit = n
	return nil
}

func (p *parser) orderBy(out *Query) error {
	if err := p.keyword("BY"); err != nil {
		return err
	}
	fn, err := p.function()
	if err != nil {
		return err
	}
	if err := p.punct("("); err != nil {
		return err
	}
	if err := p.punct(")"); err != nil {
		return err
	}
	out.OrderFunc = fn
	switch {
	case p.isKeyword("DESC"):
		p.next()
		out.Desc = true
	case p.isKeyword("ASC"):
		p.next()
	}
	return nil
}

// IsQuery reports whether a MetricDataQuery Expression is a Metrics Insights
// query rather than metric math: Insights queries start with the SELECT
// keyword, in any case, which no metric math function is named.
func IsQuery(expr string) bool {
	f := strings.Fields(expr)
	return len(f) > 0 && strings.EqualFold(f[0], "SELECT")
}
