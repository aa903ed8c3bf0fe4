package cloudwatchtest

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Metrics Insights limits (reference §6.9).
const (
	maxInsightsSeries  = 500
	maxInsightsMetrics = 10000
)

// insightsFuncs maps a Metrics Insights function to the statistic computed
// over the observations of each period.
var insightsFuncs = map[string]string{
	"MIN":   statMinimum,
	"MAX":   statMaximum,
	"SUM":   statSum,
	"AVG":   statAverage,
	"COUNT": statSampleCount,
}

// condition is one WHERE term: label = 'value' or label != 'value'.
type condition struct {
	key, value string
	negate     bool
}

// insightsQuery is a parsed Metrics Insights query.
type insightsQuery struct {
	fn        string // MIN, MAX, SUM, AVG, COUNT
	metric    string
	namespace string
	schema    []string // the label keys of SCHEMA("<ns>", keys...)
	isSchema  bool     // FROM SCHEMA(...) rather than FROM "<ns>"
	where     []condition
	groupBy   []string
	orderFn   string // "" when there is no ORDER BY
	desc      bool
	limit     int // 0: none
}

// insightsError is a Metrics Insights query the parser rejects; offset is
// the byte offset of the offending token in the query.
type insightsError struct {
	offset int
	msg    string
}

func (e *insightsError) Error() string {
	return fmt.Sprintf("Metrics Insights query: at offset %d: %s", e.offset, e.msg)
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
			return nil, &insightsError{i, fmt.Sprintf("unexpected character %q", c)}
		case c == '"' || c == '\'':
			text, n, err := unquote(q[i:], c)
			if err != nil {
				return nil, &insightsError{i, err.Error()}
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
			return nil, &insightsError{i, fmt.Sprintf("unexpected character %q", r)}
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
		return &insightsError{t.pos, fmt.Sprintf("expected %s, found %s", kw, t)}
	}
	p.next()
	return nil
}

