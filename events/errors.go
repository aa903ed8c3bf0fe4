package events

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error this package returns matches one of them with
// [errors.Is]; the typed errors below carry the details for [errors.As].
var (
	// ErrSyntax reports input that is not valid JSON ([*SyntaxError]).
	ErrSyntax = errors.New("events: not valid JSON")
	// ErrNotKMS reports an event whose source is not aws.kms, or a CloudTrail
	// record whose eventSource is not kms.amazonaws.com ([*SourceError]).
	ErrNotKMS = errors.New("events: not a KMS event")
	// ErrUnknownDetailType reports a KMS event whose detail-type this package
	// does not model ([*DetailTypeError]); the envelope is still returned.
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

// Error names the field, the value found and the value wanted.
func (e *SourceError) Error() string {
	return "events: " + e.Field + " is " + strconv.Quote(e.Got) + ", want " + strconv.Quote(e.Want)
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

// Error names the detail-type and, for a typed parser, the ones wanted.
func (e *DetailTypeError) Error() string {
	if len(e.Want) == 0 {
		return "events: unknown detail-type " + strconv.Quote(string(e.DetailType))
	}
	want := make([]string, len(e.Want))
	for i, w := range e.Want {
		want[i] = strconv.Quote(string(w))
	}
	return "events: detail-type is " + strconv.Quote(string(e.DetailType)) + ", want " + strings.Join(want, " or ")
}

// Is reports whether target is [ErrUnknownDetailType] (Want empty) or
// [ErrUnexpectedDetailType] (Want set).
func (e *DetailTypeError) Is(target error) bool {
	if len(e.Want) == 0 {
		return target == ErrUnknownDetailType
	}
	return target == ErrUnexpectedDetailType
}

// Rules a [FieldError] names. Checks and messages use the same constants.
const (
	RuleRequired = "is required"
	RuleString   = "must be a string"
	RuleObject   = "must be an object"
	RuleStrings  = "must be an array of strings"
	RuleArray    = "must be an array of objects"
	RuleBool     = "must be true or false"
	RuleTime     = "must be an RFC 3339 time"
)

// A FieldError reports one field that broke a rule. Field is the JSON path
// from the event root, for example "detail.key-id".
type FieldError struct {
	Field string
	Rule  string // one of the Rule constants
}

// Error names the field and the rule.
func (e *FieldError) Error() string { return "events: " + e.Field + " " + e.Rule }

// Is reports whether target is [ErrMissingField] (for [RuleRequired]) or
// [ErrInvalidField] (for any other rule).
func (e *FieldError) Is(target error) bool {
	if e.Rule == RuleRequired {
		return target == ErrMissingField
	}
	return target == ErrInvalidField
}

// FieldErrors holds every [FieldError] found in one event, in input order,
// so that all problems are reported at once.
type FieldErrors []*FieldError

// Error lists every field and rule.
func (e FieldErrors) Error() string {
	msgs := make([]string, len(e))
	for i, fe := range e {
		msgs[i] = fe.Field + " " + fe.Rule
	}
	return "events: invalid event: " + strings.Join(msgs, "; ")
}

// Unwrap returns the individual errors for [errors.Is] and [errors.As].
func (e FieldErrors) Unwrap() []error {
	errs := make([]error, len(e))
	for i, fe := range e {
		errs[i] = fe
	}
	return errs
}

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

// A RecordError reports one record of a batch that could not be decoded.
type RecordError struct {
	Index     int    // position in the batch, from 0
	MessageID string // SQS messageId or SNS MessageId, "" if unknown
	Err       error
}

// Error names the record and its message ID.
func (e *RecordError) Error() string {
	id := ""
	if e.MessageID != "" {
		id = " (message " + strconv.Quote(e.MessageID) + ")"
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

// Error quotes the input and says what was wrong.
func (e *ARNError) Error() string {
	return "events: invalid KMS ARN " + strconv.Quote(e.Input) + ": " + e.Reason
}

// Is reports whether target is [ErrInvalidARN].
func (e *ARNError) Is(target error) bool { return target == ErrInvalidARN }
