package cloudwatchtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// result is the comparable part of a MetricDataResult.
type result struct {
	ID, Label  string
	Timestamps []time.Time
	Values     []float64
	Status     types.StatusCode
	Messages   []string
}

func results(out *cloudwatch.GetMetricDataOutput) []result {
	var rs []result
	for _, r := range out.MetricDataResults {
		res := result{ID: aws.ToString(r.Id), Label: aws.ToString(r.Label), Timestamps: r.Timestamps, Values: r.Values, Status: r.StatusCode}
		for _, m := range r.Messages {
			res.Messages = append(res.Messages, aws.ToString(m.Code))
		}
		rs = append(rs, res)
	}
	return rs
}

var cmpResults = cmpopts.EquateEmpty()

// checkResults sends in and compares the results with want.
func checkResults(t *testing.T, c *cloudwatch.Client, in *cloudwatch.GetMetricDataInput, want []result) {
	t.Helper()
	out, err := c.GetMetricData(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, results(out), cmpResults); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func minutesAgo(m ...int) []time.Time {
	out := make([]time.Time, len(m))
	for i, n := range m {
		out[i] = now.Add(-time.Duration(n) * time.Minute)
	}
	return out
}

func TestGetMetricDataMetricStat(t *testing.T) {
	tests := []struct {
		name    string
		queries []types.MetricDataQuery
		start   time.Time
		scanBy  types.ScanBy
		want    []result
	}{
		{
			name:    "minimum per minute, newest first by default",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("k1", 60, "Minimum")}},
			want: []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete,
				Timestamps: minutesAgo(1, 2, 3, 4, 5), Values: []float64{5, 40, 30, 20, 10}}},
		},
		{
			name:    "ascending scan",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("k1", 60, "Maximum")}},
			scanBy:  types.ScanByTimestampAscending,
			want: []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete,
				Timestamps: minutesAgo(5, 4, 3, 2, 1), Values: []float64{10, 20, 30, 40, 5}}},
		},
		{
			name: "five-minute statistics",
			queries: []types.MetricDataQuery{
				{Id: aws.String("mn"), MetricStat: expiryStat("k1", 300, "Minimum")},
				{Id: aws.String("mx"), MetricStat: expiryStat("k1", 300, "Maximum")},
				{Id: aws.String("sm"), MetricStat: expiryStat("k1", 300, "Sum")},
				{Id: aws.String("av"), MetricStat: expiryStat("k1", 300, "Average"), Label: aws.String("avg")},
				{Id: aws.String("sc"), MetricStat: expiryStat("k1", 300, "SampleCount")},
				{Id: aws.String("p50"), MetricStat: expiryStat("k1", 300, "p50")},
			},
			// Start 11:00; the points at 11:55..11:59 share the bucket 11:55.
			want: []result{
				{ID: "mn", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(5), Values: []float64{5}},
				{ID: "mx", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(5), Values: []float64{40}},
				{ID: "sm", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(5), Values: []float64{105}},
				{ID: "av", Label: "avg", Status: types.StatusCodeComplete, Timestamps: minutesAgo(5), Values: []float64{21}},
				{ID: "sc", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(5), Values: []float64{5}},
				{ID: "p50", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(5), Values: []float64{20}},
			},
		},
		{
			name: "dimension order does not matter",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String("Custom"), MetricName: aws.String("M"), Dimensions: []types.Dimension{
					{Name: aws.String("B"), Value: aws.String("2")}, {Name: aws.String("A"), Value: aws.String("1")}}},
				Period: aws.Int32(3600), Stat: aws.String("Sum")}}},
			want: []result{{ID: "m0", Label: "M", Status: types.StatusCodeComplete, Timestamps: minutesAgo(60), Values: []float64{7}}},
		},
		{
			name: "dynamic labels",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("k2", 60, "Minimum"),
				Label: aws.String("${PROP('Dim.KeyId')} ${PROP('Namespace')}/${PROP('MetricName')} ${PROP('Stat')}@${PROP('Period')} ${PROP('Dim.Nope')} ${LAST}")}},
			want: []result{{ID: "m0", Label: "k2 AWS/KMS/SecondsUntilKeyMaterialExpiration Minimum@60 ${PROP('Dim.Nope')} ${LAST}",
				Status: types.StatusCodeComplete, Timestamps: minutesAgo(1), Values: []float64{99}}},
		},
		{
			name:    "unknown metric has no data",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("nope", 60, "Minimum")}},
			want:    []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete}},
		},
		{
			name: "ReturnData false is not returned",
			queries: []types.MetricDataQuery{
				{Id: aws.String("hidden"), MetricStat: expiryStat("k1", 60, "Minimum"), ReturnData: aws.Bool(false)},
				{Id: aws.String("shown"), MetricStat: expiryStat("k2", 60, "Minimum")},
			},
			want: []result{{ID: "shown", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(1), Values: []float64{99}}},
		},
		{
			name:    "other accounts have no data",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("k1", 60, "Minimum"), AccountId: aws.String("999999999999")}},
			want:    []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete}},
		},
		{
			name:    "start time rounds down to the minute",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("k1", 120, "Minimum")}},
			start:   now.Add(-5*time.Minute + 30*time.Second),
			// Rounded start 11:55: buckets 11:55 (11:55, 11:56) and 11:57 (11:57, 11:58), 11:59.
			want: []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete,
				Timestamps: minutesAgo(1, 3, 5), Values: []float64{5, 30, 10}}},
		},
		{
			name:    "sub-minute periods only reach three hours back",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("old", 30, "Minimum")}},
			start:   now.Add(-5 * time.Hour),
			want: []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete,
				Timestamps: minutesAgo(60), Values: []float64{2}}},
		},
		{
			name:    "one-minute periods reach fifteen days back",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("aged", 60, "Minimum")}},
			start:   now.Add(-20 * 24 * time.Hour),
			scanBy:  types.ScanByTimestampAscending,
			want: []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete,
				Timestamps: []time.Time{now.Add(-10 * 24 * time.Hour)}, Values: []float64{10}}},
		},
		{
			name:    "five-minute periods reach sixty-three days back",
			queries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("aged", 300, "Minimum")}},
			start:   now.Add(-20 * 24 * time.Hour),
			scanBy:  types.ScanByTimestampAscending,
			want: []result{{ID: "m0", Label: expiry, Status: types.StatusCodeComplete,
				Timestamps: []time.Time{now.Add(-16 * 24 * time.Hour), now.Add(-10 * 24 * time.Hour)}, Values: []float64{16, 10}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			s.Seed(kms, expiry, keyDims("aged"),
				cloudwatchtest.Point{Time: now.Add(-16 * 24 * time.Hour), Value: 16},
				cloudwatchtest.Point{Time: now.Add(-10 * 24 * time.Hour), Value: 10})
			s.Seed(kms, expiry, keyDims("k1"), points(now.Add(-time.Minute), 10, 20, 30, 40, 5)...)
			s.Seed(kms, expiry, keyDims("k2"), points(now.Add(-time.Minute), 99)...)
			s.Seed(kms, expiry, keyDims("old"),
				cloudwatchtest.Point{Time: now.Add(-4 * time.Hour), Value: 1},
				cloudwatchtest.Point{Time: now.Add(-time.Hour), Value: 2})
			s.Seed("Custom", "M", []types.Dimension{{Name: aws.String("A"), Value: aws.String("1")}, {Name: aws.String("B"), Value: aws.String("2")}},
				cloudwatchtest.Point{Time: now.Add(-30 * time.Minute), Value: 3}, cloudwatchtest.Point{Time: now.Add(-30 * time.Minute), Value: 4})
			start := tt.start
			if start.IsZero() {
				start = now.Add(-time.Hour)
			}
			checkResults(t, c, &cloudwatch.GetMetricDataInput{
				StartTime: aws.Time(start), EndTime: aws.Time(now), MetricDataQueries: tt.queries, ScanBy: tt.scanBy,
			}, tt.want)
		})
	}
}

