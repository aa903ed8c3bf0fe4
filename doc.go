// Package kmswatch is the root of a library for monitoring AWS KMS keys. It
// holds no code; the work is done by its packages, which callers compose into
// their own services.
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
// HTTP; [github.com/kmswatch/kmswatch/events/eventstest] holds the documented
// payloads and builds events with chosen keys, times and regions;
// [github.com/kmswatch/kmswatch/rules/rulestest] asserts that a pattern
// matches events.
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
// And in a Lambda function that an EventBridge rule, SNS topic or SQS queue
// feeds:
//
//	batch, err := events.Unwrap(payload)
//	if batch == nil {
//		return err
//	}
//	for _, ev := range batch.Events() {
//		log.Printf("%s for key %s", ev.Head().DetailType, ev.KeyARN())
//	}
//	return batch.Response() // the partial batch response for SQS
//
// The README's quickstart (go run ./examples/quickstart) runs the whole job
// offline.
package kmswatch
