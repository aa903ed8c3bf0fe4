package statistic

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func pct(v float64) Bound { return Bound{Set: true, Value: v, Percent: true} }
func abs(v float64) Bound { return Bound{Set: true, Value: v} }

func TestParse(t *testing.T) {
	tests := map[string]Extended{
		"p99":             {Kind: Percentile, Upper: pct(99)},
		"p99.9":           {Kind: Percentile, Upper: pct(99.9)},
		"p0":              {Kind: Percentile, Upper: pct(0)},
		"p100":            {Kind: Percentile, Upper: pct(100)},
		"p99.9999999999":  {Kind: Percentile, Upper: pct(99.9999999999)},
		"tm90":            {Kind: TrimmedMean, Upper: pct(90)},
		"wm98":            {Kind: WinsorizedMean, Upper: pct(98)},
		"tc90":            {Kind: TrimmedCount, Upper: pct(90)},
		"ts90":            {Kind: TrimmedSum, Upper: pct(90)},
		"IQM":             {Kind: InterquartileMean, Lower: pct(25), Upper: pct(75)},
		"TM(10%:90%)":     {Kind: TrimmedMean, Lower: pct(10), Upper: pct(90)},
		"TM(:95%)":        {Kind: TrimmedMean, Upper: pct(95)},
		"TM(10%:)":        {Kind: TrimmedMean, Lower: pct(10)},
		"TM(150:1000)":    {Kind: TrimmedMean, Lower: abs(150), Upper: abs(1000)},
		"WM(10%:90%)":     {Kind: WinsorizedMean, Lower: pct(10), Upper: pct(90)},
		"TC(0.005:0.030)": {Kind: TrimmedCount, Lower: abs(0.005), Upper: abs(0.03)},
		"TS(80%:)":        {Kind: TrimmedSum, Lower: pct(80)},
		"PR(:300)":        {Kind: PercentileRank, Upper: abs(300)},
		"PR(100:2000)":    {Kind: PercentileRank, Lower: abs(100), Upper: abs(2000)},
		"PR(-5:)":         {Kind: PercentileRank, Lower: abs(-5)},
	}
	for in, want := range tests {
		t.Run(in, func(t *testing.T) {
			got, err := Parse(in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		"", "p", "p101", "p100.1", "p-1", "p1e2", "p+5", "p99.", "p.5", "p99.12345678901", "P99", "tm", "tm101",
		"TM90", "TM", "TM()", "TM(:)", "TM(10%)", "TM(10%:90%", "TM10%:90%)", "TM(10%:90%:)", "TM(abc:def)",
		"TM(101%:)", "TM(:-1%)", "tm(10%:90%)", "PR(10%:20%)", "PR(:)", "XX(1:2)", "iqm", "IQM()", "Average",
	} {
		t.Run(in, func(t *testing.T) {
			got, err := Parse(in)
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("Parse(%q) = %+v, %v; want an error matching ErrSyntax", in, got, err)
			}
		})
	}
}

func TestCompute(t *testing.T) {
	ten := []float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5}
	tests := []struct {
		stat   string
		values []float64
		want   float64
		ok     bool
	}{
		{"p50", ten, 5, true},
		{"p90", ten, 9, true},
		{"p100", ten, 10, true},
		{"tm90", ten, 5, true},          // drops 10
		{"TM(10%:90%)", ten, 5.5, true}, // drops 1 and 10
		{"TM(:95%)", ten, 5, true},      // floor(9.5) = 9 kept
		{"TM(3:7)", ten, 5.5, true},     // 4, 5, 6, 7
		{"TM(20:30)", ten, 0, false},    // nothing kept
		{"IQM", []float64{1, 2, 3, 4, 5, 6, 7, 8}, 4.5, true},
		{"WM(10%:90%)", ten, 5.5, true}, // 1 -> 2, 10 -> 9
		{"WM(:5)", ten, 4, true},        // 6..10 -> 5: (15 + 25) / 10
		{"tc90", ten, 9, true},
		{"TC(0.005:0.030)", []float64{0.005, 0.01, 0.03, 0.04}, 2, true},
		{"ts90", ten, 45, true},
		{"TS(80%:)", ten, 19, true},
		{"PR(:3)", ten, 30, true},
		{"PR(100:2000)", ten, 0, true},
		{"p99", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.stat, func(t *testing.T) {
			e, err := Parse(tt.stat)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := e.Compute(append([]float64(nil), tt.values...))
			type result struct {
				V  float64
				OK bool
			}
			if diff := cmp.Diff(result{tt.want, tt.ok}, result{got, ok}); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"p99.9", "tm90", "IQM", "TM(10%:90%)", "TC(0.005:0.030)", "PR(:300)", "WM(:5)", "TM(abc:)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("Parse(%q): error %v does not match ErrSyntax", s, err)
			}
			return
		}
		if e.Kind < Percentile || e.Kind > InterquartileMean || !(e.Lower.Set || e.Upper.Set) {
			t.Fatalf("Parse(%q) = %+v: incomplete statistic", s, e)
		}
		e.Compute([]float64{3, 1, 2})
	})
}
