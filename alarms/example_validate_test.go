package alarms_test

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/alarms"
)

func ExampleValidateAlarm() {
	err := alarms.ValidateAlarm(&cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("kms-expiry"),
		Namespace:          aws.String("AWS/KMS"),
		MetricName:         aws.String("SecondsUntilKeyMaterialExpiration"),
		Statistic:          types.StatisticMinimum,
		ExtendedStatistic:  aws.String("p10"),
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1441),
		DatapointsToAlarm:  aws.Int32(2000),
		ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
		Threshold:          aws.Float64(-1),
		TreatMissingData:   aws.String("NotBreaching"),
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
	// ExtendedStatistic: must not be set together with Statistic
	// Threshold: must not be negative for AWS/KMS metrics, whose values are never negative, got -1
	// DatapointsToAlarm: must be between 1 and 1441, got 2000
	// EvaluationPeriods: Period × EvaluationPeriods must be at most 86400 seconds when the period is under 3600 seconds, got 60 × 1441 = 86460
	// TreatMissingData: must be one of breaching, notBreaching, ignore, missing, got "NotBreaching"
}

func ExampleValidateMetricFilter() {
	err := alarms.ValidateMetricFilter(&cloudwatchlogs.PutMetricFilterInput{
		FilterName:    aws.String("kms:pending"),
		FilterPattern: aws.String(alarms.PendingDeletionFilterPattern),
		LogGroupName:  aws.String("trail logs"),
	})
	fmt.Println(err)
	// Output:
	// invalid cloudwatchlogs.PutMetricFilterInput: FilterName: must match ^[^:*]*$, got "kms:pending"; LogGroupName: must match ^[.\-_/#A-Za-z0-9]+$, got "trail logs"; MetricTransformations: must hold between 1 and 1 items, got 0
}