func (p *parser) punct(s string) error {
	t := p.peek()
	if t.kind != tokPunct || t.text != s {
		return &insightsError{t.pos, fmt.Sprintf("expected %q, found %s", s, t)}
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
	return "", &insightsError{t.pos, fmt.Sprintf("expected %s, found %s", what, t)}
}

func (p *parser) function() (string, error) {
	t := p.peek()
	fn := strings.ToUpper(t.text)
	if _, ok := insightsFuncs[fn]; t.kind != tokWord || !ok {
		return "", &insightsError{t.pos, fmt.Sprintf("expected one of AVG, COUNT, MAX, MIN, SUM, found %s", t)}
	}
	p.next()
	return fn, nil
}

// parseInsights parses the Metrics Insights subset the fake evaluates:
//
//	SELECT FUNC(metric) FROM "ns" | SCHEMA("ns"[, key...])
//	[WHERE key =|!= 'value' [AND ...]] [GROUP BY key[, key...]]
//	[ORDER BY FUNC() [ASC|DESC]] [LIMIT n]
func parseInsights(q string) (*insightsQuery, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	out := &insightsQuery{}
	if err := p.keyword("SELECT"); err != nil {
		return nil, err
	}
	if out.fn, err = p.function(); err != nil {
		return nil, err
	}
	if err := p.punct("("); err != nil {
		return nil, err
	}
	if out.metric, err = p.ident("a metric name"); err != nil {
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
	if p.isKeyword("WHERE") {
		p.next()
		if err := p.where(out); err != nil {
			return nil, err
		}
	}
	if p.isKeyword("GROUP") {
		p.next()
		if err := p.keyword("BY"); err != nil {
			return nil, err
		}
		if out.groupBy, err = p.identList("a label key"); err != nil {
			return nil, err
		}
	}
	if p.isKeyword("ORDER") {
		p.next()
		if err := p.orderBy(out); err != nil {
			return nil, err
		}
	}
	if p.isKeyword("LIMIT") {
		p.next()
		t := p.next()
		n, convErr := strconv.Atoi(t.text)
		if t.kind != tokNumber || convErr != nil || n < 1 || n > maxInsightsSeries {
			return nil, &insightsError{t.pos, fmt.Sprintf("LIMIT must be a whole number from 1 to %d, found %s", maxInsightsSeries, t)}
		}
		out.limit = n
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, &insightsError{t.pos, fmt.Sprintf("unexpected %s", t)}
	}
	return out, nil
}

func (p *parser) from(out *insightsQuery) error {
	var err error
	if !p.isKeyword("SCHEMA") {
		if t := p.peek(); t.kind == tokWord && strings.Contains(t.text, "/") {
			return &insightsError{t.pos, "a namespace containing / must be double-quoted"}
		}
		out.namespace, err = p.ident("a namespace or SCHEMA(...)")
		return err
	}
	p.next()
	out.isSchema = true
	if err := p.punct("("); err != nil {
		return err
	}
	if out.namespace, err = p.ident("a namespace"); err != nil {
		return err
	}
	out.schema = []string{}
	for p.peek().kind == tokPunct && p.peek().text == "," {
		p.next()
		key, err := p.ident("a label key")
		if err != nil {
			return err
		}
		out.schema = append(out.schema, key)
	}
	return p.punct(")")
}

func (p *parser) where(out *insightsQuery) error {
	for {
		key, err := p.ident("a label key")
		if err != nil {
			return err
		}
		op := p.next()
		if op.kind != tokPunct || (op.text != "=" && op.text != "!=") {
			return &insightsError{op.pos, fmt.Sprintf("expected = or !=, found %s (cloudwatchtest supports only = and != in WHERE)", op)}
		}
		v := p.next()
		if v.kind != tokString {
			return &insightsError{v.pos, fmt.Sprintf("expected a single-quoted label value, found %s", v)}
		}
		out.where = append(out.where, condition{key: key, value: v.text, negate: op.text == "!="})
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

func (p *parser) orderBy(out *insightsQuery) error {
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
	out.orderFn = fn
	switch {
	case p.isKeyword("DESC"):
		p.next()
		out.desc = true
	case p.isKeyword("ASC"):
		p.next()
	}
	return nil
}

// matches reports whether m is selected by the FROM and WHERE clauses.
func (q *insightsQuery) matches(m *series) bool {
	if m.namespace != q.namespace || m.name != q.metric {
		return false
	}
	if q.isSchema {
		if len(m.dims) != len(q.schema) {
			return false
		}
		for _, k := range q.schema {
			if _, ok := m.dimValue(k); !ok {
				return false
			}
		}
	}
	for _, c := range q.where {
		v, ok := m.dimValue(c.key)
		if (ok && v == c.value) == c.negate {
			return false
		}
	}
	return true
}

// group is the observations of one GROUP BY combination: the in-range
// windows of its series, not copied.
type group struct {
	label   string
	windows [][]Point
	order   float64
}

// points returns the group's observations in time order.
func (g *group) points() []Point {
	if len(g.windows) == 1 {
		return g.windows[0]
	}
	var all []Point
	for _, w := range g.windows {
		all = append(all, w...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Time.Before(all[j].Time) })
	return all
}

// reduce applies a Metrics Insights function to every observation of the
// windows without copying them.
func reduce(fn string, windows [][]Point) float64 {
	var acc float64
	n := 0
	for _, w := range windows {
		for _, p := range w {
			switch {
			case n == 0:
				acc = p.Value
			case fn == "MIN":
				acc = min(acc, p.Value)
			case fn == "MAX":
				acc = max(acc, p.Value)
			default:
				acc += p.Value
			}
			n++
		}
	}
	switch fn {
	case "COUNT":
		return float64(n)
	case "AVG":
		return acc / float64(n)
	}
	return acc
}

// matchedSeries is a series selected by a query with its in-range points.
type matchedSeries struct {
	m   *series
	pts []Point
}

// evalInsights answers a Metrics Insights query; s.mu is held. Series
// lacking a GROUP BY key are left out.
func (s *Server) evalInsights(pq plannedQuery, start, end, now time.Time) []seriesResult {
	q := pq.insights
	period := time.Duration(*pq.q.Period) * time.Second
	from := start
	if cutoff := now.Add(-insightsRange); cutoff.After(from) {
		from = cutoff
	}
	var matched []matchedSeries
	for _, m := range s.series {
		if !q.matches(m) {
			continue
		}
		if pts := m.window(from, end); len(pts) > 0 {
			matched = append(matched, matchedSeries{m, pts})
		}
	}
	truncated := len(matched) > maxInsightsMetrics
	if truncated {
		// Which metrics the service drops is not documented; keep a stable
		// choice.
		slices.SortFunc(matched, func(a, b matchedSeries) int {
			return strings.Compare(seriesKey(a.m.namespace, a.m.name, a.m.dims), seriesKey(b.m.namespace, b.m.name, b.m.dims))
		})
		matched = matched[:maxInsightsMetrics]
	}
	groups := map[string]*group{}
	values := make([]string, len(q.groupBy))
	for _, ms := range matched {
		complete := true
		for i, g := range q.groupBy {
			v, ok := ms.m.dimValue(g)
			complete = complete && ok
			values[i] = v
		}
		if !complete {
			continue
		}
		label := strings.Join(values, " ")
		g, ok := groups[label]
		if !ok {
			g = &group{label: label}
			groups[label] = g
		}
		g.windows = append(g.windows, ms.pts)
	}
	list := make([]*group, 0, len(groups))
	for _, g := range groups {
		if q.orderFn != "" {
			g.order = reduce(q.orderFn, g.windows)
		}
		list = append(list, g)
	}
	slices.SortFunc(list, func(a, b *group) int {
		if q.orderFn != "" && a.order != b.order {
			if (a.order < b.order) != q.desc {
				return -1
			}
			return 1
		}
		return strings.Compare(a.label, b.label)
	})
	var messages []wireMessage
	limit := maxInsightsSeries
	if q.limit > 0 {
		limit = q.limit
	}
	if len(list) > maxInsightsSeries && limit == maxInsightsSeries {
		messages = append(messages, wireMessage{Code: "MaxQueryTimeSeries",
			Value: fmt.Sprintf("The query returned %d time series; only the first %d are included.", len(list), maxInsightsSeries)})
	}
	if truncated {
		messages = append(messages, wireMessage{Code: "MaxQueryMetrics",
			Value: fmt.Sprintf("The query matched more than %d metrics; only %d were processed.", maxInsightsMetrics, maxInsightsMetrics)})
	}
	if len(list) > limit {
		list = list[:limit]
	}
	out := make([]seriesResult, 0, len(list))
	for _, g := range list {
		label := g.label
		if len(q.groupBy) == 0 {
			label = deref(pq.q.Label)
		}
		out = append(out, seriesResult{
			id: *pq.q.ID, label: label,
			points:   buckets(g.points(), start, period, insightsFuncs[q.fn]),
			messages: messages,
		})
	}
	if len(out) == 0 {
		out = append(out, seriesResult{id: *pq.q.ID, label: deref(pq.q.Label), messages: messages})
	}
	return out
}
