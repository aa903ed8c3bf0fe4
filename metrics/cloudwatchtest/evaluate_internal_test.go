package cloudwatchtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/kmswatch/kmswatch/clock"
)

// alarmOpsRecorder keeps the request bodies the SDK sends and answers
// nothing.
type alarmOpsRecorder struct{ bodies map[string][]byte }

func (r *alarmOpsRecorder) Do(req *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r.bodies[req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]] = b
	return nil, errAlarmOpsRecorded
}

var errAlarmOpsRecorded = errors.New("recorded")

// TestAlarmOpsSDKBodiesDecode checks that every member cloudwatch v1.75.6
// sends for the alarm state operations lands in the wire types: decoding
// and re-encoding gives the same CBOR value.
func TestAlarmOpsSDKBodiesDecode(t *testing.T) {
	rec := &alarmOpsRecorder{bodies: map[string][]byte{}}
	c := cloudwatch.New(cloudwatch.Options{Region: "us-west-2", BaseEndpoint: aws.String("http://127.0.0.1:1"), HTTPClient: rec, RetryMaxAttempts: 1})
	ctx := context.Background()
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	calls := []func() error{
		func() error {
			_, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{
				AlarmName: aws.String("a"), AlarmContributorId: aws.String("c"), AlarmTypes: []types.AlarmType{types.AlarmTypeMetricAlarm},
				HistoryItemType: types.HistoryItemTypeStateUpdate, StartDate: aws.Time(at.Add(-time.Hour)), EndDate: aws.Time(at),
				MaxRecords: aws.Int32(10), NextToken: aws.String("t"), ScanBy: types.ScanByTimestampAscending,
			})
			return err
		},
		func() error {
			_, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("a"), StateValue: types.StateValueAlarm,
				StateReason: aws.String("r"), StateReasonData: aws.String(`{"a":1}`)})
			return err
		},
		func() error {
			_, err := c.EnableAlarmActions(ctx, &cloudwatch.EnableAlarmActionsInput{AlarmNames: []string{"a", "b"}})
			return err
		},
		func() error {
			_, err := c.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"a"}})
			return err
		},
		func() error {
			_, err := c.DescribeAlarmContributors(ctx, &cloudwatch.DescribeAlarmContributorsInput{AlarmName: aws.String("a"), NextToken: aws.String("t")})
			return err
		},
	}
	for _, call := range calls {
		if err := call(); !errors.Is(err, errAlarmOpsRecorded) {
			t.Fatalf("recording a request: %v", err)
		}
	}
	inputs := map[string]any{
		OpDescribeAlarmHistory:      new(describeAlarmHistoryInput),
		OpSetAlarmState:             new(setAlarmStateInput),
		OpEnableAlarmActions:        new(alarmNamesInput),
		OpDisableAlarmActions:       new(alarmNamesInput),
		OpDescribeAlarmContributors: new(describeAlarmContributorsInput),
	}
	for op, in := range inputs {
		body, ok := rec.bodies[op]
		if !ok {
			t.Fatalf("no %s request recorded", op)
		}
		checkDecodesWhole(t, op, body, in)
	}
}

// FuzzEvaluateMath puts a metric math alarm with a fuzzed expression over a
// seeded metric and runs its evaluations: whatever PutMetricAlarm accepts
// evaluates without a panic to a valid state.
func FuzzEvaluateMath(f *testing.F) {
	for _, seed := range []string{"m1/SERVICE_QUOTA(m1)*100", "m1*2", "0/0", "100", "-m1", "e1+1", "PERIOD(m1)", "m1/m1", "((m1))-1e308*10"} {
		f.Add(seed)
	}
	start := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	str := func(s string) *string { return &s }
	i32 := func(v int32) *int32 { return &v }
	f.Fuzz(func(t *testing.T, expr string) {
		clk := clock.NewVirtual(start)
		s := NewServer(WithVirtualClock(clk))
		defer s.Close()
		ns, name := "AWS/Usage", "CallCount"
		s.Seed(ns, name, nil, Point{Time: start, Value: 10}, Point{Time: start.Add(time.Minute), Value: 0})
		s.SetServiceQuota(ns, name, nil, 100)
		no, yes := false, true
		threshold := 1.0
		in := putMetricAlarmInput{alarmConfig: alarmConfig{
			AlarmName:          str("math"),
			EvaluationPeriods:  i32(2),
			Threshold:          &threshold,
			ComparisonOperator: str("GreaterThanThreshold"),
			Metrics: []wireQuery{
				{ID: str("m1"), ReturnData: &no, MetricStat: &wireMetricStat{Metric: &wireMetric{Namespace: &ns, MetricName: &name}, Period: i32(60), Stat: str("Sum")}},
				{ID: str("e1"), Expression: &expr, ReturnData: &yes, Period: i32(60)},
			},
		}}
		body, err := encMode.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		if _, aerr := s.putMetricAlarm(body); aerr != nil {
			return
		}
		clk.Advance(5 * time.Minute)
		for _, a := range s.Alarms() {
			switch a.StateValue {
			case "OK", "ALARM", "INSUFFICIENT_DATA":
			default:
				t.Fatalf("expression %q: state %q", expr, a.StateValue)
			}
		}
	})
}
