package cloudwatchengine

import (
	"slices"
	"sort"
	"time"
)

// PublishingPeriod is the seconds between two publications of a Generator.
const PublishingPeriod = 60

// Generator publishes a series from a clock: the points are computed, not
// stored, so the clock can move by months at no cost.
type Generator struct {
	Segs []Segment // ascending, non-overlapping
	Now  func() time.Time
}

// Segment publishes Expires-m at every whole minute m with From <= m <
// Until and m < Expires (Unix seconds).
type Segment struct{ From, Until, Expires int64 }

// publications reports the publications sg makes in [lo, hi): how many, and the
// lowest and highest value among them (seconds left at the last and first).
func (sg Segment) publications(lo, hi int64) (n int64, low, high float64) {
	first := ceilMinute(max(sg.From, lo))
	last := FloorMinute(min(sg.Until, sg.Expires, hi) - 1)
	if last < first {
		return 0, 0, 0
	}
	return (last-first)/PublishingPeriod + 1, float64(sg.Expires - last), float64(sg.Expires - first)
}

// Forever is the Until of a Segment that has not been stopped.
const Forever = int64(1) << 62

// FloorMinute rounds the Unix time t down to a whole publication.
func FloorMinute(t int64) int64 {
	m := t / PublishingPeriod * PublishingPeriod
	if m > t {
		m -= PublishingPeriod
	}
	return m
}

// Stop ends every Segment at until (exclusive) and drops segments that
// would publish nothing.
func (g *Generator) Stop(until int64) {
	g.Segs = slices.DeleteFunc(g.Segs, func(sg Segment) bool { return sg.From >= until })
	for i := range g.Segs {
		g.Segs[i].Until = min(g.Segs[i].Until, until)
	}
}

// AppendPoints appends the points published in [from, to), up to the
// clock, in time order.
func (g *Generator) AppendPoints(buf []Point, from, to time.Time) []Point {
	lo, hi := from.Unix(), to.Unix()
	if !from.Equal(time.Unix(lo, 0)) {
		lo++ // from has a fraction of a second: the first whole second after it
	}
	if nowS := g.Now().Unix(); nowS < hi {
		hi = nowS + 1
	}
	for _, sg := range g.Segs {
		start := max(sg.From, lo)
		if r := start % PublishingPeriod; r != 0 {
			start += PublishingPeriod - r
		}
		end := min(sg.Until, sg.Expires, hi)
		for m := start; m < end; m += PublishingPeriod {
			buf = append(buf, Point{Time: time.Unix(m, 0).UTC(), Value: float64(sg.Expires - m)})
		}
	}
	return buf
}

// Fill aggregates the publications into dps, the periods ending at t (most
// recent first), without building points: the fast path of alarm
// evaluation. It stops once need periods hold a publication, as evaluation
// uses only the most recent ones, and reports whether any period does.
// Publications fall on whole minutes and count down, so each Segment's
// share of a period is an arithmetic series.
func (g *Generator) Fill(dps []Datapoint, t, period int64, stat string, need int) bool {
	found := 0
	for k := range dps {
		d := &dps[k]
		lo, hi := t-int64(k+1)*period, t-int64(k)*period
		var sum, lowest, highest float64
		n := int64(0)
		for _, sg := range g.Segs {
			c, low, high := sg.publications(lo, hi)
			if c == 0 {
				continue
			}
			if n == 0 {
				lowest, highest = low, high
			}
			lowest, highest = min(lowest, low), max(highest, high)
			sum += float64(c) * (low + high) / 2
			n += c
		}
		if n == 0 {
			continue
		}
		d.Present, d.Samples = true, int(n)
		switch stat {
		case Minimum:
			d.Value = lowest
		case Maximum:
			d.Value = highest
		case Sum:
			d.Value = sum
		case Average:
			d.Value = sum / float64(n)
		case SampleCount:
			d.Value = float64(n)
		}
		if found++; found == need {
			break
		}
	}
	return found > 0
}

// FillAggr adds the publications of each period ending at t (most recent
// first) to aggs and reports whether there were any.
func (g *Generator) FillAggr(aggs []Aggr, t, period int64) bool {
	found := false
	for k := range aggs {
		lo, hi := t-int64(k+1)*period, t-int64(k)*period
		for _, sg := range g.Segs {
			c, low, high := sg.publications(lo, hi)
			if c == 0 {
				continue
			}
			aggs[k].Merge(Aggr{Sum: float64(c) * (low + high) / 2, Lo: low, Hi: high, N: int(c)})
			found = true
		}
	}
	return found
}

func ceilMinute(t int64) int64 { return -FloorMinute(-t) }

// NextAt returns the first publication at or after t, ignoring the clock.
func (g *Generator) NextAt(t int64) (int64, bool) {
	for _, sg := range g.Segs {
		start := max(sg.From, t)
		if r := start % PublishingPeriod; r != 0 {
			start += PublishingPeriod - r
		}
		if start < min(sg.Until, sg.Expires) {
			return start, true
		}
	}
	return 0, false
}

// window merges published and seeded points in [from, to).
func (g *Generator) window(stored []Point, from, to time.Time) []Point {
	out := g.AppendPoints(nil, from, to)
	lo := sort.Search(len(stored), func(i int) bool { return !stored[i].Time.Before(from) })
	hi := sort.Search(len(stored), func(i int) bool { return !stored[i].Time.Before(to) })
	if lo < hi {
		out = append(out, stored[lo:hi]...)
		sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	}
	return out
}

// latest returns the time of the last publication up to the clock,
// or of the last seeded point if later.
func (g *Generator) latest(stored []Point) time.Time {
	now := g.Now().Unix()
	var last int64 = -1
	for _, sg := range g.Segs {
		end := min(sg.Until, sg.Expires, now+1) // exclusive
		if end <= sg.From {
			continue
		}
		m := FloorMinute(end - 1)
		if m >= sg.From {
			last = max(last, m)
		}
	}
	out := time.Time{}
	if last >= 0 {
		out = time.Unix(last, 0).UTC()
	}
	if n := len(stored); n > 0 && stored[n-1].Time.After(out) {
		out = stored[n-1].Time
	}
	return out
}

// Datapoint is one period of the evaluation range.
type Datapoint struct {
	Start   int64 // Unix seconds
	Value   float64
	Samples int
	Present bool
}

// Aggr is the aggregate of the observations of one period.
type Aggr struct {
	Sum, Lo, Hi float64
	N           int
}

// Add adds one observation.
func (a *Aggr) Add(v float64) {
	if a.N == 0 {
		a.Lo, a.Hi = v, v
	}
	a.Lo, a.Hi, a.Sum = min(a.Lo, v), max(a.Hi, v), a.Sum+v
	a.N++
}

// Merge adds the observations b aggregates.
func (a *Aggr) Merge(b Aggr) {
	if b.N == 0 {
		return
	}
	if a.N == 0 {
		*a = b
		return
	}
	a.Lo, a.Hi, a.Sum, a.N = min(a.Lo, b.Lo), max(a.Hi, b.Hi), a.Sum+b.Sum, a.N+b.N
}

// Value applies a Metrics Insights function.
func (a Aggr) Value(fn string) float64 {
	switch fn {
	case "MIN":
		return a.Lo
	case "MAX":
		return a.Hi
	case "SUM":
		return a.Sum
	case "COUNT":
		return float64(a.N)
	}
	return a.Sum / float64(a.N)
}
