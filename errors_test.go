package kmswatch_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
)

func TestValidationError(t *testing.T) {
	tests := map[string]struct {
		err  *kmswatch.ValidationError
		want string
	}{
		"fields": {
			err: &kmswatch.ValidationError{Subject: "cloudwatch.PutMetricAlarmInput", Problems: []kmswatch.Problem{
				{Field: "Period", Rule: kmswatch.RuleRange, Message: "must be positive"},
				{Field: "AlarmName", Rule: kmswatch.RuleRequired, Message: "is required"},
			}},
			want: "invalid cloudwatch.PutMetricAlarmInput: Period: must be positive; AlarmName: is required",
		},
		"the value as a whole": {
			err: &kmswatch.ValidationError{Subject: "alarms.Plan", Problems: []kmswatch.Problem{
				{Rule: kmswatch.RuleRequired, Message: "must not be nil"},
			}},
			want: "invalid alarms.Plan: must not be nil",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := tc.err.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			wrapped := fmt.Errorf("context: %w", tc.err)
			var ve *kmswatch.ValidationError
			if !errors.Is(wrapped, kmswatch.ErrInvalid) || !errors.As(wrapped, &ve) || ve != tc.err {
				t.Errorf("wrapped error does not match ErrInvalid and *ValidationError")
			}
		})
	}
	e := tests["fields"].err
	if diff := cmp.Diff([]kmswatch.Problem{e.Problems[0]}, e.Field("Period")); diff != "" {
		t.Errorf("Field mismatch (-want +got):\n%s", diff)
	}
	if got := e.Field("Metrics"); got != nil {
		t.Errorf("Field(Metrics) = %v, want nil", got)
	}
	if errors.Is(e, errors.New("invalid input")) {
		t.Error("errors.Is matched a different error with the same text")
	}
}
