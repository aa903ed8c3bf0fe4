package main

import (
	"testing"
	"time"

	"github.com/kmswatch/kmswatch/internal/exampletest"
)

func TestRunOffline(t *testing.T) {
	tests := map[string]struct {
		args   []string
		golden string
	}{
		"defaults":          {args: []string{"-offline"}, golden: "offline.golden"},
		"one week by 5 min": {args: []string{"-offline", "-lookback", "168h", "-period", "5m"}, golden: "offline-week.golden"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) { exampletest.Golden(t, run, tc.args, tc.golden) })
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := map[string][]string{
		"unknown flag":     {"-offline", "-nope"},
		"bad period":       {"-offline", "-period", "90s"},
		"extra argument":   {"-offline", "now"},
		"lookback too far": {"-offline", "-lookback", "11000h", "-period", "1h"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) { exampletest.Fails(t, run, args) })
	}
}

func TestShortDuration(t *testing.T) {
	tests := map[string]struct {
		in   time.Duration
		want string
	}{
		"hours":   {in: 24 * time.Hour, want: "24h"},
		"mixed":   {in: 90 * time.Minute, want: "1h30m"},
		"seconds": {in: 45 * time.Second, want: "45s"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := shortDuration(tc.in); got != tc.want {
				t.Errorf("shortDuration(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestHumanize(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string
	}{
		"days":    {in: "180h30m59s", want: "7d 12h 30m"},
		"minutes": {in: "59s", want: "0d 00h 00m"},
		"expired": {in: "0s", want: "expired"},
		"past":    {in: "-1h", want: "expired"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d, err := time.ParseDuration(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := humanize(d); got != tc.want {
				t.Errorf("humanize(%s) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
