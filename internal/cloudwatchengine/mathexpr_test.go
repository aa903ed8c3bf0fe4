package cloudwatchengine

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMath(t *testing.T) {
	tests := map[string]struct {
		expr    string
		ids     []string
		wantErr bool
	}{
		"quota":            {"m1/SERVICE_QUOTA(m1)*100", []string{"m1", "m1"}, false},
		"per second":       {"m1/PERIOD(m1)/SERVICE_QUOTA(m1)*100", []string{"m1", "m1", "m1"}, false},
		"parentheses":      {"(m1 + m2) / 2", []string{"m1", "m2"}, false},
		"unary minus":      {"-m1 * -2.5", []string{"m1"}, false},
		"lower-case func":  {"service_quota(m1)", []string{"m1"}, false},
		"unknown function": {"RATE(m1)", nil, true},
		"not an id":        {"M1 + 1", nil, true},
		"unbalanced":       {"(m1 + 1", nil, true},
		"unclosed call":    {"PERIOD(m1 * 2", nil, true},
		"trailing":         {"m1 m2", nil, true},
		"empty":            {"", nil, true},
		"bad number":       {"1.2.3", nil, true},
		"function of expr": {"SERVICE_QUOTA(1)", nil, true},
		"too deep":         {strings.Repeat("(", 100) + "m1" + strings.Repeat(")", 100), nil, true},
	}
	for name, tc := range tests {
		n, err := ParseMath(tc.expr)
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: ParseMath(%q) error = %v, want error %v", name, tc.expr, err, tc.wantErr)
			continue
		}
		if err != nil {
			var me *MathError
			if !errors.As(err, &me) {
				t.Errorf("%s: error %v is not a *MathError", name, err)
			}
			continue
		}
		if diff := cmp.Diff(tc.ids, n.IDs(nil)); diff != "" {
			t.Errorf("%s: ids mismatch (-want +got):\n%s", name, diff)
		}
	}
}

// FuzzParseMath checks that the expression parser never panics and that
// what it accepts only refers to valid query ids.
func FuzzParseMath(f *testing.F) {
	for _, seed := range []string{"m1/SERVICE_QUOTA(m1)*100", "(m1+m2)/2", "-m1", "PERIOD(m1)", "((((m1))))", "1.5e3", "m1 *", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		n, err := ParseMath(expr)
		if err != nil {
			return
		}
		for _, id := range n.IDs(nil) {
			if !QueryIDPattern.MatchString(id) {
				t.Fatalf("ParseMath(%q) accepted id %q", expr, id)
			}
		}
	})
}