func TestGetMetricDataPagination(t *testing.T) {
	s, c := newServer(t)
	s.Seed(kms, expiry, keyDims("k1"), points(now.Add(-time.Minute), 1, 2, 3, 4)...)
	s.Seed(kms, expiry, keyDims("k2"), points(now.Add(-time.Minute), 5, 6, 7)...)
	in := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now), MaxDatapoints: aws.Int32(3),
		ScanBy: types.ScanByTimestampAscending,
		MetricDataQueries: []types.MetricDataQuery{
			{Id: aws.String("a"), MetricStat: expiryStat("k1", 60, "Minimum")},
			{Id: aws.String("b"), MetricStat: expiryStat("k2", 60, "Minimum")},
		},
	}
	var pages [][]result
	p := cloudwatch.NewGetMetricDataPaginator(c, in)
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, results(out))
	}
	want := [][]result{
		{
			{ID: "a", Label: expiry, Status: types.StatusCodePartialData, Timestamps: minutesAgo(4, 3, 2), Values: []float64{1, 2, 3}},
			{ID: "b", Label: expiry, Status: types.StatusCodePartialData},
		},
		{
			{ID: "a", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(1), Values: []float64{4}},
			{ID: "b", Label: expiry, Status: types.StatusCodePartialData, Timestamps: minutesAgo(3, 2), Values: []float64{5, 6}},
		},
		{
			{ID: "a", Label: expiry, Status: types.StatusCodeComplete},
			{ID: "b", Label: expiry, Status: types.StatusCodeComplete, Timestamps: minutesAgo(1), Values: []float64{7}},
		},
	}
	if diff := cmp.Diff(want, pages, cmpResults); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}

	first, err := c.GetMetricData(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	other := *in
	other.NextToken = first.NextToken
	other.MaxDatapoints = aws.Int32(2)
	_, err = c.GetMetricData(context.Background(), &other)
	var bad *types.InvalidNextToken
	if !errors.As(err, &bad) {
		t.Errorf("token reused with other parameters: error %v, want *types.InvalidNextToken", err)
	}
	other.NextToken = aws.String("not-a-token")
	other.MaxDatapoints = in.MaxDatapoints
	_, err = c.GetMetricData(context.Background(), &other)
	checkError(t, err, "InvalidNextToken")
}

