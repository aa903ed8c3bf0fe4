package rules

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLint(t *testing.T) {
	tests := map[string]struct {
		pattern string
		want    []Finding
	}{
		"none": {`{"a":[1],"$or":[{"b":[2]},{"b":[3]}]}`, nil},
		"same object": {`{"a":[1],"a":[2]}`, []Finding{
			{Path: "a", Offset: 1, Message: "ignored: a (byte 9) gives the same field again and EventBridge uses only the last; to match either condition, put both in one list"},
		}},
		"or after": {`{"$or":[{"a":[2]},{"b":[3]}],"a":[1]}`, []Finding{
			{Path: "$or[0].a", Offset: 9, Message: "ignored: a (byte 29) gives the same field again and EventBridge uses only the last; to match either condition, put both in one list"},
		}},
		"merged objects": {`{"x":{"a":[1]},"x":{"b":[2]}}`, []Finding{
			{Path: "x", Offset: 15, Message: "the key repeats; EventBridge merges the fields of both objects"},
		}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Lint(tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLintInvalid(t *testing.T) {
	if _, err := Lint(`{"a":[]}`); err == nil {
		t.Error("Lint accepted an invalid pattern")
	}
}

// TestRepeatedKeysExpansionBounded checks that repeated keys under many
// "$or" stop with an error instead of expanding without bound.
func TestRepeatedKeysExpansionBounded(t *testing.T) {
	p := `{"a":[0]`
	for range 12 {
		p += `,"$or":[{"a":[1]},{"b":[2]}]`
	}
	p += `}`
	_, err := Compile(p)
	if _, ok := err.(*UnsupportedError); !ok {
		t.Fatalf("Compile error = %v, want an *UnsupportedError", err)
	}
}

// TestSetRepeatedKeys checks that a Set compiles with its options and
// matches patterns with repeated keys as Match does.
func TestSetRepeatedKeys(t *testing.T) {
	const pattern = `{"a":[1],"$or":[{"a":[2]},{"b":[3]}]}`
	strict := NewSet(RejectRepeatedKeys())
	if err := strict.Add("r", JSON(pattern)); err == nil {
		t.Error("strict Set accepted a repeated key")
	}
	s := NewSet()
	if err := s.Add("r", JSON(pattern)); err != nil {
		t.Fatal(err)
	}
	for event, want := range map[string][]string{`{"a":2}`: {"r"}, `{"a":1}`: nil, `{"a":1,"b":3}`: {"r"}} {
		got, err := s.Matches([]byte(event))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: mismatch (-want +got):\n%s", event, diff)
		}
	}
}
