package cloudwatchtest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// metricNames renders listed metrics as "ns name k=v,k=v".
func metricNames(ms []types.Metric) []string {
	var out []string
	for _, m := range ms {
		var dims []string
		for _, d := range m.Dimensions {
			dims = append(dims, aws.ToString(d.Name)+"="+aws.ToString(d.Value))
		}
		out = append(out, aws.ToString(m.Namespace)+" "+aws.ToString(m.MetricName)+" "+strings.Join(dims, ","))
	}
	return out
}

func seedListFixture(s *cloudwatchtest.Server) {
	recent := cloudwatchtest.Point{Time: now.Add(-time.Hour), Value: 1}
	s.Seed(kms, expiry, keyDims("k1"), recent)
	s.Seed(kms, expiry, keyDims("k2"), cloudwatchtest.Point{Time: now.Add(-5 * time.Hour), Value: 1})
	s.Seed(kms, expiry, keyDims("silent"), cloudwatchtest.Point{Time: now.Add(-15 * 24 * time.Hour), Value: 1})
	s.Seed(kms, "SuccessfulRequest", []types.Dimension{
		{Name: aws.String("Operation"), Value: aws.String("Decrypt")},
		{Name: aws.String("KeyArn"), Value: aws.String("arn:aws:kms:us-west-2:111122223333:key/k1")},
	}, recent)
	s.Seed("AWS/Usage", "CallCount", []types.Dimension{{Name: aws.String("Service"), Value: aws.String("KMS")}}, recent)
}

func TestListMetrics(t *testing.T) {
	tests := []struct {
		name string
		in   cloudwatch.ListMetricsInput
		want []string
	}{
		{
			name: "everything not silent for two weeks",
			want: []string{
				"AWS/KMS SecondsUntilKeyMaterialExpiration KeyId=k1",
				"AWS/KMS SecondsUntilKeyMaterialExpiration KeyId=k2",
				"AWS/KMS SuccessfulRequest KeyArn=arn:aws:kms:us-west-2:111122223333:key/k1,Operation=Decrypt",
				"AWS/Usage CallCount Service=KMS",
			},
		},
		{
			name: "recently active",
			in:   cloudwatch.ListMetricsInput{Namespace: aws.String(kms), MetricName: aws.String(expiry), RecentlyActive: types.RecentlyActivePt3h},
			want: []string{"AWS/KMS SecondsUntilKeyMaterialExpiration KeyId=k1"},
		},
		{
			name: "dimension name filter",
			in:   cloudwatch.ListMetricsInput{Namespace: aws.String(kms), Dimensions: []types.DimensionFilter{{Name: aws.String("Operation")}}},
			want: []string{"AWS/KMS SuccessfulRequest KeyArn=arn:aws:kms:us-west-2:111122223333:key/k1,Operation=Decrypt"},
		},
		{
			name: "dimension value filter",
			in:   cloudwatch.ListMetricsInput{Dimensions: []types.DimensionFilter{{Name: aws.String("KeyId"), Value: aws.String("k2")}}},
			want: []string{"AWS/KMS SecondsUntilKeyMaterialExpiration KeyId=k2"},
		},
		{
			name: "no match",
			in:   cloudwatch.ListMetricsInput{Namespace: aws.String("AWS/EC2")},
		},
		{
			name: "other owning account",
			in:   cloudwatch.ListMetricsInput{IncludeLinkedAccounts: aws.Bool(true), OwningAccount: aws.String("999999999999")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			seedListFixture(s)
			out, err := c.ListMetrics(context.Background(), &tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, metricNames(out.Metrics), cmpResults); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListMetricsPagination(t *testing.T) {
	s, c := newServer(t, cloudwatchtest.WithListMetricsPageSize(2))
	seedListFixture(s)
	var pages [][]string
	var owners []string
	p := cloudwatch.NewListMetricsPaginator(c, &cloudwatch.ListMetricsInput{IncludeLinkedAccounts: aws.Bool(true)})
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, metricNames(out.Metrics))
		owners = append(owners, out.OwningAccounts...)
	}
	want := [][]string{
		{"AWS/KMS SecondsUntilKeyMaterialExpiration KeyId=k1", "AWS/KMS SecondsUntilKeyMaterialExpiration KeyId=k2"},
		{"AWS/KMS SuccessfulRequest KeyArn=arn:aws:kms:us-west-2:111122223333:key/k1,Operation=Decrypt", "AWS/Usage CallCount Service=KMS"},
	}
	if diff := cmp.Diff(want, pages); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{s.Account(), s.Account(), s.Account(), s.Account()}, owners); diff != "" {
		t.Errorf("owning accounts mismatch (-want +got):\n%s", diff)
	}

	first, err := c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{Namespace: aws.String(kms), NextToken: first.NextToken})
	checkError(t, err, "InvalidNextToken")
}

