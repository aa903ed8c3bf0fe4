package alarms

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/internal/problemtest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// testStart is when the tests' virtual clocks start.
var testStart = time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)

// jumping returns a virtual clock on which a Syncer's pacing and backoff
// cost no wall time: each sleep moves the clock to its end.
func jumping() clock.Clock { return clock.NewVirtual(testStart).Jumping() }

// sleepRecorder returns a jumping clock and the durations slept on it, one
// per sleep, read from the clock's moves.
func sleepRecorder() (*clock.Virtual, clock.Clock, *[]time.Duration) {
	v := clock.NewVirtual(testStart)
	var slept []time.Duration
	prev := testStart
	v.OnAdvance(func(now time.Time) {
		slept = append(slept, now.Sub(prev))
		prev = now
	})
	return v, v.Jumping(), &slept
}

// newFake starts the in-process CloudWatch and returns it with a real SDK
// client whose own retries are off, so the Syncer's retries are what run.
func newFake(t *testing.T) (*cloudwatchtest.Server, *cloudwatch.Client) {
	t.Helper()
	srv := cloudwatchtest.NewServer()
	t.Cleanup(srv.Close)
	return srv, srv.Client(func(o *cloudwatch.Options) { o.Retryer = aws.NopRetryer{} })
}

func mustExpiry(t testing.TB, key string, within time.Duration, o Options) *cloudwatch.PutMetricAlarmInput {
	t.Helper()
	in, err := KeyMaterialExpiry(key, within, o)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func testKey(i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i) }

// testKeys returns testKey(i) for i in from..to-1.
func testKeys(from, to int) []string {
	keys := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		keys = append(keys, testKey(i))
	}
	return keys
}

// expiries returns the expiry alarms of testKeys(from, to), the fleets the
// Syncer tests plan, apply and seed.
func expiries(t testing.TB, from, to int, within time.Duration, o Options) []*cloudwatch.PutMetricAlarmInput {
	t.Helper()
	ins, err := KeyMaterialExpiries(testKeys(from, to), within, o)
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

func put(t testing.TB, client *cloudwatch.Client, ins ...*cloudwatch.PutMetricAlarmInput) {
	t.Helper()
	for _, in := range ins {
		if _, err := client.PutMetricAlarm(context.Background(), in); err != nil {
			t.Fatalf("seeding %s: %v", *in.AlarmName, err)
		}
	}
}

func names(alarms []types.MetricAlarm) []string {
	out := make([]string, len(alarms))
	for i, a := range alarms {
		out[i] = *a.AlarmName
	}
	return out
}

func unowned() *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("team-b-cpu"), Namespace: aws.String("AWS/EC2"), MetricName: aws.String("CPUUtilization"),
		Statistic: types.StatisticAverage, Period: aws.Int32(300), EvaluationPeriods: aws.Int32(1),
		ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold, Threshold: aws.Float64(90),
	}
}

