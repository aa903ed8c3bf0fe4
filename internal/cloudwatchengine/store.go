package cloudwatchengine

import (
	"sort"
	"strings"
	"time"
)

// Series is one metric (namespace, name and exact dimension set) and its
// observations, kept sorted by time.
type Series struct {
	Namespace, Name string
	Dims            []Dim // sorted by name, as CloudWatch treats the set as unordered
	Points          []Point
	Gen             *Generator // points published from the clock, or nil
}

// BySeriesKey orders series by SeriesKey, the stable order in which the
// store lists them.
func BySeriesKey(a, b *Series) int {
	return strings.Compare(SeriesKey(a.Namespace, a.Name, a.Dims), SeriesKey(b.Namespace, b.Name, b.Dims))
}

// DimValue returns the value of the dimension called name.
func (s *Series) DimValue(name string) (string, bool) {
	for _, d := range s.Dims {
		if d.Name == name {
			return d.Value, true
		}
	}
	return "", false
}

// Latest returns the time of the newest observation, published or
// stored.
func (s *Series) Latest() time.Time {
	if s.Gen != nil {
		return s.Gen.latest(s.Points)
	}
	if len(s.Points) == 0 {
		return time.Time{}
	}
	return s.Points[len(s.Points)-1].Time
}

// Window returns the points with from <= t < to.
func (s *Series) Window(from, to time.Time) []Point {
	if s.Gen != nil {
		return s.Gen.window(s.Points, from, to)
	}
	lo := sort.Search(len(s.Points), func(i int) bool { return !s.Points[i].Time.Before(from) })
	hi := sort.Search(len(s.Points), func(i int) bool { return !s.Points[i].Time.Before(to) })
	if lo >= hi {
		return nil
	}
	return s.Points[lo:hi]
}
