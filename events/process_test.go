package events_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/fakeid"
)

const (
	standardQueue = "arn:aws:sqs:us-west-2:111122223333:kms-events"
	fifoQueue     = "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo"
)

// msg is one SQS message of a test batch.
type msg struct {
	id, group, body string
}

// sqsBatch builds a Lambda SQS event from queue with msgs, as Lambda sends it.
func sqsBatch(t testing.TB, queue string, msgs ...msg) []byte {
	t.Helper()
	type record struct {
		MessageID      string            `json:"messageId"`
		Body           string            `json:"body"`
		Attributes     map[string]string `json:"attributes"`
		EventSource    string            `json:"eventSource"`
		EventSourceARN string            `json:"eventSourceARN"`
	}
	var in struct {
		Records []record
	}
	for _, m := range msgs {
		attrs := map[string]string{"ApproximateReceiveCount": "1"}
		if m.group != "" {
			attrs["MessageGroupId"] = m.group
		}
		in.Records = append(in.Records, record{MessageID: m.id, Body: m.body, Attributes: attrs, EventSource: "aws:sqs", EventSourceARN: queue})
	}
	out, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// failure is what a test compares for each record error Process reports.
type failure struct {
	ID        string
	Is        string // the first sentinel the error matches, or its message
	Permanent bool
}

var errHandler = errors.New("handler failed")

func summarizeFailure(fe *events.RecordError) failure {
	f := failure{ID: fe.MessageID, Permanent: fe.Permanent}
	f.Is = firstMatch(fe.Err, errHandler, errArchive, events.ErrSkipped, events.ErrSyntax, events.ErrMissingField, events.ErrNotKMS, events.ErrTooLarge, events.ErrUnknownShape, context.Canceled)
	if f.Is == "" {
		f.Is = fe.Err.Error()
	}
	return f
}

var errArchive = errors.New("archive failed")

func TestProcess(t *testing.T) {
	good := string(fixture(t, "rotation-2025.json"))
	unknown := string(fixture(t, "constructed-unknown-detail-type.json"))
	notKMS := string(fixture(t, "constructed-not-kms-source.json"))
	const bad = `{"detail-type":`
	failOn := func(ids ...string) events.Handler {
		return func(_ context.Context, r events.Record) error {
			for _, id := range ids {
				if r.MessageID == id {
					return errHandler
				}
			}
			return nil
		}
	}
	skipped, syntax, handler := events.ErrSkipped.Error(), events.ErrSyntax.Error(), errHandler.Error()
	tests := map[string]struct {
		proc     events.Processor
		input    []byte
		handler  events.Handler
		canceled bool
		handled  []string  // message IDs handed to the handler, in order
		response []string  // itemIdentifiers, in order
		failures []failure // what OnFailure saw
		archived []string  // message IDs AckPermanent saw
		is       error     // the error Process returns matches this; nil for none
	}{
		"standard queue: only the failed records are retried": {
			input:    sqsBatch(t, standardQueue, msg{id: "m1", body: good}, msg{id: "m2", body: bad}, msg{id: "m3", body: good}, msg{id: "m4", body: good}),
			handler:  failOn("m3"),
			handled:  []string{"m1", "m3", "m4"},
			response: []string{"m2", "m3"},
			failures: []failure{{"m2", syntax, true}, {"m3", handler, false}},
		},
		"FIFO queue by ARN: a handler error cuts the batch short": {
			input:    sqsBatch(t, fifoQueue, msg{"m1", "", good}, msg{"m2", "", good}, msg{"m3", "", good}, msg{"m4", "", bad}),
			handler:  failOn("m2"),
			handled:  []string{"m1", "m2"},
			response: []string{"m2", "m3", "m4"},
			failures: []failure{{"m2", handler, false}, {"m3", skipped, false}, {"m4", skipped, false}},
		},
		"FIFO queue by MessageGroupId: a decoding failure cuts the batch short": {
			input:    sqsBatch(t, standardQueue, msg{"m1", "g1", bad}, msg{"m2", "g2", good}, msg{"m3", "g1", good}),
			handler:  failOn(),
			response: []string{"m1", "m2", "m3"},
			failures: []failure{{"m1", syntax, true}, {"m2", skipped, false}, {"m3", skipped, false}},
		},
		"FIFO per group: other groups go on": {
			proc:     events.Processor{SkipGroupOnError: true},
			input:    sqsBatch(t, fifoQueue, msg{"m1", "a", good}, msg{"m2", "b", good}, msg{"m3", "a", good}, msg{"m4", "b", good}, msg{"m5", "c", bad}, msg{"m6", "c", good}, msg{"m7", "b", good}),
			handler:  failOn("m2"),
			handled:  []string{"m1", "m2", "m3"},
			response: []string{"m2", "m4", "m5", "m6", "m7"},
			failures: []failure{{"m2", handler, false}, {"m4", skipped, false}, {"m5", syntax, true}, {"m6", skipped, false}, {"m7", skipped, false}},
		},
		"FIFO per group: no failure handles everything": {
			proc:    events.Processor{SkipGroupOnError: true},
			input:   sqsBatch(t, fifoQueue, msg{"m1", "a", good}, msg{"m2", "b", good}),
			handler: failOn(),
			handled: []string{"m1", "m2"},
		},
		"unknown detail-type is handled, not failed": {
			input:   sqsBatch(t, fifoQueue, msg{"m1", "g", unknown}, msg{"m2", "g", good}),
			handled: []string{"m1", "m2"},
			handler: func(_ context.Context, r events.Record) error {
				if _, ok := r.Event.(*events.Unknown); r.MessageID == "m1" && !ok {
					return errors.New("m1 is not an *Unknown")
				}
				return nil
			},
		},
		"permanent failures are retried by default": {
			input:    sqsBatch(t, standardQueue, msg{"m1", "", notKMS}, msg{"m2", "", good}),
			handler:  failOn(),
			handled:  []string{"m2"},
			response: []string{"m1"},
			failures: []failure{{"m1", events.ErrNotKMS.Error(), true}},
		},
		"AckPermanent acknowledges what it archived": {
			proc:     events.Processor{AckPermanent: archive(nil)},
			input:    sqsBatch(t, standardQueue, msg{"m1", "", notKMS}, msg{"m2", "", bad}, msg{"m3", "", good}),
			handler:  failOn("m3"),
			handled:  []string{"m3"},
			archived: []string{"m1", "m2"},
			response: []string{"m3"},
			failures: []failure{{"m3", handler, false}},
		},
		"AckPermanent failing leaves the record for retry": {
			proc:     events.Processor{AckPermanent: archive(errArchive)},
			input:    sqsBatch(t, standardQueue, msg{"m1", "", bad}, msg{"m2", "", good}),
			handler:  failOn(),
			handled:  []string{"m2"},
			archived: []string{"m1"},
			response: []string{"m1"},
			failures: []failure{{"m1", errArchive.Error(), true}},
		},
		"AckPermanent on FIFO: an acknowledged record does not cut the batch": {
			proc:     events.Processor{AckPermanent: archive(nil)},
			input:    sqsBatch(t, fifoQueue, msg{"m1", "g", bad}, msg{"m2", "g", good}),
			handler:  failOn(),
			handled:  []string{"m2"},
			archived: []string{"m1"},
		},
		"ended context: no record is handled, all are retried": {
			input:    sqsBatch(t, standardQueue, msg{"m1", "", good}, msg{"m2", "", good}),
			handler:  failOn(),
			canceled: true,
			response: []string{"m1", "m2"},
			failures: []failure{{"m1", context.Canceled.Error(), false}, {"m2", context.Canceled.Error(), false}},
		},
		"SNS: a failure fails the invocation": {
			input:    fixture(t, "constructed-lambda-sns-batch.json"),
			handler:  failOn("95df01b4-ee98-5cb9-9903-4c221d41eb5e"),
			handled:  []string{"95df01b4-ee98-5cb9-9903-4c221d41eb5e"},
			response: []string{"95df01b4-ee98-5cb9-9903-4c221d41eb5e"},
			failures: []failure{{"95df01b4-ee98-5cb9-9903-4c221d41eb5e", handler, false}},
			is:       events.ErrResponseIgnored,
		},
		"SNS: success returns no error": {
			input:   fixture(t, "constructed-lambda-sns-batch.json"),
			handler: failOn(),
			handled: []string{"95df01b4-ee98-5cb9-9903-4c221d41eb5e"},
		},
		"EventBridge invoking the function: a failure fails the invocation": {
			input:    []byte(`{"detail-type":"KMS CMK Rotation","source":"aws.kms"}`),
			handler:  failOn(),
			response: []string{""},
			failures: []failure{{"", events.ErrMissingField.Error(), true}},
			is:       events.ErrResponseIgnored,
		},
		"records of no known delivery: the invocation fails, to be safe": {
			input:    []byte(`{"Records":[{"x":1}]}`),
			handler:  failOn(),
			response: []string{""},
			failures: []failure{{"", events.ErrUnknownShape.Error(), true}},
			is:       events.ErrResponseIgnored,
		},
		"not a delivery: the error, an empty response": {
			input:   []byte(`{"hello":"world"}`),
			handler: failOn(),
			is:      events.ErrUnknownShape,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.canceled {
				cancel()
			}
			var handled, archived []string
			var failures []failure
			p := tc.proc
			p.OnFailure = func(_ context.Context, fe *events.RecordError) { failures = append(failures, summarizeFailure(fe)) }
			if p.AckPermanent != nil {
				ack := p.AckPermanent
				p.AckPermanent = func(ctx context.Context, r events.Record) error {
					archived = append(archived, r.MessageID)
					if r.Err == nil || r.Body == "" {
						t.Errorf("AckPermanent got record %q with Err %v and Body %q", r.MessageID, r.Err, r.Body)
					}
					return ack(ctx, r)
				}
			}
			resp, err := p.Process(ctx, tc.input, func(ctx context.Context, r events.Record) error {
				handled = append(handled, r.MessageID)
				if r.Err != nil || r.Event == nil {
					t.Errorf("handler got record %q with Err %v, Event %v", r.MessageID, r.Err, r.Event)
				}
				return tc.handler(ctx, r)
			})
			if diff := cmp.Diff(tc.handled, handled); diff != "" {
				t.Errorf("handled mismatch (-want +got):\n%s", diff)
			}
			want := events.BatchResponse{BatchItemFailures: []events.BatchItemFailure{}}
			for _, id := range tc.response {
				want.BatchItemFailures = append(want.BatchItemFailures, events.BatchItemFailure{ItemIdentifier: id})
			}
			if diff := cmp.Diff(want, resp); diff != "" {
				t.Errorf("response mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.failures, failures); diff != "" {
				t.Errorf("failures mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.archived, archived); diff != "" {
				t.Errorf("archived mismatch (-want +got):\n%s", diff)
			}
			if tc.is == nil && err != nil || tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("Process error = %v, want one matching %v", err, tc.is)
			}
			var be *events.BatchError
			if errors.Is(err, events.ErrResponseIgnored) && (!errors.As(err, &be) || len(be.Failures) != len(tc.failures)) {
				t.Errorf("Process error %v does not hold a *BatchError with %d failures", err, len(tc.failures))
			}
		})
	}
}

// archive returns an AckPermanent function that returns err.
func archive(err error) func(context.Context, events.Record) error {
	return func(context.Context, events.Record) error { return err }
}

// TestBatchFIFO checks FIFO detection and that Events and Response follow
// the FIFO rule without a handler.
func TestBatchFIFO(t *testing.T) {
	good := string(fixture(t, "rotation-2025.json"))
	const bad = `{`
	tests := map[string]struct {
		input    []byte
		fifo     bool
		events   int
		response []string
	}{
		"standard queue": {
			input:  sqsBatch(t, standardQueue, msg{"m1", "", good}, msg{"m2", "", bad}, msg{"m3", "", good}),
			events: 2, response: []string{"m2"},
		},
		"FIFO by queue ARN": {
			input: sqsBatch(t, fifoQueue, msg{"m1", "", good}, msg{"m2", "", bad}, msg{"m3", "", good}),
			fifo:  true, events: 1, response: []string{"m2", "m3"},
		},
		"FIFO by MessageGroupId": {
			input: sqsBatch(t, standardQueue, msg{"m1", "g", bad}, msg{"m2", "g", good}),
			fifo:  true, events: 0, response: []string{"m1", "m2"},
		},
		"SQS API message with Attributes.MessageGroupId": {
			input: []byte(`{"MessageId":"m1","Attributes":{"MessageGroupId":"g"},"Body":` + strings.TrimSpace(quote(t, good)) + `}`),
			fifo:  true, events: 1, response: []string{},
		},
		"attributes that are not an object": {
			input: []byte(`{"Records":[{"messageId":"m1","attributes":["MessageGroupId"],"body":` + quote(t, good) + `}]}`),
			fifo:  false, events: 1, response: []string{},
		},
		"SNS batch": {
			input:  fixture(t, "constructed-lambda-sns-batch.json"),
			events: 1, response: []string{},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, _ := events.Unwrap(tc.input)
			if b == nil {
				t.Fatal("Unwrap: nil batch")
			}
			var got []string
			for _, f := range b.Response().BatchItemFailures {
				got = append(got, f.ItemIdentifier)
			}
			if got == nil {
				got = []string{}
			}
			if b.FIFO() != tc.fifo || len(b.Events()) != tc.events {
				t.Errorf("FIFO() = %v, %d events; want %v, %d", b.FIFO(), len(b.Events()), tc.fifo, tc.events)
			}
			if diff := cmp.Diff(tc.response, got); diff != "" {
				t.Errorf("response mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func quote(t testing.TB, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzProcess checks Process's invariants on any input, in both FIFO modes:
// the handler sees only decoded records; the response lists, in order,
// exactly the records OnFailure saw; on a FIFO batch without per-group mode
// every record from the first failure on is reported; and the error stays
// small.
func FuzzProcess(f *testing.F) {
	seedFixtures(f)
	good := string(fixture(f, "rotation-2025.json"))
	f.Add(sqsBatch(f, fifoQueue, msg{"m1", "a", good}, msg{"m2", "b", "{"}, msg{"m3", "a", good}, msg{"m4", "b", good}))
	f.Add(sqsBatch(f, standardQueue, msg{"m1", "a", good}, msg{"m2", "b", good}, msg{"m3", "", good}))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, perGroup := range []bool{false, true} {
			var failed []*events.RecordError
			p := events.Processor{
				SkipGroupOnError: perGroup,
				OnFailure:        func(_ context.Context, fe *events.RecordError) { failed = append(failed, fe) },
			}
			calls := 0
			resp, err := p.Process(context.Background(), data, func(_ context.Context, r events.Record) error {
				if r.Err != nil || r.Event == nil && r.Alarm == nil {
					t.Fatalf("handler got record with Err %v, Event %v, Alarm %v", r.Err, r.Event, r.Alarm)
				}
				if calls++; calls%3 == 0 {
					return errHandler
				}
				return nil
			})
			if len(resp.BatchItemFailures) != len(failed) {
				t.Fatalf("response lists %d records, OnFailure saw %d", len(resp.BatchItemFailures), len(failed))
			}
			for j, fe := range failed {
				if j > 0 && fe.Index <= failed[j-1].Index {
					t.Fatalf("failures out of order: %d after %d", fe.Index, failed[j-1].Index)
				}
				if resp.BatchItemFailures[j].ItemIdentifier != fe.MessageID {
					t.Fatalf("response %d is %q, failure is %q", j, resp.BatchItemFailures[j].ItemIdentifier, fe.MessageID)
				}
			}
			b, _ := events.Unwrap(data)
			if b != nil && b.FIFO() && !perGroup && len(failed) > 0 {
				if want := len(b.Records) - failed[0].Index; len(failed) != want {
					t.Fatalf("FIFO batch: %d records reported from the first failure at %d, want %d", len(failed), failed[0].Index, want)
				}
			}
			// Ten records of at most a quoted 128-byte ID and ten field
			// errors each, whatever the size of the input.
			if err != nil && len(err.Error()) > 16<<10 {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
		}
	})
}

// BenchmarkProcess compares Process with a no-op handler against Unwrap
// followed by Events and Response, the same work without a handler.
func BenchmarkProcess(b *testing.B) {
	vs := fakeid.Variants(fixture(b, "constructed-lambda-sqs-batch.json"), benchVariants)
	noop := func(context.Context, events.Record) error { return nil }
	b.Run("via=Unwrap", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			batch, _ := events.Unwrap(vs[i%len(vs)])
			for _, ev := range batch.Events() {
				_ = noop(context.Background(), events.Record{Event: ev})
			}
			if len(batch.Response().BatchItemFailures) != 2 {
				b.Fatal("want 2 failures")
			}
		}
	})
	b.Run("via=Process", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			resp, _ := events.Process(context.Background(), vs[i%len(vs)], noop)
			if len(resp.BatchItemFailures) != 2 {
				b.Fatal("want 2 failures")
			}
		}
	})
}
