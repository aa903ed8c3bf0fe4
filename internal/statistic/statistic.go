// Package statistic parses and computes the CloudWatch extended statistics:
// percentiles (pNN), trimmed mean (tmNN, TM(a:b)), winsorized mean (wmNN,
// WM(a:b)), trimmed count (tcNN, TC(a:b)), trimmed sum (tsNN, TS(a:b)),
// percentile rank (PR(a:b)) and interquartile mean (IQM).
//
// The grammar is the one the CloudWatch user guide documents
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html)
// and the SDK repeats in PutMetricAlarmInput.ExtendedStatistic
// (cloudwatch@v1.75.6 api_op_PutMetricAlarm.go):
//
//	pN | tmN | wmN | tcN | tsN            N a percentage, 0–100
//	TM(b:b) | WM(b:b) | TC(b:b) | TS(b:b)  b a percentage N% or a metric value, either side may be empty, not both
//	PR(v:v)                                v a metric value, either side may be empty, not both
//	IQM
//
// Every number has at most 10 decimal places, the precision the user guide
// gives for boundaries; the guide gives none for percentiles, so the same
// limit applies to them. The case of each form is the documented one
// ("tm90", "TM(10%:90%)"); whether CloudWatch accepts other cases is not
// documented, so they are rejected.
package statistic

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Kind is the family of an extended statistic.
type Kind int

// The extended statistic families.
const (
	Percentile Kind = iota + 1
	TrimmedMean
	WinsorizedMean
	TrimmedCount
	TrimmedSum
	PercentileRank
	InterquartileMean
)

// Bound is one side of a range; the zero value is an open side.
type Bound struct {
	Set     bool
	Value   float64
	Percent bool // Value is a percentage of the data points, not a metric value
}

// Extended is a parsed extended statistic.
type Extended struct {
	Kind Kind
	// Lower and Upper bound the data points the statistic uses. A
	// percentile has Upper only, the percentile itself.
	Lower, Upper Bound
}

// maxDecimals is the precision of a boundary (statistics definitions page).
const maxDecimals = 10

// ErrSyntax is matched by every error [Parse] returns.
var ErrSyntax = errors.New("not a CloudWatch extended statistic")

// SyntaxError is a string [Parse] rejects and why.
type SyntaxError struct {
	Stat   string
	Reason string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%q: %s", e.Stat, e.Reason) }

// Is reports whether target is [ErrSyntax].
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

var (
	shortForms = map[string]Kind{"tm": TrimmedMean, "wm": WinsorizedMean, "tc": TrimmedCount, "ts": TrimmedSum}
	rangeForms = map[string]Kind{"TM": TrimmedMean, "WM": WinsorizedMean, "TC": TrimmedCount, "TS": TrimmedSum, "PR": PercentileRank}
)

// Parse parses an extended statistic, or returns a [*SyntaxError], which
// matches [ErrSyntax], saying what is wrong.
func Parse(s string) (Extended, error) {
	fail := func(format string, args ...any) (Extended, error) {
		return Extended{}, &SyntaxError{Stat: s, Reason: fmt.Sprintf(format, args...)}
	}
	if s == "IQM" {
		return Extended{Kind: InterquartileMean, Lower: Bound{Set: true, Value: 25, Percent: true}, Upper: Bound{Set: true, Value: 75, Percent: true}}, nil
	}
	if len(s) >= 2 {
		if kind, ok := rangeForms[s[:2]]; ok && strings.HasPrefix(s[2:], "(") {
			inner, ok := strings.CutSuffix(s[3:], ")")
			lo, hi, colon := strings.Cut(inner, ":")
			if !ok || !colon {
				return fail("a range is written %s(lower:upper)", s[:2])
			}
			if lo == "" && hi == "" {
				return fail("a range needs a lower or an upper bound")
			}
			e := Extended{Kind: kind}
			var err error
			if e.Lower, err = bound(lo, kind != PercentileRank); err != nil {
				return fail("lower bound: %v", err)
			}
			if e.Upper, err = bound(hi, kind != PercentileRank); err != nil {
				return fail("upper bound: %v", err)
			}
			return e, nil
		}
		if kind, ok := shortForms[s[:2]]; ok {
			v, err := percent(s[2:])
			if err != nil {
				return fail("%v", err)
			}
			return Extended{Kind: kind, Upper: Bound{Set: true, Value: v, Percent: true}}, nil
		}
	}
	if rest, ok := strings.CutPrefix(s, "p"); ok {
		v, err := percent(rest)
		if err != nil {
			return fail("%v", err)
		}
		return Extended{Kind: Percentile, Upper: Bound{Set: true, Value: v, Percent: true}}, nil
	}
	return fail("use pN, tmN, wmN, tcN, tsN, IQM, or TM, WM, TC, TS or PR with a range (lower:upper)")
}

// bound parses one side of a range; "" is an open side.
func bound(s string, percentOK bool) (Bound, error) {
	if s == "" {
		return Bound{}, nil
	}
	if num, ok := strings.CutSuffix(s, "%"); ok {
		if !percentOK {
			return Bound{}, fmt.Errorf("percentile rank takes metric values, not percentages, got %q", s)
		}
		v, err := percent(num)
		return Bound{Set: true, Value: v, Percent: true}, err
	}
	v, err := number(s)
	return Bound{Set: true, Value: v}, err
}

// percent parses a percentage from 0 to 100.
func percent(s string) (float64, error) {
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("a percentage must be between 0 and 100, got %s", s)
	}
	v, err := number(s)
	if err != nil {
		return 0, err
	}
	if v < 0 || v > 100 {
		return 0, fmt.Errorf("a percentage must be between 0 and 100, got %s", s)
	}
	return v, nil
}

