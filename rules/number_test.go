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
// within nearTol or coarseTol of it, as their numState says.
func checkApprox(t *testing.T, s string) {
	t.Helper()
	want, err := strconv.ParseFloat(s, 64)
	f, state, ok := approxNumber(s)
	if !ok {
		return
	}
	if err != nil {
		t.Fatalf("approxNumber(%s) = %v, but ParseFloat fails: %v", s, f, err)
	}
	if state == exactState {
		if f != want || math.Signbit(f) != math.Signbit(want) {
			t.Fatalf("approxNumber(%s) = %v exactly, want %v", s, f, want)
		}
		return
	}
	if d := math.Abs(f - want); d > math.Abs(f)*stateTol(state) {
		t.Fatalf("approxNumber(%s) = %v (state %d), %g from %v, over the bound", s, f, state, d, want)
	}
}

func TestApproxNumber(t *testing.T) {
	tests := map[string]struct {
		exact, ok bool
		coarse    bool // a fraction's digits passed over
	}{
		"0":                          {true, true, false},
		"-0":                         {true, true, false},
		"0.000":                      {true, true, false},
		"1":                          {true, true, false},
		"-2.5":                       {true, true, false},
		"1e0":                        {true, true, false},
		"1E+2":                       {true, true, false},
		"125e-3":                     {true, true, false},
		"5000000001":                 {true, true, false},
		"-122.42916360922355":        {false, true, true},
		"37.729900216217324":         {false, true, true},
		"37.72990021":                {true, true, false},
		"37.729900216":               {false, true, true},
		"0.10000000000000001":        {false, true, true},
		"0.000000001234567891":       {true, true, false},
		"1234567890.123456789":       {false, true, false},
		"1.1234567890123456789e-5":   {false, true, true},
		"1.12345678901234567890123":  {false, true, true},
		"9007199254740993":           {false, true, false},
		"9007199254740992":           {true, true, false},
		"12345678901234567890123":    {false, true, false},
		"1.5e22":                     {true, true, false},
		"1e23":                       {false, false, false},
		"1e-23":                      {false, false, false},
		"0.00000000000000000000001":  {false, false, false},
		"1e400":                      {false, false, false},
		"0e400":                      {true, true, false},
		"0.12345678":                 {true, true, false},
		"1.00000000e5":               {true, true, false},
		"3.1234567890123456":         {false, true, false},
		"2.123456789012345678":       {false, true, true},
		"0.0000000000000000000001e5": {true, true, false},
		"-0.00000000000000000000012345678901234567891": {false, false, false},
		"123456789012345678901234e-10":                 {false, true, false},
	}
	for s, tc := range tests {
		t.Run(s, func(t *testing.T) {
			_, state, ok := approxNumber(s)
			if exact, coarse := state == exactState, state == coarseState; exact != tc.exact || coarse != tc.coarse || ok != tc.ok {
				t.Errorf("approxNumber(%s): exact %v coarse %v ok %v, want %v %v %v", s, exact, coarse, ok, tc.exact, tc.coarse, tc.ok)
			}
			checkApprox(t, s)
		})
	}
}

// FuzzApproxNumber checks approxNumber against strconv.ParseFloat on every
// JSON number literal the fuzzer finds.
func FuzzApproxNumber(f *testing.F) {
	for _, s := range []string{"0", "-122.42916360922355", "1e22", "0.1", "123456789012345678901234", "-0.000001e-5", "37.729900216217324e-3", "9.99999999999999999999e-7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || (s[0] != '-' && (s[0] < '0' || s[0] > '9')) || s[len(s)-1] < '0' || s[len(s)-1] > '9' || !json.Valid([]byte(s)) {
			return
		}
		checkApprox(t, s)
		checkNumberConds(t, s)
	})
}

