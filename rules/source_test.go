package rules

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPatternForms checks that Compile and Match give the same answers for a
// pattern built by the package and for its JSON as a string and as []byte.
func TestPatternForms(t *testing.T) {
	built, err := KeyDeletion("111122223333")
	if err != nil {
		t.Fatal(err)
	}
	deletion := []byte(`{"source":"aws.kms","account":"111122223333","detail-type":"KMS CMK Deletion"}`)
	rotation := []byte(`{"source":"aws.kms","account":"111122223333","detail-type":"KMS CMK Rotation"}`)
	tests := map[string]func(event []byte) (bool, error){
		"EventPattern": func(e []byte) (bool, error) { return Match(built, e) },
		"string":       func(e []byte) (bool, error) { return Match(built.String(), e) },
		"bytes":        func(e []byte) (bool, error) { return Match([]byte(built.String()), e) },
		"compiled EventPattern": func(e []byte) (bool, error) {
			p, err := Compile(built)
			if err != nil {
				return false, err
			}
			return p.Match(e)
		},
	}
	for name, match := range tests {
		t.Run(name, func(t *testing.T) {
			var got []bool
			for _, e := range [][]byte{deletion, rotation} {
				ok, err := match(e)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, ok)
			}
			if diff := cmp.Diff([]bool{true, false}, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := Match(EventPattern{}, deletion); !errors.Is(err, ErrInvalidPattern) {
		t.Errorf("Match of the empty EventPattern: err = %v, want ErrInvalidPattern", err)
	}
}
