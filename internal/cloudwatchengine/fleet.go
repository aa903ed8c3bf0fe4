package cloudwatchengine

import (
	"slices"
	"strings"
	"time"

	"github.com/kmswatch/kmswatch/internal/insights"
)

// Metrics Insights alarms are evaluated without building a GetMetricData
// answer: each matching series is aggregated once per period of the
// evaluation range, and groups combine those aggregates (MIN of minimums,
// SUM of sums, AVG as sum over count), which gives what the query returns
// (Insights) at a fraction of the cost, so that a test can move a fleet
// of 1,000 keys days ahead.

// fleetGroup is one GROUP BY combination over the evaluation range.
type fleetGroup struct {
	label string
	aggs  []Aggr // most recent period first
	order float64
}

// fleetScratch is reused from one evaluation to the next.
type fleetScratch struct {
	matched   []*Series // series the FROM and WHERE clauses select
	matchedOf int       // the number of series when matched was computed: series are never removed
	perSeries []Aggr
	withData  []int // indexes into matched of the series with data in range
	groups    map[string]*fleetGroup
	list      []*fleetGroup
	pool      []*fleetGroup
}

// evalInsightsAlarm evaluates a Metrics Insights alarm at t: each series
// the query returns is a contributor with its own state, and the alarm is
// in ALARM while any contributor is (user guide, "Alarms on Metrics Insights
// queries": multi-time-series alarms).
func (e *Engine) evalInsightsAlarm(a *Alarm, t int64) Verdict {
	ev := a.ev
	if ev.compErr != "" {
		return Verdict{Err: ev.compErr}
	}
	r := ev.rangeLen()
	groups, partial := e.fleetGroups(ev, t, r)
	v := Verdict{Partial: partial}
	if len(ev.groupBy) == 0 || len(groups) == 0 {
		ev.resetDps(t, r)
		if len(groups) == 1 {
			ev.fillFromAggr(groups[0].aggs)
		}
		out := ev.decide(ev.dps)
		out.Partial = partial
		return out
	}
	at := time.Unix(t, 0).UTC()
	anyOK, anyInsufficient := false, false
	for _, g := range groups {
		v.Series++
		ev.resetDps(t, r)
		ev.fillFromAggr(g.aggs)
		c := ev.contributors[g.label]
		if c == nil {
			c = &Contributor{ID: contributorID(g.label), Attributes: contributorAttrs(ev.groupBy, g.label), State: StateInsufficient}
			ev.contributors[g.label] = c
		}
		c.seen = t
		cv := ev.decide(ev.dps)
		if cv.State != "" && cv.State != c.State {
			reason, _ := ev.reason(c.State, cv, at)
			old := c.State
			c.State, c.Reason, c.Transitioned = cv.State, reason, at
			e.contributorChanged(a, c, old, at)
		}
		switch c.State {
		case StateAlarm:
			v.Alarming++
		case StateOK:
			anyOK = true
		default:
			anyInsufficient = true
		}
	}
	for label, c := range ev.contributors {
		if c.seen != t {
			delete(ev.contributors, label) // dropped out of the query result
		}
	}
	switch {
	case v.Alarming > 0:
		v.State = StateAlarm
	case anyOK:
		v.State = StateOK
	case anyInsufficient && ev.Treat != TreatIgnore:
		v.State = StateInsufficient
	}
	return v
}

// fillFromAggr sets ev.dps from the aggregates of a group.
func (ev *alarmEval) fillFromAggr(aggs []Aggr) {
	fn := ev.insights.Func
	for k, a := range aggs {
		if a.N > 0 {
			ev.dps[k].Present, ev.dps[k].Value, ev.dps[k].Samples = true, a.Value(fn), a.N
		}
	}
}

// fleetGroups runs the query of a Metrics Insights alarm over the r periods
// ending at t and returns the series it returns, with the limits of
// Insights: at most 10,000 metrics processed, at most 500 series (or
// LIMIT) in ORDER BY order, by label without ORDER BY; partial reports a cut.
func (e *Engine) fleetGroups(ev *alarmEval, t int64, r int) ([]*fleetGroup, bool) {
	q := ev.insights
	f := &ev.fleet
	if f.matchedOf != len(e.series) || f.matched == nil {
		f.matched = f.matched[:0]
		for _, m := range e.series {
			if Matches(q, m) {
				f.matched = append(f.matched, m)
			}
		}
		slices.SortFunc(f.matched, BySeriesKey)
		f.matchedOf = len(e.series)
	}
	period := ev.period
	if cap(f.perSeries) < len(f.matched)*r {
		f.perSeries = make([]Aggr, len(f.matched)*r)
	}
	f.perSeries = f.perSeries[:len(f.matched)*r]
	clear(f.perSeries)
	f.withData = f.withData[:0]
	from, to := time.Unix(t-int64(r)*period, 0).UTC(), time.Unix(t, 0).UTC()
	for i, m := range f.matched {
		aggs := f.perSeries[i*r : (i+1)*r]
		found := false
		if m.Gen != nil && len(m.Points) == 0 {
			found = m.Gen.FillAggr(aggs, t, period)
		} else {
			for _, p := range m.Window(from, to) {
				k := int((t*int64(time.Second) - p.Time.UnixNano() - 1) / (period * int64(time.Second)))
				if k >= 0 && k < r {
					aggs[k].Add(p.Value)
					found = true
				}
			}
		}
		if found {
			f.withData = append(f.withData, i)
		}
	}
	partial := false
	if len(f.withData) > MaxInsightsMetrics {
		// f.matched is sorted by series key, as Insights keeps the first
		// 10,000 in that order.
		f.withData, partial = f.withData[:MaxInsightsMetrics], true
	}
	if f.groups == nil {
		f.groups = map[string]*fleetGroup{}
	}
	clear(f.groups)
	f.list = f.list[:0]
	used := 0
	values := make([]string, len(q.GroupBy))
	for _, i := range f.withData {
		m := f.matched[i]
		label, complete := "", true
		switch len(q.GroupBy) {
		case 0:
		case 1:
			label, complete = m.DimValue(q.GroupBy[0])
		default:
			for j, k := range q.GroupBy {
				v, ok := m.DimValue(k)
				complete = complete && ok
				values[j] = v
			}
			label = strings.Join(values, " ")
		}
		if !complete {
			continue
		}
		g := f.groups[label]
		if g == nil {
			if used == len(f.pool) {
				f.pool = append(f.pool, &fleetGroup{})
			}
			g = f.pool[used]
			used++
			g.label = label
			if cap(g.aggs) < r {
				g.aggs = make([]Aggr, r)
			}
			g.aggs = g.aggs[:r]
			clear(g.aggs)
			f.groups[label] = g
			f.list = append(f.list, g)
		}
		for k, a := range f.perSeries[i*r : (i+1)*r] {
			g.aggs[k].Merge(a)
		}
	}
	limit := q.SeriesLimit()
	if len(f.list) > limit {
		if q.OrderFunc != "" {
			for _, g := range f.list {
				var all Aggr
				for _, a := range g.aggs {
					all.Merge(a)
				}
				g.order = all.Value(q.OrderFunc)
			}
		}
		slices.SortFunc(f.list, func(a, b *fleetGroup) int { return q.Compare(a.order, a.label, b.order, b.label) })
		if limit == insights.MaxSeries {
			partial = true // more than 500 series (user guide, Metrics Insights alarm limits)
		}
		f.list = f.list[:limit]
	}
	return f.list, partial
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
