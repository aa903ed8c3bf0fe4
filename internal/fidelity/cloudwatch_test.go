package fidelity

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

const fleetQuery = `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`

// insightsAlarm is a Metrics Insights alarm on expr.
func insightsAlarm(name, expr string, period, evaluationPeriods int32) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name),
		Metrics: []types.MetricDataQuery{{
			Id: aws.String("q1"), Expression: aws.String(expr), Period: aws.Int32(period),
			ReturnData: aws.Bool(true), Label: aws.String("expiry"),
		}},
		ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
		Threshold:          aws.Float64(86400),
		EvaluationPeriods:  aws.Int32(evaluationPeriods),
	}
}

func expiryMetric(keyID string) *types.Metric {
	return &types.Metric{
		Namespace: aws.String(metrics.NamespaceKMS), MetricName: aws.String(metrics.MetricSecondsUntilKeyMaterialExpiration),
		Dimensions: []types.Dimension{{Name: aws.String(metrics.DimensionKeyID), Value: aws.String(keyID)}},
	}
}

// statAlarm is a single-metric alarm with an extended statistic.
func statAlarm(name, stat string) *cloudwatch.PutMetricAlarmInput {
	m := expiryMetric("1234abcd-12ab-34cd-56ef-1234567890ab")
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: m.Dimensions,
		ExtendedStatistic: aws.String(stat), Period: aws.Int32(300), EvaluationPeriods: aws.Int32(1),
		ComparisonOperator: types.ComparisonOperatorLessThanThreshold, Threshold: aws.Float64(86400),
	}
}

// mathStatAlarm is a Metrics alarm on one MetricStat with stat and, when
// account is not nil, an AccountId.
func mathStatAlarm(name, stat string, account *string) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name),
		Metrics: []types.MetricDataQuery{{
			Id: aws.String("m1"), AccountId: account, ReturnData: aws.Bool(true),
			MetricStat: &types.MetricStat{Metric: expiryMetric("1234abcd-12ab-34cd-56ef-1234567890ab"), Period: aws.Int32(300), Stat: aws.String(stat)},
		}},
		ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
		Threshold:          aws.Float64(86400),
		EvaluationPeriods:  aws.Int32(1),
	}
}

// anomalyAlarm is the anomaly detection alarm of the PutMetricAlarm API
// reference example: the metric and its band both return data, and
// ThresholdMetricId names the band. metricReturns false makes the metric
// not return data.
func anomalyAlarm(name string, metricReturns bool) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name),
		Metrics: []types.MetricDataQuery{
			{Id: aws.String("m1"), ReturnData: aws.Bool(metricReturns),
				MetricStat: &types.MetricStat{Metric: expiryMetric("1234abcd-12ab-34cd-56ef-1234567890ab"), Period: aws.Int32(300), Stat: aws.String("Average")}},
			{Id: aws.String("ad1"), Expression: aws.String("ANOMALY_DETECTION_BAND(m1, 2)"), Label: aws.String("band"), ReturnData: aws.Bool(true)},
		},
		ThresholdMetricId:  aws.String("ad1"),
		ComparisonOperator: types.ComparisonOperatorLessThanLowerOrGreaterThanUpperThreshold,
		EvaluationPeriods:  aws.Int32(2),
	}
}

// alarmCheck runs a PutMetricAlarm input through the fake and ValidateAlarm.
func alarmCheck(cw *cloudwatch.Client, name, code string, at, over *cloudwatch.PutMetricAlarmInput) check {
	return check{
		name: name, code: code,
		fake: func(ctx context.Context, o bool) error {
			_, err := cw.PutMetricAlarm(ctx, pick(o, at, over))
			return err
		},
		lib: func(o bool) error { return alarms.ValidateAlarm(pick(o, at, over)) },
	}
}

