package errlist

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

type codeError struct{ code int }

func (e *codeError) Error() string { return "code" }

func TestOf(t *testing.T) {
	a, b := &codeError{1}, &codeError{2}
	tests := map[string]struct {
		in   []*codeError
		want []error
	}{
		"none":       {in: nil, want: []error{}},
		"in order":   {in: []*codeError{a, b}, want: []error{a, b}},
		"nil kept":   {in: []*codeError{nil, b}, want: []error{(*codeError)(nil), b}},
		"duplicates": {in: []*codeError{a, a}, want: []error{a, a}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Of(tc.in), cmpopts.EquateComparable(&codeError{})); diff != "" {
				t.Errorf("Of mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
