package eventbridgetest

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/rules"
)

// Limits the fake enforces beyond the shared validators in package rules, because they
// depend on stored state or concern operations the validators do not cover
// (docs/reference.md#71-eventbridge-api-limits, EventBridge quota page and API model).
const (
	// MaxRulesPerBus is the default quota on rules per event bus.
	MaxRulesPerBus = 300
	// maxPageSize is the model's upper bound on Limit for the List
	// operations, also used as the page size when Limit is absent.
	maxPageSize = 100
	// maxRemoveIDs is the model's bound on RemoveTargets Ids.
	maxRemoveIDs = 100
	// maxTargetsPerCall is the model's bound on PutTargets Targets
	// (TargetList, max 100, botocore events service-2.json); the quota of
	// rules.MaxTargetsPerRule per rule is checked after it, with
	// LimitExceededException.
	maxTargetsPerCall = 100
)

type bus struct {
	name  string
	rules map[string]*rule
	// patterns holds the event pattern of every rule that has one, under
	// the rule's name, so PutEvents matches an event against all of the
	// bus's rules in one pass.
	patterns *rules.Set
}

func newBus(name string) *bus {
	return &bus{name: name, rules: map[string]*rule{}, patterns: rules.NewSet()}
}

// rule is a stored rule. The input is kept as sent so DescribeRule and
// ListRules return exactly what PutRule stored.
type rule struct {
	in      eventbridge.PutRuleInput
	arn     string
	state   types.RuleState
	targets []storedTarget
}

// storedTarget keeps the target both decoded, for delivery, and as the JSON
// the caller sent, so ListTargetsByRule echoes every member the SDK knows
// without the fake re-encoding shapes it does not use.
type storedTarget struct {
	target types.Target
	raw    json.RawMessage
}

// wireRule is types.Rule and DescribeRuleOutput on the wire.
type wireRule struct {
	Name               string          `json:"Name"`
	Arn                string          `json:"Arn"`
	EventPattern       *string         `json:"EventPattern,omitempty"`
	ScheduleExpression *string         `json:"ScheduleExpression,omitempty"`
	State              types.RuleState `json:"State"`
	Description        *string         `json:"Description,omitempty"`
	RoleArn            *string         `json:"RoleArn,omitempty"`
	EventBusName       string          `json:"EventBusName"`
	CreatedBy          string          `json:"CreatedBy,omitempty"`
}

func (s *Server) ruleARN(busName, name string) string {
	prefix := "arn:aws:events:" + s.base.Region() + ":" + s.base.Account() + ":rule/"
	if busName == DefaultEventBus {
		return prefix + name
	}
	return prefix + busName + "/" + name
}

func (s *Server) busARN(name string) string {
	return "arn:aws:events:" + s.base.Region() + ":" + s.base.Account() + ":event-bus/" + name
}

// lookupBus resolves an EventBusName member (empty, a name or an ARN).
// Callers hold s.mu.
func (s *Server) lookupBus(name *string) (*bus, *apiError) {
	n := aws.ToString(name)
	if n == "" {
		n = DefaultEventBus
	}
	key := n
	if strings.HasPrefix(n, "arn:") {
		key = ""
		if rest, ok := strings.CutPrefix(n, s.busARN("")); ok {
			key = rest
		}
	}
	b, ok := s.buses[key]
	if !ok {
		return nil, errorf(codeResourceNotFound, "Event bus %s does not exist.", n)
	}
	return b, nil
}

// lookupRule resolves a rule on a bus. Callers hold s.mu.
func (s *Server) lookupRule(busName, name *string) (*bus, *rule, *apiError) {
	b, err := s.lookupBus(busName)
	if err != nil {
		return nil, nil, err
	}
	r, ok := b.rules[aws.ToString(name)]
	if !ok {
		return nil, nil, errorf(codeResourceNotFound, "Rule %s does not exist on EventBus %s.", aws.ToString(name), b.name)
	}
	return b, r, nil
}

func (r *rule) wire(busName string) wireRule {
	return wireRule{
		Name:               aws.ToString(r.in.Name),
		Arn:                r.arn,
		EventPattern:       r.in.EventPattern,
		ScheduleExpression: r.in.ScheduleExpression,
		State:              r.state,
		Description:        r.in.Description,
		RoleArn:            r.in.RoleArn,
		EventBusName:       busName,
	}
}

// compilePattern maps the offline matcher's errors to what PutRule and
// TestEventPattern return: InvalidEventPatternException for patterns
// EventBridge rejects, and a fake-specific error for constructs the matcher
// cannot evaluate, because accepting those would mean silently never matching.
func compilePattern(pattern string) (*rules.Pattern, *apiError) {
	p, err := rules.Compile(pattern)
	if err != nil {
		return nil, patternError(err)
	}
	return p, nil
}

// patternError is the API error for an error of rules.Compile or
// rules.Set.Add.
func patternError(err error) *apiError {
	switch {
	case errors.Is(err, rules.ErrUnsupported):
		return &apiError{status: statusUnsupportedByFake, code: codeUnsupportedByFake, message: err.Error()}
	default:
		return errorf(codeInvalidEventPattern, "Event pattern is not valid. Reason: %v", err)
	}
}

