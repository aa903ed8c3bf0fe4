// Package kmswatch is the root of a library for monitoring AWS KMS keys. The
// work is done by its packages, which callers compose into their own
// services; this package holds only the validation error they all return.
//
// # Packages
//
//   - [github.com/kmswatch/kmswatch/events] turns the KMS events that reach
//     Amazon EventBridge ("KMS CMK Rotation", "KMS Imported Key Material
//     Expiration", "KMS CMK Deletion") and KMS records delivered by CloudTrail
//     into typed Go values, whether they arrive raw, in a Lambda function, or
//     wrapped in SQS or SNS messages. It imports the standard library only.
//   - [github.com/kmswatch/kmswatch/metrics] describes the AWS/KMS metrics,
//     first SecondsUntilKeyMaterialExpiration, builds the aws-sdk-go-v2
//     CloudWatch inputs that query them for one key, many keys or every key,
//     and reads the answers as time left per key.
//   - [github.com/kmswatch/kmswatch/alarms] builds and validates the alarms the
//     KMS documentation recommends and keeps one alarm per key in sync with a
//     fleet of keys.
//   - [github.com/kmswatch/kmswatch/rules] builds EventBridge event patterns and
//     rules for KMS events and proves offline that a pattern matches an event.
//   - [github.com/kmswatch/kmswatch/delivery] checks that the alarm actions
//     and rule targets built with those packages reach their SNS topics and
//     SQS queues when those are encrypted with KMS keys, from the policies
//     and key details the caller read, and builds the statements that fix a
//     path that would drop.
//
// The library never creates an AWS client or loads credentials: builders
// return the SDK's own input types, and the functions that call AWS take a
// narrow interface that the caller's client satisfies.
//
// # Testing without an AWS account
//
// [github.com/kmswatch/kmswatch/metrics/cloudwatchtest] and
// [github.com/kmswatch/kmswatch/rules/eventbridgetest] are in-process
// CloudWatch and EventBridge endpoints that the real SDK clients talk to over
// HTTP (the CloudWatch one also evaluates alarms on a virtual clock, so a test
// can prove when an alarm fires); [github.com/kmswatch/kmswatch/events/eventstest] holds the documented
// payloads and builds events with chosen keys, times and regions;
// [github.com/kmswatch/kmswatch/rules/rulestest] asserts that a pattern
// matches events.
//
// # Validation errors
//
// Every function of every package that rejects bad input returns the same
// type, [*ValidationError], listing every problem found at once, each a
// [Problem] with a path, a [Rule] and a message; all match [ErrInvalid] with
// errors.Is. The type lives here, not in each package, because the packages
// nest: an alarm builder checks its key with the metrics package, and a
// caller who syncs alarms for the keys metrics found should need one
// errors.As target, not one per package. This package imports the standard
// library only, so returning its error costs no package a dependency.
//
// A problem's path is relative to the arguments of the call that returned
// it, so a caller can find the value to fix in their own code:
//
//   - A function names its parameters as they appear in its signature, then
//     Go field and index syntax: alarms.KeyMaterialExpiry(keyRef, within,
//     opts) reports "keyRef", "within" and "opts.Period";
//     alarms.KeyMaterialExpiries(keyRefs, …) reports "keyRefs[3]";
//     alarms.NewPlan(prefix, desired, existing) reports
//     "desired[0].Period"; a map entry is written ["key"].
//   - A function that validates one value (alarms.ValidateAlarm,
//     rules.ValidatePutRuleInput, a Validate or Build method) names that
//     value's fields: "Period", "Metrics[1].MetricStat.Period". A method
//     names its receiver's fields the same way, and its parameters by name.
//   - The empty path means the value as a whole, such as a nil input.
//
// A problem is blamed on the argument the caller can change: a key too long
// for the alarm name it gives is reported on "keyRef", not on "opts.Name",
// unless the caller set opts.Name. A problem that follows from another one
// already reported (an alarm name that is too long because the key is) is
// left out, and problems independent of each other are all reported. When a
// builder finds a problem in the input it built, the message names that
// input's field: "opts.Name: AlarmName length must be between 1 and 255
// characters, got 256".
//
// [ValidationError.Subject] names the function ("alarms.KeyMaterialExpiry",
// or "metrics.Metric.Query" for a method), or the type of the value
// validated ("cloudwatch.PutMetricAlarmInput"); Error reads
// "invalid cloudwatch.PutMetricAlarmInput: Period: must be …; AlarmName: …".
// Messages do not repeat the path or the subject.
//
// # Example
//
// Time left on every key's imported key material, and an alarm for each key
// ten days before it expires:
//
//	cw := cloudwatch.NewFromConfig(cfg) // or cloudwatchtest.NewServer().Client()
//	keys, err := metrics.DiscoverKeys(ctx, cw, metrics.ActiveLast3Hours)
//	if err != nil {
//		return err
//	}
//	r, err := metrics.LastRange(time.Hour, time.Minute, time.Now())
//	if err != nil {
//		return err
//	}
//	batch, err := metrics.ExpiryBatch(keys, r, time.Minute)
//	if err != nil {
//		return err
//	}
//	res, err := metrics.Fetch(ctx, cw, batch)
//	if err != nil {
//		return err
//	}
//	for _, e := range res.Expiries() {
//		if left, ok := e.Left(); ok {
//			fmt.Println(e.KeyID, left)
//		}
//	}
//	desired, err := alarms.KeyMaterialExpiries(keys, alarms.DefaultExpiryWithin,
//		alarms.Options{AlarmActions: []string{topicARN}})
//	if err != nil {
//		return err
//	}
//	s := &alarms.Syncer{Client: cw, Prefix: alarms.ExpiryPrefix}
//	_, _, err = s.Sync(ctx, desired)
//
// And in a Lambda function that an SQS queue (or an SNS topic, or an EventBridge
// rule) feeds, [events.Process] is the whole handler: it decodes each record,
// calls the handler, and returns the partial batch response under Lambda's rules
// (FIFO queues stop at the first failure; SNS and EventBridge invocations, whose
// partial responses Lambda ignores, fail as a whole):
//
//	func handle(ctx context.Context, raw json.RawMessage) (events.BatchResponse, error) {
//		return events.Process(ctx, raw, func(ctx context.Context, r events.Record) error {
//			if r.Alarm != nil { // a fired alarm: SNS message, Lambda action or EventBridge event
//				log.Printf("alarm %s for keys %v", r.Alarm.Summary().Name, r.Alarm.KeyIDs())
//				return nil
//			}
//			log.Printf("%s for key %s", r.Event.Head().DetailType, r.Event.KeyARN())
//			return nil
//		})
//	}
//
// The README's quickstart (go run ./examples/quickstart) runs the whole job
// offline.
package kmswatch
