package metrics_test

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/kmswatch/kmswatch/metrics"
)

var exampleNow = time.Date(2026, 11, 24, 6, 37, 23, 0, time.UTC)

func ExampleCheckPeriod() {
	for _, p := range []time.Duration{20 * time.Second, 5 * time.Minute, 90 * time.Second} {
		fmt.Println(p, metrics.CheckPeriod(p))
	}
	// Output:
	// 20s <nil>
	// 5m0s <nil>
	// 1m30s invalid metrics.CheckPeriod: period: must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 90 s
}

func ExampleAlignedRange() {
	start := time.Date(2026, 11, 24, 5, 12, 40, 0, time.UTC)
	r, err := metrics.AlignedRange(start, exampleNow, 5*time.Minute, exampleNow)
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	// Output:
	// 2026-11-24T05:10:00Z/2026-11-24T06:40:00Z
}

func ExampleLastRange() {
	r, err := metrics.LastRange(24*time.Hour, time.Hour, exampleNow)
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	// Output:
	// 2026-11-23T06:00:00Z/2026-11-24T07:00:00Z
}

func ExampleMetric_MetricStat() {
	m, err := metrics.SecondsUntilKeyMaterialExpiration("1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil {
		panic(err)
	}
	stat, err := m.MetricStat(time.Minute)
	if err != nil {
		panic(err)
	}
	fmt.Println(aws.ToString(stat.Metric.MetricName), aws.ToInt32(stat.Period), aws.ToString(stat.Stat))
	// Output:
	// SecondsUntilKeyMaterialExpiration 60 Minimum
}

func ExampleMetric_Query() {
	m, err := metrics.SecondsUntilKeyMaterialExpiration("1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil {
		panic(err)
	}
	if _, err := m.Query("Expiry", time.Minute); err != nil {
		fmt.Println(err)
	}
	q, err := m.Query("expiry", time.Minute)
	if err != nil {
		panic(err)
	}
	fmt.Println(aws.ToString(q.Id), aws.ToString(q.MetricStat.Stat))
	// Output:
	// invalid metrics.Metric.Query: id: must match ^[a-z][a-zA-Z0-9_]*$, got "Expiry"
	// expiry Minimum
}

func ExampleMetric_StatisticsInput() {
	m, err := metrics.SecondsUntilKeyMaterialExpiration("1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil {
		panic(err)
	}
	r, err := metrics.LastRange(time.Hour, time.Minute, exampleNow)
	if err != nil {
		panic(err)
	}
	in, err := m.StatisticsInput(r, time.Minute)
	if err != nil {
		panic(err)
	}
	fmt.Println(aws.ToString(in.MetricName), aws.ToInt32(in.Period), in.Statistics, in.StartTime.Format(time.RFC3339), in.EndTime.Format(time.RFC3339))
	// Output:
	// SecondsUntilKeyMaterialExpiration 60 [Minimum] 2026-11-24T05:37:00Z 2026-11-24T06:38:00Z
}

func ExampleExpiryBatch() {
	keys := make([]string, 10000)
	for i := range keys {
		keys[i] = fmt.Sprintf("%08x-0000-4000-8000-000000000000", i)
	}
	r, err := metrics.LastRange(3*time.Hour, 5*time.Minute, exampleNow)
	if err != nil {
		panic(err)
	}
	b, err := metrics.ExpiryBatch(keys, r, 5*time.Minute)
	if err != nil {
		panic(err)
	}
	in := b.Inputs()
	last := in[len(in)-1].MetricDataQueries
	fmt.Println(len(in), "calls;", len(in[0].MetricDataQueries), "queries in the first, last Id", aws.ToString(last[len(last)-1].Id))
	// Output:
	// 20 calls; 500 queries in the first, last Id q9999
}

func ExampleNewBatch() {
	expiry, _ := metrics.SecondsUntilKeyMaterialExpiration("1234abcd-12ab-34cd-56ef-1234567890ab")
	quota, _ := metrics.CallCount(metrics.QuotaCryptographicOperationsSymmetric)
	r, _ := metrics.LastRange(time.Hour, time.Minute, exampleNow)
	b, err := metrics.NewBatch([]metrics.Metric{expiry, quota}, r, time.Minute)
	if err != nil {
		panic(err)
	}
	for _, q := range b.Inputs()[0].MetricDataQueries {
		fmt.Println(aws.ToString(q.Id), aws.ToString(q.MetricStat.Metric.MetricName), aws.ToString(q.MetricStat.Stat))
	}
	// Output:
	// q0 SecondsUntilKeyMaterialExpiration Minimum
	// q1 CallCount Sum
}

func ExampleBatch_Metric() {
	r, _ := metrics.LastRange(time.Hour, time.Minute, exampleNow)
	b, err := metrics.ExpiryBatch([]string{"key-a", "key-b"}, r, time.Minute)
	if err != nil {
		panic(err)
	}
	m, ok := b.Metric("q1")
	id, _ := m.Dimension(metrics.DimensionKeyID)
	fmt.Println(id, ok, b.Len())
	// Output:
	// key-b true 2
}

func ExampleListMetricsInput() {
	in, err := metrics.ListMetricsInput(metrics.MetricSecondsUntilKeyMaterialExpiration, metrics.ActiveLast3Hours)
	if err != nil {
		panic(err)
	}
	fmt.Println(aws.ToString(in.Namespace), aws.ToString(in.MetricName), in.RecentlyActive)
	// Output:
	// AWS/KMS SecondsUntilKeyMaterialExpiration PT3H
}

func ExampleExpiryInsights() {
	q, err := metrics.ExpiryInsights().Build()
	if err != nil {
		panic(err)
	}
	fmt.Println(q)
	// Output:
	// SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC
}

func ExampleInsightsQuery_Build() {
	q := metrics.InsightsQuery{
		Function:  metrics.InsightsSum,
		Metric:    metrics.MetricXksProxyErrors,
		Namespace: metrics.NamespaceKMS,
		Where:     []metrics.Condition{{Label: metrics.DimensionErrorType, Op: metrics.Equal, Value: "Retryable' OR 'a'='a"}},
		GroupBy:   []string{metrics.DimensionOperation},
		OrderBy:   metrics.InsightsSum,
		Limit:     5,
	}
	text, err := q.Build()
	if err != nil {
		panic(err)
	}
	fmt.Println(text)
	// Output:
	// SELECT SUM(XksProxyErrors) FROM "AWS/KMS" WHERE ErrorType = 'Retryable\' OR \'a\'=\'a' GROUP BY "Operation" ORDER BY SUM() ASC LIMIT 5
}

func ExampleInsightsQuery_Input() {
	r, _ := metrics.LastRange(3*time.Hour, 5*time.Minute, exampleNow)
	in, err := metrics.ExpiryInsights().Input("all_keys", r, 5*time.Minute)
	if err != nil {
		panic(err)
	}
	q := in.MetricDataQueries[0]
	fmt.Println(aws.ToString(q.Id), aws.ToInt32(q.Period), in.ScanBy)
	// Output:
	// all_keys 300 TimestampDescending
}
