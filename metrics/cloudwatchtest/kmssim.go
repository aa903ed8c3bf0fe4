package cloudwatchtest

import (
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"slices"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Names of the metric KMS publishes for keys with imported key material
// (KMS developer guide, "Monitoring with CloudWatch"; docs/reference.md#41-metrics).
const (
	kmsNamespace     = "AWS/KMS"
	kmsExpiryMetric  = "SecondsUntilKeyMaterialExpiration"
	kmsKeyDimension  = "KeyId"
	publishingPeriod = 60 // seconds between two publications
)

// KeyMaterial is a KMS key with imported key material whose
// SecondsUntilKeyMaterialExpiration metric the server publishes, as KMS does: once a
// minute, on the whole minute, dimension KeyId, the number of seconds left until the
// material expires, and nothing once it has expired or the key is deleted. Publishing
// is computed from the server clock rather than stored, so a test can move the clock by
// months at no cost. How often KMS really publishes is not documented
// (docs/reference.md#69-metrics-insights-alarms); once a minute matches the documented
// 1-minute alarm period (docs/reference.md#42-documented-alarm-recipes).
//
// Its methods are safe for concurrent use.
type KeyMaterial struct {
	s   *Server
	ser *series
	id  string
}

// generator publishes a series from the server clock.
type generator struct {
	segs []segment // ascending, non-overlapping
	now  func() time.Time
}

// segment publishes expires-m at every whole minute m with from <= m <
// until and m < expires (Unix seconds).
type segment struct{ from, until, expires int64 }

const forever = int64(1) << 62

// SimulateKeyMaterial starts publishing SecondsUntilKeyMaterialExpiration
// for keyID (a bare key id, as the KeyId dimension holds it) whose imported
// key material expires at expiresAt, and stops at expiresAt:
//
//	srv.SimulateKeyMaterial(keyID, now.Add(9*24*time.Hour)) // expires in 9 days
//
// For a key the server has not simulated before, the material is taken to
// have been imported 3 hours (the range a Metrics Insights alarm reads)
// before the current minute of the server clock: the points of that
// range are published as if KMS had been publishing all along, so a query
// right after the call returns datapoints and an alarm put next evaluates
// on them. Evaluations that already ran are not run again.
//
// Calling it again for the same key replaces the expiry from the current
// minute on, like [KeyMaterial.Reimport]: the import happens now and what
// the earlier material published stands.
func (s *Server) SimulateKeyMaterial(keyID string, expiresAt time.Time) *KeyMaterial {
	dims := []engine.Dim{{Name: kmsKeyDimension, Value: keyID}}
	k := engine.SeriesKey(kmsNamespace, kmsExpiryMetric, dims)
	s.mu.Lock()
	m, ok := s.series[k]
	if !ok {
		m = &series{namespace: kmsNamespace, name: kmsExpiryMetric, dims: dims}
		s.series[k] = m
	}
	first := m.gen == nil
	if first {
		m.gen = &generator{now: s.now}
	}
	s.unlock()
	km := &KeyMaterial{s: s, ser: m, id: keyID}
	back := int64(0)
	if first {
		back = int64(backfill / time.Second)
	}
	km.importAt(expiresAt, back)
	return km
}

// backfill is how far back [Server.SimulateKeyMaterial] publishes the
// material of a new key: the last 3 hours, which is what a Metrics Insights
// alarm evaluates (user guide, "Metrics Insights quotas"), and enough for
// the evaluation range of an alarm on the per-minute metric with up to 178
// evaluation periods.
const backfill = 3 * time.Hour

// KeyID returns the key id the material belongs to.
func (k *KeyMaterial) KeyID() string { return k.id }

// Dimensions returns the metric's dimensions, for alarms and queries.
func (k *KeyMaterial) Dimensions() []types.Dimension {
	name, value := kmsKeyDimension, k.id
	return []types.Dimension{{Name: &name, Value: &value}}
}

// Reimport replaces the key material from the current minute on: the
// metric counts down to expiresAt instead. A zero expiresAt imports
// material that does not expire, for which KMS publishes nothing.
func (k *KeyMaterial) Reimport(expiresAt time.Time) { k.importAt(expiresAt, 0) }

// importAt replaces the key material from backfill seconds before the
// current minute on.
func (k *KeyMaterial) importAt(expiresAt time.Time, backfill int64) {
	k.s.mu.Lock()
	defer k.s.unlock()
	k.s.advance()
	minute := floorMinute(k.s.now().Unix())
	k.ser.gen.stop(minute)
	if !expiresAt.IsZero() {
		k.ser.gen.segs = append(k.ser.gen.segs, segment{from: minute - backfill, until: forever, expires: expiresAt.Unix()})
	}
	k.s.dataChanged()
}

// Delete stops publishing after the current minute, as when the key or its
// key material is deleted.
func (k *KeyMaterial) Delete() {
	k.s.mu.Lock()
	defer k.s.unlock()
	k.s.advance()
	k.ser.gen.stop(floorMinute(k.s.now().Unix()) + 1)
	k.s.dataChanged()
}

func floorMinute(t int64) int64 {
	m := t / publishingPeriod * publishingPeriod
	if m > t {
		m -= publishingPeriod
	}
	return m
}

// stop ends every segment at until (exclusive) and drops segments that
// would publish nothing.
func (g *generator) stop(until int64) {
	g.segs = slices.DeleteFunc(g.segs, func(sg segment) bool { return sg.from >= until })
	for i := range g.segs {
		g.segs[i].until = min(g.segs[i].until, until)
	}
}

// appendPoints appends the points published in [from, to), up to the server
// clock, in time order.
func (g *generator) appendPoints(buf []engine.Point, from, to time.Time) []engine.Point {
	lo, hi := from.Unix(), to.Unix()
	if !from.Equal(time.Unix(lo, 0)) {
		lo++ // from has a fraction of a second: the first whole second after it
	}
	if nowS := g.now().Unix(); nowS < hi {
		hi = nowS + 1
	}
	for _, sg := range g.segs {
		start := max(sg.from, lo)
		if r := start % publishingPeriod; r != 0 {
			start += publishingPeriod - r
		}
		end := min(sg.until, sg.expires, hi)
		for m := start; m < end; m += publishingPeriod {
			buf = append(buf, engine.Point{Time: time.Unix(m, 0).UTC(), Value: float64(sg.expires - m)})
		}
	}
	return buf
}

// fill aggregates the publications into dps, the periods ending at t (most
// recent first), without building points: the fast path of alarm
// evaluation. It stops once need periods hold a publication, as evaluation
// uses only the most recent ones, and reports whether any period does.
// Publications fall on whole minutes and count down, so each segment's
// share of a period is an arithmetic series.
func (g *generator) fill(dps []datapoint, t, period int64, stat string, need int) bool {
	found := 0
	for k := range dps {
		d := &dps[k]
		lo, hi := t-int64(k+1)*period, t-int64(k)*period
		var sum, lowest, highest float64
		n := int64(0)
		for _, sg := range g.segs {
			first := ceilMinute(max(sg.from, lo))
			last := floorMinute(min(sg.until, sg.expires, hi) - 1)
			if last < first {
				continue
			}
			c := (last-first)/publishingPeriod + 1
			low, high := float64(sg.expires-last), float64(sg.expires-first)
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
		d.present, d.samples = true, int(n)
		switch stat {
		case engine.Minimum:
			d.value = lowest
		case engine.Maximum:
			d.value = highest
		case engine.Sum:
			d.value = sum
		case engine.Average:
			d.value = sum / float64(n)
		case engine.SampleCount:
			d.value = float64(n)
		}
		if found++; found == need {
			break
		}
	}
	return found > 0
}

// fillAggr adds the publications of each period ending at t (most recent
// first) to aggs and reports whether there were any.
func (g *generator) fillAggr(aggs []aggr, t, period int64) bool {
	found := false
	for k := range aggs {
		lo, hi := t-int64(k+1)*period, t-int64(k)*period
		for _, sg := range g.segs {
			first := ceilMinute(max(sg.from, lo))
			last := floorMinute(min(sg.until, sg.expires, hi) - 1)
			if last < first {
				continue
			}
			c := (last-first)/publishingPeriod + 1
			low, high := float64(sg.expires-last), float64(sg.expires-first)
			aggs[k].merge(aggr{sum: float64(c) * (low + high) / 2, lo: low, hi: high, n: int(c)})
			found = true
		}
	}
	return found
}

func ceilMinute(t int64) int64 { return -floorMinute(-t) }

// nextAt returns the first publication at or after t, ignoring the clock.
func (g *generator) nextAt(t int64) (int64, bool) {
	for _, sg := range g.segs {
		start := max(sg.from, t)
		if r := start % publishingPeriod; r != 0 {
			start += publishingPeriod - r
		}
		if start < min(sg.until, sg.expires) {
			return start, true
		}
	}
	return 0, false
}

// window merges published and seeded points in [from, to).
func (g *generator) window(stored []engine.Point, from, to time.Time) []engine.Point {
	out := g.appendPoints(nil, from, to)
	lo := sort.Search(len(stored), func(i int) bool { return !stored[i].Time.Before(from) })
	hi := sort.Search(len(stored), func(i int) bool { return !stored[i].Time.Before(to) })
	if lo < hi {
		out = append(out, stored[lo:hi]...)
		sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	}
	return out
}

// latest returns the time of the last publication up to the server clock,
// or of the last seeded point if later.
func (g *generator) latest(stored []engine.Point) time.Time {
	now := g.now().Unix()
	var last int64 = -1
	for _, sg := range g.segs {
		end := min(sg.until, sg.expires, now+1) // exclusive
		if end <= sg.from {
			continue
		}
		m := floorMinute(end - 1)
		if m >= sg.from {
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
