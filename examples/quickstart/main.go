// Command quickstart runs the whole kmswatch job once, step by step:
//
//  1. discover the KMS keys that publish SecondsUntilKeyMaterialExpiration;
//  2. print the time their imported key material has left, soonest first;
//  3. plan and apply one expiry alarm per key, then plan again to show that
//     nothing is left to do; offline, jump a virtual clock ahead and watch
//     the in-process CloudWatch evaluate the alarms;
//  4. create EventBridge rules for KMS key life-cycle events and for crypto
//     calls that fail because a key is pending deletion, both to an SNS topic;
//  5. send KMS and CloudTrail events through the rules;
//  6. decode what the topic received with package events;
//  7. decode the notifications the fired alarms published back to their
//     key ids.
//
// Usage:
//
//	quickstart                                     # offline, no AWS account
//	quickstart -aws -topic arn:aws:sns:REGION:ACCOUNT:NAME
//
// By default it needs no AWS account: it starts the in-process CloudWatch of
// package metrics/cloudwatchtest and EventBridge of rules/eventbridgetest,
// seeds three keys with imported key material (expiring in 3 days, in 200
// days, and expired two days ago) and runs on a virtual clock that moves
// only when the program moves it, so the output never changes.
//
// With -aws it runs the same steps in your account and Region, with the
// default AWS credential chain (environment, shared config, SSO, instance
// role): it creates or updates alarms whose names start with
// kmswatch-key-material-expiry- (and deletes such alarms for keys that no
// longer publish the metric) and creates or replaces the two rules, all
// notifying -topic; the rules match events of the topic's account. Only KMS may send aws.kms events, so step 5 asks
// EventBridge's TestEventPattern which rule would receive each event, and
// step 6 is skipped: real events reach the topic when they happen.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

func main() { exampleenv.Main("quickstart", run) }

const (
	lifecycleRule = "kmswatch-key-lifecycle"
	pendingRule   = "kmswatch-pending-deletion-use"
	snsTargetID   = "sns"

	// lookback and period of the time-left query, as step 2 says: the newest
	// 5-minute minimum within the last hour. A key whose material has
	// expired publishes nothing, so it has no data here.
	lookback = time.Hour
	period   = 5 * time.Minute
)

// errNoTopic reports -aws without -topic.
var errNoTopic = errors.New("-aws needs -topic: the ARN of the SNS topic that alarms and rules notify, e.g. -topic arn:aws:sns:us-east-1:123456789012:kms-alerts")

// account is where the steps run: the clients, whose account and Region
// they are in, the clock and the topic to notify. bus is the in-process
// EventBridge in offline mode and nil against AWS.
type account struct {
	cw     *cloudwatch.Client
	eb     *eventbridge.Client
	bus    *eventbridgetest.Server
	id     string
	region string
	topic  string
	now    time.Time
	clock  *clock.Virtual         // the fakes' and the Syncer's clock; nil against AWS
	fake   *cloudwatchtest.Server // the in-process CloudWatch; nil against AWS
}

