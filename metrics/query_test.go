package metrics

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/golden"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

var (
	testNow   = time.Date(2026, 11, 24, 6, 37, 23, 0, time.UTC)
	testRange = TimeRange{Start: time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 24, 6, 40, 0, 0, time.UTC)}
	// ignoreSerde skips the SDK structs' unexported marker fields.
	ignoreSerde = cmpopts.IgnoreUnexported(
		cloudwatch.GetMetricDataInput{}, cloudwatch.GetMetricStatisticsInput{}, cloudwatch.ListMetricsInput{},
		types.MetricDataQuery{}, types.MetricStat{}, types.Metric{}, types.Dimension{},
	)
)

func mustExpiry(t testing.TB, ref string) Metric {
	t.Helper()
	m, err := SecondsUntilKeyMaterialExpiration(ref)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMetricQueryBuilders(t *testing.T) {
	m := mustExpiry(t, testKeyID)
	stat, err := m.MetricStat(time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	wantMetric := types.Metric{
		Namespace:  aws.String("AWS/KMS"),
		MetricName: aws.String("SecondsUntilKeyMaterialExpiration"),
		Dimensions: []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(testKeyID)}},
	}
	wantStat := types.MetricStat{Metric: &wantMetric, Period: aws.Int32(60), Stat: aws.String("Minimum")}
	if diff := cmp.Diff(wantStat, stat, ignoreSerde); diff != "" {
		t.Errorf("MetricStat mismatch (-want +got):\n%s", diff)
	}

	q, err := m.Query("expiry_1", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	wantQuery := types.MetricDataQuery{Id: aws.String("expiry_1"), MetricStat: &wantStat}
	if diff := cmp.Diff(wantQuery, q, ignoreSerde); diff != "" {
		t.Errorf("Query mismatch (-want +got):\n%s", diff)
	}

	in, err := m.StatisticsInput(testRange, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "statistics-input.json"), in)

	list, err := ListMetricsInput(MetricSecondsUntilKeyMaterialExpiration, ActiveLast3Hours)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "list-metrics-input.json"), list)
	all, err := ListMetricsInput("", ActiveLast2Weeks)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&cloudwatch.ListMetricsInput{Namespace: aws.String("AWS/KMS")}, all, ignoreSerde); diff != "" {
		t.Errorf("ListMetricsInput(all) mismatch (-want +got):\n%s", diff)
	}
}

