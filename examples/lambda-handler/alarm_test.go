package main

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
)

// other is the second key id of the alarm fixtures.
const other = "0987dcba-09fe-87dc-65ba-ab0987654321"

// TestHandlerAlarms sends the notifications of KMS expiry alarms the way
// each trigger delivers them, and checks that the handler alerts on every
// key they name, with no record reported for retry.
func TestHandlerAlarms(t *testing.T) {
	fixture := func(name string) []byte { return eventstest.Fixture(t, name) }
	tests := map[string]struct {
		payload []byte
		alerts  []string
	}{
		"SNS: per-key expiry alarm": {
			payload: fixture("constructed-sns-alarm-kms-expiry.json"),
			alerts:  []string{key + ": alarm kmswatch-expiry-" + key + " in ALARM"},
		},
		"SNS to SQS: per-key expiry alarm": {
			// The batch also holds the fleet alarm's contributor, once as
			// the SNS message and once as the EventBridge event.
			payload: fixture("constructed-lambda-sqs-alarm-batch.json"),
			alerts:  []string{key + ": alarm kmswatch-expiry-" + key + " in ALARM", other + ": alarm kmswatch-fleet-expiry in ALARM", other + ": alarm kmswatch-fleet-expiry in ALARM"},
		},
		"SNS: contributor of the fleet Metrics Insights alarm": {
			payload: fixture("constructed-sns-alarm-contributor-kms-org.json"),
			alerts:  []string{other + ": alarm kmswatch-fleet-expiry in ALARM"},
		},
		"SNS: composite alarm names no key": {
			payload: fixture("constructed-sns-alarm-composite.json"),
			alerts:  []string{": alarm kmswatch-any-key-expiring in ALARM"},
		},
		"EventBridge to SQS: contributor of the fleet Metrics Insights alarm": {
			payload: eventstest.SQSBatch(fixture("constructed-alarm-contributor-kms-org.json")),
			alerts:  []string{other + ": alarm kmswatch-fleet-expiry in ALARM"},
		},
		"EventBridge rule invoking the function: metric-math alarm over two keys": {
			payload: fixture("constructed-alarm-state-change-kms-metric-math.json"),
			alerts:  []string{other + ": alarm kmswatch-pair-expiry in ALARM", key + ": alarm kmswatch-pair-expiry in ALARM"},
		},
		"Lambda alarm action: contributor of the fleet Metrics Insights alarm": {
			payload: fixture("constructed-alarm-lambda-kms-contributor.json"),
			alerts:  []string{key + ": alarm kmswatch-fleet-expiry in ALARM"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			alerts, out, err := invoke(t, tc.payload, false, "")
			if err != nil {
				t.Fatalf("Invoke: %v", err)
			}
			if diff := cmp.Diff(tc.alerts, alerts); diff != "" {
				t.Errorf("alerts mismatch (-want +got):\n%s", diff)
			}
			if got := response(t, out); len(got.BatchItemFailures) != 0 {
				t.Errorf("records reported for retry: %+v", got.BatchItemFailures)
			}
		})
	}
}

// TestHandlerAlarmActionFailure checks that an alert that fails on a Lambda
// alarm action fails the invocation, so that Lambda retries it: the action
// has no partial batch response to report the record in.
func TestHandlerAlarmActionFailure(t *testing.T) {
	what := "alarm kmswatch-fleet-expiry in ALARM"
	alerts, _, err := invoke(t, eventstest.Fixture(t, "constructed-alarm-lambda-kms-contributor.json"), false, what)
	if diff := cmp.Diff([]any{[]string{key + ": " + what}, true}, []any{alerts, errors.Is(err, events.ErrResponseIgnored)}); diff != "" {
		t.Errorf("[alerts invocation-fails] mismatch (-want +got):\n%s (error %v)", diff, err)
	}
}
