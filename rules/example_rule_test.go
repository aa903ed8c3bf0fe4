package rules_test

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

func ExampleKeyEvents_Pattern() {
	p, err := rules.KeyEvents{
		DetailTypes:   []events.DetailType{events.DetailTypeRotation},
		Accounts:      []string{"111122223333"},
		Keys:          []rules.StringMatch{rules.Prefix("arn:aws:kms:us-west-2:111122223333:key/")},
		RotationTypes: []events.RotationType{events.RotationOnDemand},
	}.Pattern()
	fmt.Println(p, err)
	// Output: {"account":["111122223333"],"detail":{"rotation-type":["ON_DEMAND"]},"detail-type":["KMS CMK Rotation"],"resources":[{"prefix":"arn:aws:kms:us-west-2:111122223333:key/"}],"source":["aws.kms"]} <nil>
}

func ExampleAPICalls_Pattern() {
	p, err := rules.APICalls{
		EventNames: []string{"ScheduleKeyDeletion", "DisableKey"},
		Keys:       []rules.StringMatch{rules.Wildcard("arn:aws:kms:*:111122223333:key/*")},
		ReadOnly:   aws.Bool(false),
	}.Pattern()
	fmt.Println(p, err)
	// Output: {"detail":{"eventName":["ScheduleKeyDeletion","DisableKey"],"eventSource":["kms.amazonaws.com"],"readOnly":[false],"resources":{"ARN":[{"wildcard":"arn:aws:kms:*:111122223333:key/*"}]}},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]} <nil>
}