func TestCloudWatchBoundaries(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return now }))
	t.Cleanup(s.Close)
	cw := s.Client(func(o *cloudwatch.Options) { o.Retryer = aws.NopRetryer{} })

	checks := []check{
		// Metrics Insights alarms evaluate the last 3 hours
		// (docs/reference.md#69-metrics-insights-alarms); CloudWatch: "MetricsInsights
		// monitors cannot be checked across more than 3 hours".
		alarmCheck(cw, "Insights alarm Period x EvaluationPeriods <= 10800 (1 h x 3)", "ValidationError",
			insightsAlarm("insights-window-a", fleetQuery, 3600, 3), insightsAlarm("insights-window-b", fleetQuery, 3600, 4)),
		alarmCheck(cw, "Insights alarm Period x EvaluationPeriods <= 10800 (1 min x 180)", "ValidationError",
			insightsAlarm("insights-window-c", fleetQuery, 60, 180), insightsAlarm("insights-window-d", fleetQuery, 60, 181)),
		// Metrics Insights query language (docs/reference.md#69-metrics-insights-alarms).
		alarmCheck(cw, "Insights LIMIT 1-500", "ValidationError",
			insightsAlarm("insights-limit-a", fleetQuery+" LIMIT 500", 300, 1), insightsAlarm("insights-limit-b", fleetQuery+" LIMIT 501", 300, 1)),
		alarmCheck(cw, "Insights namespace containing / is double-quoted", "ValidationError",
			insightsAlarm("insights-ns-a", `SELECT SUM(XksProxyErrors) FROM "AWS/KMS"`, 60, 1),
			insightsAlarm("insights-ns-b", `SELECT SUM(XksProxyErrors) FROM AWS/KMS`, 60, 1)),
		// MetricDataQuery.AccountId: the model's AccountId shape, 1-255.
		alarmCheck(cw, "alarm Metrics AccountId length <= 255", "ValidationError",
			mathStatAlarm("account-a", "Minimum", aws.String(strings.Repeat("1", 255))),
			mathStatAlarm("account-b", "Minimum", aws.String(strings.Repeat("1", 256)))),
		alarmCheck(cw, "alarm Metrics AccountId length >= 1", "ValidationError",
			mathStatAlarm("account-c", "Minimum", aws.String("1")),
			mathStatAlarm("account-d", "Minimum", aws.String(""))),
		// PutMetricAlarm API reference, anomaly detection example.
		alarmCheck(cw, "anomaly detection alarm returns the metric and the band", "InvalidParameterValue",
			anomalyAlarm("anomaly-a", true), anomalyAlarm("anomaly-b", false)),
	}
	// Extended statistics: every documented form (statistics definitions
	// page; PutMetricAlarmInput.ExtendedStatistic) against a malformed one.
	for _, st := range []struct{ at, over string }{
		{"p99", "p101"},
		{"p99.9", "p99.9.9"},
		{"tm90", "tm101"},
		{"wm98", "wm"},
		{"tc90", "tc-1"},
		{"ts90", "ts9x"},
		{"IQM", "IQM(25%:75%)"},
		{"TM(10%:90%)", "TM(10%:190%)"},
		{"TM(:95%)", "TM(:)"},
		{"TM(150:1000)", "TM(150-1000)"},
		{"WM(10%:90%)", "WM(10%:90%"},
		{"TC(0.005:0.030)", "TC(0.005:0.0.30)"},
		{"TS(80%:)", "TS(80%)"},
		{"PR(:300)", "PR(:300%)"},
		{"PR(100:2000)", "PR(abc:2000)"},
	} {
		checks = append(checks,
			alarmCheck(cw, "ExtendedStatistic "+st.at+" (over: "+st.over+")", "InvalidParameterValue",
				statAlarm("ext-"+st.at, st.at), statAlarm("ext-"+st.over, st.over)),
			alarmCheck(cw, "Metrics MetricStat.Stat "+st.at+" (over: "+st.over+")", "InvalidParameterValue",
				mathStatAlarm("stat-"+st.at, st.at, nil), mathStatAlarm("stat-"+st.over, st.over, nil)))
	}
	// An Insights query with a sub-minute period does not fail; CloudWatch
	// answers at 1 minute (Metrics Insights quotas page). 7 s is no period
	// GetMetricData accepts.
	insightsData := func(period time.Duration) *cloudwatch.GetMetricDataInput {
		return &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
			MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("q1"), Expression: aws.String(fleetQuery), Period: aws.Int32(int32(period / time.Second))}},
		}
	}
	checks = append(checks, check{
		name: "Insights GetMetricData Period 10 s (over: 7 s)", code: "InvalidParameterValue",
		fake: func(ctx context.Context, o bool) error {
			_, err := cw.GetMetricData(ctx, insightsData(pick(o, 10*time.Second, 7*time.Second)))
			return err
		},
		lib: func(o bool) error {
			_, err := metrics.ExpiryInsights().Query("q1", pick(o, 10*time.Second, 7*time.Second))
			return err
		},
	})
	run(t, checks)
}

