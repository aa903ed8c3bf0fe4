package delivery

import (
	"encoding/json"
)

// statement is a policy statement as the builders write it; encoding/json
// sorts the Condition maps' keys, so the text is the same on every call.
type statement struct {
	Sid       string                       `json:"Sid"`
	Effect    Effect                       `json:"Effect"`
	Principal map[string]string            `json:"Principal"`
	Action    []string                     `json:"Action"`
	Resource  string                       `json:"Resource"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

func (s statement) text() string {
	// Only strings, lists and maps of strings: marshalling cannot fail.
	b, _ := json.MarshalIndent(s, "", "  ")
	return string(b)
}

// KeyPolicyStatement returns the key policy statement that lets the path's
// service use the key of its topic or queue, as JSON text to add to the
// key policy's Statement list. It allows what the service's KMS calls need
// and no more, only through SNS or SQS in the destination's Region
// (kms:ViaService) and, for a topic, only for that topic
// (kms:EncryptionContext:aws:sns:topicArn):
//
//   - CloudWatch to SNS: kms:Decrypt and kms:GenerateDataKey* (Amazon SNS
//     Developer Guide, "Key management"), also limited by aws:SourceAccount
//     and aws:SourceArn to the alarms of the alarm's account and Region.
//   - EventBridge to SNS or SQS: kms:Decrypt and kms:GenerateDataKey
//     (Amazon EventBridge User Guide, "Troubleshooting Amazon EventBridge"),
//     without aws:SourceArn or aws:SourceAccount: these calls do not carry
//     them, and conditions on them would make every delivery drop.
//
// The library never applies it. It is safe for concurrent use.
func KeyPolicyStatement(p Path) string {
	st := statement{
		Effect:    Allow,
		Principal: map[string]string{"Service": p.Principal},
		Resource:  "*",
		Condition: map[string]map[string]string{},
	}
	svc := serviceOf(p.Destination)
	f := arnParts(p.Destination)
	st.Condition["StringEquals"] = map[string]string{"kms:ViaService": svc + "." + f[3] + ".amazonaws.com"}
	if svc == "sns" {
		st.Condition["StringEquals"]["kms:EncryptionContext:aws:sns:topicArn"] = p.Destination
	}
	if p.Principal == CloudWatch {
		st.Sid = "AllowCloudWatchAlarmsToUseTheKey"
		st.Action = []string{"kms:Decrypt", "kms:GenerateDataKey*"}
		st.Condition["StringEquals"]["aws:SourceAccount"] = account(p.Source)
		st.Condition["ArnLike"] = map[string]string{"aws:SourceArn": alarmsOf(p.Source)}
	} else {
		st.Sid = "AllowEventBridgeToUseTheKey"
		st.Action = []string{"kms:Decrypt", "kms:GenerateDataKey"}
	}
	return st.text()
}

// ResourcePolicyStatement returns the topic or queue policy statement that
// lets the path's service send to it, as JSON text to add to the policy's
// Statement list:
//
//   - CloudWatch to SNS: sns:Publish for cloudwatch.amazonaws.com with
//     aws:SourceAccount and aws:SourceArn limited to the alarms of the
//     alarm's account and Region (AWS re:Post knowledge center, "Why didn't
//     I receive an SNS notification for my CloudWatch alarm trigger?").
//   - EventBridge to SQS: sqs:SendMessage for events.amazonaws.com with
//     aws:SourceArn equal to the rule (Amazon EventBridge User Guide,
//     Amazon SQS permissions).
//   - EventBridge to SNS: sns:Publish for events.amazonaws.com without a
//     condition, which the same guide says cannot be used there.
//
// The library never applies it. It is safe for concurrent use.
func ResourcePolicyStatement(p Path) string {
	st := statement{
		Effect:    Allow,
		Principal: map[string]string{"Service": p.Principal},
		Resource:  p.Destination,
	}
	switch {
	case p.Principal == CloudWatch:
		st.Sid = "AllowCloudWatchAlarmsToPublish"
		st.Action = []string{"sns:Publish"}
		st.Condition = map[string]map[string]string{
			"StringEquals": {"aws:SourceAccount": account(p.Source)},
			"ArnLike":      {"aws:SourceArn": alarmsOf(p.Source)},
		}
	case serviceOf(p.Destination) == "sqs":
		st.Sid = "AllowEventBridgeToSendMessage"
		st.Action = []string{"sqs:SendMessage"}
		st.Condition = map[string]map[string]string{"ArnEquals": {"aws:SourceArn": p.Source}}
	default:
		st.Sid = "AllowEventBridgeToPublish"
		st.Action = []string{"sns:Publish"}
	}
	return st.text()
}

func account(arn string) string {
	if f := arnParts(arn); f != nil {
		return f[4]
	}
	return ""
}

// alarmsOf turns an alarm ARN into the pattern for every alarm of its
// account and Region, so that one statement serves all of them.
func alarmsOf(alarmARN string) string {
	f := arnParts(alarmARN)
	if f == nil {
		return alarmARN
	}
	return "arn:" + f[1] + ":cloudwatch:" + f[3] + ":" + f[4] + ":alarm:*"
}
