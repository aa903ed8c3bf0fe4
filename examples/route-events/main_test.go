package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/internal/exampletest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

const samplesDir = "../../events/testdata"

func TestRunOffline(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
	}{
		{"default samples", []string{"-offline"}, "offline.golden"},
		{"samples from a directory", []string{"-offline", "-samples", samplesDir}, "offline.golden"},
		{"chosen files, other rule name", []string{"-offline", "-rule", "kms-demo", filepath.Join(samplesDir, "deletion-2022.json"), filepath.Join(samplesDir, "constructed-cloudtrail-decrypt-pending-deletion.json")}, "offline-files.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { exampletest.Golden(t, run, tt.args, tt.golden) })
	}
}

// TestRunAWS drives the AWS mode through the default credential chain,
// pointed at the in-process EventBridge with the SDK's standard environment
// variables, and checks the rule it left behind.
func TestRunAWS(t *testing.T) {
	srv := eventbridgetest.NewServer()
	t.Cleanup(srv.Close)
	for k, v := range exampleenv.FakeAWS(t.TempDir(), "us-west-2", map[string]string{"EventBridge": srv.URL()}) {
		t.Setenv(k, v)
	}
	topic := "arn:aws:sns:us-west-2:111122223333:alerts"
	exampletest.Golden(t, run, []string{"-topic", topic, "-samples", samplesDir}, "aws.golden")

	targets, err := srv.Client().ListTargetsByRule(context.Background(), &eventbridge.ListTargetsByRuleInput{Rule: aws.String(defaultRule)})
	if err != nil {
		t.Fatal(err)
	}
	if len(targets.Targets) != 1 || aws.ToString(targets.Targets[0].Arn) != topic {
		t.Errorf("targets = %+v, want the topic %s", targets.Targets, topic)
	}
	if got := srv.Calls("TestEventPattern"); got != len(defaultSamples) {
		t.Errorf("TestEventPattern calls = %d, want one per sample (%d)", got, len(defaultSamples))
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		is   error
		want string
	}{
		{name: "no topic without -offline", args: nil, is: errUsage},
		{name: "topic is not an ARN", args: []string{"-topic", "alerts"}, want: `-topic "alerts"`},
		{name: "unknown flag", args: []string{"-nope"}, want: "flag provided but not defined: -nope"},
		{name: "missing sample", args: []string{"-offline", "missing.json"}, is: os.ErrNotExist},
		{name: "rule name rejected by the builder", args: []string{"-offline", "-rule", "bad name", "-samples", samplesDir}, want: "Name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := exampletest.Fails(t, run, tt.args)
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v does not match %v", err, tt.is)
			}
			if msg := err.Error() + out; !strings.Contains(msg, tt.want) {
				t.Errorf("error %q and output %q do not mention %q", err, out, tt.want)
			}
		})
	}
}
