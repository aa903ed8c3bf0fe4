// Command lambda-handler is a Lambda function, written with aws-lambda-go,
// that raises an alert for each KMS key that needs attention. One function
// takes every way the news arrives:
//
//   - KMS events from an SQS queue (turn on ReportBatchItemFailures on the
//     event source mapping), an SNS topic, or an EventBridge rule that
//     targets the function: an alert for each key deleted, each imported key
//     material that expired and each call on a key pending deletion;
//   - the notifications of the alarms that package alarms builds, when one
//     goes into ALARM: the SNS message (through SNS, or SNS to SQS), the
//     EventBridge "CloudWatch Alarm State Change" and "CloudWatch Alarm
//     Contributor State Change" events, and the payload of a Lambda alarm
//     action. The alert names each key the alarm names (KeyIDs): the key of
//     a per-key expiry alarm, every key of a metric-math alarm, the
//     contributor of a fleet-wide Metrics Insights alarm.
//
// events.Processor.Process decodes each record and reports the ones to
// retry, in the JSON of aws-lambda-go's events.SQSEventResponse. On a FIFO
// queue the first failure cuts the batch short, as Lambda requires; with
// SNS, EventBridge or an alarm action a failure fails the invocation, since
// Lambda ignores partial batch responses there.
//
// Build and deploy it on the provided.al2023 runtime:
//
//	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build -tags lambda.norpc -o bootstrap .
//	zip function.zip bootstrap
//	aws lambda create-function --function-name kms-alerts --runtime provided.al2023 \
//		--architectures arm64 --handler bootstrap --zip-file fileb://function.zip \
//		--role arn:aws:iam::111122223333:role/kms-alerts-lambda
//
// This program is its own module, so that aws-lambda-go stays out of the
// library's go.mod; its go.mod points github.com/kmswatch/kmswatch at this
// repository with a replace directive.
package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/kmswatch/kmswatch/events"
)

// alerter sends an alert about a key, named by its key id ("" when an
// alarm names no key). A deployed function would page someone or post to a
// channel; an error makes the record be retried.
type alerter func(ctx context.Context, keyID, what string) error

// function holds what the handler needs between invocations.
type function struct {
	proc  events.Processor
	alert alerter
}

// newFunction returns a function that alerts with alert and logs every
// record it reports for retry to logger.
func newFunction(alert alerter, logger *log.Logger) *function {
	f := &function{alert: alert}
	f.proc.OnFailure = func(_ context.Context, err *events.RecordError) {
		// err stays short however large the record; errors.As reaches the
		// cause.
		logger.Printf("retrying: %v (permanent: %v)", err, err.Permanent)
	}
	return f
}

// handle is the Lambda handler. The payload arrives raw, so that one
// function serves SQS, SNS, EventBridge and alarm-action triggers.
func (f *function) handle(ctx context.Context, payload json.RawMessage) (events.BatchResponse, error) {
	return f.proc.Process(ctx, payload, f.record)
}

// record raises the alert one record calls for.
func (f *function) record(ctx context.Context, r events.Record) error {
	if r.Alarm != nil {
		return f.alarm(ctx, r.Alarm)
	}
	switch ev := r.Event.(type) {
	case *events.Deletion:
		return f.alert(ctx, ev.KeyARN().KeyID(), "key deleted")
	case *events.Expiration:
		return f.alert(ctx, ev.KeyARN().KeyID(), "imported key material expired")
	case *events.CloudTrail:
		if key, ok := ev.Detail.PendingDeletion(); ok {
			return f.alert(ctx, key.KeyID(), ev.Detail.EventName+" called on a key pending deletion")
		}
	}
	// Rotations, other calls and detail-types KMS adds later need no alert.
	return nil
}

// alarm raises one alert per key an alarm in ALARM names, or one naming no
// key for an alarm that names none (a composite alarm, an alarm on another
// metric). Returns to OK, configuration changes and the rest need no alert.
func (f *function) alarm(ctx context.Context, n events.AlarmNotification) error {
	s := n.Summary()
	if s.State != events.AlarmStateAlarm {
		return nil
	}
	what := "alarm " + s.Name + " in ALARM"
	keys := n.KeyIDs()
	if len(keys) == 0 {
		return f.alert(ctx, "", what)
	}
	for _, key := range keys {
		if err := f.alert(ctx, key, what); err != nil {
			return err
		}
	}
	return nil
}

func main() {
	logger := log.New(os.Stderr, "", 0)
	f := newFunction(func(_ context.Context, keyID, what string) error {
		logger.Printf("ALERT key %q: %s", keyID, what)
		return nil
	}, logger)
	lambda.Start(f.handle)
}