// run is the whole program, writing to w, so tests can drive it.
func run(ctx context.Context, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(w)
	useAWS := fs.Bool("aws", false, "run against your AWS account with the default credential chain instead of in-process fakes")
	topic := fs.String("topic", "", "ARN of the SNS topic that alarms and rules notify (required with -aws)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	var a *account
	if *useAWS {
		var err error
		if a, err = awsAccount(ctx, *topic); err != nil {
			return err
		}
		fmt.Fprintf(w, "kmswatch quickstart in AWS account %s, Region %s\n", a.id, a.region)
	} else {
		if *topic != "" {
			return errors.New("-topic is only used with -aws; the offline run notifies an example topic")
		}
		cw, bus, virtual := offlineServers()
		defer cw.Close()
		defer bus.Close()
		a = &account{
			cw: cw.Client(), eb: bus.Client(), bus: bus,
			id: cw.Account(), region: cw.Region(),
			topic: offlineTopic, now: offlineNow, clock: virtual, fake: cw,
		}
		fmt.Fprintln(w, "kmswatch quickstart: offline, against an in-process CloudWatch and EventBridge")
		fmt.Fprintf(w, "account %s, Region %s, clock %s\n", a.id, a.region, a.now.Format(time.RFC3339))
	}

	keys, err := discover(ctx, w, a)
	if err != nil {
		return err
	}
	if err := timeLeft(ctx, w, a, keys); err != nil {
		return err
	}
	if err := syncAlarms(ctx, w, a, keys); err != nil {
		return err
	}
	if a.clock != nil {
		if err := virtualTime(ctx, w, a); err != nil {
			return err
		}
	}
	rs, err := createRules(ctx, w, a)
	if err != nil {
		return err
	}
	evs, err := sampleEvents(a)
	if err != nil {
		return err
	}
	if a.bus == nil {
		if err := testEvents(ctx, w, a, rs, evs); err != nil {
			return err
		}
		fmt.Fprintln(w, "\n6. Decode deliveries: skipped in AWS; real KMS events reach the topic as they happen,")
		fmt.Fprintln(w, "   and a subscriber decodes each with events.Unwrap.")
		fmt.Fprintln(w, "\n7. Decode alarm notifications: skipped in AWS; when an expiry alarm fires, CloudWatch")
		fmt.Fprintln(w, "   publishes to the topic and a subscriber reads the key with events.Process and KeyIDs.")
		return nil
	}
	if err := emitEvents(w, a, evs); err != nil {
		return err
	}
	if err := decodeDeliveries(w, a); err != nil {
		return err
	}
	if err := decodeAlarms(ctx, w, a); err != nil {
		return err
	}
	nextSteps(w)
	return nil
}

// awsAccount loads the default AWS configuration and takes the account
// from the topic's ARN, so the rules filter on the account the topic is in.
func awsAccount(ctx context.Context, topic string) (*account, error) {
	if topic == "" {
		return nil, errNoTopic
	}
	t, err := arn.Parse(topic)
	if err != nil || t.Service != "sns" {
		return nil, fmt.Errorf("-topic %q is not an SNS topic ARN", topic)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("no AWS Region configured: set AWS_REGION or a region in ~/.aws/config")
	}
	return &account{
		cw: cloudwatch.NewFromConfig(cfg), eb: eventbridge.NewFromConfig(cfg),
		id: t.AccountID, region: cfg.Region, topic: topic, now: time.Now(),
	}, nil
}

// discover is step 1.
func discover(ctx context.Context, w io.Writer, a *account) ([]string, error) {
	fmt.Fprintf(w, "\n1. Keys that publish %s (metrics.DiscoverKeys, ListMetrics)\n", metrics.MetricSecondsUntilKeyMaterialExpiration)
	keys, err := metrics.DiscoverKeys(ctx, a.cw, metrics.ActiveLast2Weeks)
	if err != nil {
		return nil, fmt.Errorf("discovering keys: %w", err)
	}
	for _, k := range keys {
		fmt.Fprintf(w, "   %s\n", k)
	}
	fmt.Fprintf(w, "   %d keys with imported key material that expires\n", len(keys))
	return keys, nil
}

// timeLeft is step 2.
func timeLeft(ctx context.Context, w io.Writer, a *account, keys []string) error {
	fmt.Fprintln(w, "\n2. Time left per key, soonest first (metrics.ExpiryBatch + Fetch: newest 5-minute minimum of the last hour)")
	if len(keys) == 0 {
		fmt.Fprintln(w, "   no keys to query")
		return nil
	}
	r, err := metrics.LastRange(lookback, period, a.now)
	if err != nil {
		return err
	}
	b, err := metrics.ExpiryBatch(keys, r, period)
	if err != nil {
		return err
	}
	res, err := metrics.Fetch(ctx, a.cw, b)
	if err != nil {
		return fmt.Errorf("reading time left: %w", err)
	}
	exps := res.Expiries()
	metrics.SortSoonestFirst(exps)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "   KEY ID\tTIME LEFT\tEXPIRES (UTC)")
	for _, e := range exps {
		at, ok := e.ExpiresAt()
		if !ok {
			fmt.Fprintf(tw, "   %s\tno data (expired, or not published)\t-\n", e.KeyID)
			continue
		}
		fmt.Fprintf(tw, "   %s\t%.1f days\t%s\n", e.KeyID, at.Sub(a.now).Hours()/24, at.UTC().Format("2006-01-02 15:04"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if res.Partial() {
		fmt.Fprintln(w, "   warning: CloudWatch returned partial data; some keys may be missing")
	}
	return nil
}

// syncAlarms is step 3.
func syncAlarms(ctx context.Context, w io.Writer, a *account, keys []string) error {
	fmt.Fprintf(w, "\n3. Expiry alarms: ALARM %.0f days before expiry, notify the topic (alarms.KeyMaterialExpiries + Syncer)\n",
		alarms.DefaultExpiryWithin.Hours()/24)
	topics := []string{a.topic}
	desired, err := alarms.KeyMaterialExpiries(keys, alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: topics, OKActions: topics})
	if err != nil {
		return err
	}
	s := &alarms.Syncer{Client: a.cw, Prefix: alarms.ExpiryPrefix}
	if a.clock != nil {
		// Offline, the Syncer paces its calls on the fakes' virtual clock,
		// moving it as it waits: the run costs no wall time.
		s.Clock = a.clock.Jumping()
	}
	plan, res, err := s.Sync(ctx, desired)
	if plan != nil {
		fmt.Fprint(w, indent(plan.String()))
	}
	if res != nil {
		fmt.Fprintf(w, "   applied: %d changes in %d PutMetricAlarm and %d DeleteAlarms calls\n",
			len(res.Done), res.Calls["PutMetricAlarm"], res.Calls["DeleteAlarms"])
	}
	if err != nil {
		return fmt.Errorf("applying alarms: %w", err)
	}
	again, err := s.Plan(ctx, desired)
	if err != nil {
		return err
	}
	fmt.Fprint(w, indent("again: "+again.String()))
	if again.Empty() {
		fmt.Fprintln(w, "   nothing to do: applying is idempotent")
	}
	fmt.Fprintf(w, "   missing data counts as %s, so an alarm stays in ALARM once KMS stops publishing\n", alarms.DefaultExpiryTreatMissingData)
	return nil
}

// virtualTime ends step 3 offline: the in-process CloudWatch evaluates the
// alarms as its virtual clock moves, so the run jumps 190 days ahead and
// shows the 200-day key's alarm fire when 10 days are left.
func virtualTime(ctx context.Context, w io.Writer, a *account) error {
	fmt.Fprintln(w, "   on a virtual clock (clock.Virtual), the in-process CloudWatch evaluates them:")
	var fired string
	at := a.now
	for _, step := range []time.Duration{time.Minute, 190 * 24 * time.Hour} {
		// From the start, not from now: the Syncer's pacing has moved the
		// clock by a second or so.
		at = at.Add(step)
		a.clock.Set(at)
		out, err := a.cw.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String(alarms.ExpiryPrefix)})
		if err != nil {
			return fmt.Errorf("describing alarms: %w", err)
		}
		var states []string
		for _, m := range out.MetricAlarms {
			key := strings.TrimPrefix(aws.ToString(m.AlarmName), alarms.ExpiryPrefix)
			states = append(states, fmt.Sprintf("%s %s", key[:8], m.StateValue))
			if m.StateTransitionedTimestamp != nil && m.StateTransitionedTimestamp.Equal(at) && m.StateValue == cwtypes.StateValueAlarm {
				fired = fmt.Sprintf("%s: %s", key[:8], aws.ToString(m.StateReason))
			}
		}
		fmt.Fprintf(w, "   %s  %s\n", at.Format("2006-01-02 15:04"), strings.Join(states, ", "))
	}
	fmt.Fprintf(w, "   %s\n", fired)
	return nil
}