func TestSyncEndToEnd(t *testing.T) {
	srv, client := newFake(t)
	notify := Options{AlarmActions: []string{testTopic}}
	keep := mustExpiry(t, testKey(1), DefaultExpiryWithin, notify)
	put(t, client,
		keep,
		mustExpiry(t, testKey(2), 5*24*time.Hour, notify),      // threshold will change
		mustExpiry(t, testKey(3), DefaultExpiryWithin, notify), // key gone: delete
		unowned(),
	)
	desired := []*cloudwatch.PutMetricAlarmInput{
		keep,
		mustExpiry(t, testKey(2), DefaultExpiryWithin, notify),
		mustExpiry(t, testKey(4), DefaultExpiryWithin, notify),
	}
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: jumping()}

	p, r, err := s.Sync(context.Background(), desired)
	if err != nil {
		t.Fatal(err)
	}
	wantPlan := "plan for prefix \"" + ExpiryPrefix + "\": 1 to create, 1 to update, 1 to delete, 1 unchanged\n" +
		"+ " + ExpiryPrefix + testKey(4) + "\n" +
		"~ " + ExpiryPrefix + testKey(2) + " (AlarmDescription, Threshold)\n" +
		"- " + ExpiryPrefix + testKey(3) + "\n"
	if diff := cmp.Diff(wantPlan, p.String()); diff != "" {
		t.Errorf("plan mismatch (-want +got):\n%s", diff)
	}
	wantResult := &Result{
		Done:  []Step{{OpCreate, ExpiryPrefix + testKey(4)}, {OpUpdate, ExpiryPrefix + testKey(2)}, {OpDelete, ExpiryPrefix + testKey(3)}},
		Calls: map[string]int{"PutMetricAlarm": 2, "DeleteAlarms": 1},
	}
	if diff := cmp.Diff(wantResult, r); diff != "" {
		t.Errorf("result mismatch (-want +got):\n%s", diff)
	}
	wantNames := []string{ExpiryPrefix + testKey(1), ExpiryPrefix + testKey(2), ExpiryPrefix + testKey(4), "team-b-cpu"}
	if diff := cmp.Diff(wantNames, names(srv.Alarms())); diff != "" {
		t.Errorf("alarms mismatch (-want +got):\n%s", diff)
	}
	assertConverged(t, srv, desired)

	// Idempotent: a second sync reads and does nothing else.
	puts, dels, reads := srv.Calls(cloudwatchtest.OpPutMetricAlarm), srv.Calls(cloudwatchtest.OpDeleteAlarms), srv.Calls(cloudwatchtest.OpDescribeAlarms)
	p, r, err = s.Sync(context.Background(), desired)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() || len(r.Done) != 0 {
		t.Errorf("second sync: plan %v, result %+v; want nothing to do", p, r)
	}
	got := []int{srv.Calls(cloudwatchtest.OpPutMetricAlarm) - puts, srv.Calls(cloudwatchtest.OpDeleteAlarms) - dels, srv.Calls(cloudwatchtest.OpDescribeAlarms) - reads}
	if diff := cmp.Diff([]int{0, 0, 1}, got); diff != "" {
		t.Errorf("second sync calls [put delete describe] mismatch (-want +got):\n%s", diff)
	}
}

// assertConverged checks that the owned alarms on srv are exactly desired,
// field for field as Diff compares them.
func assertConverged(t *testing.T, srv *cloudwatchtest.Server, desired []*cloudwatch.PutMetricAlarmInput) {
	t.Helper()
	owned := map[string]types.MetricAlarm{}
	for _, a := range srv.Alarms() {
		if len(*a.AlarmName) >= len(ExpiryPrefix) && (*a.AlarmName)[:len(ExpiryPrefix)] == ExpiryPrefix {
			owned[*a.AlarmName] = a
		}
	}
	if len(owned) != len(desired) {
		t.Errorf("%d owned alarms exist, want %d", len(owned), len(desired))
	}
	for _, in := range desired {
		a, ok := owned[*in.AlarmName]
		if !ok {
			t.Errorf("alarm %s missing", *in.AlarmName)
			continue
		}
		if d := Diff(in, &a); d != nil {
			t.Errorf("alarm %s differs in %v", *in.AlarmName, d)
		}
	}
}

