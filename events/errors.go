package events

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/errlist"
	"github.com/kmswatch/kmswatch/internal/errtext"
)

// Sentinel errors. Every error this package returns matches one of them with
// [errors.Is]; the typed errors below carry the details for [errors.As].
var (
	// ErrSyntax reports input that is not valid JSON ([*SyntaxError]).
	ErrSyntax = errors.New("events: not valid JSON")
	// ErrNotKMS reports an event whose source is none of aws.kms,
	// aws.cloudwatch and aws.monitoring (the sources of the KMS events and of
	// the CloudWatch alarm events), a Lambda alarm action whose source is not
	// aws.cloudwatch, or a CloudTrail record whose eventSource is not
	// kms.amazonaws.com ([*SourceError]).
	ErrNotKMS = errors.New("events: not a KMS event")
	// ErrUnknownDetailType reports a KMS or CloudWatch event whose
	// detail-type this package does not model ([*DetailTypeError]); the
	// envelope is still returned.
	ErrUnknownDetailType = errors.New("events: unknown detail-type")
	// ErrUnexpectedDetailType reports an event of another kind than a typed
	// parser such as [ParseRotation] expects ([*DetailTypeError]).
	ErrUnexpectedDetailType = errors.New("events: unexpected detail-type")
	// ErrMissingField reports a required field that is absent or null
	// ([*FieldError]).
	ErrMissingField = errors.New("events: required field missing")
	// ErrInvalidField reports a field of the wrong JSON type or format
	// ([*FieldError]).
	ErrInvalidField = errors.New("events: invalid field")
	// ErrTooLarge reports input over the parser's size limit ([*SizeError]).
	ErrTooLarge = errors.New("events: input too large")
	// ErrUnknownShape reports a JSON document that is neither an EventBridge
	// event nor one of the SQS and SNS deliveries [Unwrap] knows.
	ErrUnknownShape = errors.New("events: unrecognised delivery shape")
	// ErrInvalidARN reports a string that is not a KMS key or alias ARN
	// ([*ARNError]).
	ErrInvalidARN = errors.New("events: invalid KMS ARN")
	// ErrSkipped reports a record of an SQS FIFO batch that was not handed
	// to the handler because an earlier record of the batch (or of its
	// message group) failed; it is retried with that record.
	ErrSkipped = errors.New("events: skipped after an earlier failure in the FIFO batch")
	// ErrResponseIgnored is matched by the error [Processor.Process]
	// returns when a record of an SNS notification or of an event invoking
	// the function directly failed: Lambda ignores partial batch responses
	// for those triggers, so the function must fail for Lambda to retry the
	// invocation.
	ErrResponseIgnored = errors.New("events: Lambda ignores partial batch responses for this trigger")
)

// A SyntaxError reports malformed JSON and the byte offset in the document
// where it was found. For a delivery wrapper the offset is in the document
// being decoded when the error occurred (for example the SNS Message), which
// Doc names.
type SyntaxError struct {
	Doc    string // "" for the input itself, else the wrapper field, e.g. "Message"
	Offset int64  // byte offset of the offending byte in that document
	Msg    string // what was wrong, in encoding/json's wording
}

// Error names the offset, the document and what was wrong.
func (e *SyntaxError) Error() string {
	where := "byte " + strconv.FormatInt(e.Offset, 10)
	if e.Doc != "" {
		where += " of " + e.Doc
	}
	return "events: invalid JSON at " + where + ": " + e.Msg
}

// Is reports whether target is [ErrSyntax].
func (e *SyntaxError) Is(target error) bool { return target == ErrSyntax }

// A SourceError reports an event that does not come from KMS.
type SourceError struct {
	Field string // "source" or "detail.eventSource"
	Got   string // the value found
	Want  string // the value required
}

// Error names the field, the value found (a long value is cut short, with
// its length) and the value wanted.
func (e *SourceError) Error() string {
	return "events: " + e.Field + " is " + errtext.Quote(e.Got) + ", want " + strconv.Quote(e.Want)
}

