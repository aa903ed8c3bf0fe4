package exampleenv_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
)

// programEnv names the program a re-run of the test binary plays in
// TestMain; the value is a key of programs.
const programEnv = "EXAMPLEENV_PROGRAM"

// programs are the runs TestMainExits drives through Main, each in its own
// process because Main exits.
var programs = map[string]exampleenv.Run{
	"succeeds": func(_ context.Context, w io.Writer, args []string) error {
		_, err := fmt.Fprintf(w, "args %q", args)
		return err
	},
	"asked for help": func(context.Context, io.Writer, []string) error { return fmt.Errorf("parsing flags: %w", flag.ErrHelp) },
	"fails": func(context.Context, io.Writer, []string) error {
		return fmt.Errorf("reading keys: %w", io.ErrUnexpectedEOF)
	},
}

func TestMain(m *testing.M) {
	if name, ok := os.LookupEnv(programEnv); ok {
		exampleenv.Main("prog", programs[name])
		os.Exit(0) // where Main returns, a program's main returns: status 0
	}
	os.Exit(m.Run())
}

func TestMainExits(t *testing.T) {
	tests := map[string]struct {
		code           int
		stdout, stderr string
	}{
		"succeeds":       {stdout: `args ["-x" "y"]`},
		"asked for help": {},
		"fails":          {code: 1, stderr: "prog: reading keys: unexpected EOF\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-x", "y")
			cmd.Env = append(os.Environ(), programEnv+"="+name)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); cmd.ProcessState == nil {
				t.Fatal(err)
			}
			got := []any{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
			if diff := cmp.Diff([]any{tc.code, tc.stdout, tc.stderr}, got); diff != "" {
				t.Errorf("[exit-code stdout stderr] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFakeAWS loads the SDK's default configuration in the environment
// FakeAWS returns: the Region and the static credentials come from it, and
// each service gets its own endpoint variable.
func TestFakeAWS(t *testing.T) {
	dir := t.TempDir()
	env := exampleenv.FakeAWS(dir, "us-west-2", map[string]string{
		"CloudWatch":     "http://127.0.0.1:1",
		"Service Quotas": "http://127.0.0.1:2",
	})
	for k, v := range env {
		t.Setenv(k, v)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	creds, err := cfg.Credentials.Retrieve(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cfg.Region, creds.AccessKeyID, env["AWS_ENDPOINT_URL_CLOUDWATCH"], env["AWS_ENDPOINT_URL_SERVICE_QUOTAS"], env["AWS_CONFIG_FILE"]}
	want := []string{"us-west-2", "AKIDEXAMPLE", "http://127.0.0.1:1", "http://127.0.0.1:2", filepath.Join(dir, "config")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("[region access-key cloudwatch-endpoint quotas-endpoint config-file] mismatch (-want +got):\n%s", diff)
	}
}
