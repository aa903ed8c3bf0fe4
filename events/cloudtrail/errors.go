package cloudtrail

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kmswatch/kmswatch/events"
)

// Sentinel errors. Besides these, errors match [events.ErrSyntax] (the
// input is not valid JSON, an [*events.SyntaxError] whose offset counts
// bytes of the decompressed log file), [events.ErrTooLarge] (a record over
// [Reader.MaxRecordSize]), [events.ErrMissingField] and
// [events.ErrInvalidField] (a record the mapping cannot read), and the
// errors of compress/gzip such as gzip.ErrChecksum (in a [*ReadError]).
var (
	// ErrNotLogFile reports valid JSON that is not a CloudTrail log file:
	// not an object, no Records member, or Records not an array
	// ([*FormatError]).
	ErrNotLogFile = errors.New("cloudtrail: not a CloudTrail log file")
	// ErrNotObject reports a record that is not a JSON object.
	ErrNotObject = errors.New("cloudtrail: record is not a JSON object")
	// ErrUnknownEventType reports a record whose eventType has no
	// EventBridge detail-type ([*EventTypeError]).
	ErrUnknownEventType = errors.New("cloudtrail: event type has no EventBridge detail-type")
	// ErrNoRecord reports a call of [Reader.AppendEvent] when the last call
	// of [Reader.Next] returned no record.
	ErrNoRecord = errors.New("cloudtrail: no current record")
	// ErrNoInput reports a [Reader] with nothing to read: made by
	// NewReader(nil), or a zero Reader.
	ErrNoInput = errors.New("cloudtrail: Reader has no input (NewReader(nil) or a zero Reader)")
)

// A FormatError reports valid JSON that is not a CloudTrail log file.
type FormatError struct {
	Offset int64  // byte offset in the decompressed file
	Reason string // what was wrong
}

// Error says what was wrong and where.
func (e *FormatError) Error() string {
	return "cloudtrail: not a log file at byte " + strconv.FormatInt(e.Offset, 10) + ": " + e.Reason
}

// Is reports whether target is [ErrNotLogFile].
func (e *FormatError) Is(target error) bool { return target == ErrNotLogFile }

// A RecordError reports one record of a log file that was skipped; the
// records after it can still be read.
type RecordError struct {
	Index  int   // position in Records, from 0
	Offset int64 // byte offset of the record in the decompressed file
	Err    error // [ErrNotObject] or an [*events.SizeError]
}

// Error names the record and what was wrong.
func (e *RecordError) Error() string {
	msg := strings.TrimPrefix(strings.TrimPrefix(e.Err.Error(), "cloudtrail: "), "events: ")
	return "cloudtrail: record " + strconv.Itoa(e.Index) + " at byte " + strconv.FormatInt(e.Offset, 10) + ": " + msg
}

// Unwrap returns the record's error.
func (e *RecordError) Unwrap() error { return e.Err }

// A ReadError reports a failure to read or decompress the input.
type ReadError struct {
	Offset int64 // bytes of decompressed input read before the failure
	Err    error // from the io.Reader or compress/gzip
}

// Error names the offset and the cause.
func (e *ReadError) Error() string {
	return "cloudtrail: reading after byte " + strconv.FormatInt(e.Offset, 10) + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *ReadError) Unwrap() error { return e.Err }

// An EventTypeError reports a record whose eventType has no EventBridge
// detail-type (see [DetailTypeOf]).
type EventTypeError struct {
	EventType events.CloudTrailEventType
}

// Error quotes the event type.
func (e *EventTypeError) Error() string {
	return "cloudtrail: eventType " + strconv.Quote(string(e.EventType)) + " has no EventBridge detail-type"
}

// Is reports whether target is [ErrUnknownEventType].
func (e *EventTypeError) Is(target error) bool { return target == ErrUnknownEventType }
