// Package bounded runs a call under test with a deadline and a recover, so a
// panic or a hang on hostile input fails one case instead of the whole run.
// It is for tests only.
package bounded

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kmswatch/kmswatch"
)

// Deadline is how long [Run] waits; generous, because it guards against
// hangs, not slowness.
const Deadline = 30 * time.Second

// Run calls f on its own goroutine and fails t if f panics or does not
// return within [Deadline].
func Run(t testing.TB, f func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), Deadline)
	defer cancel()
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	select {
	case p := <-done:
		if p != nil {
			t.Fatalf("panic: %v", p)
		}
	case <-ctx.Done():
		t.Fatal("no result before the deadline: the call hangs")
	}
}

// Invalid runs each call as a subtest under [Run] and fails it unless the
// call returns a [*kmswatch.ValidationError] that matches
// [kmswatch.ErrInvalid].
func Invalid(t *testing.T, calls map[string]func() error) {
	t.Helper()
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			var err error
			Run(t, func() { err = call() })
			var ve *kmswatch.ValidationError
			if !errors.Is(err, kmswatch.ErrInvalid) || !errors.As(err, &ve) {
				t.Errorf("error = %.300v, want *ValidationError matching ErrInvalid", err)
			}
		})
	}
}
