package cloudwatchengine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestJudge(t *testing.T) {
	dp := func(start int64, v float64) Datapoint {
		return Datapoint{Start: start, Value: v, Samples: 1, Present: true}
	}
	gap := func(start int64) Datapoint { return Datapoint{Start: start} }
	above := Rule{N: 3, M: 2, Cmp: GreaterThanThreshold, Threshold: 10, Treat: TreatMissingMissing}
	with := func(treat string) Rule { r := above; r.Treat = treat; return r }
	tests := []struct {
		name string
		rule Rule
		dps  []Datapoint // most recent first
		want Verdict
	}{
		{"2 of 3 breach", above, []Datapoint{dp(180, 11), dp(120, 12), dp(60, 1)},
			Verdict{State: StateAlarm, Evaluated: []Datapoint{dp(180, 11), dp(120, 12), dp(60, 1)}, Breaches: 2, Fine: 1}},
		{"1 of 3 breach", above, []Datapoint{dp(180, 11), dp(120, 1), dp(60, 1)},
			Verdict{State: StateOK, Evaluated: []Datapoint{dp(180, 11), dp(120, 1), dp(60, 1)}, Breaches: 1, Fine: 2}},
		{"N most recent present only", above, []Datapoint{dp(240, 1), gap(180), dp(120, 1), dp(60, 1), dp(0, 11)},
			Verdict{State: StateOK, Evaluated: []Datapoint{dp(240, 1), dp(120, 1), dp(60, 1)}, Fine: 3}},
		{"all missing", above, []Datapoint{gap(180), gap(120), gap(60)},
			Verdict{State: StateInsufficient}},
		{"all missing, ignore keeps the state", with(TreatIgnore), []Datapoint{gap(180), gap(120), gap(60)},
			Verdict{}},
		{"missing as breaching", with(TreatBreaching), []Datapoint{gap(180), dp(120, 1), gap(60)},
			Verdict{State: StateAlarm, Evaluated: []Datapoint{dp(120, 1)}, Fine: 1, Filled: 2, FillTimes: []int64{180, 60}}},
		{"missing as not breaching", with(TreatNotBreaching), []Datapoint{gap(180), dp(120, 11), gap(60)},
			Verdict{State: StateOK, Evaluated: []Datapoint{dp(120, 11)}, Breaches: 1, Filled: 2, FillTimes: []int64{180, 60}}},
		{"missing, enough breaches anyway", above, []Datapoint{dp(180, 11), dp(120, 11), gap(60)},
			Verdict{State: StateAlarm, Evaluated: []Datapoint{dp(180, 11), dp(120, 11)}, Breaches: 2}},
		{"low sample count percentile ignored", Rule{N: 1, M: 1, Cmp: GreaterThanThreshold, Threshold: 10, Extended: true, Pct: 90, LowSampleIgnore: true},
			[]Datapoint{{Start: 60, Value: 11, Samples: 99, Present: true}},
			Verdict{Evaluated: []Datapoint{{Start: 60, Value: 11, Samples: 99, Present: true}}}},
		{"percentile with enough samples", Rule{N: 1, M: 1, Cmp: GreaterThanThreshold, Threshold: 10, Extended: true, Pct: 90, LowSampleIgnore: true},
			[]Datapoint{{Start: 60, Value: 11, Samples: 100, Present: true}},
			Verdict{State: StateAlarm, Evaluated: []Datapoint{{Start: 60, Value: 11, Samples: 100, Present: true}}, Breaches: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Verdict
			tt.rule.Judge(tt.dps, &got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBreaches(t *testing.T) {
	tests := []struct {
		cmp  string
		want [3]bool // 9, 10, 11 against a threshold of 10
	}{
		{GreaterThanThreshold, [3]bool{false, false, true}},
		{GreaterThanOrEqualToThreshold, [3]bool{false, true, true}},
		{LessThanThreshold, [3]bool{true, false, false}},
		{LessThanOrEqualToThreshold, [3]bool{true, true, false}},
		{"LessThanLowerOrGreaterThanUpperThreshold", [3]bool{}},
	}
	for _, tt := range tests {
		r := Rule{Cmp: tt.cmp, Threshold: 10}
		got := [3]bool{r.Breaches(9), r.Breaches(10), r.Breaches(11)}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", tt.cmp, diff)
		}
	}
}
