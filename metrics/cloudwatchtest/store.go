package cloudwatchtest

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
)

// Point is one seeded observation of a metric. It is a plain value.
type Point struct {
	Time  time.Time
	Value float64
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

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
