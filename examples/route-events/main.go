// Command route-events creates an EventBridge rule that sends every KMS key
// life-cycle event of an account to an SNS topic, then shows which of the
// sample events the rule routes.
//
// Usage:
//
//	route-events -offline [-samples DIR] [file.json ...]
//	route-events -topic arn:aws:sns:REGION:ACCOUNT:NAME [-account ID] [-rule NAME] [-samples DIR] [file.json ...]
//
// With -offline the rule is created on the in-process EventBridge of package
// rules/eventbridgetest (fixed clock and event IDs, so the output is
// reproducible); each sample is emitted as KMS or CloudTrail would send it,
// and every event the topic received is decoded with events.Parse.
//
// Without -offline the program uses the default AWS credential chain
// (environment, shared config, SSO, instance role) and creates or replaces
// the rule and its SNS target in your account. AWS accepts aws.kms events only
// from KMS itself, so instead of putting the samples it asks the service's
// TestEventPattern which of them the rule's pattern matches. The topic's
// policy must allow events.amazonaws.com to publish.
//
// Samples default to fixtures of package events/eventstest, built into the
// program (eventstest.ReadFixture); -samples reads the same names from a
// directory such as events/testdata instead, and file arguments replace them.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// defaultSamples are fixtures of events/eventstest and events/testdata: the KMS developer guide's
// examples of the three KMS events (rotation in its 2016 and 2025 shapes),
// KMS CloudTrail records in constructed EventBridge envelopes, including a
// read-only Decrypt that a life-cycle rule must not receive, and a
// constructed event from another service.
var defaultSamples = []string{
	"rotation-2016.json",
	"rotation-2025.json",
	"expiration-2022.json",
	"deletion-2022.json",
	"constructed-cloudtrail-schedule-key-deletion.json",
	"constructed-cloudtrail-rotatekey-service-event.json",
	"constructed-cloudtrail-delete-expired-key-material.json",
	"constructed-cloudtrail-decrypt-pending-deletion.json",
	"constructed-not-kms-source.json",
}

const (
	defaultRule     = "kmswatch-key-lifecycle"
	ruleDescription = "KMS key life-cycle events (kmswatch route-events)"
	snsTargetID     = "sns"
	// offlineTopic is in the account of the AWS documentation examples, so
	// the samples are in the rule's account.
	offlineTopic = "arn:aws:sns:us-west-2:111122223333:kms-key-lifecycle"
)

// offlineClock is the fake's fixed clock, for reproducible output.
var offlineClock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// errUsage reports a missing -topic in AWS mode.
var errUsage = errors.New("-topic is required without -offline")

func main() { exampleenv.Main("route-events", run) }

// options is what the flags select.
type options struct {
	offline bool
	topic   string
	account string
	rule    string
	samples string
	files   []string
}

func parseFlags(w io.Writer, args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("route-events", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.BoolVar(&o.offline, "offline", false, "use the in-process EventBridge instead of AWS")
	fs.StringVar(&o.topic, "topic", "", "ARN of the SNS topic to route events to (required without -offline)")
	fs.StringVar(&o.account, "account", "", "account whose KMS events to route (default: the topic's account)")
	fs.StringVar(&o.rule, "rule", defaultRule, "name of the rule to create or replace")
	fs.StringVar(&o.samples, "samples", "", "directory holding the sample events (default: the eventstest fixtures built into the program)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.files = fs.Args()
	if o.topic == "" && o.offline {
		o.topic = offlineTopic
	}
	if o.topic == "" {
		return o, errUsage
	}
	if o.account == "" {
		topic, err := arn.Parse(o.topic)
		if err != nil {
			return o, fmt.Errorf("-topic %q: %w", o.topic, err)
		}
		o.account = topic.AccountID
	}
	return o, nil
}

// sample is one event to try.
type sample struct {
	name string
	data []byte
}

func loadSamples(o options) ([]sample, error) {
	paths := o.files
	if len(paths) == 0 && o.samples == "" {
		out := make([]sample, 0, len(defaultSamples))
		for _, n := range defaultSamples {
			data, err := eventstest.ReadFixture(n)
			if err != nil {
				return nil, fmt.Errorf("reading sample: %w", err)
			}
			out = append(out, sample{name: n, data: data})
		}
		return out, nil
	}
	if len(paths) == 0 {
		for _, n := range defaultSamples {
			paths = append(paths, filepath.Join(o.samples, n))
		}
	}
	out := make([]sample, 0, len(paths))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading sample: %w", err)
		}
		out = append(out, sample{name: filepath.Base(p), data: data})
	}
	return out, nil
}

