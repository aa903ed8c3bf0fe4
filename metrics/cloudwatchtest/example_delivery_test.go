package cloudwatchtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// A topic encrypted with the AWS managed key for SNS: the alarm fires, the
// action fails, and the history says why.
func ExampleServer_SetDeliveryInputs() {
	const topic = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	clk := clock.NewVirtual(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk))
	defer srv.Close()
	err := srv.SetDeliveryInputs(delivery.Inputs{Topics: map[string]map[string]string{topic: {
		"KmsMasterKeyId": "alias/aws/sns",
		"Policy":         `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"` + topic + `","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`,
	}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := srv.Client()
	ctx := context.Background()
	_, err = c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("expiry"), AlarmActions: []string{topic},
		Namespace: aws.String("AWS/KMS"), MetricName: aws.String("SecondsUntilKeyMaterialExpiration"),
		Statistic: types.StatisticMinimum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1),
		Threshold: aws.Float64(864000), ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
		TreatMissingData: aws.String("breaching"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	clk.Advance(time.Minute)
	out, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{HistoryItemType: types.HistoryItemTypeAction})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(aws.ToString(out.AlarmHistoryItems[0].HistorySummary))
	fmt.Println(len(srv.Actions()), "notifications")
	// Output:
	// Failed to execute action arn:aws:sns:us-west-2:111122223333:kms-alerts. Received error: "CloudWatch Alarms does not have authorization to access the SNS topic encryption key."
	// 0 notifications
}
