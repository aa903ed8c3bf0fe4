package metrics

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// InsightsFunction is an aggregate function of the Metrics Insights language.
type InsightsFunction string

// The Metrics Insights functions (docs/reference.md#69-metrics-insights-alarms).
const (
	InsightsAvg   InsightsFunction = "AVG"
	InsightsCount InsightsFunction = "COUNT"
	InsightsMax   InsightsFunction = "MAX"
	InsightsMin   InsightsFunction = "MIN"
	InsightsSum   InsightsFunction = "SUM"
)

var insightsFunctions = []string{string(InsightsAvg), string(InsightsCount), string(InsightsMax), string(InsightsMin), string(InsightsSum)}

// Operator compares a label with a value in a WHERE condition.
type Operator string

// The WHERE operators Metrics Insights documents.
const (
	Equal    Operator = "="
	NotEqual Operator = "!="
)

// Condition is one WHERE term, Label Op 'Value'; a query's conditions are
// joined with AND. Label is a dimension name.
type Condition struct {
	Label string
	Op    Operator
	Value string
}

// Limits of Metrics Insights and of MetricDataQuery.Expression
// (docs/reference.md#63-metricdataquery--getmetricdata, 6.9).
const (
	// MaxInsightsSeries is the most time series one query returns; ORDER BY
	// decides which.
	MaxInsightsSeries = 500
	maxExpression     = 2048
)

// InsightsQuery is a Metrics Insights query:
//
//	SELECT Function(Metric) FROM Namespace | SCHEMA(Namespace, SchemaLabels...)
//	[WHERE cond AND ...] [GROUP BY labels] [ORDER BY OrderBy() ASC|DESC] [LIMIT n]
//
// [InsightsQuery.Build] quotes every caller value: namespaces, metric names
// and labels are double-quoted when they hold anything but letters, digits and
// underscores or equal a reserved keyword, and values are always
// single-quoted, with the enclosing quote character escaped by a backslash.
// The user guide defines no escape for a backslash itself, so text holding
// one is rejected rather than guessed at. A value of this type is plain data,
// safe for concurrent use.
type InsightsQuery struct {
	// Function aggregates the observations of each period.
	Function InsightsFunction
	// Metric is the metric name.
	Metric string
	// Namespace is the metric namespace, such as "AWS/KMS".
	Namespace string
	// Schema selects FROM SCHEMA(Namespace, SchemaLabels...), which matches
	// only metrics with exactly those dimensions; otherwise FROM Namespace
	// matches the metric whatever its dimensions.
	Schema bool
	// SchemaLabels are the dimension names of the SCHEMA clause.
	SchemaLabels []string
	// Where holds conditions joined with AND.
	Where []Condition
	// GroupBy splits the result into one series per label value.
	GroupBy []string
	// OrderBy orders the series by this function of each series; "" means
	// no ORDER BY.
	OrderBy InsightsFunction
	// Descending orders DESC instead of ASC.
	Descending bool
	// Limit caps the number of series, 1–500; 0 means no LIMIT clause.
	Limit int
}

// ExpiryInsights returns the query that reads SecondsUntilKeyMaterialExpiration
// for every key at once, soonest expiry first:
//
//	SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC
//
// One series comes back per key, labelled with its key id, including keys created
// later; at most 500 series are returned and only the last two weeks of data are read
// (docs/reference.md#69-metrics-insights-alarms). Keys without data in the range are
// absent, so use [ExpiryBatch] when every listed key must be accounted for.
func ExpiryInsights() InsightsQuery {
	return InsightsQuery{
		Function:     InsightsMin,
		Metric:       MetricSecondsUntilKeyMaterialExpiration,
		Namespace:    NamespaceKMS,
		Schema:       true,
		SchemaLabels: []string{DimensionKeyID},
		GroupBy:      []string{DimensionKeyID},
		OrderBy:      InsightsMin,
	}
}

//go:embed insights_keywords.txt
var keywordText string

