package rules_test

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/rules"
)

func ExampleValidatePutRuleInput() {
	err := rules.ValidatePutRuleInput(&eventbridge.PutRuleInput{
		Name:  aws.String("kms rule"),
		State: "ON",
	})
	var ve *kmswatch.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// Name: must match ^[\.\-_A-Za-z0-9]+$, got "kms rule"
	// EventPattern: is required when ScheduleExpression is not set
	// State: must be one of ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, got "ON"
}

func ExampleValidatePutTargetsInput() {
	err := rules.ValidatePutTargetsInput(&eventbridge.PutTargetsInput{
		Rule: aws.String("kms-lifecycle"),
		Targets: []types.Target{{
			Id:        aws.String("queue"),
			Arn:       aws.String("arn:aws:sqs:us-west-2:111122223333:kms-events.fifo"),
			Input:     aws.String(`{"alert":"kms"}`),
			InputPath: aws.String("$.detail"),
		}},
	})
	fmt.Println(errors.Is(err, kmswatch.ErrInvalid))
	var ve *kmswatch.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// true
	// Targets[0]: Input, InputPath and InputTransformer are mutually exclusive, got Input and InputPath
	// Targets[0].SqsParameters.MessageGroupId: is required for an SQS FIFO queue target (arn:aws:sqs:us-west-2:111122223333:kms-events.fifo ends in ".fifo")
}
