// Command alarm-sync keeps one key-material expiry alarm per KMS key: it
// lists the keys that publish SecondsUntilKeyMaterialExpiration (keys with
// imported key material that expires), builds the alarm for each, compares
// them with the alarms that exist under the owned name prefix, and creates,
// updates or deletes alarms until they match.
//
// Usage:
//
//	alarm-sync [-offline] [-dry-run] [-within 240h] [-topic arn] [-prefix p] [-put-rate 3] [-allow-mass-delete]
//
// With -offline it runs against an in-process CloudWatch seeded with four
// example keys and a few existing alarms, on a fixed clock, so its output is
// the same on every run; otherwise it uses the default AWS configuration
// (environment, shared config, SSO, instance role). -dry-run prints the plan
// and changes nothing. Only alarms whose names start with -prefix are ever
// changed or deleted, and a plan that would delete all or most of them (no
// keys found, or most keys missing from the discovery) is printed and
// refused unless -allow-mass-delete is given.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func main() { exampleenv.Main("alarm-sync", run) }

// run is the whole program, writing its report to w, so tests can drive it.
func run(ctx context.Context, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("alarm-sync", flag.ContinueOnError)
	fs.SetOutput(w)
	offline := fs.Bool("offline", false, "use an in-process CloudWatch seeded with example keys and alarms instead of AWS")
	dryRun := fs.Bool("dry-run", false, "print the plan without applying it")
	within := fs.Duration("within", alarms.DefaultExpiryWithin, "alarm when key material expires within this duration")
	topic := fs.String("topic", "", "SNS topic ARN notified on ALARM and OK (offline default: an example topic)")
	prefix := fs.String("prefix", alarms.ExpiryPrefix, "owned alarm-name prefix; only alarms starting with it are changed")
	putRate := fs.Float64("put-rate", alarms.DefaultPutRate, "PutMetricAlarm calls per second (the account quota)")
	allowMassDelete := fs.Bool("allow-mass-delete", false, "apply a plan that deletes all or most owned alarms (a deliberate teardown)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	var client *cloudwatch.Client
	if *offline {
		srv := offlineServer()
		defer srv.Close()
		client = srv.Client()
		if *topic == "" {
			*topic = offlineTopic(srv)
		}
	} else {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return err
		}
		client = cloudwatch.NewFromConfig(cfg)
	}

	keys, err := metrics.DiscoverKeys(ctx, client, metrics.ActiveLast2Weeks)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d keys publish %s\n", len(keys), metrics.MetricSecondsUntilKeyMaterialExpiration)
	opts := alarms.Options{Name: *prefix + "{{.KeyID}}"}
	if *topic != "" {
		opts.AlarmActions, opts.OKActions = []string{*topic}, []string{*topic}
	}
	desired, err := alarms.KeyMaterialExpiries(keys, *within, opts)
	if err != nil {
		return err
	}

	s := &alarms.Syncer{Client: client, Prefix: *prefix, PutRate: *putRate, AllowMassDelete: *allowMassDelete}
	if err := syncAlarms(ctx, w, s, desired, *dryRun); err != nil || *dryRun {
		return err
	}
	if *offline {
		printAlarms(w, client, *prefix)
		// Syncing again finds nothing to do: apply is idempotent.
		again, err := s.Plan(ctx, desired)
		if err != nil {
			return err
		}
		fmt.Fprint(w, "again: ", again)
	}
	return nil
}

// syncAlarms plans the change from what exists to desired, prints the plan
// and, unless dryRun, applies it. A refused mass deletion prints the plan
// that was refused before returning the error.
func syncAlarms(ctx context.Context, w io.Writer, s *alarms.Syncer, desired []*cloudwatch.PutMetricAlarmInput, dryRun bool) error {
	plan, err := s.Plan(ctx, desired)
	var refused *alarms.MassDeleteError
	if errors.As(err, &refused) {
		fmt.Fprint(w, "refused: ", refused.Plan)
	}
	if err != nil {
		return err
	}
	if _, err := plan.WriteTo(w); err != nil {
		return err
	}
	if dryRun {
		return nil
	}
	res, err := s.Apply(ctx, plan)
	if res != nil {
		printResult(w, res)
	}
	return err
}

