package alarms

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/metrics"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

const (
	testKeyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
	testKeyARN  = "arn:aws:kms:us-west-2:111122223333:key/" + testKeyID
	testTopic   = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	testLambda  = "arn:aws:lambda:us-west-2:111122223333:function:rotate:live"
	testLogGrp  = "aws-cloudtrail-logs-111122223333"
	tenDaysSecs = 864000
)

// golden compares v, rendered as indented JSON, with testdata/name.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep patterns such as "&&" and "<=" readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", name+".json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

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
			golden(t, tt.name, v)
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
	// Security Hub CloudWatch.7 accepts no other pattern (facts 3.2), so the
	// expected text is spelled out here rather than taken from the constant.
	const want = `{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}`
	a, err := CISKeyDisableOrDeletion(testLogGrp, LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := *a.Filter.FilterPattern; got != want {
		t.Errorf("pattern mismatch (-want +got):\n%s", cmp.Diff(want, got))
	}
	_, err = CISKeyDisableOrDeletion(testLogGrp, LogOptions{FilterPattern: "{ $.eventName = DisableKey }"})
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Field("Options.FilterPattern")) != 1 {
		t.Errorf("override of the CIS pattern: got %v, want one problem on Options.FilterPattern", err)
	}
}