func TestSyncRetriesThrottlingAnd5xx(t *testing.T) {
	srv, client := newFake(t)
	put(t, client, mustExpiry(t, testKey(9), DefaultExpiryWithin, Options{}))
	desired := []*cloudwatch.PutMetricAlarmInput{
		mustExpiry(t, testKey(1), DefaultExpiryWithin, Options{}),
		mustExpiry(t, testKey(2), DefaultExpiryWithin, Options{}),
	}
	srv.InjectFault(cloudwatchtest.OpDescribeAlarms, cloudwatchtest.Fault{Code: "Throttling", Times: 1})
	srv.InjectFault(cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.Fault{Code: "Throttling", Status: 400, Times: 2})
	srv.InjectFault(cloudwatchtest.OpDeleteAlarms, cloudwatchtest.Fault{Status: 503, Times: 1})
	_, clk, slept := sleepRecorder()
	// Pacing at 1e9/s waits 1 ns at most, which tells its sleeps apart from
	// the backoff sleeps counted below.
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: clk, PutRate: 1e9, DeleteRate: 1e9, DescribeRate: 1e9}
	putsBefore := srv.Calls(cloudwatchtest.OpPutMetricAlarm)

	_, r, err := s.Sync(context.Background(), desired)
	if err != nil {
		t.Fatal(err)
	}
	wantCalls := map[string]int{"PutMetricAlarm": 4, "DeleteAlarms": 2}
	if diff := cmp.Diff(wantCalls, r.Calls); diff != "" {
		t.Errorf("calls mismatch (-want +got):\n%s", diff)
	}
	got := []int{srv.Calls(cloudwatchtest.OpPutMetricAlarm) - putsBefore, srv.Calls(cloudwatchtest.OpDeleteAlarms), srv.Calls(cloudwatchtest.OpDescribeAlarms)}
	if diff := cmp.Diff([]int{4, 2, 2}, got); diff != "" {
		t.Errorf("server calls [put delete describe] mismatch (-want +got):\n%s", diff)
	}
	assertConverged(t, srv, desired)
	// Four failed attempts, four backoff waits, each within the cap. The
	// jittered wait lies in [0, 2^attempt s); one under a microsecond is
	// unlikely enough (about 1e-6) to count as a failure.
	var backoffs int
	for _, d := range *slept {
		if d > DefaultMaxBackoff {
			t.Errorf("slept %s, above the %s cap", d, DefaultMaxBackoff)
		}
		if d > time.Microsecond {
			backoffs++
		}
	}
	if backoffs != 4 {
		t.Errorf("%d backoff sleeps, want 4 (one per failed attempt): %v", backoffs, *slept)
	}
}

// TestApplyGoesOnAndReports fails one or more steps for good and checks
// that the apply makes every other change, deletions included, and
// reports each failed step with its cause.
func TestApplyGoesOnAndReports(t *testing.T) {
	notify := Options{AlarmActions: []string{testTopic}}
	create := func(i int) Step { return Step{OpCreate, ExpiryPrefix + testKey(i)} }
	type failure struct {
		Code     string
		Attempts int
		Steps    []Step
	}
	tests := []struct {
		name        string
		maxAttempts int
		fault       cloudwatchtest.Fault
		afterPuts   int // inject the fault after this many successful puts
		want        []failure
	}{
		{name: "throttled beyond the attempt limit", maxAttempts: 3, fault: cloudwatchtest.Fault{Code: "Throttling", Times: 4},
			afterPuts: 1, want: []failure{{"Throttling", 3, []Step{create(1)}}}},
		{name: "access denied is not retried", maxAttempts: 5, fault: cloudwatchtest.Fault{Code: "AccessDenied", Status: 403, Times: 2},
			afterPuts: 2, want: []failure{{"AccessDenied", 1, []Step{create(2)}}, {"AccessDenied", 1, []Step{create(3)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, client := newFake(t)
			stale := mustExpiry(t, testKey(99), DefaultExpiryWithin, notify)
			put(t, client, stale)
			desired := expiries(t, 0, 4, DefaultExpiryWithin, notify)
			api := &faultAfter{API: client, srv: srv, after: tt.afterPuts, fault: tt.fault}
			s := &Syncer{Client: api, Prefix: ExpiryPrefix, MaxAttempts: tt.maxAttempts, Clock: jumping()}
			p, err := s.Plan(context.Background(), desired)
			if err != nil {
				t.Fatal(err)
			}
			r, err := s.Apply(context.Background(), p)

			var ae *ApplyError
			var apiErr smithy.APIError
			if !errors.As(err, &ae) || !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *ApplyError wrapping a smithy.APIError", err)
			}
			var got []failure
			var wantNotDone []Step
			for _, f := range ae.Failed {
				var fe smithy.APIError
				errors.As(f, &fe)
				got = append(got, failure{fe.ErrorCode(), f.Attempts, f.Steps})
			}
			wantDone := []Step{}
			for i := range 4 {
				if !slices.ContainsFunc(tt.want, func(f failure) bool { return f.Steps[0] == create(i) }) {
					wantDone = append(wantDone, create(i))
				} else {
					wantNotDone = append(wantNotDone, create(i))
				}
			}
			wantDone = append(wantDone, Step{OpDelete, *stale.AlarmName})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("failures mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([][]Step{wantDone, wantNotDone}, [][]Step{r.Done, r.NotDone}); diff != "" {
				t.Errorf("[done not-done] mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(map[string]int{"PutMetricAlarm": srv.Calls(cloudwatchtest.OpPutMetricAlarm) - 1, "DeleteAlarms": 1}, r.Calls); diff != "" {
				t.Errorf("calls mismatch (-want +got):\n%s", diff)
			}
			if slices.Contains(names(srv.Alarms()), *stale.AlarmName) {
				t.Errorf("stale alarm not deleted although only puts failed")
			}
		})
	}
}

// TestApplyErrorIsBounded fails 250 changes with a 100 KB service message
// and checks that the error text stays short while every failure stays
// reachable.
func TestApplyErrorIsBounded(t *testing.T) {
	srv, client := newFake(t)
	huge := strings.Repeat("x", 100<<10)
	desired := expiries(t, 0, 250, DefaultExpiryWithin, Options{})
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: jumping(), PutRate: 1e9}
	p, err := s.Plan(context.Background(), desired)
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.Fault{Code: "AccessDenied", Status: 403, Message: huge, Times: 250})
	_, err = s.Apply(context.Background(), p)
	var ae *ApplyError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *ApplyError", err)
	}
	msg := err.Error()
	got := []any{len(ae.Failed), len(msg) < 2000, strings.Contains(msg, "and 247 more failed call(s)"), strings.Contains(msg, "(102")}
	if diff := cmp.Diff([]any{250, true, true, true}, got); diff != "" {
		t.Errorf("[failures short names-rest gives-length] mismatch (-want +got):\n%s\nmessage (%d bytes): %.600s", diff, len(msg), msg)
	}
	var apiErr smithy.APIError
	if !errors.As(ae.Failed[249], &apiErr) || apiErr.ErrorMessage() != huge {
		t.Errorf("the last failure does not carry the full service message")
	}
}

