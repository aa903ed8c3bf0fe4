package events

import (
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/kmswatch/kmswatch/internal/jsonfield"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// DefaultMaxSize is the default limit on one event document: 1 MiB, the EventBridge
// maximum event size since 2026-01-29 (docs/reference.md#71-eventbridge-api-limits).
const DefaultMaxSize = 1 << 20

// DefaultMaxBatchSize is the default limit on a whole delivery read by
// [Parser.Unwrap]: 6 MiB, above Lambda's 6 MB synchronous invocation payload
// quota, the largest batch a Lambda function can be handed.
const DefaultMaxBatchSize = 6 << 20

// Parser decodes events with configurable limits. The zero Parser uses
// [DefaultMaxSize] and [DefaultMaxBatchSize]. A Parser holds no state
// between calls and is safe for concurrent use.
type Parser struct {
	// MaxSize limits each event document (and each SQS body or SNS message
	// holding one) in bytes; 0 or less means DefaultMaxSize.
	MaxSize int
	// MaxBatchSize limits the whole input of Unwrap in bytes; 0 or less
	// means DefaultMaxBatchSize.
	MaxBatchSize int
}

func (p *Parser) maxSize() int {
	if p == nil || p.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return p.MaxSize
}

func (p *Parser) maxBatchSize() int {
	if p == nil || p.MaxBatchSize <= 0 {
		return DefaultMaxBatchSize
	}
	return p.MaxBatchSize
}

// Parse decodes one EventBridge event from aws.kms (or a CloudWatch alarm
// event), as a Lambda or other EventBridge target receives it, with
// [DefaultMaxSize]. See [Parser.Parse].
// It is safe for concurrent use.
func Parse(data []byte) (Event, error) {
	var p Parser
	return p.Parse(data)
}

// Parse decodes one EventBridge event from aws.kms. It reads source and
// detail-type once and decodes the detail straight into the matching type,
// returning *[Rotation], *[Expiration], *[Deletion] or *[CloudTrail]; the
// CloudWatch alarm events (source aws.cloudwatch or aws.monitoring) decode
// into *[AlarmEvent]. An SNS alarm message or a Lambda alarm action is no
// EventBridge event: Parse says so with an error matching [ErrUnknownShape]
// (read those with [ParseAlarm]).
//
// Errors match [ErrTooLarge], [ErrSyntax], [ErrNotKMS], [ErrMissingField],
// [ErrInvalidField] or [ErrUnknownDetailType] with [errors.Is]. For an
// unknown detail-type Parse also returns the event as an *[Unknown].
// Unknown fields and enum values are kept, never rejected.
//
// Strings in the returned event share one copy of data, so data may be
// reused after Parse returns, and the event keeps that copy alive.
func (p *Parser) Parse(data []byte) (Event, error) {
	if max := p.maxSize(); len(data) > max {
		return nil, &SizeError{Size: len(data), Limit: max}
	}
	ev, shape, err := parseEvent(string(data))
	if shape != notAlarm {
		if _, err := parseAlarmShape(string(data), shape); err != nil {
			return nil, err
		}
		return nil, &ShapeError{Reason: "an SNS alarm message or a Lambda alarm action, not an EventBridge event; use ParseAlarm"}
	}
	return ev, err
}

// ParseRotation decodes a "KMS CMK Rotation" event with [DefaultMaxSize];
// see [Parser.ParseRotation]. It is safe for concurrent use.
func ParseRotation(data []byte) (*Rotation, error) { return parseAs[RotationDetail](nil, data) }

// ParseExpiration decodes a "KMS Imported Key Material Expiration" event
// with [DefaultMaxSize]; see [Parser.ParseExpiration]. It is safe for
// concurrent use.
func ParseExpiration(data []byte) (*Expiration, error) {
	return parseAs[ExpirationDetail](nil, data)
}

// ParseDeletion decodes a "KMS CMK Deletion" event with [DefaultMaxSize];
// see [Parser.ParseDeletion]. It is safe for concurrent use.
func ParseDeletion(data []byte) (*Deletion, error) { return parseAs[DeletionDetail](nil, data) }

// ParseCloudTrail decodes a KMS "AWS API Call via CloudTrail" or "AWS
// Service Event via CloudTrail" event with [DefaultMaxSize]; see
// [Parser.ParseCloudTrail]. It is safe for concurrent use.
func ParseCloudTrail(data []byte) (*CloudTrail, error) {
	return parseAs[CloudTrailRecord](nil, data)
}

// ParseRotation decodes a "KMS CMK Rotation" event within p's limits. Any
// other event fails with an error matching [ErrUnexpectedDetailType]; other
// errors are those of [Parser.Parse].
func (p *Parser) ParseRotation(data []byte) (*Rotation, error) {
	return parseAs[RotationDetail](p, data)
}

// ParseExpiration decodes a "KMS Imported Key Material Expiration" event
// within p's limits. Any other event fails with an error matching
// [ErrUnexpectedDetailType]; other errors are those of [Parser.Parse].
func (p *Parser) ParseExpiration(data []byte) (*Expiration, error) {
	return parseAs[ExpirationDetail](p, data)
}

// ParseDeletion decodes a "KMS CMK Deletion" event within p's limits. Any
// other event fails with an error matching [ErrUnexpectedDetailType]; other
// errors are those of [Parser.Parse].
func (p *Parser) ParseDeletion(data []byte) (*Deletion, error) {
	return parseAs[DeletionDetail](p, data)
}

// ParseCloudTrail decodes a KMS "AWS API Call via CloudTrail" or "AWS
// Service Event via CloudTrail" event within p's limits. Any other event
// fails with an error matching [ErrUnexpectedDetailType]; other errors are
// those of [Parser.Parse].
func (p *Parser) ParseCloudTrail(data []byte) (*CloudTrail, error) {
	return parseAs[CloudTrailRecord](p, data)
}

// parseAs decodes an event of detail type D within p's limits (a nil p has
// the default ones).
func parseAs[D Detail](p *Parser, data []byte) (*Envelope[D], error) {
	ev, err := p.Parse(data)
	if err != nil {
		return nil, err
	}
	e, ok := ev.(*Envelope[D])
	if !ok {
		return nil, &DetailTypeError{DetailType: ev.Head().DetailType, Want: detailTypesOf[D]()}
	}
	return e, nil
}

// detailTypesOf lists the detail-types decoded into D.
func detailTypesOf[D Detail]() []DetailType {
	var d D
	switch any(d).(type) {
	case RotationDetail:
		return []DetailType{DetailTypeRotation}
	case ExpirationDetail:
		return []DetailType{DetailTypeExpiration}
	case DeletionDetail:
		return []DetailType{DetailTypeDeletion}
	case CloudTrailRecord:
		return []DetailType{DetailTypeAPICall, DetailTypeServiceEvent}
	}
	return nil
}

// UnmarshalJSON decodes an event with [Parse]; the detail-type must be one
// this Envelope's detail type models.
func (e *Envelope[D]) UnmarshalJSON(data []byte) error {
	got, err := parseAs[D](nil, data)
	if err != nil {
		return err
	}
	*e = *got
	return nil
}

// eventKind names the type an event decodes into.
type eventKind int

const (
	kindUnknown eventKind = iota
	kindRotation
	kindExpiration
	kindDeletion
	kindCloudTrail
	kindAlarm
)

// kindOf picks the type for detail-type dt from source. The KMS and the
// CloudWatch detail-types are each modelled under their own sources only;
// while the source is not yet known ("") the detail-type decides.
func kindOf(source string, dt DetailType) eventKind {
	alarmSource := source == SourceCloudWatch || source == SourceMonitoring
	switch dt {
	case DetailTypeAlarmStateChange, DetailTypeAlarmContributorStateChange, DetailTypeAlarmConfigurationChange:
		if source == SourceKMS {
			return kindUnknown
		}
		return kindAlarm
	}
	if alarmSource {
		return kindUnknown
	}
	switch dt {
	case DetailTypeRotation:
		return kindRotation
	case DetailTypeExpiration:
		return kindExpiration
	case DetailTypeDeletion:
		return kindDeletion
	case DetailTypeAPICall, DetailTypeServiceEvent:
		return kindCloudTrail
	}
	return kindUnknown
}

// alarmDetailTypes lists the detail-types decoded into an [AlarmEvent].
var alarmDetailTypes = []DetailType{DetailTypeAlarmStateChange, DetailTypeAlarmContributorStateChange, DetailTypeAlarmConfigurationChange}

// newEvent allocates an event of kind k.
func newEvent(k eventKind) Event {
	switch k {
	case kindRotation:
		return new(Rotation)
	case kindExpiration:
		return new(Expiration)
	case kindDeletion:
		return new(Deletion)
	case kindCloudTrail:
		return new(CloudTrail)
	case kindAlarm:
		return new(AlarmEvent)
	}
	return new(Unknown)
}

// decodeDetail decodes the detail at the scanner's position into ev, which
// newEvent allocated. The calls are static so that d stays on the stack.
func decodeDetail(ev Event, d *decoder) {
	switch e := ev.(type) {
	case *Rotation:
		e.Detail.decode(d)
	case *Expiration:
		e.Detail.decode(d)
	case *Deletion:
		e.Detail.decode(d)
	case *CloudTrail:
		e.Detail.decode(d)
	case *AlarmEvent:
		e.Detail.decode(d)
	case *Unknown:
		e.Detail.decode(d)
	}
}

// decodeInto decodes the detail at the scanner's position into ev and
// returns the detail's field errors apart from the envelope's.
func (d *decoder) decodeInto(ev Event) FieldErrors {
	n := len(d.errs)
	d.notKMS = nil
	decodeDetail(ev, d)
	if len(d.errs) == n {
		return nil
	}
	errs := slices.Clone(d.errs[n:])
	d.errs = d.errs[:n]
	return errs
}

// parseEvent decodes one event held in s in a single pass. When detail
// precedes detail-type (EventBridge puts it last, but JSON does not promise
// order) the detail is decoded after the envelope from its recorded span.
// At a member only an SNS alarm message or a Lambda alarm action has, it
// stops and reports that shape instead, so that the caller decodes the
// document as that.
func parseEvent(s string) (Event, alarmShape, error) {
	d := decoder{sc: jsonscan.New(s)}
	var (
		h           Header
		ev          Event
		decodedKind eventKind
		detailAt    = -1
		detailErrs  FieldErrors // kept apart so that a re-decode replaces them
	)
	if !d.topObject() {
		return nil, notAlarm, d.topError()
	}
	for first := true; ; first = false {
		key, ok := d.sc.NextKey(first)
		if !ok {
			break
		}
		switch key {
		case "version":
			h.Version = d.str("", -1, key)
		case "id":
			h.ID = d.str("", -1, key)
		case "detail-type":
			h.DetailType = DetailType(d.str("", -1, key))
		case "source":
			h.Source = d.str("", -1, key)
		case "account":
			h.Account = d.str("", -1, key)
		case "time":
			h.Time = d.time("", -1, key)
		case "region":
			h.Region = d.str("", -1, key)
		case "resources":
			h.Resources = d.strs("", -1, key)
		case "detail":
			d.sc.WS()
			detailAt = d.sc.Pos
			if h.DetailType != "" {
				decodedKind = kindOf(h.Source, h.DetailType)
				ev = newEvent(decodedKind)
				detailErrs = d.decodeInto(ev)
			} else {
				ev = nil
				d.sc.Skip()
			}
		default:
			if shape := alarmShapeOf(key); shape != notAlarm {
				return nil, shape, nil
			}
			h.Extra = append(h.Extra, d.member(key))
		}
	}
	d.sc.End()
	if d.sc.Err != nil {
		return nil, notAlarm, syntaxError(d.sc.Err)
	}
	switch h.Source {
	case SourceKMS, SourceCloudWatch, SourceMonitoring, "":
	default:
		return nil, notAlarm, &SourceError{Field: "source", Got: h.Source, Want: SourceKMS}
	}
	if k := kindOf(h.Source, h.DetailType); detailAt >= 0 && (ev == nil || decodedKind != k) {
		ev = newEvent(k)
		d.sc.Pos = detailAt
		detailErrs = d.decodeInto(ev)
	}
	d.errs = append(d.errs, detailErrs...)
	if d.notKMS != nil {
		return nil, notAlarm, d.notKMS
	}
	if h.Source == "" {
		d.errs = append(d.errs, newFieldError("source", jsonfield.Required))
	}
	if h.DetailType == "" {
		d.errs = append(d.errs, newFieldError("detail-type", jsonfield.Required))
	}
	if detailAt < 0 {
		d.errs = append(d.errs, newFieldError("detail", jsonfield.Required))
	}
	if len(d.errs) > 0 {
		return nil, notAlarm, d.errs
	}
	*ev.Head() = h
	if _, unknown := ev.(*Unknown); unknown {
		return ev, notAlarm, &DetailTypeError{DetailType: h.DetailType}
	}
	return ev, notAlarm, nil
}

// decoder pairs a scanner with the field errors found so far. Field paths
// are built only when an error is recorded.
type decoder struct {
	sc     jsonscan.Scanner
	errs   FieldErrors
	notKMS *SourceError // a CloudTrail record from another service
}

// fieldPath joins prefix, an optional array index and key into a JSON path
// such as "detail.resources[0].ARN".
func fieldPath(prefix string, idx int, key string) string {
	p := prefix
	if idx >= 0 {
		p += "[" + strconv.Itoa(idx) + "]"
	}
	if p == "" {
		return key
	}
	if key == "" {
		return p
	}
	return p + "." + key
}

func (d *decoder) invalid(prefix string, idx int, key string, p jsonfield.Problem) {
	d.errs = append(d.errs, newFieldError(fieldPath(prefix, idx, key), p))
}

func newFieldError(field string, p jsonfield.Problem) *FieldError {
	return &FieldError{Field: field, Rule: p.Rule, Message: p.Message}
}

// str reads a string value; null reads as "". Another type records
// jsonfield.String and is skipped.
func (d *decoder) str(prefix string, idx int, key string) string {
	switch d.sc.Peek() {
	case '"':
		return d.sc.Str()
	case 'n':
		d.sc.Literal("null")
		return ""
	}
	d.typeErr(prefix, idx, key, jsonfield.String)
	return ""
}

// isStringOrNull reports whether a value starting with c is a string or
// null, the two forms str accepts.
func isStringOrNull(c byte) bool { return c == '"' || c == 'n' }

// typeErr records p for a value of the wrong type and skips it. A value
// that is not JSON at all stays a syntax error.
func (d *decoder) typeErr(prefix string, idx int, key string, p jsonfield.Problem) {
	d.sc.Skip()
	if d.sc.Err == nil {
		d.invalid(prefix, idx, key, p)
	}
}

// strs reads an array of strings; null reads as nil, [] as an empty slice.
func (d *decoder) strs(prefix string, idx int, key string) []string {
	switch d.sc.Peek() {
	case 'n':
		d.sc.Literal("null")
		return nil
	case '[':
	default:
		d.typeErr(prefix, idx, key, jsonfield.Strings)
		return nil
	}
	d.sc.BeginArray()
	out := []string{}
	bad := false
	for first := true; d.sc.NextElem(first); first = false {
		if d.sc.Peek() != '"' {
			d.sc.Skip()
			bad = true
			continue
		}
		out = append(out, d.sc.Str())
	}
	if bad && d.sc.Err == nil {
		d.invalid(prefix, idx, key, jsonfield.Strings)
	}
	return out
}

// time reads an RFC 3339 time; null reads as the zero time.
func (d *decoder) time(prefix string, idx int, key string) time.Time {
	s := d.str(prefix, idx, key)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		d.invalid(prefix, idx, key, jsonfield.Time)
	}
	return t
}

