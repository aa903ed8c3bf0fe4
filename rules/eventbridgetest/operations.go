package eventbridgetest

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/eventbridgeengine"
	"github.com/kmswatch/kmswatch/rules"
)

// Each operation decodes its request into the engine's types, runs the
// shared validators of package rules where they apply (they read the SDK's
// input types), calls the engine and encodes its answer.

// MaxRulesPerBus is the default quota on rules per event bus, 300; PutRule
// answers LimitExceededException for a rule beyond it.
const MaxRulesPerBus = eventbridgeengine.MaxRulesPerBus

// maxTargetsPerCall is the model's bound on PutTargets Targets (TargetList,
// max 100, botocore events service-2.json); the quota of
// rules.MaxTargetsPerRule per rule is checked after it, with
// LimitExceededException.
const maxTargetsPerCall = 100

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

func wireOf(r eventbridgeengine.Rule) wireRule {
	return wireRule{
		Name:               r.Name,
		Arn:                r.Arn,
		EventPattern:       r.EventPattern,
		ScheduleExpression: r.ScheduleExpression,
		State:              types.RuleState(r.State),
		Description:        r.Description,
		RoleArn:            r.RoleArn,
		EventBusName:       r.EventBus,
	}
}

func (s *Server) putRule(in *eventbridge.PutRuleInput) (any, error) {
	if err := rules.ValidatePutRuleInput(in); err != nil {
		return nil, validationError(err)
	}
	arn, err := s.eng.PutRule(aws.ToString(in.EventBusName), eventbridgeengine.Rule{
		Name:               aws.ToString(in.Name),
		EventPattern:       in.EventPattern,
		ScheduleExpression: in.ScheduleExpression,
		State:              string(in.State),
		Description:        in.Description,
		RoleArn:            in.RoleArn,
	})
	if err != nil {
		return nil, err
	}
	return struct {
		RuleArn string `json:"RuleArn"`
	}{arn}, nil
}

func (s *Server) describeRule(in *eventbridge.DescribeRuleInput) (any, error) {
	r, err := s.eng.DescribeRule(aws.ToString(in.EventBusName), aws.ToString(in.Name))
	if err != nil {
		return nil, err
	}
	out := wireOf(r)
	out.CreatedBy = s.base.Account()
	return out, nil
}

func (s *Server) listRules(in *eventbridge.ListRulesInput) (any, error) {
	found, next, err := s.eng.ListRules(aws.ToString(in.EventBusName), aws.ToString(in.NamePrefix), eventbridgeengine.Page{Limit: in.Limit, NextToken: in.NextToken})
	if err != nil {
		return nil, err
	}
	out := struct {
		Rules     []wireRule `json:"Rules"`
		NextToken *string    `json:"NextToken,omitempty"`
	}{Rules: make([]wireRule, len(found)), NextToken: next}
	for i, r := range found {
		out.Rules[i] = wireOf(r)
	}
	return out, nil
}

func (s *Server) deleteRule(in *eventbridge.DeleteRuleInput) (any, error) {
	return struct{}{}, s.eng.DeleteRule(aws.ToString(in.EventBusName), aws.ToString(in.Name))
}

// targetOf is what the engine keeps of a target: what delivery reads, and
// the JSON the caller sent, so ListTargetsByRule echoes every member the
// SDK knows without the fake re-encoding shapes it does not use.
func targetOf(t types.Target, raw json.RawMessage) eventbridgeengine.Target {
	out := eventbridgeengine.Target{
		ID:               aws.ToString(t.Id),
		Arn:              aws.ToString(t.Arn),
		RoleArn:          aws.ToString(t.RoleArn),
		Input:            t.Input,
		InputPath:        t.InputPath,
		InputTransformer: transformerOf(t.InputTransformer),
		Raw:              raw,
	}
	if t.SqsParameters != nil {
		out.MessageGroupID = aws.ToString(t.SqsParameters.MessageGroupId)
	}
	return out
}

// putTargetsWire is PutTargetsInput with each target kept as sent.
type putTargetsWire struct {
	Rule         *string
	EventBusName *string
	Targets      []json.RawMessage
}

