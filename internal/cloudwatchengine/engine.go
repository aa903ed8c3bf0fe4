package cloudwatchengine

import (
	"iter"
	"maps"
	"sort"
	"time"

	"github.com/kmswatch/kmswatch/internal/insights"
)

// Engine is a CloudWatch Region without its protocol: the metric store and
// the service quotas metric math reads. It is not safe for concurrent use:
// the protocol adapter serializes the calls.
type Engine struct {
	now    func() time.Time
	series map[string]*Series
	quotas map[string]float64
}

// New returns an empty engine whose clock is now.
func New(now func() time.Time) *Engine {
	return &Engine{now: now, series: map[string]*Series{}, quotas: map[string]float64{}}
}

// Now returns the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// PutMetricData adds observations to the metric namespace/name/dims (dims
// sorted by name, SortedDims); points at the same instant are separate
// samples.
func (e *Engine) PutMetricData(namespace, name string, dims []Dim, points []Point) {
	m := e.metric(namespace, name, dims)
	for _, p := range points {
		m.Points = append(m.Points, Point{Time: p.Time.UTC(), Value: p.Value})
	}
	sort.SliceStable(m.Points, func(i, j int) bool { return m.Points[i].Time.Before(m.Points[j].Time) })
}

// metric returns the series of a metric, created empty if it is new.
func (e *Engine) metric(namespace, name string, dims []Dim) *Series {
	k := SeriesKey(namespace, name, dims)
	m, ok := e.series[k]
	if !ok {
		m = &Series{Namespace: namespace, Name: name, Dims: dims}
		e.series[k] = m
	}
	return m
}

// Publish returns the Generator that publishes the metric
// namespace/name/dims from the engine's clock, and whether it is new.
func (e *Engine) Publish(namespace, name string, dims []Dim) (*Generator, bool) {
	m := e.metric(namespace, name, dims)
	if m.Gen != nil {
		return m.Gen, false
	}
	m.Gen = &Generator{Now: e.now}
	return m.Gen, true
}

// Metric returns the series of the metric SeriesKey identifies, or nil
// when nothing was put or published for it.
func (e *Engine) Metric(key string) *Series { return e.series[key] }

// Metrics returns every series, in no particular order. Series are never
// removed.
func (e *Engine) Metrics() iter.Seq[*Series] { return maps.Values(e.series) }

// NumMetrics returns how many series the store holds.
func (e *Engine) NumMetrics() int { return len(e.series) }

// SetQuota sets the value SERVICE_QUOTA returns for a metric.
func (e *Engine) SetQuota(namespace, name string, dims []Dim, quota float64) {
	e.quotas[SeriesKey(namespace, name, dims)] = quota
}

// Quota returns the value set with SetQuota for a metric.
func (e *Engine) Quota(namespace, name string, dims []Dim) (float64, bool) {
	q, ok := e.quotas[SeriesKey(namespace, name, dims)]
	return q, ok
}

// Insights answers q over the store as of now (see the function Insights).
func (e *Engine) Insights(q *insights.Query, start, end, now time.Time, period time.Duration) InsightsAnswer {
	return Insights(q, e.series, start, end, now, period)
}
