package metrics_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

var e2eNow = time.Date(2026, 11, 24, 6, 37, 23, 0, time.UTC)

func keyDims(id string) []types.Dimension {
	return []types.Dimension{{Name: aws.String(metrics.DimensionKeyID), Value: aws.String(id)}}
}

// seedCountdown seeds one reading per minute over the last hour, counting
// down to expiry.
func seedCountdown(srv *cloudwatchtest.Server, id string, expiry time.Time) {
	var pts []cloudwatchtest.Point
	for m := 60; m >= 0; m-- {
		at := e2eNow.Add(-time.Duration(m) * time.Minute).Truncate(time.Minute)
		pts = append(pts, cloudwatchtest.Point{Time: at, Value: expiry.Sub(at).Seconds()})
	}
	srv.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration, keyDims(id), pts...)
}

// seedSoonAndLater seeds the countdowns of key-soon and key-later, which
// expire soonIn and laterIn from now (to the minute), and returns their
// expiries. key-later is seeded first, so that order in the answers is not
// the order of seeding.
func seedSoonAndLater(srv *cloudwatchtest.Server, soonIn, laterIn time.Duration) (soon, later time.Time) {
	soon = e2eNow.Add(soonIn).Truncate(time.Minute)
	later = e2eNow.Add(laterIn).Truncate(time.Minute)
	seedCountdown(srv, "key-later", later)
	seedCountdown(srv, "key-soon", soon)
	return soon, later
}

// lastHourBatch is the expiry batch of ids over the last hour by minute.
func lastHourBatch(t *testing.T, ids ...string) *metrics.Batch {
	t.Helper()
	r, err := metrics.LastRange(time.Hour, time.Minute, e2eNow)
	if err != nil {
		t.Fatal(err)
	}
	b, err := metrics.ExpiryBatch(ids, r, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newServer(t *testing.T, opts ...cloudwatchtest.Option) *cloudwatchtest.Server {
	t.Helper()
	srv := cloudwatchtest.NewServer(append([]cloudwatchtest.Option{cloudwatchtest.WithClock(func() time.Time { return e2eNow })}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetchEndToEnd(t *testing.T) {
	srv := newServer(t)
	const n = 1201 // three calls: 500, 500, 1
	ids := make([]string, n)
	want := map[string]time.Time{}
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i)
		if i%3 == 0 {
			continue // every third key publishes nothing
		}
		exp := e2eNow.Add(time.Duration(i+1) * time.Hour).Truncate(time.Minute)
		want[ids[i]] = exp
		seedCountdown(srv, ids[i], exp)
	}
	b := lastHourBatch(t, ids...)
	res, err := metrics.Fetch(context.Background(), srv.Client(), b)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Calls(cloudwatchtest.OpGetMetricData); got != 3 {
		t.Errorf("GetMetricData calls = %d, want 3", got)
	}
	if res.Partial() {
		t.Errorf("Partial() = true; messages %v", res.Messages)
	}
	exps := res.Expiries()
	if len(exps) != n {
		t.Fatalf("got %d expiries, want %d", len(exps), n)
	}
	for i, e := range exps {
		if e.KeyID != ids[i] {
			t.Fatalf("expiry %d is for %q, want %q", i, e.KeyID, ids[i])
		}
		wantAt, hasData := want[e.KeyID]
		if e.HasData != hasData {
			t.Fatalf("key %s HasData = %v, want %v", e.KeyID, e.HasData, hasData)
		}
		at, ok := e.ExpiresAt()
		if ok != hasData || !at.Equal(wantAt) {
			t.Fatalf("key %s ExpiresAt() = %v, %v; want %v, %v", e.KeyID, at, ok, wantAt, hasData)
		}
	}
}

func TestDiscoverKeysPaginates(t *testing.T) {
	srv := newServer(t, cloudwatchtest.WithListMetricsPageSize(2))
	for _, id := range []string{"key-e", "key-a", "key-c", "key-b", "key-d"} {
		seedCountdown(srv, id, e2eNow.Add(48*time.Hour))
	}
	// Another AWS/KMS metric and a stale key must not be listed.
	srv.Seed(metrics.NamespaceKMS, metrics.MetricSuccessfulRequest,
		[]types.Dimension{{Name: aws.String("KeyArn"), Value: aws.String("arn:aws:kms:us-east-1:123456789012:key/x")}, {Name: aws.String("Operation"), Value: aws.String("Decrypt")}},
		cloudwatchtest.Point{Time: e2eNow.Add(-time.Minute), Value: 3})
	srv.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration, keyDims("key-stale"),
		cloudwatchtest.Point{Time: e2eNow.Add(-20 * 24 * time.Hour), Value: 100})
	srv.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration, keyDims("key-quiet"),
		cloudwatchtest.Point{Time: e2eNow.Add(-5 * time.Hour), Value: 100})

	tests := map[string]struct {
		active metrics.Activity
		want   []string
		calls  int
	}{
		"two weeks":       {want: []string{"key-a", "key-b", "key-c", "key-d", "key-e", "key-quiet"}, calls: 3},
		"recently active": {active: metrics.ActiveLast3Hours, want: []string{"key-a", "key-b", "key-c", "key-d", "key-e"}, calls: 3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			before := srv.Calls(cloudwatchtest.OpListMetrics)
			got, err := metrics.DiscoverKeys(context.Background(), srv.Client(), tc.active)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if calls := srv.Calls(cloudwatchtest.OpListMetrics) - before; calls != tc.calls {
				t.Errorf("ListMetrics calls = %d, want %d", calls, tc.calls)
			}
		})
	}
}

