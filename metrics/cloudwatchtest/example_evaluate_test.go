package cloudwatchtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// expiryAlarm is the documented recipe: Minimum of
// SecondsUntilKeyMaterialExpiration <= 10 days, 1-minute period, missing
// data breaching.
func expiryAlarm(keyID, topic string) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("expiry-" + keyID),
		AlarmActions:       []string{topic},
		Namespace:          aws.String("AWS/KMS"),
		MetricName:         aws.String("SecondsUntilKeyMaterialExpiration"),
		Dimensions:         []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(keyID)}},
		Statistic:          types.StatisticMinimum,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		Threshold:          aws.Float64(864000),
		ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
		TreatMissingData:   aws.String("breaching"),
	}
}

// A key's material expires in 12 days: the alarm is OK, fires when 10 days
// are left, and stays in ALARM after the material has expired and KMS has
// stopped publishing.
func ExampleServer_SimulateKeyMaterial() {
	ctx := context.Background()
	clk := clock.NewVirtual(exampleNow)
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk))
	defer srv.Close()
	client := srv.Client()

	const key = "1234abcd-12ab-34cd-56ef-1234567890ab"
	srv.SimulateKeyMaterial(key, exampleNow.Add(12*24*time.Hour))
	if _, err := client.PutMetricAlarm(ctx, expiryAlarm(key, "arn:aws:sns:us-west-2:111122223333:kms-alerts")); err != nil {
		fmt.Println(err)
		return
	}
	for _, jump := range []time.Duration{time.Minute, 2 * 24 * time.Hour, 11 * 24 * time.Hour} {
		clk.Advance(jump)
		out, err := client.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
		if err != nil {
			fmt.Println(err)
			return
		}
		a := out.MetricAlarms[0]
		fmt.Println(clk.Now().Format(time.DateTime), a.StateValue, "since", a.StateTransitionedTimestamp.UTC().Format(time.DateTime))
	}
	for _, act := range srv.Actions() {
		fmt.Println(act.Time.Format(time.DateTime), act.State, act.ARN)
	}
	// Output:
	// 2026-11-24 12:01:00 OK since 2026-11-24 12:01:00
	// 2026-11-26 12:01:00 ALARM since 2026-11-26 12:01:00
	// 2026-12-07 12:01:00 ALARM since 2026-11-26 12:01:00
	// 2026-11-26 12:01:00 ALARM arn:aws:sns:us-west-2:111122223333:kms-alerts
}

// Connected to the in-process EventBridge, the server sends each state
// change as a "CloudWatch Alarm State Change" event that rules can route.
func ExampleWithEventBridge() {
	ctx := context.Background()
	bus := eventbridgetest.NewServer()
	defer bus.Close()
	rule := aws.String("alarms")
	if _, err := bus.Client().PutRule(ctx, &eventbridge.PutRuleInput{Name: rule,
		EventPattern: aws.String(`{"source":["aws.cloudwatch"],"detail-type":["CloudWatch Alarm State Change"],"detail":{"state":{"value":["ALARM"]}}}`)}); err != nil {
		fmt.Println(err)
		return
	}
	const queue = "arn:aws:sqs:us-west-2:111122223333:alarms"
	if _, err := bus.Client().PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: rule, Targets: []ebtypes.Target{{Id: aws.String("q"), Arn: aws.String(queue)}}}); err != nil {
		fmt.Println(err)
		return
	}

	clk := clock.NewVirtual(exampleNow)
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk), cloudwatchtest.WithEventBridge(bus))
	defer srv.Close()
	srv.SimulateKeyMaterial("k1", exampleNow.Add(5*24*time.Hour))
	if _, err := srv.Client().PutMetricAlarm(ctx, expiryAlarm("k1", "arn:aws:sns:us-west-2:111122223333:kms-alerts")); err != nil {
		fmt.Println(err)
		return
	}
	clk.Advance(time.Minute)
	srv.Alarms() // evaluations due up to now run before any answer

	for _, d := range bus.Delivered(queue) {
		var ev struct {
			Source string `json:"source"`
			Detail struct {
				AlarmName string `json:"alarmName"`
				State     struct{ Value, Reason string }
			} `json:"detail"`
		}
		if err := json.Unmarshal(d.Body, &ev); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ev.Source, ev.Detail.AlarmName, ev.Detail.State.Value)
		fmt.Println(ev.Detail.State.Reason)
	}
	// Output:
	// aws.cloudwatch expiry-k1 ALARM
	// Threshold Crossed: 1 out of the last 1 datapoints [432000.0 (24/11/26 12:00:00)] was less than or equal to the threshold (864000.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).
}

