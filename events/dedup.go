package events

import (
	"sync"
	"time"
)

// DefaultDedupWindow is the window [NewDeduplicator] uses when given 0. KMS may send
// "KMS CMK Deletion" several times "within a few seconds"
// (docs/reference.md#11-inventory); a minute covers that with a wide margin while still
// letting a genuinely new event for the same key through later.
const DefaultDedupWindow = time.Minute

// DefaultDedupCapacity is the number of keys [NewDeduplicator] remembers when
// given 0.
const DefaultDedupCapacity = 4096

// Deduplicator drops repeats of an event: the same detail-type for the same key ARN
// with an event time within a window of one already seen. It keys by key ARN and time
// rather than by event id because each KMS retry is a separate EventBridge event with a
// fresh id (docs/reference.md#11-inventory). It remembers at most a fixed number of
// keys, forgetting the one first seen longest ago, so memory stays bounded. The zero
// Deduplicator uses [DefaultDedupWindow] and [DefaultDedupCapacity]. It is safe for
// concurrent use.
type Deduplicator struct {
	window time.Duration

	mu   sync.Mutex
	seen map[dedupKey]time.Time
	ring []dedupKey // insertion order, oldest at next once full
	next int
}

type dedupKey struct {
	dt  DetailType
	arn ARN
}

// NewDeduplicator returns a Deduplicator with the given window and capacity
// (number of keys remembered); 0 selects [DefaultDedupWindow] and
// [DefaultDedupCapacity].
func NewDeduplicator(window time.Duration, capacity int) *Deduplicator {
	d := &Deduplicator{}
	d.init(window, capacity)
	return d
}

func (d *Deduplicator) init(window time.Duration, capacity int) {
	if window <= 0 {
		window = DefaultDedupWindow
	}
	if capacity <= 0 {
		capacity = DefaultDedupCapacity
	}
	d.window = window
	d.seen = make(map[dedupKey]time.Time, capacity)
	d.ring = make([]dedupKey, 0, capacity)
}

// Duplicate reports whether ev repeats an event seen within the window, and
// records it otherwise. Events are compared by detail-type and key ARN, and
// their event times (not the clock) decide the window, so replays and
// out-of-order deliveries are judged the same way. An event with no known key
// ARN, and a nil ev, are never duplicates. Neither is a CloudWatch alarm
// event ([AlarmEvent]): two state changes of an alarm within the window are
// two transitions, not a repeat.
func (d *Deduplicator) Duplicate(ev Event) bool {
	if ev == nil {
		return false
	}
	if _, alarm := ev.(AlarmNotification); alarm {
		return false
	}
	arn := ev.KeyARN()
	if arn.IsZero() {
		return false
	}
	h := ev.Head()
	k := dedupKey{dt: h.DetailType, arn: arn}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen == nil {
		d.init(0, 0)
	}
	if prev, ok := d.seen[k]; ok {
		if diff := h.Time.Sub(prev); diff <= d.window && diff >= -d.window {
			return true
		}
		d.seen[k] = h.Time
		return false
	}
	if len(d.ring) < cap(d.ring) {
		d.ring = append(d.ring, k)
	} else {
		delete(d.seen, d.ring[d.next])
		d.ring[d.next] = k
		d.next = (d.next + 1) % len(d.ring)
	}
	d.seen[k] = h.Time
	return false
}

// len returns the number of keys remembered; the capacity bounds it.
func (d *Deduplicator) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
