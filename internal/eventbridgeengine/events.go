package eventbridgeengine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch/internal/ebenvelope"
	"github.com/kmswatch/kmswatch/internal/jsonenc"
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

// CloudTrail management events recorded as read-only reach only rules in
// state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
// (docs/reference.md#22-read-only-events-and-rule-state).
const cloudTrailAPICall = "AWS API Call via CloudTrail"

// awsSourcePrefix marks sources reserved for AWS services
// (docs/reference.md#71-eventbridge-api-limits): PutEvents refuses them.
const awsSourcePrefix = "aws."

// requiredEventFields are the envelope members TestEventPattern requires of
// its Event (TestEventPattern API reference); Emit requires the same.
var requiredEventFields = []string{"id", "account", "source", "time", "region", "resources", "detail-type"}

// ErrInvalidEvent is matched with errors.Is by the error [Engine.Emit]
// returns for an event that is not a JSON object with the envelope fields
// EventBridge requires.
var ErrInvalidEvent = errors.New("eventbridgetest: invalid event")

// Entry is a PutEvents request entry; nil members are absent.
type Entry struct {
	Source       *string
	DetailType   *string
	Detail       *string
	Resources    []string
	Time         *time.Time
	EventBusName *string
	TraceHeader  *string
}

func (e Entry) size() int {
	n := timeSizeBytes + len(deref(e.Source)) + len(deref(e.DetailType)) + len(deref(e.Detail))
	for _, r := range e.Resources {
		n += len(r)
	}
	return n
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// EntryResult is the outcome of one entry: the ID of the event it became,
// or why it failed.
type EntryResult struct {
	EventID      string
	ErrorCode    string
	ErrorMessage string
}

func entryError(code, format string, args ...any) EntryResult {
	return EntryResult{ErrorCode: code, ErrorMessage: fmt.Sprintf(format, args...)}
}

// PutEvents checks a PutEvents request as a whole, then ingests each entry:
// an accepted entry becomes an event matched against every rule of its bus
// and delivered to their targets before PutEvents returns. It returns one
// result per entry and how many failed.
func (e *Engine) PutEvents(entries []Entry) ([]EntryResult, int, error) {
	if n := len(entries); n < 1 || n > MaxPutEventsEntries {
		return nil, 0, errorf(CodeValidation, "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and %d, got %d", MaxPutEventsEntries, n)
	}
	total, complete := 0, 0
	for i, en := range entries {
		total += en.size()
		for j, r := range en.Resources {
			if n := utf8.RuneCountInString(r); n > maxResourceLength {
				return nil, 0, errorf(CodeValidation, "1 validation error detected: Value at 'entries.%d.member.resources.%d.member' failed to satisfy constraint: Member must have length less than or equal to %d, got %d", i+1, j+1, maxResourceLength, n)
			}
		}
		if en.TraceHeader != nil {
			if n := utf8.RuneCountInString(*en.TraceHeader); n < minTraceHeaderLength || n > maxTraceHeaderLength {
				return nil, 0, errorf(CodeValidation, "1 validation error detected: Value at 'entries.%d.member.traceHeader' failed to satisfy constraint: Member must have length between %d and %d, got %d", i+1, minTraceHeaderLength, maxTraceHeaderLength, n)
			}
		}
		if deref(en.Source) != "" && deref(en.DetailType) != "" && deref(en.Detail) != "" {
			complete++
		}
	}
	// "If you submit a request in which none of the entries have each of
	// these properties [Detail, DetailType, Source], EventBridge fails the
	// entire request" (PutEventsRequestEntry model documentation).
	if complete == 0 {
		return nil, 0, errorf(CodeValidation, "Parameters Detail, DetailType and Source are required; no entry in the request has all three.")
	}
	if total > MaxEventSize {
		return nil, 0, errorf(CodeValidation, "Total size of the entries in the request is over the limit: %d bytes, limit %d.", total, MaxEventSize)
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]EntryResult, len(entries))
	failed := 0
	for i, en := range entries {
		out[i] = e.putEntry(en)
		if out[i].ErrorCode != "" {
			failed++
		}
	}
	return out, failed, nil
}

