package events_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
)

func deletionAt(t testing.TB, keyID, at string) *events.Deletion {
	return &events.Deletion{
		Header: events.Header{
			DetailType: events.DetailTypeDeletion, Source: events.SourceKMS,
			Account: "111122223333", Region: "us-west-2", Time: mustTime(t, at),
		},
		Detail: events.DeletionDetail{KeyID: keyID},
	}
}

func rotationAt(t testing.TB, keyID, at string) *events.Rotation {
	h := deletionAt(t, keyID, at).Header
	h.DetailType = events.DetailTypeRotation
	return &events.Rotation{Header: h, Detail: events.RotationDetail{KeyID: keyID}}
}

func TestDeduplicator(t *testing.T) {
	tests := map[string]struct {
		window   time.Duration
		capacity int
		events   []events.Event
		want     []bool
	}{
		"retries within seconds are dropped": {
			window: 10 * time.Second,
			events: []events.Event{
				deletionAt(t, "k1", "2025-01-01T00:00:00Z"),
				deletionAt(t, "k1", "2025-01-01T00:00:03Z"),
				deletionAt(t, "k1", "2025-01-01T00:00:01Z"), // out of order
				deletionAt(t, "k2", "2025-01-01T00:00:03Z"),
			},
			want: []bool{false, true, true, false},
		},
		"outside the window is new": {
			window: 10 * time.Second,
			events: []events.Event{
				deletionAt(t, "k1", "2025-01-01T00:00:00Z"),
				deletionAt(t, "k1", "2025-01-01T00:00:11Z"),
				deletionAt(t, "k1", "2025-01-01T00:00:12Z"),
			},
			want: []bool{false, false, true},
		},
		"other detail-type for the same key is not a repeat": {
			events: []events.Event{
				deletionAt(t, "k1", "2025-01-01T00:00:00Z"),
				rotationAt(t, "k1", "2025-01-01T00:00:00Z"),
			},
			want: []bool{false, false},
		},
		"capacity forgets the oldest key": {
			capacity: 2,
			events: []events.Event{
				deletionAt(t, "k1", "2025-01-01T00:00:00Z"),
				deletionAt(t, "k2", "2025-01-01T00:00:00Z"),
				deletionAt(t, "k3", "2025-01-01T00:00:00Z"),
				deletionAt(t, "k1", "2025-01-01T00:00:01Z"), // k1 was forgotten
				deletionAt(t, "k3", "2025-01-01T00:00:01Z"),
			},
			want: []bool{false, false, false, false, true},
		},
		"no key ARN is never a repeat": {
			events: []events.Event{&events.Unknown{}, &events.Unknown{}},
			want:   []bool{false, false},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			d := events.NewDeduplicator(tc.window, tc.capacity)
			var got []bool
			for _, ev := range tc.events {
				got = append(got, d.Duplicate(ev))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if tc.capacity > 0 && events.DedupLen(d) > tc.capacity {
				t.Errorf("remembered %d keys, over capacity %d", events.DedupLen(d), tc.capacity)
			}
		})
	}
}

// TestDeduplicatorConcurrent checks, under -race, that exactly one of many
// concurrent deliveries of the same event gets through, and that memory
// stays within capacity.
func TestDeduplicatorConcurrent(t *testing.T) {
	d := events.NewDeduplicator(time.Minute, 64)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		passed = map[string]int{}
	)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 32; i++ {
				id := fmt.Sprintf("k%d", i)
				if !d.Duplicate(deletionAt(t, id, "2025-01-01T00:00:00Z")) {
					mu.Lock()
					passed[id]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for i := 0; i < 32; i++ {
		if n := passed[fmt.Sprintf("k%d", i)]; n != 1 {
			t.Errorf("k%d passed %d times, want 1", i, n)
		}
	}
	if events.DedupLen(d) != 32 {
		t.Errorf("remembered %d keys, want 32", events.DedupLen(d))
	}
}
