package cloudwatchtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

const topic = "arn:aws:sns:us-west-2:111122223333:kms-alerts"

var cmpAlarm = []cmp.Option{
	cmpopts.IgnoreUnexported(
		types.MetricAlarm{}, types.Dimension{}, types.MetricDataQuery{}, types.MetricStat{}, types.Metric{},
		types.EvaluationWindowMemberWallClockWindow{}, types.WallClockWindow{}, types.EvaluationWindowMemberSlidingWindow{},
		types.SlidingWindow{}, types.WarmUpConfiguration{}, types.ActionConfiguration{}, types.AlarmTagsPropagation{},
		types.EvaluationCriteriaMemberPromQLCriteria{}, types.AlarmPromQLCriteria{},
	),
	cmpopts.EquateEmpty(),
}

func singleMetricAlarm(name string) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String(name),
		AlarmDescription:   aws.String("imported key material expires within 10 days"),
		AlarmActions:       []string{topic},
		Namespace:          aws.String(kms),
		MetricName:         aws.String(expiry),
		Dimensions:         keyDims("k1"),
		Statistic:          types.StatisticMinimum,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		Threshold:          aws.Float64(864000),
		ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
		TreatMissingData:   aws.String("missing"),
		Unit:               types.StandardUnitSeconds,
		EvaluationWindow:   &types.EvaluationWindowMemberWallClockWindow{Value: types.WallClockWindow{Timezone: aws.String("UTC+05:30")}},
		WarmUpConfiguration: &types.WarmUpConfiguration{
			WarmUpPeriodDurationInMinutes: aws.Int32(15), OnlyStartEvaluatingAfterWarmUpPeriodEnds: aws.Bool(true)},
		ActionConfiguration: &types.ActionConfiguration{AlarmTagsPropagation: &types.AlarmTagsPropagation{
			Enabled: aws.Bool(true), ExcludedTagKeys: []string{"secret"}}},
		Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("kms")}},
	}
}

