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

func run(err error, subject string, want []fieldRule) (msgs int) {
	r := &recorder{}
	defer func() {
		if p := recover(); p != nil && p != errFatal {
			panic(p)
		}
		msgs = len(r.msgs)
	}()
	Check(r, err, subject, want)
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
			if got := run(tc.err, tc.subject, tc.want); got != tc.msgs {
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
