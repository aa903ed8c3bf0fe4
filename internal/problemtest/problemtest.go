// Package problemtest checks *kmswatch.ValidationError values in the
// module's tests: the subject and the path and rule of every problem, so
// that the packages' path tables share one assertion. Only tests import it.
package problemtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
)

// FieldRule is the part of a [kmswatch.Problem] the tests pin down (messages
// are checked separately). Each package's tests declare their own struct of
// this shape, so that their tables can use short unkeyed literals.
type FieldRule interface {
	~struct {
		Field string
		Rule  kmswatch.Rule
	}
}

// Of returns the field and rule of each problem of err, in order, or nil
// when err is not a *kmswatch.ValidationError.
func Of[F FieldRule](err error) []F {
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	out := make([]F, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = F{Field: p.Field, Rule: p.Rule}
	}
	return out
}

// Check fails t unless err is a *kmswatch.ValidationError matching
// kmswatch.ErrInvalid whose Subject is subject and whose problems are want,
// in order.
func Check[F FieldRule](t testing.TB, err error, subject string, want []F) {
	t.Helper()
	ve := validation(t, err)
	if diff := cmp.Diff(want, Of[F](err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	if ve.Subject != subject {
		t.Errorf("Subject = %q, want %q", ve.Subject, subject)
	}
}

// Exact fails t unless err is nil when want is nil, and otherwise a
// *kmswatch.ValidationError matching kmswatch.ErrInvalid whose problems,
// messages included, are want, in order.
func Exact(t testing.TB, err error, want []kmswatch.Problem) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("error = %v, want nil", err)
		}
		return
	}
	if diff := cmp.Diff(want, validation(t, err).Problems); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// List returns "<field> <rule>" for each problem of err, in order, or nil
// for a nil err. It fails t unless err is a *kmswatch.ValidationError
// matching kmswatch.ErrInvalid whose text holds every problem's message.
func List(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var out []string
	for _, p := range validation(t, err).Problems {
		out = append(out, p.Field+" "+string(p.Rule))
		if !strings.Contains(err.Error(), p.Message) {
			t.Errorf("error text %q lacks problem %q", err, p.Message)
		}
	}
	return out
}

// Fields returns the field of each problem of err, in order. It fails t
// unless err is a *kmswatch.ValidationError matching kmswatch.ErrInvalid.
func Fields(t testing.TB, err error) []string {
	t.Helper()
	var out []string
	for _, p := range validation(t, err).Problems {
		out = append(out, p.Field)
	}
	return out
}

// validation returns err as a *kmswatch.ValidationError, failing t unless
// it is one and matches kmswatch.ErrInvalid.
func validation(t testing.TB, err error) *kmswatch.ValidationError {
	t.Helper()
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, kmswatch.ErrInvalid) {
		t.Fatalf("error = %v, want a *kmswatch.ValidationError matching ErrInvalid", err)
	}
	return ve
}
