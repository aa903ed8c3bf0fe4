// Command sqshandler is a Lambda function, written with aws-lambda-go, that
// reads KMS events from an SQS queue (or an SNS topic) with
// events.Processor.Process and raises an alert for each key deleted, each
// imported key material that expired and each call on a key pending
// deletion.
//
// Turn on ReportBatchItemFailures on the SQS event source mapping: the
// function then returns the records to retry, in the JSON of aws-lambda-go's
// events.SQSEventResponse. On a FIFO queue the first failure cuts the batch
// short, as Lambda requires; with SNS a failure fails the invocation, since
// Lambda ignores partial batch responses there.
package main

import (
	"context"
	"encoding/json"
	"log"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/kmswatch/kmswatch/events"
)

// alerter sends an alert about a key. A deployed function would page
// someone or post to a channel; an error makes the record be retried.
type alerter func(ctx context.Context, key events.ARN, what string) error

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
// function serves SQS, SNS and EventBridge triggers.
func (f *function) handle(ctx context.Context, payload json.RawMessage) (events.BatchResponse, error) {
	return f.proc.Process(ctx, payload, f.record)
}

// record raises the alert one event calls for.
func (f *function) record(ctx context.Context, r events.Record) error {
	switch ev := r.Event.(type) {
	case *events.Deletion:
		return f.alert(ctx, ev.KeyARN(), "key deleted")
	case *events.Expiration:
		return f.alert(ctx, ev.KeyARN(), "imported key material expired")
	case *events.CloudTrail:
		if key, ok := ev.Detail.PendingDeletion(); ok {
			return f.alert(ctx, key, ev.Detail.EventName+" called on a key pending deletion")
		}
	}
	// Rotations, other calls and detail-types KMS adds later need no alert.
	return nil
}

func main() {
	logger := log.New(os.Stderr, "", 0)
	f := newFunction(func(_ context.Context, key events.ARN, what string) error {
		logger.Printf("ALERT %s: %s", key, what)
		return nil
	}, logger)
	lambda.Start(f.handle)
}