func ExampleExactly() {
	p, _ := rules.KeyEvents{Keys: []rules.StringMatch{
		rules.Exactly("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		rules.Prefix("arn:aws:kms:eu-west-1:"),
		rules.Suffix(":key/mrk-1234abcd12ab34cd56ef1234567890ab"),
		rules.Wildcard("arn:aws:kms:*:444455556666:key/*"),
	}}.Pattern()
	fmt.Println(p)
	// Output: {"detail-type":["KMS CMK Rotation","KMS Imported Key Material Expiration","KMS CMK Deletion"],"resources":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",{"prefix":"arn:aws:kms:eu-west-1:"},{"suffix":":key/mrk-1234abcd12ab34cd56ef1234567890ab"},{"wildcard":"arn:aws:kms:*:444455556666:key/*"}],"source":["aws.kms"]}
}

func ExamplePrefix() {
	p, _ := rules.APICalls{ErrorCodes: []rules.StringMatch{rules.Prefix("KMSInvalid")}, ReadOnly: aws.Bool(true)}.Pattern()
	fmt.Println(p)
	// Output: {"detail":{"errorCode":[{"prefix":"KMSInvalid"}],"eventSource":["kms.amazonaws.com"],"readOnly":[true]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}
}

func ExampleSuffix() {
	p, _ := rules.APICalls{ErrorMessages: []rules.StringMatch{rules.Suffix("is pending deletion.")}}.Pattern()
	fmt.Println(p.MatchesReadOnlyManagementEvents())
	// Output: true
}

func ExampleWildcard() {
	_, err := rules.KeyEvents{Keys: []rules.StringMatch{rules.Wildcard("arn:aws:kms:**")}}.Pattern()
	fmt.Println(err)
	// Output: invalid rules.KeyEvents: Keys[0]: consecutive wildcard characters at position 12
}

func ExampleAnyOf() {
	deletion, _ := rules.KeyDeletion("111122223333")
	scheduled, _ := rules.APICalls{Accounts: []string{"111122223333"}, EventNames: []string{"ScheduleKeyDeletion"}}.Pattern()
	fmt.Println(rules.AnyOf(deletion, scheduled))
	// Output: {"$or":[{"detail-type":["KMS CMK Deletion"]},{"detail":{"eventName":["ScheduleKeyDeletion"],"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"]}],"account":["111122223333"],"source":["aws.kms"]}
}

func ExampleEventPattern_CheckSize() {
	p, _ := rules.KeyLifecycle("111122223333")
	fmt.Println(p.Size(), p.CheckSize(0), p.CheckSize(600))
	// Output: 666 <nil> invalid rules.EventPattern.CheckSize: must be at most 600 characters, got 666
}

func ExampleCompile_eventPattern() {
	p, _ := rules.MaterialExpiry("111122223333")
	m, err := rules.Compile(p) // a built pattern compiles as it is

	if err != nil {
		fmt.Println(err)
		return
	}
	ok, err := m.Match([]byte(`{"source":"aws.kms","account":"111122223333","detail-type":"KMS Imported Key Material Expiration"}`))
	fmt.Println(ok, err)
	// Output: true <nil>
}

func ExampleEventPattern_MatchesReadOnlyManagementEvents() {
	changes, _ := rules.APICalls{EventNames: []string{"ScheduleKeyDeletion"}}.Pattern()
	decrypts, _ := rules.APICalls{EventNames: []string{"Decrypt"}}.Pattern()
	fmt.Println(changes.MatchesReadOnlyManagementEvents(), decrypts.MatchesReadOnlyManagementEvents())
	// Output: false true
}

func ExampleKeyLifecycle() {
	p, _ := rules.KeyLifecycle("111122223333")
	fmt.Println(p.MatchesReadOnlyManagementEvents(), p.Size())
	// Output: false 666
}

func ExampleKeyRotation() {
	key, _ := events.ParseARN("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	p, err := rules.KeyRotation(key)
	fmt.Println(p, err)
	// Output: {"detail-type":["KMS CMK Rotation"],"resources":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],"source":["aws.kms"]} <nil>
}

func ExampleMaterialExpiry() {
	p, err := rules.MaterialExpiry("111122223333")
	fmt.Println(p, err)
	// Output: {"account":["111122223333"],"detail-type":["KMS Imported Key Material Expiration"],"source":["aws.kms"]} <nil>
}

func ExampleKeyDeletion() {
	alias, _ := events.ParseARN("arn:aws:kms:us-west-2:111122223333:alias/example")
	_, err := rules.KeyDeletion("111122223333", alias)
	fmt.Println(err)
	// Output: invalid rules.KeyDeletion: keys[0]: must be a key ARN (arn:<partition>:kms:<region>:<account>:key/<id>), got "arn:aws:kms:us-west-2:111122223333:alias/example"
}

func ExamplePendingDeletionUse() {
	p, _ := rules.PendingDeletionUse("111122223333")
	in, err := rules.Rule{Name: "kms-pending-deletion-use", Pattern: p}.PutRuleInput()
	fmt.Println(in.State, err)
	// Output: ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS <nil>
}

func ExampleRule_PutRuleInput() {
	p, _ := rules.KeyLifecycle("111122223333")
	in, err := rules.Rule{
		Name:        "kms-lifecycle",
		Description: "KMS key life-cycle events",
		Pattern:     p,
	}.PutRuleInput()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*in.Name, in.State, len(*in.EventPattern))
	// Output: kms-lifecycle ENABLED 666
}

func ExampleRule_PutTargetsInput() {
	rule := rules.Rule{Name: "kms-lifecycle"}
	topic, err := rules.SNSTopic("notify", "arn:aws:sns:us-west-2:111122223333:kms-events")
	if err != nil {
		fmt.Println(err)
		return
	}
	topic.InputTransformer = rules.KeyEventMessage()
	topic.MaxRetries = aws.Int32(20)
	topic.MaxEventAge = time.Hour
	topic.DeadLetterQueueARN = "arn:aws:sqs:us-west-2:111122223333:kms-events-dlq"
	in, err := rule.PutTargetsInput(topic)
	if err != nil {
		fmt.Println(err)
		return
	}
	t := in.Targets[0]
	fmt.Println(*in.Rule, *t.Id, *t.RetryPolicy.MaximumRetryAttempts, *t.RetryPolicy.MaximumEventAgeInSeconds, *t.DeadLetterConfig.Arn)
	// Output: kms-lifecycle notify 20 3600 arn:aws:sqs:us-west-2:111122223333:kms-events-dlq
}

func ExampleSNSTopic() {
	topic, err := rules.SNSTopic("notify", "arn:aws:sns:us-west-2:111122223333:kms-events")
	fmt.Println(topic.ARN, err)
	_, err = rules.SNSTopic("notify", "kms-events")
	fmt.Println(err)
	// Output:
	// arn:aws:sns:us-west-2:111122223333:kms-events <nil>
	// invalid rules.SNSTopic: topicARN: must be an SNS topic ARN of the form arn:<partition>:sns:<region>:<account>:<topic-name>, got "kms-events": does not start with "arn:"
}

func ExampleSQSQueue() {
	_, err := rules.SQSQueue("queue", "https://sqs.us-west-2.amazonaws.com/111122223333/kms.fifo", "kms")
	fmt.Println(err)
	queue, err := rules.SQSQueue("queue", "arn:aws:sqs:us-west-2:111122223333:kms.fifo", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = rules.Rule{Name: "kms-deletion"}.PutTargetsInput(queue)
	fmt.Println(err)
	queue.MessageGroupID = "kms"
	in, err := rules.Rule{Name: "kms-deletion"}.PutTargetsInput(queue)
	fmt.Println(*in.Targets[0].SqsParameters.MessageGroupId, err)
	// Output:
	// invalid rules.SQSQueue: queueARN: must be an SQS queue ARN of the form arn:<partition>:sqs:<region>:<account>:<queue-name>, got "https://sqs.us-west-2.amazonaws.com/111122223333/kms.fifo": does not start with "arn:"
	// invalid rules.Rule.PutTargetsInput: targets[0].MessageGroupID: is required for an SQS FIFO queue target (arn:aws:sqs:us-west-2:111122223333:kms.fifo ends in ".fifo")
	// kms <nil>
}

func ExampleLambdaFunction() {
	_, err := rules.LambdaFunction("handler", "kms-handler")
	fmt.Println(err)
	fn, err := rules.LambdaFunction("handler", "arn:aws:lambda:us-west-2:111122223333:function:kms-handler:live")
	if err != nil {
		fmt.Println(err)
		return
	}
	fn.InputPath = "$.detail"
	in, err := rules.Rule{Name: "kms-deletion"}.PutTargetsInput(fn)
	fmt.Println(*in.Targets[0].InputPath, err)
	// Output:
	// invalid rules.LambdaFunction: functionARN: must be a Lambda function ARN of the form arn:<partition>:lambda:<region>:<account>:function:<function-name>[:<version-or-alias>], got "kms-handler": does not start with "arn:"
	// $.detail <nil>
}

func ExampleKeyEventMessage() {
	event := []byte(`{"version":"0","id":"e9ce3425-7d22-412a-a699-e7a5fc3fbc9a","detail-type":"KMS CMK Deletion","source":"aws.kms","account":"111122223333","time":"2022-08-10T16:37:50Z","region":"us-west-2","resources":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],"detail":{"key-id":"1234abcd-12ab-34cd-56ef-1234567890ab"}}`)
	// The in-process EventBridge applies the transformer as the service does.
	fmt.Printf("%s\n", eventbridgetest.Transform(rules.KeyEventMessage(), event, "", "", ""))
	// Output: "KMS CMK Deletion: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2022-08-10T16:37:50Z."
}

func ExampleAPICallMessage() {
	event := []byte(`{"detail-type":"AWS API Call via CloudTrail","source":"aws.kms","account":"111122223333","time":"2025-06-01T12:00:00Z","region":"us-west-2",
	  "detail":{"eventName":"Decrypt","userIdentity":{"arn":"arn:aws:sts::111122223333:assumed-role/app/x"},"requestParameters":{"keyId":"alias/example"},
	  "errorCode":"KMSInvalidStateException","errorMessage":"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion."}}`)
	fmt.Printf("%s\n", eventbridgetest.Transform(rules.APICallMessage(), event, "", "", ""))
	// Output: "KMS Decrypt on alias/example by arn:aws:sts::111122223333:assumed-role/app/x in account 111122223333 (us-west-2) at 2025-06-01T12:00:00Z: KMSInvalidStateException arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion."
}

// A rule for the state changes of the alarms package's alarms: every alarm
// whose name starts with the default prefix, entering ALARM.
func ExampleAlarmStates_Pattern() {
	p, err := rules.AlarmStates{
		Accounts:   []string{"111122223333"},
		AlarmNames: []rules.StringMatch{rules.Prefix("kmswatch-")},
		States:     []string{"ALARM"},
	}.Pattern()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p)
	// Output: {"account":["111122223333"],"detail":{"alarmName":[{"prefix":"kmswatch-"}],"state":{"value":["ALARM"]}},"detail-type":["CloudWatch Alarm State Change"],"source":["aws.cloudwatch"]}
}
