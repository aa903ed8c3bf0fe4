// Package cloudtrail reads CloudTrail log files and turns their records into
// the EventBridge events EventBridge delivers for them, so that event
// patterns can be tried against past activity ("would this rule have
// caught it?").
//
// [Reader] streams the records of one log file in the format CloudTrail
// delivers to Amazon S3, {"Records":[...]}, gzip-compressed or plain, with
// memory bounded by the largest record whatever the file's size:
//
//	r := cloudtrail.NewReader(f)
//	var event []byte
//	for {
//		_, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		var skipped *cloudtrail.RecordError
//		if errors.As(err, &skipped) {
//			continue // one record skipped; the rest can still be read
//		}
//		if err != nil {
//			return err // the file is malformed or unreadable
//		}
//		if event, err = r.AppendEvent(event[:0]); err != nil {
//			continue // a record EventBridge has no event for
//		}
//		match(event)
//	}
//
// # Envelope mapping
//
// CloudTrail delivers each record to the default event bus as an event whose detail is
// the record (docs/reference.md#21-envelope-and-detail-types). [AppendEvent] builds
// that event:
//
//	version      "0"
//	id           eventID (EventBridge assigns a fresh id; see below)
//	detail-type  from eventType:
//	               AwsApiCall       → AWS API Call via CloudTrail
//	               AwsServiceEvent  → AWS Service Event via CloudTrail
//	               AwsConsoleSignIn → AWS Console Sign In via CloudTrail
//	               AwsConsoleAction → AWS Console Action via CloudTrail
//	source       "aws." and the first label of eventSource
//	             (kms.amazonaws.com → aws.kms, signin.amazonaws.com → aws.signin)
//	account      recipientAccountId
//	time         eventTime
//	region       awsRegion
//	resources    [] (CloudTrail-delivered events carry none)
//	detail       the record, byte for byte
//
// Two choices are this package's, not EventBridge's. The id of a delivered
// event is a fresh UUID that no log file holds; the record's eventID, also
// a UUID and unique per record, takes its place so that a match leads back
// to its record and a backtest gives the same output every time. Values
// are copied as the record spells them, with no normalisation.
//
// What a backtest cannot see: EventBridge delivers read-only management events
// (Describe*, Get*, List*, and KMS cryptographic calls such as Decrypt) only to rules
// in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
// (docs/reference.md#22-read-only-events-and-rule-state), and a trail holds only the
// events its selectors chose. The mapping ignores rule state: every record is mapped.
//
// # Errors
//
// Errors are values: [events.ErrSyntax] (with the byte offset in the
// decompressed file), [ErrNotLogFile], [events.ErrTooLarge] and
// [ErrNotObject] for one skipped record (in a [*RecordError]),
// [ErrUnknownEventType], [events.ErrMissingField] and
// [events.ErrInvalidField] for a record that cannot be mapped, and
// [*ReadError] for a failure to read or decompress. Bad input never panics.
//
// The package imports the standard library and package events only. It is
// separate from package events so that functions which only decode
// delivered events do not link the log-file reader and compress/gzip.
package cloudtrail
