package eventbridgetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/internal/fake"
	"github.com/kmswatch/kmswatch/rules"
)

// PutEvents limits (docs/reference.md#71-eventbridge-api-limits).
const (
	// MaxPutEventsEntries is the model's bound on Entries per call.
	MaxPutEventsEntries = 10
	// MaxEventSize is the size limit of a PutEvents request since
	// 2026-01-29, counted the way EventBridge counts it: 14 bytes for Time
	// plus the UTF-8 bytes of Source, DetailType, Detail and each Resource.
	MaxEventSize = 1 << 20
	// timeSizeBytes is what Time counts towards MaxEventSize.
	timeSizeBytes = 14
	// maxResourceLength and the TraceHeader bounds are the model's
	// EventResource (max 2,048) and TraceHeader (1–500) shapes (botocore
	// events service-2.json); maxDetailTypeLength is the 128 characters the
	// model documents for DetailType.
	maxResourceLength    = 2048
	minTraceHeaderLength = 1
	maxTraceHeaderLength = 500
	maxDetailTypeLength  = 128
)

// CloudTrail management events recorded as read-only reach only rules in state
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
// (docs/reference.md#22-read-only-events-and-rule-state).
const cloudTrailAPICall = "AWS API Call via CloudTrail"

// awsSourcePrefix marks sources reserved for AWS services
// (docs/reference.md#71-eventbridge-api-limits).
const awsSourcePrefix = "aws."

// requiredEventFields are the envelope members TestEventPattern requires of
// its Event (TestEventPattern API reference); Emit requires the same.
var requiredEventFields = []string{"id", "account", "source", "time", "region", "resources", "detail-type"}

// ErrInvalidEvent is matched with errors.Is by the error [Server.Emit]
// returns for an event that is not a JSON object with the envelope fields
// EventBridge requires.
var ErrInvalidEvent = errors.New("eventbridgetest: invalid event")

// Delivery is one event as a target received it.
type Delivery struct {
	// EventBus is the name of the bus the event arrived on.
	EventBus string
	// Rule and RuleArn name the rule that matched.
	Rule    string
	RuleArn string
	// TargetID and TargetArn name the target.
	TargetID  string
	TargetArn string
	// EventID is the id of the matched event.
	EventID string
	// Body is what the target receives: the event as minified JSON, or the
	// result of the target's Input, InputPath or InputTransformer. It is
	// usually JSON but an InputTransformer template may produce plain text.
	Body []byte
	// MessageGroupID is the target's SqsParameters.MessageGroupId, for FIFO
	// queues; empty otherwise.
	MessageGroupID string
}

// Delivered returns, in delivery order, a copy of the deliveries made to
// targets whose Arn is targetArn.
func (s *Server) Delivered(targetArn string) []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.deliveries[targetArn]))
	for i, d := range s.deliveries[targetArn] {
		d.Body = bytes.Clone(d.Body)
		out[i] = d
	}
	return out
}

// Emit delivers event to the default bus as if an AWS service had sent it:
// unlike PutEvents it accepts aws.* sources, and the event is matched exactly
// as given (its id, time and other fields are kept), so fixtures such as
// events/testdata can be replayed. It returns the number of targets the event
// was delivered to, and an error matching [ErrInvalidEvent] when the event is
// not a JSON object with the string members id, account, source, time, region
// and detail-type and resources, an array of strings. Like PutEvents in the fake, delivery is complete on return.
func (s *Server) Emit(event []byte) (int, error) {
	decoded, problem := decodeEvent(event)
	if problem == "" {
		problem = envelopeTypes(decoded)
	}
	if problem != "" {
		return 0, fmt.Errorf("%w: %s", ErrInvalidEvent, problem)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, event); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrInvalidEvent, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.route(s.buses[DefaultEventBus], compact.Bytes(), decoded)
}