func TestGetMetricDataValidation(t *testing.T) {
	ok := func() types.MetricDataQuery {
		return types.MetricDataQuery{Id: aws.String("m0"), MetricStat: expiryStat("k1", 60, "Minimum")}
	}
	with := func(f func(*types.MetricDataQuery)) []types.MetricDataQuery {
		q := ok()
		f(&q)
		return []types.MetricDataQuery{q}
	}
	many := func(n int) []types.MetricDataQuery {
		qs := make([]types.MetricDataQuery, n)
		for i := range qs {
			qs[i] = ok()
			qs[i].Id = aws.String(fmt.Sprintf("m%d", i))
		}
		return qs
	}
	insights := `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId`
	tests := []rejection[cloudwatch.GetMetricDataInput]{
		{
			name:     "no queries",
			in:       cloudwatch.GetMetricDataInput{},
			wantCode: "MissingParameter", fragments: []string{"MetricDataQueries is required", "StartTime is required", "EndTime is required"},
		},
		{
			name:     "start after end",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: many(1), StartTime: aws.Time(now), EndTime: aws.Time(now.Add(-time.Hour))},
			wantCode: "InvalidParameterValue", fragments: []string{"StartTime must be less than"},
		},
		{
			name:     "more than 500 queries",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: many(501)},
			wantCode: "ValidationError", fragments: []string{"MetricDataQueries must not have a size greater than 500"},
		},
		{
			name:     "missing id",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.Id = nil })},
			wantCode: "MissingParameter", fragments: []string{"MetricDataQueries.member.1.Id"},
		},
		{
			name: "bad ids are all reported",
			in: cloudwatch.GetMetricDataInput{MetricDataQueries: []types.MetricDataQuery{
				{Id: aws.String("Upper"), MetricStat: expiryStat("k", 60, "Minimum")},
				{Id: aws.String("m-1"), MetricStat: expiryStat("k", 60, "Minimum")},
				{Id: aws.String("dup"), MetricStat: expiryStat("k", 60, "Minimum")},
				{Id: aws.String("dup"), MetricStat: expiryStat("k", 60, "Minimum")},
			}},
			wantCode: "InvalidParameterValue", fragments: []string{"member.1.Id", "member.2.Id", "member.4.Id", "unique"},
		},
		{
			name:     "both expression and metric stat",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.Expression = aws.String(insights) })},
			wantCode: "InvalidParameterCombination", fragments: []string{"MetricDataQueries.member.1.Expression and MetricDataQueries.member.1.MetricStat"},
		},
		{
			name:     "neither expression nor metric stat",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.MetricStat = nil })},
			wantCode: "InvalidParameterCombination",
		},
		{
			name:     "bad period",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.MetricStat.Period = aws.Int32(90) })},
			wantCode: "InvalidParameterValue", fragments: []string{"90", "MetricDataQueries.member.1.MetricStat.Period"},
		},
		{
			name:     "bad statistic",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.MetricStat.Stat = aws.String("Median") })},
			wantCode: "InvalidParameterValue", fragments: []string{"Median", "MetricStat.Stat"},
		},
		{
			name:     "missing namespace",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.MetricStat.Metric.Namespace = nil })},
			wantCode: "MissingParameter", fragments: []string{"MetricStat.Metric.Namespace"},
		},
		{
			name: "over-long dimension value",
			in: cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) {
				q.MetricStat.Metric.Dimensions[0].Value = aws.String(strings.Repeat("x", 1025))
			})},
			wantCode: "ValidationError", fragments: []string{"Dimensions.member.1.Value", "less than or equal to 1024"},
		},
		{
			name:     "bad unit",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: with(func(q *types.MetricDataQuery) { q.MetricStat.Unit = "Days" })},
			wantCode: "ValidationError", fragments: []string{"MetricStat.Unit", "enum"},
		},
		{
			name:     "metric math is not supported",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("e"), Expression: aws.String("m0 * 2")}}},
			wantCode: "ValidationError", fragments: []string{"metric math"},
		},
		{
			name: "two insights queries",
			in: cloudwatch.GetMetricDataInput{MetricDataQueries: []types.MetricDataQuery{
				{Id: aws.String("a"), Expression: aws.String(insights), Period: aws.Int32(300)},
				{Id: aws.String("b"), Expression: aws.String(insights), Period: aws.Int32(300)},
			}},
			wantCode: "ValidationError", fragments: []string{"member.2.Expression", "only 1 Metrics Insights query"},
		},
		{
			name:     "insights needs a period",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("a"), Expression: aws.String(insights)}}},
			wantCode: "MissingParameter", fragments: []string{"member.1.Period"},
		},
		{
			name: "insights syntax error",
			in: cloudwatch.GetMetricDataInput{MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("a"), Period: aws.Int32(60),
				Expression: aws.String(`SELECT MEDIAN(x) FROM "AWS/KMS"`)}}},
			wantCode: "ValidationError", fragments: []string{"offset 7", "MEDIAN"},
		},
		{
			name:     "bad scan order",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: many(1), ScanBy: "Sideways"},
			wantCode: "ValidationError", fragments: []string{"ScanBy"},
		},
		{
			name:     "bad max datapoints",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: many(1), MaxDatapoints: aws.Int32(0)},
			wantCode: "InvalidParameterValue", fragments: []string{"MaxDatapoints"},
		},
		{
			name:     "bad label time zone",
			in:       cloudwatch.GetMetricDataInput{MetricDataQueries: many(1), LabelOptions: &types.LabelOptions{Timezone: aws.String("UTC")}},
			wantCode: "InvalidParameterValue", fragments: []string{"LabelOptions.Timezone"},
		},
		{
			name: "valid at the limits",
			in: cloudwatch.GetMetricDataInput{MetricDataQueries: many(500), ScanBy: types.ScanByTimestampAscending,
				LabelOptions: &types.LabelOptions{Timezone: aws.String("-0530")}, MaxDatapoints: aws.Int32(1)},
		},
	}
	checkRejections(t, tests, func(ctx context.Context, c *cloudwatch.Client, in *cloudwatch.GetMetricDataInput) error {
		if in.StartTime == nil && in.MetricDataQueries != nil {
			in.StartTime, in.EndTime = aws.Time(now.Add(-time.Hour)), aws.Time(now)
		}
		_, err := c.GetMetricData(ctx, in)
		return err
	})
}

func TestGetMetricDataTypedErrors(t *testing.T) {
	_, c := newServer(t)
	_, err := c.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("m0"), MetricStat: expiryStat("k", 7, "Minimum")}},
	})
	var ipv *types.InvalidParameterValueException
	if !errors.As(err, &ipv) {
		t.Fatalf("error %v (%T) is not *types.InvalidParameterValueException", err, err)
	}
	if got, want := ipv.ErrorCode(), "InvalidParameterValue"; got != want {
		t.Errorf("ErrorCode = %q, want %q", got, want)
	}
	_, err = c.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{})
	var missing *types.MissingRequiredParameterException
	if !errors.As(err, &missing) {
		t.Errorf("error %v (%T) is not *types.MissingRequiredParameterException", err, err)
	}
	_, err = c.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("e"), Expression: aws.String("SUM(METRICS())")}},
	})
	var ve *types.ValidationException
	if !errors.As(err, &ve) {
		t.Errorf("error %v (%T) is not *types.ValidationException", err, err)
	}
}
