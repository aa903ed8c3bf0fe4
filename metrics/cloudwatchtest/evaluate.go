package cloudwatchtest

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/insights"
	"github.com/kmswatch/kmswatch/internal/statistic"
)

// Alarm evaluation. The rules and their sources:
//
//   - Alarms with a Period of 60 seconds or more are evaluated every minute,
//     high-resolution alarms (Period 10, 20 or 30) every 10 seconds
//     (CloudWatch user guide, "Using Amazon CloudWatch alarms": "If the
//     alarm period is 10 seconds or 30 seconds, the alarm is evaluated every
//     10 seconds"). Evaluations fall on whole minutes (whole 10 seconds) of
//     the server clock.
//   - Each evaluation looks at a sliding window of periods ending at the
//     evaluation instant: [t-P, t), [t-2P, t-P), ... (user guide, "Alarm
//     evaluation window": the default SlidingWindow "advances each time the
//     alarm is evaluated").
//   - CloudWatch "attempts to retrieve a higher number of data points than
//     specified by Evaluation Periods"; that time frame is the evaluation
//     range (user guide, "How alarm state is evaluated when data is
//     missing"). Its exact size is not documented beyond the example of 5
//     datapoints for 3 evaluation periods; the fake uses EvaluationPeriods+2
//     periods, capped at 3 hours for Metrics Insights alarms ("Only the
//     latest 3 hours of data can be used", user guide, "Limits" of Metrics
//     Insights alarms).
//   - With at least EvaluationPeriods real datapoints in the range, the most
//     recent EvaluationPeriods of them are evaluated and TreatMissingData is
//     not used; with fewer, the missing ones are filled in with
//     TreatMissingData, "as few times as possible", and every real datapoint
//     in the range counts (same section). ALARM needs DatapointsToAlarm
//     breaching datapoints among those evaluated, otherwise OK.
//   - For missing and ignore, the two tables of that section fix the
//     outcome when some datapoints are missing: ALARM with DatapointsToAlarm
//     real breaching datapoints; OK when at least one real datapoint does not
//     breach; otherwise INSUFFICIENT_DATA (missing) or the current state
//     (ignore). With every datapoint missing: missing → INSUFFICIENT_DATA,
//     ignore → current state, breaching → ALARM, notBreaching → OK.
//   - Alarms on AWS/DynamoDB metrics always ignore missing data (API
//     reference, PutMetricAlarm TreatMissingData).
//   - EvaluateLowSampleCountPercentile ignore: "the alarm state does not
//     change during periods with too few data points to be statistically
//     significant", that is fewer than 10/(1-p) samples for p of 0.5 or more
//     and 10/p below (user guide, "Percentile-based alarms and low data
//     samples"; API reference, PutMetricAlarm).

// Evaluation kinds.
const (
	kindNone     = iota // not evaluated: PromQL and anomaly detection alarms
	kindMetric          // MetricName
	kindMath            // Metrics with a math expression or MetricStat returning data
	kindInsights        // Metrics with a Metrics Insights query returning data
)

const (
	// insightsAlarmRange is how far back a Metrics Insights alarm reads.
	insightsAlarmRange = 3 * 60 * 60
	// maxReportedContributors is how many contributors in ALARM a
	// multi-time-series alarm reports (user guide, Metrics Insights alarm
	// limits: "100+ time series evaluated to ALARM").
	maxReportedContributors = 100
)

// contributor is one time series of a multi-time-series alarm.
type contributor struct {
	seen         int64 // the evaluation that last returned it
	id           string
	attrs        map[string]string
	state        string
	reason       string
	transitioned time.Time
}

// alarmEval is what an alarm needs to be evaluated, compiled when the alarm
// is put, and its scratch space.
type alarmEval struct {
	kind         int
	step, period int64
	engine.Rule
	stat         string
	key          string
	ser          *engine.Series
	cursor, seen int
	next         int64 // Unix seconds of the next due evaluation

	queries []wireQuery
	ret     int
	exprs   map[string]*engine.MathNode
	compErr string

	insights     *plannedQuery
	groupBy      []string
	contributors map[string]*contributor
	fleet        fleetScratch

	buf       []engine.Point
	vals      []float64
	dps       []engine.Datapoint
	evaluated []engine.Datapoint
	fillTimes []int64
}

