package alarms_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/internal/bounded"
	"github.com/kmswatch/kmswatch/metrics"
)

const hostileKey = "1234abcd-12ab-34cd-56ef-1234567890ab"

// TestHostileBuilders gives every builder hostile values; each must return
// a *ValidationError matching ErrInvalid.
func TestHostileBuilders(t *testing.T) {
	huge := strings.Repeat("a", 2<<20)
	manyKeys := make([]string, 100_000)
	for i := range manyKeys {
		manyKeys[i] = hostileKey
	}
	manyActions := make([]string, 100_000)
	for i := range manyActions {
		manyActions[i] = "arn:aws:sns:us-east-1:111122223333:t"
	}
	// Each binds a builder's arguments into the call bounded.Invalid makes.
	expiry := func(key string, within time.Duration, o alarms.Options) func() error {
		return func() error { _, err := alarms.KeyMaterialExpiry(key, within, o); return err }
	}
	expiries := func(keys []string, within time.Duration, o alarms.Options) func() error {
		return func() error { _, err := alarms.KeyMaterialExpiries(keys, within, o); return err }
	}
	fleet := func(within time.Duration, o alarms.Options) func() error {
		return func() error { _, err := alarms.FleetKeyMaterialExpiry(within, o); return err }
	}
	quota := func(r metrics.QuotaResource, percent float64, o alarms.Options) func() error {
		return func() error { _, err := alarms.RequestQuota(r, percent, o); return err }
	}
	pendingDeletion := func(group string, o alarms.LogOptions) func() error {
		return func() error { _, err := alarms.PendingDeletionUse(group, o); return err }
	}
	cis := func(group string, o alarms.LogOptions) func() error {
		return func() error { _, err := alarms.CISKeyDisableOrDeletion(group, o); return err }
	}
	tests := map[string]func() error{
		"expiry empty key":                        expiry("", alarms.DefaultExpiryWithin, alarms.Options{}),
		"expiry 2 MiB key":                        expiry(huge, alarms.DefaultExpiryWithin, alarms.Options{}),
		"expiry NUL key":                          expiry("k\x00", alarms.DefaultExpiryWithin, alarms.Options{}),
		"expiry invalid UTF-8":                    expiry("k\xff", alarms.DefaultExpiryWithin, alarms.Options{}),
		"expiry negative within":                  expiry(hostileKey, -time.Hour, alarms.Options{}),
		"expiry 2 MiB name template":              expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Name: huge}),
		"expiry broken template":                  expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Name: "{{"}),
		"expiry template calling a missing field": expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Name: "{{.Nope}}"}),
		"expiry template rendering NUL":           expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Name: "a\x00{{.KeyID}}"}),
		"expiry invalid UTF-8 description":        expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Description: "\xff"}),
		"expiry 100k actions":                     expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: manyActions}),
		"expiry NUL action":                       expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{OKActions: []string{"arn:\x00"}}),
		"expiry nil tag members":                  expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Tags: []types.Tag{{}}}),
		"expiry bad treat-missing-data":           expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{TreatMissingData: "\x00"}),
		"expiry negative periods":                 expiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{Period: -time.Minute, EvaluationPeriods: -1, DatapointsToAlarm: math.MaxInt32}),
		"expiries 100k duplicate keys":            expiries(manyKeys, alarms.DefaultExpiryWithin, alarms.Options{}),
		"fleet huge within":                       fleet(time.Duration(math.MaxInt64), alarms.Options{}),
		"quota unknown resource":                  quota(metrics.QuotaResource("\x00"), 80, alarms.Options{}),
		"quota NaN percent":                       quota(metrics.QuotaCryptographicOperationsSymmetric, math.NaN(), alarms.Options{}),
		"quota infinite percent":                  quota(metrics.QuotaCryptographicOperationsSymmetric, math.Inf(1), alarms.Options{}),
		"pending deletion empty group":            pendingDeletion("", alarms.LogOptions{}),
		"pending deletion 2 MiB group":            pendingDeletion(huge, alarms.LogOptions{}),
		"pending deletion 2 MiB pattern":          pendingDeletion("g", alarms.LogOptions{FilterPattern: huge}),
		"pending deletion NaN threshold":          pendingDeletion("g", alarms.LogOptions{Threshold: math.NaN()}),
		"CIS invalid UTF-8 group":                 cis("\xff", alarms.LogOptions{}),
		"CIS pattern override":                    cis("g", alarms.LogOptions{FilterPattern: "x"}),
	}
	bounded.Invalid(t, tests)
}

