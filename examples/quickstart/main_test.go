package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/internal/exampletest"
)

func TestRunOffline(t *testing.T) { exampletest.Golden(t, run, nil, "offline.golden") }

func TestRunRejectsBadArguments(t *testing.T) {
	tests := map[string]struct {
		args []string
		want error // matched with errors.Is when set
		msg  string
	}{
		"aws without topic": {args: []string{"-aws"}, want: errNoTopic, msg: "-aws needs -topic"},
		"topic not an ARN":  {args: []string{"-aws", "-topic", "kms-alerts"}, msg: `-topic "kms-alerts" is not an SNS topic ARN`},
		"topic of SQS":      {args: []string{"-aws", "-topic", "arn:aws:sqs:us-east-1:123456789012:q"}, msg: "is not an SNS topic ARN"},
		"topic without aws": {args: []string{"-topic", offlineTopic}, msg: "-topic is only used with -aws"},
		"extra argument":    {args: []string{"now"}, msg: "unexpected arguments"},
		"unknown flag":      {args: []string{"-offline"}, msg: "flag provided but not defined"},
		// main exits 0 on ErrHelp after the usage is printed.
		"help": {args: []string{"-h"}, want: flag.ErrHelp},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := exampletest.Fails(t, run, tc.args)
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("run(%q) = %v, want an error matching %v", tc.args, err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("run(%q) = %q, want it to contain %q", tc.args, err, tc.msg)
			}
		})
	}
}

// TestRunAWS runs the -aws mode with the default credential chain and
// configuration, pointed at the in-process servers through the SDK's
// documented AWS_ENDPOINT_URL_<SERVICE> variables, so nothing reaches AWS.
func TestRunAWS(t *testing.T) {
	cw, bus, _ := offlineServers()
	defer cw.Close()
	defer bus.Close()
	endpoints := map[string]string{"CloudWatch": cw.URL(), "EventBridge": bus.URL()}
	for k, v := range exampleenv.FakeAWS(t.TempDir(), bus.Region(), endpoints) {
		t.Setenv(k, v)
	}

	out := string(exampletest.Output(t, run, []string{"-aws", "-topic", offlineTopic}))

	if got := len(cw.Alarms()); got != 3 {
		t.Errorf("CloudWatch holds %d alarms, want one per discovered key, 3", got)
	}
	list, err := bus.Client().ListRules(context.Background(), &eventbridge.ListRulesInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range list.Rules {
		names = append(names, aws.ToString(r.Name))
	}
	if diff := cmp.Diff([]string{lifecycleRule, pendingRule}, names); diff != "" {
		t.Errorf("rules mismatch (-want +got):\n%s", diff)
	}
	if n := bus.Calls("TestEventPattern"); n != 10 {
		t.Errorf("TestEventPattern calls = %d, want 5 events × 2 rules", n)
	}
	if n := bus.Calls("PutEvents"); n != 0 {
		t.Errorf("PutEvents calls = %d, want none: AWS accepts aws.kms events only from KMS", n)
	}
	// Which rule each event reaches does not depend on the clock.
	want := []string{
		"   material expired           " + keyExpired + "  " + lifecycleRule,
		"   rotation                   " + key200Days + "  " + lifecycleRule,
		"   Decrypt, pending deletion  " + keyDeleted + "  " + pendingRule,
		"   key deleted                " + keyDeleted + "  " + lifecycleRule,
		"   Decrypt, succeeded         " + key3Days + "  none",
		"6. Decode deliveries: skipped in AWS; real KMS events reach the topic as they happen,",
	}
	lines := strings.Split(out, "\n")
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("output lacks the line %q:\n%s", w, out)
		}
	}
}

// readmeCommands returns the commands of the README's first code block, the
// set-up commands a newcomer runs first, without their trailing comments.
func readmeCommands(t *testing.T) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "```sh\n")
	if !ok {
		t.Fatal("README.md has no sh code block")
	}
	block, _, _ = strings.Cut(block, "```")
	var cmds [][]string
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		line, _, _ = strings.Cut(line, "#")
		cmds = append(cmds, strings.Fields(line))
	}
	return cmds
}

// TestREADMECommand runs the README's first command exactly as it is written
// there, from the repository root, and checks the lines that show each job
// worked, so the README cannot drift from the program.
func TestREADMECommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the quickstart with the go command")
	}
	cmds := readmeCommands(t)
	if len(cmds) != 2 {
		t.Fatalf("README's first code block holds %d commands, want 2 (run the quickstart, run the tests): %q", len(cmds), cmds)
	}
	if want := []string{"go", "run", "./examples/quickstart"}; !slices.Equal(cmds[0], want) {
		t.Fatalf("README's main command is %q, want %q", cmds[0], want)
	}
	if want := []string{"go", "test", "-race", "./..."}; !slices.Equal(cmds[1], want) {
		t.Errorf("README's test command is %q, want %q (the command .ci/run runs)", cmds[1], want)
	}
	goCmd, err := exec.LookPath(cmds[0][0])
	if err != nil {
		t.Fatalf("the README command needs go on PATH: %v", err)
	}
	cmd := exec.CommandContext(t.Context(), goCmd, cmds[0][1:]...)
	cmd.Dir = filepath.Join("..", "..")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(cmds[0], " "), err, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("%s wrote to standard error:\n%s", strings.Join(cmds[0], " "), stderr.String())
	}
	lines := strings.Split(stdout.String(), "\n")

	for _, step := range []string{"1. ", "2. ", "3. ", "4. ", "5. ", "6. "} {
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, step) }) {
			t.Errorf("no step header starting with %q", step)
		}
	}
	// The first row of the time-left table is the key expiring in 3 days.
	table := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "   KEY ID ") })
	if table < 0 || table+1 >= len(lines) || !strings.HasPrefix(lines[table+1], "   "+key3Days+"  3.0 days") {
		t.Errorf("time-left table does not list %s first, with 3.0 days", key3Days)
	}
	for _, want := range []string{
		"   applied: 3 changes in 3 PutMetricAlarm and 0 DeleteAlarms calls",
		"   nothing to do: applying is idempotent",
		"6. The topic received 4 events; decoded with events.Unwrap",
		"      key pending deletion: arn:aws:kms:us-west-2:111122223333:key/" + keyDeleted,
		"   go run ./examples/quickstart -aws -topic arn:aws:sns:REGION:ACCOUNT:TOPIC",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("output lacks the line %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", stdout.String())
	}
}

// TestNoTestingDependency keeps package testing out of the quickstart binary:
// it uses eventstest's constructors and error forms only.
func TestNoTestingDependency(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go not on PATH: %v", err)
	}
	out, err := exec.CommandContext(t.Context(), goCmd, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	if deps := strings.Fields(string(out)); slices.Contains(deps, "testing") {
		t.Errorf("the quickstart depends on package testing")
	}
}
