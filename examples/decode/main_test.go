package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kmswatch/kmswatch/internal/golden"
)

// TestRun runs the program on fixtures of every delivery shape and compares
// its output and exit status with golden files.
func TestRun(t *testing.T) {
	tests := map[string]struct {
		fixture    string
		stdin      bool
		wantStatus int
	}{
		"rotation 2025":       {fixture: "rotation-2025.json"},
		"rotation from stdin": {fixture: "rotation-2016.json", stdin: true},
		"expiration":          {fixture: "constructed-expiration-key-material-id.json"},
		"deletion govcloud":   {fixture: "constructed-deletion-aws-us-gov.json"},
		"cloudtrail pending":  {fixture: "constructed-cloudtrail-decrypt-pending-deletion.json"},
		"cloudtrail service":  {fixture: "constructed-cloudtrail-delete-expired-key-material.json"},
		"unknown fields":      {fixture: "constructed-rotation-unknown-fields.json"},
		"sns notification":    {fixture: "constructed-sns-notification.json"},
		"sns to sqs":          {fixture: "constructed-sns-to-sqs-record.json"},
		"lambda sqs batch":    {fixture: "constructed-lambda-sqs-batch.json", wantStatus: 1},
		"truncated":           {fixture: "malformed-truncated.json", wantStatus: 1},
		"not json":            {fixture: "malformed-not-json.json", wantStatus: 1},
		"not from kms":        {fixture: "constructed-not-kms-source.json", wantStatus: 1},
		"unknown detail-type": {fixture: "constructed-unknown-detail-type.json"},
		"missing file":        {fixture: "no-such-file.json", wantStatus: 1},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "events", "testdata", tc.fixture)
			var stdout, stderr bytes.Buffer
			args := []string{path}
			var stdin bytes.Buffer
			if tc.stdin {
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				stdin.Write(b)
				args = nil
			}
			status := run(args, &stdin, &stdout, &stderr)
			if status != tc.wantStatus {
				t.Errorf("exit status %d, want %d; stderr:\n%s", status, tc.wantStatus, stderr.String())
			}
			got := "stdout:\n" + stdout.String() + "stderr:\n" + strings.ReplaceAll(stderr.String(), path, "FILE")
			golden.Check(t, filepath.Join("testdata", strings.ReplaceAll(name, " ", "-")+".golden"), []byte(got))
		})
	}
}

func TestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := run([]string{"a", "b"}, nil, &stdout, &stderr); status != 2 || stderr.String() != "usage: decode [file]\n" {
		t.Errorf("run(a, b) = %d, %q; want 2 and the usage line", status, stderr.String())
	}
}

// TestBinary builds the command and runs it as a user would, checking the
// exit status the shell sees.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "decode")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tests := map[string]struct {
		fixture    string
		wantStatus int
		wantOut    string
	}{
		"good event": {"rotation-2025.json", 0, "  kind:                     KMS CMK Rotation\n"},
		"bad input":  {"malformed-truncated.json", 1, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(bin, filepath.Join("..", "..", "events", "testdata", tc.fixture))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			status := 0
			if ee, ok := err.(*exec.ExitError); ok {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tc.wantStatus || !strings.Contains(stdout.String(), tc.wantOut) {
				t.Errorf("status %d, stdout %q; want %d and %q (stderr %q)", status, stdout.String(), tc.wantStatus, tc.wantOut, stderr.String())
			}
			if tc.wantStatus != 0 && !strings.HasPrefix(stderr.String(), "decode: ") {
				t.Errorf("stderr %q does not start with \"decode: \"", stderr.String())
			}
		})
	}
}
