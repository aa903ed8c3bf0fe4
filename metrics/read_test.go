package metrics

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
)

func result(id string, status types.StatusCode, ts []time.Time, vs []float64, msgs ...types.MessageData) types.MetricDataResult {
	return types.MetricDataResult{Id: aws.String(id), Label: aws.String(id), StatusCode: status, Timestamps: ts, Values: vs, Messages: msgs}
}

func TestBatchRead(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
	keys := []string{"key-soon", "key-later", "key-none", "key-zero", "key-nan"}
	b, err := ExpiryBatch(keys, testRange, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	warn := types.MessageData{Code: aws.String("ArithmeticError"), Value: aws.String("something odd")}
	opMsg := types.MessageData{Code: aws.String("Throttled"), Value: aws.String("Maximum number of allowed metrics exceeded")}
	page1 := &cloudwatch.GetMetricDataOutput{
		MetricDataResults: []types.MetricDataResult{
			result("q0", types.StatusCodePartialData, []time.Time{t0.Add(10 * time.Minute), t0.Add(5 * time.Minute)}, []float64{7 * 86400, 7*86400 + 300}),
			result("q1", types.StatusCodeComplete, []time.Time{t0}, []float64{200 * 86400}),
			result("q2", types.StatusCodeComplete, nil, nil),
			result("q3", types.StatusCodeComplete, []time.Time{t0}, []float64{0}),
			result("q4", types.StatusCodeComplete, []time.Time{t0.Add(5 * time.Minute), t0}, []float64{math.NaN(), 42}, warn),
		},
		NextToken: aws.String("more"),
	}
	page2 := &cloudwatch.GetMetricDataOutput{
		MetricDataResults: []types.MetricDataResult{
			result("q0", types.StatusCodeComplete, []time.Time{t0}, []float64{7*86400 + 600}),
		},
		Messages: []types.MessageData{opMsg},
	}
	r, err := b.Read(page1, page2)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.Series[0].Points); got != 3 {
		t.Errorf("key-soon has %d points across pages, want 3", got)
	}
	if !r.Partial() {
		t.Error("Partial() = false despite an operation message")
	}
	want := []Expiry{
		{KeyID: "key-soon", HasData: true, Seconds: 7 * 86400, Observed: t0.Add(10 * time.Minute), Status: types.StatusCodeComplete},
		{KeyID: "key-later", HasData: true, Seconds: 200 * 86400, Observed: t0, Status: types.StatusCodeComplete},
		{KeyID: "key-none", Status: types.StatusCodeComplete},
		{KeyID: "key-zero", HasData: true, Seconds: 0, Observed: t0, Status: types.StatusCodeComplete},
		{KeyID: "key-nan", HasData: true, Seconds: 42, Observed: t0, Status: types.StatusCodeComplete, Messages: []types.MessageData{warn}},
	}
	got := r.Expiries()
	if diff := cmp.Diff(want, got, ignoreSerde, cmp.AllowUnexported(types.MessageData{})); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]types.MessageData{opMsg}, r.Messages, cmp.AllowUnexported(types.MessageData{})); diff != "" {
		t.Errorf("operation messages mismatch (-want +got):\n%s", diff)
	}

	// Zero seconds left is data; no datapoint is not.
	if d, ok := got[3].Left(); !ok || d != 0 {
		t.Errorf("key-zero Left() = %v, %v; want 0, true", d, ok)
	}
	if d, ok := got[2].Left(); ok || d != 0 {
		t.Errorf("key-none Left() = %v, %v; want 0, false", d, ok)
	}
	if at, ok := got[2].ExpiresAt(); ok || !at.IsZero() {
		t.Errorf("key-none ExpiresAt() = %v, %v; want zero, false", at, ok)
	}
	if at, ok := got[0].ExpiresAt(); !ok || !at.Equal(t0.Add(10*time.Minute+7*24*time.Hour)) {
		t.Errorf("key-soon ExpiresAt() = %v, %v", at, ok)
	}

	SortSoonestFirst(got)
	var order []string
	for _, e := range got {
		order = append(order, e.KeyID)
	}
	if diff := cmp.Diff([]string{"key-zero", "key-nan", "key-soon", "key-later", "key-none"}, order); diff != "" {
		t.Errorf("order mismatch (-want +got):\n%s", diff)
	}
}

