package events_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
)

// recordText is everything a record holds, as text.
func recordText(t *testing.T, b *events.Batch) []string {
	t.Helper()
	var out []string
	for _, r := range b.Records {
		ev := "<nil>"
		if r.Event != nil {
			j, err := r.Event.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			ev = string(j) + " key " + r.Event.KeyID()
		}
		out = append(out, fmt.Sprintf("%q %q %q %q body %q event %s err %v", r.MessageID, r.Delivery, r.MessageGroupID, r.EventSourceARN, r.Body, ev, r.Err))
	}
	return out
}

// TestUnwrapKeepsNoInput checks that Unwrap reads its input in place but
// keeps none of it: overwriting the input afterwards changes no record.
func TestUnwrapKeepsNoInput(t *testing.T) {
	sqsRotation := eventstest.JSON(t, eventstest.Rotation())
	for _, name := range []string{
		"rotation-2025.json", "constructed-sns-notification.json", "constructed-sns-to-sqs-record.json",
		"constructed-sqs-record.json", "constructed-lambda-sqs-batch.json", "constructed-lambda-sns-batch.json",
		"hostile-escapes-invalid-utf8.json",
	} {
		t.Run(name, func(t *testing.T) { checkKeepsNoInput(t, fixture(t, name)) })
	}
	t.Run("event as a Records element", func(t *testing.T) {
		checkKeepsNoInput(t, []byte(`{"Records":[`+string(sqsRotation)+`]}`))
	})
	t.Run("FIFO", func(t *testing.T) {
		checkKeepsNoInput(t, []byte(`{"Records":[{"messageId":"m\u0031","body":`+quote(t, string(sqsRotation))+`,"attributes":{"MessageGroupId":"g1"},"eventSourceARN":"arn:aws:sqs:us-west-2:111122223333:q.fifo"}]}`))
	})
}

func checkKeepsNoInput(t *testing.T, data []byte) {
	t.Helper()
	want, _ := events.Unwrap(data)
	in := bytes.Clone(data)
	got, _ := events.Unwrap(in)
	if want == nil || got == nil {
		t.Fatalf("Unwrap gave no batch")
	}
	for i := range in {
		in[i] = 'x'
	}
	if diff := cmp.Diff(recordText(t, want), recordText(t, got)); diff != "" {
		t.Errorf("records changed with the input (-want +got):\n%s", diff)
	}
}

// batchOf builds a Lambda delivery of n records of one kind.
type batchOf func(t testing.TB, n int) []byte

func sqsOf(body func(t testing.TB, i int) []byte) batchOf {
	return func(t testing.TB, n int) []byte {
		bodies := make([][]byte, n)
		for i := range bodies {
			bodies[i] = body(t, i)
		}
		return eventstest.SQSBatch(bodies...)
	}
}

var batchKinds = []struct {
	name   string
	batch  batchOf
	allocs float64 // per record
}{
	{"rotation", sqsOf(func(t testing.TB, i int) []byte {
		return eventstest.JSON(t, eventstest.Rotation(eventstest.Seq(i)))
	}), 3},
	{"CloudTrail", sqsOf(func(t testing.TB, i int) []byte {
		return eventstest.JSON(t, eventstest.PendingDeletionCall(eventstest.KeyID(fmt.Sprintf("1234abcd-12ab-34cd-56ef-%012d", i))))
	}), 6},
	{"SNS to SQS", sqsOf(func(t testing.TB, i int) []byte {
		return eventstest.SNSNotification(eventstest.JSON(t, eventstest.Rotation(eventstest.Seq(i))))
	}), 3},
	{"SNS", func(t testing.TB, n int) []byte {
		var b strings.Builder
		b.WriteString(`{"Records":[`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			n := eventstest.SNSNotification(eventstest.JSON(t, eventstest.Rotation(eventstest.Seq(i))))
			fmt.Fprintf(&b, `{"EventSource":"aws:sns","EventVersion":"1.0","Sns":%s}`, n)
		}
		b.WriteString("]}")
		return []byte(b.String())
	}, 3},
}

// TestProcessAllocs checks that Process allocates a fixed number of times
// per record whatever the batch size, and at most two bytes per input byte.
func TestProcessAllocs(t *testing.T) {
	keys := func(_ context.Context, r events.Record) error {
		if r.Event.KeyID() == "" {
			return fmt.Errorf("no key")
		}
		return nil
	}
	for _, k := range batchKinds {
		t.Run(k.name, func(t *testing.T) {
			small, large := k.batch(t, 100), k.batch(t, 1000)
			allocs := func(data []byte) float64 {
				return testing.AllocsPerRun(5, func() {
					if resp, err := events.Process(context.Background(), data, keys); err != nil || len(resp.BatchItemFailures) > 0 {
						t.Fatalf("Process: %v, %d failures", err, len(resp.BatchItemFailures))
					}
				})
			}
			// The records slice grows by doubling: a few allocations in all.
			if per := (allocs(large) - allocs(small)) / 900; per > k.allocs+0.02 {
				t.Errorf("%.3f allocations per record, want %v", per, k.allocs)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			if _, err := events.Process(context.Background(), large, keys); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			perByte := float64(after.TotalAlloc-before.TotalAlloc) / float64(len(large))
			if perByte > 2 {
				t.Errorf("%.2f bytes allocated per input byte, want at most 2", perByte)
			}
			t.Logf("%.2f bytes allocated per input byte", perByte)
		})
	}
}