// Is reports whether target is [ErrNotKMS].
func (e *SourceError) Is(target error) bool { return target == ErrNotKMS }

// A DetailTypeError reports a KMS event with a detail-type this package does
// not model (Want is empty; [Parse] returns it together with an [*Unknown]
// event), or one other than a typed parser expects (Want lists those).
type DetailTypeError struct {
	DetailType DetailType
	Want       []DetailType
}

// Error names the detail-type (a long one is cut short, with its length)
// and, for a typed parser, the ones wanted.
func (e *DetailTypeError) Error() string {
	if len(e.Want) == 0 {
		return "events: unknown detail-type " + errtext.Quote(string(e.DetailType))
	}
	want := make([]string, len(e.Want))
	for i, w := range e.Want {
		want[i] = strconv.Quote(string(w))
	}
	return "events: detail-type is " + errtext.Quote(string(e.DetailType)) + ", want " + strings.Join(want, " or ")
}

// Is reports whether target is [ErrUnknownDetailType] (Want empty) or
// [ErrUnexpectedDetailType] (Want set).
func (e *DetailTypeError) Is(target error) bool {
	if len(e.Want) == 0 {
		return target == ErrUnknownDetailType
	}
	return target == ErrUnexpectedDetailType
}

// A FieldError reports one field that broke a rule. Field is the JSON path
// from the event root, for example "detail.key-id". Rule and Message are
// those of a [kmswatch.Problem]: [kmswatch.RuleRequired] for a missing field,
// [kmswatch.RuleType] for a value of the wrong JSON type and
// [kmswatch.RulePattern] for a string of the wrong form (a time that is not
// RFC 3339); Message says what the field must be ("must be a string").
type FieldError struct {
	Field   string
	Rule    kmswatch.Rule
	Message string
}

// Error names the field and what it must be.
func (e *FieldError) Error() string { return "events: " + e.Field + " " + e.Message }

// Is reports whether target is [ErrMissingField] (for
// [kmswatch.RuleRequired]) or [ErrInvalidField] (for any other rule).
func (e *FieldError) Is(target error) bool {
	if e.Rule == kmswatch.RuleRequired {
		return target == ErrMissingField
	}
	return target == ErrInvalidField
}

// FieldErrors holds every [FieldError] found in one event, in input order,
// so that all problems are reported at once.
type FieldErrors []*FieldError

// Error lists the first ten fields and rules and counts the rest, so that
// an event with an invalid element in each of 100,000 array slots does not
// give a message of megabytes; the slice holds every one.
func (e FieldErrors) Error() string {
	n := min(len(e), maxListed)
	msgs := make([]string, n, n+1)
	for i, fe := range e[:n] {
		msgs[i] = fe.Field + " " + fe.Message
	}
	if len(e) > n {
		msgs = append(msgs, "… and "+strconv.Itoa(len(e)-n)+" more")
	}
	return "events: invalid event: " + strings.Join(msgs, "; ")
}

// Unwrap returns the individual errors for [errors.Is] and [errors.As].
func (e FieldErrors) Unwrap() []error { return errlist.Of(e) }

// A SizeError reports input over a [Parser]'s limit.
type SizeError struct {
	Size  int // bytes received
	Limit int // the limit in force
}

// Error names the size and the limit.
func (e *SizeError) Error() string {
	return "events: input is " + strconv.Itoa(e.Size) + " bytes, over the limit of " + strconv.Itoa(e.Limit)
}

// Is reports whether target is [ErrTooLarge].
func (e *SizeError) Is(target error) bool { return target == ErrTooLarge }

// A ShapeError reports a JSON document [Unwrap] does not recognise.
type ShapeError struct {
	Reason string
}

// Error says why the input was not recognised.
func (e *ShapeError) Error() string { return "events: unrecognised delivery: " + e.Reason }

// Is reports whether target is [ErrUnknownShape].
func (e *ShapeError) Is(target error) bool { return target == ErrUnknownShape }

