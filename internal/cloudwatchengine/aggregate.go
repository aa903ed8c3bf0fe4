package cloudwatchengine

import (
	"slices"
	"time"

	"github.com/kmswatch/kmswatch/internal/statistic"
)

// Statistics CloudWatch computes besides the extended ones.
const (
	Minimum     = "Minimum"
	Maximum     = "Maximum"
	Sum         = "Sum"
	Average     = "Average"
	SampleCount = "SampleCount"
)

// BasicStats lists the statistics that are not extended ones.
var BasicStats = []string{SampleCount, Average, Sum, Minimum, Maximum}

// Extended parses an extended statistic (internal/statistic documents the
// grammar, from the CloudWatch statistics definitions page).
func Extended(stat string) (statistic.Extended, error) { return statistic.Parse(stat) }

// ValidStat reports whether stat is a basic or a well-formed extended
// statistic.
func ValidStat(stat string) bool {
	if slices.Contains(BasicStats, stat) {
		return true
	}
	_, err := Extended(stat)
	return err == nil
}

// Aggregate computes stat over values; values is non-empty and may be
// reordered. It reports false when the statistic has no value, such as a
// trimmed mean whose bounds exclude every value; the period then has no
// datapoint.
func Aggregate(stat string, values []float64) (float64, bool) {
	switch stat {
	case Minimum:
		return slices.Min(values), true
	case Maximum:
		return slices.Max(values), true
	case Sum:
		return sum(values), true
	case Average:
		return sum(values) / float64(len(values)), true
	case SampleCount:
		return float64(len(values)), true
	}
	e, err := Extended(stat)
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

// Bucket is one period's aggregated value.
type Bucket struct {
	Start time.Time
	Value float64
}

// Buckets groups points, in ascending time order, into periods starting at
// start and aggregates each non-empty period with stat. The result is in
// ascending time order.
func Buckets(points []Point, start time.Time, period time.Duration, stat string) []Bucket {
	var out []Bucket
	var vals []float64
	cur := -1
	flush := func() {
		if len(vals) > 0 {
			if v, ok := Aggregate(stat, vals); ok {
				out = append(out, Bucket{Start: start.Add(time.Duration(cur) * period), Value: v})
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
