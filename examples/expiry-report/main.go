// Command expiry-report prints how long the imported key material of every
// KMS key in an account and Region has left, soonest expiry first, with the
// projected expiry date.
//
// It lists the keys that publish the AWS/KMS metric
// SecondsUntilKeyMaterialExpiration (ListMetrics), reads the latest minimum
// of each (GetMetricData, 500 keys per call) and prints a table. Keys that
// published in the last two weeks but not within -lookback are shown as
// having no data.
//
// Usage:
//
//	expiry-report [-offline] [-lookback 24h] [-period 1h]
//
// With -offline it runs against an in-process CloudWatch seeded with three
// keys and a fixed clock, so the output never changes. Without it, it uses
// the default AWS credential chain and Region (environment, shared config,
// SSO, instance role) and needs cloudwatch:ListMetrics and
// cloudwatch:GetMetricData.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func main() { exampleenv.Main("expiry-report", run) }

// client is what the report needs from CloudWatch; *cloudwatch.Client has it.
type client interface {
	cloudwatch.GetMetricDataAPIClient
	cloudwatch.ListMetricsAPIClient
}

// run parses args, queries CloudWatch and writes the report to w.
func run(ctx context.Context, w io.Writer, args []string) error {
	fs := flag.NewFlagSet("expiry-report", flag.ContinueOnError)
	fs.SetOutput(w)
	offline := fs.Bool("offline", false, "query an in-process CloudWatch seeded with three example keys instead of AWS")
	lookback := fs.Duration("lookback", 24*time.Hour, "how far back to look for each key's latest datapoint")
	period := fs.Duration("period", time.Hour, "period of the Minimum statistic; the projected expiry is early by at most one period")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	var c client
	now := time.Now
	if *offline {
		srv := offlineServer()
		defer srv.Close()
		c, now = srv.Client(), offlineClock
	} else {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("load AWS configuration: %w", err)
		}
		c = cloudwatch.NewFromConfig(cfg)
	}
	return report(ctx, w, c, now(), *lookback, *period)
}

func report(ctx context.Context, w io.Writer, c client, now time.Time, lookback, period time.Duration) error {
	r, err := metrics.LastRange(lookback, period, now)
	if err != nil {
		return err
	}
	keys, err := metrics.DiscoverKeys(ctx, c, metrics.ActiveLast2Weeks)
	if err != nil {
		return err
	}
	if len(keys) == 0 {
		_, err := fmt.Fprintln(w, "No key publishes SecondsUntilKeyMaterialExpiration: no imported key material with an expiration.")
		return err
	}
	b, err := metrics.ExpiryBatch(keys, r, period)
	if err != nil {
		return err
	}
	res, err := metrics.Fetch(ctx, c, b)
	if err != nil {
		return err
	}
	exps := res.Expiries()
	metrics.SortSoonestFirst(exps)

	fmt.Fprintf(w, "Imported key material at %s, soonest expiry first\n", now.UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "%d keys; %d GetMetricData call(s); datapoints %s, period %v\n\n", len(keys), len(b.Inputs()), r, period)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KEY ID\tTIME LEFT\tEXPIRES (UTC)")
	for _, e := range exps {
		// Left from now, not from the datapoint: the reading may be an hour old.
		at, ok := e.ExpiresAt()
		if !ok {
			fmt.Fprintf(tw, "%s\tno data in the last %s\t-\n", e.KeyID, shortDuration(lookback))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.KeyID, humanize(at.Sub(now)), at.UTC().Format("2006-01-02 15:04"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if res.Partial() {
		fmt.Fprintln(w, "\nWarning: CloudWatch returned partial data.")
		for _, m := range res.Messages {
			fmt.Fprintf(w, "  %s: %s\n", aws.ToString(m.Code), aws.ToString(m.Value))
		}
		for _, s := range res.Series {
			if s.Status != types.StatusCodeComplete {
				id, _ := s.Metric.Dimension(metrics.DimensionKeyID)
				fmt.Fprintf(w, "  %s: status %q\n", id, s.Status)
			}
		}
	}
	return nil
}

// humanize renders a duration in days, hours and minutes.
func humanize(d time.Duration) string {
	if d <= 0 {
		return "expired"
	}
	d = d.Truncate(time.Minute)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	return fmt.Sprintf("%dd %02dh %02dm", days, d/time.Hour, (d%time.Hour)/time.Minute)
}

// shortDuration prints d without trailing zero units: 24h, 90m → 1h30m.
func shortDuration(d time.Duration) string {
	s := strings.TrimSuffix(d.String(), "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// offlineNow is the fixed "now" of the offline run.
var offlineNow = time.Date(2026, 11, 24, 6, 30, 0, 0, time.UTC)

func offlineClock() time.Time { return offlineNow }

// offlineServer starts an in-process CloudWatch holding three keys: one
// expiring within 10 days, one within a year, and one that last published
// three days ago, so it is listed but has no data in the default lookback.
func offlineServer() *cloudwatchtest.Server {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(offlineClock))
	// Hourly readings on the hour, the newest at 06:00.
	countdown := func(id string, expiry time.Time, hours int) {
		var pts []cloudwatchtest.Point
		for h := hours; h >= 0; h-- {
			at := offlineNow.Truncate(time.Hour).Add(-time.Duration(h) * time.Hour)
			pts = append(pts, cloudwatchtest.Point{Time: at, Value: expiry.Sub(at).Seconds()})
		}
		srv.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration,
			[]types.Dimension{{Name: aws.String(metrics.DimensionKeyID), Value: aws.String(id)}}, pts...)
	}
	countdown("1234abcd-12ab-34cd-56ef-1234567890ab", time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC), 24)
	countdown("mrk-0123456789abcdef0123456789abcdef", time.Date(2027, 8, 15, 0, 0, 0, 0, time.UTC), 24)
	srv.Seed(metrics.NamespaceKMS, metrics.MetricSecondsUntilKeyMaterialExpiration,
		[]types.Dimension{{Name: aws.String(metrics.DimensionKeyID), Value: aws.String("0987dcba-09fe-87dc-65ba-ab0987654321")}},
		cloudwatchtest.Point{Time: offlineNow.Add(-72 * time.Hour), Value: 400 * 86400})
	return srv
}
