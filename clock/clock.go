// Package clock is the one notion of time the library's waiting parts
// share: the [alarms.Syncer] paces and backs off on a [Clock], and the
// in-process fakes (metrics/cloudwatchtest, rules/eventbridgetest) read
// theirs from one. [System] is the machine's clock; [Virtual] is a clock
// that moves only when told to, for tests and for programs that simulate
// months in a moment, such as the quickstart.
//
// In a test, Go's testing/synctest gives the same control without a
// Virtual clock: inside a bubble the time package itself is virtual, so
// [System] and everything else that waits (the SDK's retry backoff
// included) sleep on the bubble's clock. Use [Virtual] where a program, not
// a test, decides when time passes, or where a test wants to move time by
// hand and see what the fakes did meanwhile.
//
// [alarms.Syncer]: https://pkg.go.dev/github.com/kmswatch/kmswatch/alarms#Syncer
package clock

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Clock tells the time and waits on it.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// System is the machine's clock: time.Now and a timer.
var System Clock = system{}

type system struct{}

func (system) Now() time.Time { return time.Now() }

func (system) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Virtual is a clock that stands still until it is moved with
// [Virtual.Advance] or [Virtual.Set]. A [Virtual.Sleep] returns as soon as
// the clock is moved to or past its deadline; a function registered with
// [Virtual.OnAdvance] runs after every move, which is how a fake that owes
// something at a time (an alarm evaluation, an event) delivers it when the
// time comes, not only on its next request. It is safe for concurrent use.
type Virtual struct {
	mu       sync.Mutex
	now      time.Time
	sleepers []*sleeper
	hooks    []*hook
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

type hook struct{ fn func(time.Time) }

// NewVirtual returns a clock that reads start until it is moved.
func NewVirtual(start time.Time) *Virtual { return &Virtual{now: start} }

// Now returns the clock's time.
func (v *Virtual) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

// Advance moves the clock forward by d (backward when d is negative),
// wakes the sleepers whose deadline it reached, runs the OnAdvance
// functions and returns the new time.
func (v *Virtual) Advance(d time.Duration) time.Time {
	v.mu.Lock()
	t := v.now.Add(d)
	return v.move(t)
}

// Set moves the clock to t, as [Virtual.Advance] does.
func (v *Virtual) Set(t time.Time) {
	v.mu.Lock()
	v.move(t)
}

// move sets the time to t with v.mu held, releases it, and then wakes the
// sleepers that are due and runs the hooks, in the order they were
// registered, outside the lock so that they may read the clock or move it.
func (v *Virtual) move(t time.Time) time.Time {
	v.now = t
	var due []*sleeper
	v.sleepers = slices.DeleteFunc(v.sleepers, func(s *sleeper) bool {
		if s.until.After(t) {
			return false
		}
		due = append(due, s)
		return true
	})
	hooks := slices.Clone(v.hooks)
	v.mu.Unlock()
	for _, s := range due {
		close(s.wake)
	}
	for _, h := range hooks {
		h.fn(t)
	}
	return t
}

// Sleep waits until the clock has been moved to Now()+d or later, or until
// ctx is done, returning ctx.Err() then. Some other goroutine must move the
// clock; for a program in which the sleeper itself drives time, see
// [Virtual.Jumping]. A d of zero or less returns at once.
func (v *Virtual) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	v.mu.Lock()
	s := &sleeper{until: v.now.Add(d), wake: make(chan struct{})}
	v.sleepers = append(v.sleepers, s)
	v.mu.Unlock()
	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		v.mu.Lock()
		v.sleepers = slices.DeleteFunc(v.sleepers, func(x *sleeper) bool { return x == s })
		v.mu.Unlock()
		return ctx.Err()
	}
}

// Sleepers returns how many goroutines are waiting in Sleep, so that a
// driver can move the clock once the goroutines it drives are all asleep.
func (v *Virtual) Sleepers() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.sleepers)
}

// OnAdvance registers fn to run after every move of the clock, with the
// new time, until stop is called. fn runs on the goroutine that moved the
// clock, after the sleepers it woke were released; it may read the clock
// and call anything that does.
func (v *Virtual) OnAdvance(fn func(now time.Time)) (stop func()) {
	h := &hook{fn: fn}
	v.mu.Lock()
	v.hooks = append(v.hooks, h)
	v.mu.Unlock()
	return func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		v.hooks = slices.DeleteFunc(v.hooks, func(x *hook) bool { return x == h })
	}
}

// Jumping returns a Clock on v's time whose Sleep, instead of waiting for
// someone else to move the clock, moves it forward to the end of the sleep
// itself (never backward), with everything a move does, and returns: for a
// program in which the sleeper is what drives time, such as a Syncer pacing
// its calls against a fake in a simulation. Its Now is v's.
func (v *Virtual) Jumping() Clock { return jumping{v} }

type jumping struct{ v *Virtual }

func (j jumping) Now() time.Time { return j.v.Now() }

func (j jumping) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	j.v.mu.Lock()
	j.v.move(j.v.now.Add(d))
	return nil
}