// faultAfter injects a fault into the server once after PutMetricAlarm has
// succeeded a number of times, to fail an apply part way.
type faultAfter struct {
	API
	srv   *cloudwatchtest.Server
	after int
	fault cloudwatchtest.Fault
	n     int
}

func (f *faultAfter) PutMetricAlarm(ctx context.Context, in *cloudwatch.PutMetricAlarmInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricAlarmOutput, error) {
	if f.n == f.after {
		f.srv.InjectFault(cloudwatchtest.OpPutMetricAlarm, f.fault)
	}
	f.n++
	return f.API.PutMetricAlarm(ctx, in, optFns...)
}

func TestApplyHonoursContext(t *testing.T) {
	srv, client := newFake(t)
	desired := expiries(t, 0, 5, DefaultExpiryWithin, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A clock no one moves: the first put goes at once, the second waits
	// for its slot for ever, and the context is cancelled during that wait.
	v := clock.NewVirtual(testStart)
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: v}
	p, err := s.Plan(ctx, desired)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for v.Sleepers() == 0 {
			runtime.Gosched()
		}
		cancel()
	}()
	r, err := s.Apply(ctx, p)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if diff := cmp.Diff([]int{1, 4}, []int{len(r.Done), len(r.NotDone)}); diff != "" {
		t.Errorf("[done not-done] mismatch (-want +got):\n%s", diff)
	}
	if n := srv.Calls(cloudwatchtest.OpPutMetricAlarm); n != 1 {
		t.Errorf("%d PutMetricAlarm calls, want 1", n)
	}
}

// clockedHTTP records the clock's time of every request the client sends.
type clockedHTTP struct {
	next  cloudwatch.HTTPClient
	clock clock.Clock
	at    *[]time.Time
}