func TestListMetricsDefaultPageSize(t *testing.T) {
	s, c := newServer(t)
	for i := range 501 {
		s.Seed(kms, expiry, keyDims(strings.Repeat("k", 1+i%3)+string(rune('a'+i%26))+time.Duration(i).String()), cloudwatchtest.Point{Time: now, Value: 1})
	}
	out, err := c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := []any{len(out.Metrics), out.NextToken != nil}; !cmp.Equal(got, []any{500, true}) {
		t.Errorf("first page: (metrics, has token) = %v, want [500 true]", got)
	}
	out, err = c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{NextToken: out.NextToken})
	if err != nil {
		t.Fatal(err)
	}
	if got := []any{len(out.Metrics), out.NextToken != nil}; !cmp.Equal(got, []any{1, false}) {
		t.Errorf("second page: (metrics, has token) = %v, want [1 false]", got)
	}
}

func TestListMetricsValidation(t *testing.T) {
	tests := []rejection[cloudwatch.ListMetricsInput]{
		{
			name:     "eleven dimension filters",
			in:       cloudwatch.ListMetricsInput{Dimensions: make([]types.DimensionFilter, 11)},
			wantCode: "ValidationError", fragments: []string{"Dimensions must not have a size greater than 10"},
		},
		{
			name:     "filter without a name",
			in:       cloudwatch.ListMetricsInput{Dimensions: []types.DimensionFilter{{Value: aws.String("v")}}},
			wantCode: "MissingParameter", fragments: []string{"Dimensions.member.1.Name"},
		},
		{
			name:     "recently active other than PT3H",
			in:       cloudwatch.ListMetricsInput{RecentlyActive: "PT1H"},
			wantCode: "ValidationError", fragments: []string{"RecentlyActive", "PT3H"},
		},
		{
			name:     "namespace starting with a colon",
			in:       cloudwatch.ListMetricsInput{Namespace: aws.String(":ns")},
			wantCode: "ValidationError", fragments: []string{"[^:].*"},
		},
		{
			name:     "owning account without linked accounts",
			in:       cloudwatch.ListMetricsInput{OwningAccount: aws.String("111122223333")},
			wantCode: "InvalidParameterCombination", fragments: []string{"IncludeLinkedAccounts"},
		},
	}
	checkRejections(t, tests, func(ctx context.Context, c *cloudwatch.Client, in *cloudwatch.ListMetricsInput) error {
		_, err := c.ListMetrics(ctx, in)
		return err
	})
}

