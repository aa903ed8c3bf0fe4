package cloudwatchtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// TestIdentity checks, through the real client, that the server's account
// and Region reach alarm ARNs, ListMetrics owning accounts, GetMetricData
// AccountId filtering and the client's Region, and that the defaults are
// those of the eventstest fixtures.
func TestIdentity(t *testing.T) {
	tests := map[string]struct {
		opts                         []cloudwatchtest.Option
		account, region, alarmPrefix string
	}{
		"default": {
			account: eventstest.DefaultAccount, region: eventstest.DefaultRegion,
			alarmPrefix: "arn:aws:cloudwatch:us-west-2:111122223333:alarm:",
		},
		"configured": {
			opts:    []cloudwatchtest.Option{cloudwatchtest.WithAccount("444455556666"), cloudwatchtest.WithRegion("eu-central-1")},
			account: "444455556666", region: "eu-central-1",
			alarmPrefix: "arn:aws:cloudwatch:eu-central-1:444455556666:alarm:",
		},
		"China partition": {
			opts:    []cloudwatchtest.Option{cloudwatchtest.WithRegion("cn-north-1")},
			account: eventstest.DefaultAccount, region: "cn-north-1",
			alarmPrefix: "arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, c := newServer(t, tc.opts...)
			ctx := context.Background()
			type view struct {
				Account, Region, ClientRegion, AlarmARN string
				Owners                                  []string
				Values                                  []int
			}
			got := view{Account: s.Account(), Region: s.Region(), ClientRegion: c.Options().Region}

			if _, err := c.PutMetricAlarm(ctx, singleMetricAlarm("a1")); err != nil {
				t.Fatal(err)
			}
			alarms, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{})
			if err != nil {
				t.Fatal(err)
			}
			if len(alarms.MetricAlarms) == 1 {
				got.AlarmARN = aws.ToString(alarms.MetricAlarms[0].AlarmArn)
			}

			s.Seed(kms, expiry, keyDims("k1"), cloudwatchtest.Point{Time: fixedNow().Add(-2 * time.Minute), Value: 42})
			list, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{IncludeLinkedAccounts: aws.Bool(true)})
			if err != nil {
				t.Fatal(err)
			}
			got.Owners = list.OwningAccounts

			for _, account := range []string{tc.account, "999999999999"} {
				out, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
					StartTime: aws.Time(fixedNow().Add(-10 * time.Minute)), EndTime: aws.Time(fixedNow()),
					MetricDataQueries: []types.MetricDataQuery{{
						Id: aws.String("q"), AccountId: aws.String(account),
						MetricStat: expiryStat("k1", 60, "Minimum"),
					}},
				})
				if err != nil {
					t.Fatal(err)
				}
				got.Values = append(got.Values, len(out.MetricDataResults[0].Values))
			}

			want := view{
				Account: tc.account, Region: tc.region, ClientRegion: tc.region,
				AlarmARN: tc.alarmPrefix + "a1", Owners: []string{tc.account}, Values: []int{1, 0},
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("identity mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