// A RecordError reports one record of a batch that failed: it could not be
// decoded, the handler of [Processor.Process] returned an error, or it was
// skipped after an earlier failure on a FIFO queue ([ErrSkipped]).
type RecordError struct {
	Index     int    // position in the batch, from 0
	MessageID string // SQS messageId or SNS MessageId, "" if unknown
	Err       error
	// Permanent reports that no retry can make the record succeed: its
	// decoding failed ([ErrSyntax], [ErrNotKMS], [ErrMissingField],
	// [ErrInvalidField], [ErrTooLarge], [ErrUnknownShape]), and the same
	// bytes fail the same way every time. Handler errors and skipped records
	// are not permanent.
	Permanent bool
}

// Error names the record and its message ID (a long ID is cut short, with
// its length).
func (e *RecordError) Error() string {
	id := ""
	if e.MessageID != "" {
		id = " (message " + errtext.Quote(e.MessageID) + ")"
	}
	return "events: record " + strconv.Itoa(e.Index) + id + ": " + strings.TrimPrefix(e.Err.Error(), "events: ")
}

// Unwrap returns the record's error.
func (e *RecordError) Unwrap() error { return e.Err }

// An ARNError reports a string that is not a KMS key or alias ARN.
type ARNError struct {
	Input  string
	Reason string
}

// Error quotes the input (a long one is cut short, with its length) and says
// what was wrong.
func (e *ARNError) Error() string {
	return "events: invalid KMS ARN " + errtext.Quote(e.Input) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalidARN].
func (e *ARNError) Is(target error) bool { return target == ErrInvalidARN }

// maxListed is how many record errors a [BatchError] message lists, and
// field errors a [FieldErrors] message: the default batch size of a Lambda
// SQS event source is 10 (Lambda Developer Guide, "Using Lambda with Amazon
// SQS"), so a default batch is listed whole, while a batch of 10,000 failed
// records gives a message of a few kilobytes instead of megabytes.
const maxListed = 10

// A BatchError reports the records of a batch that failed, in input order.
// Its message lists the first ten and counts the rest, so that logging it
// stays cheap however large the batch; Failures holds every one, and
// [errors.Is] and [errors.As] see through to them.
type BatchError struct {
	Total    int // records in the batch
	Failures []*RecordError
}

// Error says how many records failed and lists the first ten.
func (e *BatchError) Error() string {
	var b strings.Builder
	b.WriteString("events: " + strconv.Itoa(len(e.Failures)) + " of " + strconv.Itoa(e.Total) + " records failed")
	for i, f := range e.Failures {
		if i == maxListed {
			b.WriteString("\n… and " + strconv.Itoa(len(e.Failures)-maxListed) + " more")
			break
		}
		b.WriteString("\n" + f.Error())
	}
	return b.String()
}

// Unwrap returns every record error for [errors.Is] and [errors.As].
func (e *BatchError) Unwrap() []error { return errlist.Of(e.Failures) }

// skippedError is the error of a FIFO record that was not handled because
// record failed before it (in its message group, when group is set).
type skippedError struct {
	failed int
	group  string
}

func (e *skippedError) Error() string {
	where := "the FIFO batch"
	if e.group != "" {
		where = "message group " + errtext.Quote(e.group)
	}
	return "events: skipped: record " + strconv.Itoa(e.failed) + " of " + where + " failed before it"
}

func (e *skippedError) Is(target error) bool { return target == ErrSkipped }

// ignoredError is what [Processor.Process] returns when records failed on a
// trigger that ignores partial batch responses.
type ignoredError struct {
	delivery Delivery
	err      *BatchError
}

func (e *ignoredError) Error() string {
	what := "this delivery"
	if e.delivery != "" {
		what = string(e.delivery)
	}
	return "events: Lambda ignores partial batch responses for " + what + ", so the invocation fails to be retried: " +
		strings.TrimPrefix(e.err.Error(), "events: ")
}

func (e *ignoredError) Is(target error) bool { return target == ErrResponseIgnored }

func (e *ignoredError) Unwrap() error { return e.err }