// rule is one EventBridge rule as created, kept for step 5.
type rule struct {
	name    string
	pattern string
}

// createRules is step 4: the KeyLifecycle and PendingDeletionUse presets of
// package rules, each with the topic as its target. The topic receives each
// event whole, so a subscriber can decode it with package events.
func createRules(ctx context.Context, w io.Writer, a *account) ([]rule, error) {
	fmt.Fprintln(w, "\n4. EventBridge rules to the topic (rules.KeyLifecycle, rules.PendingDeletionUse)")
	lifecycle, err := rules.KeyLifecycle(a.id)
	if err != nil {
		return nil, err
	}
	pending, err := rules.PendingDeletionUse(a.id)
	if err != nil {
		return nil, err
	}
	var out []rule
	for _, r := range []rules.Rule{
		{Name: lifecycleRule, Description: "KMS key life-cycle events (kmswatch quickstart)", Pattern: lifecycle},
		{Name: pendingRule, Description: "KMS calls failing on a key pending deletion (kmswatch quickstart)", Pattern: pending},
	} {
		putRule, err := r.PutRuleInput()
		if err != nil {
			return nil, err
		}
		topic, err := rules.SNSTopic(snsTargetID, a.topic)
		if err != nil {
			return nil, err
		}
		putTargets, err := r.PutTargetsInput(topic)
		if err != nil {
			return nil, err
		}
		if _, err := rules.Put(ctx, a.eb, putRule, putTargets); err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "   %s (%s), pattern of %d characters\n", r.Name, putRule.State, r.Pattern.Size())
		out = append(out, rule{name: r.Name, pattern: aws.ToString(putRule.EventPattern)})
	}
	fmt.Fprintf(w, "   target %s -> %s\n", snsTargetID, a.topic)
	return out, nil
}

// sample is one event of step 5, as JSON.
type sample struct {
	what string
	data []byte
}

