package metrics

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

// TestProblemPaths pins down, for every entry point that validates, the
// subject and the path and rule of each problem: paths name the function's
// parameters (or, for a method, its receiver's fields), whatever the
// function calls inside.
func TestProblemPaths(t *testing.T) {
	type want struct {
		Field string
		Rule  kmswatch.Rule
	}
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	long := strings.Repeat("k", 1025)
	arn := "arn:aws:kms:us-west-2:111122223333:key/" + testKeyID
	m, err := SecondsUntilKeyMaterialExpiration(testKeyID)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		call    func() error
		subject string
		want    []want
	}{
		"KeyID": {
			call:    func() error { _, err := KeyID(long); return err },
			subject: "metrics.KeyID", want: []want{{"keyRef", kmswatch.RuleLength}},
		},
		"SecondsUntilKeyMaterialExpiration": {
			call:    func() error { _, err := SecondsUntilKeyMaterialExpiration(""); return err },
			subject: "metrics.SecondsUntilKeyMaterialExpiration", want: []want{{"keyRef", kmswatch.RuleLength}},
		},
		"SuccessfulRequest": {
			call:    func() error { _, err := SuccessfulRequest(testKeyID, ""); return err },
			subject: "metrics.SuccessfulRequest",
			want:    []want{{"keyARN", kmswatch.RulePattern}, {"operation", kmswatch.RuleLength}},
		},
		"SuccessfulReEncryptRequest": {
			call:    func() error { _, err := SuccessfulReEncryptRequest("", "alias/x"); return err },
			subject: "metrics.SuccessfulReEncryptRequest",
			want:    []want{{"sourceKeyARN", kmswatch.RuleLength}, {"destinationKeyARN", kmswatch.RulePattern}},
		},
		"CloudHSMKeyStoreThrottle": {
			call:    func() error { _, err := CloudHSMKeyStoreThrottle("", "Decrypt\x00"); return err },
			subject: "metrics.CloudHSMKeyStoreThrottle",
			want:    []want{{"customKeyStoreID", kmswatch.RuleLength}, {"kmsOperation", kmswatch.RulePattern}},
		},
		"XksProxyCertificateDaysToExpire": {
			call:    func() error { _, err := XksProxyCertificateDaysToExpire("cks-1", ""); return err },
			subject: "metrics.XksProxyCertificateDaysToExpire", want: []want{{"certificateName", kmswatch.RuleLength}},
		},
		"XksProxyCredentialAge": {
			call:    func() error { _, err := XksProxyCredentialAge(long); return err },
			subject: "metrics.XksProxyCredentialAge", want: []want{{"customKeyStoreID", kmswatch.RuleLength}},
		},
		"XksProxyErrors": {
			call:    func() error { _, err := XksProxyErrors("cks-1", "Decrypt", "", "AES", "", "x"); return err },
			subject: "metrics.XksProxyErrors",
			want:    []want{{"xksOperation", kmswatch.RuleLength}, {"errorType", kmswatch.RuleLength}},
		},
		"XksExternalKeyManagerStates": {
			call:    func() error { _, err := XksExternalKeyManagerStates("", "\xff"); return err },
			subject: "metrics.XksExternalKeyManagerStates",
			want:    []want{{"customKeyStoreID", kmswatch.RuleLength}, {"state", kmswatch.RuleEncoding}},
		},
		"XksProxyLatency": {
			call:    func() error { _, err := XksProxyLatency("cks-1", "", "Decrypt", ""); return err },
			subject: "metrics.XksProxyLatency",
			want:    []want{{"kmsOperation", kmswatch.RuleLength}, {"keySpec", kmswatch.RuleLength}},
		},
		"CallCount": {
			call:    func() error { _, err := CallCount(""); return err },
			subject: "metrics.CallCount", want: []want{{"resource", kmswatch.RuleLength}},
		},
		"CheckPeriod": {
			call:    func() error { return CheckPeriod(90 * time.Second) },
			subject: "metrics.CheckPeriod", want: []want{{"period", kmswatch.RuleEnum}},
		},
		"AlignedRange": {
			call:    func() error { _, err := AlignedRange(now, now.Add(-time.Hour), 0, now); return err },
			subject: "metrics.AlignedRange",
			want:    []want{{"period", kmswatch.RuleEnum}, {"end", kmswatch.RuleRange}},
		},
		"LastRange negative lookback": {
			call:    func() error { _, err := LastRange(-time.Hour, time.Minute, now); return err },
			subject: "metrics.LastRange", want: []want{{"lookback", kmswatch.RuleRange}},
		},
		"LastRange beyond retention": {
			call:    func() error { _, err := LastRange(500*24*time.Hour, time.Hour, now); return err },
			subject: "metrics.LastRange", want: []want{{"lookback", kmswatch.RuleRange}},
		},
		"LastRange period": {
			call:    func() error { _, err := LastRange(time.Hour, 7*time.Second, now); return err },
			subject: "metrics.LastRange", want: []want{{"period", kmswatch.RuleEnum}},
		},
		"Metric.MetricStat": {
			call:    func() error { _, err := Metric{}.MetricStat(0); return err },
			subject: "metrics.Metric.MetricStat",
			want:    []want{{"period", kmswatch.RuleEnum}, {"", kmswatch.RuleRequired}},
		},
		"Metric.Query": {
			call:    func() error { _, err := m.Query("Q", 7*time.Second); return err },
			subject: "metrics.Metric.Query",
			want:    []want{{"id", kmswatch.RulePattern}, {"period", kmswatch.RuleEnum}},
		},
		"Metric.StatisticsInput": {
			call:    func() error { _, err := m.StatisticsInput(TimeRange{End: now}, time.Minute); return err },
			subject: "metrics.Metric.StatisticsInput", want: []want{{"r.Start", kmswatch.RuleRequired}},
		},
		"NewBatch": {
			call:    func() error { _, err := NewBatch([]Metric{m, {}, m}, TimeRange{}, time.Minute); return err },
			subject: "metrics.NewBatch",
			want: []want{{"r.Start", kmswatch.RuleRequired}, {"r.End", kmswatch.RuleRequired},
				{"ms[1]", kmswatch.RuleRequired}, {"ms[2]", kmswatch.RuleUnique}},
		},
		"ExpiryBatch": {
			call: func() error {
				_, err := ExpiryBatch([]string{arn, "", testKeyID}, testRange, 45*time.Second)
				return err
			},
			subject: "metrics.ExpiryBatch",
			want: []want{{"period", kmswatch.RuleEnum}, {"keyRefs[1]", kmswatch.RuleLength},
				{"keyRefs[2]", kmswatch.RuleUnique}},
		},
		"ListMetricsInput": {
			call:    func() error { _, err := ListMetricsInput(long, ActiveLast3Hours); return err },
			subject: "metrics.ListMetricsInput", want: []want{{"metricName", kmswatch.RuleLength}},
		},
		"InsightsQuery.Build": {
			call:    func() error { q := ExpiryInsights(); q.Limit = 501; _, err := q.Build(); return err },
			subject: "metrics.InsightsQuery", want: []want{{"Limit", kmswatch.RuleRange}},
		},
		"InsightsQuery.Query": {
			call: func() error {
				q := ExpiryInsights()
				q.Where = []Condition{{Label: "KeyId", Op: "~", Value: "k"}}
				_, err := q.Query("", 45*time.Second)
				return err
			},
			subject: "metrics.InsightsQuery.Query",
			want: []want{{"id", kmswatch.RuleLength}, {"period", kmswatch.RuleEnum},
				{"Where[0].Op", kmswatch.RuleEnum}},
		},
		"InsightsQuery.Input": {
			call: func() error {
				_, err := ExpiryInsights().Input("q", TimeRange{Start: now, End: now}, time.Minute)
				return err
			},
			subject: "metrics.InsightsQuery.Input", want: []want{{"r.End", kmswatch.RuleRange}},
		},
		"Batch.Read nil": {
			call:    func() error { _, err := (*Batch)(nil).Read(); return err },
			subject: "metrics.Batch.Read", want: []want{{"", kmswatch.RuleRequired}},
		},
		"Fetch nil": {
			call:    func() error { _, err := Fetch(context.Background(), nil, nil); return err },
			subject: "metrics.Fetch",
			want:    []want{{"client", kmswatch.RuleRequired}, {"b", kmswatch.RuleRequired}},
		},
		"DiscoverKeys": {
			call:    func() error { _, err := DiscoverKeys(context.Background(), nil, Activity(9)); return err },
			subject: "metrics.DiscoverKeys",
			want:    []want{{"client", kmswatch.RuleRequired}, {"active", kmswatch.RuleEnum}},
		},
		"DiscoverMetrics nil": {
			call:    func() error { _, err := DiscoverMetrics(context.Background(), nil, nil); return err },
			subject: "metrics.DiscoverMetrics",
			want:    []want{{"client", kmswatch.RuleRequired}, {"in", kmswatch.RuleRequired}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			problemtest.Check(t, tc.call(), tc.subject, tc.want)
		})
	}
}
