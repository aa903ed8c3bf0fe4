package cloudwatchengine

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Point is one observation of a metric.
type Point struct {
	Time  time.Time
	Value float64
}

// Dim is a dimension name/value pair.
type Dim struct{ Name, Value string }

// SeriesKey identifies a metric: its namespace, name and dimension set. dims
// must be sorted by name (SortedDims), as CloudWatch treats the set as
// unordered.
func SeriesKey(namespace, name string, dims []Dim) string {
	var b strings.Builder
	b.WriteString(strconv.Quote(namespace))
	b.WriteString(strconv.Quote(name))
	for _, d := range dims {
		b.WriteString(strconv.Quote(d.Name))
		b.WriteString(strconv.Quote(d.Value))
	}
	return b.String()
}

// SortedDims returns a copy of in sorted by name.
func SortedDims(in []Dim) []Dim {
	out := slices.Clone(in)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