// checkNumberConds checks that numeric conditions, which decide on a
// node's approximate value where they can, answer for the JSON number
// literal s as they do on its exact value, with bounds at, beside and
// around that value; once on a fresh node (a pattern's walk) and once on
// one whose approximate value is already cached (a Set's read number).
func checkNumberConds(t *testing.T, s string) {
	t.Helper()
	want, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return // out of float64's range: no condition holds (TestNumberCondsNearValue)
	}
	below, above := math.Nextafter(want, math.Inf(-1)), math.Nextafter(want, math.Inf(1))
	conds := []numericCond{
		{lo: want, hi: math.Inf(1), loIncl: true},
		{lo: want, hi: math.Inf(1)},
		{lo: math.Inf(-1), hi: want, hiIncl: true},
		{lo: math.Inf(-1), hi: want},
		{lo: below, hi: above},
		{lo: above, hi: math.Inf(1)},
		{lo: math.Inf(-1), hi: below, hiIncl: true},
		{lo: want - math.Abs(want)*1e-12, hi: want + math.Abs(want)*1e-12, loIncl: true, hiIncl: true},
	}
	for _, cached := range []bool{false, true} {
		node := func() *eventNode {
			v := &eventNode{kind: kindNumber, text: s}
			if cached {
				v.near()
			}
			return v
		}
		for _, c := range conds {
			if got := c.test(node()); got != c.holds(want) {
				t.Fatalf("%+v.test(%s) = %v (cached %v), want %v", c, s, got, cached, !got)
			}
		}
		for _, x := range []float64{want, below, above} {
			if got := exactNumber(x).test(node()); got != (x == want) {
				t.Fatalf("exactNumber(%v).test(%s) = %v (cached %v), want %v", x, s, got, cached, !got)
			}
		}
	}
}

// TestNumberCondsNearValue holds numeric conditions, which decide on a
// number's approximate value where every number within its error bound
// gets the same answer, to their answer on the exact value, on literals
// whose approximate value is inexact (more than 15 or so significant
// digits, coarse, exponents) and near their bounds.
func TestNumberCondsNearValue(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "1", "-122.42916360922355", "37.729900216217324", "-122.41600944012424",
		"0.1", "0.30000000000000004", "1.0000000000000002", "123456789.123456789123",
		"-122.4160094401242400001", "5e9", "5000000000.000001", "-4.999999999999999999e9",
		"1e-7", "9.99999999999999999999e-7", "123456789012345678901234", "1.7976931348623157e308",
		"4.9e-324", "2.2250738585072014e-308", "0.000000000000000000000000000001",
	} {
		checkNumberConds(t, s)
	}
	for _, s := range []string{"1e400", "-1e400"} {
		v := &eventNode{kind: kindNumber, text: s}
		if (numericCond{lo: math.Inf(-1), hi: math.Inf(1)}).test(v) || exactNumber(0).test(v) {
			t.Fatalf("a condition holds for %s, out of float64's range", s)
		}
	}
	if (numericCond{lo: math.Inf(-1), hi: math.Inf(1)}).test(&eventNode{kind: kindString, text: "1"}) || exactNumber(1).test(&eventNode{kind: kindString, text: "1"}) {
		t.Fatal("a numeric condition holds for the string \"1\"")
	}
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
			for _, tol := range []float64{0, math.Abs(p) * nearTol, math.Abs(p) * coarseTol, 1e-300} {
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
	for _, s := range []string{"0", "-0", "01", "1.", "1.5e", "1e+", "-", "-122.42916360922355,", "1E5]", "0.1234567890123456789", "1e99999", "12345678901234567890", "2.5x", "37.729900216217324e-3", "1.12345678901234567890123", "-122.416009440124239,", "0.00000000123456789012"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end, f, state, ok := readNumber(s, 0)
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
		wf, wstate, wok := approxNumber(s[:end])
		if f != wf && !(math.IsNaN(f) && math.IsNaN(wf)) || state != wstate || ok != wok {
			t.Fatalf("readNumber(%q) = %v, %v, %v; approxNumber(%q) = %v, %v, %v", s, f, state, ok, s[:end], wf, wstate, wok)
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
