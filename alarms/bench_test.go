package alarms

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// asExisting returns the alarm DescribeAlarms would report for in.
func asExisting(in *cloudwatch.PutMetricAlarmInput) types.MetricAlarm {
	return types.MetricAlarm{
		AlarmName: in.AlarmName, AlarmDescription: in.AlarmDescription, ActionsEnabled: aws.Bool(true),
		AlarmActions: in.AlarmActions, OKActions: in.OKActions, InsufficientDataActions: in.InsufficientDataActions,
		Namespace: in.Namespace, MetricName: in.MetricName, Dimensions: in.Dimensions, Statistic: in.Statistic,
		Period: in.Period, EvaluationPeriods: in.EvaluationPeriods, DatapointsToAlarm: in.DatapointsToAlarm,
		ComparisonOperator: in.ComparisonOperator, Threshold: in.Threshold, TreatMissingData: in.TreatMissingData,
		Metrics: in.Metrics, StateValue: types.StateValueOk,
	}
}

// fleet returns n desired expiry alarms and the existing alarms for them,
// of which changed have another threshold, changed are missing (to create)
// and changed more exist for keys no longer desired (to delete).
func fleet(b testing.TB, n, changed int) ([]*cloudwatch.PutMetricAlarmInput, []types.MetricAlarm) {
	desired := expiries(b, 0, n, DefaultExpiryWithin, Options{AlarmActions: []string{testTopic}, OKActions: []string{testTopic}})
	existing := make([]types.MetricAlarm, 0, n+changed)
	for i, in := range desired {
		if i < changed { // missing: to create
			continue
		}
		a := asExisting(in)
		if i < 2*changed { // other threshold: to update
			a.Threshold = aws.Float64(*in.Threshold / 2)
		}
		existing = append(existing, a)
	}
	for i := range changed { // no longer desired: to delete
		a := asExisting(desired[0])
		a.AlarmName = aws.String(ExpiryPrefix + testKey(n+i))
		existing = append(existing, a)
	}
	return desired, existing
}

// BenchmarkPlan plans n desired alarms against n existing ones with 10
// created, 10 updated and 10 deleted. ns/alarm stays flat from 1k to 10k
// alarms when planning is linear.
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint("alarms=", n), func(b *testing.B) {
			const changed = 10
			desired, existing := fleet(b, n, changed)
			b.ReportAllocs()
			b.ResetTimer()
			var p *Plan
			for range b.N {
				var err error
				if p, err = NewPlan(ExpiryPrefix, desired, existing); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if len(p.Create) != changed || len(p.Update) != changed || len(p.Delete) != changed {
				b.Fatalf("plan has %d/%d/%d create/update/delete, want %d each", len(p.Create), len(p.Update), len(p.Delete), changed)
			}
			puts, dels := p.Calls()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/alarm")
			b.ReportMetric(float64(puts), "PutMetricAlarm/apply")
			b.ReportMetric(float64(dels), "DeleteAlarms/apply")
			b.ReportMetric(float64((len(existing)+describePageSize-1)/describePageSize), "DescribeAlarms/plan")
		})
	}
}

// BenchmarkKeyMaterialExpiries builds the desired per-key alarms of a fleet,
// valid and with every key invalid (each problem found, mapped to its
// argument and reported).
func BenchmarkKeyMaterialExpiries(b *testing.B) {
	const n = 1000
	valid, invalid := testKeys(0, n), make([]string, n)
	for i, key := range valid {
		invalid[i] = "alias/" + key
	}
	for name, keys := range map[string][]string{"valid": valid, "invalid": invalid} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				ins, err := KeyMaterialExpiries(keys, DefaultExpiryWithin, Options{})
				if (err == nil) != (name == "valid") || (err == nil && len(ins) != n) {
					b.Fatalf("KeyMaterialExpiries = %d inputs, %v", len(ins), err)
				}
			}
		})
	}
}
