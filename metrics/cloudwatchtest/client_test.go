package cloudwatchtest_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/internal/readerbody"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// seedLarge stores 100 alarms and a day of one-minute points, so that
// DescribeAlarms and GetMetricData answers are far larger than the
// transport's 4 KiB read buffer.
func seedLarge(t *testing.T, srv *cloudwatchtest.Server, c *cloudwatch.Client) {
	t.Helper()
	for i := range 100 {
		if _, err := c.PutMetricAlarm(context.Background(), singleMetricAlarm(fmt.Sprintf("alarm-%03d", i))); err != nil {
			t.Fatal(err)
		}
	}
	values := make([]float64, 1440)
	for i := range values {
		values[i] = float64(i)
	}
	srv.Seed(kms, expiry, keyDims("k1"), points(now, values...)...)
}

// largeCalls are the calls whose responses span many reads, with the
// number of items each one returns.
var largeCalls = map[string]struct {
	call func(context.Context, *cloudwatch.Client) (int, error)
	want int
}{
	"DescribeAlarms 100 alarms": {
		call: func(ctx context.Context, c *cloudwatch.Client) (int, error) {
			out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(100)})
			if err != nil {
				return 0, err
			}
			return len(out.MetricAlarms), nil
		},
		want: 100,
	},
	"GetMetricData 1440 points": {
		call: func(ctx context.Context, c *cloudwatch.Client) (int, error) {
			out, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
				StartTime:         aws.Time(now.Add(-24 * time.Hour)),
				EndTime:           aws.Time(now.Add(time.Minute)),
				MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("m"), MetricStat: expiryStat("k1", 60, "Minimum")}},
			})
			if err != nil {
				return 0, err
			}
			if len(out.MetricDataResults) != 1 {
				return 0, fmt.Errorf("%d results, want 1", len(out.MetricDataResults))
			}
			return len(out.MetricDataResults[0].Values), nil
		},
		want: 1440,
	},
}

// TestLargeResponseWhenRequestBodyClosedEarly pins the cause of a flake
// (responses of 100 alarms failed now and then with "use of closed network
// connection"): the SDK closes the request body while net/http still
// drains it. Server.Client must deliver the response whatever the
// interleaving; a client built by hand around the same transport shows
// that the interleaving is really forced.
func TestLargeResponseWhenRequestBodyClosedEarly(t *testing.T) {
	srv, seeder := newServer(t)
	seedLarge(t, srv, seeder)
	clients := map[string]struct {
		build      func(http.RoundTripper) *cloudwatch.Client
		wantClosed bool
	}{
		"Server.Client": {
			build: func(rt http.RoundTripper) *cloudwatch.Client {
				return srv.Client(func(o *cloudwatch.Options) {
					o.RetryMaxAttempts = 1
					o.HTTPClient = &http.Client{Transport: rt}
				})
			},
		},
		"client built by hand (SDK defect shows)": {
			build: func(rt http.RoundTripper) *cloudwatch.Client {
				return cloudwatch.New(cloudwatch.Options{
					Region:           srv.Region(),
					BaseEndpoint:     aws.String(srv.URL()),
					Credentials:      credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
					HTTPClient:       &http.Client{Transport: rt},
					RetryMaxAttempts: 1,
				})
			},
			wantClosed: true,
		},
	}
	for cname, cl := range clients {
		for oname, op := range largeCalls {
			t.Run(cname+"/"+oname, func(t *testing.T) {
				rt := readerbody.NewLateDrainTransport()
				t.Cleanup(rt.CloseIdleConnections)
				n, err := op.call(context.Background(), cl.build(rt))
				want := []any{op.want, false}
				if cl.wantClosed {
					want = []any{0, true}
				}
				got := []any{n, errors.Is(err, net.ErrClosed)}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("[items connection-closed] mismatch (-want +got):\n%s\nerror: %v", diff, err)
				}
			})
		}
	}
}

// largeCallsPerOp is how many calls TestLargeResponsesRepeated makes per
// operation; raise it to measure (-large-calls=5000 makes 10,000 calls).
var largeCallsPerOp = flag.Int("large-calls", 100, "calls per operation in TestLargeResponsesRepeated")

// TestLargeResponsesRepeated reads large responses in the natural
// interleaving through Server.Client with retries off: every one must
// arrive whole.
func TestLargeResponsesRepeated(t *testing.T) {
	srv, seeder := newServer(t)
	seedLarge(t, srv, seeder)
	c := srv.Client(func(o *cloudwatch.Options) { o.RetryMaxAttempts = 1 })
	ctx := context.Background()
	calls := *largeCallsPerOp
	for name, op := range largeCalls {
		failures := 0
		for range calls {
			n, err := op.call(ctx, c)
			if err != nil || n != op.want {
				failures++
				if failures == 1 {
					t.Errorf("%s: %d items, error %v; want %d items", name, n, err, op.want)
				}
			}
		}
		t.Logf("%s: %d of %d calls failed", name, failures, calls)
		if failures > 0 {
			t.Errorf("%s: %d of %d calls failed", name, failures, calls)
		}
	}
}
