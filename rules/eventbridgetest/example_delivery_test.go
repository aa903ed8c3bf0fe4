package eventbridgetest_test

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// A queue with no policy refuses EventBridge: the event the rule matches is
// a failed invocation, not a delivery.
func ExampleServer_SetDeliveryInputs() {
	const queue = "arn:aws:sqs:us-west-2:111122223333:kms-events"
	srv := eventbridgetest.NewServer()
	defer srv.Close()
	c := srv.Client()
	ctx := context.Background()
	if _, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("kms"), EventPattern: aws.String(`{"source":["aws.kms"]}`)}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("kms"),
		Targets: []types.Target{{Id: aws.String("q"), Arn: aws.String(queue)}}}); err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.SetDeliveryInputs(delivery.Inputs{Queues: map[string]map[string]string{queue: {"SqsManagedSseEnabled": "true"}}}); err != nil {
		fmt.Println(err)
		return
	}
	n, err := srv.Emit([]byte(`{"version":"0","id":"e1","detail-type":"KMS CMK Rotation","source":"aws.kms","account":"111122223333","time":"2026-11-24T12:00:00Z","region":"us-west-2","resources":[],"detail":{}}`))
	fmt.Println(n, err)
	for _, f := range srv.FailedInvocations(queue) {
		fmt.Println(f.Rule, f.EventID, f.Reasons)
	}
	// Output:
	// 0 <nil>
	// kms e1 [arn:aws:sqs:us-west-2:111122223333:kms-events has no policy, so nothing allows events.amazonaws.com sqs:SendMessage]
}