func TestInsightsEndToEnd(t *testing.T) {
	srv := newServer(t)
	soon, later := seedSoonAndLater(srv, 5*24*time.Hour, 50*24*time.Hour)
	r, err := metrics.LastRange(time.Hour, 5*time.Minute, e2eNow)
	if err != nil {
		t.Fatal(err)
	}
	in, err := metrics.ExpiryInsights().Input("all", r, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	out, err := srv.Client().GetMetricData(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	exps, msgs, err := metrics.InsightsExpiries("all", out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range exps {
		at, ok := e.ExpiresAt()
		got = append(got, fmt.Sprintf("%s %v %s", e.KeyID, ok, at.Format(time.RFC3339)))
	}
	// The newest 5-minute period starts at 06:35 and its Minimum is the 06:37
	// reading, so the projection is 2 minutes early (at most one period).
	early := e2eNow.Truncate(time.Minute).Sub(e2eNow.Truncate(5 * time.Minute))
	want := []string{
		"key-soon true " + soon.Add(-early).Format(time.RFC3339),
		"key-later true " + later.Add(-early).Format(time.RFC3339),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if len(msgs) != 0 {
		t.Errorf("messages = %v", msgs)
	}
}

func TestStatisticsEndToEnd(t *testing.T) {
	srv := newServer(t)
	exp := e2eNow.Add(10 * 24 * time.Hour).Truncate(time.Minute)
	seedCountdown(srv, "key-a", exp)
	m, err := metrics.SecondsUntilKeyMaterialExpiration("arn:aws:kms:us-east-1:123456789012:key/key-a")
	if err != nil {
		t.Fatal(err)
	}
	r, err := metrics.LastRange(30*time.Minute, time.Minute, e2eNow)
	if err != nil {
		t.Fatal(err)
	}
	in, err := m.StatisticsInput(r, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	out, err := srv.Client().GetMetricStatistics(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := metrics.LatestDatapoint(out, m.Statistic())
	if !ok {
		t.Fatal("no datapoint")
	}
	want := metrics.Point{Time: e2eNow.Truncate(time.Minute), Value: exp.Sub(e2eNow.Truncate(time.Minute)).Seconds()}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