func insightsAlarm(name string) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:    aws.String(name),
		AlarmActions: []string{topic},
		Metrics: []types.MetricDataQuery{{
			Id:         aws.String("q1"),
			Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`),
			Period:     aws.Int32(300),
			Label:      aws.String("every key"),
			ReturnData: aws.Bool(true),
		}},
		EvaluationPeriods:  aws.Int32(1),
		DatapointsToAlarm:  aws.Int32(1),
		Threshold:          aws.Float64(864000),
		ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
		EvaluationWindow:   &types.EvaluationWindowMemberSlidingWindow{},
	}
}

func TestPutAndDescribeAlarms(t *testing.T) {
	s, c := newServer(t)
	ctx := context.Background()
	single, multi := singleMetricAlarm("expiry-k1"), insightsAlarm("expiry-all")
	math := &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("math"),
		Metrics: []types.MetricDataQuery{
			{Id: aws.String("m1"), MetricStat: expiryStat("k1", 60, "Minimum"), ReturnData: aws.Bool(false)},
			{Id: aws.String("e1"), Expression: aws.String("m1 / 86400"), Label: aws.String("days")},
		},
		EvaluationPeriods: aws.Int32(3), DatapointsToAlarm: aws.Int32(2),
		Threshold: aws.Float64(10), ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
		ActionsEnabled: aws.Bool(false),
	}
	for _, in := range []*cloudwatch.PutMetricAlarmInput{single, multi, math} {
		if _, err := c.PutMetricAlarm(ctx, in); err != nil {
			t.Fatalf("PutMetricAlarm(%s): %v", *in.AlarmName, err)
		}
	}
	state := func(a types.MetricAlarm) types.MetricAlarm {
		a.AlarmArn = aws.String("arn:aws:cloudwatch:us-west-2:111122223333:alarm:" + *a.AlarmName)
		a.AlarmConfigurationUpdatedTimestamp = aws.Time(now)
		a.StateValue = types.StateValueInsufficientData
		a.StateReason = aws.String("Unchecked: Initial alarm creation")
		a.StateUpdatedTimestamp = aws.Time(now)
		a.StateTransitionedTimestamp = aws.Time(now)
		if a.ActionsEnabled == nil {
			a.ActionsEnabled = aws.Bool(true)
		}
		return a
	}
	want := []types.MetricAlarm{
		state(types.MetricAlarm{
			AlarmName: multi.AlarmName, AlarmActions: multi.AlarmActions, Metrics: multi.Metrics,
			EvaluationPeriods: multi.EvaluationPeriods, DatapointsToAlarm: multi.DatapointsToAlarm,
			Threshold: multi.Threshold, ComparisonOperator: multi.ComparisonOperator,
			EvaluationWindow: multi.EvaluationWindow,
		}),
		state(types.MetricAlarm{
			AlarmName: single.AlarmName, AlarmDescription: single.AlarmDescription, AlarmActions: single.AlarmActions,
			Namespace: single.Namespace, MetricName: single.MetricName, Dimensions: single.Dimensions,
			Statistic: single.Statistic, Period: single.Period, EvaluationPeriods: single.EvaluationPeriods,
			Threshold: single.Threshold, ComparisonOperator: single.ComparisonOperator,
			TreatMissingData: single.TreatMissingData, Unit: single.Unit, EvaluationWindow: single.EvaluationWindow,
			WarmUpConfiguration: single.WarmUpConfiguration, ActionConfiguration: single.ActionConfiguration,
		}),
		state(types.MetricAlarm{
			AlarmName: math.AlarmName, Metrics: math.Metrics, EvaluationPeriods: math.EvaluationPeriods,
			DatapointsToAlarm: math.DatapointsToAlarm, Threshold: math.Threshold,
			ComparisonOperator: math.ComparisonOperator, ActionsEnabled: math.ActionsEnabled,
		}),
	}
	out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, out.MetricAlarms, cmpAlarm...); diff != "" {
		t.Errorf("DescribeAlarms mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, s.Alarms(), cmpAlarm...); diff != "" {
		t.Errorf("Alarms mismatch (-want +got):\n%s", diff)
	}
}

func TestPutMetricAlarmUpdateKeepsState(t *testing.T) {
	// The clock is read by the server's goroutines, so it is atomic.
	var later atomic.Pointer[time.Time]
	later.Store(&now)
	s := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return *later.Load() }))
	defer s.Close()
	c := s.Client()
	ctx := context.Background()
	in := singleMetricAlarm("a")
	if _, err := c.PutMetricAlarm(ctx, in); err != nil {
		t.Fatal(err)
	}
	hourLater := now.Add(time.Hour)
	later.Store(&hourLater)
	in.Threshold = aws.Float64(1)
	in.Tags = nil
	if _, err := c.PutMetricAlarm(ctx, in); err != nil {
		t.Fatal(err)
	}
	a := s.Alarms()[0]
	got := []any{*a.Threshold, *a.AlarmConfigurationUpdatedTimestamp, *a.StateUpdatedTimestamp, a.StateValue}
	want := []any{1.0, now.Add(time.Hour), now, types.StateValueInsufficientData}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestDescribeAlarmsFilters(t *testing.T) {
	_, c := newServer(t)
	ctx := context.Background()
	for _, n := range []string{"kms-a", "kms-b", "kms-c", "other"} {
		in := singleMetricAlarm(n)
		if n == "other" {
			in.AlarmActions = nil
			in.OKActions = []string{"arn:aws:lambda:us-west-2:111122223333:function:fix:live"}
		}
		if _, err := c.PutMetricAlarm(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	names := func(in *cloudwatch.DescribeAlarmsInput) [][]string {
		var pages [][]string
		p := cloudwatch.NewDescribeAlarmsPaginator(c, in)
		for p.HasMorePages() {
			out, err := p.NextPage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var page []string
			for _, a := range out.MetricAlarms {
				page = append(page, *a.AlarmName)
			}
			pages = append(pages, page)
		}
		return pages
	}
	tests := []struct {
		name string
		in   cloudwatch.DescribeAlarmsInput
		want [][]string
	}{
		{"two per page", cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(2)}, [][]string{{"kms-a", "kms-b"}, {"kms-c", "other"}}},
		{"prefix", cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("kms-"), MaxRecords: aws.Int32(1)}, [][]string{{"kms-a"}, {"kms-b"}, {"kms-c"}}},
		{"names", cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"other", "kms-b", "missing"}}, [][]string{{"kms-b", "other"}}},
		{"action prefix", cloudwatch.DescribeAlarmsInput{ActionPrefix: aws.String("arn:aws:lambda:")}, [][]string{{"other"}}},
		{"state", cloudwatch.DescribeAlarmsInput{StateValue: types.StateValueAlarm}, [][]string{nil}},
		{"composite only", cloudwatch.DescribeAlarmsInput{AlarmTypes: []types.AlarmType{types.AlarmTypeCompositeAlarm}}, [][]string{nil}},
		{"children of", cloudwatch.DescribeAlarmsInput{ChildrenOfAlarmName: aws.String("kms-a")}, [][]string{nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, names(&tt.in)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDescribeAlarmsValidation(t *testing.T) {
	tests := []rejection[cloudwatch.DescribeAlarmsInput]{
		{"max records 0", cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(0)}, "ValidationError", []string{"MaxRecords", "greater than or equal to 1"}},
		{"max records 101", cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(101)}, "ValidationError", []string{"less than or equal to 100"}},
		{"101 names", cloudwatch.DescribeAlarmsInput{AlarmNames: make101()}, "ValidationError", []string{"AlarmNames must not have a size greater than 100"}},
		{"names and prefix", cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a"}, AlarmNamePrefix: aws.String("a")}, "InvalidParameterCombination", []string{"AlarmNames and AlarmNamePrefix"}},
		{"children with a filter", cloudwatch.DescribeAlarmsInput{ChildrenOfAlarmName: aws.String("a"), StateValue: types.StateValueOk}, "InvalidParameterCombination", []string{"ChildrenOfAlarmName"}},
		{"bad token", cloudwatch.DescribeAlarmsInput{NextToken: aws.String("%%%")}, "InvalidNextToken", nil},
		{"bad alarm type", cloudwatch.DescribeAlarmsInput{AlarmTypes: []types.AlarmType{"Metric"}}, "ValidationError", []string{"AlarmTypes.member.1"}},
	}
	checkRejections(t, tests, func(ctx context.Context, c *cloudwatch.Client, in *cloudwatch.DescribeAlarmsInput) error {
		_, err := c.DescribeAlarms(ctx, in)
		return err
	})
}

func make101() []string {
	out := make([]string, 101)
	for i := range out {
		out[i] = fmt.Sprintf("a%d", i)
	}
	return out
}

func TestDeleteAlarms(t *testing.T) {
	tests := []struct {
		name      string
		names     []string
		wantCode  string
		wantLeft  []string
		fragments []string
		// wantNotFound is the ResourceNotFound message when wantCode is
		// ResourceNotFound.
		wantNotFound string
	}{
		{name: "delete two", names: []string{"a", "c"}, wantLeft: []string{"b"}},
		{name: "unknown name still deletes the known ones", names: []string{"a", "zzz", "c"}, wantCode: "ResourceNotFound", wantLeft: []string{"b"}, wantNotFound: "Alarm(s) not found: zzz"},
		{name: "unknown names only", names: []string{"yyy", "zzz"}, wantCode: "ResourceNotFound", wantLeft: []string{"a", "b", "c"}, wantNotFound: "Alarm(s) not found: yyy, zzz"},
		{name: "unknown name repeated is reported once", names: []string{"zzz", "b", "zzz"}, wantCode: "ResourceNotFound", wantLeft: []string{"a", "c"}, wantNotFound: "Alarm(s) not found: zzz"},
		{name: "more than 100 names", names: make101(), wantCode: "ValidationError", wantLeft: []string{"a", "b", "c"}},
		{name: "no names", names: nil, wantCode: "MissingParameter", wantLeft: []string{"a", "b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			for _, n := range []string{"a", "b", "c"} {
				if err := putAlarmNamed(context.Background(), c, n); err != nil {
					t.Fatal(err)
				}
			}
			_, err := c.DeleteAlarms(context.Background(), &cloudwatch.DeleteAlarmsInput{AlarmNames: tt.names})
			checkError(t, err, tt.wantCode, tt.fragments...)
			if tt.wantCode == "ResourceNotFound" {
				var nf *types.ResourceNotFound
				if !errors.As(err, &nf) {
					t.Fatalf("error %v (%T) is not *types.ResourceNotFound", err, err)
				}
				if diff := cmp.Diff(tt.wantNotFound, nf.ErrorMessage()); diff != "" {
					t.Errorf("ResourceNotFound message mismatch (-want +got):\n%s", diff)
				}
			}
			var left []string
			for _, a := range s.Alarms() {
				left = append(left, *a.AlarmName)
			}
			if diff := cmp.Diff(tt.wantLeft, left); diff != "" {
				t.Errorf("alarms left mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPutMetricAlarmValidation(t *testing.T) {
	tests := []struct {
		name      string
		mod       func(*cloudwatch.PutMetricAlarmInput)
		base      func(string) *cloudwatch.PutMetricAlarmInput
		wantCode  string
		fragments []string
	}{
		{name: "valid single metric"},
		{name: "valid insights", base: insightsAlarm},
		{
			name: "long name", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = aws.String(strings.Repeat("n", 256)) },
			wantCode: "ValidationError", fragments: []string{"AlarmName", "less than or equal to 255"},
		},
		{
			name: "control character in name", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = aws.String("a\tb") },
			wantCode: "InvalidParameterValue", fragments: []string{"control characters"},
		},
		{
			name: "long description", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmDescription = aws.String(strings.Repeat("d", 1025)) },
			wantCode: "ValidationError", fragments: []string{"AlarmDescription"},
		},
		{
			name: "six actions", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.AlarmActions = []string{topic, topic, topic, topic, topic, topic}
			},
			wantCode: "ValidationError", fragments: []string{"AlarmActions must not have a size greater than 5"},
		},
		{
			name: "not an action ARN", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.OKActions = []string{"arn:aws:s3:::bucket"}
				in.InsufficientDataActions = []string{"arn:aws:aiops:us-west-2:111122223333:investigation-group:abc"}
			},
			wantCode: "ValidationError", fragments: []string{"OKActions.member.1", "InsufficientDataActions.member.1"},
		},
		{
			name: "period 45", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.Period = aws.Int32(45) },
			wantCode: "InvalidParameterValue", fragments: []string{"45", "Period"},
		},
		{
			name: "evaluation range over a day for short periods", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.Period, in.EvaluationPeriods = aws.Int32(60), aws.Int32(1441)
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"86460", "86400"},
		},
		{
			name: "evaluation range over a week", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.Period, in.EvaluationPeriods = aws.Int32(3600), aws.Int32(169)
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"608400", "604800"},
		},
		{
			name: "datapoints over evaluation periods", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.DatapointsToAlarm = aws.Int32(2) },
			wantCode: "InvalidParameterValue", fragments: []string{"DatapointsToAlarm (2)", "EvaluationPeriods (1)"},
		},
		{
			name: "statistic and extended statistic", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.ExtendedStatistic = aws.String("p99") },
			wantCode: "InvalidParameterCombination", fragments: []string{"Statistic and ExtendedStatistic"},
		},
		{
			name: "low sample count without percentile", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.EvaluateLowSampleCountPercentile = aws.String("ignore")
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"EvaluateLowSampleCountPercentile"},
		},
		{
			name: "missing threshold, operator and periods", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.Threshold, in.ComparisonOperator, in.EvaluationPeriods = nil, "", nil
			},
			wantCode: "MissingParameter", fragments: []string{"ComparisonOperator", "Threshold", "EvaluationPeriods"},
		},
		{
			name: "bad treat missing data", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.TreatMissingData = aws.String("zero") },
			wantCode: "ValidationError", fragments: []string{"TreatMissingData", "notBreaching"},
		},
		{
			name: "anomaly operator with a threshold", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.ComparisonOperator = types.ComparisonOperatorLessThanLowerThreshold
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"Threshold"},
		},
		{
			name: "metric name and metrics", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) { in.MetricName = aws.String(expiry) },
			wantCode: "InvalidParameterCombination", fragments: []string{"MetricName, Metrics and EvaluationCriteria"},
		},
		{
			name: "metrics with period", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) { in.Period = aws.Int32(60) },
			wantCode: "InvalidParameterCombination", fragments: []string{"Period and Metrics"},
		},
		{
			name: "two queries return data", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.Metrics = append(in.Metrics, types.MetricDataQuery{Id: aws.String("m1"), MetricStat: expiryStat("k", 60, "Minimum")})
			},
			wantCode: "InvalidParameterValue", fragments: []string{"Exactly 1 element(s) of the Metrics list must return data", "2 do"},
		},
		{
			name: "bad insights query", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.Metrics[0].Expression = aws.String(`SELECT MIN(x) FROM AWS/KMS`)
			},
			wantCode: "ValidationError", fragments: []string{"Metrics.member.1.Expression", "offset"},
		},
		{
			name: "metrics with different periods", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) {
				in.Metrics = []types.MetricDataQuery{
					{Id: aws.String("a"), MetricStat: expiryStat("k", 60, "Minimum"), ReturnData: aws.Bool(false)},
					{Id: aws.String("b"), MetricStat: expiryStat("k", 300, "Minimum"), ReturnData: aws.Bool(false)},
					{Id: aws.String("e"), Expression: aws.String("MIN([a, b])")},
				}
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"Metrics.member.2.MetricStat.Period is 300"},
		},
		{
			name: "eleven metric stats", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) {
				for i := range 11 {
					in.Metrics = append(in.Metrics, types.MetricDataQuery{Id: aws.String(fmt.Sprintf("m%d", i)),
						MetricStat: expiryStat("k", 60, "Minimum"), ReturnData: aws.Bool(false)})
				}
			},
			wantCode: "ValidationError", fragments: []string{"11 metrics with MetricStat", "at most 10"},
		},
		{
			name: "promql with threshold", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				*in = cloudwatch.PutMetricAlarmInput{
					AlarmName:          aws.String("p"),
					EvaluationCriteria: &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{Query: aws.String("up == 0")}},
					EvaluationInterval: aws.Int32(60),
					Threshold:          aws.Float64(1),
				}
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"Threshold and EvaluationCriteria"},
		},
		{
			name: "promql without interval", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				*in = cloudwatch.PutMetricAlarmInput{
					AlarmName:          aws.String("p"),
					EvaluationCriteria: &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{Query: aws.String("up == 0")}},
				}
			},
			wantCode: "MissingParameter", fragments: []string{"EvaluationInterval"},
		},
		{
			name: "interval without promql", mod: func(in *cloudwatch.PutMetricAlarmInput) { in.EvaluationInterval = aws.Int32(60) },
			wantCode: "InvalidParameterCombination", fragments: []string{"EvaluationInterval"},
		},
		{
			name: "fifty-one tags", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				for range 51 {
					in.Tags = append(in.Tags, types.Tag{Key: aws.String("k"), Value: aws.String("v")})
				}
			},
			wantCode: "ValidationError", fragments: []string{"Tags must not have a size greater than 50"},
		},
		{
			name: "payload over 120 KB", base: insightsAlarm, mod: func(in *cloudwatch.PutMetricAlarmInput) {
				// Ten metrics of thirty 1,024-character dimension values are
				// each valid but about 300 KB together.
				for i := range 10 {
					st := expiryStat("k", 300, "Minimum")
					st.Metric.Dimensions = nil
					for d := range 30 {
						st.Metric.Dimensions = append(st.Metric.Dimensions, types.Dimension{
							Name: aws.String(fmt.Sprintf("d%02d", d)), Value: aws.String(strings.Repeat("v", 1024))})
					}
					in.Metrics = append(in.Metrics, types.MetricDataQuery{Id: aws.String(fmt.Sprintf("m%d", i)), MetricStat: st, ReturnData: aws.Bool(false)})
				}
			},
			wantCode: "ValidationError", fragments: []string{"payload", "122880"},
		},
		{
			name: "thirty-one dimensions", mod: func(in *cloudwatch.PutMetricAlarmInput) {
				for i := range 30 {
					in.Dimensions = append(in.Dimensions, types.Dimension{Name: aws.String(fmt.Sprintf("d%d", i)), Value: aws.String("v")})
				}
			},
			wantCode: "ValidationError", fragments: []string{"Dimensions must not have a size greater than 30"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			base := tt.base
			if base == nil {
				base = singleMetricAlarm
			}
			in := base("alarm")
			if tt.mod != nil {
				tt.mod(in)
			}
			_, err := c.PutMetricAlarm(context.Background(), in)
			checkError(t, err, tt.wantCode, tt.fragments...)
			if stored := len(s.Alarms()); (err == nil) != (stored == 1) {
				t.Errorf("error %v but %d alarms stored", err, stored)
			}
		})
	}
}

func TestPromQLAlarmStartsOK(t *testing.T) {
	s, c := newServer(t)
	_, err := c.PutMetricAlarm(context.Background(), &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("p"),
		EvaluationCriteria: &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{Query: aws.String("up == 0"), PendingPeriod: aws.Int32(60)}},
		EvaluationInterval: aws.Int32(60),
	})
	if err != nil {
		t.Fatal(err)
	}
	a := s.Alarms()[0]
	want := &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{Query: aws.String("up == 0"), PendingPeriod: aws.Int32(60)}}
	if diff := cmp.Diff([]any{types.StateValueOk, want}, []any{a.StateValue, a.EvaluationCriteria}, cmpAlarm...); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestInsightsAlarmQuota(t *testing.T) {
	_, c := newServer(t)
	ctx := context.Background()
	for i := range 200 {
		if _, err := c.PutMetricAlarm(ctx, insightsAlarm(fmt.Sprintf("q%03d", i))); err != nil {
			t.Fatalf("alarm %d: %v", i, err)
		}
	}
	// Updating an existing alarm is not a new one.
	if _, err := c.PutMetricAlarm(ctx, insightsAlarm("q000")); err != nil {
		t.Fatalf("update: %v", err)
	}
	_, err := c.PutMetricAlarm(ctx, insightsAlarm("q200"))
	checkError(t, err, "LimitExceeded", "200")
	var le *types.LimitExceededFault
	if !errors.As(err, &le) {
		t.Errorf("error %v (%T) is not *types.LimitExceededFault", err, err)
	}
}

func TestAlarmsSnapshotIsACopy(t *testing.T) {
	s, c := newServer(t)
	if _, err := c.PutMetricAlarm(context.Background(), singleMetricAlarm("a")); err != nil {
		t.Fatal(err)
	}
	snap := s.Alarms()
	*snap[0].Threshold = 0
	snap[0].AlarmActions[0] = "changed"
	*snap[0].Dimensions[0].Value = "changed"
	again := s.Alarms()
	got := []any{*again[0].Threshold, again[0].AlarmActions[0], *again[0].Dimensions[0].Value}
	if diff := cmp.Diff([]any{864000.0, topic, "k1"}, got); diff != "" {
		t.Errorf("stored alarm changed through a snapshot (-want +got):\n%s", diff)
	}
}

func TestAlarmExistsWaiter(t *testing.T) {
	_, c := newServer(t)
	if err := putAlarmNamed(context.Background(), c, "a"); err != nil {
		t.Fatal(err)
	}
	w := cloudwatch.NewAlarmExistsWaiter(c)
	if err := w.Wait(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"a"}}, 5*time.Second); err != nil {
		t.Errorf("AlarmExists waiter: %v", err)
	}
}
