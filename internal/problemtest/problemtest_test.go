package problemtest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
)

type fieldRule struct {
	Field string
	Rule  kmswatch.Rule
}

// recorder is a testing.TB that keeps what Check reports instead of failing
// the test running it; Fatalf stops the check by panicking with errFatal.
type recorder struct {
	testing.TB
	msgs []string
}

var errFatal = errors.New("fatal")

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(errFatal)
}

// reports calls check with a recorder and returns how many failures it
// reported, counting one that stopped it.
func reports(check func(testing.TB)) (msgs int) {
	r := &recorder{}
	defer func() {
		if p := recover(); p != nil && p != errFatal {
			panic(p)
		}
		msgs = len(r.msgs)
	}()
	check(r)
	return len(r.msgs)
}

func TestCheck(t *testing.T) {
	err := &kmswatch.ValidationError{Subject: "s", Problems: []kmswatch.Problem{
		{Field: "a", Rule: kmswatch.RuleRequired, Message: "is required"},
		{Field: "b", Rule: kmswatch.RuleRange, Message: "out of range"},
	}}
	want := []fieldRule{{"a", kmswatch.RuleRequired}, {"b", kmswatch.RuleRange}}
	tests := map[string]struct {
		err     error
		subject string
		want    []fieldRule
		msgs    int
	}{
		"match":          {err, "s", want, 0},
		"wrapped match":  {fmt.Errorf("ctx: %w", err), "s", want, 0},
		"other subject":  {err, "t", want, 1},
		"other problems": {err, "s", want[:1], 1},
		"both differ":    {err, "t", nil, 2},
		"not validation": {errors.New("boom"), "s", want, 1},
		"nil":            {nil, "s", want, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := reports(func(r testing.TB) { Check(r, tc.err, tc.subject, tc.want) }); got != tc.msgs {
				t.Errorf("Check reported %d problems, want %d", got, tc.msgs)
			}
		})
	}
	if diff := cmp.Diff(want, Of[fieldRule](err)); diff != "" {
		t.Errorf("Of mismatch (-want +got):\n%s", diff)
	}
	if got := Of[fieldRule](errors.New("boom")); got != nil {
		t.Errorf("Of(non-validation error) = %v, want nil", got)
	}
}

func TestExact(t *testing.T) {
	want := []kmswatch.Problem{{Field: "a", Rule: kmswatch.RuleRequired, Message: "is required"}}
	err := &kmswatch.ValidationError{Subject: "s", Problems: want}
	tests := map[string]struct {
		err  error
		want []kmswatch.Problem
		msgs int
	}{
		"nil wanted":       {nil, nil, 0},
		"error unwanted":   {err, nil, 1},
		"match":            {err, want, 0},
		"wrapped match":    {fmt.Errorf("ctx: %w", err), want, 0},
		"other message":    {err, []kmswatch.Problem{{Field: "a", Rule: kmswatch.RuleRequired, Message: "must be set"}}, 1},
		"not validation":   {errors.New("boom"), want, 1},
		"nil, want errors": {nil, want, 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := reports(func(r testing.TB) { Exact(r, tc.err, tc.want) }); got != tc.msgs {
				t.Errorf("Exact reported %d problems, want %d", got, tc.msgs)
			}
		})
	}
}

// hiding wraps an error under a text of its own, so that its problems'
// messages are not in the error's text.
type hiding struct{ err error }

func (h hiding) Error() string { return "invalid input" }
func (h hiding) Unwrap() error { return h.err }

// capture calls fn with err and a recorder, returning what fn returned (nil
// when it stopped on Fatalf) and what it reported.
func capture(fn func(testing.TB, error) []string, err error) (got, msgs []string) {
	r := &recorder{}
	defer func() {
		if p := recover(); p != nil && p != errFatal {
			panic(p)
		}
		msgs = r.msgs
	}()
	return fn(r, err), r.msgs
}

// TestLists covers List and Fields, which read the same problems and fail
// the test alike on an error that is not a validation error.
func TestLists(t *testing.T) {
	valid := &kmswatch.ValidationError{Subject: "s", Problems: []kmswatch.Problem{
		{Field: "a", Rule: kmswatch.RuleRequired, Message: "is required"},
		{Field: "b.c", Rule: kmswatch.RuleRange, Message: "out of range"},
	}}
	tests := map[string]struct {
		fn   func(testing.TB, error) []string
		err  error
		want []string
		msgs int // reports made through t
	}{
		"List/nil":                       {List, nil, nil, 0},
		"List/problems in order":         {List, valid, []string{"a required", "b.c range"}, 0},
		"List/wrapped":                   {List, fmt.Errorf("ctx: %w", valid), []string{"a required", "b.c range"}, 0},
		"List/not a ValidationError":     {List, errors.New("boom"), nil, 1},
		"List/text lacks the messages":   {List, hiding{valid}, []string{"a required", "b.c range"}, 2},
		"Fields/problems in order":       {Fields, valid, []string{"a", "b.c"}, 0},
		"Fields/wrapped":                 {Fields, fmt.Errorf("ctx: %w", valid), []string{"a", "b.c"}, 0},
		"Fields/not a ValidationError":   {Fields, errors.New("boom"), nil, 1},
		"Fields/nil":                     {Fields, nil, nil, 1},
		"Fields/text lacks the messages": {Fields, hiding{valid}, []string{"a", "b.c"}, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, msgs := capture(tc.fn, tc.err)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if len(msgs) != tc.msgs {
				t.Errorf("reports = %q, want %d", msgs, tc.msgs)
			}
		})
	}
}