// number parses a decimal number: an optional minus sign, digits, and at
// most maxDecimals decimal places; no exponent, no plus sign.
func number(s string) (float64, error) {
	digits := strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(digits, ".")
	if whole == "" || !allDigits(whole) || (dot && (frac == "" || !allDigits(frac))) {
		return 0, fmt.Errorf("%q is not a decimal number", s)
	}
	if len(frac) > maxDecimals {
		return 0, fmt.Errorf("%q has more than %d decimal places", s, maxDecimals)
	}
	return strconv.ParseFloat(s, 64)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Compute returns the statistic over values, which it may reorder. It
// reports false when the statistic has no value: values is empty, or a mean
// has no data point inside its bounds.
//
// CloudWatch does not document how it interpolates; Compute uses nearest
// rank. A percentage bound keeps the data points whose rank r (1-based, in
// ascending order of n points) satisfies lower·n/100 < r ≤ upper·n/100, so
// tm90 drops the highest 10 % and TM(2%:98%) the lowest and highest 2 %. A
// metric-value bound keeps lower < v ≤ upper, exclusive below and inclusive
// above as the guide says of TC and PR. A winsorized mean replaces the points
// outside the bounds with the nearest kept value (percentage bounds) or with
// the bound itself (metric-value bounds).
func (e Extended) Compute(values []float64) (float64, bool) {
	n := len(values)
	if n == 0 {
		return 0, false
	}
	slices.Sort(values)
	if e.Kind == Percentile {
		rank := int(math.Ceil(e.Upper.Value / 100 * float64(n)))
		return values[max(rank-1, 0)], true
	}
	first, last := 0, n // kept: values[first:last]
	if b := e.Lower; b.Set && b.Percent {
		first = max(first, int(math.Floor(b.Value/100*float64(n)+1e-9)))
	} else if b.Set {
		for first < n && values[first] <= b.Value {
			first++
		}
	}
	if b := e.Upper; b.Set && b.Percent {
		last = min(last, int(math.Floor(b.Value/100*float64(n)+1e-9)))
	} else if b.Set {
		for last > 0 && values[last-1] > b.Value {
			last--
		}
	}
	kept := values[first:max(first, last)]
	var sum float64
	for _, v := range kept {
		sum += v
	}
	switch e.Kind {
	case TrimmedCount:
		return float64(len(kept)), true
	case TrimmedSum:
		return sum, true
	case PercentileRank:
		return 100 * float64(len(kept)) / float64(n), true
	case WinsorizedMean:
		if len(kept) == 0 {
			return 0, false
		}
		lo, hi := kept[0], kept[len(kept)-1]
		if !e.Lower.Percent && e.Lower.Set {
			lo = e.Lower.Value
		}
		if !e.Upper.Percent && e.Upper.Set {
			hi = e.Upper.Value
		}
		sum += lo*float64(first) + hi*float64(n-first-len(kept))
		return sum / float64(n), true
	}
	if len(kept) == 0 { // TrimmedMean, InterquartileMean
		return 0, false
	}
	return sum / float64(len(kept)), true
}