// reservedKeywords holds the reserved words in upper case.
var reservedKeywords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 1000)
	for _, line := range strings.Split(keywordText, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			m[w] = true
		}
	}
	return m
})

// Build renders the query text, or returns a [*kmswatch.ValidationError] listing
// every problem: an unknown function, empty or over-long names, a backslash
// or control character in any caller value, a LIMIT outside 1–500, or a text
// longer than the 2048 characters MetricDataQuery.Expression accepts.
func (q InsightsQuery) Build() (string, error) {
	c := validate.New("metrics.InsightsQuery")
	c.Enum("Function", string(q.Function), insightsFunctions...)
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(string(q.Function))
	b.WriteByte('(')
	identifier(c, &b, "Metric", q.Metric, maxMetricName)
	b.WriteString(") FROM ")
	if q.Schema {
		b.WriteString("SCHEMA(")
	}
	identifier(c, &b, "Namespace", q.Namespace, maxMetricName)
	if q.Schema {
		for i, l := range q.SchemaLabels {
			b.WriteString(", ")
			identifier(c, &b, "SchemaLabels["+strconv.Itoa(i)+"]", l, maxDimensionName)
		}
		b.WriteByte(')')
	} else if len(q.SchemaLabels) > 0 {
		c.Add("SchemaLabels", kmswatch.RuleCombination, "must be empty unless Schema is set")
	}
	for i, w := range q.Where {
		field := "Where[" + strconv.Itoa(i) + "]"
		if i == 0 {
			b.WriteString(" WHERE ")
		} else {
			b.WriteString(" AND ")
		}
		identifier(c, &b, field+".Label", w.Label, maxDimensionName)
		c.Enum(field+".Op", string(w.Op), string(Equal), string(NotEqual))
		b.WriteByte(' ')
		b.WriteString(string(w.Op))
		b.WriteByte(' ')
		quoted(c, &b, field+".Value", w.Value, '\'', maxDimensionValue)
	}
	for i, g := range q.GroupBy {
		if i == 0 {
			b.WriteString(" GROUP BY ")
		} else {
			b.WriteString(", ")
		}
		identifier(c, &b, "GroupBy["+strconv.Itoa(i)+"]", g, maxDimensionName)
	}
	if q.OrderBy != "" {
		c.Enum("OrderBy", string(q.OrderBy), insightsFunctions...)
		b.WriteString(" ORDER BY ")
		b.WriteString(string(q.OrderBy))
		b.WriteString("()")
		if q.Descending {
			b.WriteString(" DESC")
		} else {
			b.WriteString(" ASC")
		}
	} else if q.Descending {
		c.Add("Descending", kmswatch.RuleCombination, "must be false unless OrderBy is set")
	}
	if q.Limit != 0 {
		c.Range("Limit", int64(q.Limit), 1, MaxInsightsSeries)
		b.WriteString(" LIMIT ")
		b.WriteString(strconv.Itoa(q.Limit))
	}
	if n := utf8.RuneCountInString(b.String()); c.OK() && n > maxExpression {
		c.Add("", kmswatch.RuleLength, "builds a query of %d characters; MetricDataQuery.Expression holds at most %d", n, maxExpression)
	}
	if err := c.Err(); err != nil {
		return "", err
	}
	return b.String(), nil
}

// identifier writes a namespace, metric name or label, double-quoted when
// the language requires it.
func identifier(c *validate.Collector, b *strings.Builder, field, s string, max int) {
	if plainIdentifier(s) {
		c.Length(field, s, 1, max)
		b.WriteString(s)
		return
	}
	quoted(c, b, field, s, '"', max)
}

// plainIdentifier reports whether s may appear unquoted: only ASCII letters,
// digits and underscores, and not a reserved keyword.
func plainIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9') {
			return false
		}
	}
	return !reservedKeywords()[strings.ToUpper(s)]
}

// backslashProblem explains why a backslash is refused.
const backslashProblem = "must not contain a backslash: Metrics Insights defines no escape for it"