// sampleEvents builds the events of step 5 with package eventstest, in this
// account and Region: the three events KMS sends, a Decrypt that failed
// because its key is pending deletion, and a successful Decrypt, which
// neither rule should receive.
func sampleEvents(a *account) ([]sample, error) {
	at := func(ago time.Duration) eventstest.Option { return eventstest.Time(a.now.Add(-ago)) }
	in := []eventstest.Option{eventstest.Account(a.id), eventstest.Region(a.region)}
	with := func(opts ...eventstest.Option) []eventstest.Option { return append(opts, in...) }
	evs := []struct {
		what string
		ev   events.Event
	}{
		{"material expired", eventstest.Expiration(with(eventstest.KeyID(keyExpired), at(2*24*time.Hour))...)},
		{"rotation", eventstest.Rotation(with(eventstest.KeyID(key200Days), at(30*time.Minute))...)},
		{"Decrypt, pending deletion", eventstest.PendingDeletionCall(with(eventstest.KeyID(keyDeleted), at(20*time.Minute))...)},
		{"key deleted", eventstest.Deletion(with(eventstest.KeyID(keyDeleted), at(5*time.Minute))...)},
		{"Decrypt, succeeded", eventstest.APICall("Decrypt", with(eventstest.KeyID(key3Days), at(time.Minute))...)},
	}
	out := make([]sample, 0, len(evs))
	for _, e := range evs {
		data, err := e.ev.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("encoding the %s event: %w", e.what, err)
		}
		out = append(out, sample{what: e.what, data: data})
	}
	return out, nil
}

