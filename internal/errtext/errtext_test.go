package errtext

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQuote(t *testing.T) {
	a := strings.Repeat("a", Max)
	tests := map[string]struct {
		in, want string
	}{
		"empty":              {in: "", want: `""`},
		"short":              {in: "KMS CMK Rotation", want: `"KMS CMK Rotation"`},
		"control bytes":      {in: "a\nb", want: `"a\nb"`},
		"exactly Max":        {in: a, want: `"` + a + `"`},
		"900 KB":             {in: strings.Repeat("a", 900_000), want: `"` + a + `"… (900000 bytes)`},
		"rune across Max":    {in: a[:Max-1] + "é" + a, want: `"` + a[:Max-1] + `"… (` + "257" + ` bytes)`},
		"invalid UTF-8":      {in: strings.Repeat("\x80", Max+1), want: `"` + strings.Repeat(`\x80`, Max) + `"… (129 bytes)`},
		"rune ending at Max": {in: a[:Max-2] + "é" + "b", want: `"` + a[:Max-2] + `é"… (129 bytes)`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Quote(tc.in)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("b", 2*Max)
	tests := map[string]struct {
		in, want string
	}{
		"short":         {in: "duplicate key", want: "duplicate key"},
		"exactly 2*Max": {in: long, want: long},
		"longer":        {in: long + "ccc", want: long + "… (259 bytes)"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Clip(tc.in)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
