package cloudwatchtest

import "github.com/kmswatch/kmswatch/delivery"

// SetDeliveryInputs tells the server how the SNS topics its alarms notify
// are set up: each topic's attributes (its Policy and KmsMasterKeyId) and
// the KMS keys, aliases and grants they name, as [delivery.Check] reads
// them. From then on an alarm action to a topic in in.Topics that the check
// says drops is not run: no [Action] is recorded and the alarm history gets
// the item CloudWatch writes for a failed action,
//
//	Failed to execute action <topic ARN>. Received error: "CloudWatch Alarms does not have authorization to access the SNS topic encryption key."
//
// when the key refuses, or, when the topic's policy refuses, "Resource:
// <alarm ARN> is not authorized to perform: SNS:Publish on resource: <topic
// ARN>" (both as AWS re:Post's "Why didn't I receive an SNS notification for
// my CloudWatch alarm trigger?" and published notes quote them; the history
// data is {"actionState":"Failed","notificationResource":<topic ARN>}).
// Actions to other topics, and paths the check answers with unknown, run as
// before. Bad inputs (a policy that is not valid JSON) are the
// *kmswatch.ValidationError Check returns, and change nothing. Calling it
// again replaces the inputs, so a test can apply a fix and see the next
// action delivered.
func (s *Server) SetDeliveryInputs(in delivery.Inputs) error {
	if _, err := delivery.Check(nil, in); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.unlock()
	s.eng.Advance()
	s.deliverTo = &in
	return nil
}

// errTopicKey is the error CloudWatch records in the alarm history when
// the topic's key refuses the publish.
const errTopicKey = "CloudWatch Alarms does not have authorization to access the SNS topic encryption key."

// actionFailure returns the error CloudWatch would record for an action to
// arn, or "" when the action runs; s.mu is held.
func (s *Server) actionFailure(alarmARN, arn string) string {
	if s.deliverTo == nil || s.deliverTo.Topics[arn] == nil {
		return ""
	}
	res, err := delivery.Check([]delivery.Path{{Principal: delivery.CloudWatch, Source: alarmARN, Destination: arn}}, *s.deliverTo)
	if err != nil || res[0].Verdict != delivery.Drops {
		return ""
	}
	// SNS authorizes the publish against the topic policy before it asks
	// KMS for a data key, so a refusing topic policy is what is reported.
	for _, f := range res[0].Findings {
		if f.Verdict == delivery.Drops && f.Half == delivery.ResourcePolicy {
			return "Resource: " + alarmARN + " is not authorized to perform: SNS:Publish on resource: " + arn
		}
	}
	return errTopicKey
}
