package rules

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// PutAPI is the part of *eventbridge.Client that [Put] calls. Tests can pass
// a client pointed at package rules/eventbridgetest.
type PutAPI interface {
	PutRule(ctx context.Context, in *eventbridge.PutRuleInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutRuleOutput, error)
	PutTargets(ctx context.Context, in *eventbridge.PutTargetsInput, optFns ...func(*eventbridge.Options)) (*eventbridge.PutTargetsOutput, error)
}

// defaultEventBus is the bus EventBridge uses when EventBusName is not set.
const defaultEventBus = "default"

// Put creates or replaces a rule with PutRule, attaches its targets with
// PutTargets, and returns the rule's ARN. Build rule and targets with
// [Rule.PutRuleInput] and [Rule.PutTargetsInput].
//
// Before calling AWS it checks both inputs as [ValidatePutRuleInput] and
// [ValidatePutTargetsInput] do, and that targets names the same rule on the
// same event bus; it returns a [*kmswatch.ValidationError] listing every
// problem, on paths such as "rule.Name" or "targets.Targets[0].Arn". An
// error from either call is returned wrapped, naming the call and the rule.
// Targets that PutTargets reports as failed (its FailedEntries) are returned
// as a [*FailedTargetsError]; the rule exists then, so Put returns its ARN
// with the error.
//
// Put is safe for concurrent use when c is; *eventbridge.Client is.
func Put(ctx context.Context, c PutAPI, rule *eventbridge.PutRuleInput, targets *eventbridge.PutTargetsInput) (string, error) {
	if err := checkPut(c, rule, targets); err != nil {
		return "", err
	}
	name := aws.ToString(rule.Name)
	out, err := c.PutRule(ctx, rule)
	if err != nil {
		return "", fmt.Errorf("rules: PutRule %s: %w", name, err)
	}
	arn := aws.ToString(out.RuleArn)
	put, err := c.PutTargets(ctx, targets)
	if err != nil {
		return arn, fmt.Errorf("rules: PutTargets on rule %s: %w", name, err)
	}
	if put.FailedEntryCount == 0 && len(put.FailedEntries) == 0 {
		return arn, nil
	}
	e := &FailedTargetsError{Rule: name, RuleARN: arn, Count: max(int(put.FailedEntryCount), len(put.FailedEntries))}
	for _, f := range put.FailedEntries {
		e.Targets = append(e.Targets, FailedTarget{
			TargetID:     aws.ToString(f.TargetId),
			ErrorCode:    aws.ToString(f.ErrorCode),
			ErrorMessage: aws.ToString(f.ErrorMessage),
		})
	}
	return arn, e
}

// checkPut validates the inputs of [Put] in one [*kmswatch.ValidationError].
func checkPut(c PutAPI, rule *eventbridge.PutRuleInput, targets *eventbridge.PutTargetsInput) error {
	v := validate.New("rules.Put")
	v.Required("c", c != nil)
	v.Required("rule", rule != nil)
	v.Required("targets", targets != nil)
	if rule != nil {
		v.Merge("rule", ValidatePutRuleInput(rule))
	}
	if targets != nil {
		v.Merge("targets", ValidatePutTargetsInput(targets))
	}
	if rule != nil && targets != nil {
		if r, t := aws.ToString(rule.Name), aws.ToString(targets.Rule); r != t {
			v.Add("targets.Rule", kmswatch.RuleCombination, "must name the rule of rule.Name %q, got %q", r, t)
		}
		if r, t := busName(rule.EventBusName), busName(targets.EventBusName); r != t {
			v.Add("targets.EventBusName", kmswatch.RuleCombination, "must name the event bus of rule.EventBusName %q, got %q", r, t)
		}
	}
	return v.Err()
}

// busName returns the name of an event bus given by name or ARN, with the
// default bus for nil or empty.
func busName(s *string) string {
	name := aws.ToString(s)
	if i := strings.LastIndex(name, ":event-bus/"); i >= 0 && strings.HasPrefix(name, "arn:") {
		name = name[i+len(":event-bus/"):]
	}
	if name == "" {
		return defaultEventBus
	}
	return name
}

// ErrTargetsFailed is matched by every [*FailedTargetsError] with errors.Is.
var ErrTargetsFailed = errors.New("targets not attached to rule")

// FailedTarget is one target that PutTargets did not attach, from an entry
// of PutTargetsOutput.FailedEntries.
type FailedTarget struct {
	// TargetID is the Id of the target.
	TargetID string
	// ErrorCode is the error code EventBridge gave, such as
	// "ConcurrentModificationException".
	ErrorCode string
	// ErrorMessage is EventBridge's description of the error.
	ErrorMessage string
}

// FailedTargetsError reports targets that PutTargets did not attach to a
// rule it had created. Match it with errors.As, or errors.Is with
// [ErrTargetsFailed]. It is safe to share once returned.
type FailedTargetsError struct {
	// Rule is the rule's name and RuleARN its ARN.
	Rule, RuleARN string
	// Count is how many targets failed: FailedEntryCount, or the number of
	// entries if EventBridge listed more.
	Count int
	// Targets lists the failed entries in the order EventBridge gave them.
	Targets []FailedTarget
}

// Error implements error.
func (e *FailedTargetsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "rules: %v %s (%d failed)", ErrTargetsFailed, e.Rule, e.Count)
	for i, t := range e.Targets {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "target %s: %s: %s", t.TargetID, t.ErrorCode, t.ErrorMessage)
	}
	return b.String()
}

// Is reports whether target is [ErrTargetsFailed].
func (e *FailedTargetsError) Is(target error) bool { return target == ErrTargetsFailed }
