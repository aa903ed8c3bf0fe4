package fake_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// running is a started fake: its Close, its URL, and a client without
// retries: the fake's own, or with cfg set one built by hand from cfg.
type running struct {
	close  func()
	url    func() string
	client func(cfg *aws.Config) client
}

// client stores the i-th item of a fake and lists up to 100 of them.
type client struct {
	put  func(ctx context.Context, i int) error
	list func(ctx context.Context) (int, error)
}

// counting is the list call of a client: op with in, returning how many
// items count finds in the answer.
func counting[In, Out, Opt any](op func(context.Context, *In, ...Opt) (*Out, error), in *In, count func(*Out) int) func(context.Context) (int, error) {
	return func(ctx context.Context) (int, error) {
		out, err := op(ctx, in)
		if err != nil {
			return 0, err
		}
		return count(out), nil
	}
}

// seedAndList stores n items through c and returns how many c lists.
func seedAndList(ctx context.Context, c client, n int) (int, error) {
	for i := range n {
		if err := c.put(ctx, i); err != nil {
			return 0, err
		}
	}
	return c.list(ctx)
}

var fakes = map[string]func() running{
	"cloudwatchtest": func() running {
		srv := cloudwatchtest.NewServer()
		return running{srv.Close, srv.URL, func(cfg *aws.Config) client {
			c := srv.Client(func(o *cloudwatch.Options) { o.RetryMaxAttempts = 1 })
			if cfg != nil {
				c = cloudwatch.NewFromConfig(*cfg)
			}
			return client{
				put: func(ctx context.Context, i int) error {
					_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
						AlarmName: aws.String(fmt.Sprintf("alarm-%03d", i)), Namespace: aws.String("AWS/KMS"),
						MetricName: aws.String("SecondsUntilKeyMaterialExpiration"), Statistic: cwtypes.StatisticMinimum,
						Period: aws.Int32(300), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(864000),
						ComparisonOperator: cwtypes.ComparisonOperatorLessThanOrEqualToThreshold,
					})
					return err
				},
				list: counting(c.DescribeAlarms, &cloudwatch.DescribeAlarmsInput{MaxRecords: aws.Int32(100)},
					func(out *cloudwatch.DescribeAlarmsOutput) int { return len(out.MetricAlarms) }),
			}
		}}
	},
	"eventbridgetest": func() running {
		srv := eventbridgetest.NewServer()
		return running{srv.Close, srv.URL, func(cfg *aws.Config) client {
			c := srv.Client(func(o *eventbridge.Options) { o.RetryMaxAttempts = 1 })
			if cfg != nil {
				c = eventbridge.NewFromConfig(*cfg)
			}
			return client{
				put: func(ctx context.Context, i int) error {
					_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{
						Name: aws.String(fmt.Sprintf("rule-%03d", i)), EventPattern: aws.String(`{"source":["aws.kms"]}`),
					})
					return err
				},
				list: counting(c.ListRules, &eventbridge.ListRulesInput{Limit: aws.Int32(100)},
					func(out *eventbridge.ListRulesOutput) int { return len(out.Rules) }),
			}
		}}
	},
}

// TestClients is the one client test of the fakes: each fake's own client
// reaches it in process and reads large answers whole, a cancelled request
// never reaches it, and a client built by hand over a socket to URL works
// too.
func TestClients(t *testing.T) {
	for name, start := range fakes {
		t.Run(name, func(t *testing.T) {
			f := start()
			defer f.close()
			ctx := context.Background()
			n, err := seedAndList(ctx, f.client(nil), 100)
			if err != nil {
				t.Fatal(err)
			}
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			_, cerr := seedAndList(cancelled, f.client(nil), 1)
			got := []any{n, errors.Is(cerr, context.Canceled)}
			if diff := cmp.Diff([]any{100, true}, got); diff != "" {
				t.Errorf("[items cancelled] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestURL checks that URL serves the same fake over a loopback socket, for
// clients built by hand.
func TestURL(t *testing.T) {
	for name, start := range fakes {
		t.Run(name, func(t *testing.T) {
			f := start()
			defer f.close()
			// Retries are off and the answer is small: the smithy-go defect
			// that a large answer over a socket can meet is not in play.
			tr := &http.Transport{}
			defer tr.CloseIdleConnections()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			n, err := seedAndList(ctx, f.client(&aws.Config{
				Region: "us-west-2", BaseEndpoint: aws.String(f.url()), HTTPClient: &http.Client{Transport: tr},
				Credentials: credentials.NewStaticCredentialsProvider("AKID", "secret", ""), RetryMaxAttempts: 1,
			}), 2)
			if err != nil || n != 2 {
				t.Errorf("over a socket: %d items, %v; want 2", n, err)
			}
		})
	}
}
