package eventbridgetest

import (
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/internal/eventbridgeengine"
)

// FailedInvocation is an event a rule matched that its SNS or SQS target did
// not receive, because the topic or queue policy or the KMS key refused
// EventBridge: what AWS counts in the rule's FailedInvocations metric
// (namespace AWS/Events; AWS re:Post, "Why isn't my Amazon SNS topic
// receiving EventBridge notifications?": Invocations and FailedInvocations
// both have datapoints when EventBridge tried the target and failed). The
// target received nothing, so there is no body. It names the bus, rule,
// target and event as [Delivery] does; Reasons are the messages of the
// findings of [delivery.Check] that make the path drop.
type FailedInvocation = eventbridgeengine.FailedInvocation

// SetDeliveryInputs tells the server how the SNS topics and SQS queues its
// rules target are set up: their attributes (Policy, KmsMasterKeyId,
// SqsManagedSseEnabled) and the KMS keys, aliases and grants they name, as
// [delivery.Check] reads them. From then on a target in in.Topics or
// in.Queues that the check says drops does not receive the events its rule
// matches: they are recorded as [FailedInvocation] values
// ([Server.FailedInvocations]) instead of deliveries, and Emit and PutEvents
// do not count them. Other targets, and paths the check answers with
// unknown (a target with a RoleArn, say), are delivered as before. Bad
// inputs are the *kmswatch.ValidationError Check returns and change
// nothing. Calling it again replaces the inputs.
func (s *Server) SetDeliveryInputs(in delivery.Inputs) error {
	if _, err := delivery.Check(nil, in); err != nil {
		return err
	}
	s.eng.SetRefusal(func(ruleArn string, t eventbridgeengine.Target) []string { return dropReasons(in, ruleArn, t) })
	return nil
}

// FailedInvocations returns, in order, the invocations of targets whose Arn
// is targetArn that failed because the target refused EventBridge.
func (s *Server) FailedInvocations(targetArn string) []FailedInvocation {
	return s.eng.FailedInvocations(targetArn)
}

// dropReasons returns why the target refuses the rule's events, as
// delivery.Check decides from in, or nil when it receives them.
func dropReasons(in delivery.Inputs, ruleArn string, t eventbridgeengine.Target) []string {
	if in.Topics[t.Arn] == nil && in.Queues[t.Arn] == nil {
		return nil
	}
	res, err := delivery.Check([]delivery.Path{{Principal: delivery.EventBridge, Source: ruleArn, Destination: t.Arn, RoleARN: t.RoleArn}}, in)
	if err != nil || res[0].Verdict != delivery.Drops {
		return nil
	}
	var why []string
	for _, f := range res[0].Findings {
		if f.Verdict == delivery.Drops {
			why = append(why, f.Message)
		}
	}
	return why
}