// TestHostileValidate gives ValidateAlarm and ValidateMetricFilter nil
// inputs and SDK inputs whose nested members are nil: each is reported as a
// *ValidationError, never a panic.
func TestHostileValidate(t *testing.T) {
	huge := strings.Repeat("a", 2<<20)
	valid := func() *cloudwatch.PutMetricAlarmInput {
		in, err := alarms.KeyMaterialExpiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	with := func(f func(*cloudwatch.PutMetricAlarmInput)) func() error {
		return func() error {
			in := valid()
			f(in)
			return alarms.ValidateAlarm(in)
		}
	}
	filter := func(f func(*cloudwatchlogs.PutMetricFilterInput)) func() error {
		return func() error {
			m, err := alarms.PendingDeletionUse("g", alarms.LogOptions{})
			if err != nil {
				t.Fatal(err)
			}
			f(m.Filter)
			return alarms.ValidateMetricFilter(m.Filter)
		}
	}
	tests := map[string]func() error{
		"alarm nil":                   func() error { return alarms.ValidateAlarm(nil) },
		"alarm empty":                 func() error { return alarms.ValidateAlarm(&cloudwatch.PutMetricAlarmInput{}) },
		"alarm nil name":              with(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = nil }),
		"alarm nil threshold":         with(func(in *cloudwatch.PutMetricAlarmInput) { in.Threshold = nil }),
		"alarm NaN threshold":         with(func(in *cloudwatch.PutMetricAlarmInput) { in.Threshold = aws.Float64(math.NaN()) }),
		"alarm nil dimension members": with(func(in *cloudwatch.PutMetricAlarmInput) { in.Dimensions = []types.Dimension{{}} }),
		"alarm 100k dimensions":       with(func(in *cloudwatch.PutMetricAlarmInput) { in.Dimensions = make([]types.Dimension, 100_000) }),
		"alarm 2 MiB name":            with(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = aws.String(huge) }),
		"alarm NUL name":              with(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = aws.String("a\x00") }),
		"alarm invalid UTF-8 name":    with(func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = aws.String("\xff") }),
		"alarm nil tag members":       with(func(in *cloudwatch.PutMetricAlarmInput) { in.Tags = []types.Tag{{}} }),
		"alarm bad enums": with(func(in *cloudwatch.PutMetricAlarmInput) {
			in.ComparisonOperator, in.Statistic, in.Unit, in.TreatMissingData = "\x00", "\xff", "x", aws.String("")
		}),
		"alarm nil metric queries": with(func(in *cloudwatch.PutMetricAlarmInput) {
			in.Namespace, in.MetricName, in.Dimensions, in.Statistic, in.Period = nil, nil, nil, "", nil
			in.Metrics = []types.MetricDataQuery{{}, {Id: aws.String("m"), MetricStat: &types.MetricStat{}}, {Id: aws.String("n"), MetricStat: &types.MetricStat{Metric: &types.Metric{Dimensions: []types.Dimension{{}}}}}}
		}),
		"alarm both metric and queries": with(func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics = []types.MetricDataQuery{{Id: aws.String("m"), Expression: aws.String("SELECT 1")}}
		}),
		"alarm 100k metric queries": with(func(in *cloudwatch.PutMetricAlarmInput) {
			in.Namespace, in.MetricName, in.Dimensions, in.Statistic, in.Period = nil, nil, nil, "", nil
			in.Metrics = make([]types.MetricDataQuery, 100_000)
		}),
		"alarm negative periods": with(func(in *cloudwatch.PutMetricAlarmInput) {
			in.Period, in.EvaluationPeriods, in.DatapointsToAlarm = aws.Int32(-1), aws.Int32(math.MinInt32), aws.Int32(-5)
		}),
		"filter nil":   func() error { return alarms.ValidateMetricFilter(nil) },
		"filter empty": func() error { return alarms.ValidateMetricFilter(&cloudwatchlogs.PutMetricFilterInput{}) },
		"filter nil transformation members": filter(func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.MetricTransformations = []logtypes.MetricTransformation{{}}
		}),
		"filter 100k transformations": filter(func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.MetricTransformations = make([]logtypes.MetricTransformation, 100_000)
		}),
		"filter 2 MiB pattern":  filter(func(in *cloudwatchlogs.PutMetricFilterInput) { in.FilterPattern = aws.String(huge) }),
		"filter NUL group name": filter(func(in *cloudwatchlogs.PutMetricFilterInput) { in.LogGroupName = aws.String("g\x00") }),
		"filter invalid UTF-8":  filter(func(in *cloudwatchlogs.PutMetricFilterInput) { in.FilterName = aws.String("\xff") }),
	}
	bounded.Invalid(t, tests)
}

