package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/internal/exampletest"
)

func TestRunOffline(t *testing.T) {
	tests := map[string]struct {
		args   []string
		golden string
	}{
		"apply":        {args: []string{"-offline", "-put-rate", "1000"}, golden: "offline.golden"},
		"dry run":      {args: []string{"-offline", "-dry-run"}, golden: "offline-dry-run.golden"},
		"thirty days":  {args: []string{"-offline", "-dry-run", "-within", "720h"}, golden: "offline-30d-dry-run.golden"},
		"other prefix": {args: []string{"-offline", "-dry-run", "-prefix", "team-a-expiry-"}, golden: "offline-prefix-dry-run.golden"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) { exampletest.Golden(t, run, tc.args, tc.golden) })
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := map[string]struct {
		args    []string
		invalid bool // a *kmswatch.ValidationError is expected
	}{
		"unknown flag":        {args: []string{"-offline", "-nope"}},
		"extra argument":      {args: []string{"-offline", "now"}},
		"sub-second within":   {args: []string{"-offline", "-within", "1.5s"}, invalid: true},
		"topic is not an ARN": {args: []string{"-offline", "-topic", "alerts"}, invalid: true},
		"negative put rate":   {args: []string{"-offline", "-put-rate", "-1"}, invalid: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := exampletest.Fails(t, run, tc.args)
			var ve *kmswatch.ValidationError
			if got := errors.As(err, &ve); got != tc.invalid {
				t.Errorf("run(%q) = %v; ValidationError %v, want %v", tc.args, err, got, tc.invalid)
			}
		})
	}
}

// TestSyncRefusesMassDelete syncs an empty desired list, what a discovery
// that found no keys returns, against the offline CloudWatch: refused and
// printed by default, applied with -allow-mass-delete's setting.
func TestSyncRefusesMassDelete(t *testing.T) {
	const plan = `plan for prefix "kmswatch-key-material-expiry-": 0 to create, 0 to update, 3 to delete, 0 unchanged
- kmswatch-key-material-expiry-0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d
- kmswatch-key-material-expiry-1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b
- kmswatch-key-material-expiry-9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b
`
	tests := map[string]struct {
		allow   bool
		refused bool
		out     string
		left    int // alarms left, the unowned one included
	}{
		"refused": {refused: true, out: "refused: " + plan, left: 4},
		"allowed": {allow: true, out: plan + "applied: 0 created, 0 updated, 3 deleted (PutMetricAlarm calls: 0, DeleteAlarms calls: 1)\n", left: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := offlineServer()
			defer srv.Close()
			s := &alarms.Syncer{Client: srv.Client(), Prefix: alarms.ExpiryPrefix, AllowMassDelete: tc.allow}
			var out bytes.Buffer
			err := syncAlarms(context.Background(), &out, s, nil, false)
			var me *alarms.MassDeleteError
			if got := errors.As(err, &me); got != tc.refused || (err != nil && !tc.refused) {
				t.Fatalf("syncAlarms = %v; refused %v, want %v", err, got, tc.refused)
			}
			if diff := cmp.Diff([]any{tc.out, tc.left}, []any{out.String(), len(srv.Alarms())}); diff != "" {
				t.Errorf("[output alarms-left] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