// emitEvents is step 5 offline: each event enters the in-process EventBridge
// as KMS or CloudTrail would send it.
func emitEvents(w io.Writer, a *account, samples []sample) error {
	fmt.Fprintln(w, "\n5. KMS and CloudTrail send events (eventstest builds them; the fake EventBridge routes them)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "   EVENT\tKEY ID\tDELIVERED")
	for _, s := range samples {
		n, err := a.bus.Emit(s.data)
		if err != nil {
			return fmt.Errorf("emitting the %s event: %w", s.what, err)
		}
		fmt.Fprintf(tw, "   %s\t%s\t%d\n", s.what, keyOf(s.data), n)
	}
	return tw.Flush()
}

// testEvents is step 5 against AWS, where only KMS may put aws.kms events:
// TestEventPattern says which rule each event would reach.
func testEvents(ctx context.Context, w io.Writer, a *account, rs []rule, samples []sample) error {
	fmt.Fprintln(w, "\n5. Which rule each event would reach (EventBridge TestEventPattern; AWS accepts aws.kms events only from KMS)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "   EVENT\tKEY ID\tMATCHING RULES")
	for _, s := range samples {
		var matched []string
		for _, r := range rs {
			out, err := a.eb.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{
				EventPattern: aws.String(r.pattern), Event: aws.String(string(s.data)),
			})
			if err != nil {
				return fmt.Errorf("testing the %s event against rule %s: %w", s.what, r.name, err)
			}
			if out.Result {
				matched = append(matched, r.name)
			}
		}
		if len(matched) == 0 {
			matched = append(matched, "none")
		}
		fmt.Fprintf(tw, "   %s\t%s\t%s\n", s.what, keyOf(s.data), strings.Join(matched, ", "))
	}
	return tw.Flush()
}

// keyOf names the key of an event built by sampleEvents.
func keyOf(data []byte) string {
	ev, err := events.Parse(data)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return ev.KeyID()
}

// decodeDeliveries is step 6: what the topic received, read as a subscriber
// would with events.Unwrap, which accepts every delivery shape (the event
// itself, an SNS notification, an SQS message or a Lambda batch).
func decodeDeliveries(w io.Writer, a *account) error {
	delivered := a.bus.Delivered(a.topic)
	fmt.Fprintf(w, "\n6. The topic received %d events; decoded with events.Unwrap\n", len(delivered))
	for i, d := range delivered {
		batch, err := events.Unwrap(d.Body)
		if err != nil {
			return fmt.Errorf("delivery %d from rule %s: %w", i+1, d.Rule, err)
		}
		for _, ev := range batch.Events() {
			h := ev.Head()
			fmt.Fprintf(w, "   %d. via %s: %s, key %s, %s\n", i+1, d.Rule, h.DetailType, ev.KeyID(), h.Time.Format(time.RFC3339))
			if ct, ok := ev.(*events.CloudTrail); ok && ct.Detail.ErrorCode != "" {
				fmt.Fprintf(w, "      %s failed: %s\n", ct.Detail.EventName, ct.Detail.ErrorCode)
				if key, ok := ct.Detail.PendingDeletion(); ok {
					fmt.Fprintf(w, "      key pending deletion: %s\n", key)
				}
			}
		}
	}
	return nil
}

// decodeAlarms is step 7: each alarm that fired published its message to
// the topic (cloudwatchtest records it with the action); the topic delivers
// it as an SNS notification, which a subscriber hands to events.Process and
// reads the key of with KeyIDs, as it would in a Lambda function.
func decodeAlarms(ctx context.Context, w io.Writer, a *account) error {
	var notes [][]byte
	for _, act := range a.fake.Actions() {
		if act.ARN == a.topic {
			notes = append(notes, eventstest.SNSNotification(act.Body))
		}
	}
	fmt.Fprintf(w, "\n7. The topic received %d alarm notifications; decoded with events.Process\n", len(notes))
	for _, n := range notes {
		_, err := events.Process(ctx, n, func(_ context.Context, r events.Record) error {
			if r.Alarm == nil {
				return fmt.Errorf("not an alarm notification: %s", r.Body)
			}
			s := r.Alarm.Summary()
			fmt.Fprintf(w, "   %s  %s %s: key %s\n", s.Time.Format("2006-01-02 15:04"), s.Name, s.State, strings.Join(r.Alarm.KeyIDs(), ", "))
			return nil
		})
		if err != nil {
			return fmt.Errorf("decoding an alarm notification: %w", err)
		}
	}
	return nil
}

// nextSteps ends the offline run with what a real run needs.
func nextSteps(w io.Writer) {
	fmt.Fprint(w, `
Run the same steps in your AWS account:
   go run ./examples/quickstart -aws -topic arn:aws:sns:REGION:ACCOUNT:TOPIC
   needs credentials from the default chain (environment, ~/.aws, SSO, instance role), a Region,
   an SNS topic whose access policy lets events.amazonaws.com publish,
   and cloudwatch:ListMetrics, GetMetricData, DescribeAlarms, PutMetricAlarm, DeleteAlarms,
   events:PutRule, PutTargets, TestEventPattern. It changes only alarms named
   kmswatch-key-material-expiry-* and the two rules above.
`)
}

// indent indents each line of s by three spaces.
func indent(s string) string {
	return "   " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n   ") + "\n"
}

// The offline account: a fixed clock, an example topic and four keys.
var offlineNow = time.Date(2026, 11, 24, 6, 30, 0, 0, time.UTC)

const (
	offlineTopic = "arn:aws:sns:" + eventstest.DefaultRegion + ":" + eventstest.DefaultAccount + ":kms-key-alerts"

	key3Days   = "3f0c9a52-6b1e-4d7a-9c2f-5e8b1a4d7c60"
	key200Days = "mrk-8d2e4f6a1b3c4d5e9f7a6b5c4d3e2f1a"
	keyExpired = "b71e0d3c-2a4f-4e8b-a6c9-0f1d2e3c4b5a"
	// keyDeleted has KMS-generated material, so it publishes no expiry
	// metric; it was scheduled for deletion and is deleted in step 5.
	keyDeleted = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f"
)

// offlineServers starts the in-process CloudWatch on a virtual clock,
// publishing the SecondsUntilKeyMaterialExpiration metric of the two keys
// whose material has not expired (once a minute, from 3 hours back, as
// KMS would have) and seeded with the readings of the expired key for the
// hour before it expired, and the in-process EventBridge, both on one
// virtual clock that the Syncer of step 3 also paces on. Both fakes serve
// the same default account and Region, those of the eventstest events.
func offlineServers() (*cloudwatchtest.Server, *eventbridgetest.Server, *clock.Virtual) {
	virtual := clock.NewVirtual(offlineNow)
	cw := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(virtual))
	cw.SimulateKeyMaterial(key3Days, offlineNow.Add(3*24*time.Hour))
	cw.SimulateKeyMaterial(key200Days, offlineNow.Add(200*24*time.Hour))
	expired := offlineNow.Add(-2 * 24 * time.Hour)
	var pts []cloudwatchtest.Point
	for m := 60; m >= 1; m-- {
		at := expired.Add(-time.Duration(m) * time.Minute)
		pts = append(pts, cloudwatchtest.Point{Time: at, Value: expired.Sub(at).Seconds()})
	}
	dims := []cwtypes.Dimension{{Name: aws.String(metrics.DimensionKeyID), Value: aws.String(keyExpired)}}
	cw.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration, dims, pts...)
	bus := eventbridgetest.NewServer(
		eventbridgetest.WithVirtualClock(virtual),
		eventbridgetest.WithIDs(eventbridgetest.SequentialIDs()),
	)
	return cw, bus, virtual
}
