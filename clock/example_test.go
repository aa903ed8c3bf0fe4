package clock_test

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/kmswatch/kmswatch/clock"
)

// A Virtual clock moves only when told to; a sleeper wakes when it is moved
// past the sleeper's deadline.
func ExampleVirtual() {
	v := clock.NewVirtual(time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC))
	woke := make(chan time.Time)
	go func() {
		_ = v.Sleep(context.Background(), 90*24*time.Hour)
		woke <- v.Now()
	}()
	for v.Sleepers() == 0 { // let the goroutine fall asleep
		runtime.Gosched()
	}
	v.Advance(30 * 24 * time.Hour)
	fmt.Println("after a month:", v.Now().Format(time.DateOnly))
	v.Set(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println("woke at:", (<-woke).Format(time.DateOnly))
	// Output:
	// after a month: 2026-12-24
	// woke at: 2027-03-01
}

// OnAdvance lets a fake act when time passes, not only when asked.
func ExampleVirtual_OnAdvance() {
	v := clock.NewVirtual(time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC))
	due := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	stop := v.OnAdvance(func(now time.Time) {
		if !due.IsZero() && !now.Before(due) {
			fmt.Println("event due", due.Format(time.DateOnly), "emitted at", now.Format(time.DateOnly))
			due = time.Time{}
		}
	})
	defer stop()
	v.Advance(24 * time.Hour)
	v.Advance(7 * 24 * time.Hour)
	// Output: event due 2026-12-01 emitted at 2026-12-02
}

// Jumping gives a sleeper that moves the clock itself: a simulation paced
// at three calls a second takes no wall time.
func ExampleVirtual_Jumping() {
	v := clock.NewVirtual(time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC))
	var c clock.Clock = v.Jumping()
	for range 3 {
		_ = c.Sleep(context.Background(), 340*time.Millisecond)
	}
	fmt.Println(c.Now().Format(time.TimeOnly + ".000"))
	// Output: 06:00:01.020
}
