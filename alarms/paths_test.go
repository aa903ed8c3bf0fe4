package alarms

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

// TestProblemPaths pins down, for every builder and validator, the subject
// and the path and rule of each problem: paths are relative to the
// function's own arguments ("keyRef", "within", "opts.Period",
// "desired[1].Period"), or for a Validate function to the value checked
// ("Metrics[1].MetricStat.Period"); independent faults are all reported and
// a fault is blamed on the argument the caller set.
func TestProblemPaths(t *testing.T) {
	name256 := strings.Repeat("n", 256)
	desc1025 := strings.Repeat("d", 1025)
	key1025 := strings.Repeat("k", 1025)
	key1000 := strings.Repeat("k", 1000)
	mathBadPeriod := validMath()
	m2 := mathBadPeriod.Metrics[0]
	m2.Id, m2.MetricStat = aws.String("m2"), &types.MetricStat{Metric: m2.MetricStat.Metric, Period: aws.Int32(45), Stat: aws.String("Sum")}
	mathBadPeriod.Metrics = []types.MetricDataQuery{mathBadPeriod.Metrics[0], m2, mathBadPeriod.Metrics[1]}
	ok := mustExpiry(t, testKeyID, time.Hour, Options{})
	badPeriod := mustExpiry(t, testKeyID, time.Hour, Options{})
	badPeriod.Period = aws.Int32(90)
	s := &Syncer{Prefix: ExpiryPrefix, PutRate: -1}
	tests := map[string]struct {
		call    func() error
		subject string
		want    []fieldRule
	}{
		"KeyMaterialExpiry: empty key, long name and description are independent": {
			call: func() error {
				_, err := KeyMaterialExpiry("", time.Hour, Options{Name: name256, Description: desc1025})
				return err
			},
			subject: "alarms.KeyMaterialExpiry",
			want: []fieldRule{{"keyRef", kmswatch.RuleLength}, {"opts.Name", kmswatch.RuleLength},
				{"opts.Description", kmswatch.RuleLength}},
		},
		"KeyMaterialExpiry: an over-long key blames the key, not the default name": {
			call:    func() error { _, err := KeyMaterialExpiry(key1025, time.Hour, Options{}); return err },
			subject: "alarms.KeyMaterialExpiry",
			want:    []fieldRule{{"keyRef", kmswatch.RuleLength}},
		},
		"KeyMaterialExpiry: a valid key too long for the default name": {
			call:    func() error { _, err := KeyMaterialExpiry(key1000, time.Hour, Options{}); return err },
			subject: "alarms.KeyMaterialExpiry",
			want:    []fieldRule{{"keyRef", kmswatch.RuleLength}},
		},
		"KeyMaterialExpiry: a template the caller set is blamed, not the key": {
			call: func() error {
				_, err := KeyMaterialExpiry(testKeyID, time.Hour, Options{Name: "{{.KeyID}}" + name256})
				return err
			},
			subject: "alarms.KeyMaterialExpiry",
			want:    []fieldRule{{"opts.Name", kmswatch.RuleLength}},
		},
		"KeyMaterialExpiry: every option": {
			call: func() error {
				_, err := KeyMaterialExpiry(testKeyID, -time.Second, Options{
					Period: 45 * time.Second, EvaluationPeriods: 2, DatapointsToAlarm: 3,
					TreatMissingData: "never", AlarmActions: []string{"x"}, OKActions: []string{"y"},
					InsufficientDataActions: []string{"z"}, Tags: []types.Tag{{Key: aws.String("")}},
				})
				return err
			},
			subject: "alarms.KeyMaterialExpiry",
			want: []fieldRule{{"within", kmswatch.RuleRange}, {"opts.Period", kmswatch.RuleRange},
				{"opts.DatapointsToAlarm", kmswatch.RuleRange}, {"opts.TreatMissingData", kmswatch.RuleEnum},
				{"opts.AlarmActions[0]", kmswatch.RulePattern}, {"opts.OKActions[0]", kmswatch.RulePattern},
				{"opts.InsufficientDataActions[0]", kmswatch.RulePattern}, {"opts.Tags[0].Key", kmswatch.RuleLength},
				{"opts.Tags[0].Value", kmswatch.RuleRequired}},
		},
		"KeyMaterialExpiries": {
			call: func() error {
				_, err := KeyMaterialExpiries([]string{testKeyID, "", key1025, testKeyID}, time.Hour,
					Options{Period: 90 * time.Second, Name: name256})
				return err
			},
			subject: "alarms.KeyMaterialExpiries",
			want: []fieldRule{{"opts.Name", kmswatch.RuleLength}, {"opts.Period", kmswatch.RuleRange},
				{"keyRefs[1]", kmswatch.RuleLength}, {"keyRefs[2]", kmswatch.RuleLength},
				{"keyRefs[3]", kmswatch.RuleUnique}},
		},
		"FleetKeyMaterialExpiry": {
			call: func() error {
				_, err := FleetKeyMaterialExpiry(0, Options{Period: 90 * time.Second, Description: desc1025})
				return err
			},
			subject: "alarms.FleetKeyMaterialExpiry",
			want: []fieldRule{{"within", kmswatch.RuleRange}, {"opts.Period", kmswatch.RuleEnum},
				{"opts.Description", kmswatch.RuleLength}},
		},
		"RequestQuota": {
			call: func() error {
				_, err := RequestQuota("", 0, Options{Period: 90 * time.Second, EvaluationPeriods: -1})
				return err
			},
			subject: "alarms.RequestQuota",
			want: []fieldRule{{"opts.EvaluationPeriods", kmswatch.RuleRange}, {"percent", kmswatch.RuleRange},
				{"resource", kmswatch.RuleLength}, {"opts.Period", kmswatch.RuleRange}},
		},
		"PendingDeletionUse": {
			call: func() error {
				_, err := PendingDeletionUse("", LogOptions{FilterName: "a*", MetricNamespace: "AWS/x:",
					Options: Options{Period: time.Hour + time.Millisecond}})
				return err
			},
			subject: "alarms.PendingDeletionUse",
			want: []fieldRule{{"opts.Period", kmswatch.RuleRange}, {"opts.FilterName", kmswatch.RulePattern},
				{"logGroup", kmswatch.RuleLength}, {"opts.MetricNamespace", kmswatch.RulePattern}},
		},
		"CISKeyDisableOrDeletion": {
			call: func() error {
				_, err := CISKeyDisableOrDeletion("trail", LogOptions{FilterPattern: "x", MetricName: "a:b", Threshold: -1})
				return err
			},
			subject: "alarms.CISKeyDisableOrDeletion",
			want: []fieldRule{{"opts.FilterPattern", kmswatch.RuleForbidden},
				{"opts.MetricName", kmswatch.RulePattern}},
		},
		"ValidateAlarm": {
			call:    func() error { return ValidateAlarm(mathBadPeriod) },
			subject: "cloudwatch.PutMetricAlarmInput",
			want: []fieldRule{{"Metrics[1].MetricStat.Period", kmswatch.RuleRange},
				{"Metrics[1].MetricStat.Period", kmswatch.RuleCombination}},
		},
		"ValidateAlarm nil": {
			call:    func() error { return ValidateAlarm(nil) },
			subject: "cloudwatch.PutMetricAlarmInput",
			want:    []fieldRule{{"", kmswatch.RuleRequired}},
		},
		"ValidateMetricFilter nil": {
			call:    func() error { return ValidateMetricFilter(nil) },
			subject: "cloudwatchlogs.PutMetricFilterInput",
			want:    []fieldRule{{"", kmswatch.RuleRequired}},
		},
		"NewPlan": {
			call: func() error {
				_, err := NewPlan("", []*cloudwatch.PutMetricAlarmInput{nil, badPeriod}, nil)
				return err
			},
			subject: "alarms.NewPlan",
			want: []fieldRule{{"prefix", kmswatch.RuleLength}, {"desired[0]", kmswatch.RuleRequired},
				{"desired[1].Period", kmswatch.RuleRange}},
		},
		"Plan.Validate": {
			call: func() error {
				p := &Plan{Prefix: ExpiryPrefix, Create: []*cloudwatch.PutMetricAlarmInput{badPeriod}, Delete: []string{"x"}}
				return p.Validate()
			},
			subject: "alarms.Plan",
			want:    []fieldRule{{"Create[0].Period", kmswatch.RuleRange}, {"Delete[0]", kmswatch.RulePattern}},
		},
		"Plan.Validate nil": {
			call:    func() error { return (*Plan)(nil).Validate() },
			subject: "alarms.Plan",
			want:    []fieldRule{{"", kmswatch.RuleRequired}},
		},
		"Syncer fields": {
			call:    func() error { _, err := s.Existing(context.Background()); return err },
			subject: "alarms.Syncer.Existing",
			want:    []fieldRule{{"PutRate", kmswatch.RuleRange}, {"Client", kmswatch.RuleRequired}},
		},
		"Syncer.Apply": {
			call: func() error {
				s := &Syncer{Client: cloudwatch.New(cloudwatch.Options{Region: "us-west-2"}), Prefix: ExpiryPrefix}
				_, err := s.Apply(context.Background(), &Plan{Prefix: ExpiryPrefix, Update: []Update{{Input: badPeriod}}})
				return err
			},
			subject: "alarms.Syncer.Apply",
			want:    []fieldRule{{"p.Update[0].Period", kmswatch.RuleRange}},
		},
		"Syncer.Sync": {
			call: func() error {
				s := &Syncer{Client: cloudwatch.New(cloudwatch.Options{Region: "us-west-2"}), Prefix: ExpiryPrefix, PutRate: -1}
				_, _, err := s.Sync(context.Background(), []*cloudwatch.PutMetricAlarmInput{ok, ok})
				return err
			},
			subject: "alarms.Syncer.Sync",
			want:    []fieldRule{{"PutRate", kmswatch.RuleRange}, {"desired[1].AlarmName", kmswatch.RuleUnique}},
		},
		"Syncer.Plan": {
			call: func() error {
				s := &Syncer{Client: cloudwatch.New(cloudwatch.Options{Region: "us-west-2"}), Prefix: ExpiryPrefix}
				_, err := s.Plan(context.Background(), []*cloudwatch.PutMetricAlarmInput{ok, badPeriod})
				return err
			},
			subject: "alarms.Syncer.Plan",
			want:    []fieldRule{{"desired[1].Period", kmswatch.RuleRange}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			problemtest.Check(t, tc.call(), tc.subject, tc.want)
		})
	}
}
