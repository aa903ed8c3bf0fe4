package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/golden"
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
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			if err := run(context.Background(), &out, tc.args); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			golden.Check(t, filepath.Join("testdata", tc.golden), out.Bytes())
		})
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
			var out bytes.Buffer
			err := run(context.Background(), &out, tc.args)
			if err == nil {
				t.Fatalf("run(%q) succeeded:\n%s", tc.args, out.String())
			}
			var ve *kmswatch.ValidationError
			if got := errors.As(err, &ve); got != tc.invalid {
				t.Errorf("run(%q) = %v; ValidationError %v, want %v", tc.args, err, got, tc.invalid)
			}
		})
	}
}
