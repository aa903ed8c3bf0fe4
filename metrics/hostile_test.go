package metrics_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/bounded"
	"github.com/kmswatch/kmswatch/metrics"
)

// TestHostileBuilders gives the key, metric and query builders hostile
// strings and lists; each must return a *ValidationError (ErrInvalid).
func TestHostileBuilders(t *testing.T) {
	huge := strings.Repeat("a", 2<<20)
	r, err := metrics.LastRange(3*time.Hour, time.Minute, time.Date(2025, 5, 23, 3, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	manyDup := make([]string, 100_000)
	for i := range manyDup {
		manyDup[i] = "k"
	}
	// insights builds the expiry query changed by edit.
	insights := func(edit func(q *metrics.InsightsQuery)) func() error {
		return func() error {
			q := metrics.ExpiryInsights()
			edit(&q)
			_, err := q.Build()
			return err
		}
	}
	tests := map[string]func() error{
		"KeyID empty":             func() error { _, err := metrics.KeyID(""); return err },
		"KeyID 2 MiB":             func() error { _, err := metrics.KeyID(huge); return err },
		"KeyID NUL":               func() error { _, err := metrics.KeyID("k\x00"); return err },
		"KeyID control character": func() error { _, err := metrics.KeyID("k\x1b[31m"); return err },
		"KeyID DEL":               func() error { _, err := metrics.KeyID("k\x7f"); return err },
		"KeyID invalid UTF-8":     func() error { _, err := metrics.KeyID("k\xff"); return err },
		"KeyID alias":             func() error { _, err := metrics.KeyID("alias/x"); return err },
		"KeyID ARN with empty id": func() error { _, err := metrics.KeyID("arn:aws:kms:us-west-2:111122223333:key/"); return err },
		"KeyID ARN with 2 MiB id": func() error { _, err := metrics.KeyID("arn:aws:kms:us-west-2:111122223333:key/" + huge); return err },
		"Seconds… 2 MiB key":      func() error { _, err := metrics.SecondsUntilKeyMaterialExpiration(huge); return err },
		"SuccessfulRequest NUL": func() error {
			_, err := metrics.SuccessfulRequest("arn:aws:kms:us-west-2:111122223333:key/k", "\x00")
			return err
		},
		"SuccessfulRequest empty":     func() error { _, err := metrics.SuccessfulRequest("", ""); return err },
		"SuccessfulReEncrypt invalid": func() error { _, err := metrics.SuccessfulReEncryptRequest("\xff", huge); return err },
		"CallCount unknown":           func() error { _, err := metrics.CallCount("\x00"); return err },
		"CloudHSM 2 MiB":              func() error { _, err := metrics.CloudHSMKeyStoreThrottle(huge, huge); return err },
		"XksProxyErrors empties":      func() error { _, err := metrics.XksProxyErrors("", "", "", "", "", ""); return err },
		"XksExternalKeyManager state": func() error { _, err := metrics.XksExternalKeyManagerStates("cks-1", "\xff"); return err },
		"XksProxyCredentialAge NUL":   func() error { _, err := metrics.XksProxyCredentialAge("\x00"); return err },
		"XksProxyCertificate 2 MiB":   func() error { _, err := metrics.XksProxyCertificateDaysToExpire("cks-1", huge); return err },
		"ListMetricsInput invalid":    func() error { _, err := metrics.ListMetricsInput("\xff", metrics.ActiveLast2Weeks); return err },
		"Query id 2 MiB":              func() error { _, err := metrics.ExpiryInsights().Query(huge, time.Minute); return err },
		"Query id NUL":                func() error { _, err := metrics.ExpiryInsights().Query("m\x00", time.Minute); return err },
		"ExpiryBatch nil":             func() error { _, err := metrics.ExpiryBatch(nil, r, time.Minute); return err },
		"ExpiryBatch 100k duplicates": func() error { _, err := metrics.ExpiryBatch(manyDup, r, time.Minute); return err },
		"ExpiryBatch empty entry":     func() error { _, err := metrics.ExpiryBatch([]string{""}, r, time.Minute); return err },
		"ExpiryBatch zero range": func() error {
			_, err := metrics.ExpiryBatch([]string{"k"}, metrics.TimeRange{}, time.Minute)
			return err
		},
		"ExpiryBatch negative period": func() error { _, err := metrics.ExpiryBatch([]string{"k"}, r, -time.Minute); return err },
		"ExpiryBatch huge period":     func() error { _, err := metrics.ExpiryBatch([]string{"k"}, r, 1<<62); return err },
		"NewBatch zero metrics":       func() error { _, err := metrics.NewBatch([]metrics.Metric{{}, {}}, r, time.Minute); return err },
		"LastRange negative":          func() error { _, err := metrics.LastRange(-time.Hour, time.Minute, time.Now()); return err },
		"LastRange huge lookback":     func() error { _, err := metrics.LastRange(1<<62, time.Minute, time.Now()); return err },
		"AlignedRange reversed": func() error {
			_, err := metrics.AlignedRange(time.Now(), time.Now().Add(-time.Hour), time.Minute, time.Now())
			return err
		},
		"CheckPeriod 7s": func() error { return metrics.CheckPeriod(7 * time.Second) },
		"Insights zero":  func() error { _, err := metrics.InsightsQuery{}.Build(); return err },
		"Insights backslash value": insights(func(q *metrics.InsightsQuery) {
			q.Where = []metrics.Condition{{Label: "KeyId", Op: "=", Value: `a\`}}
		}),
		"Insights NUL metric":          insights(func(q *metrics.InsightsQuery) { q.Metric = "m\x00" }),
		"Insights invalid UTF-8 label": insights(func(q *metrics.InsightsQuery) { q.GroupBy = []string{"\xff"} }),
		"Insights 2 MiB namespace":     insights(func(q *metrics.InsightsQuery) { q.Namespace = huge }),
		"Insights unknown operator": insights(func(q *metrics.InsightsQuery) {
			q.Where = []metrics.Condition{{Label: "KeyId", Op: "; DROP", Value: "k"}}
		}),
		"Insights limit over 500":    insights(func(q *metrics.InsightsQuery) { q.Limit = 100_000 }),
		"Insights 100k group labels": insights(func(q *metrics.InsightsQuery) { q.GroupBy = manyDup }),
		"Insights bad function":      insights(func(q *metrics.InsightsQuery) { q.Function = "\x00" }),
	}
	bounded.Invalid(t, tests)
}

// TestHostileInsightsQuoting checks that hostile text a query accepts comes
// out quoted, so it cannot change the query's meaning.
func TestHostileInsightsQuoting(t *testing.T) {
	q := metrics.ExpiryInsights()
	q.Where = []metrics.Condition{{Label: "KeyId", Op: "=", Value: `k' OR 1=1 --`}}
	got, err := q.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if want := `'k\' OR 1=1 --'`; !strings.Contains(got, want) {
		t.Errorf("Build = %s, want the value quoted as %s", got, want)
	}
}

// TestHostileOutputs reads SDK outputs with nil pointers and nil or
// inconsistent nested members: nothing panics, and an output naming an
// unknown query is an *UnknownQueryError.
func TestHostileOutputs(t *testing.T) {
	now := time.Date(2025, 5, 23, 3, 0, 0, 0, time.UTC)
	tests := map[string]struct {
		outs    []*cloudwatch.GetMetricDataOutput
		unknown bool
		want    int // expiries
	}{
		"no outputs":     {},
		"nil output":     {outs: []*cloudwatch.GetMetricDataOutput{nil}},
		"empty output":   {outs: []*cloudwatch.GetMetricDataOutput{{}}},
		"nil result Id":  {outs: []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{{}}}}, unknown: true},
		"other query Id": {outs: []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{{Id: aws.String("x")}}}}, unknown: true},
		"nil label":      {outs: []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{{Id: aws.String("q")}}}}, want: 1},
		"more values than timestamps": {outs: []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{{
			Id: aws.String("q"), Label: aws.String("k"), Values: []float64{1, 2, 3}, Timestamps: []time.Time{now},
		}}}}, want: 1},
		"more timestamps than values": {outs: []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{{
			Id: aws.String("q"), Label: aws.String("k"), Timestamps: []time.Time{now, now},
		}}}}, want: 1},
		"nil messages": {outs: []*cloudwatch.GetMetricDataOutput{{Messages: []types.MessageData{{}}, MetricDataResults: []types.MetricDataResult{{
			Id: aws.String("q"), Label: aws.String("k"), Messages: []types.MessageData{{}},
		}}}}, want: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				got []metrics.Expiry
				err error
			)
			bounded.Run(t, func() { got, _, err = metrics.InsightsExpiries("q", tc.outs...) })
			var ue *metrics.UnknownQueryError
			if tc.unknown != errors.As(err, &ue) {
				t.Fatalf("InsightsExpiries error = %v, want *UnknownQueryError: %t", err, tc.unknown)
			}
			if !tc.unknown && err != nil {
				t.Fatalf("InsightsExpiries: %v", err)
			}
			if !tc.unknown && len(got) != tc.want {
				t.Errorf("expiries = %d, want %d", len(got), tc.want)
			}
		})
	}

	t.Run("LatestDatapoint nil", func(t *testing.T) {
		var ok bool
		bounded.Run(t, func() {
			_, ok1 := metrics.LatestDatapoint(nil, types.StatisticMinimum)
			_, ok2 := metrics.LatestDatapoint(&cloudwatch.GetMetricStatisticsOutput{Datapoints: []types.Datapoint{{}, {Timestamp: aws.Time(now)}}}, types.StatisticMinimum)
			_, ok3 := metrics.LatestDatapoint(&cloudwatch.GetMetricStatisticsOutput{Datapoints: []types.Datapoint{{Timestamp: aws.Time(now)}}}, "\x00")
			ok = ok1 || ok2 || ok3
		})
		if ok {
			t.Error("LatestDatapoint found a point in a nil output, among points without the statistic, or for an unknown statistic")
		}
	})

	t.Run("Fetch nil", func(t *testing.T) {
		var err1, err2 error
		bounded.Run(t, func() {
			_, err1 = metrics.Fetch(context.Background(), nil, &metrics.Batch{})
			_, err2 = metrics.Fetch(context.Background(), cloudwatch.New(cloudwatch.Options{Region: "us-east-1"}), nil)
		})
		if !errors.Is(err1, kmswatch.ErrInvalid) || !errors.Is(err2, kmswatch.ErrInvalid) {
			t.Errorf("Fetch errors = %v, %v; want ErrInvalid", err1, err2)
		}
	})
}
