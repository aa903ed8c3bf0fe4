package cloudwatchengine

import (
	"slices"
	"time"

	"github.com/kmswatch/kmswatch/internal/insights"
	"github.com/kmswatch/kmswatch/internal/statistic"
)

// MetricStat is a metric, its period in seconds and the statistic an alarm
// or a query reads from it.
type MetricStat struct {
	Namespace, Name string
	Dims            []Dim // sorted by name
	Period          int64
	Stat            string
}

// key identifies the metric in the store.
func (ms *MetricStat) key() string { return SeriesKey(ms.Namespace, ms.Name, ms.Dims) }

// Query is one element of an alarm's Metrics: a metric (Stat set) or an
// expression (metric math or a Metrics Insights query).
type Query struct {
	ID         string
	Stat       *MetricStat
	Expression string
	ReturnData bool
	Period     int64 // the element's own Period, 0 when it has none
}

// Alarm is a metric alarm: the configuration it was put with, as far as the
// evaluation and the actions read it, and its state.
type Alarm struct {
	Name, ARN      string
	ActionsEnabled bool
	OKActions      []string
	AlarmActions   []string
	// InsufficientDataActions run when the alarm enters INSUFFICIENT_DATA.
	InsufficientDataActions []string

	// Metric is the metric of a single-metric alarm, with Statistic or
	// ExtendedStatistic as its Stat; nil for the others.
	Metric                  *MetricStat
	ExtendedStatistic       bool
	EvaluationPeriods       int
	DatapointsToAlarm       int // 0: EvaluationPeriods
	Threshold               float64
	ComparisonOperator      string
	TreatMissingData        string // "": missing
	LowSampleCountIgnore    bool   // EvaluateLowSampleCountPercentile is "ignore"
	Metrics                 []Query
	EvaluationCriteria      bool // a PromQL alarm, which starts OK and is not evaluated
	ConfigurationUpdated    time.Time
	StateValue, StateReason string
	StateReasonData         string // "": none
	StateUpdated            time.Time
	StateTransitioned       time.Time
	EvaluationState         string // "", PARTIAL_DATA or EVALUATION_ERROR

	// Config is the protocol's own form of the configuration, kept for the
	// adapter that describes the alarm; the engine does not read it.
	Config any

	ev *alarmEval
}

// Insights reports whether a's Metrics hold a Metrics Insights query.
func (a *Alarm) Insights() bool {
	return slices.ContainsFunc(a.Metrics, func(q Query) bool { return insights.IsQuery(q.Expression) })
}

// Period returns the period a evaluates at, in seconds, or 0 when a is not
// evaluated.
func (a *Alarm) Period() int64 {
	if a.ev == nil {
		return 0
	}
	return a.ev.period
}

// MultiSeries reports whether a is a multi-time-series alarm (a Metrics
// Insights query with GROUP BY), whose actions are split between alarm and
// contributor level.
func (a *Alarm) MultiSeries() bool {
	return a.ev != nil && a.ev.kind == kindInsights && len(a.ev.groupBy) > 0
}

// Evaluation kinds.
const (
	kindNone     = iota // not evaluated: PromQL and anomaly detection alarms
	kindMetric          // a single metric
	kindMath            // Metrics with a math expression or MetricStat returning data
	kindInsights        // Metrics with a Metrics Insights query returning data
)

const (
	// insightsAlarmRange is how far back a Metrics Insights alarm reads.
	insightsAlarmRange = 3 * 60 * 60
	// MaxReportedContributors is how many contributors in ALARM a
	// multi-time-series alarm reports (user guide, Metrics Insights alarm
	// limits: "100+ time series evaluated to ALARM").
	MaxReportedContributors = 100
)

// Contributor is one time series of a multi-time-series alarm.
type Contributor struct {
	ID           string
	Attributes   map[string]string // the GROUP BY keys and their values
	State        string
	Reason       string
	Transitioned time.Time

	seen int64 // the evaluation that last returned it
}

// alarmEval is what an alarm needs to be evaluated, compiled when the alarm
// is put, and its scratch space.
type alarmEval struct {
	kind         int
	step, period int64
	Rule
	stat         string
	key          string
	ser          *Series
	cursor, seen int
	next         int64 // Unix seconds of the next due evaluation

	queries []Query
	ret     int
	exprs   map[string]*MathNode
	compErr string

	insights     *insights.Query
	groupBy      []string
	contributors map[string]*Contributor
	fleet        fleetScratch

	buf     []Point
	vals    []float64
	dps     []Datapoint
	verdict Verdict
}

// compileAlarm prepares the evaluation of a.
func compileAlarm(a *Alarm) *alarmEval {
	ev := &alarmEval{Rule: Rule{
		N:         a.EvaluationPeriods,
		M:         a.EvaluationPeriods,
		Cmp:       a.ComparisonOperator,
		Threshold: a.Threshold,
		Treat:     a.TreatMissingData,
	}}
	if ev.Treat == "" {
		ev.Treat = TreatMissingMissing // API reference: "the default behavior of missing is used"
	}
	if a.DatapointsToAlarm != 0 {
		ev.M = a.DatapointsToAlarm
	}
	if _, static := operatorText[ev.Cmp]; a.EvaluationCriteria || !static || ev.N < 1 {
		// PromQL and anomaly detection alarms are not evaluated.
		return ev
	}
	switch {
	case a.Metric != nil:
		ev.kind = kindMetric
		ev.period = a.Metric.Period
		ev.stat = a.Metric.Stat
		if a.ExtendedStatistic {
			ev.Extended = true
			if e, err := Extended(ev.stat); err == nil && e.Kind == statistic.Percentile {
				ev.Pct = e.Upper.Value
				ev.LowSampleIgnore = a.LowSampleCountIgnore
			}
		}
		ev.key = a.Metric.key()
		if a.Metric.Namespace == "AWS/DynamoDB" {
			ev.Treat = TreatIgnore
		}
	case len(a.Metrics) > 0:
		ev.compileMetrics(a.Metrics)
	}
	if ev.period <= 0 {
		ev.kind = kindNone
		return ev
	}
	ev.step = 60
	if ev.period < 60 {
		ev.step = 10
	}
	return ev
}

func (ev *alarmEval) compileMetrics(qs []Query) {
	ev.queries = qs
	ev.exprs = map[string]*MathNode{}
	ev.ret = -1
	for i, q := range qs {
		if q.ReturnData {
			ev.ret = i
		}
		if q.Stat != nil && ev.period == 0 {
			ev.period = q.Stat.Period
		}
	}
	if ev.ret < 0 {
		return
	}
	r := qs[ev.ret]
	if r.Period != 0 {
		ev.period = r.Period
	}
	if insights.IsQuery(r.Expression) {
		ev.kind = kindInsights
		iq, err := insights.Parse(r.Expression)
		if err != nil {
			ev.compErr = err.Error()
			return
		}
		ev.insights = iq
		ev.groupBy = iq.GroupBy
		ev.contributors = map[string]*Contributor{}
		return
	}
	ev.kind = kindMath
	for _, q := range qs {
		if q.Stat != nil {
			continue
		}
		n, err := ParseMath(q.Expression)
		if err != nil {
			ev.compErr = err.Error()
			return
		}
		ev.exprs[q.ID] = n
	}
}

// rangeLen is the number of periods in the evaluation range.
func (ev *alarmEval) rangeLen() int {
	r := ev.N + 2
	if ev.kind == kindInsights {
		r = min(r, max(int(insightsAlarmRange/ev.period), ev.N))
	}
	return r
}
