//go:build go1.25

package clock_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/clock"
)

var start = time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)

// TestVirtualSleep moves the clock in steps and checks which sleepers each
// move wakes; synctest.Wait lets the woken ones finish before the check.
func TestVirtualSleep(t *testing.T) {
	tests := map[string]struct {
		sleeps []time.Duration
		moves  []time.Duration // Advance, one after another
		want   []int           // how many sleeps have returned after each move
	}{
		"woken at the deadline":        {sleeps: []time.Duration{time.Second}, moves: []time.Duration{time.Second}, want: []int{1}},
		"not before it":                {sleeps: []time.Duration{time.Second}, moves: []time.Duration{999 * time.Millisecond, time.Millisecond}, want: []int{0, 1}},
		"one move past many":           {sleeps: []time.Duration{time.Second, time.Minute, time.Hour}, moves: []time.Duration{time.Minute, time.Hour}, want: []int{2, 3}},
		"moving backward wakes no one": {sleeps: []time.Duration{time.Second}, moves: []time.Duration{-time.Hour, time.Hour, time.Second}, want: []int{0, 0, 1}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				v := clock.NewVirtual(start)
				done := make(chan struct{}, len(tt.sleeps))
				for _, d := range tt.sleeps {
					go func() {
						if err := v.Sleep(context.Background(), d); err != nil {
							t.Errorf("Sleep(%s) = %v", d, err)
						}
						done <- struct{}{}
					}()
				}
				synctest.Wait()
				var got []int
				for _, d := range tt.moves {
					v.Advance(d)
					synctest.Wait()
					got = append(got, len(done))
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("returned sleeps after each move mismatch (-want +got):\n%s", diff)
				}
				v.Advance(24 * time.Hour) // release the rest
			})
		})
	}
}

func TestVirtualSleepContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		v := clock.NewVirtual(start)
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error)
		go func() { errc <- v.Sleep(ctx, time.Hour) }()
		synctest.Wait()
		sleeping := v.Sleepers()
		cancel()
		err := <-errc
		got := []any{sleeping, errors.Is(err, context.Canceled), v.Sleepers(), errors.Is(v.Sleep(ctx, time.Second), context.Canceled)}
		if diff := cmp.Diff([]any{1, true, 0, true}, got); diff != "" {
			t.Errorf("[sleepers canceled sleepers-after canceled-at-once] mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestOnAdvance checks that hooks see every move with the new time, that
// they may read the clock, and that stop ends them.
func TestOnAdvance(t *testing.T) {
	v := clock.NewVirtual(start)
	var seen []time.Duration
	stop := v.OnAdvance(func(now time.Time) {
		if now != v.Now() {
			t.Errorf("hook got %s, clock reads %s", now, v.Now())
		}
		seen = append(seen, now.Sub(start))
	})
	v.Advance(time.Minute)
	v.Set(start.Add(time.Hour))
	v.Jumping().Sleep(context.Background(), time.Second)
	stop()
	v.Advance(time.Minute)
	want := []time.Duration{time.Minute, time.Hour, time.Hour + time.Second}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("moves seen mismatch (-want +got):\n%s", diff)
	}
}

func TestJumping(t *testing.T) {
	v := clock.NewVirtual(start)
	j := v.Jumping()
	ctx, cancel := context.WithCancel(context.Background())
	errs := []error{j.Sleep(ctx, 340*time.Millisecond), j.Sleep(ctx, 0), j.Sleep(ctx, -time.Second)}
	cancel()
	errs = append(errs, j.Sleep(ctx, time.Hour))
	got := []any{j.Now().Sub(start), errs[0], errs[1], errs[2], errors.Is(errs[3], context.Canceled)}
	if diff := cmp.Diff([]any{340 * time.Millisecond, nil, nil, nil, true}, got, cmp.Comparer(func(x, y error) bool { return x == y })); diff != "" {
		t.Errorf("[elapsed errors... canceled] mismatch (-want +got):\n%s", diff)
	}
}

func TestSystem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		before := clock.System.Now()
		if err := clock.System.Sleep(context.Background(), time.Hour); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := clock.System.Sleep(ctx, time.Hour)
		got := []any{clock.System.Now().Sub(before), errors.Is(err, context.DeadlineExceeded)}
		if diff := cmp.Diff([]any{time.Hour + time.Minute, true}, got); diff != "" {
			t.Errorf("[bubble-time deadline] mismatch (-want +got):\n%s", diff)
		}
	})
}
