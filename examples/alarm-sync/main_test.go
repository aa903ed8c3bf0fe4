package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/alarms"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

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
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(context.Background(), &out, tc.args); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			path := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test -update to create it): %v", err)
			}
			if diff := cmp.Diff(string(want), out.String()); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	tests := map[string]struct {
		args    []string
		invalid bool // a *alarms.ValidationError is expected
	}{
		"unknown flag":        {args: []string{"-offline", "-nope"}},
		"extra argument":      {args: []string{"-offline", "now"}},
		"sub-second within":   {args: []string{"-offline", "-within", "1.5s"}, invalid: true},
		"topic is not an ARN": {args: []string{"-offline", "-topic", "alerts"}, invalid: true},
		"negative put rate":   {args: []string{"-offline", "-put-rate", "-1"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			err := run(context.Background(), &out, tc.args)
			if err == nil {
				t.Fatalf("run(%q) succeeded:\n%s", tc.args, out.String())
			}
			var ve *alarms.ValidationError
			if got := errors.As(err, &ve); got != tc.invalid {
				t.Errorf("run(%q) = %v; ValidationError %v, want %v", tc.args, err, got, tc.invalid)
			}
		})
	}
}
