package cloudwatchengine

import (
	"slices"
	"sort"
	"time"
)

// Alarm evaluation. The rules and their sources:
//
//   - Alarms with a Period of 60 seconds or more are evaluated every minute,
//     high-resolution alarms (Period 10, 20 or 30) every 10 seconds
//     (CloudWatch user guide, "Using Amazon CloudWatch alarms": "If the
//     alarm period is 10 seconds or 30 seconds, the alarm is evaluated every
//     10 seconds"). Evaluations fall on whole minutes (whole 10 seconds) of
//     the engine's clock.
//   - Each evaluation looks at a sliding window of periods ending at the
//     evaluation instant: [t-P, t), [t-2P, t-P), ... (user guide, "Alarm
//     evaluation window": the default SlidingWindow "advances each time the
//     alarm is evaluated").
//   - CloudWatch "attempts to retrieve a higher number of data points than
//     specified by Evaluation Periods"; that time frame is the evaluation
//     range (user guide, "How alarm state is evaluated when data is
//     missing"). Its exact size is not documented beyond the example of 5
//     datapoints for 3 evaluation periods; the engine uses
//     EvaluationPeriods+2 periods (rangeLen), capped at 3 hours for Metrics
//     Insights alarms ("Only the latest 3 hours of data can be used", user
//     guide, "Limits" of Metrics Insights alarms).
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

// Advance runs every evaluation due up to the clock.
// Alarms do not depend on each other, so each alarm runs all its due
// evaluations in one pass (which keeps its data in cache); the history
// items, actions and events of the state changes are then recorded in time
// order, alarms in name order at one instant.
func (e *Engine) Advance() {
	now := e.now().Unix()
	e.pending = e.pending[:0]
	for _, a := range e.evalOrder {
		ev := a.ev
		if ev == nil || ev.kind == kindNone {
			continue
		}
		for ev.next <= now {
			e.evaluate(a, ev.next, now)
		}
	}
	if len(e.pending) == 0 {
		return
	}
	slices.SortStableFunc(e.pending, func(x, y Change) int { return x.New.At.Compare(y.New.At) })
	for _, ch := range e.pending {
		e.record(ch)
	}
	clear(e.pending)
	e.pending = e.pending[:0]
}

// dataChanged is called after points were added or publishing changed,
// once the evaluations due were run: an alarm that skipped ahead over empty
// evaluation ranges must look again at the next tick.
func (e *Engine) dataChanged() {
	now := e.now().Unix()
	for _, a := range e.evalOrder {
		if ev := a.ev; ev != nil && ev.step > 0 {
			ev.next = min(ev.next, (now/ev.step)*ev.step+ev.step)
		}
	}
}

// evaluate runs the evaluation of a at t and schedules the next one.
func (e *Engine) evaluate(a *Alarm, t, now int64) {
	ev := a.ev
	ev.next = t + ev.step
	var v Verdict
	empty := false
	switch ev.kind {
	case kindMetric:
		empty = e.fillMetric(ev, t)
		v = ev.decide(ev.dps)
	case kindMath:
		v = e.evalMath(ev, t)
	case kindInsights:
		v = e.evalInsightsAlarm(a, t)
	}
	e.apply(a, t, v)
	if empty {
		// Every later evaluation with an empty range gives the same
		// result: skip to the first one whose range holds a datapoint.
		if p, ok := e.nextPointAfter(ev, t); ok {
			ev.next = max(ev.next, (p/ev.step)*ev.step+ev.step)
		} else {
			ev.next = max(ev.next, (now/ev.step)*ev.step+ev.step)
		}
	}
}

// seriesFor resolves and caches the series of a single-metric alarm.
func (e *Engine) seriesFor(ev *alarmEval) *Series {
	if ev.ser == nil {
		ev.ser = e.series[ev.key]
	}
	return ev.ser
}

// fillMetric aggregates the evaluation range of a single-metric alarm into
// ev.dps (most recent first) and reports whether it holds no datapoint.
func (e *Engine) fillMetric(ev *alarmEval, t int64) bool {
	r := ev.rangeLen()
	ev.resetDps(t, r)
	m := e.seriesFor(ev)
	if m == nil {
		return true
	}
	if m.Gen != nil && len(m.Points) == 0 && !ev.Extended {
		return !m.Gen.Fill(ev.dps, t, ev.period, ev.stat, ev.N)
	}
	from, to := time.Unix(t-int64(r)*ev.period, 0).UTC(), time.Unix(t, 0).UTC()
	pts := e.pointsIn(ev, m, from, to)
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
		ev.dps = append(ev.dps, Datapoint{Start: t - int64(k+1)*ev.period})
	}
}

