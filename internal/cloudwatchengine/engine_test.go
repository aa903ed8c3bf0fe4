package cloudwatchengine

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRoundStart(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	start := func(age time.Duration) time.Time { return now.Add(-age).Add(-7*time.Minute - 13*time.Second) }
	tests := []struct {
		name  string
		start time.Time
		want  time.Time
	}{
		{"less than 15 days: minute", start(time.Hour), time.Date(2026, 11, 24, 10, 52, 0, 0, time.UTC)},
		{"15 to 63 days: five minutes", start(20 * Day), time.Date(2026, 11, 4, 11, 50, 0, 0, time.UTC)},
		{"over 63 days: hour", start(70 * Day), time.Date(2026, 9, 15, 11, 0, 0, 0, time.UTC)},
		{"future: minute", now.Add(90 * time.Second), time.Date(2026, 11, 24, 12, 1, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, RoundStart(tt.start, now)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	tests := []struct {
		period time.Duration
		want   time.Duration
	}{
		{time.Second, 3 * time.Hour},
		{30 * time.Second, 3 * time.Hour},
		{time.Minute, 15 * Day},
		{4 * time.Minute, 15 * Day},
		{5 * time.Minute, 63 * Day},
		{time.Hour, 455 * Day},
		{Day, 455 * Day},
	}
	for _, tt := range tests {
		t.Run(tt.period.String(), func(t *testing.T) {
			if got := Retention(tt.period); got != tt.want {
				t.Errorf("Retention(%v) = %v, want %v", tt.period, got, tt.want)
			}
		})
	}
}

func TestAggregate(t *testing.T) {
	values := []float64{7, 1, 9, 3, 5}
	tests := map[string]float64{
		Minimum: 1, Maximum: 9, Sum: 25, Average: 5, SampleCount: 5,
		"p0": 1, "p50": 5, "p90": 9, "p100": 9, "p20": 1, "p20.01": 3,
		"tm80": 4, "TM(20%:80%)": 5, "IQM": 4, "TC(2:8)": 3, "TS(:5)": 9, "PR(:5)": 60, "WM(:5)": 3.8,
	}
	for stat, want := range tests {
		t.Run(stat, func(t *testing.T) {
			if got, ok := Aggregate(stat, append([]float64(nil), values...)); !ok || got != want {
				t.Errorf("Aggregate(%s) = %v, want %v", stat, got, want)
			}
		})
	}
}

func TestValidStat(t *testing.T) {
	tests := map[string]bool{
		"Minimum": true, "SampleCount": true, "p99": true, "p99.9": true, "p99.99": true, "p0": true, "p100": true,
		"p99.999": true, "tm90": true, "TM(10%:90%)": true, "TM(:95%)": true, "TC(0.005:0.030)": true, "PR(:300)": true, "IQM": true,
		"p99.12345678901": false, "TM(abc:)": false, "PR(10%:)": false, "p101": false, "p-1": false, "p": false, "P99": false, "p1e2": false, "minimum": false, "": false,
	}
	for stat, want := range tests {
		t.Run(stat, func(t *testing.T) {
			if got := ValidStat(stat); got != want {
				t.Errorf("ValidStat(%q) = %v, want %v", stat, got, want)
			}
		})
	}
}
