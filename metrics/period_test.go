package metrics

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

func TestCheckPeriod(t *testing.T) {
	tests := map[string]struct {
		period   time.Duration
		problems []kmswatch.Problem
	}{
		"1 s":      {period: time.Second},
		"5 s":      {period: 5 * time.Second},
		"10 s":     {period: 10 * time.Second},
		"20 s":     {period: 20 * time.Second},
		"30 s":     {period: 30 * time.Second},
		"60 s":     {period: time.Minute},
		"1 day":    {period: 24 * time.Hour},
		"zero":     {period: 0, problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 0 s"}}},
		"negative": {period: -time.Minute, problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got -60 s"}}},
		"15 s":     {period: 15 * time.Second, problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 15 s"}}},
		"90 s":     {period: 90 * time.Second, problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 90 s"}}},
		"fraction": {period: 1500 * time.Millisecond, problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 1.5s (not whole seconds)"}}},
		"too big":  {period: 1 << 31 * time.Second, problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleRange, Message: "must be at most 2147483647 s, got 2147483648 s"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			problemtest.Exact(t, CheckPeriod(tc.period), tc.problems)
		})
	}
}

func TestAlignedRange(t *testing.T) {
	now := time.Date(2026, 11, 24, 6, 37, 23, 500, time.UTC)
	day := 24 * time.Hour
	tests := map[string]struct {
		start, end time.Time
		period     time.Duration
		want       TimeRange
		problems   []kmswatch.Problem
	}{
		"last hour by minute": {
			start: now.Add(-time.Hour), end: now, period: time.Minute,
			want: TimeRange{time.Date(2026, 11, 24, 5, 37, 0, 0, time.UTC), time.Date(2026, 11, 24, 6, 38, 0, 0, time.UTC)},
		},
		"last day by hour": {
			start: now.Add(-day), end: now, period: time.Hour,
			want: TimeRange{time.Date(2026, 11, 23, 6, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 7, 0, 0, 0, time.UTC)},
		},
		"high resolution last 10 minutes": {
			start: now.Add(-10 * time.Minute), end: now, period: 10 * time.Second,
			want: TimeRange{time.Date(2026, 11, 24, 6, 27, 20, 0, time.UTC), time.Date(2026, 11, 24, 6, 37, 30, 0, time.UTC)},
		},
		"aligned end stays": {
			start: time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC), end: time.Date(2026, 11, 24, 6, 30, 0, 0, time.UTC), period: 5 * time.Minute,
			want: TimeRange{time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 6, 30, 0, 0, time.UTC)},
		},
		"20 days back rounds start to 5 minutes": {
			start: now.Add(-20 * day), end: now, period: 10 * time.Minute,
			want: TimeRange{time.Date(2026, 11, 4, 6, 30, 0, 0, time.UTC), time.Date(2026, 11, 24, 6, 40, 0, 0, time.UTC)},
		},
		"90 days back rounds start to the hour": {
			start: now.Add(-90 * day), end: now, period: 2 * time.Hour,
			want: TimeRange{time.Date(2026, 8, 26, 6, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)},
		},
		"sub-minute period too old": {
			start: now.Add(-4 * time.Hour), end: now, period: 30 * time.Second,
			problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleCombination, Message: "must be a multiple of 60 s when start is more than 3h0m0s before now, got 30 s"}},
		},
		"one minute period 20 days back": {
			start: now.Add(-20 * day), end: now, period: time.Minute,
			problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleCombination, Message: "must be a multiple of 300 s when start is more than 360h0m0s before now, got 60 s"}},
		},
		"five minute period 90 days back": {
			start: now.Add(-90 * day), end: now, period: 5 * time.Minute,
			problems: []kmswatch.Problem{{Field: "period", Rule: kmswatch.RuleCombination, Message: "must be a multiple of 3600 s when start is more than 1512h0m0s before now, got 300 s"}},
		},
		"beyond retention": {
			start: now.Add(-500 * day), end: now, period: time.Hour,
			problems: []kmswatch.Problem{{Field: "start", Rule: kmswatch.RuleRange, Message: "must be at most 10920h0m0s before now; CloudWatch keeps no data older than that, got 12000h0m0s"}},
		},
		"end before start and bad period": {
			start: now, end: now.Add(-time.Hour), period: 7 * time.Second,
			problems: []kmswatch.Problem{
				{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 7 s"},
				{Field: "end", Rule: kmswatch.RuleRange, Message: "must be after Start (2026-11-24T06:37:23Z), got 2026-11-24T05:37:23Z"},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := AlignedRange(tc.start, tc.end, tc.period, now)
			problemtest.Exact(t, err, tc.problems)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLastRange(t *testing.T) {
	now := time.Date(2026, 11, 24, 6, 37, 23, 0, time.FixedZone("CET", 3600))
	got, err := LastRange(3*time.Hour, 5*time.Minute, now)
	if err != nil {
		t.Fatal(err)
	}
	want := TimeRange{time.Date(2026, 11, 24, 2, 35, 0, 0, time.UTC), time.Date(2026, 11, 24, 5, 40, 0, 0, time.UTC)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if s := got.String(); s != "2026-11-24T02:35:00Z/2026-11-24T05:40:00Z" {
		t.Errorf("String() = %q", s)
	}
}
