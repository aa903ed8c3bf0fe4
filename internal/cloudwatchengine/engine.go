package cloudwatchengine

import (
	"iter"
	"maps"
	"sort"
	"time"

	"github.com/kmswatch/kmswatch/internal/insights"
)

// Engine is a CloudWatch Region without its protocol: the metric store, the
// service quotas metric math reads, and the metric alarms with their
// evaluation, history, actions and events. Time passes when the clock
// moves: Advance runs the evaluations that fell due, and the methods that
// change data run them first. It is not safe for concurrent use: the
// protocol adapter serializes the calls.
type Engine struct {
	now      func() time.Time
	notifier Notifier
	series   map[string]*Series
	quotas   map[string]float64

	alarms    map[string]*Alarm
	evalOrder []*Alarm // every alarm, sorted by name
	pending   []Change
	history   []HistoryItem
	actions   []Action
	outbox    []Outgoing
}

// New returns an empty engine whose clock is now; n renders and delivers
// what state changes send (nil: actions carry no document and no event is
// sent).
func New(now func() time.Time, n Notifier) *Engine {
	if n == nil {
		n = silent{}
	}
	return &Engine{now: now, notifier: n, series: map[string]*Series{}, quotas: map[string]float64{}, alarms: map[string]*Alarm{}}
}

// Now returns the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// PutMetricData adds observations to the metric namespace/name/dims (dims
// sorted by name, SortedDims); points at the same instant are separate
// samples. The evaluations due before now run first, so they do not see
// points that arrive later.
func (e *Engine) PutMetricData(namespace, name string, dims []Dim, points []Point) {
	e.Advance()
	m := e.metric(namespace, name, dims)
	for _, p := range points {
		m.Points = append(m.Points, Point{Time: p.Time.UTC(), Value: p.Value})
	}
	e.dataChanged()
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

// Import replaces what g publishes from the current minute of the clock on
// (from backfill seconds before it, for material imported earlier): the
// seconds left until expiresAt, or nothing for a zero expiresAt (material
// that does not expire). The evaluations due before now run first.
func (e *Engine) Import(g *Generator, expiresAt time.Time, backfill int64) {
	e.Advance()
	minute := FloorMinute(e.now().Unix())
	g.Stop(minute)
	if !expiresAt.IsZero() {
		g.Segs = append(g.Segs, Segment{From: minute - backfill, Until: Forever, Expires: expiresAt.Unix()})
	}
	e.dataChanged()
}

// Unpublish stops g after the current minute of the clock, as when the key
// or its key material is deleted.
func (e *Engine) Unpublish(g *Generator) {
	e.Advance()
	g.Stop(FloorMinute(e.now().Unix()) + 1)
	e.dataChanged()
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

// silent is the Notifier of an engine given none.
type silent struct{}

func (silent) Refusal(string, string) string { return "" }
func (silent) Body(*Change, string) []byte   { return nil }
func (silent) Event(*Change) []byte          { return nil }