func printResult(w io.Writer, r *alarms.Result) {
	count := map[alarms.Op]int{}
	for _, st := range r.Done {
		count[st.Op]++
	}
	fmt.Fprintf(w, "applied: %d created, %d updated, %d deleted (PutMetricAlarm calls: %d, DeleteAlarms calls: %d)\n",
		count[alarms.OpCreate], count[alarms.OpUpdate], count[alarms.OpDelete],
		r.Calls["PutMetricAlarm"], r.Calls["DeleteAlarms"])
	for _, st := range r.NotDone {
		fmt.Fprintf(w, "not done: %s %s\n", st.Op, st.Name)
	}
}

// printAlarms lists every alarm on the offline server, owned or not, to
// show that only owned ones changed.
func printAlarms(w io.Writer, client *cloudwatch.Client, prefix string) {
	out, err := client.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{})
	if err != nil {
		fmt.Fprintln(w, "describe:", err)
		return
	}
	fmt.Fprintln(w, "alarms now:")
	for _, a := range out.MetricAlarms {
		owner := "not owned"
		if len(*a.AlarmName) >= len(prefix) && (*a.AlarmName)[:len(prefix)] == prefix {
			owner = "owned"
		}
		fmt.Fprintf(w, "  %s (%s, threshold %g)\n", *a.AlarmName, owner, aws.ToFloat64(a.Threshold))
	}
}

// Offline data: a fixed clock, an example topic in the fake's account, and
// keys whose material expires at fixed distances from that clock.
var offlineNow = time.Date(2026, 11, 24, 6, 30, 0, 0, time.UTC)

// offlineTopic is the example topic in srv's account and Region.
func offlineTopic(srv *cloudwatchtest.Server) string {
	return "arn:aws:sns:" + srv.Region() + ":" + srv.Account() + ":kms-key-alerts"
}

var offlineKeys = []struct {
	id      string
	expires time.Duration
}{
	{"0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d", 3 * 24 * time.Hour},
	{"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", 20 * 24 * time.Hour},
	{"2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a7b", 40 * 24 * time.Hour},
	{"mrk-3c4d5e6f7a8b49c0a1b2c3d4e5f6a7b8", 9 * 24 * time.Hour},
}

// offlineServer starts an in-process CloudWatch that publishes the metric of
// each offline key, as KMS does, and holds, from an earlier run, an
// up-to-date alarm for the first key, an alarm with an old threshold for the
// second, an alarm for a key that no longer publishes the metric, and an
// alarm the tool does not own.
func offlineServer() *cloudwatchtest.Server {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return offlineNow }))
	for _, k := range offlineKeys {
		srv.SimulateKeyMaterial(k.id, offlineNow.Add(k.expires))
	}
	topics := alarms.Options{AlarmActions: []string{offlineTopic(srv)}, OKActions: []string{offlineTopic(srv)}}
	var existing []*cloudwatch.PutMetricAlarmInput
	for _, seed := range []struct {
		key    string
		within time.Duration
	}{
		{offlineKeys[0].id, alarms.DefaultExpiryWithin},
		{offlineKeys[1].id, 5 * 24 * time.Hour},
		{"9f8e7d6c-5b4a-4392-8a1b-0c9d8e7f6a5b", alarms.DefaultExpiryWithin},
	} {
		in, err := alarms.KeyMaterialExpiry(seed.key, seed.within, topics)
		if err != nil {
			panic(err) // fixed data: a failure is a bug in this file
		}
		existing = append(existing, in)
	}
	existing = append(existing, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("billing-estimated-charges"), Namespace: aws.String("AWS/Billing"),
		MetricName: aws.String("EstimatedCharges"), Statistic: types.StatisticMaximum, Period: aws.Int32(21600),
		EvaluationPeriods: aws.Int32(1), ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		Threshold: aws.Float64(100),
	})
	client := srv.Client()
	for _, in := range existing {
		if _, err := client.PutMetricAlarm(context.Background(), in); err != nil {
			panic(errors.Join(errors.New("seeding the offline CloudWatch"), err))
		}
	}
	return srv
}
