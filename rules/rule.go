package rules

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Rule describes an EventBridge rule on an event pattern. Build the SDK
// inputs with [Rule.PutRuleInput] and [Rule.PutTargetsInput] and pass them to
// your own *eventbridge.Client. A Rule is a plain value, safe for concurrent
// use once built.
type Rule struct {
	// Name is the rule name: 1–64 characters of [.-_A-Za-z0-9].
	Name string
	// Description is optional, at most 512 characters.
	Description string
	// EventBusName is the bus name or ARN; empty means the default bus,
	// which is where KMS and CloudTrail deliver.
	EventBusName string
	// Pattern is the event pattern.
	Pattern EventPattern
	// State is the rule state. Empty chooses ENABLED, or
	// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS when the pattern can match
	// read-only CloudTrail events: a rule in state ENABLED never receives those
	// (docs/reference.md#22-read-only-events-and-rule-state), so a pattern on failed
	// Decrypt calls would silently match nothing. Setting ENABLED for such a pattern is
	// reported as a problem.
	State types.RuleState
	// MaxPatternSize is the pattern size limit in characters; 0 means
	// [DefaultEventPatternQuota]. Raise it, up to [MaxEventPatternLength],
	// when the account's quota was raised.
	MaxPatternSize int
	// Tags are applied when the rule is created; EventBridge ignores them
	// when it updates a rule.
	Tags map[string]string
}

// state returns the state the rule is created in.
func (r Rule) state() types.RuleState {
	if r.State != "" {
		return r.State
	}
	if r.Pattern.readOnly {
		return types.RuleStateEnabledWithAllCloudtrailManagementEvents
	}
	return types.RuleStateEnabled
}

