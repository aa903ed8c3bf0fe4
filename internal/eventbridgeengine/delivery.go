package eventbridgeengine

import (
	"bytes"
	"slices"
)

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

// FailedInvocation is an event a rule matched that its SNS or SQS target did
// not receive, because the topic or queue policy or the KMS key refused
// EventBridge: what AWS counts in the rule's FailedInvocations metric
// (namespace AWS/Events; AWS re:Post, "Why isn't my Amazon SNS topic
// receiving EventBridge notifications?": Invocations and FailedInvocations
// both have datapoints when EventBridge tried the target and failed). The
// target received nothing, so there is no body.
type FailedInvocation struct {
	EventBus  string
	Rule      string
	RuleArn   string
	TargetID  string
	TargetArn string
	EventID   string
	// Reasons are the messages of the findings of delivery.Check that
	// make the path drop.
	Reasons []string
}

// Refusal says why the target t of the rule ruleArn refuses the rule's
// events, or returns nil when it receives them.
type Refusal func(ruleArn string, t Target) []string

// SetRefusal makes refuses decide, from then on, which targets refuse the
// events their rules match; nil makes every target receive them.
func (e *Engine) SetRefusal(refuses Refusal) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.refuses = refuses
}

// refusal is why t refuses the rule's events, nil when it receives them.
// Callers hold e.mu.
func (e *Engine) refusal(ruleArn string, t Target) []string {
	if e.refuses == nil {
		return nil
	}
	return e.refuses(ruleArn, t)
}

// Delivered returns, in delivery order, a copy of the deliveries made to
// targets whose Arn is targetArn.
func (e *Engine) Delivered(targetArn string) []Delivery {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Delivery, len(e.deliveries[targetArn]))
	for i, d := range e.deliveries[targetArn] {
		d.Body = bytes.Clone(d.Body)
		out[i] = d
	}
	return out
}

// FailedInvocations returns, in order, the invocations of targets whose Arn
// is targetArn that failed because the target refused the event.
func (e *Engine) FailedInvocations(targetArn string) []FailedInvocation {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := slices.Clone(e.failed[targetArn])
	for i := range out {
		out[i].Reasons = slices.Clone(out[i].Reasons)
	}
	return out
}

// ClearDelivered forgets every delivery, so that a benchmark's state stays
// bounded however many iterations it runs.
func (e *Engine) ClearDelivered() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.deliveries)
}
