package cloudwatchtest

import (
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Point is one seeded observation of a metric. It is a plain value.
type Point struct {
	Time  time.Time
	Value float64
}

// series is one metric (namespace, name and exact dimension set) and its
// observations, kept sorted by time.
type series struct {
	namespace, name string
	dims            []engine.Dim // sorted by name, as CloudWatch treats the set as unordered
	points          []engine.Point
	gen             *generator // points published from the clock (kmssim.go), or nil
}

func dimsFromTypes(in []types.Dimension) []engine.Dim {
	out := make([]engine.Dim, 0, len(in))
	for _, d := range in {
		out = append(out, engine.Dim{Name: deref(d.Name), Value: deref(d.Value)})
	}
	return engine.SortedDims(out)
}

func dimsFromWire(in []wireDimension) []engine.Dim {
	out := make([]engine.Dim, 0, len(in))
	for _, d := range in {
		out = append(out, engine.Dim{Name: deref(d.Name), Value: deref(d.Value)})
	}
	return engine.SortedDims(out)
}

func (s *series) dimValue(name string) (string, bool) {
	for _, d := range s.dims {
		if d.Name == name {
			return d.Value, true
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
func (s *series) window(from, to time.Time) []engine.Point {
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

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
