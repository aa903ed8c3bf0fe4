package alarms_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// TestSyncerConcurrent runs Sync, Plan with Apply, and Existing from several
// goroutines on one Syncer against the in-process CloudWatch (run with
// -race). Racing syncs of the same fleet must converge: the owned alarms end
// up exactly the desired ones, a further plan is empty, and an alarm deleted
// by one goroutine while another deletes it too is not an error.
func TestSyncerConcurrent(t *testing.T) {
	srv := cloudwatchtest.NewServer()
	t.Cleanup(srv.Close)
	client := srv.Client(func(o *cloudwatch.Options) { o.RetryMaxAttempts = 5 })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	build := func(from, to int, within time.Duration) []*cloudwatch.PutMetricAlarmInput {
		return alarms.Expiries(t, from, to, within, alarms.Options{})
	}
	// Existing: keys 0–9 with another threshold (to update) and 20–29 (to
	// delete); desired: keys 0–19.
	for _, in := range append(build(0, 10, 24*time.Hour), build(20, 30, alarms.DefaultExpiryWithin)...) {
		if _, err := client.PutMetricAlarm(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	desired := build(0, 20, alarms.DefaultExpiryWithin)

	s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix, PutRate: 1e6, DeleteRate: 1e6, DescribeRate: 1e6}
	const syncers, appliers = 4, 2
	var wg sync.WaitGroup
	errs := make(chan error, 3*(syncers+appliers))
	for range syncers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := s.Sync(ctx, desired); err != nil {
				errs <- fmt.Errorf("Sync: %w", err)
			}
		}()
	}
	for range appliers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := s.Plan(ctx, desired)
			if err != nil {
				errs <- fmt.Errorf("Plan: %w", err)
				return
			}
			if _, err := s.Apply(ctx, p); err != nil {
				errs <- fmt.Errorf("Apply: %w", err)
			}
			if _, err := s.Existing(ctx); err != nil {
				errs <- fmt.Errorf("Existing: %w", err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	existing, err := s.Existing(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, a := range existing {
		got = append(got, aws.ToString(a.AlarmName))
	}
	for _, in := range desired {
		want = append(want, aws.ToString(in.AlarmName))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("owned alarms mismatch (-want +got):\n%s", diff)
	}
	p, err := alarms.NewPlan(alarms.ExpiryPrefix, desired, existing)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Empty() {
		t.Errorf("plan after concurrent syncs is not empty:\n%s", p)
	}
}