// SERVICE_QUOTA returns the quota set for the usage metric, so a
// percentage-of-quota alarm can be evaluated.
func ExampleServer_SetServiceQuota() {
	ctx := context.Background()
	clk := clock.NewVirtual(exampleNow)
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk))
	defer srv.Close()
	dims := []types.Dimension{
		{Name: aws.String("Service"), Value: aws.String("KMS")}, {Name: aws.String("Type"), Value: aws.String("API")},
		{Name: aws.String("Resource"), Value: aws.String("CryptographicOperationsSymmetric")}, {Name: aws.String("Class"), Value: aws.String("None")},
	}
	srv.SetServiceQuota("AWS/Usage", "CallCount", dims, 1000)
	srv.Seed("AWS/Usage", "CallCount", dims, cloudwatchtest.Point{Time: exampleNow, Value: 850})
	_, err := srv.Client().PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("quota"),
		ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		Threshold:          aws.Float64(80),
		EvaluationPeriods:  aws.Int32(1),
		Metrics: []types.MetricDataQuery{
			{Id: aws.String("m1"), ReturnData: aws.Bool(false), MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String("AWS/Usage"), MetricName: aws.String("CallCount"), Dimensions: dims},
				Period: aws.Int32(60), Stat: aws.String("Sum")}},
			{Id: aws.String("e1"), Expression: aws.String("m1/SERVICE_QUOTA(m1)*100")},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	clk.Advance(time.Minute)
	a := srv.Alarms()[0]
	fmt.Println(a.StateValue)
	fmt.Println(*a.StateReason)
	// Output:
	// ALARM
	// Threshold Crossed: 1 out of the last 1 datapoints [85.0 (24/11/26 12:00:00)] was greater than the threshold (80.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).
}

// printSink prints the alarm name and new state of each state change event.
type printSink struct{}

func (printSink) Emit(event []byte) (int, error) {
	var e struct {
		Time   time.Time `json:"time"`
		Detail struct {
			AlarmName string `json:"alarmName"`
			State     struct {
				Value string `json:"value"`
			} `json:"state"`
		} `json:"detail"`
	}
	if err := json.Unmarshal(event, &e); err != nil {
		return 0, err
	}
	fmt.Println(e.Time.Format(time.DateTime), e.Detail.AlarmName, e.Detail.State.Value)
	return 1, nil
}

// On a virtual clock the server evaluates its alarms when the clock moves:
// the state change event goes out on Advance, with no request to the
// server.
func ExampleWithVirtualClock() {
	clk := clock.NewVirtual(exampleNow)
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk), cloudwatchtest.WithEventBridge(printSink{}))
	defer srv.Close()

	const key = "1234abcd-12ab-34cd-56ef-1234567890ab"
	srv.SimulateKeyMaterial(key, exampleNow.Add(12*24*time.Hour))
	if _, err := srv.Client().PutMetricAlarm(context.Background(), expiryAlarm(key, "arn:aws:sns:us-west-2:111122223333:kms-alerts")); err != nil {
		fmt.Println(err)
		return
	}
	clk.Advance(time.Minute)
	clk.Advance(3 * 24 * time.Hour)
	// Output:
	// 2026-11-24 12:01:00 expiry-1234abcd-12ab-34cd-56ef-1234567890ab OK
	// 2026-11-26 12:01:00 expiry-1234abcd-12ab-34cd-56ef-1234567890ab ALARM
}