// decodeEvent checks that event is a JSON object with the required envelope
// fields and returns it decoded with numbers kept as written; problem says
// what is wrong otherwise.
func decodeEvent(event []byte) (decoded map[string]any, problem string) {
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	if err := dec.Decode(&decoded); err != nil {
		return nil, "event is not a JSON object: " + err.Error()
	}
	if dec.More() {
		return nil, "event has data after the JSON object"
	}
	if decoded == nil {
		return nil, "event is null, not a JSON object"
	}
	var missing []string
	for _, f := range requiredEventFields {
		if _, ok := decoded[f]; !ok {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, "event lacks the required fields " + strings.Join(missing, ", ")
	}
	return decoded, ""
}

// envelopeTypes says which envelope members of a decoded event have a type
// no AWS service sends: resources must be an array of strings and the other
// required members strings.
func envelopeTypes(event map[string]any) string {
	var wrong []string
	for _, f := range requiredEventFields {
		ok := false
		switch v := event[f].(type) {
		case string:
			ok = f != "resources"
		case []any:
			ok = f == "resources"
			for _, r := range v {
				if _, isString := r.(string); !isString {
					ok = false
				}
			}
		}
		if !ok {
			wrong = append(wrong, f)
		}
	}
	if len(wrong) > 0 {
		return "event has envelope fields of the wrong type (resources must be an array of strings, the others strings): " + strings.Join(wrong, ", ")
	}
	return ""
}

// readOnlyCloudTrail reports whether an event is a read-only CloudTrail management
// event from an AWS service (docs/reference.md#22-read-only-events-and-rule-state).
func readOnlyCloudTrail(event map[string]any) bool {
	src, _ := event["source"].(string)
	dt, _ := event["detail-type"].(string)
	detail, _ := event["detail"].(map[string]any)
	ro, _ := detail["readOnly"].(bool)
	return strings.HasPrefix(src, awsSourcePrefix) && dt == cloudTrailAPICall && ro
}

// route matches an event against the patterns of b's rules in one pass and
// records a delivery for each target of each matching rule, in rule-name
// order. Callers hold s.mu.
func (s *Server) route(b *bus, event []byte, decoded map[string]any) (int, error) {
	names, err := b.patterns.Matches(event)
	if err != nil {
		return 0, fmt.Errorf("eventbridgetest: bus %s: %w", b.name, err)
	}
	sort.Strings(names)
	readOnly := readOnlyCloudTrail(decoded)
	ingested := s.base.Now().UTC().Format(time.RFC3339)
	id, _ := decoded["id"].(string)
	delivered := 0
	for _, n := range names {
		r := b.rules[n]
		switch {
		case r.state == types.RuleStateDisabled:
			continue
		case readOnly && r.state != types.RuleStateEnabledWithAllCloudtrailManagementEvents:
			continue
		}
		for _, t := range r.targets {
			if why := s.dropReasons(r.arn, t.target); why != nil {
				arn := aws.ToString(t.target.Arn)
				if s.failed == nil {
					s.failed = map[string][]FailedInvocation{}
				}
				s.failed[arn] = append(s.failed[arn], FailedInvocation{EventBus: b.name, Rule: n, RuleArn: r.arn,
					TargetID: aws.ToString(t.target.Id), TargetArn: arn, EventID: id, Reasons: why})
				continue
			}
			body := targetInput(t.target, event, decoded, transformContext{ruleArn: r.arn, ruleName: n, ingestionTime: ingested})
			d := Delivery{
				EventBus:  b.name,
				Rule:      n,
				RuleArn:   r.arn,
				TargetID:  aws.ToString(t.target.Id),
				TargetArn: aws.ToString(t.target.Arn),
				EventID:   id,
				Body:      body,
			}
			if t.target.SqsParameters != nil {
				d.MessageGroupID = aws.ToString(t.target.SqsParameters.MessageGroupId)
			}
			s.deliveries[d.TargetArn] = append(s.deliveries[d.TargetArn], d)
			delivered++
		}
	}
	return delivered, nil
}

// envelope is the event EventBridge builds from a PutEvents entry, with the
// members in the order EventBridge writes them.
type envelope struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}

// wireEntry is a PutEventsRequestEntry on the wire; Time is epoch seconds.
type wireEntry struct {
	Source       *string
	DetailType   *string
	Detail       *string
	Resources    []string
	Time         *float64
	EventBusName *string
	TraceHeader  *string
}

