package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log"
	"strings"
	"testing"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
)

const (
	standardQueue = "arn:aws:sqs:us-west-2:111122223333:kms-events"
	fifoQueue     = "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo"
)

var errPager = errors.New("pager unavailable")

// truncated is a body cut short, which can never decode.
const truncated = `{"version":"0","detail-type":"KMS CMK Rotation","source":"aws.kms","detail":{"key-id":`

// messages are the SQS messages of every test batch, as message ID and
// eventstest fixture (or, for m3, the body itself): one alert each for m1,
// m4 and m5; m2 needs none; m3 is not JSON; m6 has a detail-type KMS may add
// later.
var messages = [][2]string{
	{"m1", "constructed-deletion-key-origin.json"},
	{"m2", "rotation-2025.json"},
	{"m3", truncated},
	{"m4", "constructed-expiration-key-material-id.json"},
	{"m5", "constructed-cloudtrail-decrypt-pending-deletion.json"},
	{"m6", "constructed-unknown-detail-type.json"},
}

// sqsEvent builds the batch with aws-lambda-go's own types; on a FIFO queue
// messages alternate between groups a (m1, m3, m5) and b (m2, m4, m6).
func sqsEvent(t *testing.T, queue string) lambdaevents.SQSEvent {
	var ev lambdaevents.SQSEvent
	for i, m := range messages {
		attrs := map[string]string{"ApproximateReceiveCount": "1"}
		if strings.HasSuffix(queue, ".fifo") {
			attrs["MessageGroupId"] = string(rune('a' + i%2))
		}
		ev.Records = append(ev.Records, lambdaevents.SQSMessage{
			MessageId:      m[0],
			Body:           body(t, m[1]),
			Attributes:     attrs,
			EventSource:    "aws:sqs",
			EventSourceARN: queue,
			AWSRegion:      "us-west-2",
		})
	}
	return ev
}

// body returns the fixture called name, or name itself if it is no
// fixture's name.
func body(t *testing.T, name string) string {
	if !strings.HasSuffix(name, ".json") {
		return name
	}
	return string(eventstest.Fixture(t, name))
}

func snsEvent(t *testing.T, fixture string) lambdaevents.SNSEvent {
	return lambdaevents.SNSEvent{Records: []lambdaevents.SNSEventRecord{{
		EventSource:  "aws:sns",
		EventVersion: "1.0",
		SNS: lambdaevents.SNSEntity{
			MessageID: "n1",
			Type:      "Notification",
			TopicArn:  "arn:aws:sns:us-west-2:111122223333:kms-events",
			Message:   string(eventstest.Fixture(t, fixture)),
		},
	}}}
}

// TestHandler invokes the handler the way the Lambda runtime does, through
// aws-lambda-go's lambda.NewHandler, with events built from aws-lambda-go's
// types, and reads the response as aws-lambda-go's SQSEventResponse.
func TestHandler(t *testing.T) {
	tests := map[string]struct {
		event    any
		skip     bool     // SkipGroupOnError
		failOn   string   // the alert text that fails
		alerts   []string // alerts sent, in order, as "key id: text"
		response []string // itemIdentifiers
		is       error    // the invocation error matches this; nil for none
	}{
		"standard queue": {
			event:    sqsEvent(t, standardQueue),
			failOn:   "imported key material expired",
			alerts:   []string{key + ": key deleted", key + ": imported key material expired", key + ": Decrypt called on a key pending deletion"},
			response: []string{"m3", "m4"},
		},
		"FIFO queue: the first failure cuts the batch short": {
			event:    sqsEvent(t, fifoQueue),
			alerts:   []string{key + ": key deleted"},
			response: []string{"m3", "m4", "m5", "m6"},
		},
		"FIFO queue, one group cut short": {
			event:    sqsEvent(t, fifoQueue),
			skip:     true,
			failOn:   "key deleted",
			alerts:   []string{key + ": key deleted", key + ": imported key material expired"},
			response: []string{"m1", "m3", "m5"},
		},
		"SNS: delivered": {
			event:  snsEvent(t, "constructed-deletion-key-origin.json"),
			alerts: []string{key + ": key deleted"},
		},
		"SNS: a failure fails the invocation": {
			event:  snsEvent(t, "constructed-deletion-key-origin.json"),
			failOn: "key deleted",
			alerts: []string{key + ": key deleted"},
			is:     events.ErrResponseIgnored,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			payload, err := json.Marshal(tc.event)
			if err != nil {
				t.Fatal(err)
			}
			alerts, out, err := invoke(t, payload, tc.skip, tc.failOn)
			if diff := cmp.Diff(tc.alerts, alerts); diff != "" {
				t.Errorf("alerts mismatch (-want +got):\n%s", diff)
			}
			if tc.is != nil {
				if !errors.Is(err, tc.is) {
					t.Errorf("Invoke error = %v, want one matching %v", err, tc.is)
				}
				return
			}
			if err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			want := lambdaevents.SQSEventResponse{BatchItemFailures: []lambdaevents.SQSBatchItemFailure{}}
			for _, id := range tc.response {
				want.BatchItemFailures = append(want.BatchItemFailures, lambdaevents.SQSBatchItemFailure{ItemIdentifier: id})
			}
			if diff := cmp.Diff(want, response(t, out)); diff != "" {
				t.Errorf("response mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// key is the key id of every fixture the tests send.
const key = "1234abcd-12ab-34cd-56ef-1234567890ab"

// invoke runs one invocation through lambda.NewHandler and returns the
// alerts sent, as "key id: text", with the raw response and error.
func invoke(t *testing.T, payload []byte, skipGroup bool, failOn string) ([]string, []byte, error) {
	t.Helper()
	var alerts []string
	f := newFunction(func(_ context.Context, keyID, what string) error {
		alerts = append(alerts, keyID+": "+what)
		if what == failOn {
			return errPager
		}
		return nil
	}, log.New(io.Discard, "", 0))
	f.proc.SkipGroupOnError = skipGroup
	out, err := lambda.NewHandler(f.handle).Invoke(context.Background(), payload)
	return alerts, out, err
}

// response decodes out as aws-lambda-go's SQSEventResponse.
func response(t *testing.T, out []byte) lambdaevents.SQSEventResponse {
	t.Helper()
	var got lambdaevents.SQSEventResponse
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("response %s: %v", out, err)
	}
	return got
}