func validationError(err error) *apiError {
	return errorf(codeValidation, "%v", err)
}

func (s *Server) putRule(body []byte) (any, *apiError) {
	var in eventbridge.PutRuleInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := rules.ValidatePutRuleInput(&in); err != nil {
		return nil, validationError(err)
	}
	// Within the model's 4,096 characters, the "Event pattern size" quota
	// applies (default 2,048, adjustable; EventBridge quotas page). Going
	// over a service quota is what LimitExceededException reports.
	if in.EventPattern != nil {
		if n := utf8.RuneCountInString(*in.EventPattern); n > s.patternQuota {
			return nil, errorf(codeLimitExceeded, "Event pattern is %d characters; the Event pattern size quota is %d.", n, s.patternQuota)
		}
	}
	var compiled *rules.Pattern
	if in.EventPattern != nil {
		var err *apiError
		if compiled, err = compilePattern(*in.EventPattern); err != nil {
			return nil, err
		}
	}
	state := in.State
	if state == "" {
		state = types.RuleStateEnabled
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.lookupBus(in.EventBusName)
	if err != nil {
		return nil, err
	}
	name := aws.ToString(in.Name)
	r, exists := b.rules[name]
	if !exists {
		if len(b.rules) >= MaxRulesPerBus {
			return nil, errorf(codeLimitExceeded, messageLimitExceeded)
		}
		r = &rule{arn: s.ruleARN(b.name, name)}
		b.rules[name] = r
	}
	// PutRule replaces the whole rule but keeps its targets
	// (docs/reference.md#71-eventbridge-api-limits).
	b.patterns.Remove(name)
	if compiled != nil {
		// Add shares the pattern compiled above, so it does not fail here.
		if err := b.patterns.Add(name, compiled); err != nil {
			return nil, patternError(err)
		}
	}
	r.in, r.state = in, state
	return struct {
		RuleArn string `json:"RuleArn"`
	}{r.arn}, nil
}

func (s *Server) describeRule(body []byte) (any, *apiError) {
	var in eventbridge.DescribeRuleInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, r, err := s.lookupRule(in.EventBusName, in.Name)
	if err != nil {
		return nil, err
	}
	out := r.wire(b.name)
	out.CreatedBy = s.base.Account()
	return out, nil
}

// page holds the arguments shared by the List operations.
type page struct {
	limit int
	after string // the last key of the previous page
}

// parsePage checks Limit and NextToken. Tokens are opaque to callers; they
// carry the operation and the last key returned, so a token from another
// operation or a tampered one is rejected.
func parsePage(op string, limit *int32, token *string) (page, *apiError) {
	p := page{limit: maxPageSize}
	if limit != nil {
		if *limit < 1 || *limit > maxPageSize {
			return p, errorf(codeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and %d", *limit, maxPageSize)
		}
		p.limit = int(*limit)
	}
	if token == nil {
		return p, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*token)
	after, ok := strings.CutPrefix(string(raw), op+"\x00")
	if err != nil || !ok {
		return p, errorf(codeInvalidToken, "The NextToken %q is not valid for %s.", *token, op)
	}
	p.after = after
	return p, nil
}

func nextToken(op, last string) *string {
	return aws.String(base64.RawURLEncoding.EncodeToString([]byte(op + "\x00" + last)))
}

func (s *Server) listRules(body []byte) (any, *apiError) {
	var in eventbridge.ListRulesInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	p, perr := parsePage("ListRules", in.Limit, in.NextToken)
	if perr != nil {
		return nil, perr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.lookupBus(in.EventBusName)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(b.rules))
	for n := range b.rules {
		if strings.HasPrefix(n, aws.ToString(in.NamePrefix)) && n > p.after {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	out := struct {
		Rules     []wireRule `json:"Rules"`
		NextToken *string    `json:"NextToken,omitempty"`
	}{Rules: []wireRule{}}
	if len(names) > p.limit {
		names = names[:p.limit]
		out.NextToken = nextToken("ListRules", names[len(names)-1])
	}
	for _, n := range names {
		out.Rules = append(out.Rules, b.rules[n].wire(b.name))
	}
	return out, nil
}

func (s *Server) deleteRule(body []byte) (any, *apiError) {
	var in eventbridge.DeleteRuleInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := s.lookupBus(in.EventBusName)
	if err != nil {
		return nil, err
	}
	r, ok := b.rules[aws.ToString(in.Name)]
	if !ok {
		// AWS answers an empty success for a rule that does not exist.
		return struct{}{}, nil
	}
	// Force only concerns managed rules, which the fake never creates, so
	// it does not bypass this check (DeleteRule API reference).
	if len(r.targets) > 0 {
		return nil, errorf(codeValidation, messageRuleHasTargets)
	}
	delete(b.rules, aws.ToString(in.Name))
	b.patterns.Remove(aws.ToString(in.Name))
	return struct{}{}, nil
}

func (s *Server) putTargets(body []byte) (any, *apiError) {
	var wire struct {
		Rule         *string
		EventBusName *string
		Targets      []json.RawMessage
	}
	if err := decode(body, &wire); err != nil {
		return nil, err
	}
	in := eventbridge.PutTargetsInput{Rule: wire.Rule, EventBusName: wire.EventBusName}
	stored := make([]storedTarget, len(wire.Targets))
	for i, raw := range wire.Targets {
		if err := decode(raw, &stored[i].target); err != nil {
			return nil, err
		}
		stored[i].raw = raw
		in.Targets = append(in.Targets, stored[i].target)
	}
	if n := len(in.Targets); n > maxTargetsPerCall {
		return nil, errorf(codeValidation, "1 validation error detected: Value at 'targets' failed to satisfy constraint: Member must have length less than or equal to %d, got %d", maxTargetsPerCall, n)
	}
	verr := rules.ValidatePutTargetsInput(&in)
	if len(in.Targets) > rules.MaxTargetsPerRule {
		verr = withoutTargetCount(verr)
	}
	if verr != nil {
		return nil, validationError(verr)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.lookupRule(in.EventBusName, in.Rule)
	if err != nil {
		return nil, err
	}
	merged := append([]storedTarget(nil), r.targets...)
	for _, t := range stored {
		i := indexOfTarget(merged, aws.ToString(t.target.Id))
		if i < 0 {
			merged = append(merged, t)
			continue
		}
		merged[i] = t
	}
	if len(merged) > rules.MaxTargetsPerRule {
		return nil, errorf(codeLimitExceeded, messageLimitExceeded)
	}
	r.targets = merged
	return struct {
		FailedEntryCount int                           `json:"FailedEntryCount"`
		FailedEntries    []types.PutTargetsResultEntry `json:"FailedEntries"`
	}{0, []types.PutTargetsResultEntry{}}, nil
}

// withoutTargetCount drops the validator's problem with the number of
// Targets: the model accepts up to 100 per call, and more than
// rules.MaxTargetsPerRule on the rule is a quota, which AWS reports with
// LimitExceededException once the rest of the request is valid, whether the
// targets come in one call or several.
func withoutTargetCount(err error) error {
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	kept := slices.DeleteFunc(slices.Clone(ve.Problems), func(p kmswatch.Problem) bool {
		return p.Field == "Targets" && p.Rule == kmswatch.RuleCount
	})
	if len(kept) == 0 {
		return nil
	}
	return &kmswatch.ValidationError{Subject: ve.Subject, Problems: kept}
}

func indexOfTarget(ts []storedTarget, id string) int {
	for i, t := range ts {
		if aws.ToString(t.target.Id) == id {
			return i
		}
	}
	return -1
}

func (s *Server) listTargetsByRule(body []byte) (any, *apiError) {
	var in eventbridge.ListTargetsByRuleInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	p, perr := parsePage("ListTargetsByRule", in.Limit, in.NextToken)
	if perr != nil {
		return nil, perr
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.lookupRule(in.EventBusName, in.Rule)
	if err != nil {
		return nil, err
	}
	// Targets keep the order they were first put in; the token names the
	// last Id returned, so a page boundary survives targets being replaced.
	start := 0
	if p.after != "" {
		i := indexOfTarget(r.targets, p.after)
		if i < 0 {
			return nil, errorf(codeInvalidToken, "The NextToken is no longer valid: target %s was removed.", p.after)
		}
		start = i + 1
	}
	rest := r.targets[start:]
	out := struct {
		Targets   []json.RawMessage `json:"Targets"`
		NextToken *string           `json:"NextToken,omitempty"`
	}{Targets: []json.RawMessage{}}
	if len(rest) > p.limit {
		rest = rest[:p.limit]
		out.NextToken = nextToken("ListTargetsByRule", aws.ToString(rest[len(rest)-1].target.Id))
	}
	for _, t := range rest {
		out.Targets = append(out.Targets, t.raw)
	}
	return out, nil
}

func (s *Server) removeTargets(body []byte) (any, *apiError) {
	var in eventbridge.RemoveTargetsInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if n := len(in.Ids); n < 1 || n > maxRemoveIDs {
		return nil, errorf(codeValidation, "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length between 1 and %d, got %d", maxRemoveIDs, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, r, err := s.lookupRule(in.EventBusName, in.Rule)
	if err != nil {
		return nil, err
	}
	drop := map[string]bool{}
	for _, id := range in.Ids {
		drop[id] = true
	}
	kept := r.targets[:0:0]
	for _, t := range r.targets {
		if !drop[aws.ToString(t.target.Id)] {
			kept = append(kept, t)
		}
	}
	r.targets = kept
	// Removing an Id the rule does not have is not an error in AWS.
	return struct {
		FailedEntryCount int                              `json:"FailedEntryCount"`
		FailedEntries    []types.RemoveTargetsResultEntry `json:"FailedEntries"`
	}{0, []types.RemoveTargetsResultEntry{}}, nil
}
