package metrics_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// exampleServer is an in-process CloudWatch holding a countdown for two
// keys and an older datapoint for a third.
func exampleServer() *cloudwatchtest.Server {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return exampleNow }))
	seed := func(id string, left time.Duration, at time.Time) {
		srv.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration,
			[]types.Dimension{{Name: aws.String(metrics.DimensionKeyID), Value: aws.String(id)}},
			cloudwatchtest.Point{Time: at, Value: left.Seconds()})
	}
	minute := exampleNow.Truncate(time.Minute)
	seed("key-later", 200*24*time.Hour, minute)
	seed("key-soon", 9*24*time.Hour, minute)
	seed("key-quiet", 30*24*time.Hour, exampleNow.Add(-5*24*time.Hour))
	return srv
}

func ExampleFetch() {
	srv := exampleServer()
	defer srv.Close()
	client := srv.Client() // in production: cloudwatch.NewFromConfig(cfg)

	r, _ := metrics.LastRange(time.Hour, time.Minute, exampleNow)
	b, err := metrics.ExpiryBatch([]string{"key-later", "key-soon", "key-quiet"}, r, time.Minute)
	if err != nil {
		panic(err)
	}
	res, err := metrics.Fetch(context.Background(), client, b)
	if err != nil {
		panic(err)
	}
	exps := res.Expiries()
	metrics.SortSoonestFirst(exps)
	for _, e := range exps {
		left, ok := e.Left()
		at, _ := e.ExpiresAt()
		if !ok {
			fmt.Println(e.KeyID, "no data")
			continue
		}
		fmt.Println(e.KeyID, left, at.Format(time.RFC3339))
	}
	fmt.Println("partial:", res.Partial())
	// Output:
	// key-soon 216h0m0s 2026-12-03T06:37:00Z
	// key-later 4800h0m0s 2027-06-12T06:37:00Z
	// key-quiet no data
	// partial: false
}

func ExampleDiscoverKeys() {
	srv := exampleServer()
	defer srv.Close()
	all, err := metrics.DiscoverKeys(context.Background(), srv.Client(), metrics.ActiveLast2Weeks)
	if err != nil {
		panic(err)
	}
	recent, err := metrics.DiscoverKeys(context.Background(), srv.Client(), metrics.ActiveLast3Hours)
	if err != nil {
		panic(err)
	}
	fmt.Println(all)
	fmt.Println(recent)
	// Output:
	// [key-later key-quiet key-soon]
	// [key-later key-soon]
}

func ExampleDiscoverMetrics() {
	srv := exampleServer()
	defer srv.Close()
	in, err := metrics.ListMetricsInput("", metrics.ActiveLast3Hours)
	if err != nil {
		panic(err)
	}
	ms, err := metrics.DiscoverMetrics(context.Background(), srv.Client(), in)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(ms), aws.ToString(ms[0].MetricName))
	// Output:
	// 2 SecondsUntilKeyMaterialExpiration
}

func ExampleBatch_Read() {
	r, _ := metrics.LastRange(time.Hour, time.Minute, exampleNow)
	b, err := metrics.ExpiryBatch([]string{"key-a", "key-b"}, r, time.Minute)
	if err != nil {
		panic(err)
	}
	// Outputs the caller fetched itself, for example page by page.
	out := &cloudwatch.GetMetricDataOutput{MetricDataResults: []types.MetricDataResult{
		{Id: aws.String("q0"), StatusCode: types.StatusCodePartialData, Timestamps: []time.Time{exampleNow.Truncate(time.Minute)}, Values: []float64{0},
			Messages: []types.MessageData{{Code: aws.String("Note"), Value: aws.String("more data behind NextToken")}}},
		{Id: aws.String("q1"), StatusCode: types.StatusCodeComplete},
	}}
	res, err := b.Read(out)
	if err != nil {
		panic(err)
	}
	for _, e := range res.Expiries() {
		left, ok := e.Left()
		fmt.Println(e.KeyID, left, ok, e.Status, len(e.Messages))
	}
	fmt.Println("partial:", res.Partial())
	// Output:
	// key-a 0s true PartialData 1
	// key-b 0s false Complete 0
	// partial: true
}

func ExampleInsightsExpiries() {
	srv := exampleServer()
	defer srv.Close()
	r, _ := metrics.LastRange(time.Hour, 5*time.Minute, exampleNow)
	in, err := metrics.ExpiryInsights().Input("all", r, 5*time.Minute)
	if err != nil {
		panic(err)
	}
	out, err := srv.Client().GetMetricData(context.Background(), in)
	if err != nil {
		panic(err)
	}
	exps, _, err := metrics.InsightsExpiries("all", out)
	if err != nil {
		panic(err)
	}
	for _, e := range exps {
		left, _ := e.Left()
		fmt.Println(e.KeyID, left)
	}
	// Output:
	// key-soon 216h0m0s
	// key-later 4800h0m0s
}

func ExampleLatestDatapoint() {
	t0 := exampleNow.Truncate(time.Minute)
	out := &cloudwatch.GetMetricStatisticsOutput{Datapoints: []types.Datapoint{
		{Timestamp: aws.Time(t0.Add(-time.Minute)), Minimum: aws.Float64(86460)},
		{Timestamp: aws.Time(t0), Minimum: aws.Float64(86400)},
	}}
	p, ok := metrics.LatestDatapoint(out, types.StatisticMinimum)
	fmt.Println(p.Time.Format(time.RFC3339), p.Value, ok)
	// Output:
	// 2026-11-24T06:37:00Z 86400 true
}

func ExampleSortSoonestFirst() {
	t0 := exampleNow.Truncate(time.Minute)
	exps := []metrics.Expiry{
		{KeyID: "none"},
		{KeyID: "late", HasData: true, Seconds: 3600, Observed: t0},
		{KeyID: "early", HasData: true, Seconds: 60, Observed: t0},
	}
	metrics.SortSoonestFirst(exps)
	for _, e := range exps {
		fmt.Print(e.KeyID, " ")
	}
	fmt.Println()
	// Output:
	// early late none
}

func ExampleExpiry_Left() {
	for _, e := range []metrics.Expiry{{KeyID: "expiring", HasData: true, Seconds: 0}, {KeyID: "silent"}} {
		left, ok := e.Left()
		fmt.Println(e.KeyID, left, ok)
	}
	// Output:
	// expiring 0s true
	// silent 0s false
}

func ExampleExpiry_ExpiresAt() {
	e := metrics.Expiry{KeyID: "k", HasData: true, Seconds: 10 * 86400, Observed: exampleNow.Truncate(time.Minute)}
	at, ok := e.ExpiresAt()
	fmt.Println(at.Format(time.RFC3339), ok)
	// Output:
	// 2026-12-04T06:37:00Z true
}

func ExampleResult_Partial() {
	res := &metrics.Result{Messages: []types.MessageData{{Code: aws.String("MaxMetricsExceeded"), Value: aws.String("Maximum number of allowed metrics exceeded")}}}
	fmt.Println(res.Partial())
	// Output:
	// true
}

func ExampleSeries_Latest() {
	t0 := exampleNow.Truncate(time.Minute)
	s := metrics.Series{Points: []metrics.Point{{Time: t0, Value: 100}, {Time: t0.Add(time.Minute), Value: 40}, {Time: t0.Add(-time.Minute), Value: 160}}}
	p, ok := s.Latest()
	fmt.Println(p.Value, ok)
	// Output:
	// 40 true
}
