package alarms

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch"
)

func TestDiff(t *testing.T) {
	base := func() *cloudwatch.PutMetricAlarmInput {
		return mustExpiry(t, testKeyID, DefaultExpiryWithin, Options{AlarmActions: []string{testTopic, testLambda}})
	}
	tests := []struct {
		name string
		edit func(a *types.MetricAlarm)
		want []string
	}{
		{name: "identical", edit: func(*types.MetricAlarm) {}},
		{name: "service defaults equal unset values", edit: func(a *types.MetricAlarm) {
			a.ActionsEnabled = aws.Bool(true)
			a.DatapointsToAlarm = nil
			a.EvaluationWindow = &types.EvaluationWindowMemberSlidingWindow{}
		}},
		{name: "action order does not matter", edit: func(a *types.MetricAlarm) {
			a.AlarmActions = []string{testLambda, testTopic}
		}},
		{name: "extra dimension", edit: func(a *types.MetricAlarm) {
			a.Dimensions = append([]types.Dimension{{Name: aws.String("Extra"), Value: aws.String("x")}}, a.Dimensions...)
		}, want: []string{"Dimensions"}},
		{name: "metric-math queries compare field by field", edit: func(a *types.MetricAlarm) {
			a.Metrics = []types.MetricDataQuery{{Id: aws.String("m1")}}
		}, want: []string{"Metrics"}},
		{name: "state and timestamps are not configuration", edit: func(a *types.MetricAlarm) {
			a.StateValue = types.StateValueAlarm
			a.StateReason = aws.String("Threshold Crossed")
			a.AlarmArn = aws.String("arn:aws:cloudwatch:us-west-2:111122223333:alarm:x")
		}},
		{name: "every compared field", edit: func(a *types.MetricAlarm) {
			a.AlarmDescription = aws.String("old")
			a.ActionsEnabled = aws.Bool(false)
			a.AlarmActions = []string{testTopic}
			a.OKActions = []string{testTopic}
			a.Period = aws.Int32(300)
			a.EvaluationPeriods = aws.Int32(2)
			a.Threshold = aws.Float64(1)
			a.TreatMissingData = aws.String("missing")
			a.EvaluationWindow = &types.EvaluationWindowMemberWallClockWindow{Value: types.WallClockWindow{Timezone: aws.String("UTC")}}
			a.WarmUpConfiguration = &types.WarmUpConfiguration{WarmUpPeriodDurationInMinutes: aws.Int32(5)}
		}, want: []string{"AlarmDescription", "ActionsEnabled", "AlarmActions", "OKActions", "Period", "EvaluationPeriods",
			"Threshold", "TreatMissingData", "EvaluationWindow", "WarmUpConfiguration"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := base()
			have := asExisting(want)
			have.Dimensions = append([]types.Dimension(nil), want.Dimensions...)
			tt.edit(&have)
			if diff := cmp.Diff(tt.want, Diff(want, &have)); diff != "" {
				t.Errorf("Diff mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if got := Diff(nil, nil); got != nil {
		t.Errorf("Diff(nil, nil) = %v, want nil", got)
	}
}

func TestNewPlanProblems(t *testing.T) {
	ok := mustExpiry(t, testKeyID, time.Hour, Options{})
	bad := mustExpiry(t, testKeyID, time.Hour, Options{})
	bad.Period = aws.Int32(90)
	outside := mustExpiry(t, testKeyID, time.Hour, Options{Name: "other-{{.KeyID}}"})
	_, err := NewPlan(ExpiryPrefix, []*cloudwatch.PutMetricAlarmInput{ok, nil, bad, outside, ok}, nil)
	want := []fieldRule{{"desired[1]", kmswatch.RuleRequired}, {"desired[2].Period", kmswatch.RuleRange},
		{"desired[3].AlarmName", kmswatch.RulePattern}, {"desired[4].AlarmName", kmswatch.RuleUnique}}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
	if _, err := NewPlan("", nil, nil); !errors.Is(err, kmswatch.ErrInvalid) {
		t.Errorf("empty prefix: err = %v, want kmswatch.ErrInvalid", err)
	}
	var nilPlan *Plan
	if err := nilPlan.Validate(); !errors.Is(err, kmswatch.ErrInvalid) {
		t.Errorf("nil plan: err = %v, want kmswatch.ErrInvalid", err)
	}
}

func TestSameDimensionsIgnoresOrder(t *testing.T) {
	d := func(n, v string) types.Dimension { return types.Dimension{Name: aws.String(n), Value: aws.String(v)} }
	a := []types.Dimension{d("Service", "KMS"), d("Type", "API")}
	tests := map[string]struct {
		b    []types.Dimension
		want bool
	}{
		"same order":      {[]types.Dimension{d("Service", "KMS"), d("Type", "API")}, true},
		"reversed":        {[]types.Dimension{d("Type", "API"), d("Service", "KMS")}, true},
		"other value":     {[]types.Dimension{d("Type", "API"), d("Service", "EC2")}, false},
		"one missing":     {[]types.Dimension{d("Type", "API")}, false},
		"repeated member": {[]types.Dimension{d("Type", "API"), d("Type", "API")}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := sameDimensions(a, tt.b); got != tt.want {
				t.Errorf("sameDimensions = %v, want %v", got, tt.want)
			}
		})
	}
}
