package events_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/kmswatch/kmswatch/events"
)

// TestZeroDeduplicatorConcurrent checks, under -race, that the zero
// Deduplicator initialises itself once when first used from many goroutines
// at once, and that exactly one delivery of each event gets through.
func TestZeroDeduplicatorConcurrent(t *testing.T) {
	var d events.Deduplicator
	const keys, goroutines = 16, 8
	evs := make([]events.Event, keys)
	for i := range evs {
		evs[i] = deletionAt(t, fmt.Sprintf("k%d", i), "2025-01-01T00:00:00Z")
	}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		passed = map[int]int{}
	)
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, ev := range evs {
				if !d.Duplicate(ev) {
					mu.Lock()
					passed[i]++
					mu.Unlock()
				}
				_ = events.DedupLen(&d)
			}
		}()
	}
	wg.Wait()
	for i := range keys {
		if passed[i] != 1 {
			t.Errorf("event %d passed %d times, want 1", i, passed[i])
		}
	}
	if got := events.DedupLen(&d); got != keys {
		t.Errorf("remembered %d keys, want %d", got, keys)
	}
}
