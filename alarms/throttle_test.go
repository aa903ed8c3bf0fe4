//go:build go1.25

package alarms_test

import (
	"context"
	"flag"
	"net/http"
	"path"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// fleet is the number of alarms TestSyncUnderThrottling creates; raise it
// (go test -run TestSyncUnderThrottling -fleet=45 -v) to measure a larger
// fleet.
var fleet = flag.Int("fleet", 12, "alarms created by TestSyncUnderThrottling")

// arrivals records when each request reaches the in-process CloudWatch,
// per operation: the service's side of the wire, where the quota is
// counted. It wraps the client's HTTP client, inside the Syncer's pacing,
// and the transport hands the request over on the spot.
type arrivals struct {
	next  cloudwatch.HTTPClient
	mu    *sync.Mutex
	times map[string][]time.Time
}

func (a arrivals) Do(r *http.Request) (*http.Response, error) {
	a.mu.Lock()
	op := path.Base(r.URL.Path)
	a.times[op] = append(a.times[op], time.Now())
	a.mu.Unlock()
	return a.next.Do(r)
}

// count returns how many requests for op arrived.
func (a arrivals) count(op string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.times[op])
}

// busiestSecond returns the most requests for op that arrived within any
// window [t, t+1s).
func (a arrivals) busiestSecond(op string) int {
	a.mu.Lock()
	ts := slices.Clone(a.times[op])
	a.mu.Unlock()
	slices.SortFunc(ts, func(x, y time.Time) int { return x.Compare(y) })
	return alarms.Busiest(ts)
}

// TestSyncUnderThrottling syncs a fleet while 30% of PutMetricAlarm and
// DescribeAlarms calls are throttled, through real SDK clients: the
// default client with the SDK's standard retryer and its backoff, and a
// client with SDK retries off. It runs in a synctest bubble, so the
// Syncer's pacing and backoff and the SDK's backoff all sleep on the
// bubble's clock (time itself), the same clock the arrivals are stamped
// with, and the test takes no wall time to wait. The Syncer's rate must
// hold for every HTTP request, SDK retries included, in every one-second
// window as the service counts them, Result.Calls must equal the requests
// the service received, and the one Sync must converge.
func TestSyncUnderThrottling(t *testing.T) {
	clients := map[string]func(*cloudwatch.Options){
		"default client (standard retryer)": func(*cloudwatch.Options) {},
		"SDK retries off":                   func(o *cloudwatch.Options) { o.Retryer = aws.NopRetryer{} },
	}
	for name, opt := range clients {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := cloudwatchtest.NewServer()
				defer srv.Close()
				rec := arrivals{mu: &sync.Mutex{}, times: map[string][]time.Time{}}
				client := srv.Client(opt, func(o *cloudwatch.Options) {
					rec.next = o.HTTPClient
					o.HTTPClient = rec
				})
				desired := alarms.Expiries(t, 0, *fleet, alarms.DefaultExpiryWithin, alarms.Options{})
				// The first read is throttled for sure, then 30% of all calls.
				srv.InjectFault(cloudwatchtest.OpDescribeAlarms, cloudwatchtest.Fault{Code: "Throttling"})
				for _, op := range []string{cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.OpDescribeAlarms} {
					srv.InjectFault(op, cloudwatchtest.Fault{Code: "Throttling", Probability: 0.3, Seed: 45})
				}
				s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix}
				start := time.Now()
				_, r, err := s.Sync(context.Background(), desired)
				elapsed := time.Since(start)
				if err != nil {
					t.Fatalf("Sync: %v", err)
				}
				puts := rec.count(cloudwatchtest.OpPutMetricAlarm)
				t.Logf("%d alarms in %s of virtual time: %d PutMetricAlarm requests, Result.Calls %d, at most %d in one second; %d DescribeAlarms requests, at most %d in one second",
					*fleet, elapsed.Round(time.Millisecond), puts, r.Calls["PutMetricAlarm"], rec.busiestSecond(cloudwatchtest.OpPutMetricAlarm),
					rec.count(cloudwatchtest.OpDescribeAlarms), rec.busiestSecond(cloudwatchtest.OpDescribeAlarms))

				type outcome struct {
					Calls                      int
					PutsPerSecond, ReadsPerSec bool
					Owned                      int
				}
				want := outcome{Calls: puts, PutsPerSecond: true, ReadsPerSec: true, Owned: *fleet}
				got := outcome{
					Calls:         r.Calls["PutMetricAlarm"],
					PutsPerSecond: rec.busiestSecond(cloudwatchtest.OpPutMetricAlarm) <= alarms.DefaultPutRate,
					ReadsPerSec:   rec.busiestSecond(cloudwatchtest.OpDescribeAlarms) <= alarms.DefaultDescribeRate,
					Owned:         len(srv.Alarms()),
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("outcome mismatch (-want +got):\n%s", diff)
				}
			})
		})
	}
}
