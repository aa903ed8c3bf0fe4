package alarms

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/golden"
	"github.com/kmswatch/kmswatch/metrics"
)

const (
	testKeyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
	testKeyARN  = "arn:aws:kms:us-west-2:111122223333:key/" + testKeyID
	testTopic   = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	testLambda  = "arn:aws:lambda:us-west-2:111122223333:function:rotate:live"
	testLogGrp  = "aws-cloudtrail-logs-111122223333"
	tenDaysSecs = 864000
)

func TestBuildersGolden(t *testing.T) {
	actions := Options{AlarmActions: []string{testTopic}, OKActions: []string{testTopic}}
	tests := []struct {
		name  string
		build func() (any, error)
	}{
		{"expiry-default", func() (any, error) { return KeyMaterialExpiry(testKeyARN, DefaultExpiryWithin, actions) }},
		{"expiry-overridden", func() (any, error) {
			return KeyMaterialExpiry(testKeyID, 30*24*time.Hour, Options{
				Name:              "team-a/{{.KeyID}}/expiry",
				Description:       "{{.KeyID}} within {{.Within}}",
				AlarmActions:      []string{testTopic, testLambda},
				DisableActions:    true,
				Period:            5 * time.Minute,
				EvaluationPeriods: 3,
				DatapointsToAlarm: 2,
				TreatMissingData:  TreatMissingMissing,
				Tags:              []types.Tag{{Key: aws.String("team"), Value: aws.String("a")}},
			})
		}},
		{"fleet-expiry", func() (any, error) { return FleetKeyMaterialExpiry(DefaultExpiryWithin, actions) }},
		{"pending-deletion", func() (any, error) { return PendingDeletionUse(testLogGrp, LogOptions{Options: actions}) }},
		{"cis-cloudwatch-7", func() (any, error) { return CISKeyDisableOrDeletion(testLogGrp, LogOptions{Options: actions}) }},
		{"quota-symmetric", func() (any, error) {
			return RequestQuota(metrics.QuotaCryptographicOperationsSymmetric, 80, actions)
		}},
		{"quota-describekey", func() (any, error) { return RequestQuota("DescribeKey", 90, Options{}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := tt.build()
			if err != nil {
				t.Fatalf("build: %v", err)
			}
			golden.CheckJSON(t, filepath.Join("testdata", tt.name+".json"), v)
		})
	}
}

func TestExpiryThresholdAndDefaults(t *testing.T) {
	in, err := KeyMaterialExpiry(testKeyARN, DefaultExpiryWithin, Options{})
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Name, Stat, Op, Missing string
		Threshold               float64
		Period, N, M            int32
		Dim                     string
	}
	got := summary{
		Name: *in.AlarmName, Stat: string(in.Statistic), Op: string(in.ComparisonOperator),
		Missing: *in.TreatMissingData, Threshold: *in.Threshold, Period: *in.Period,
		N: *in.EvaluationPeriods, M: *in.DatapointsToAlarm, Dim: *in.Dimensions[0].Name + "=" + *in.Dimensions[0].Value,
	}
	want := summary{
		Name: ExpiryPrefix + testKeyID, Stat: "Minimum", Op: "LessThanOrEqualToThreshold",
		Missing: "breaching", Threshold: tenDaysSecs, Period: 60, N: 1, M: 1, Dim: "KeyId=" + testKeyID,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestCISPatternExact(t *testing.T) {
	// Security Hub CloudWatch.7 accepts no other pattern
	// (docs/reference.md#32-cis-cloudwatch7-disabled-or-deleted-keys), so the expected
	// text is spelled out here rather than taken from the constant.
	const want = `{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}`
	a, err := CISKeyDisableOrDeletion(testLogGrp, LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := *a.Filter.FilterPattern; got != want {
		t.Errorf("pattern mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}
	_, err = CISKeyDisableOrDeletion(testLogGrp, LogOptions{FilterPattern: "{ $.eventName = DisableKey }"})
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) || len(ve.Field("opts.FilterPattern")) != 1 {
		t.Errorf("override of the CIS pattern: got %v, want one problem on opts.FilterPattern", err)
	}
}

func TestBuilderProblems(t *testing.T) {
	tests := []struct {
		name  string
		build func() error
		want  []fieldRule
	}{
		{"expiry: every problem at once", func() error {
			_, err := KeyMaterialExpiry("alias/prod", -time.Second, Options{
				Period:           90 * time.Second,
				AlarmActions:     []string{"arn:aws:sqs:us-west-2:111122223333:q"},
				TreatMissingData: "sometimes",
			})
			return err
		}, []fieldRule{{"within", kmswatch.RuleRange}, {"keyRef", kmswatch.RulePattern}, {"opts.Period", kmswatch.RuleRange},
			{"opts.TreatMissingData", kmswatch.RuleEnum}, {"opts.AlarmActions[0]", kmswatch.RulePattern}}},
		{"expiry: sub-second values are not truncated", func() error {
			_, err := KeyMaterialExpiry(testKeyID, 1500*time.Millisecond, Options{Period: 1500 * time.Millisecond})
			return err
		}, []fieldRule{{"opts.Period", kmswatch.RuleRange}, {"within", kmswatch.RuleRange}}},
		{"expiry: bad template and unknown template field", func() error {
			_, err := KeyMaterialExpiry(testKeyID, time.Hour, Options{Name: "{{.KeyID", Description: "{{.Resource}}"})
			return err
		}, []fieldRule{{"opts.Name", kmswatch.RulePattern}, {"opts.Description", kmswatch.RulePattern}}},
		{"expiry: runaway template", func() error {
			_, err := KeyMaterialExpiry(testKeyID, 1e9*time.Second, Options{Description: "{{range .Seconds}}x{{end}}"})
			return err
		}, []fieldRule{{"opts.Description", kmswatch.RuleLength}}},
		{"expiry: M above N", func() error {
			_, err := KeyMaterialExpiry(testKeyID, time.Hour, Options{EvaluationPeriods: 2, DatapointsToAlarm: 3})
			return err
		}, []fieldRule{{"opts.DatapointsToAlarm", kmswatch.RuleRange}}},
		{"fleet: period not a CloudWatch period", func() error {
			_, err := FleetKeyMaterialExpiry(time.Hour, Options{Period: 90 * time.Second})
			return err
		}, []fieldRule{{"opts.Period", kmswatch.RuleEnum}}},
		{"fleet: Insights window over 3 hours", func() error {
			_, err := FleetKeyMaterialExpiry(time.Hour, Options{Period: time.Hour, EvaluationPeriods: 4})
			return err
		}, []fieldRule{{"opts.EvaluationPeriods", kmswatch.RuleRange}}},
		{"quota: percent and resource", func() error {
			_, err := RequestQuota("", 120, Options{})
			return err
		}, []fieldRule{{"percent", kmswatch.RuleRange}, {"resource", kmswatch.RuleLength}}},
		{"pending deletion: log group and names", func() error {
			_, err := PendingDeletionUse("bad group", LogOptions{FilterName: "a:b", MetricNamespace: "x*"})
			return err
		}, []fieldRule{{"opts.FilterName", kmswatch.RulePattern}, {"logGroup", kmswatch.RulePattern},
			{"opts.MetricNamespace", kmswatch.RulePattern}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.build()
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestKeyMaterialExpiries(t *testing.T) {
	ins, err := KeyMaterialExpiries([]string{testKeyARN, "mrk-1234abcd12ab34cd56ef1234567890ab"}, DefaultExpiryWithin, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range ins {
		names = append(names, *in.AlarmName)
	}
	want := []string{ExpiryPrefix + testKeyID, ExpiryPrefix + "mrk-1234abcd12ab34cd56ef1234567890ab"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("names mismatch (-want +got):\n%s", diff)
	}

	// Option problems are reported once, key problems per key.
	_, err = KeyMaterialExpiries([]string{testKeyID, "alias/x", testKeyARN, "b"}, time.Hour,
		Options{AlarmActions: []string{"not-an-arn"}})
	wantProblems := []fieldRule{{"opts.AlarmActions[0]", kmswatch.RulePattern}, {"keyRefs[1]", kmswatch.RulePattern},
		{"keyRefs[2]", kmswatch.RuleUnique}}
	if diff := cmp.Diff(wantProblems, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
}
