package cloudwatchtest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func TestGetMetricDataInsights(t *testing.T) {
	tests := []struct {
		name   string
		query  string
		label  string
		period int32
		want   []result
	}{
		{
			name:   "every key, soonest first",
			query:  `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`,
			period: 3600,
			want: []result{
				{ID: "q", Label: "soon", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{100}},
				{ID: "q", Label: "later", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{5000}},
				{ID: "q", Label: "never", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{90000}},
			},
		},
		{
			name:   "descending with limit, per-period minimum",
			query:  `select min(SecondsUntilKeyMaterialExpiration) from schema("AWS/KMS", KeyId) group by KeyId order by min() desc limit 2`,
			period: 60,
			want: []result{
				{ID: "q", Label: "never", Status: types.StatusCodeComplete, Timestamps: minutesAgo(1), Values: []float64{90000}},
				{ID: "q", Label: "later", Status: types.StatusCodeComplete, Timestamps: minutesAgo(1, 2), Values: []float64{5000, 5060}},
			},
		},
		{
			name:   "where filters on a label",
			query:  `SELECT MAX(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) WHERE KeyId = 'later' GROUP BY KeyId`,
			period: 3600,
			want:   []result{{ID: "q", Label: "later", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{5060}}},
		},
		{
			name:   "not-equal filter",
			query:  `SELECT COUNT(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) WHERE KeyId != 'later' GROUP BY KeyId ORDER BY COUNT() DESC`,
			period: 3600,
			want: []result{
				{ID: "q", Label: "soon", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{2}},
				{ID: "q", Label: "never", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{1}},
			},
		},
		{
			name:   "SCHEMA matches the exact dimension set; FROM namespace matches all",
			query:  `SELECT SUM(SecondsUntilKeyMaterialExpiration) FROM "AWS/KMS"`,
			label:  "total",
			period: 3600,
			// 100+200 (soon) + 5000+5060 (later) + 90000 (never) + 7 (two dimensions) + nothing older than two weeks.
			want: []result{{ID: "q", Label: "total", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{100367}}},
		},
		{
			name:   "no match is one empty series",
			query:  `SELECT AVG(Nothing) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId`,
			period: 300,
			want:   []result{{ID: "q", Status: types.StatusCodeComplete}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			s.Seed(kms, expiry, keyDims("soon"), points(now.Add(-time.Minute), 200, 100)...)
			s.Seed(kms, expiry, keyDims("later"), points(now.Add(-time.Minute), 5060, 5000)...)
			s.Seed(kms, expiry, keyDims("never"), points(now.Add(-time.Minute), 90000)...)
			s.Seed(kms, expiry, append(keyDims("two"), types.Dimension{Name: aws.String("Other"), Value: aws.String("x")}),
				points(now.Add(-time.Minute), 7)...)
			s.Seed(kms, expiry, keyDims("stale"), cloudwatchtest.Point{Time: now.Add(-15 * 24 * time.Hour), Value: 1})
			in := &cloudwatch.GetMetricDataInput{
				StartTime: aws.Time(now.Add(-20 * 24 * time.Hour)), EndTime: aws.Time(now),
				MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("q"), Expression: aws.String(tt.query), Period: aws.Int32(tt.period)}},
			}
			if tt.label != "" {
				in.MetricDataQueries[0].Label = aws.String(tt.label)
			}
			if tt.period == 3600 {
				in.StartTime = aws.Time(now.Add(-time.Hour))
			}
			checkResults(t, c, in, tt.want)
		})
	}
}

func TestGetMetricDataInsightsSeriesLimit(t *testing.T) {
	s, c := newServer(t)
	for i := range 501 {
		s.Seed(kms, expiry, keyDims(fmt.Sprintf("key-%04d", i)), cloudwatchtest.Point{Time: now.Add(-time.Minute), Value: float64(i)})
	}
	out, err := c.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("q"), Period: aws.Int32(3600),
			Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() DESC`)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := struct {
		Series       int
		First, Last  string
		FirstMessage string
	}{len(out.MetricDataResults), aws.ToString(out.MetricDataResults[0].Label),
		aws.ToString(out.MetricDataResults[len(out.MetricDataResults)-1].Label),
		aws.ToString(out.MetricDataResults[0].Messages[0].Code)}
	want := struct {
		Series       int
		First, Last  string
		FirstMessage string
	}{500, "key-0500", "key-0001", "MaxQueryTimeSeries"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestGetMetricDataInsightsMetricLimit(t *testing.T) {
	s, c := newServer(t)
	for i := range 10001 {
		s.Seed(kms, expiry, keyDims(fmt.Sprintf("key-%05d", i)), cloudwatchtest.Point{Time: now.Add(-time.Minute), Value: 1})
	}
	checkResults(t, c, &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("q"), Period: aws.Int32(3600), Label: aws.String("count"),
			Expression: aws.String(`SELECT COUNT(SecondsUntilKeyMaterialExpiration) FROM "AWS/KMS"`)}},
	}, []result{{ID: "q", Label: "count", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{10000},
		Messages: []string{"MaxQueryMetrics"}}})
}