// boolean reads true or false; null reads as false.
func (d *decoder) boolean(prefix string, idx int, key string) bool {
	switch d.sc.Peek() {
	case 't':
		d.sc.Literal("true")
		return true
	case 'f':
		d.sc.Literal("false")
		return false
	case 'n':
		d.sc.Literal("null")
		return false
	}
	d.typeErr(prefix, idx, key, jsonfield.Bool)
	return false
}

// object begins an object value. It reports false for null (consumed) and
// for any other type (recorded as jsonfield.Object and skipped).
func (d *decoder) object(prefix string, idx int, key string) bool {
	switch d.sc.Peek() {
	case '{':
		return d.sc.BeginObject()
	case 'n':
		d.sc.Literal("null")
		return false
	}
	d.typeErr(prefix, idx, key, jsonfield.Object)
	return false
}

// rawCopy returns the next value as a fresh json.RawMessage.
func (d *decoder) rawCopy() json.RawMessage {
	r := d.sc.Raw()
	if d.sc.Err != nil {
		return nil
	}
	return json.RawMessage(r)
}

// member keeps the next value raw under name.
func (d *decoder) member(name string) Member {
	return Member{Name: name, Value: d.rawCopy()}
}

// syntaxError converts the shared scanner's error into this package's
// [*SyntaxError]; nil stays nil.
func syntaxError(e *jsonscan.Error) *SyntaxError {
	if e == nil {
		return nil
	}
	return &SyntaxError{Offset: e.Offset, Msg: e.Msg}
}
