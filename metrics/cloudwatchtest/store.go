package cloudwatchtest

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/internal/statistic"
)

// Point is one seeded observation of a metric. It is a plain value.
type Point struct {
	Time  time.Time
	Value float64
}

// dim is a dimension name/value pair.
type dim struct{ name, value string }

// series is one metric (namespace, name and exact dimension set) and its
// observations, kept sorted by time.
type series struct {
	namespace, name string
	dims            []dim // sorted by name, as CloudWatch treats the set as unordered
	points          []Point
	gen             *generator // points published from the clock (kmssim.go), or nil
}

// key identifies a metric; dimension order does not matter.
func seriesKey(namespace, name string, dims []dim) string {
	var b strings.Builder
	b.WriteString(strconv.Quote(namespace))
	b.WriteString(strconv.Quote(name))
	for _, d := range dims {
		b.WriteString(strconv.Quote(d.name))
		b.WriteString(strconv.Quote(d.value))
	}
	return b.String()
}

func sortedDims(in []dim) []dim {
	out := slices.Clone(in)
	sort.SliceStable(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func dimsFromTypes(in []types.Dimension) []dim {
	out := make([]dim, 0, len(in))
	for _, d := range in {
		out = append(out, dim{name: deref(d.Name), value: deref(d.Value)})
	}
	return sortedDims(out)
}

func dimsFromWire(in []wireDimension) []dim {
	out := make([]dim, 0, len(in))
	for _, d := range in {
		out = append(out, dim{name: deref(d.Name), value: deref(d.Value)})
	}
	return sortedDims(out)
}

func (s *series) dimValue(name string) (string, bool) {
	for _, d := range s.dims {
		if d.name == name {
			return d.value, true
		}
	}
	return "", false
}

func (s *series) latest() time.Time {
	if s.gen != nil {
		return s.gen.latest(s.points)
	}
	if len(s.points) == 0 {
		return time.Time{}
	}
	return s.points[len(s.points)-1].Time
}

// window returns the points with from <= t < to.
func (s *series) window(from, to time.Time) []Point {
	if s.gen != nil {
		return s.gen.window(s.points, from, to)
	}
	lo := sort.Search(len(s.points), func(i int) bool { return !s.points[i].Time.Before(from) })
	hi := sort.Search(len(s.points), func(i int) bool { return !s.points[i].Time.Before(to) })
	if lo >= hi {
		return nil
	}
	return s.points[lo:hi]
}

// Statistics the fake computes.
const (
	statMinimum     = "Minimum"
	statMaximum     = "Maximum"
	statSum         = "Sum"
	statAverage     = "Average"
	statSampleCount = "SampleCount"
)

var basicStats = []string{statSampleCount, statAverage, statSum, statMinimum, statMaximum}

// extended parses an extended statistic (internal/statistic documents the
// grammar, from the CloudWatch statistics definitions page).
func extended(stat string) (statistic.Extended, error) { return statistic.Parse(stat) }

func validStat(stat string) bool {
	if slices.Contains(basicStats, stat) {
		return true
	}
	_, err := extended(stat)
	return err == nil
}

// aggregate computes stat over values; values is non-empty and may be
// reordered. It reports false when the statistic has no value, such as a
// trimmed mean whose bounds exclude every value; the period then has no
// datapoint.
func aggregate(stat string, values []float64) (float64, bool) {
	switch stat {
	case statMinimum:
		return slices.Min(values), true
	case statMaximum:
		return slices.Max(values), true
	case statSum:
		return sum(values), true
	case statAverage:
		return sum(values) / float64(len(values)), true
	case statSampleCount:
		return float64(len(values)), true
	}
	e, err := extended(stat)
	if err != nil {
		return 0, false
	}
	return e.Compute(values)
}

func sum(values []float64) float64 {
	var s float64
	for _, v := range values {
		s += v
	}
	return s
}

// bucket is one period's aggregated value.
type bucket struct {
	start time.Time
	value float64
}

// buckets groups points into periods starting at start and aggregates each
// non-empty period with stat. The result is in ascending time order.
func buckets(points []Point, start time.Time, period time.Duration, stat string) []bucket {
	var out []bucket
	var vals []float64
	cur := -1
	flush := func() {
		if len(vals) > 0 {
			if v, ok := aggregate(stat, vals); ok {
				out = append(out, bucket{start: start.Add(time.Duration(cur) * period), value: v})
			}
		}
		vals = vals[:0]
	}
	for _, p := range points {
		idx := int(p.Time.Sub(start) / period)
		if idx != cur {
			flush()
			cur = idx
		}
		vals = append(vals, p.Value)
	}
	flush()
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
