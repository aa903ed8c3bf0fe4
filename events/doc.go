// Package events turns the events AWS KMS sends to Amazon EventBridge, and
// the CloudWatch alarm notifications that come back, into typed Go values,
// whichever way they reach the program.
//
// It imports only the standard library (no net/http, no AWS SDK, no
// aws-lambda-go), so it adds little to a Lambda function's size and cold
// start.
//
// Every function is safe for concurrent use; events and batches are plain
// values that may be read from several goroutines.
//
// # Events
//
// KMS sends three events of its own, each an [Envelope] with a typed detail:
// [Rotation] ("KMS CMK Rotation"), [Expiration] ("KMS Imported Key Material
// Expiration") and [Deletion] ("KMS CMK Deletion"). Records of KMS API calls
// arrive as [CloudTrail] events ("AWS API Call via CloudTrail" and "AWS
// Service Event via CloudTrail"). Every event shares one [Header] and
// implements [Event], so any of them can name its key:
//
//	ev, err := events.Parse(data)
//	if err != nil {
//		return err
//	}
//	log.Printf("%s for key %s", ev.Head().DetailType, ev.KeyARN())
//
// Switch on the concrete type to reach the detail:
//
//	switch ev := ev.(type) {
//	case *events.Rotation:
//		_ = ev.Detail.CurrentKeyMaterialID
//	case *events.CloudTrail:
//		if arn, ok := ev.Detail.PendingDeletion(); ok {
//			alert(arn)
//		}
//	}
//
// The detail fields each event carries:
//
//	detail-type                           detail
//	KMS CMK Rotation                      key-id; since 2025 also key-origin, rotation-type,
//	                                      previous-key-material-id, current-key-material-id
//	KMS Imported Key Material Expiration  key-id; optional key-material-id
//	KMS CMK Deletion                      key-id; optional key-origin
//	AWS API Call via CloudTrail           the CloudTrail record (eventSource kms.amazonaws.com):
//	                                      eventName, errorCode, errorMessage, userIdentity,
//	                                      resources; request and response kept raw
//	AWS Service Event via CloudTrail      the same, for RotateKey, DeleteKey,
//	                                      DeleteExpiredKeyMaterial… with serviceEventDetails
//
// Both the 2016 shape of the native events (only key-id) and the 2025 shape
// parse. Enum values and members AWS adds later are kept ([Member]) and
// written back by MarshalJSON, so an event survives a decode and re-encode.
//
// # Alarm notifications
//
// When an alarm fires, CloudWatch says so in one of three shapes (CloudWatch
// User Guide, "Acting on alarm changes"), each an [AlarmNotification]:
//
//   - an EventBridge event, *[AlarmEvent]: "CloudWatch Alarm State Change"
//     (single metric, metric math, anomaly detection, composite and Metrics
//     Insights alarms), "CloudWatch Alarm Contributor State Change" (one time
//     series of a Metrics Insights alarm, with its attributes) and
//     "CloudWatch Alarm Configuration Change", from source aws.cloudwatch or
//     aws.monitoring. It has an envelope, so it is also an [Event];
//   - the message of an SNS alarm action, *[AlarmSNSMessage], with a
//     Trigger, a composite alarm's rule, or a contributor's ID and
//     attributes;
//   - the payload of a Lambda alarm action, *[AlarmLambdaEvent].
//
// The last two have no EventBridge envelope and are not Events. Each names
// the keys it is about:
//
//	a, err := events.ParseAlarm(data)
//	if err != nil {
//		return err
//	}
//	for _, id := range a.KeyIDs() { // e.g. the KeyId of an expiry alarm
//		warn(a.Summary().Name, id)
//	}
//
// KeyIDs reads the KeyId dimensions of AWS/KMS metrics and a contributor's
// KeyId attribute only; composite alarms, other metrics and a Metrics
// Insights alarm as a whole name no key, and no key is guessed from a
// query. The times in these payloads are written "2019-10-02T17:04:40.989+0000"
// and are read as such.
//
// # Delivery paths
//
// [Parse] reads the event itself, which is what an EventBridge target such
// as Lambda receives and what an SQS body holds. [Unwrap] also reads SNS
// notifications, SNS-to-SQS messages and Lambda SQS or SNS batches, decoding
// record by record so that one bad record never loses the others. An aws.kms
// or aws.cloudwatch event with a detail-type this package does not model is
// delivered as an [Unknown], not failed: AWS adds detail-types. Alarm
// notifications are read wherever they arrive (SNS, SNS to SQS with or
// without raw message delivery, EventBridge directly or through SQS, a
// Lambda alarm action), each [Record] holding its payload in Record.Alarm;
// Record.Event is nil for the two that are not EventBridge events.
//
// # Lambda functions
//
// [Process] is the entry point of a Lambda function: it decodes whatever
// the function receives, hands each event with its [Record] to a
// [Handler], and returns the two values the function returns:
//
//	func handle(ctx context.Context, raw json.RawMessage) (events.BatchResponse, error) {
//		return events.Process(ctx, raw, func(ctx context.Context, r events.Record) error {
//			if r.Alarm != nil { // an alarm fired, whichever way it came
//				return page(ctx, r.Alarm.KeyIDs()) // your own call
//			}
//			if ev, ok := r.Event.(*events.Deletion); ok {
//				return notify(ctx, ev.KeyARN()) // your own call; an error retries this record
//			}
//			return nil
//		})
//	}
//
// It follows Lambda's rules for partial batch responses (turn on
// ReportBatchItemFailures on the SQS event source mapping):
//
//   - Standard SQS queue: the response lists the records that failed to
//     decode or whose handler returned an error; Lambda retries those only.
//   - SQS FIFO queue, recognised by an eventSourceARN ending in ".fifo" or
//     a MessageGroupId attribute ([Batch.FIFO]): at the first failure the
//     batch stops. Later records are not handed to the handler and are
//     listed after the failed one, in order ([ErrSkipped]), so no message
//     is processed before one sent ahead of it. [Processor.SkipGroupOnError]
//     stops only the failed record's message group.
//   - SNS, and EventBridge invoking the function directly: Lambda ignores
//     partial batch responses. A failure makes Process return an error
//     matching [ErrResponseIgnored]; returning it fails the invocation,
//     which Lambda retries.
//
// A record that can never decode is [RecordError.Permanent]. It is still
// retried by default, so that it reaches the queue's dead-letter queue and
// nothing is lost; [Processor.AckPermanent] acknowledges it instead, once
// the function has logged or archived it.
//
// # Errors
//
// Errors are values: [ErrSyntax] (with the byte offset), [ErrNotKMS],
// [ErrUnknownDetailType] (the event is still returned as [Unknown]),
// [ErrMissingField] and [ErrInvalidField] (all problems at once, naming each
// field and rule), and [ErrTooLarge] (over [Parser.MaxSize], 1 MiB by
// default). Bad input never panics.
//
// Messages stay short whatever the input, because Lambda functions log
// them: a message quotes at most 128 bytes of a value taken from the input,
// followed by "… (N bytes)", and a [BatchError] lists ten records and
// counts the rest. The typed errors keep the values and every record whole.
//
// Input is read the way encoding/json reads it, with two choices spelled
// out: a member given twice takes its last value, and a repeated detail
// object replaces the earlier one whole instead of being merged into it; a
// member that is null counts as absent. Invalid UTF-8 in a string becomes
// U+FFFD, and nesting deeper than 1,100 levels is an [ErrSyntax].
//
// # Keys
//
// [ARN] parses and prints KMS key and alias ARNs in every partition, and
// tells multi-Region keys and aliases apart. [ParsePendingDeletion]
// recognises the "… is pending deletion." error of a call on a key scheduled
// for deletion. [Deduplicator] drops the repeated "KMS CMK Deletion" events
// KMS may send within seconds; alarm events are never dropped as repeats.
//
// # Performance
//
// Parse reads source and detail-type once and decodes the detail straight
// into its type in a single pass. Strings in an event share one copy of the
// input, so decoding a KMS-native event costs a handful of allocations.
//
// # Testing
//
// Package [github.com/kmswatch/kmswatch/events/eventstest] holds the KMS
// developer guide's example payloads and constructed fixtures, and builds
// events with chosen keys, times and regions for callers' own tests.
package events