// PutRuleInput returns the input that creates or replaces the rule. It
// returns a [*kmswatch.ValidationError] listing every problem: those of
// [ValidatePutRuleInput], the pattern over MaxPatternSize, a pattern the
// matcher rejects, and a state that cannot receive the events the pattern
// matches.
func (r Rule) PutRuleInput() (*eventbridge.PutRuleInput, error) {
	pattern := r.Pattern.String()
	in := &eventbridge.PutRuleInput{
		Name:         aws.String(r.Name),
		EventPattern: aws.String(pattern),
		State:        r.state(),
	}
	if r.Description != "" {
		in.Description = aws.String(r.Description)
	}
	if r.EventBusName != "" {
		in.EventBusName = aws.String(r.EventBusName)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
		in.Tags = append(in.Tags, types.Tag{Key: aws.String(k), Value: aws.String(r.Tags[k])})
	}
	c := validate.New("rules.Rule.PutRuleInput")
	renamed(c, ValidatePutRuleInput(in), func(field string) string {
		if field == "EventPattern" {
			return "Pattern"
		}
		// in.Tags holds the sorted keys of r.Tags.
		if i, rest, ok := cutIndex(field, "Tags"); ok {
			return "Tags[" + strconv.Quote(*in.Tags[i].Key) + "]" + strings.TrimSuffix(strings.TrimSuffix(rest, ".Key"), ".Value")
		}
		return field
	})
	if len(r.Pattern.root) == 0 {
		c.Add("Pattern", kmswatch.RuleRequired, "is required: EventBridge rejects the empty pattern {}")
	} else if _, err := Compile(pattern); err != nil {
		c.Add("Pattern", kmswatch.RulePattern, "%v", err)
	}
	checkPatternSize(c, "Pattern", "MaxPatternSize", r.Pattern, r.MaxPatternSize)
	if r.Pattern.readOnly && r.State == types.RuleStateEnabled {
		c.Add("State", kmswatch.RuleCombination, "must be %s (or empty) because the pattern matches read-only CloudTrail management events, which rules in state %s never receive",
			types.RuleStateEnabledWithAllCloudtrailManagementEvents, types.RuleStateEnabled)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// Target is where a rule sends matched events: an SNS topic, an SQS queue or
// a Lambda function (build it with [SNSTopic], [SQSQueue] or
// [LambdaFunction]), optionally reshaped and with its own retry policy and
// dead-letter queue. Input, InputPath and InputTransformer are mutually
// exclusive. A Target is a plain value, safe for concurrent use once built.
type Target struct {
	// ID is unique within the rule: 1–64 characters of [.-_A-Za-z0-9].
	ID string
	// ARN is the target's ARN.
	ARN string
	// MessageGroupID is required for an SQS FIFO queue and not allowed
	// for other targets.
	MessageGroupID string
	// Input replaces the event with this constant JSON text.
	Input string
	// InputPath sends only this part of the event, such as "$.detail".
	InputPath string
	// InputTransformer reshapes the event, for example with
	// [KeyEventMessage] or [APICallMessage].
	InputTransformer *types.InputTransformer
	// MaxRetries caps delivery retries (0–185); nil keeps the service
	// default of 185.
	MaxRetries *int32
	// MaxEventAge drops an event still undelivered after this long (1 minute
	// to 24 hours, whole seconds); 0 keeps the service default of 24 hours.
	MaxEventAge time.Duration
	// DeadLetterQueueARN is an SQS queue receiving events that could not be
	// delivered; empty drops them.
	DeadLetterQueueARN string
}

func (t Target) sdk() types.Target {
	out := types.Target{Id: aws.String(t.ID), Arn: aws.String(t.ARN), InputTransformer: t.InputTransformer}
	if t.MessageGroupID != "" {
		out.SqsParameters = &types.SqsParameters{MessageGroupId: aws.String(t.MessageGroupID)}
	}
	if t.Input != "" {
		out.Input = aws.String(t.Input)
	}
	if t.InputPath != "" {
		out.InputPath = aws.String(t.InputPath)
	}
	if t.MaxRetries != nil || t.MaxEventAge != 0 {
		out.RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: t.MaxRetries}
		if t.MaxEventAge != 0 {
			out.RetryPolicy.MaximumEventAgeInSeconds = aws.Int32(int32(min(t.MaxEventAge/time.Second, 1<<31-1)))
		}
	}
	if t.DeadLetterQueueARN != "" {
		out.DeadLetterConfig = &types.DeadLetterConfig{Arn: aws.String(t.DeadLetterQueueARN)}
	}
	return out
}

// PutTargetsInput returns the input that attaches targets to the rule (at
// most [MaxTargetsPerRule]). It returns a [*kmswatch.ValidationError] listing every
// problem: those of [ValidatePutTargetsInput], a message group id on a
// target that is not an SQS queue, and an event age that is not whole
// seconds.
func (r Rule) PutTargetsInput(targets ...Target) (*eventbridge.PutTargetsInput, error) {
	in := &eventbridge.PutTargetsInput{Rule: aws.String(r.Name)}
	if r.EventBusName != "" {
		in.EventBusName = aws.String(r.EventBusName)
	}
	c := validate.New("rules.Rule.PutTargetsInput")
	for i, t := range targets {
		in.Targets = append(in.Targets, t.sdk())
		p := "targets[" + strconv.Itoa(i) + "]"
		if t.MessageGroupID != "" && !strings.Contains(t.ARN, sqsARNService) {
			c.Add(p+".MessageGroupID", kmswatch.RuleForbidden, "must not be set for a target that is not an SQS queue (%s)", t.ARN)
		}
		if t.MaxEventAge%time.Second != 0 {
			c.Add(p+".MaxEventAge", kmswatch.RuleRange, "must be whole seconds, got %s", t.MaxEventAge)
		}
	}
	renamed(c, ValidatePutTargetsInput(in), targetPath)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// targetFields maps the fields of types.Target to those of [Target].
var targetFields = []struct{ sdk, lib string }{
	{".Id", ".ID"},
	{".Arn", ".ARN"},
	{".SqsParameters.MessageGroupId", ".MessageGroupID"},
	{".RetryPolicy.MaximumRetryAttempts", ".MaxRetries"},
	{".RetryPolicy.MaximumEventAgeInSeconds", ".MaxEventAge"},
	{".DeadLetterConfig.Arn", ".DeadLetterQueueARN"},
}

// targetPath maps a field of the PutTargetsInput that [Rule.PutTargetsInput]
// builds to the argument it comes from: the receiver's Name and
// EventBusName, or a field of targets[i].
func targetPath(field string) string {
	switch field {
	case "Rule":
		return "Name"
	case "Targets":
		return "targets"
	}
	i, rest, ok := cutIndex(field, "Targets")
	if !ok {
		return field
	}
	for _, f := range targetFields {
		if rest == f.sdk {
			rest = f.lib
			break
		}
	}
	return "targets[" + strconv.Itoa(i) + "]" + rest
}

// cutIndex splits "list[i]rest" into i and rest.
func cutIndex(field, list string) (int, string, bool) {
	s, ok := strings.CutPrefix(field, list+"[")
	if !ok {
		return 0, "", false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return 0, "", false
	}
	i, err := strconv.Atoi(s[:end])
	if err != nil {
		return 0, "", false
	}
	return i, s[end+1:], true
}

// renamed adds the problems of err to c with each field renamed by path,
// so that a problem found in a built input names the argument it came from.
func renamed(c *validate.Collector, err error, path func(field string) string) {
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, p := range ve.Problems {
		c.Add(path(p.Field), p.Rule, "%s", p.Message)
	}
}
