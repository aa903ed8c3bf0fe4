package cloudwatchtest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// seedKeys seeds n keys with an hour of one-minute points each.
func seedKeys(s *cloudwatchtest.Server, n int) {
	for i := range n {
		s.Seed(kms, expiry, keyDims(fmt.Sprintf("key-%05d", i)), points(now.Add(-time.Minute), make([]float64, 60)...)...)
	}
}

// BenchmarkGetMetricData500Queries is one full GetMetricData call (the
// per-call query limit) through the real client against 10,000 seeded keys.
func BenchmarkGetMetricData500Queries(b *testing.B) {
	s, c := newServer(b)
	seedKeys(s, 10000)
	in := &cloudwatch.GetMetricDataInput{StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now)}
	for i := range 500 {
		in.MetricDataQueries = append(in.MetricDataQueries, types.MetricDataQuery{
			Id: aws.String(fmt.Sprintf("m%d", i)), MetricStat: expiryStat(fmt.Sprintf("key-%05d", i*20), 300, "Minimum")})
	}
	benchGetMetricData(b, c, in)
}

// BenchmarkInsights10000Keys is the every-key Metrics Insights query over
// 10,000 seeded keys (500 series returned, the service's cap).
func BenchmarkInsights10000Keys(b *testing.B) {
	s, c := newServer(b)
	seedKeys(s, 10000)
	in := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("q"), Period: aws.Int32(3600),
			Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`)}},
	}
	benchGetMetricData(b, c, in)
}

// benchGetMetricData times GetMetricData calls of in, each returning 500
// results.
func benchGetMetricData(b *testing.B, c *cloudwatch.Client, in *cloudwatch.GetMetricDataInput) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := c.GetMetricData(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.MetricDataResults) != 500 {
			b.Fatalf("results = %d, want 500", len(out.MetricDataResults))
		}
	}
}
