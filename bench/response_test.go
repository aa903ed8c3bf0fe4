package benchcmp

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
)

// TestBatchResponseJSON checks that events.BatchResponse encodes to the same
// bytes as aws-lambda-go's events.SQSEventResponse for the same failures.
func TestBatchResponseJSON(t *testing.T) {
	tests := map[string][]string{
		"none, nil slice":         nil,
		"none, empty slice":       {},
		"one":                     {"059f36b4-87a3-44ab-83d2-661975830a7d"},
		"several, in order":       {"m3", "m1", "m2"},
		"empty identifier":        {""},
		"characters JSON escapes": {"<&>\"\\\u2028\x01é"},
	}
	for name, ids := range tests {
		t.Run(name, func(t *testing.T) {
			var ours events.BatchResponse
			var theirs lambdaevents.SQSEventResponse
			if ids != nil {
				ours.BatchItemFailures = []events.BatchItemFailure{}
				theirs.BatchItemFailures = []lambdaevents.SQSBatchItemFailure{}
			}
			for _, id := range ids {
				ours.BatchItemFailures = append(ours.BatchItemFailures, events.BatchItemFailure{ItemIdentifier: id})
				theirs.BatchItemFailures = append(theirs.BatchItemFailures, lambdaevents.SQSBatchItemFailure{ItemIdentifier: id})
			}
			sameJSON(t, theirs, ours)
		})
	}
}

// TestProcessResponseJSON checks the response Process builds from a batch
// that aws-lambda-go's types describe against the SQSEventResponse a
// hand-written aws-lambda-go handler returns for the same failures.
func TestProcessResponseJSON(t *testing.T) {
	var in lambdaevents.SQSEvent
	for _, m := range []struct{ id, body string }{
		{"m1", string(eventstest.Fixture(t, "rotation-2025.json"))},
		{"m2", `{"version":"0","detail-type":"KMS CMK Rotation","source":"aws.kms","detail":{"key-id":`},
		{"m3", string(eventstest.Fixture(t, "constructed-deletion-key-origin.json"))},
		{"m4", string(eventstest.Fixture(t, "constructed-missing-key-id.json"))},
	} {
		in.Records = append(in.Records, lambdaevents.SQSMessage{
			MessageId: m.id, Body: m.body,
			EventSource: "aws:sqs", EventSourceARN: "arn:aws:sqs:us-west-2:111122223333:kms-events",
		})
	}
	payload, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	errDeletion := errors.New("deletion not handled")
	resp, err := events.Process(context.Background(), payload, func(_ context.Context, r events.Record) error {
		if _, ok := r.Event.(*events.Deletion); ok {
			return errDeletion
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	want := lambdaevents.SQSEventResponse{BatchItemFailures: []lambdaevents.SQSBatchItemFailure{
		{ItemIdentifier: "m2"}, {ItemIdentifier: "m3"}, {ItemIdentifier: "m4"},
	}}
	sameJSON(t, want, resp)
}

// sameJSON checks that ours encodes to the same JSON as theirs, the
// aws-lambda-go value.
func sameJSON(t *testing.T, theirs, ours any) {
	t.Helper()
	want, err := json.Marshal(theirs)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(ours)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("JSON mismatch (-aws-lambda-go +events):\n%s", diff)
	}
}
