package rules

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// checkApprox checks approxNumber against strconv.ParseFloat on a JSON
// number literal: exact results equal the nearest float64, others are
// within nearTol of it.
func checkApprox(t *testing.T, s string) {
	t.Helper()
	want, err := strconv.ParseFloat(s, 64)
	f, exact, ok := approxNumber(s)
	if !ok {
		return
	}
	if err != nil {
		t.Fatalf("approxNumber(%s) = %v, but ParseFloat fails: %v", s, f, err)
	}
	if exact && (f != want || math.Signbit(f) != math.Signbit(want)) {
		t.Fatalf("approxNumber(%s) = %v exactly, want %v", s, f, want)
	}
	if d := math.Abs(f - want); d > math.Abs(f)*nearTol {
		t.Fatalf("approxNumber(%s) = %v, %g from %v, over the bound", s, f, d, want)
	}
}

func TestApproxNumber(t *testing.T) {
	tests := map[string]struct {
		exact, ok bool
	}{
		"0":                          {true, true},
		"-0":                         {true, true},
		"0.000":                      {true, true},
		"1":                          {true, true},
		"-2.5":                       {true, true},
		"1e0":                        {true, true},
		"1E+2":                       {true, true},
		"125e-3":                     {true, true},
		"5000000001":                 {true, true},
		"-122.42916360922355":        {false, true},
		"37.729900216217324":         {false, true},
		"0.10000000000000001":        {false, true},
		"9007199254740993":           {false, true},
		"9007199254740992":           {true, true},
		"12345678901234567890123":    {false, true},
		"1.5e22":                     {true, true},
		"1e23":                       {false, false},
		"1e-23":                      {false, false},
		"0.00000000000000000000001":  {false, false},
		"1e400":                      {false, false},
		"0e400":                      {true, true},
		"0.12345678":                 {true, true},
		"1.00000000e5":               {true, true},
		"3.1234567890123456":         {false, true},
		"2.123456789012345678":       {false, true},
		"0.0000000000000000000001e5": {true, true},
		"-0.00000000000000000000012345678901234567891": {false, false},
		"123456789012345678901234e-10":                 {false, true},
	}
	for s, tc := range tests {
		t.Run(s, func(t *testing.T) {
			_, exact, ok := approxNumber(s)
			if exact != tc.exact || ok != tc.ok {
				t.Errorf("approxNumber(%s): exact %v ok %v, want %v %v", s, exact, ok, tc.exact, tc.ok)
			}
			checkApprox(t, s)
		})
	}
}

// FuzzApproxNumber checks approxNumber against strconv.ParseFloat on every
// JSON number literal the fuzzer finds.
func FuzzApproxNumber(f *testing.F) {
	for _, s := range []string{"0", "-122.42916360922355", "1e22", "0.1", "123456789012345678901234", "-0.000001e-5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) || s[len(s)-1] < '0' || s[len(s)-1] > '9' || !json.Valid([]byte(s)) {
			return
		}
		checkApprox(t, s)
	})
}

// TestNumericCondNear checks that a range decided on an approximate value
// agrees with the range on every number within the bound.
func TestNumericCondNear(t *testing.T) {
	conds := []numericCond{
		{lo: 0, hi: 1, loIncl: false, hiIncl: true},
		{lo: -122.41600944012424, hi: math.Inf(1)},
		{lo: math.Inf(-1), hi: -122.41600944012424},
		{lo: 1, hi: math.Nextafter(1, 2), loIncl: true},
		{lo: 4.9e9, hi: math.Inf(1)},
	}
	points := []float64{0, 1, -122.41600944012424, math.Nextafter(-122.41600944012424, 0), 1.0000000000000002, 5e9, 5.0000000001e9, 0.5}
	for _, c := range conds {
		for _, p := range points {
			for _, tol := range []float64{0, math.Abs(p) * nearTol, 1e-300} {
				in, out := c.near(p, tol)
				for _, x := range []float64{p - tol, p, p + tol} {
					if (in && !c.holds(x)) || (out && c.holds(x)) {
						t.Errorf("%+v near(%v, %g) = %v, %v, but holds(%v) = %v", c, p, tol, in, out, x, c.holds(x))
					}
				}
			}
		}
	}
}

// FuzzReadNumber checks readNumber against the scanner and
// approxNumber: where readNumber takes a literal it ends where the
// scanner's Skip does and values it as approxNumber does; it takes every
// valid literal of up to 19 digits and nothing the scanner refuses.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"0", "-0", "01", "1.", "1.5e", "1e+", "-", "-122.42916360922355,", "1E5]", "0.1234567890123456789", "1e99999", "12345678901234567890", "2.5x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end, f, exact, ok := readNumber(s, 0)
		if s == "" {
			if end >= 0 {
				t.Fatalf("readNumber(\"\") = %d", end)
			}
			return
		}
		sc := jsonscan.New(s)
		sc.Skip()
		if end < 0 {
			if sc.Err == nil && digitsIn(s[:sc.Pos]) <= 19 && (s[0] == '-' || s[0]-'0' < 10) {
				t.Fatalf("readNumber(%q) refuses a literal the scanner takes, %q", s, s[:sc.Pos])
			}
			return
		}
		if sc.Err != nil || sc.Pos != end {
			t.Fatalf("readNumber(%q) ends at %d, the scanner at %d (%v)", s, end, sc.Pos, sc.Err)
		}
		wf, wexact, wok := approxNumber(s[:end])
		if f != wf && !(math.IsNaN(f) && math.IsNaN(wf)) || exact != wexact || ok != wok {
			t.Fatalf("readNumber(%q) = %v, %v, %v; approxNumber(%q) = %v, %v, %v", s, f, exact, ok, s[:end], wf, wexact, wok)
		}
	})
}

// digitsIn counts the decimal digits of a literal's mantissa.
func digitsIn(s string) int {
	n := 0
	for i := 0; i < len(s) && s[i]|0x20 != 'e'; i++ {
		if s[i]-'0' < 10 {
			n++
		}
	}
	return n
}