func (s *Server) putTargets(wire *putTargetsWire) (any, error) {
	in := eventbridge.PutTargetsInput{Rule: wire.Rule, EventBusName: wire.EventBusName}
	targets := make([]eventbridgeengine.Target, len(wire.Targets))
	for i, raw := range wire.Targets {
		var t types.Target
		if err := decode(raw, &t); err != nil {
			return nil, err
		}
		targets[i] = targetOf(t, raw)
		in.Targets = append(in.Targets, t)
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
	if err := s.eng.PutTargets(aws.ToString(in.EventBusName), aws.ToString(in.Rule), targets); err != nil {
		return nil, err
	}
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

func (s *Server) listTargetsByRule(in *eventbridge.ListTargetsByRuleInput) (any, error) {
	found, next, err := s.eng.ListTargets(aws.ToString(in.EventBusName), aws.ToString(in.Rule), eventbridgeengine.Page{Limit: in.Limit, NextToken: in.NextToken})
	if err != nil {
		return nil, err
	}
	out := struct {
		Targets   []json.RawMessage `json:"Targets"`
		NextToken *string           `json:"NextToken,omitempty"`
	}{Targets: make([]json.RawMessage, len(found)), NextToken: next}
	for i, t := range found {
		out.Targets[i] = t.Raw
	}
	return out, nil
}

func (s *Server) removeTargets(in *eventbridge.RemoveTargetsInput) (any, error) {
	if err := s.eng.RemoveTargets(aws.ToString(in.EventBusName), aws.ToString(in.Rule), in.Ids); err != nil {
		return nil, err
	}
	return struct {
		FailedEntryCount int                              `json:"FailedEntryCount"`
		FailedEntries    []types.RemoveTargetsResultEntry `json:"FailedEntries"`
	}{0, []types.RemoveTargetsResultEntry{}}, nil
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

// entry is the engine's form of e; a Time that is not a finite number is
// absent, so the engine's clock stamps the event.
func (e wireEntry) entry() eventbridgeengine.Entry {
	out := eventbridgeengine.Entry{Source: e.Source, DetailType: e.DetailType, Detail: e.Detail,
		Resources: e.Resources, EventBusName: e.EventBusName, TraceHeader: e.TraceHeader}
	if e.Time != nil && !math.IsNaN(*e.Time) && !math.IsInf(*e.Time, 0) {
		sec, frac := math.Modf(*e.Time)
		at := time.Unix(int64(sec), int64(frac*1e9))
		out.Time = &at
	}
	return out
}

// wireResultEntry is types.PutEventsResultEntry without the members the
// entry does not carry.
type wireResultEntry struct {
	EventID      string `json:"EventId,omitempty"`
	ErrorCode    string `json:"ErrorCode,omitempty"`
	ErrorMessage string `json:"ErrorMessage,omitempty"`
}

// putEventsWire is PutEventsInput on the wire.
type putEventsWire struct {
	Entries    []wireEntry
	EndpointId *string
}

func (s *Server) putEvents(in *putEventsWire) (any, error) {
	entries := make([]eventbridgeengine.Entry, len(in.Entries))
	for i, e := range in.Entries {
		entries[i] = e.entry()
	}
	results, failed, err := s.eng.PutEvents(entries)
	if err != nil {
		return nil, err
	}
	out := struct {
		FailedEntryCount int               `json:"FailedEntryCount"`
		Entries          []wireResultEntry `json:"Entries"`
	}{FailedEntryCount: failed, Entries: make([]wireResultEntry, len(results))}
	for i, r := range results {
		out.Entries[i] = wireResultEntry(r)
	}
	return out, nil
}

func (s *Server) testEventPattern(in *eventbridge.TestEventPatternInput) (any, error) {
	ok, err := eventbridgeengine.TestEventPattern(aws.ToString(in.EventPattern), aws.ToString(in.Event))
	if err != nil {
		return nil, err
	}
	return struct {
		Result bool `json:"Result"`
	}{ok}, nil
}