// compileAlarm prepares the evaluation of a.
func compileAlarm(a *wireAlarm) *alarmEval {
	ev := &alarmEval{Rule: engine.Rule{
		N:         int(deref(a.EvaluationPeriods)),
		Cmp:       deref(a.ComparisonOperator),
		Threshold: deref(a.Threshold),
		Treat:     deref(a.TreatMissingData),
	}}
	if ev.Treat == "" {
		ev.Treat = engine.TreatMissingMissing // API reference: "the default behavior of missing is used"
	}
	ev.M = ev.N
	if a.DatapointsToAlarm != nil {
		ev.M = int(*a.DatapointsToAlarm)
	}
	if a.EvaluationCriteria != nil || slices.Contains(anomalyOperators, ev.Cmp) || ev.N < 1 {
		return ev
	}
	switch {
	case a.MetricName != nil:
		ev.kind = kindMetric
		ev.period = int64(deref(a.Period))
		ev.stat = deref(a.Statistic)
		if a.ExtendedStatistic != nil {
			ev.stat, ev.Extended = *a.ExtendedStatistic, true
			if e, err := engine.Extended(ev.stat); err == nil && e.Kind == statistic.Percentile {
				ev.Pct = e.Upper.Value
				ev.LowSampleIgnore = deref(a.EvaluateLowSampleCountPercentile) == "ignore"
			}
		}
		ev.key = engine.SeriesKey(deref(a.Namespace), *a.MetricName, dimsFromWire(a.Dimensions))
		if deref(a.Namespace) == "AWS/DynamoDB" {
			ev.Treat = engine.TreatIgnore
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

func (ev *alarmEval) compileMetrics(qs []wireQuery) {
	ev.queries = qs
	ev.exprs = map[string]*engine.MathNode{}
	ev.ret = -1
	for i, q := range qs {
		if q.ReturnData == nil || *q.ReturnData {
			ev.ret = i
		}
		if q.MetricStat != nil && ev.period == 0 {
			ev.period = int64(deref(q.MetricStat.Period))
		}
	}
	if ev.ret < 0 {
		return
	}
	r := qs[ev.ret]
	if r.Period != nil {
		ev.period = int64(*r.Period)
	}
	if r.Expression != nil && insights.IsQuery(*r.Expression) {
		ev.kind = kindInsights
		iq, err := insights.Parse(*r.Expression)
		if err != nil {
			ev.compErr = err.Error()
			return
		}
		pq := plannedQuery{q: r, insights: iq}
		pq.q.Period = new(int32)
		*pq.q.Period = int32(ev.period)
		ev.insights = &pq
		ev.groupBy = iq.GroupBy
		ev.contributors = map[string]*contributor{}
		return
	}
	ev.kind = kindMath
	for _, q := range qs {
		if q.Expression == nil {
			continue
		}
		n, err := engine.ParseMath(*q.Expression)
		if err != nil {
			ev.compErr = err.Error()
			return
		}
		ev.exprs[deref(q.ID)] = n
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

// advance runs every evaluation due up to the server clock; s.mu is held.
// Alarms do not depend on each other, so each alarm runs all its due
// evaluations in one pass (which keeps its data in cache); the history
// items, actions and events of the state changes are then recorded in time
// order, alarms in name order at one instant.
func (s *Server) advance() {
	now := s.now().Unix()
	s.pending = s.pending[:0]
	for _, a := range s.evalOrder {
		ev := a.ev
		if ev == nil || ev.kind == kindNone {
			continue
		}
		for ev.next <= now {
			s.evaluate(a, ev.next, now)
		}
	}
	if len(s.pending) == 0 {
		return
	}
	slices.SortStableFunc(s.pending, func(x, y stateChange) int { return x.cur.at.Compare(y.cur.at) })
	for _, ch := range s.pending {
		s.record(ch)
	}
	clear(s.pending)
	s.pending = s.pending[:0]
}

// dataChanged is called after points were added or publishing changed,
// once the evaluations due were run: an alarm that skipped ahead over empty
// evaluation ranges must look again at the next tick.
func (s *Server) dataChanged() {
	now := s.now().Unix()
	for _, a := range s.evalOrder {
		if ev := a.ev; ev != nil && ev.step > 0 {
			ev.next = min(ev.next, (now/ev.step)*ev.step+ev.step)
		}
	}
}

// evaluate runs the evaluation of a at t and schedules the next one.
func (s *Server) evaluate(a *wireAlarm, t, now int64) {
	ev := a.ev
	ev.next = t + ev.step
	var v engine.Verdict
	empty := false
	switch ev.kind {
	case kindMetric:
		empty = s.fillMetric(ev, t)
		v = ev.decide(ev.dps)
	case kindMath:
		v = s.evalMath(ev, t)
	case kindInsights:
		v = s.evalInsightsAlarm(a, t)
	}
	s.apply(a, t, v)
	if empty {
		// Every later evaluation with an empty range gives the same
		// result: skip to the first one whose range holds a datapoint.
		if p, ok := s.nextPointAfter(ev, t); ok {
			ev.next = max(ev.next, (p/ev.step)*ev.step+ev.step)
		} else {
			ev.next = max(ev.next, (now/ev.step)*ev.step+ev.step)
		}
	}
}

// seriesFor resolves and caches the series of a single-metric alarm.
func (s *Server) seriesFor(ev *alarmEval) *engine.Series {
	if ev.ser == nil {
		ev.ser = s.eng.Metric(ev.key)
	}
	return ev.ser
}

// fillMetric aggregates the evaluation range of a single-metric alarm into
// ev.dps (most recent first) and reports whether it holds no datapoint.
func (s *Server) fillMetric(ev *alarmEval, t int64) bool {
	r := ev.rangeLen()
	ev.resetDps(t, r)
	m := s.seriesFor(ev)
	if m == nil {
		return true
	}
	if m.Gen != nil && len(m.Points) == 0 && !ev.Extended {
		return !m.Gen.Fill(ev.dps, t, ev.period, ev.stat, ev.N)
	}
	from, to := time.Unix(t-int64(r)*ev.period, 0).UTC(), time.Unix(t, 0).UTC()
	pts := s.pointsIn(ev, m, from, to)
	if len(pts) == 0 {
		return true
	}
	ev.aggregate(pts, t)
	return false
}

// resetDps prepares r empty periods ending at t.
func (ev *alarmEval) resetDps(t int64, r int) {
	ev.dps = ev.dps[:0]
	for k := range r {
		ev.dps = append(ev.dps, engine.Datapoint{Start: t - int64(k+1)*ev.period})
	}
}

// pointsIn returns the points of m in [from, to) without allocating in the
// common cases: a cursor that only moves forward for stored points, the
// scratch buffer for published ones.
func (s *Server) pointsIn(ev *alarmEval, m *engine.Series, from, to time.Time) []engine.Point {
	if m.Gen != nil {
		if len(m.Points) == 0 {
			ev.buf = m.Gen.AppendPoints(ev.buf[:0], from, to)
			return ev.buf
		}
		return m.Window(from, to)
	}
	pts := m.Points
	if ev.seen != len(pts) || ev.cursor > len(pts) || (ev.cursor > 0 && !pts[ev.cursor-1].Time.Before(from)) {
		ev.cursor = sort.Search(len(pts), func(i int) bool { return !pts[i].Time.Before(from) })
		ev.seen = len(pts)
	}
	for ev.cursor < len(pts) && pts[ev.cursor].Time.Before(from) {
		ev.cursor++
	}
	hi := ev.cursor
	for hi < len(pts) && pts[hi].Time.Before(to) {
		hi++
	}
	return pts[ev.cursor:hi]
}

// aggregate computes the statistic of each period from pts, in time order.
func (ev *alarmEval) aggregate(pts []engine.Point, t int64) {
	period := ev.period * int64(time.Second)
	end := t * int64(time.Second)
	cur := -1
	flush := func() {
		if cur >= 0 && len(ev.vals) > 0 {
			if v, ok := engine.Aggregate(ev.stat, ev.vals); ok {
				d := &ev.dps[cur]
				d.Present, d.Samples, d.Value = true, len(ev.vals), v
			}
		}
		ev.vals = ev.vals[:0]
	}
	for _, p := range pts {
		k := int((end - p.Time.UnixNano() - 1) / period)
		if k < 0 || k >= len(ev.dps) {
			continue
		}
		if k != cur {
			flush()
			cur = k
		}
		ev.vals = append(ev.vals, p.Value)
	}
	flush()
}

// nextPointAfter returns the time of the first datapoint of a single-metric
// alarm's metric at or after t, in Unix seconds.
func (s *Server) nextPointAfter(ev *alarmEval, t int64) (int64, bool) {
	m := s.seriesFor(ev)
	if m == nil {
		return 0, false
	}
	tt := time.Unix(t, 0).UTC()
	var best int64
	found := false
	if m.Gen != nil {
		if p, ok := m.Gen.NextAt(t); ok {
			best, found = p, true
		}
	}
	i := sort.Search(len(m.Points), func(i int) bool { return !m.Points[i].Time.Before(tt) })
	if i < len(m.Points) {
		p := m.Points[i].Time.Unix()
		if !found || p < best {
			best, found = p, true
		}
	}
	return best, found
}

// decide applies the M out of N and missing-data rules to dps (most recent
// first). The verdict's slices are scratch space, valid until the next
// call.
func (ev *alarmEval) decide(dps []engine.Datapoint) engine.Verdict {
	v := ev.Judge(dps, ev.evaluated[:0], ev.fillTimes[:0])
	ev.evaluated, ev.fillTimes = v.Evaluated[:0], v.FillTimes[:0]
	return v
}

// apply records the outcome of an evaluation at t.
func (s *Server) apply(a *wireAlarm, t int64, v engine.Verdict) {
	evalState := ""
	switch {
	case v.Err != "":
		evalState = string(types.EvaluationStateEvaluationError)
	case v.Partial:
		evalState = string(types.EvaluationStatePartialData)
	}
	if evalState != a.EvaluationState {
		// StateUpdatedTimestamp tracks changes of StateValue and of
		// EvaluationState (API reference, MetricAlarm).
		a.EvaluationState = evalState
		at := time.Unix(t, 0).UTC()
		a.StateUpdatedTimestamp = &at
		if v.Err != "" {
			a.StateReason = "Error: " + v.Err
		}
	}
	if v.Err != "" || v.State == "" || v.State == a.StateValue {
		return
	}
	at := time.Unix(t, 0).UTC()
	reason, data := a.ev.reason(a.StateValue, v, at)
	s.pending = append(s.pending, s.changeState(a, at, v.State, reason, data))
}

// evalMath evaluates a metric math alarm at t.
func (s *Server) evalMath(ev *alarmEval, t int64) engine.Verdict {
	if ev.compErr != "" {
		return engine.Verdict{Err: ev.compErr}
	}
	r := ev.rangeLen()
	ev.resetDps(t, r)
	res, err := s.mathValue(ev, ev.queries[ev.ret], t, r, 0)
	if err != "" {
		return engine.Verdict{Err: err}
	}
	if res.Scalar {
		// An alarm watches a time series; an expression such as "0/0"
		// or "100" that reduces to a number has no datapoints to compare
		// (the message is the fake's own).
		return engine.Verdict{Err: "The expression " + deref(ev.queries[ev.ret].ID) + " returns a number, not a time series."}
	}
	for k := range ev.dps {
		if res.Present[k] {
			ev.dps[k].Present, ev.dps[k].Value, ev.dps[k].Samples = true, res.Values[k], 1
		}
	}
	return ev.decide(ev.dps)
}

func (s *Server) mathValue(ev *alarmEval, q wireQuery, t int64, r, depth int) (engine.MathSeries, string) {
	if depth > len(ev.queries) {
		return engine.MathSeries{}, "The expressions of the alarm refer to each other in a cycle."
	}
	if q.MetricStat != nil {
		return s.statSeries(ev, q.MetricStat, t, r), ""
	}
	return s.mathNodeValue(ev, ev.exprs[deref(q.ID)], t, r, depth)
}

func (s *Server) statSeries(ev *alarmEval, ms *wireMetricStat, t int64, r int) engine.MathSeries {
	out := engine.MathSeries{Values: make([]float64, r), Present: make([]bool, r)}
	m := s.eng.Metric(engine.SeriesKey(deref(ms.Metric.Namespace), deref(ms.Metric.MetricName), dimsFromWire(ms.Metric.Dimensions)))
	if m == nil {
		return out
	}
	sub := &alarmEval{period: int64(deref(ms.Period)), stat: deref(ms.Stat)}
	sub.resetDps(t, r)
	pts := m.Window(time.Unix(t-int64(r)*sub.period, 0).UTC(), time.Unix(t, 0).UTC())
	sub.aggregate(pts, t)
	for k, d := range sub.dps {
		out.Values[k], out.Present[k] = d.Value, d.Present
	}
	return out
}

func (s *Server) mathNodeValue(ev *alarmEval, n *engine.MathNode, t int64, r, depth int) (engine.MathSeries, string) {
	switch n.Op {
	case 'n':
		return engine.MathSeries{Scalar: true, Num: n.Num}, ""
	case 'i':
		i := slices.IndexFunc(ev.queries, func(q wireQuery) bool { return deref(q.ID) == n.Name })
		if i < 0 {
			return engine.MathSeries{}, "The expression refers to " + n.Name + ", which is not the Id of a query of the alarm."
		}
		return s.mathValue(ev, ev.queries[i], t, r, depth+1)
	case 'f':
		i := slices.IndexFunc(ev.queries, func(q wireQuery) bool { return deref(q.ID) == n.Left.Name })
		if i < 0 || ev.queries[i].MetricStat == nil {
			return engine.MathSeries{}, n.Name + " needs the Id of a query with MetricStat, not " + n.Left.Name + "."
		}
		ms := ev.queries[i].MetricStat
		arg := s.statSeries(ev, ms, t, r)
		v := float64(deref(ms.Period))
		if n.Name == "SERVICE_QUOTA" {
			q, ok := s.eng.Quota(deref(ms.Metric.Namespace), deref(ms.Metric.MetricName), dimsFromWire(ms.Metric.Dimensions))
			if !ok {
				// The service's message for a metric without a quota
				// (docs/reference.md#52-percentage-of-quota-alarm).
				return engine.MathSeries{}, "There is no service quota associated to this metric."
			}
			v = q
		}
		for k := range arg.Values {
			arg.Values[k] = v
		}
		return arg, ""
	case 'u':
		x, err := s.mathNodeValue(ev, n.Left, t, r, depth)
		if err != "" {
			return x, err
		}
		return engine.Combine(engine.MathSeries{Scalar: true}, x, '-'), ""
	}
	x, err := s.mathNodeValue(ev, n.Left, t, r, depth)
	if err != "" {
		return x, err
	}
	y, err := s.mathNodeValue(ev, n.Right, t, r, depth)
	if err != "" {
		return y, err
	}
	return engine.Combine(x, y, n.Op), ""
}

// contributorID is a stable id of at most 16 characters (API reference,
// AlarmContributor ContributorId length 1-16).
func contributorID(label string) string {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(label); i++ {
		h ^= uint64(label[i])
		h *= prime
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 16)
	for i := 15; i >= 0; i-- {
		b[i] = hex[h&15]
		h >>= 4
	}
	return string(b)
}

// contributorAttrs maps the GROUP BY keys to the values of a series label
// (the values joined by spaces).
func contributorAttrs(keys []string, label string) map[string]string {
	vals := strings.SplitN(label, " ", len(keys))
	out := make(map[string]string, len(keys))
	for i, k := range keys {
		if i < len(vals) {
			out[k] = vals[i]
		}
	}
	return out
}