func TestBuilderErrors(t *testing.T) {
	m := mustExpiry(t, testKeyID)
	tests := map[string]struct {
		run  func() error
		want []kmswatch.Problem
	}{
		"query id rules": {
			run: func() error { _, err := m.Query("Q-1", 90*time.Second); return err },
			want: []kmswatch.Problem{
				{Field: "id", Rule: kmswatch.RulePattern, Message: `must match ^[a-z][a-zA-Z0-9_]*$, got "Q-1"`},
				{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 90 s"},
			},
		},
		"empty query id": {
			run:  func() error { _, err := m.Query("", time.Minute); return err },
			want: []kmswatch.Problem{{Field: "id", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 255 characters, got 0"}},
		},
		"over-long query id": {
			run:  func() error { _, err := m.Query("q"+strings.Repeat("x", 255), time.Minute); return err },
			want: []kmswatch.Problem{{Field: "id", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 255 characters, got 256"}},
		},
		"zero metric": {
			run:  func() error { _, err := Metric{}.MetricStat(time.Minute); return err },
			want: []kmswatch.Problem{{Field: "", Rule: kmswatch.RuleRequired, Message: zeroMetricProblem}},
		},
		"statistics input without range": {
			run: func() error { _, err := m.StatisticsInput(TimeRange{}, time.Minute); return err },
			want: []kmswatch.Problem{
				{Field: "r.Start", Rule: kmswatch.RuleRequired, Message: "is required"},
				{Field: "r.End", Rule: kmswatch.RuleRequired, Message: "is required"},
			},
		},
		"statistics input reversed range": {
			run: func() error {
				_, err := m.StatisticsInput(TimeRange{Start: testRange.End, End: testRange.Start}, time.Minute)
				return err
			},
			want: []kmswatch.Problem{{Field: "r.End", Rule: kmswatch.RuleRange, Message: "must be after Start (2026-11-24T06:40:00Z), got 2026-11-24T03:00:00Z"}},
		},
		"list metrics name too long": {
			run:  func() error { _, err := ListMetricsInput(strings.Repeat("m", 256), ActiveLast2Weeks); return err },
			want: []kmswatch.Problem{{Field: "metricName", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 255 characters, got 256"}},
		},
		"list metrics unknown activity": {
			run:  func() error { _, err := ListMetricsInput("", Activity(7)); return err },
			want: []kmswatch.Problem{{Field: "active", Rule: kmswatch.RuleEnum, Message: "must be ActiveLast2Weeks or ActiveLast3Hours, got 7"}},
		},
		"batch of nothing": {
			run:  func() error { _, err := NewBatch(nil, testRange, time.Minute); return err },
			want: []kmswatch.Problem{{Field: "ms", Rule: kmswatch.RuleCount, Message: "must hold at least 1 metric, got 0"}},
		},
		"batch with zero and duplicate metrics": {
			run: func() error {
				_, err := NewBatch([]Metric{m, {}, mustExpiry(t, testKeyARN)}, testRange, time.Minute)
				return err
			},
			want: []kmswatch.Problem{
				{Field: "ms[1]", Rule: kmswatch.RuleRequired, Message: zeroMetricProblem},
				{Field: "ms[2]", Rule: kmswatch.RuleUnique, Message: "must be unique; same metric as ms[0]"},
			},
		},
		"expiry batch reports every bad key": {
			run: func() error {
				_, err := ExpiryBatch([]string{testKeyID, "alias/a", "", testKeyARN}, testRange, 0)
				return err
			},
			want: []kmswatch.Problem{
				{Field: "period", Rule: kmswatch.RuleEnum, Message: "must be 1, 5, 10, 20, 30 s or a multiple of 60 s, got 0 s"},
				{Field: "keyRefs[1]", Rule: kmswatch.RulePattern, Message: `must be a key id or key ARN, got alias "alias/a"; resolve it with KMS DescribeKey first`},
				{Field: "keyRefs[2]", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 0"},
				{Field: "keyRefs[3]", Rule: kmswatch.RuleUnique, Message: `must name a different key; key "` + testKeyID + `" is already keyRefs[0]`},
			},
		},
		"expiry batch of nothing": {
			run:  func() error { _, err := ExpiryBatch(nil, testRange, time.Minute); return err },
			want: []kmswatch.Problem{{Field: "keyRefs", Rule: kmswatch.RuleCount, Message: "must hold at least 1 key, got 0"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			problemtest.Exact(t, tc.run(), tc.want)
		})
	}
}

func TestExpiryBatchGolden(t *testing.T) {
	b, err := ExpiryBatch([]string{testKeyID, "arn:aws:kms:us-west-2:111122223333:key/mrk-0123456789abcdef0123456789abcdef", "0987dcba-09fe-87dc-65ba-ab0987654321"}, testRange, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "expiry-batch-3-keys.json"), b.Inputs())
}

func keyIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
	}
	return ids
}

func TestExpiryBatchSplitsIntoFewestCalls(t *testing.T) {
	tests := map[string]struct {
		keys  int
		calls []int // queries per call
	}{
		"1 key":        {keys: 1, calls: []int{1}},
		"500 keys":     {keys: 500, calls: []int{500}},
		"501 keys":     {keys: 501, calls: []int{500, 1}},
		"1,001 keys":   {keys: 1001, calls: []int{500, 500, 1}},
		"10,000 keys":  {keys: 10000, calls: []int{500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500}},
		"10,001 keys":  {keys: 10001, calls: append(repeat(500, 20), 1)},
		"25,000 keys":  {keys: 25000, calls: repeat(500, 50)},
		"1,499 keys":   {keys: 1499, calls: []int{500, 500, 499}},
		"999 keys":     {keys: 999, calls: []int{500, 499}},
		"2 keys":       {keys: 2, calls: []int{2}},
		"499 keys":     {keys: 499, calls: []int{499}},
		"100,000 keys": {keys: 100000, calls: repeat(500, 200)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ids := keyIDs(tc.keys)
			b, err := ExpiryBatch(ids, testRange, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			var calls []int
			seen := map[string]bool{}
			for k, in := range b.Inputs() {
				calls = append(calls, len(in.MetricDataQueries))
				if !in.StartTime.Equal(testRange.Start) || !in.EndTime.Equal(testRange.End) {
					t.Errorf("call %d range = %v..%v", k, in.StartTime, in.EndTime)
				}
				for _, q := range in.MetricDataQueries {
					id := aws.ToString(q.Id)
					if !validQueryID(id) {
						t.Fatalf("call %d: invalid query Id %q", k, id)
					}
					if seen[id] {
						t.Fatalf("query Id %q repeats", id)
					}
					seen[id] = true
					m, ok := b.Metric(id)
					if !ok {
						t.Fatalf("Metric(%q) not found", id)
					}
					got := aws.ToString(q.MetricStat.Metric.Dimensions[0].Value)
					if want, _ := m.Dimension(DimensionKeyID); got != want {
						t.Fatalf("query %q asks for key %q but maps back to %q", id, got, want)
					}
				}
			}
			if diff := cmp.Diff(tc.calls, calls); diff != "" {
				t.Errorf("queries per call mismatch (-want +got):\n%s", diff)
			}
			if len(seen) != tc.keys || b.Len() != tc.keys {
				t.Errorf("distinct query Ids = %d, Len() = %d, want %d", len(seen), b.Len(), tc.keys)
			}
		})
	}
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func TestBatchMetricRejectsForeignIDs(t *testing.T) {
	b, err := ExpiryBatch(keyIDs(12), testRange, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"", "q", "q12", "q-1", "q+1", "q 1", "q01", "m1", "q1x", "Q1", "q99999999999999999999"} {
		if _, ok := b.Metric(id); ok {
			t.Errorf("Metric(%q) found, want not found", id)
		}
	}
	for _, id := range []string{"q0", "q11"} {
		if _, ok := b.Metric(id); !ok {
			t.Errorf("Metric(%q) not found", id)
		}
	}
}

func TestNewBatchMixedMetrics(t *testing.T) {
	req, err := SuccessfulRequest(testKeyARN, "Decrypt")
	if err != nil {
		t.Fatal(err)
	}
	quota, err := CallCount(QuotaCryptographicOperationsSymmetric)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBatch([]Metric{mustExpiry(t, testKeyID), req, quota}, testRange, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "batch-mixed.json"), b.Inputs())
}
