package metrics

import (
	"fmt"
	"math"
	"time"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Periods and retention steps of CloudWatch
// (docs/reference.md#63-metricdataquery--getmetricdata; SDK doc of
// GetMetricStatisticsInput.Period and GetMetricDataInput.StartTime).
const (
	// highResolutionLimit is how far back data with a period under 60 s exists.
	highResolutionLimit = 3 * time.Hour
	// fiveMinuteAge is the start age from which CloudWatch rounds StartTime to
	// 5 minutes and only 300 s multiples return data.
	fiveMinuteAge = 15 * 24 * time.Hour
	// hourAge is the start age from which CloudWatch rounds StartTime to an
	// hour and only 3600 s multiples return data.
	hourAge = 63 * 24 * time.Hour
	// maxAge is the retention of one-hour data (455 days).
	maxAge = 455 * 24 * time.Hour
)

// subMinutePeriods are the periods under a minute CloudWatch accepts for
// high-resolution metrics.
var subMinutePeriods = [...]int64{1, 5, 10, 20, 30}

// periodRule is quoted in every period problem, so the text matches the check.
const periodRule = "must be 1, 5, 10, 20, 30 s or a multiple of 60 s"

// CheckPeriod reports whether period is one CloudWatch accepts for a metric query: 1,
// 5, 10, 20 or 30 seconds (high-resolution metrics only) or a multiple of 60 seconds.
// The SDK documentation and docs/reference.md#63-metricdataquery--getmetricdata list 20
// s as well as 1, 5, 10 and 30 s. It returns nil or a [*kmswatch.ValidationError] on
// "period". CheckPeriod is safe for concurrent use.
func CheckPeriod(period time.Duration) error {
	c := validate.New("metrics.CheckPeriod")
	checkPeriod(c, "period", period)
	return c.Err()
}

// checkPeriod records period problems under field and reports the period in
// whole seconds when it is valid.
func checkPeriod(c *validate.Collector, field string, period time.Duration) (int32, bool) {
	if period%time.Second != 0 {
		c.Add(field, kmswatch.RuleEnum, "%s, got %v (not whole seconds)", periodRule, period)
		return 0, false
	}
	s := int64(period / time.Second)
	if s > math.MaxInt32 {
		c.Add(field, kmswatch.RuleRange, "must be at most %d s, got %d s", int64(math.MaxInt32), s)
		return 0, false
	}
	if s > 0 && s%60 == 0 {
		return int32(s), true
	}
	for _, p := range subMinutePeriods {
		if s == p {
			return int32(s), true
		}
	}
	c.Add(field, kmswatch.RuleEnum, "%s, got %d s", periodRule, s)
	return 0, false
}

// TimeRange is the half-open interval [Start, End) a query reads: CloudWatch
// includes datapoints at Start and excludes those at End. Build one with
// [AlignedRange] or [LastRange] so it is aligned the way CloudWatch answers.
type TimeRange struct {
	Start time.Time
	End   time.Time
}

// LastRange returns the aligned range covering lookback up to now; see
// [AlignedRange]. It is safe for concurrent use.
func LastRange(lookback, period time.Duration, now time.Time) (TimeRange, error) {
	c := validate.New("metrics.LastRange")
	if lookback <= 0 {
		c.Add("lookback", kmswatch.RuleRange, "must be positive, got %v", lookback)
		return TimeRange{}, c.Err()
	}
	r, err := AlignedRange(now.Add(-lookback), now, period, now)
	c.MergeAs("start", "lookback", err)
	if err := c.Err(); err != nil {
		return TimeRange{}, err
	}
	return r, nil
}

// AlignedRange returns [start, end) widened to the boundaries CloudWatch uses,
// so that what a query asks for is what it gets and the service answers from
// its fast path (SDK doc of GetMetricDataInput.StartTime and EndTime):
//
//   - End is rounded up to a multiple of period (counted from the Unix epoch),
//     so the newest, possibly incomplete period is included.
//   - Start is rounded down to a multiple of period and of the step
//     CloudWatch itself rounds to for data that old: 1 minute under 15 days
//     before now, 5 minutes up to 63 days, 1 hour beyond.
//
// It also rejects ranges for which CloudWatch keeps no data at that period:
// periods under 60 s exist for the last 3 hours only, data older than 15 days
// needs a multiple of 300 s, older than 63 days a multiple of 3600 s, and
// nothing is kept beyond 455 days. All times are returned in UTC. Problems are
// reported together in a [*kmswatch.ValidationError]. AlignedRange is safe for
// concurrent use.
func AlignedRange(start, end time.Time, period time.Duration, now time.Time) (TimeRange, error) {
	c := validate.New("metrics.AlignedRange")
	secs, ok := checkPeriod(c, "period", period)
	if !end.After(start) {
		c.Add("end", kmswatch.RuleRange, "must be after Start (%s), got %s", start.UTC().Format(time.RFC3339), end.UTC().Format(time.RFC3339))
	}
	if !ok || !c.OK() {
		return TimeRange{}, c.Err()
	}
	age := now.Sub(start)
	step := int64(secs)
	switch {
	case age > maxAge:
		c.Add("start", kmswatch.RuleRange, "must be at most %v before now; CloudWatch keeps no data older than that, got %v", maxAge, age)
	case age > hourAge:
		step = lcm(step, 3600)
		needMultiple(c, secs, 3600, hourAge)
	case age > fiveMinuteAge:
		step = lcm(step, 300)
		needMultiple(c, secs, 300, fiveMinuteAge)
	case age > highResolutionLimit:
		needMultiple(c, secs, 60, highResolutionLimit)
	}
	if err := c.Err(); err != nil {
		return TimeRange{}, err
	}
	return TimeRange{Start: floorTo(start, step), End: ceilTo(end, int64(secs))}, nil
}

// needMultiple records that data older than age needs a period multiple of m.
func needMultiple(c *validate.Collector, secs int32, m int64, age time.Duration) {
	if int64(secs)%m != 0 {
		c.Add("period", kmswatch.RuleCombination, "must be a multiple of %d s when start is more than %v before now, got %d s", m, age, secs)
	}
}

func floorTo(t time.Time, step int64) time.Time {
	u := t.Unix()
	r := u % step
	if r < 0 {
		r += step
	}
	return time.Unix(u-r, 0).UTC()
}

func ceilTo(t time.Time, step int64) time.Time {
	f := floorTo(t, step)
	if f.Equal(t) {
		return f
	}
	return f.Add(time.Duration(step) * time.Second)
}

func lcm(a, b int64) int64 { return a / gcd(a, b) * b }

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// String renders the range as "Start/End" in RFC 3339.
func (r TimeRange) String() string {
	return fmt.Sprintf("%s/%s", r.Start.UTC().Format(time.RFC3339), r.End.UTC().Format(time.RFC3339))
}