// putEntry ingests one entry. Callers hold e.mu.
func (e *Engine) putEntry(en Entry) EntryResult {
	for _, f := range []struct {
		name string
		v    *string
	}{{"Source", en.Source}, {"DetailType", en.DetailType}, {"Detail", en.Detail}} {
		if deref(f.v) == "" {
			return entryError(CodeInvalidArgument, "Parameter %s is not valid. Reason: %s is a required argument.", f.name, f.name)
		}
	}
	// "Free-form string, with a maximum of 128 characters" (model
	// documentation of DetailType); the limit is documented, not modeled, so
	// it fails the entry rather than the request.
	if n := utf8.RuneCountInString(*en.DetailType); n > maxDetailTypeLength {
		return entryError(CodeInvalidArgument, "Parameter DetailType is not valid. Reason: DetailType is %d characters, over %d.", n, maxDetailTypeLength)
	}
	if strings.HasPrefix(*en.Source, awsSourcePrefix) {
		return entryError(CodeNotAuthorizedSource, messageNotAuthorizedSource)
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(*en.Detail), &detail); err != nil || detail == nil {
		return entryError(CodeMalformedDetail, messageMalformedDetail)
	}
	b, err := e.lookupBus(deref(en.EventBusName))
	if err != nil {
		// lookupBus fails only with an *Error.
		return entryError(CodeInvalidArgument, "Parameter EventBusName is not valid. Reason: %s", err.(*Error).Message)
	}
	at := e.cfg.Now()
	if en.Time != nil {
		at = *en.Time
	}
	env := ebenvelope.Envelope{
		Version:    "0",
		ID:         e.cfg.NewID(),
		DetailType: *en.DetailType,
		Source:     *en.Source,
		Account:    e.cfg.Account,
		Time:       at.UTC().Format(time.RFC3339),
		Region:     e.cfg.Region,
		Resources:  en.Resources,
		Detail:     json.RawMessage(*en.Detail),
	}
	if env.Resources == nil {
		env.Resources = []string{}
	}
	event, err := jsonenc.Marshal(env)
	if err != nil {
		return entryError(CodeMalformedDetail, messageMalformedDetail)
	}
	decoded, _ := decodeEvent(event)
	if _, err := e.route(b, event, decoded); err != nil {
		return entryError(CodeInternalFailure, "%v", err)
	}
	return EntryResult{EventID: env.ID}
}

// Emit delivers event to the default bus as if an AWS service had sent it:
// unlike PutEvents it accepts aws.* sources, and the event is matched
// exactly as given (its id, time and other fields are kept). It returns the
// number of targets the event was delivered to, and an error matching
// [ErrInvalidEvent] when the event is not a JSON object with the string
// members id, account, source, time, region and detail-type and resources,
// an array of strings.
func (e *Engine) Emit(event []byte) (int, error) {
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
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.route(e.buses[DefaultEventBus], compact.Bytes(), decoded)
}

// TestEventPattern reports whether pattern matches event. The pattern is
// held to the model's 4,096 characters (the size quota concerns rules
// only), and the event must have the envelope fields TestEventPattern
// requires.
func TestEventPattern(pattern, event string) (bool, error) {
	if n := utf8.RuneCountInString(pattern); n > rules.MaxEventPatternLength {
		return false, errorf(CodeValidation, "1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to %d, got %d", rules.MaxEventPatternLength, n)
	}
	p, err := CompilePattern(pattern)
	if err != nil {
		return false, err
	}
	if _, problem := decodeEvent([]byte(event)); problem != "" {
		return false, errorf(CodeValidation, "Parameter Event is not valid: %s.", problem)
	}
	ok, err := p.Match([]byte(event))
	if err != nil {
		return false, errorf(CodeValidation, "Parameter Event is not valid: %v.", err)
	}
	return ok, nil
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

// readOnlyCloudTrail reports whether an event is a read-only CloudTrail
// management event from an AWS service.
func readOnlyCloudTrail(event map[string]any) bool {
	src, _ := event["source"].(string)
	dt, _ := event["detail-type"].(string)
	detail, _ := event["detail"].(map[string]any)
	ro, _ := detail["readOnly"].(bool)
	return strings.HasPrefix(src, awsSourcePrefix) && dt == cloudTrailAPICall && ro
}

// route matches an event against the patterns of b's rules in one pass and
// records what each target of each matching rule receives, or that it
// refused the event, in rule-name order. Callers hold e.mu.
func (e *Engine) route(b *bus, event []byte, decoded map[string]any) (int, error) {
	names, err := b.patterns.Matches(event)
	if err != nil {
		return 0, fmt.Errorf("eventbridgetest: bus %s: %w", b.name, err)
	}
	sort.Strings(names)
	readOnly := readOnlyCloudTrail(decoded)
	ingested := e.cfg.Now().UTC().Format(time.RFC3339)
	id, _ := decoded["id"].(string)
	delivered := 0
	for _, n := range names {
		r := b.rules[n]
		switch {
		case r.State == StateDisabled:
			continue
		case readOnly && r.State != StateEnabledWithAllCloudTrail:
			continue
		}
		for _, t := range r.targets {
			if why := e.refusal(r.Arn, t); why != nil {
				e.failed[t.Arn] = append(e.failed[t.Arn], FailedInvocation{EventBus: b.name, Rule: n, RuleArn: r.Arn,
					TargetID: t.ID, TargetArn: t.Arn, EventID: id, Reasons: why})
				continue
			}
			body := targetInput(t, event, decoded, Invocation{RuleArn: r.Arn, RuleName: n, IngestionTime: ingested})
			e.deliveries[t.Arn] = append(e.deliveries[t.Arn], Delivery{EventBus: b.name, Rule: n, RuleArn: r.Arn,
				TargetID: t.ID, TargetArn: t.Arn, EventID: id, Body: body, MessageGroupID: t.MessageGroupID})
			delivered++
		}
	}
	return delivered, nil
}
