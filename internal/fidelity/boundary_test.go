package fidelity

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/smithy-go"
)

// check is one boundary: a constraint, the value at its limit (accepted)
// and a value over it (rejected). fake and lib run the value through the
// fake, with the real SDK client, and through the library's validator; nil
// means that side does not apply. over selects the value over the limit.
type check struct {
	name string
	// code is the error code the fake answers over the limit.
	code string
	fake func(ctx context.Context, over bool) error
	lib  func(over bool) error
}

// run runs every check and reports each disagreement as a failed subtest
// named after the side ("fake" or "library") that disagrees.
func run(t *testing.T, checks []check) {
	t.Helper()
	ctx := context.Background()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.fake == nil && c.lib == nil {
				t.Fatal("check runs on neither side")
			}
			if c.fake != nil {
				t.Run("fake", func(t *testing.T) {
					if err := c.fake(ctx, false); err != nil {
						t.Errorf("at the limit: %v, want success", err)
					}
					err := c.fake(ctx, true)
					if got := errorCode(err); got != c.code {
						t.Errorf("over the limit: error code %q, want %q (error %v)", got, c.code, err)
					}
				})
			}
			if c.lib != nil {
				t.Run("library", func(t *testing.T) {
					if err := c.lib(false); err != nil {
						t.Errorf("at the limit: %v, want nil", err)
					}
					if err := c.lib(true); err == nil {
						t.Error("over the limit: nil, want a validation error")
					}
				})
			}
		})
	}
}

// errorCode returns the API error code of err, "" for nil and the error
// text for an error that is not an API error.
func errorCode(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return "not an API error: " + err.Error()
	}
	return ae.ErrorCode()
}

// pick returns over ? b : a.
func pick[T any](over bool, a, b T) T {
	if over {
		return b
	}
	return a
}
