package cloudwatchtest

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/insights"
)

// maxInsightsMetrics is the most metrics one Metrics Insights query
// processes (docs/reference.md#69-metrics-insights-alarms).
const maxInsightsMetrics = 10000

// insightsFuncs maps a Metrics Insights function to the statistic computed
// over the observations of each period.
var insightsFuncs = map[string]string{
	"MIN":   engine.Minimum,
	"MAX":   engine.Maximum,
	"SUM":   engine.Sum,
	"AVG":   engine.Average,
	"COUNT": engine.SampleCount,
}

// matches reports whether m is selected by the FROM and WHERE clauses of q.
func matches(q *insights.Query, m *engine.Series) bool {
	if m.Namespace != q.Namespace || m.Name != q.Metric {
		return false
	}
	if q.IsSchema {
		if len(m.Dims) != len(q.Schema) {
			return false
		}
		for _, k := range q.Schema {
			if _, ok := m.DimValue(k); !ok {
				return false
			}
		}
	}
	for _, c := range q.Where {
		v, ok := m.DimValue(c.Key)
		if (ok && v == c.Value) == c.Negate {
			return false
		}
	}
	return true
}

// group is the observations of one GROUP BY combination: the in-range
// windows of its series, not copied.
type group struct {
	label   string
	windows [][]engine.Point
	order   float64
}

// points returns the group's observations in time order.
func (g *group) points() []engine.Point {
	if len(g.windows) == 1 {
		return g.windows[0]
	}
	var all []engine.Point
	for _, w := range g.windows {
		all = append(all, w...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Time.Before(all[j].Time) })
	return all
}

// reduce applies a Metrics Insights function to every observation of the
// windows without copying them.
func reduce(fn string, windows [][]engine.Point) float64 {
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
	m   *engine.Series
	pts []engine.Point
}

// evalInsights answers a Metrics Insights query; s.mu is held. Series
// lacking a GROUP BY key are left out.
func (s *Server) evalInsights(pq plannedQuery, start, end, now time.Time) []seriesResult {
	q := pq.insights
	// Sub-minute periods are answered at 1 minute, the finest resolution
	// Metrics Insights keeps (docs/reference.md#69-metrics-insights-alarms).
	period := max(time.Duration(*pq.q.Period)*time.Second, time.Minute)
	from := start
	if cutoff := now.Add(-insightsRange); cutoff.After(from) {
		from = cutoff
	}
	var matched []matchedSeries
	for _, m := range s.series {
		if !matches(q, m) {
			continue
		}
		if pts := m.Window(from, end); len(pts) > 0 {
			matched = append(matched, matchedSeries{m, pts})
		}
	}
	truncated := len(matched) > maxInsightsMetrics
	if truncated {
		// Which metrics the service drops is not documented; keep a stable
		// choice.
		slices.SortFunc(matched, func(a, b matchedSeries) int {
			return strings.Compare(engine.SeriesKey(a.m.Namespace, a.m.Name, a.m.Dims), engine.SeriesKey(b.m.Namespace, b.m.Name, b.m.Dims))
		})
		matched = matched[:maxInsightsMetrics]
	}
	groups := map[string]*group{}
	values := make([]string, len(q.GroupBy))
	for _, ms := range matched {
		complete := true
		for i, g := range q.GroupBy {
			v, ok := ms.m.DimValue(g)
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
		if q.OrderFunc != "" {
			g.order = reduce(q.OrderFunc, g.windows)
		}
		list = append(list, g)
	}
	slices.SortFunc(list, func(a, b *group) int {
		if q.OrderFunc != "" && a.order != b.order {
			if (a.order < b.order) != q.Desc {
				return -1
			}
			return 1
		}
		return strings.Compare(a.label, b.label)
	})
	var messages []wireMessage
	limit := insights.MaxSeries
	if q.Limit > 0 {
		limit = q.Limit
	}
	if len(list) > insights.MaxSeries && limit == insights.MaxSeries {
		messages = append(messages, wireMessage{Code: "MaxQueryTimeSeries",
			Value: fmt.Sprintf("The query returned %d time series; only the first %d are included.", len(list), insights.MaxSeries)})
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
		if len(q.GroupBy) == 0 {
			label = deref(pq.q.Label)
		}
		out = append(out, seriesResult{
			id: *pq.q.ID, label: label,
			points:   engine.Buckets(g.points(), start, period, insightsFuncs[q.Func]),
			messages: messages,
		})
	}
	if len(out) == 0 {
		out = append(out, seriesResult{id: *pq.q.ID, label: deref(pq.q.Label), messages: messages})
	}
	return out
}
