package cloudwatchengine

import (
	"math"
	"testing"
)

func TestJavaDouble(t *testing.T) {
	tests := map[string]struct {
		in   float64
		want string
	}{
		"whole":          {50, "50.0"},
		"fraction":       {99.50160229693434, "99.50160229693434"},
		"ten days":       {864000, "864000.0"},
		"below 10^7":     {9999999, "9999999.0"},
		"10^7":           {1e7, "1.0E7"},
		"one year":       {31536000, "3.1536E7"},
		"small":          {0.001, "0.001"},
		"below 10^-3":    {0.0001, "1.0E-4"},
		"negative":       {-2.5, "-2.5"},
		"zero":           {0, "0.0"},
		"negative zero":  {math.Copysign(0, -1), "-0.0"},
		"NaN":            {math.NaN(), "NaN"},
		"infinity":       {math.Inf(1), "Infinity"},
		"minus infinity": {math.Inf(-1), "-Infinity"},
	}
	for name, tc := range tests {
		if got := JavaDouble(tc.in); got != tc.want {
			t.Errorf("%s: JavaDouble(%v) = %q, want %q", name, tc.in, got, tc.want)
		}
	}
}

func TestReason(t *testing.T) {
	at := int64(1570035540) // 2019-10-02 16:59:00 UTC, the user guide's example
	above := Rule{N: 1, M: 1, Cmp: GreaterThanThreshold, Threshold: 50, Treat: TreatMissingMissing}
	breaching := above
	breaching.Treat = TreatBreaching
	tests := []struct {
		name string
		rule Rule
		prev string
		v    Verdict
		want string
	}{
		{"the user guide's example", above, StateOK,
			Verdict{State: StateAlarm, Evaluated: []Datapoint{{Start: at, Value: 99.50160229693434, Samples: 1, Present: true}}, Breaches: 1},
			"Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition)."},
		{"insufficient data", above, StateOK, Verdict{State: StateInsufficient},
			"Insufficient Data: 1 datapoint was unknown."},
		{"missing treated as breaching", breaching, StateOK, Verdict{State: StateAlarm, Filled: 1, FillTimes: []int64{at}},
			"Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching]."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rule.Reason(tt.prev, tt.v); got != tt.want {
				t.Errorf("Reason = %q, want %q", got, tt.want)
			}
		})
	}
}