func TestGetMetricStatistics(t *testing.T) {
	base := func() cloudwatch.GetMetricStatisticsInput {
		return cloudwatch.GetMetricStatisticsInput{
			Namespace: aws.String(kms), MetricName: aws.String(expiry), Dimensions: keyDims("k1"),
			StartTime: aws.Time(now.Add(-10 * time.Minute)), EndTime: aws.Time(now), Period: aws.Int32(300),
		}
	}
	type point struct {
		Time                      time.Time
		Min, Max, Sum, Avg, Count *float64
		Extended                  map[string]float64
		Unit                      types.StandardUnit
	}
	tests := []struct {
		name      string
		mod       func(*cloudwatch.GetMetricStatisticsInput)
		wantLabel string
		want      []point
		wantCode  string
		fragments []string
	}{
		{
			name:      "all statistics per five minutes",
			mod:       func(in *cloudwatch.GetMetricStatisticsInput) { in.Statistics = types.Statistic("").Values() },
			wantLabel: expiry,
			want: []point{
				{Time: now.Add(-10 * time.Minute), Min: aws.Float64(1), Max: aws.Float64(5), Sum: aws.Float64(15), Avg: aws.Float64(3), Count: aws.Float64(5), Unit: "None"},
				{Time: now.Add(-5 * time.Minute), Min: aws.Float64(6), Max: aws.Float64(10), Sum: aws.Float64(40), Avg: aws.Float64(8), Count: aws.Float64(5), Unit: "None"},
			},
		},
		{
			name: "percentiles and unit",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.ExtendedStatistics = []string{"p90", "p10"}
				in.Unit = types.StandardUnitSeconds
			},
			wantLabel: expiry,
			want: []point{
				{Time: now.Add(-10 * time.Minute), Extended: map[string]float64{"p90": 5, "p10": 1}, Unit: "Seconds"},
				{Time: now.Add(-5 * time.Minute), Extended: map[string]float64{"p90": 10, "p10": 6}, Unit: "Seconds"},
			},
		},
		{
			name: "neither statistics nor extended statistics",
			mod:  func(*cloudwatch.GetMetricStatisticsInput) {}, wantCode: "MissingParameter",
			fragments: []string{"Statistics or ExtendedStatistics"},
		},
		{
			name: "both statistics and extended statistics",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.Statistics = []types.Statistic{types.StatisticMinimum}
				in.ExtendedStatistics = []string{"p99"}
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"Statistics and ExtendedStatistics are mutually exclusive"},
		},
		{
			name: "too many datapoints",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.Statistics = []types.Statistic{types.StatisticMinimum}
				in.Period = aws.Int32(60)
				in.StartTime = aws.Time(now.Add(-25 * time.Hour))
			},
			wantCode: "InvalidParameterCombination", fragments: []string{"1500 datapoints", "1440"},
		},
		{
			name: "constraint errors are reported before value errors",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.Statistics = []types.Statistic{"Median"}
				in.Period = aws.Int32(61)
			},
			wantCode: "ValidationError", fragments: []string{"Statistics.member.1", "enum"},
		},
		{
			name: "end before start without a period",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.Statistics = []types.Statistic{types.StatisticMinimum}
				in.Period = nil
				in.EndTime = aws.Time(now.Add(-time.Hour))
			},
			wantCode: "MissingParameter", fragments: []string{"Period is required"},
		},
		{
			name: "end before start",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.Statistics = []types.Statistic{types.StatisticMinimum}
				in.EndTime = aws.Time(now.Add(-time.Hour))
			},
			wantCode: "InvalidParameterValue", fragments: []string{"StartTime must be less than the parameter EndTime"},
		},
		{
			name: "missing namespace and metric name",
			mod: func(in *cloudwatch.GetMetricStatisticsInput) {
				in.Namespace, in.MetricName = nil, nil
				in.Statistics = []types.Statistic{types.StatisticMinimum}
			},
			wantCode: "MissingParameter", fragments: []string{"Namespace is required", "MetricName is required"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			s.Seed(kms, expiry, keyDims("k1"), points(now.Add(-time.Minute), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)...)
			in := base()
			tt.mod(&in)
			out, err := c.GetMetricStatistics(context.Background(), &in)
			checkError(t, err, tt.wantCode, tt.fragments...)
			if err != nil {
				return
			}
			var got []point
			for _, d := range out.Datapoints {
				got = append(got, point{Time: aws.ToTime(d.Timestamp), Min: d.Minimum, Max: d.Maximum, Sum: d.Sum, Avg: d.Average,
					Count: d.SampleCount, Extended: d.ExtendedStatistics, Unit: d.Unit})
			}
			if diff := cmp.Diff(tt.want, got, cmpResults); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if got := aws.ToString(out.Label); got != tt.wantLabel {
				t.Errorf("Label = %q, want %q", got, tt.wantLabel)
			}
		})
	}
}
