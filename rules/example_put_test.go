package rules_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// Put creates the rule and attaches its targets in one step. Here the
// client talks to the in-process EventBridge; in production pass your own
// *eventbridge.Client.
func ExamplePut() {
	srv := eventbridgetest.NewServer()
	defer srv.Close()
	client := srv.Client()

	pattern, err := rules.KeyLifecycle("111122223333")
	if err != nil {
		fmt.Println(err)
		return
	}
	rule := rules.Rule{Name: "kms-lifecycle", Pattern: pattern}
	putRule, err := rule.PutRuleInput()
	if err != nil {
		fmt.Println(err)
		return
	}
	topic, err := rules.SNSTopic("notify", "arn:aws:sns:us-west-2:111122223333:kms-alerts")
	if err != nil {
		fmt.Println(err)
		return
	}
	putTargets, err := rule.PutTargetsInput(topic)
	if err != nil {
		fmt.Println(err)
		return
	}
	arn, err := rules.Put(context.Background(), client, putRule, putTargets)
	var failed *rules.FailedTargetsError
	if errors.As(err, &failed) {
		for _, t := range failed.Targets {
			fmt.Println("not attached:", t.TargetID, t.ErrorCode)
		}
		return
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(arn)
	// Output: arn:aws:events:us-west-2:111122223333:rule/kms-lifecycle
}
