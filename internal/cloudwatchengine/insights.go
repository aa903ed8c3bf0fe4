package cloudwatchengine

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kmswatch/kmswatch/internal/insights"
)

// InsightsRange is how far back a Metrics Insights query reads.
const InsightsRange = 14 * Day

// MaxInsightsMetrics is the most metrics one Metrics Insights query
// processes (user guide, "Metrics Insights quotas").
const MaxInsightsMetrics = 10000

// insightsFuncs maps a Metrics Insights function to the statistic computed
// over the observations of each period.
var insightsFuncs = map[string]string{
	"MIN":   Minimum,
	"MAX":   Maximum,
	"SUM":   Sum,
	"AVG":   Average,
	"COUNT": SampleCount,
}

// Matches reports whether m is selected by the FROM and WHERE clauses of q.
func Matches(q *insights.Query, m *Series) bool {
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
	m   *Series
	pts []Point
}

// InsightsSeries is one time series of a Metrics Insights answer. Label is
// the GROUP BY values joined by spaces, empty without GROUP BY.
type InsightsSeries struct {
	Label  string
	Points []Bucket // ascending
}

// InsightsAnswer is what a Metrics Insights query returns.
type InsightsAnswer struct {
	Series []InsightsSeries // after ORDER BY and LIMIT
	Groups int              // GROUP BY combinations before LIMIT
	// Truncated reports that the query matched more than
	// MaxInsightsMetrics metrics and only that many were processed.
	Truncated bool
}

// Insights answers q over series for [start, end) at period (1 minute at
// least, the finest resolution Metrics Insights keeps), as of now. Series
// lacking a GROUP BY key are left out.
func Insights(q *insights.Query, series map[string]*Series, start, end, now time.Time, period time.Duration) InsightsAnswer {
	period = max(period, time.Minute)
	from := start
	if cutoff := now.Add(-InsightsRange); cutoff.After(from) {
		from = cutoff
	}
	var matched []matchedSeries
	for _, m := range series {
		if !Matches(q, m) {
			continue
		}
		if pts := m.Window(from, end); len(pts) > 0 {
			matched = append(matched, matchedSeries{m, pts})
		}
	}
	truncated := len(matched) > MaxInsightsMetrics
	if truncated {
		// Which metrics the service drops is not documented; keep a stable
		// choice.
		slices.SortFunc(matched, func(a, b matchedSeries) int { return BySeriesKey(a.m, b.m) })
		matched = matched[:MaxInsightsMetrics]
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
	slices.SortFunc(list, func(a, b *group) int { return q.Compare(a.order, a.label, b.order, b.label) })
	out := InsightsAnswer{Groups: len(list), Truncated: truncated}
	if limit := q.SeriesLimit(); len(list) > limit {
		list = list[:limit]
	}
	out.Series = make([]InsightsSeries, 0, len(list))
	for _, g := range list {
		out.Series = append(out.Series, InsightsSeries{Label: g.label, Points: Buckets(g.points(), start, period, insightsFuncs[q.Func])})
	}
	return out
}
