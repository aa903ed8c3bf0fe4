//go:build go1.25

package metrics_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// The tests in this file retry with the SDK's standard retryer, backoff
// included. Each runs in a testing/synctest bubble (Go 1.25 and later), where
// the backoff sleeps on the bubble's clock: the in-process CloudWatch needs
// no network, and the tests take no wall time to wait.

// pageCapper lowers MaxDatapoints on every call the paginator makes, so a
// small answer spans several pages; the real client still does the HTTP.
type pageCapper struct {
	c   *cloudwatch.Client
	max int32
}

func (p pageCapper) GetMetricData(ctx context.Context, in *cloudwatch.GetMetricDataInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricDataOutput, error) {
	cp := *in
	cp.MaxDatapoints = aws.Int32(p.max)
	return p.c.GetMetricData(ctx, &cp, optFns...)
}

func TestFetchFollowsNextTokenAndRetriesThrottling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t)
		soon, later := seedSoonAndLater(srv, 9*24*time.Hour, 300*24*time.Hour)
		b := lastHourBatch(t, "key-later", "key-none", "key-soon")
		srv.InjectFault(cloudwatchtest.OpGetMetricData, cloudwatchtest.Fault{Code: "Throttling", Times: 2})
		res, err := metrics.Fetch(context.Background(), pageCapper{srv.Client(), 25}, b)
		if err != nil {
			t.Fatal(err)
		}
		// 61 points per key with data, 25 per page: 5 pages, plus 2 throttled attempts.
		if got := srv.Calls(cloudwatchtest.OpGetMetricData); got != 7 {
			t.Errorf("GetMetricData calls = %d, want 7 (2 throttled + 5 pages)", got)
		}
		if got := len(res.Series[0].Points) + len(res.Series[2].Points); got != 122 {
			t.Errorf("merged %d points, want 122", got)
		}
		exps := res.Expiries()
		metrics.SortSoonestFirst(exps)
		type row struct {
			Key  string
			Data bool
			At   time.Time
		}
		var got []row
		for _, e := range exps {
			at, _ := e.ExpiresAt()
			got = append(got, row{e.KeyID, e.HasData, at})
		}
		want := []row{{"key-soon", true, soon}, {"key-later", true, later}, {"key-none", false, time.Time{}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestFetchGivesUpAfterRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t)
		b := lastHourBatch(t, "key-a")
		srv.InjectFault(cloudwatchtest.OpGetMetricData, cloudwatchtest.Fault{Code: "Throttling", Times: 5})
		_, err := metrics.Fetch(context.Background(), srv.Client(), b)
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "Throttling" {
			t.Fatalf("err = %v, want a Throttling smithy.APIError", err)
		}
		if got := srv.Calls(cloudwatchtest.OpGetMetricData); got != 3 {
			t.Errorf("GetMetricData calls = %d, want the SDK's 3 attempts", got)
		}
	})
}

func TestDiscoverMetricsSurfacesErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t)
		srv.InjectFault(cloudwatchtest.OpListMetrics, cloudwatchtest.Fault{Status: 503, Times: 3})
		in, err := metrics.ListMetricsInput("", metrics.ActiveLast2Weeks)
		if err != nil {
			t.Fatal(err)
		}
		_, err = metrics.DiscoverMetrics(context.Background(), srv.Client(), in)
		var apiErr smithy.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "ServiceUnavailable" {
			t.Fatalf("err = %v, want ServiceUnavailable", err)
		}
	})
}