func entrySize(e wireEntry) int {
	n := timeSizeBytes + len(aws.ToString(e.Source)) + len(aws.ToString(e.DetailType)) + len(aws.ToString(e.Detail))
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

func entryError(code, format string, args ...any) types.PutEventsResultEntry {
	return types.PutEventsResultEntry{ErrorCode: aws.String(code), ErrorMessage: aws.String(fmt.Sprintf(format, args...))}
}

// wireResultEntry is types.PutEventsResultEntry without the members the
// entry does not carry.
type wireResultEntry struct {
	EventID      *string `json:"EventId,omitempty"`
	ErrorCode    *string `json:"ErrorCode,omitempty"`
	ErrorMessage *string `json:"ErrorMessage,omitempty"`
}

func (s *Server) putEvents(body []byte) (any, *apiError) {
	var in struct {
		Entries    []wireEntry
		EndpointId *string
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if n := len(in.Entries); n < 1 || n > MaxPutEventsEntries {
		return nil, errorf(codeValidation, "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and %d, got %d", MaxPutEventsEntries, n)
	}
	total, complete := 0, 0
	for i, e := range in.Entries {
		total += entrySize(e)
		for j, r := range e.Resources {
			if n := utf8.RuneCountInString(r); n > maxResourceLength {
				return nil, errorf(codeValidation, "1 validation error detected: Value at 'entries.%d.member.resources.%d.member' failed to satisfy constraint: Member must have length less than or equal to %d, got %d", i+1, j+1, maxResourceLength, n)
			}
		}
		if e.TraceHeader != nil {
			if n := utf8.RuneCountInString(*e.TraceHeader); n < minTraceHeaderLength || n > maxTraceHeaderLength {
				return nil, errorf(codeValidation, "1 validation error detected: Value at 'entries.%d.member.traceHeader' failed to satisfy constraint: Member must have length between %d and %d, got %d", i+1, minTraceHeaderLength, maxTraceHeaderLength, n)
			}
		}
		if aws.ToString(e.Source) != "" && aws.ToString(e.DetailType) != "" && aws.ToString(e.Detail) != "" {
			complete++
		}
	}
	// "If you submit a request in which none of the entries have each of
	// these properties [Detail, DetailType, Source], EventBridge fails the
	// entire request" (PutEventsRequestEntry model documentation).
	if complete == 0 {
		return nil, errorf(codeValidation, "Parameters Detail, DetailType and Source are required; no entry in the request has all three.")
	}
	if total > MaxEventSize {
		return nil, errorf(codeValidation, "Total size of the entries in the request is over the limit: %d bytes, limit %d.", total, MaxEventSize)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	out := struct {
		FailedEntryCount int               `json:"FailedEntryCount"`
		Entries          []wireResultEntry `json:"Entries"`
	}{}
	for _, e := range in.Entries {
		res := s.putEntry(e)
		if res.ErrorCode != nil {
			out.FailedEntryCount++
		}
		out.Entries = append(out.Entries, wireResultEntry{res.EventId, res.ErrorCode, res.ErrorMessage})
	}
	return out, nil
}

// putEntry ingests one entry. Callers hold s.mu.
func (s *Server) putEntry(e wireEntry) types.PutEventsResultEntry {
	for _, f := range []struct {
		name string
		v    *string
	}{{"Source", e.Source}, {"DetailType", e.DetailType}, {"Detail", e.Detail}} {
		if aws.ToString(f.v) == "" {
			return entryError(codeInvalidArgument, "Parameter %s is not valid. Reason: %s is a required argument.", f.name, f.name)
		}
	}
	// "Free-form string, with a maximum of 128 characters" (model
	// documentation of DetailType); the limit is documented, not modeled, so
	// it fails the entry rather than the request.
	if n := utf8.RuneCountInString(*e.DetailType); n > maxDetailTypeLength {
		return entryError(codeInvalidArgument, "Parameter DetailType is not valid. Reason: DetailType is %d characters, over %d.", n, maxDetailTypeLength)
	}
	if strings.HasPrefix(*e.Source, awsSourcePrefix) {
		return entryError(codeNotAuthorizedSource, messageNotAuthorizedSource)
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(*e.Detail), &detail); err != nil || detail == nil {
		return entryError(codeMalformedDetail, messageMalformedDetail)
	}
	b, aerr := s.lookupBus(e.EventBusName)
	if aerr != nil {
		return entryError(codeInvalidArgument, "Parameter EventBusName is not valid. Reason: %s", aerr.message)
	}
	at := s.base.Now()
	if e.Time != nil && !math.IsNaN(*e.Time) && !math.IsInf(*e.Time, 0) {
		sec, frac := math.Modf(*e.Time)
		at = time.Unix(int64(sec), int64(frac*1e9))
	}
	env := envelope{
		Version:    "0",
		ID:         s.newID(),
		DetailType: *e.DetailType,
		Source:     *e.Source,
		Account:    s.base.Account(),
		Time:       at.UTC().Format(time.RFC3339),
		Region:     s.base.Region(),
		Resources:  e.Resources,
		Detail:     json.RawMessage(*e.Detail),
	}
	if env.Resources == nil {
		env.Resources = []string{}
	}
	event, err := fake.MarshalJSON(env)
	if err != nil {
		return entryError(codeMalformedDetail, messageMalformedDetail)
	}
	decoded, _ := decodeEvent(event)
	if _, err := s.route(b, event, decoded); err != nil {
		return entryError(codeInternalFailure, "%v", err)
	}
	return types.PutEventsResultEntry{EventId: aws.String(env.ID)}
}

func (s *Server) testEventPattern(body []byte) (any, *apiError) {
	var in eventbridge.TestEventPatternInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	// TestEventPatternRequest.EventPattern is the model's EventPattern
	// shape, at most 4,096 characters; the size quota concerns rules only.
	if n := utf8.RuneCountInString(aws.ToString(in.EventPattern)); n > rules.MaxEventPatternLength {
		return nil, errorf(codeValidation, "1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to %d, got %d", rules.MaxEventPatternLength, n)
	}
	p, aerr := compilePattern(aws.ToString(in.EventPattern))
	if aerr != nil {
		return nil, aerr
	}
	event := []byte(aws.ToString(in.Event))
	if _, problem := decodeEvent(event); problem != "" {
		return nil, errorf(codeValidation, "Parameter Event is not valid: %s.", problem)
	}
	ok, err := p.Match(event)
	if err != nil {
		return nil, errorf(codeValidation, "Parameter Event is not valid: %v.", err)
	}
	return struct {
		Result bool `json:"Result"`
	}{ok}, nil
}
