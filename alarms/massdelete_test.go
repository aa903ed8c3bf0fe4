package alarms_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// massFleet returns the expiry alarms of keys from..to-1.
func massFleet(t *testing.T, from, to int) []*cloudwatch.PutMetricAlarmInput {
	return alarms.Expiries(t, from, to, alarms.DefaultExpiryWithin, alarms.Options{})
}

// massSeeded starts the in-process CloudWatch holding the expiry alarms of keys
// 0..owned-1 and one alarm outside the prefix, and returns it with a real
// SDK client.
func massSeeded(t *testing.T, owned int) (*cloudwatchtest.Server, *cloudwatch.Client) {
	t.Helper()
	srv, client := alarms.NewFake(t)
	alarms.Put(t, client, append(massFleet(t, 0, owned), alarms.Unowned())...)
	return srv, client
}

// massOwned counts the alarms on srv inside the expiry prefix.
func massOwned(srv *cloudwatchtest.Server) int {
	n := 0
	for _, a := range srv.Alarms() {
		if strings.HasPrefix(aws.ToString(a.AlarmName), alarms.ExpiryPrefix) {
			n++
		}
	}
	return n
}

// TestSyncRefusesMassDelete syncs desired lists that are empty, mostly empty
// or just inside the bounds against fleets on the in-process CloudWatch,
// with and without AllowMassDelete, and checks what is refused, what the
// refusal counts, and what is left.
func TestSyncRefusesMassDelete(t *testing.T) {
	// refusal summarises a *MassDeleteError; zero when none was returned.
	type refusal struct{ Delete, Managed, Desired int }
	type outcome struct {
		Refused     refusal
		Owned       int // owned alarms left on the fake
		Unowned     bool
		DeleteCalls int
	}
	tests := map[string]struct {
		owned, keepFrom, keepTo int // desired: keys keepFrom..keepTo-1
		allow                   bool
		want                    outcome
	}{
		"empty desired": {owned: 3,
			want: outcome{Refused: refusal{Delete: 3, Managed: 3}, Owned: 3, Unowned: true}},
		"empty desired, one alarm": {owned: 1,
			want: outcome{Refused: refusal{Delete: 1, Managed: 1}, Owned: 1, Unowned: true}},
		"empty desired, large fleet": {owned: 250,
			want: outcome{Refused: refusal{Delete: 250, Managed: 250}, Owned: 250, Unowned: true}},
		"mostly empty": {owned: 12, keepTo: 2,
			want: outcome{Refused: refusal{Delete: 10, Managed: 12, Desired: 2}, Owned: 12, Unowned: true}},
		"mostly replaced": {owned: 12, keepFrom: 10, keepTo: 20,
			want: outcome{Refused: refusal{Delete: 10, Managed: 12, Desired: 10}, Owned: 12, Unowned: true}},
		"just over half": {owned: 11, keepTo: 5,
			want: outcome{Refused: refusal{Delete: 6, Managed: 11, Desired: 5}, Owned: 11, Unowned: true}},
		"exactly half is allowed": {owned: 12, keepTo: 6,
			want: outcome{Owned: 6, Unowned: true, DeleteCalls: 1}},
		"five of six is allowed": {owned: 6, keepTo: 1,
			want: outcome{Owned: 1, Unowned: true, DeleteCalls: 1}},
		"nothing owned yet": {owned: 0,
			want: outcome{Unowned: true}},
		"empty desired, allowed": {owned: 3, allow: true,
			want: outcome{Owned: 0, Unowned: true, DeleteCalls: 1}},
		"mostly empty, allowed": {owned: 12, keepTo: 2, allow: true,
			want: outcome{Owned: 2, Unowned: true, DeleteCalls: 1}},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			srv, client := massSeeded(t, tt.owned)
			s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix, AllowMassDelete: tt.allow,
				PutRate: 1e9, DeleteRate: 1e9, DescribeRate: 1e9}
			p, _, err := s.Sync(context.Background(), massFleet(t, tt.keepFrom, tt.keepTo))
			var got outcome
			var me *alarms.MassDeleteError
			switch {
			case errors.As(err, &me):
				got.Refused = refusal{me.Delete, me.Managed, me.Desired}
				if p != nil || me.Plan == nil || len(me.Plan.Delete) != me.Delete || me.Prefix != alarms.ExpiryPrefix {
					t.Errorf("refused: Sync returned plan %v; error carries prefix %q and plan %v", p, me.Prefix, me.Plan)
				}
			case err != nil:
				t.Fatal(err)
			}
			got.Owned = massOwned(srv)
			got.Unowned = slices.ContainsFunc(srv.Alarms(), func(a types.MetricAlarm) bool { return aws.ToString(a.AlarmName) == "team-b-cpu" })
			got.DeleteCalls = srv.Calls(cloudwatchtest.OpDeleteAlarms)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("outcome mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPlanAndApplyRefuseMassDelete checks the two halves of Sync: Plan
// refuses as Sync does, and Apply refuses a plan built with NewPlan from
// what exists, so a caller who plans for themselves is held to the same
// bounds. Nothing is deleted until the Syncer allows it.
func TestPlanAndApplyRefuseMassDelete(t *testing.T) {
	srv, client := massSeeded(t, 8)
	ctx := context.Background()
	s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix, PutRate: 1e9, DeleteRate: 1e9, DescribeRate: 1e9}

	_, planErr := s.Plan(ctx, massFleet(t, 0, 1))
	existing, err := s.Existing(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p, err := alarms.NewPlan(alarms.ExpiryPrefix, nil, existing)
	if err != nil {
		t.Fatal(err)
	}
	r, applyErr := s.Apply(ctx, p)
	var planRefused, applyRefused *alarms.MassDeleteError
	got := []any{errors.As(planErr, &planRefused), errors.As(applyErr, &applyRefused), r == nil,
		srv.Calls(cloudwatchtest.OpDeleteAlarms), massOwned(srv)}
	if diff := cmp.Diff([]any{true, true, true, 0, 8}, got); diff != "" {
		t.Fatalf("[plan-refused apply-refused no-result delete-calls owned] mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{7, 8, 1}, []int{planRefused.Delete, planRefused.Managed, planRefused.Desired}); diff != "" {
		t.Errorf("Plan refusal [delete managed desired] mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{8, 8, 0}, []int{applyRefused.Delete, applyRefused.Managed, applyRefused.Desired}); diff != "" {
		t.Errorf("Apply refusal [delete managed desired] mismatch (-want +got):\n%s", diff)
	}

	allowed := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix, AllowMassDelete: true, DeleteRate: 1e9}
	r, err = allowed.Apply(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]int{8, 0, 1}, []int{len(r.Done), massOwned(srv), srv.Calls(cloudwatchtest.OpDeleteAlarms)}); diff != "" {
		t.Errorf("allowed apply [done owned delete-calls] mismatch (-want +got):\n%s", diff)
	}
}

func TestMassDeleteErrorMessage(t *testing.T) {
	tests := map[string]struct {
		err  *alarms.MassDeleteError
		want string
	}{
		"empty desired": {
			err:  &alarms.MassDeleteError{Prefix: "p-", Delete: 3, Managed: 3},
			want: `alarms: refusing to delete 3 of 3 owned alarm(s) with prefix "p-" (the desired list is empty); nothing was deleted; set Syncer.AllowMassDelete to allow it`,
		},
		"share": {
			err:  &alarms.MassDeleteError{Prefix: "p-", Delete: 10, Managed: 12, Desired: 2},
			want: `alarms: refusing to delete 10 of 12 owned alarm(s) with prefix "p-" (more than half of them and more than 5); nothing was deleted; set Syncer.AllowMassDelete to allow it`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
				t.Errorf("message mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
