package events_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
)

// recordSummary is what a test compares for each unwrapped record.
type recordSummary struct {
	MessageID string
	Delivery  events.Delivery
	Type      string
	KeyID     string
	Err       string // the sentinel the error matches, "" for none
}

func summarize(b *events.Batch) []recordSummary {
	var out []recordSummary
	for _, r := range b.Records {
		s := recordSummary{MessageID: r.MessageID, Delivery: r.Delivery}
		if r.Event != nil {
			s.Type, s.KeyID = typeName(r.Event), r.Event.KeyID()
		}
		s.Err = firstMatch(r.Err, events.ErrSyntax, events.ErrMissingField, events.ErrInvalidField, events.ErrNotKMS, events.ErrUnknownDetailType, events.ErrTooLarge, events.ErrUnknownShape)
		out = append(out, s)
	}
	return out
}

// firstMatch returns the message of the first of sentinels that err
// matches, or "" for none.
func firstMatch(err error, sentinels ...error) string {
	for _, sentinel := range sentinels {
		if errors.Is(err, sentinel) {
			return sentinel.Error()
		}
	}
	return ""
}

func TestUnwrap(t *testing.T) {
	rotation := typeName(&events.Rotation{})
	deletion := typeName(&events.Deletion{})
	expiration := typeName(&events.Expiration{})
	tests := map[string]struct {
		fixture  string
		want     []recordSummary
		failures []string // itemIdentifiers of the partial batch response
	}{
		"EventBridge event": {
			fixture: "rotation-2025.json",
			want:    []recordSummary{{Delivery: events.DeliveryEventBridge, Type: rotation, KeyID: docKeyID}},
		},
		"SNS notification": {
			fixture: "constructed-sns-notification.json",
			want:    []recordSummary{{MessageID: "95df01b4-ee98-5cb9-9903-4c221d41eb5e", Delivery: events.DeliverySNS, Type: rotation, KeyID: docKeyID}},
		},
		"single SQS record": {
			fixture: "constructed-sqs-record.json",
			want:    []recordSummary{{MessageID: "059f36b4-87a3-44ab-83d2-661975830a7d", Delivery: events.DeliverySQS, Type: rotation, KeyID: docKeyID}},
		},
		"SNS-to-SQS record": {
			fixture: "constructed-sns-to-sqs-record.json",
			want:    []recordSummary{{MessageID: "2e1424d4-f796-459a-8184-9c92662be6da", Delivery: events.DeliverySNSToSQS, Type: deletion, KeyID: docKeyID}},
		},
		"Lambda SNS batch": {
			fixture: "constructed-lambda-sns-batch.json",
			want:    []recordSummary{{MessageID: "95df01b4-ee98-5cb9-9903-4c221d41eb5e", Delivery: events.DeliverySNS, Type: expiration, KeyID: docKeyID}},
		},
		"Lambda SQS batch with bad records": {
			fixture: "constructed-lambda-sqs-batch.json",
			want: []recordSummary{
				{MessageID: "059f36b4-87a3-44ab-83d2-661975830a7d", Delivery: events.DeliverySQS, Type: rotation, KeyID: docKeyID},
				{MessageID: "2e1424d4-f796-459a-8184-9c92662be6da", Delivery: events.DeliverySNSToSQS, Type: deletion, KeyID: docKeyID},
				{MessageID: "6f2a8e0c-1b3d-4f5a-9c7e-8d0b2a4c6e8f", Delivery: events.DeliverySQS, Err: events.ErrSyntax.Error()},
				{MessageID: "7a3b9f1d-2c4e-4a6b-8d0f-9e1c3b5d7f9a", Delivery: events.DeliverySQS, Err: events.ErrMissingField.Error()},
			},
			failures: []string{"6f2a8e0c-1b3d-4f5a-9c7e-8d0b2a4c6e8f", "7a3b9f1d-2c4e-4a6b-8d0f-9e1c3b5d7f9a"},
		},
		"unknown detail-type is delivered, not failed": {
			fixture: "constructed-unknown-detail-type.json",
			want:    []recordSummary{{Delivery: events.DeliveryEventBridge, Type: typeName(&events.Unknown{}), KeyID: docKeyID}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := events.Unwrap(fixture(t, tc.fixture))
			if b == nil {
				t.Fatalf("Unwrap: nil batch, error %v", err)
			}
			if diff := cmp.Diff(tc.want, summarize(b)); diff != "" {
				t.Errorf("records mismatch (-want +got):\n%s", diff)
			}
			wantResp := events.BatchResponse{BatchItemFailures: []events.BatchItemFailure{}}
			for _, id := range tc.failures {
				wantResp.BatchItemFailures = append(wantResp.BatchItemFailures, events.BatchItemFailure{ItemIdentifier: id})
			}
			if diff := cmp.Diff(wantResp, b.Response()); diff != "" {
				t.Errorf("response mismatch (-want +got):\n%s", diff)
			}
			if (err != nil) != (len(tc.failures) > 0) {
				t.Errorf("Unwrap error = %v, want one only when a record failed", err)
			}
			be := &events.BatchError{}
			if err != nil && (!errors.As(err, &be) || be.Total != len(tc.want) || len(be.Failures) != len(tc.failures)) {
				t.Errorf("Unwrap error %v is not a *BatchError of %d records, %d failed", err, len(tc.want), len(tc.failures))
			}
			for _, f := range be.Failures {
				if !f.Permanent {
					t.Errorf("decoding failure %v is not Permanent", f)
				}
			}
			if got, want := len(b.Events()), len(tc.want)-len(tc.failures); got != want {
				t.Errorf("len(Events()) = %d, want %d", got, want)
			}
		})
	}
}