// pointsIn returns the points of m in [from, to) without allocating in the
// common cases: a cursor that only moves forward for stored points, the
// scratch buffer for published ones.
func (e *Engine) pointsIn(ev *alarmEval, m *Series, from, to time.Time) []Point {
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
func (ev *alarmEval) aggregate(pts []Point, t int64) {
	period := ev.period * int64(time.Second)
	end := t * int64(time.Second)
	cur := -1
	flush := func() {
		if cur >= 0 && len(ev.vals) > 0 {
			if v, ok := Aggregate(ev.stat, ev.vals); ok {
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
func (e *Engine) nextPointAfter(ev *alarmEval, t int64) (int64, bool) {
	m := e.seriesFor(ev)
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
func (ev *alarmEval) decide(dps []Datapoint) Verdict {
	ev.Judge(dps, &ev.verdict)
	return ev.verdict
}

// apply records the outcome of an evaluation at t.
func (e *Engine) apply(a *Alarm, t int64, v Verdict) {
	evalState := ""
	switch {
	case v.Err != "":
		evalState = EvaluationError
	case v.Partial:
		evalState = PartialData
	}
	if evalState != a.EvaluationState {
		// StateUpdatedTimestamp tracks changes of StateValue and of
		// EvaluationState (API reference, MetricAlarm).
		a.EvaluationState = evalState
		at := time.Unix(t, 0).UTC()
		a.StateUpdated = at
		if v.Err != "" {
			a.StateReason = "Error: " + v.Err
		}
	}
	if v.Err != "" || v.State == "" || v.State == a.StateValue {
		return
	}
	at := time.Unix(t, 0).UTC()
	reason, data := a.ev.reason(a.StateValue, v, at)
	e.pending = append(e.pending, e.changeState(a, at, v.State, reason, data))
}

// evalMath evaluates a metric math alarm at t.
func (e *Engine) evalMath(ev *alarmEval, t int64) Verdict {
	if ev.compErr != "" {
		return Verdict{Err: ev.compErr}
	}
	r := ev.rangeLen()
	ev.resetDps(t, r)
	res, err := e.mathValue(ev, ev.queries[ev.ret], t, r, 0)
	if err != "" {
		return Verdict{Err: err}
	}
	if res.Scalar {
		// An alarm watches a time series; an expression such as "0/0"
		// or "100" that reduces to a number has no datapoints to compare
		// (the message is the fake's own).
		return Verdict{Err: "The expression " + ev.queries[ev.ret].ID + " returns a number, not a time series."}
	}
	for k := range ev.dps {
		if res.Present[k] {
			ev.dps[k].Present, ev.dps[k].Value, ev.dps[k].Samples = true, res.Values[k], 1
		}
	}
	return ev.decide(ev.dps)
}

func (e *Engine) mathValue(ev *alarmEval, q Query, t int64, r, depth int) (MathSeries, string) {
	if depth > len(ev.queries) {
		return MathSeries{}, "The expressions of the alarm refer to each other in a cycle."
	}
	if q.Stat != nil {
		return e.statSeries(q.Stat, t, r), ""
	}
	return e.mathNodeValue(ev, ev.exprs[q.ID], t, r, depth)
}

func (e *Engine) statSeries(ms *MetricStat, t int64, r int) MathSeries {
	out := MathSeries{Values: make([]float64, r), Present: make([]bool, r)}
	m := e.series[ms.key()]
	if m == nil {
		return out
	}
	sub := &alarmEval{period: ms.Period, stat: ms.Stat}
	sub.resetDps(t, r)
	pts := m.Window(time.Unix(t-int64(r)*sub.period, 0).UTC(), time.Unix(t, 0).UTC())
	sub.aggregate(pts, t)
	for k, d := range sub.dps {
		out.Values[k], out.Present[k] = d.Value, d.Present
	}
	return out
}

func (e *Engine) mathNodeValue(ev *alarmEval, n *MathNode, t int64, r, depth int) (MathSeries, string) {
	switch n.Op {
	case 'n':
		return MathSeries{Scalar: true, Num: n.Num}, ""
	case 'i':
		i := slices.IndexFunc(ev.queries, func(q Query) bool { return q.ID == n.Name })
		if i < 0 {
			return MathSeries{}, "The expression refers to " + n.Name + ", which is not the Id of a query of the alarm."
		}
		return e.mathValue(ev, ev.queries[i], t, r, depth+1)
	case 'f':
		i := slices.IndexFunc(ev.queries, func(q Query) bool { return q.ID == n.Left.Name })
		if i < 0 || ev.queries[i].Stat == nil {
			return MathSeries{}, n.Name + " needs the Id of a query with MetricStat, not " + n.Left.Name + "."
		}
		ms := ev.queries[i].Stat
		arg := e.statSeries(ms, t, r)
		v := float64(ms.Period)
		if n.Name == "SERVICE_QUOTA" {
			q, ok := e.quotas[ms.key()]
			if !ok {
				// The service's message for a metric without a quota
				// (docs/reference.md#52-percentage-of-quota-alarm).
				return MathSeries{}, "There is no service quota associated to this metric."
			}
			v = q
		}
		for k := range arg.Values {
			arg.Values[k] = v
		}
		return arg, ""
	case 'u':
		x, err := e.mathNodeValue(ev, n.Left, t, r, depth)
		if err != "" {
			return x, err
		}
		return Combine(MathSeries{Scalar: true}, x, '-'), ""
	}
	x, err := e.mathNodeValue(ev, n.Left, t, r, depth)
	if err != "" {
		return x, err
	}
	y, err := e.mathNodeValue(ev, n.Right, t, r, depth)
	if err != "" {
		return y, err
	}
	return Combine(x, y, n.Op), ""
}