// TestFleetExpiryInsightsWindow checks the fleet alarm builder against the
// 3-hour Metrics Insights window and the fake's acceptance of what it builds.
func TestFleetExpiryInsightsWindow(t *testing.T) {
	s := cloudwatchtest.NewServer()
	t.Cleanup(s.Close)
	cw := s.Client(func(o *cloudwatch.Options) { o.Retryer = aws.NopRetryer{} })
	run(t, []check{{
		name: "FleetKeyMaterialExpiry Period x EvaluationPeriods <= 10800", code: "ValidationError",
		fake: func(ctx context.Context, o bool) error {
			in := insightsAlarm("fleet", fleetQuery, 3600, int32(pick(o, 3, 4)))
			_, err := cw.PutMetricAlarm(ctx, in)
			return err
		},
		lib: func(o bool) error {
			_, err := alarms.FleetKeyMaterialExpiry(7*24*time.Hour, alarms.Options{Period: time.Hour, EvaluationPeriods: int32(pick(o, 3, 4))})
			return err
		},
	}})

	// What the builder returns at the limit, the fake accepts.
	in, err := alarms.FleetKeyMaterialExpiry(7*24*time.Hour, alarms.Options{Period: time.Hour, EvaluationPeriods: 3})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cw.PutMetricAlarm(context.Background(), in); err != nil {
		t.Errorf("the fake rejects the built fleet alarm: %v", err)
	}
}

// TestInsightsSubMinutePeriod checks that the fake answers an Insights
// query with a 10 s period at 1 minute, as the Metrics Insights quotas page
// says CloudWatch does, and that the trimmed mean it computes is the
// documented one.
func TestInsightsSubMinutePeriod(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	s := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return now }))
	t.Cleanup(s.Close)
	cw := s.Client()
	m := expiryMetric("1234abcd-12ab-34cd-56ef-1234567890ab")
	minute := now.Add(-10 * time.Minute)
	s.Seed(*m.Namespace, *m.MetricName, m.Dimensions,
		cloudwatchtest.Point{Time: minute, Value: 300},
		cloudwatchtest.Point{Time: minute.Add(10 * time.Second), Value: 100},
		cloudwatchtest.Point{Time: minute.Add(40 * time.Second), Value: 200},
	)
	q, err := metrics.ExpiryInsights().Query("q1", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	out, err := cw.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{q},
		ScanBy:            types.ScanByTimestampAscending,
	})
	if err != nil {
		t.Fatal(err)
	}
	type series struct {
		Label      string
		Timestamps []time.Time
		Values     []float64
	}
	var got []series
	for _, r := range out.MetricDataResults {
		got = append(got, series{aws.ToString(r.Label), r.Timestamps, r.Values})
	}
	want := []series{{Label: "1234abcd-12ab-34cd-56ef-1234567890ab", Timestamps: []time.Time{minute}, Values: []float64{100}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}

	tm, err := cw.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("tm"), MetricStat: &types.MetricStat{Metric: m, Period: aws.Int32(60), Stat: aws.String("TM(:67%)")}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// TM(:67%) of 100, 200, 300 keeps the ranks up to 2.01: 100 and 200.
	if diff := cmp.Diff([]float64{150}, tm.MetricDataResults[0].Values); diff != "" {
		t.Errorf("TM(:67%%) mismatch (-want +got):\n%s", diff)
	}
}