func (c clockedHTTP) Do(r *http.Request) (*http.Response, error) {
	*c.at = append(*c.at, c.clock.Now())
	return c.next.Do(r)
}

// busiest returns the most times within any window [t, t+1s).
func busiest(ts []time.Time) int {
	most := 0
	for i := range ts {
		j := i
		for j < len(ts) && ts[j].Sub(ts[i]) < time.Second {
			j++
		}
		most = max(most, j-i)
	}
	return most
}

// TestApplyPacesPuts checks on the clock that no one-second window holds
// more requests than the rate (rounded down: 1s/3 truncated once let four
// in), SDK retries included, and that pacing costs no more than the window
// and its guard require.
func TestApplyPacesPuts(t *testing.T) {
	tests := []struct {
		rate    float64
		perSec  int // the most requests in one second
		spacing time.Duration
	}{
		{rate: 0, perSec: 3, spacing: 340 * time.Millisecond}, // DefaultPutRate
		{rate: 3, perSec: 3, spacing: 340 * time.Millisecond},
		{rate: 10, perSec: 10, spacing: 102 * time.Millisecond},
		{rate: 2.5, perSec: 2, spacing: 510 * time.Millisecond},
		{rate: 0.5, perSec: 1, spacing: 2040 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("rate=", tt.rate), func(t *testing.T) {
			srv := cloudwatchtest.NewServer()
			t.Cleanup(srv.Close)
			clk := jumping()
			var at []time.Time
			client := srv.Client(func(o *cloudwatch.Options) {
				o.Retryer = faketest.NoBackoff(3) // no SDK backoff: pacing alone spaces retries
				o.HTTPClient = clockedHTTP{next: o.HTTPClient, clock: clk, at: &at}
			})
			desired := expiries(t, 0, 10, DefaultExpiryWithin, Options{})
			s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: clk, PutRate: tt.rate}
			p, err := s.Plan(context.Background(), desired)
			if err != nil {
				t.Fatal(err)
			}
			at = nil
			// Two puts are throttled once each and retried by the SDK.
			srv.InjectFault(cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.Fault{Code: "Throttling", Times: 1})
			srv.InjectFault(cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.Fault{Code: "Throttling", Status: 400, Times: 1})
			start := clk.Now()
			r, err := s.Apply(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			// Twelve requests at the rate span eleven spacings.
			got := []any{len(at), r.Calls["PutMetricAlarm"], busiest(at), clk.Now().Sub(start)}
			if diff := cmp.Diff([]any{12, 12, tt.perSec, 11 * tt.spacing}, got); diff != "" {
				t.Errorf("[requests calls busiest-second clock-time] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestApplyBatchesDeletes(t *testing.T) {
	srv, client := newFake(t)
	for i := range 250 {
		put(t, client, mustExpiry(t, testKey(i), DefaultExpiryWithin, Options{}))
	}
	put(t, client, unowned())
	pages := &pageCounter{API: client}
	s := &Syncer{Client: pages, Prefix: ExpiryPrefix, Clock: jumping(), AllowMassDelete: true}
	p, r, err := s.Sync(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	_, wantDeletes := p.Calls()
	got := []int{len(p.Delete), wantDeletes, r.Calls["DeleteAlarms"], srv.Calls(cloudwatchtest.OpDeleteAlarms), len(srv.Alarms()),
		pages.n, srv.Calls(cloudwatchtest.OpDescribeAlarms)}
	// 250 owned alarms are read in 3 pages of up to 100.
	if diff := cmp.Diff([]int{250, 3, 3, 3, 1, 3, 3}, got); diff != "" {
		t.Errorf("[planned batches calls server-calls left describe-pages server-describes] mismatch (-want +got):\n%s", diff)
	}
}

// TestExistingRetriesFailedPage throttles the second DescribeAlarms page
// beyond the client's own retries and checks that the Syncer asks for the
// same page again after a backoff, and reads every alarm once.
func TestExistingRetriesFailedPage(t *testing.T) {
	for name, retries := range map[string]int{"SDK retries off": 1, "SDK retries on": 3} {
		t.Run(name, func(t *testing.T) {
			srv := cloudwatchtest.NewServer()
			t.Cleanup(srv.Close)
			client := srv.Client(func(o *cloudwatch.Options) {
				o.Retryer = faketest.NoBackoff(retries) // the Syncer's backoff is measured, not the SDK's
			})
			for i := range 250 {
				put(t, client, mustExpiry(t, testKey(i), DefaultExpiryWithin, Options{}))
			}
			throttled := 2 * retries // every attempt of two calls
			pages := &pageCounter{API: client, before: func(n int) {
				if n == 1 {
					srv.InjectFault(cloudwatchtest.OpDescribeAlarms, cloudwatchtest.Fault{Code: "Throttling", Times: throttled})
				}
			}}
			_, clk, slept := sleepRecorder()
			s := &Syncer{Client: pages, Prefix: ExpiryPrefix, Clock: clk, DescribeRate: 1e9}
			existing, err := s.Existing(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var backoffs int
			for _, d := range *slept {
				if d > time.Microsecond { // pacing at 1e9/s sleeps 2 ns at most
					backoffs++
				}
			}
			got := []int{len(existing), len(slices.Compact(names(existing))), pages.n, srv.Calls(cloudwatchtest.OpDescribeAlarms), backoffs}
			// Pages: 1, then 2 failing twice, then 2 again, then 3; the
			// Syncer waits before each of its own retries.
			if diff := cmp.Diff([]int{250, 250, 5, 3 + throttled, 2}, got); diff != "" {
				t.Errorf("[alarms distinct calls server-requests backoffs] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// pageCounter counts the DescribeAlarms calls made, failed ones included,
// and can act before each.
type pageCounter struct {
	API
	n      int
	before func(n int)
}

func (c *pageCounter) DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	if c.before != nil {
		c.before(c.n)
	}
	c.n++
	return c.API.DescribeAlarms(ctx, in, optFns...)
}

func TestApplyDeleteNotFoundFallsBackPerName(t *testing.T) {
	srv, client := newFake(t)
	exists := mustExpiry(t, testKey(1), DefaultExpiryWithin, Options{})
	put(t, client, exists)
	gone := ExpiryPrefix + testKey(2) // deleted by someone else since planning
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: jumping(), AllowMassDelete: true}
	r, err := s.Apply(context.Background(), &Plan{Prefix: ExpiryPrefix, Delete: []string{*exists.AlarmName, gone}})
	if err != nil {
		t.Fatal(err)
	}
	want := &Result{
		Done:  []Step{{OpDelete, *exists.AlarmName}, {OpDelete, gone}},
		Calls: map[string]int{"DeleteAlarms": 3},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("result mismatch (-want +got):\n%s", diff)
	}
	if n := len(srv.Alarms()); n != 0 {
		t.Errorf("%d alarms left, want 0", n)
	}
}

func TestApplyRefusesPlansOutsidePrefix(t *testing.T) {
	srv, client := newFake(t)
	put(t, client, unowned())
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: jumping()}
	tests := map[string]*Plan{
		"other prefix":          {Prefix: "team-b-", Delete: []string{"team-b-cpu"}},
		"delete outside prefix": {Prefix: ExpiryPrefix, Delete: []string{"team-b-cpu"}},
		"create outside prefix": {Prefix: ExpiryPrefix, Create: []*cloudwatch.PutMetricAlarmInput{unowned()}},
		"same alarm twice": {Prefix: ExpiryPrefix, Create: []*cloudwatch.PutMetricAlarmInput{mustExpiry(t, testKey(1), time.Hour, Options{})},
			Delete: []string{ExpiryPrefix + testKey(1)}},
	}
	tests["nil plan"] = nil
	for name, p := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Apply(context.Background(), p); err == nil {
				t.Fatal("Apply accepted the plan")
			}
		})
	}
	calls := []int{srv.Calls(cloudwatchtest.OpPutMetricAlarm), srv.Calls(cloudwatchtest.OpDeleteAlarms)}
	if diff := cmp.Diff([]int{1, 0}, calls); diff != "" { // the one put is the seeding
		t.Errorf("[put delete] calls mismatch (-want +got):\n%s", diff)
	}
}

// TestSyncValidatesBeforeCalling gives Sync a bad Syncer field and bad
// desired inputs and checks that every problem comes back at once and that
// nothing is sent, not even a read.
func TestSyncValidatesBeforeCalling(t *testing.T) {
	srv, client := newFake(t)
	good := mustExpiry(t, testKey(1), DefaultExpiryWithin, Options{})
	bad := mustExpiry(t, testKey(2), DefaultExpiryWithin, Options{})
	bad.Period = aws.Int32(7)
	s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: jumping(), PutRate: -1}
	_, _, err := s.Sync(context.Background(), []*cloudwatch.PutMetricAlarmInput{good, nil, bad, unowned(), good})
	fields := problemtest.Fields(t, err)
	want := []string{"PutRate", "desired[1]", "desired[2].Period", "desired[3].AlarmName", "desired[4].AlarmName"}
	if diff := cmp.Diff(want, fields); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s\n%v", diff, err)
	}
	var calls int
	for _, op := range []string{cloudwatchtest.OpDescribeAlarms, cloudwatchtest.OpPutMetricAlarm, cloudwatchtest.OpDeleteAlarms} {
		calls += srv.Calls(op)
	}
	if calls != 0 {
		t.Errorf("%d calls sent before the input was validated, want 0", calls)
	}
}

func TestSyncerConfigErrors(t *testing.T) {
	tests := map[string]*Syncer{
		"no client":         {Prefix: ExpiryPrefix},
		"negative rate":     {Client: &cloudwatch.Client{}, Prefix: ExpiryPrefix, PutRate: -1},
		"negative attempts": {Client: &cloudwatch.Client{}, Prefix: ExpiryPrefix, MaxAttempts: -1},
		"empty prefix":      {Client: &cloudwatch.Client{}},
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Existing(context.Background()); err == nil {
				t.Fatal("Existing accepted the configuration")
			}
		})
	}
}

// TestSyncConverges is a property test: for random existing and desired
// fleets, one Sync makes the owned alarms equal the desired ones, leaves
// unowned alarms alone, makes exactly the calls the plan predicts, and a
// second plan is empty.
func TestSyncConverges(t *testing.T) {
	rng := rand.New(rand.NewSource(20261124))
	thresholds := []time.Duration{24 * time.Hour, DefaultExpiryWithin, 30 * 24 * time.Hour}
	topics := [][]string{nil, {testTopic}, {testTopic, testLambda}}
	random := func() *cloudwatch.PutMetricAlarmInput {
		o := Options{AlarmActions: topics[rng.Intn(len(topics))], EvaluationPeriods: int32(1 + rng.Intn(3))}
		o.DatapointsToAlarm = int32(1 + rng.Intn(int(o.EvaluationPeriods)))
		if rng.Intn(4) == 0 {
			o.TreatMissingData = TreatMissingMissing
		}
		return mustExpiry(t, testKey(rng.Intn(40)), thresholds[rng.Intn(len(thresholds))], o)
	}
	for iter := range 25 {
		srv, client := newFake(t)
		existing := map[string]*cloudwatch.PutMetricAlarmInput{}
		for range rng.Intn(30) {
			in := random()
			existing[*in.AlarmName] = in
		}
		for _, in := range existing {
			put(t, client, in)
		}
		put(t, client, unowned())
		wanted := map[string]*cloudwatch.PutMetricAlarmInput{}
		for range rng.Intn(30) {
			in := random()
			wanted[*in.AlarmName] = in
		}
		var desired []*cloudwatch.PutMetricAlarmInput
		for _, in := range wanted {
			desired = append(desired, in)
		}
		before := srv.Calls(cloudwatchtest.OpPutMetricAlarm)
		// Random fleets often replace most alarms: allowed here, since
		// convergence is what is tested (TestSyncRefusesMassDelete tests
		// the refusal).
		s := &Syncer{Client: client, Prefix: ExpiryPrefix, Clock: jumping(), PutRate: 1e6, DeleteRate: 1e6, DescribeRate: 1e6, AllowMassDelete: true}
		p, _, err := s.Sync(context.Background(), desired)
		if err != nil {
			t.Fatalf("iteration %d: %v", iter, err)
		}
		assertConverged(t, srv, desired)
		if !slices.Contains(names(srv.Alarms()), "team-b-cpu") {
			t.Fatalf("iteration %d: unowned alarm deleted", iter)
		}
		wantPuts, wantDeletes := p.Calls()
		gotCalls := []int{srv.Calls(cloudwatchtest.OpPutMetricAlarm) - before, srv.Calls(cloudwatchtest.OpDeleteAlarms)}
		if diff := cmp.Diff([]int{wantPuts, wantDeletes}, gotCalls); diff != "" {
			t.Errorf("iteration %d: [put delete] calls mismatch (-want +got):\n%s", iter, diff)
		}
		again, err := s.Plan(context.Background(), desired)
		if err != nil || !again.Empty() {
			t.Errorf("iteration %d: second plan %v, %v; want empty", iter, again, err)
		}
	}
}

var _ API = (*cloudwatch.Client)(nil)

// TestBuiltAlarmsRoundTrip sends every builder's alarm through the real
// client to the in-process CloudWatch, which validates it the service's
// way, and checks that what DescribeAlarms returns compares equal with Diff.
func TestBuiltAlarmsRoundTrip(t *testing.T) {
	_, client := newFake(t)
	o := Options{AlarmActions: []string{testTopic}, OKActions: []string{testLambda}}
	fleet, err := FleetKeyMaterialExpiry(DefaultExpiryWithin, o)
	if err != nil {
		t.Fatal(err)
	}
	quota, err := RequestQuota("DescribeKey", 80, o)
	if err != nil {
		t.Fatal(err)
	}
	pending, err := PendingDeletionUse(testLogGrp, LogOptions{Options: o})
	if err != nil {
		t.Fatal(err)
	}
	cis, err := CISKeyDisableOrDeletion(testLogGrp, LogOptions{Options: o})
	if err != nil {
		t.Fatal(err)
	}
	tuned := Options{Period: 5 * time.Minute, EvaluationPeriods: 3, DatapointsToAlarm: 2, DisableActions: true, TreatMissingData: TreatMissingIgnore}
	ins := []*cloudwatch.PutMetricAlarmInput{
		mustExpiry(t, testKeyARN, DefaultExpiryWithin, o),
		mustExpiry(t, testKey(7), 30*24*time.Hour, tuned),
		fleet, quota, pending.Alarm, cis.Alarm,
	}
	for _, in := range ins {
		t.Run(*in.AlarmName, func(t *testing.T) {
			if _, err := client.PutMetricAlarm(context.Background(), in); err != nil {
				t.Fatalf("PutMetricAlarm: %v", err)
			}
			out, err := client.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{*in.AlarmName}})
			if err != nil || len(out.MetricAlarms) != 1 {
				t.Fatalf("DescribeAlarms: %d alarms, %v", len(out.MetricAlarms), err)
			}
			if d := Diff(in, &out.MetricAlarms[0]); d != nil {
				t.Errorf("stored alarm differs in %v", d)
			}
		})
	}
}

// interval never turns pacing off: however low the rate, the spacing is
// positive and no shorter than that of a higher rate (a spacing beyond
// time.Duration's range used to convert to a negative Duration).
func TestIntervalLowRates(t *testing.T) {
	tests := map[string]struct {
		rate float64
		want time.Duration
	}{
		"3 per second":     {3, 340 * time.Millisecond},
		"one per 1e9 s":    {1e-9, 1_020_000_000_000_000_000},
		"just too low":     {1e-10, math.MaxInt64},
		"smallest float64": {5e-324, math.MaxInt64},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if got := interval(tt.rate); got != tt.want {
				t.Errorf("interval(%g) = %d, want %d", tt.rate, got, tt.want)
			}
		})
	}
}
