package cloudtrail

import (
	"bytes"
	"strings"
	"time"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/jsonfield"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// CloudTrail event types that have an EventBridge detail-type besides
// [events.EventTypeAPICall] and [events.EventTypeServiceEvent].
const (
	// EventTypeConsoleSignIn marks a sign-in to the AWS Management Console,
	// the AWS Discussion Forums or the AWS Support Center.
	EventTypeConsoleSignIn events.CloudTrailEventType = "AwsConsoleSignIn"
	// EventTypeConsoleAction marks an action taken in the console that was
	// not an API call.
	EventTypeConsoleAction events.CloudTrailEventType = "AwsConsoleAction"
)

// Detail-types of the events EventBridge delivers for console records.
const (
	// DetailTypeConsoleSignIn is the detail-type of [EventTypeConsoleSignIn]
	// records. The EventBridge user guide prints it "AWS Console Signin via
	// CloudTrail"; delivered events and the rules written against them
	// spell it as here.
	DetailTypeConsoleSignIn events.DetailType = "AWS Console Sign In via CloudTrail"
	// DetailTypeConsoleAction is the detail-type of [EventTypeConsoleAction]
	// records (EventBridge user guide, "AWS service events delivered via
	// AWS CloudTrail").
	DetailTypeConsoleAction events.DetailType = "AWS Console Action via CloudTrail"
)

// DetailTypeOf returns the detail-type of the EventBridge event CloudTrail
// delivers for a record of event type t, and false for an event type it has
// no detail-type for (such as AwsCloudTrailInsight, whose events have their
// own shape, or AwsVpceEvent).
func DetailTypeOf(t events.CloudTrailEventType) (events.DetailType, bool) {
	switch t {
	case events.EventTypeAPICall:
		return events.DetailTypeAPICall, true
	case events.EventTypeServiceEvent:
		return events.DetailTypeServiceEvent, true
	case EventTypeConsoleSignIn:
		return DetailTypeConsoleSignIn, true
	case EventTypeConsoleAction:
		return DetailTypeConsoleAction, true
	}
	return "", false
}

// eventSourceForm is the problem of an eventSource without a first label:
// the event's source is "aws." and that label.
var eventSourceForm = jsonfield.Problem{Rule: kmswatch.RulePattern, Message: "must be a host name such as kms.amazonaws.com"}

// Members of a record the mapping reads, by index into scanner.fields.
const (
	fieldEventType = iota
	fieldEventSource
	fieldEventTime
	fieldAWSRegion
	fieldRecipientAccountID
	fieldEventID
	numFields
)

var fieldNames = [numFields]string{"eventType", "eventSource", "eventTime", "awsRegion", "recipientAccountId", "eventID"}

// field returns the index of the member named key, or -1.
func field(key string) int {
	switch key {
	case "eventType":
		return fieldEventType
	case "eventSource":
		return fieldEventSource
	case "eventTime":
		return fieldEventTime
	case "awsRegion":
		return fieldAWSRegion
	case "recipientAccountId":
		return fieldRecipientAccountID
	case "eventID":
		return fieldEventID
	}
	return -1
}

// AppendEvent appends to dst the EventBridge event that EventBridge delivers
// for the CloudTrail record, a JSON object as it appears in a log file's
// Records array, and returns the extended buffer. The mapping:
//
//	version      "0", as on every EventBridge event
//	id           the record's eventID
//	detail-type  from eventType (see DetailTypeOf)
//	source       "aws." and the first label of eventSource
//	account      recipientAccountId
//	time         eventTime
//	region       awsRegion
//	resources    [] (CloudTrail-delivered events carry none)
//	detail       the record, byte for byte
//
// EventBridge gives each event a fresh id; eventID is used instead so that
// a match can be traced to its record and the mapping is deterministic. The
// other values are copied as they appear in the record.
//
// The record must be valid JSON ([events.ErrSyntax]) and an object
// ([ErrNotObject]). An eventType without a detail-type is an
// [*EventTypeError] ([ErrUnknownEventType]). Otherwise every missing, null
// or malformed member among those above is reported at once as
// [events.FieldErrors] ([events.ErrMissingField], [events.ErrInvalidField]);
// eventTime must be an RFC 3339 time. On error dst is returned unchanged.
// AppendEvent is safe for concurrent use.
func AppendEvent(dst, record []byte) ([]byte, error) {
	// The spans locate finds are offsets in the record without its
	// leading white space, which is what appendEvent takes.
	rec := bytes.TrimLeft(record, " \t\r\n")
	sc := jsonscan.New(bytesString(rec))
	var fields [numFields]span
	isObject := sc.Peek() == '{'
	if isObject {
		locate(&sc, &fields)
	} else {
		sc.Skip()
	}
	end := sc.Pos
	sc.End()
	if sc.Err != nil {
		return dst, &events.SyntaxError{Offset: int64(len(record)-len(rec)) + sc.Err.Offset, Msg: sc.Err.Msg}
	}
	if !isObject {
		return dst, ErrNotObject
	}
	return appendEvent(dst, rec[:end], &fields)
}

// appendEvent builds the event for a validated record whose mapped members
// are located by f.
func appendEvent(dst, rec []byte, f *[numFields]span) ([]byte, error) {
	var problems [numFields]jsonfield.Problem // the problem of each member, if any
	var tok [numFields][]byte
	for i, sp := range f {
		switch sp.kind {
		case spanAbsent:
			problems[i] = jsonfield.Required
		case spanNotString:
			problems[i] = jsonfield.String
		default:
			tok[i] = rec[sp.start:sp.end]
		}
	}
	var dt events.DetailType
	if t := tok[fieldEventType]; t != nil {
		var ok bool
		if dt, ok = detailType(t); !ok {
			return dst, &EventTypeError{EventType: events.CloudTrailEventType(unquote(t))}
		}
	}
	label, escaped := []byte(nil), false
	if t := tok[fieldEventSource]; t != nil {
		if label, escaped = sourceLabel(t); len(label) == 0 {
			problems[fieldEventSource] = eventSourceForm
		}
	}
	if t := tok[fieldEventTime]; t != nil {
		if _, err := time.Parse(time.RFC3339, unquote(t)); err != nil {
			problems[fieldEventTime] = jsonfield.Time
		}
	}
	var errs events.FieldErrors
	for i, p := range problems {
		if p.Rule != "" {
			errs = append(errs, &events.FieldError{Field: fieldNames[i], Rule: p.Rule, Message: p.Message})
		}
	}
	if len(errs) > 0 {
		return dst, errs
	}
	dst = append(dst, `{"version":"0","id":`...)
	dst = append(dst, tok[fieldEventID]...)
	dst = append(dst, `,"detail-type":"`...)
	dst = append(dst, dt...)
	dst = append(dst, `","source":"aws.`...)
	if escaped {
		dst = appendEscaped(dst, label)
	} else {
		dst = append(dst, label...)
	}
	dst = append(dst, `","account":`...)
	dst = append(dst, tok[fieldRecipientAccountID]...)
	dst = append(dst, `,"time":`...)
	dst = append(dst, tok[fieldEventTime]...)
	dst = append(dst, `,"region":`...)
	dst = append(dst, tok[fieldAWSRegion]...)
	dst = append(dst, `,"resources":[],"detail":`...)
	dst = append(dst, rec...)
	return append(dst, '}'), nil
}

// detailType maps an eventType token (quotes included).
func detailType(tok []byte) (events.DetailType, bool) {
	switch string(tok) {
	case `"AwsApiCall"`:
		return events.DetailTypeAPICall, true
	case `"AwsServiceEvent"`:
		return events.DetailTypeServiceEvent, true
	}
	return DetailTypeOf(events.CloudTrailEventType(unquote(tok)))
}

// sourceLabel returns the first label of an eventSource token, or nothing
// when there is none. escaped reports that the token held escapes, so the
// label is decoded text rather than JSON string content.
func sourceLabel(tok []byte) (label []byte, escaped bool) {
	inner := tok[1 : len(tok)-1]
	var s []byte
	if escaped = strings.IndexByte(string(inner), '\\') >= 0; escaped {
		s = []byte(unquote(tok))
	} else {
		s = inner
	}
	dot := strings.IndexByte(string(s), '.')
	if dot <= 0 {
		return nil, escaped
	}
	return s[:dot], escaped
}

// appendEscaped appends s as JSON string content.
func appendEscaped(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	for _, c := range s {
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}