// TestHostilePlanInputs checks Diff, NewPlan and Syncer with nil inputs and
// nil members in SDK values; an empty list of keys is no alarms, not an
// error, so that syncing an empty fleet deletes the owned alarms.
func TestHostilePlanInputs(t *testing.T) {
	in, err := alarms.KeyMaterialExpiry(hostileKey, alarms.DefaultExpiryWithin, alarms.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Diff nil", func(t *testing.T) {
		var d1, d2, d3 []string
		bounded.Run(t, func() {
			d1 = alarms.Diff(nil, nil)
			d2 = alarms.Diff(in, &types.MetricAlarm{Dimensions: []types.Dimension{{}}, Metrics: []types.MetricDataQuery{{MetricStat: &types.MetricStat{}}}})
			d3 = alarms.Diff(&cloudwatch.PutMetricAlarmInput{Dimensions: []types.Dimension{{}}, Metrics: []types.MetricDataQuery{{}}}, nil)
		})
		if d1 != nil || len(d2) == 0 || len(d3) == 0 {
			t.Errorf("Diff = %q, %q, %q; want nil, then differences", d1, d2, d3)
		}
	})
	t.Run("NewPlan nil members", func(t *testing.T) {
		var err error
		bounded.Run(t, func() {
			_, err = alarms.NewPlan(alarms.ExpiryPrefix, []*cloudwatch.PutMetricAlarmInput{nil, in}, []types.MetricAlarm{{}, {AlarmName: aws.String(alarms.ExpiryPrefix + "x")}})
		})
		var ve *kmswatch.ValidationError
		if !errors.Is(err, kmswatch.ErrInvalid) || !errors.As(err, &ve) {
			t.Errorf("NewPlan error = %v, want *ValidationError", err)
		}
	})
	t.Run("KeyMaterialExpiries nil", func(t *testing.T) {
		var (
			got []*cloudwatch.PutMetricAlarmInput
			err error
		)
		bounded.Run(t, func() { got, err = alarms.KeyMaterialExpiries(nil, alarms.DefaultExpiryWithin, alarms.Options{}) })
		if err != nil || len(got) != 0 {
			t.Errorf("KeyMaterialExpiries(nil) = %d alarms, %v; want none, nil", len(got), err)
		}
	})
	t.Run("NewPlan empty prefix", func(t *testing.T) {
		var err error
		bounded.Run(t, func() { _, err = alarms.NewPlan("", []*cloudwatch.PutMetricAlarmInput{in}, nil) })
		if !errors.Is(err, kmswatch.ErrInvalid) {
			t.Errorf("NewPlan error = %v, want ErrInvalid", err)
		}
	})
	t.Run("Syncer misconfigured, nil plan, plan for another prefix", func(t *testing.T) {
		var errs [5]error
		bounded.Run(t, func() {
			s := &alarms.Syncer{Prefix: alarms.ExpiryPrefix}
			_, errs[0] = s.Apply(context.Background(), nil)
			_, errs[1] = s.Existing(context.Background())
			_, _, errs[2] = s.Sync(context.Background(), []*cloudwatch.PutMetricAlarmInput{nil})
			bad := &alarms.Syncer{Client: cloudwatch.New(cloudwatch.Options{Region: "us-east-1"}), Prefix: alarms.ExpiryPrefix, PutRate: math.NaN(), MaxAttempts: -1, MaxBackoff: -1}
			_, errs[3] = bad.Existing(context.Background())
			ok := &alarms.Syncer{Client: cloudwatch.New(cloudwatch.Options{Region: "us-east-1"}), Prefix: alarms.ExpiryPrefix}
			_, errs[4] = ok.Apply(context.Background(), &alarms.Plan{Prefix: "other-"})
		})
		for i, err := range errs {
			var ve *kmswatch.ValidationError
			if !errors.Is(err, kmswatch.ErrInvalid) || !errors.As(err, &ve) {
				t.Errorf("call %d error = %v, want *ValidationError matching ErrInvalid", i+1, err)
			}
		}
		var ve *kmswatch.ValidationError
		if errors.As(errs[3], &ve) && len(ve.Problems) != 3 {
			t.Errorf("misconfigured Syncer: %d problems, want 3 (PutRate, MaxAttempts, MaxBackoff): %v", len(ve.Problems), errs[3])
		}
	})
}