func TestUnwrapErrors(t *testing.T) {
	tests := map[string]struct {
		parser events.Parser
		input  []byte
		is     error
	}{
		"not JSON":            {input: fixture(t, "malformed-not-json.json"), is: events.ErrSyntax},
		"array":               {input: fixture(t, "malformed-not-object.json"), is: events.ErrUnknownShape},
		"object of no shape":  {input: []byte(`{"hello":"world"}`), is: events.ErrUnknownShape},
		"Records not array":   {input: []byte(`{"Records":{}}`), is: events.ErrUnknownShape},
		"over the batch size": {parser: events.Parser{MaxBatchSize: 10}, input: fixture(t, "constructed-lambda-sqs-batch.json"), is: events.ErrTooLarge},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := tc.parser.Unwrap(tc.input)
			if b != nil || !errors.Is(err, tc.is) {
				t.Errorf("Unwrap = %v, %v; want nil and an error matching %v", b, err, tc.is)
			}
		})
	}
}

// TestUnwrapRecordErrors checks errors that concern one record only.
func TestUnwrapRecordErrors(t *testing.T) {
	event := string(fixture(t, "deletion-2022.json"))
	quoted, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		parser events.Parser
		input  string
		want   []recordSummary
	}{
		"event over MaxSize in an SQS body": {
			parser: events.Parser{MaxSize: 100},
			input:  `{"Records":[{"messageId":"m1","body":` + string(quoted) + `}]}`,
			want:   []recordSummary{{MessageID: "m1", Delivery: events.DeliverySQS, Err: events.ErrTooLarge.Error()}},
		},
		"body that is not a string": {
			input: `{"Records":[{"messageId":"m1","body":{}}]}`,
			want:  []recordSummary{{MessageID: "m1", Err: events.ErrUnknownShape.Error()}},
		},
		"body of no known shape": {
			input: `{"Records":[{"messageId":"m1","body":"{\"a\":1}"},{"messageId":"m2","body":` + string(quoted) + `}]}`,
			want: []recordSummary{
				{MessageID: "m1", Delivery: events.DeliverySQS, Err: events.ErrUnknownShape.Error()},
				{MessageID: "m2", Delivery: events.DeliverySQS, Type: typeName(&events.Deletion{}), KeyID: docKeyID},
			},
		},
		"SNS record without Message": {
			input: `{"Records":[{"EventSource":"aws:sns","Sns":{"MessageId":"n1"}}]}`,
			want:  []recordSummary{{MessageID: "n1", Delivery: events.DeliverySNS, Err: events.ErrUnknownShape.Error()}},
		},
		"event from another source in a batch": {
			input: `{"Records":[{"messageId":"m1","body":` + strings.Replace(string(quoted), "aws.kms", "aws.s3", 1) + `}]}`,
			want:  []recordSummary{{MessageID: "m1", Delivery: events.DeliverySQS, Err: events.ErrNotKMS.Error()}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := tc.parser.Unwrap([]byte(tc.input))
			if b == nil {
				t.Fatalf("Unwrap: nil batch, error %v", err)
			}
			if diff := cmp.Diff(tc.want, summarize(b)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestUnwrapSyntaxErrorNamesDocument checks that a syntax error inside a
// wrapper says which document it is in.
func TestUnwrapSyntaxErrorNamesDocument(t *testing.T) {
	b, _ := events.Unwrap(fixture(t, "constructed-lambda-sqs-batch.json"))
	var se *events.SyntaxError
	if !errors.As(b.Records[2].Err, &se) {
		t.Fatalf("record 2 error = %v, want a *SyntaxError", b.Records[2].Err)
	}
	want := &events.SyntaxError{Doc: "Records[2].body", Offset: 86, Msg: "unexpected end of JSON input looking for beginning of value"}
	if diff := cmp.Diff(want, se); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