// run is the whole program with its output and arguments passed in, so tests
// can drive it.
func run(ctx context.Context, w io.Writer, args []string) error {
	o, err := parseFlags(w, args)
	if err != nil {
		return err
	}
	samples, err := loadSamples(o)
	if err != nil {
		return err
	}
	rule, target, err := buildRule(o)
	if err != nil {
		return err
	}
	if !o.offline {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("loading AWS configuration: %w", err)
		}
		client := eventbridge.NewFromConfig(cfg)
		if err := createRule(ctx, w, client, rule, target); err != nil {
			return err
		}
		return testSamples(ctx, w, client, rule, samples)
	}

	srv := eventbridgetest.NewServer(
		eventbridgetest.WithAccount(o.account),
		eventbridgetest.WithClock(func() time.Time { return offlineClock }),
		eventbridgetest.WithIDs(eventbridgetest.SequentialIDs()),
	)
	defer srv.Close()
	if err := createRule(ctx, w, srv.Client(), rule, target); err != nil {
		return err
	}
	return emitSamples(w, srv, o.topic, samples)
}

// buildRule builds the SDK inputs with the rules package: the KeyLifecycle
// preset and an SNS target that receives each event whole, so subscribers
// can decode it with events.Parse.
func buildRule(o options) (*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput, error) {
	pattern, err := rules.KeyLifecycle(o.account)
	if err != nil {
		return nil, nil, err
	}
	r := rules.Rule{Name: o.rule, Description: ruleDescription, Pattern: pattern}
	ruleIn, err := r.PutRuleInput()
	if err != nil {
		return nil, nil, err
	}
	topic, err := rules.SNSTopic(snsTargetID, o.topic)
	if err != nil {
		return nil, nil, err
	}
	targetsIn, err := r.PutTargetsInput(topic)
	if err != nil {
		return nil, nil, err
	}
	return ruleIn, targetsIn, nil
}

// createRule creates the rule and its target with rules.Put and prints them.
func createRule(ctx context.Context, w io.Writer, c rules.PutAPI, rule *eventbridge.PutRuleInput, targets *eventbridge.PutTargetsInput) error {
	arn, err := rules.Put(ctx, c, rule, targets)
	if err != nil {
		return err
	}
	state := rule.State
	if state == "" {
		state = types.RuleStateEnabled
	}
	fmt.Fprintf(w, "rule    %s (%s)\n", arn, state)
	for _, t := range targets.Targets {
		fmt.Fprintf(w, "target  %s -> %s\n", aws.ToString(t.Id), aws.ToString(t.Arn))
	}
	fmt.Fprintf(w, "pattern %s\n\n", aws.ToString(rule.EventPattern))
	return nil
}

// emitSamples sends each sample through the fake as its AWS service would,
// then decodes what the topic received.
func emitSamples(w io.Writer, srv *eventbridgetest.Server, topic string, samples []sample) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SAMPLE\tDETAIL-TYPE\tDELIVERED")
	for _, s := range samples {
		n, err := srv.Emit(s.data)
		if err != nil {
			return fmt.Errorf("sample %s: %w", s.name, err)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.name, detailType(s.data), yesNo(n > 0))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	delivered := srv.Delivered(topic)
	fmt.Fprintf(w, "\ndelivered to %s: %d\n", topic, len(delivered))
	for i, d := range delivered {
		ev, err := events.Parse(d.Body)
		if err != nil {
			return fmt.Errorf("delivery %d: %w", i+1, err)
		}
		fmt.Fprintf(w, "%2d. %s\n", i+1, describe(ev))
	}
	return nil
}

// testSamples asks AWS whether the rule's pattern matches each sample. It
// cannot put them: PutEvents rejects aws.* sources from callers.
func testSamples(ctx context.Context, w io.Writer, c *eventbridge.Client, rule *eventbridge.PutRuleInput, samples []sample) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SAMPLE\tDETAIL-TYPE\tMATCHES PATTERN")
	for _, s := range samples {
		out, err := c.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{EventPattern: rule.EventPattern, Event: aws.String(string(s.data))})
		if err != nil {
			return fmt.Errorf("testing sample %s: %w", s.name, err)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.name, detailType(s.data), yesNo(out.Result))
	}
	return tw.Flush()
}

// describe names an event in one line, from its typed form.
func describe(ev events.Event) string {
	h := ev.Head()
	line := fmt.Sprintf("%s at %s", h.DetailType, h.Time.Format(time.RFC3339))
	if ct, ok := ev.(*events.CloudTrail); ok {
		line += ": " + ct.Detail.EventName
	}
	if key := ev.KeyARN(); !key.IsZero() {
		line += ", key " + key.String()
	}
	return line
}

// detailType reads the detail-type of a sample for the table; a sample
// events.Parse cannot read is shown as such rather than hidden.
func detailType(data []byte) string {
	ev, err := events.Parse(data)
	if err != nil {
		return "(not a KMS event)"
	}
	return string(ev.Head().DetailType)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
