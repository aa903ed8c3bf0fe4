package alarms_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func ExampleSyncer() {
	// The in-process CloudWatch stands in for the caller's client.
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	stale, _ := alarms.KeyMaterialExpiry("9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b", alarms.DefaultExpiryWithin, alarms.Options{})
	if _, err := client.PutMetricAlarm(ctx, stale); err != nil {
		fmt.Println(err)
		return
	}

	// In a real program the keys come from metrics.DiscoverKeys.
	desired, err := alarms.KeyMaterialExpiries([]string{
		"0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d",
		"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
	}, alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}})
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix, PutRate: 100}
	plan, result, err := s.Sync(ctx, desired)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(plan)
	fmt.Println("done:", len(result.Done), "calls:", result.Calls["PutMetricAlarm"], result.Calls["DeleteAlarms"])

	plan, _, _ = s.Sync(ctx, desired)
	fmt.Println("second sync empty:", plan.Empty())
	// Output:
	// plan for prefix "kmswatch-key-material-expiry-": 2 to create, 0 to update, 1 to delete, 0 unchanged
	// + kmswatch-key-material-expiry-0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d
	// + kmswatch-key-material-expiry-1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b
	// - kmswatch-key-material-expiry-9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b
	// done: 3 calls: 2 1
	// second sync empty: true
}

func ExampleNewPlan() {
	want, _ := alarms.KeyMaterialExpiry("0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d", alarms.DefaultExpiryWithin, alarms.Options{})
	existing := []types.MetricAlarm{
		{ // the same alarm with an older threshold
			AlarmName: want.AlarmName, AlarmDescription: want.AlarmDescription, Namespace: want.Namespace,
			MetricName: want.MetricName, Dimensions: want.Dimensions, Statistic: want.Statistic, Period: want.Period,
			EvaluationPeriods: want.EvaluationPeriods, ComparisonOperator: want.ComparisonOperator,
			Threshold: aws.Float64(432000), TreatMissingData: want.TreatMissingData,
		},
		{AlarmName: aws.String("kmswatch-key-material-expiry-gone")},
		{AlarmName: aws.String("someone-elses-alarm")}, // outside the prefix: never touched
	}
	plan, err := alarms.NewPlan(alarms.ExpiryPrefix, []*cloudwatch.PutMetricAlarmInput{want}, existing)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := plan.WriteTo(os.Stdout); err != nil {
		fmt.Println(err)
	}
	puts, deletes := plan.Calls()
	fmt.Println("calls:", puts, deletes)
	// Output:
	// plan for prefix "kmswatch-key-material-expiry-": 0 to create, 1 to update, 1 to delete, 0 unchanged
	// ~ kmswatch-key-material-expiry-0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d (Threshold)
	// - kmswatch-key-material-expiry-gone
	// calls: 1 1
}

func ExampleDiff() {
	want, _ := alarms.KeyMaterialExpiry("0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d", alarms.DefaultExpiryWithin,
		alarms.Options{AlarmActions: []string{topic}})
	have := types.MetricAlarm{
		AlarmName: want.AlarmName, AlarmDescription: want.AlarmDescription, Namespace: want.Namespace,
		MetricName: want.MetricName, Dimensions: want.Dimensions, Statistic: want.Statistic, Period: want.Period,
		EvaluationPeriods: want.EvaluationPeriods, ComparisonOperator: want.ComparisonOperator,
		Threshold: want.Threshold,
		// CloudWatch reports the default it applied; Diff treats it as equal.
		ActionsEnabled: aws.Bool(true),
		// Missing data was left at CloudWatch's default.
		TreatMissingData: nil,
	}
	fmt.Println(alarms.Diff(want, &have))
	// Output:
	// [AlarmActions TreatMissingData]
}

func ExampleSyncer_Apply() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	desired, _ := alarms.KeyMaterialExpiries([]string{
		"0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d",
		"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
	}, alarms.DefaultExpiryWithin, alarms.Options{})
	s := &alarms.Syncer{Client: srv.Client(), Prefix: alarms.ExpiryPrefix, PutRate: 100}
	plan, err := s.Plan(ctx, desired)
	if err != nil {
		fmt.Println(err)
		return
	}

	// The first call is refused for good; the apply goes on with the rest
	// and reports the failure.
	srv.InjectFault(cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.Fault{Code: "AccessDenied", Status: 403, Message: "not authorized"})
	result, err := s.Apply(ctx, plan)
	var ae *alarms.ApplyError
	if errors.As(err, &ae) {
		for _, f := range ae.Failed {
			fmt.Println("failed:", f.Steps[0].Op, f.Steps[0].Name, "after", f.Attempts, "attempt(s)")
		}
	}
	for _, st := range result.Done {
		fmt.Println("done:", st.Op, st.Name)
	}
	for _, st := range result.NotDone {
		fmt.Println("not done:", st.Op, st.Name)
	}
	// Output:
	// failed: create kmswatch-key-material-expiry-0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d after 1 attempt(s)
	// done: create kmswatch-key-material-expiry-1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b
	// not done: create kmswatch-key-material-expiry-0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d
}