func TestBatchReadStatus(t *testing.T) {
	b, err := ExpiryBatch([]string{"a", "b"}, testRange, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		outs    []*cloudwatch.GetMetricDataOutput
		partial bool
		status  []types.StatusCode
	}{
		"all complete": {
			outs:   []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{result("q0", types.StatusCodeComplete, nil, nil), result("q1", types.StatusCodeComplete, nil, nil)}}},
			status: []types.StatusCode{types.StatusCodeComplete, types.StatusCodeComplete},
		},
		"one query never answered": {
			outs:    []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{result("q0", types.StatusCodeComplete, nil, nil)}}},
			partial: true,
			status:  []types.StatusCode{types.StatusCodeComplete, ""},
		},
		"internal error": {
			outs:    []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{result("q0", types.StatusCodeComplete, nil, nil), result("q1", types.StatusCodeInternalError, nil, nil)}}},
			partial: true,
			status:  []types.StatusCode{types.StatusCodeComplete, types.StatusCodeInternalError},
		},
		"mismatched lengths pair what they can": {
			outs: []*cloudwatch.GetMetricDataOutput{{MetricDataResults: []types.MetricDataResult{
				result("q0", types.StatusCodeComplete, []time.Time{testNow, testNow}, []float64{1}),
				result("q1", types.StatusCodeComplete, []time.Time{testNow}, []float64{1, 2}),
			}}},
			status: []types.StatusCode{types.StatusCodeComplete, types.StatusCodeComplete},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r, err := b.Read(tc.outs...)
			if err != nil {
				t.Fatal(err)
			}
			if r.Partial() != tc.partial {
				t.Errorf("Partial() = %v, want %v", r.Partial(), tc.partial)
			}
			var status []types.StatusCode
			for _, s := range r.Series {
				status = append(status, s.Status)
				if len(s.Points) > 1 {
					t.Errorf("series %s has %d points, want at most 1", s.Label, len(s.Points))
				}
			}
			if diff := cmp.Diff(tc.status, status); diff != "" {
				t.Errorf("status mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadRejectsForeignOutput(t *testing.T) {
	b, err := ExpiryBatch([]string{"a"}, testRange, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.Read(&cloudwatch.GetMetricDataOutput{MetricDataResults: []types.MetricDataResult{result("m7", types.StatusCodeComplete, nil, nil)}})
	var uq *UnknownQueryError
	if !errors.As(err, &uq) || uq.ID != "m7" {
		t.Fatalf("err = %v, want *UnknownQueryError for m7", err)
	}
}

func TestLeftClamps(t *testing.T) {
	tests := map[string]struct {
		seconds float64
		want    time.Duration
	}{
		"ten days":  {seconds: 864000, want: 240 * time.Hour},
		"fraction":  {seconds: 1.5, want: 1500 * time.Millisecond},
		"expired":   {seconds: -60, want: -time.Minute},
		"huge":      {seconds: 1e300, want: time.Duration(math.MaxInt64)},
		"huge past": {seconds: -1e300, want: time.Duration(math.MinInt64)},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := Expiry{HasData: true, Seconds: tc.seconds}.Left()
			if !ok || got != tc.want {
				t.Errorf("Left() = %v, %v; want %v, true", got, ok, tc.want)
			}
		})
	}
}

func TestLatestDatapoint(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
	out := &cloudwatch.GetMetricStatisticsOutput{Datapoints: []types.Datapoint{
		{Timestamp: aws.Time(t0), Minimum: aws.Float64(900)},
		{Timestamp: aws.Time(t0.Add(time.Minute)), Minimum: aws.Float64(840), Sum: aws.Float64(1)},
		{Timestamp: nil, Minimum: aws.Float64(1)},
		{Timestamp: aws.Time(t0.Add(2 * time.Minute)), Maximum: aws.Float64(5)},
	}}
	tests := map[string]struct {
		stat types.Statistic
		want Point
		ok   bool
	}{
		"minimum":      {stat: types.StatisticMinimum, want: Point{t0.Add(time.Minute), 840}, ok: true},
		"maximum":      {stat: types.StatisticMaximum, want: Point{t0.Add(2 * time.Minute), 5}, ok: true},
		"sum":          {stat: types.StatisticSum, want: Point{t0.Add(time.Minute), 1}, ok: true},
		"average none": {stat: types.StatisticAverage},
		"sample none":  {stat: types.StatisticSampleCount},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := LatestDatapoint(out, tc.stat)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, ok := LatestDatapoint(nil, types.StatisticMinimum); ok {
		t.Error("LatestDatapoint(nil) found a point")
	}
}

// TestNilResult checks that a nil *Result, as a failed Fetch returns, can be
// asked for its answer without a panic and is never mistaken for a complete one.
func TestNilResult(t *testing.T) {
	var r *Result
	if !r.Partial() {
		t.Error("nil Result: Partial() = false, want true")
	}
	if es := r.Expiries(); len(es) != 0 {
		t.Errorf("nil Result: Expiries() = %v, want none", es)
	}
}