// quoted writes s between quote characters, escaping that quote character
// with a backslash, after checking s.
func quoted(c *validate.Collector, b *strings.Builder, field, s string, quote byte, max int) {
	c.Length(field, s, 1, max)
	c.NoControl(field, s)
	if strings.IndexByte(s, '\\') >= 0 {
		c.Add(field, kmswatch.RulePattern, backslashProblem)
	}
	b.WriteByte(quote)
	for i := 0; i < len(s); i++ {
		if s[i] == quote {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte(quote)
}

// Query returns a types.MetricDataQuery with Id id that runs q at period, which must be
// a period [CheckPeriod] accepts. Metrics Insights keeps no sub-minute data: a period
// under 60 seconds does not fail, and CloudWatch answers it at 1 minute (Metrics
// Insights quotas page, docs/reference.md#69-metrics-insights-alarms).
func (q InsightsQuery) Query(id string, period time.Duration) (types.MetricDataQuery, error) {
	c := validate.New("metrics.InsightsQuery.Query")
	checkQueryID(c, "id", id)
	secs, _ := checkPeriod(c, "period", period)
	expr, err := q.Build()
	c.Merge("", err)
	if err := c.Err(); err != nil {
		return types.MetricDataQuery{}, err
	}
	return types.MetricDataQuery{Id: aws.String(id), Expression: aws.String(expr), Period: aws.Int32(secs)}, nil
}

// Input returns the *cloudwatch.GetMetricDataInput that runs q alone (one
// Metrics Insights query per call is the API's limit) over r at period, with
// query Id id. Build r with [AlignedRange].
func (q InsightsQuery) Input(id string, r TimeRange, period time.Duration) (*cloudwatch.GetMetricDataInput, error) {
	c := validate.New("metrics.InsightsQuery.Input")
	checkRange(c, "r", r)
	mq, err := q.Query(id, period)
	c.Merge("", err)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return &cloudwatch.GetMetricDataInput{
		StartTime:         aws.Time(r.Start),
		EndTime:           aws.Time(r.End),
		MetricDataQueries: []types.MetricDataQuery{mq},
		ScanBy:            types.ScanByTimestampDescending,
	}, nil
}

// InsightsExpiries reads the outputs of an [ExpiryInsights] query (every page)
// into one [Expiry] per returned series, keyed by the series label, which is
// the key id when the query groups by KeyId alone. Results whose Id is not
// queryID yield an [*UnknownQueryError]. Keys absent from the answer are
// simply not listed: Metrics Insights returns no series for a key without
// data.
func InsightsExpiries(queryID string, outs ...*cloudwatch.GetMetricDataOutput) ([]Expiry, []types.MessageData, error) {
	var order []string
	series := map[string]*Series{}
	var msgs []types.MessageData
	for _, out := range outs {
		if out == nil {
			continue
		}
		msgs = append(msgs, out.Messages...)
		for _, res := range out.MetricDataResults {
			if id := aws.ToString(res.Id); id != queryID {
				return nil, nil, &UnknownQueryError{ID: id}
			}
			label := aws.ToString(res.Label)
			s, ok := series[label]
			if !ok {
				s = &Series{Label: label}
				series[label] = s
				order = append(order, label)
			}
			s.Status = res.StatusCode
			s.Messages = append(s.Messages, res.Messages...)
			for k := range min(len(res.Timestamps), len(res.Values)) {
				s.Points = append(s.Points, Point{Time: res.Timestamps[k], Value: res.Values[k]})
			}
		}
	}
	out := make([]Expiry, 0, len(order))
	for _, label := range order {
		s := series[label]
		e := Expiry{KeyID: label, Status: s.Status, Messages: s.Messages}
		if p, ok := s.Latest(); ok {
			e.HasData, e.Seconds, e.Observed = true, p.Value, p.Time
		}
		out = append(out, e)
	}
	return out, msgs, nil
}
