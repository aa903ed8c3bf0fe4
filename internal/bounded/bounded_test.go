package bounded

import (
	"testing"
)

// recorder captures Fatal calls instead of stopping the goroutine.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = format
}
func (r *recorder) Fatal(args ...any) { r.failed = "fatal" }

func TestRun(t *testing.T) {
	tests := map[string]struct {
		f      func()
		failed string
	}{
		"returns":   {f: func() {}},
		"panics":    {f: func() { panic("boom") }, failed: "panic: %v"},
		"nil deref": {f: func() { var p *int; _ = *p }, failed: "panic: %v"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := &recorder{TB: t}
			Run(r, tc.f)
			if r.failed != tc.failed {
				t.Errorf("failure = %q, want %q", r.failed, tc.failed)
			}
		})
	}
}
