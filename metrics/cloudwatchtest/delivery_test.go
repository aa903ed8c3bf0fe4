package cloudwatchtest_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

const (
	deliveryKey = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	// The AWS KMS Developer Guide's default key policy: the account may
	// use the key through IAM, no service may.
	defaultKeyPolicy = `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
)

// defaultTopicPolicy is the policy SNS gives a new topic (Amazon EventBridge
// User Guide, Amazon SNS permissions, shows it).
func defaultTopicPolicy(topic, owner string) string {
	return `{"Version":"2012-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"` + topic + `","Condition":{"StringEquals":{"AWS:SourceOwner":"` + owner + `"}}}]}`
}

func customerKey(policy string, grantsListed bool) delivery.Key {
	return delivery.Key{
		Metadata:     &kmstypes.KeyMetadata{Arn: aws.String(deliveryKey), KeyManager: kmstypes.KeyManagerTypeCustomer, KeyState: kmstypes.KeyStateEnabled},
		Policy:       policy,
		GrantsListed: grantsListed,
	}
}

// actionHistory returns the alarm's Action history items, oldest first.
func actionHistory(t *testing.T, c *cloudwatch.Client, alarm string) []string {
	t.Helper()
	out, err := c.DescribeAlarmHistory(context.Background(), &cloudwatch.DescribeAlarmHistoryInput{
		AlarmName: aws.String(alarm), HistoryItemType: types.HistoryItemTypeAction, ScanBy: types.ScanByTimestampAscending,
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range out.AlarmHistoryItems {
		got = append(got, aws.ToString(h.HistorySummary))
	}
	return got
}

// An alarm whose notification a KMS-encrypted topic would drop: the fake
// records the failed action CloudWatch writes and no notification; once the
// statement delivery.Check returns is merged into the key policy, the next
// action is delivered.
func TestDeliveryDropsEndToEnd(t *testing.T) {
	const otherTopic = "arn:aws:sns:us-west-2:444455556666:kms-alerts"
	keyRefused := `Failed to execute action ` + topic + `. Received error: "CloudWatch Alarms does not have authorization to access the SNS topic encryption key."`
	tests := map[string]struct {
		topic   string
		in      delivery.Inputs
		history []string
		actions int
	}{
		"customer managed key with the default key policy": {
			topic:   topic,
			in:      delivery.Inputs{Topics: map[string]map[string]string{topic: {"Policy": defaultTopicPolicy(topic, "111122223333"), "KmsMasterKeyId": deliveryKey}}, Keys: []delivery.Key{customerKey(defaultKeyPolicy, true)}},
			history: []string{keyRefused},
		},
		"AWS managed key for SNS": {
			topic:   topic,
			in:      delivery.Inputs{Topics: map[string]map[string]string{topic: {"Policy": defaultTopicPolicy(topic, "111122223333"), "KmsMasterKeyId": "alias/aws/sns"}}},
			history: []string{keyRefused},
		},
		"topic in another account with its default policy": {
			topic:   otherTopic,
			in:      delivery.Inputs{Topics: map[string]map[string]string{otherTopic: {"Policy": defaultTopicPolicy(otherTopic, "444455556666")}}},
			history: []string{`Failed to execute action ` + otherTopic + `. Received error: "Resource: arn:aws:cloudwatch:us-west-2:111122223333:alarm:expiry is not authorized to perform: SNS:Publish on resource: ` + otherTopic + `"`},
		},
		"grants not listed: unknown, so the action runs": {
			topic:   topic,
			in:      delivery.Inputs{Topics: map[string]map[string]string{topic: {"Policy": defaultTopicPolicy(topic, "111122223333"), "KmsMasterKeyId": deliveryKey}}, Keys: []delivery.Key{customerKey(defaultKeyPolicy, false)}},
			history: []string{"Successfully executed action " + topic},
			actions: 1,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			clk := clock.NewVirtual(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
			srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk))
			defer srv.Close()
			c := srv.Client()
			ctx := context.Background()
			if err := srv.SetDeliveryInputs(tc.in); err != nil {
				t.Fatal(err)
			}
			_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
				AlarmName: aws.String("expiry"), AlarmActions: []string{tc.topic}, OKActions: []string{tc.topic},
				Namespace: aws.String("AWS/KMS"), MetricName: aws.String("SecondsUntilKeyMaterialExpiration"),
				Dimensions: []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab")}},
				Statistic:  types.StatisticMinimum, Period: aws.Int32(60), EvaluationPeriods: aws.Int32(1),
				Threshold: aws.Float64(864000), ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
				TreatMissingData: aws.String("breaching"),
			})
			if err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Minute) // no data, breaching: ALARM
			if diff := cmp.Diff(tc.history, actionHistory(t, c, "expiry")); diff != "" {
				t.Errorf("history mismatch (-want +got):\n%s", diff)
			}
			if got := len(srv.Actions()); got != tc.actions {
				t.Errorf("%d notifications, want %d", got, tc.actions)
			}
			if tc.actions > 0 {
				return
			}

			// The check, on the alarm as DescribeAlarms returns it, says
			// the same and gives the fix.
			out, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{"expiry"}})
			if err != nil {
				t.Fatal(err)
			}
			paths, err := delivery.AlarmPaths(out.MetricAlarms[0])
			if err != nil {
				t.Fatal(err)
			}
			res, err := delivery.Check(paths, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Verdict != delivery.Drops {
				t.Fatalf("check: %s %+v, want drops", res[0].Verdict, res[0].Findings)
			}
			if err := srv.SetDeliveryInputs(applyFix(t, tc.topic, tc.in, res[0].Fix)); err != nil {
				t.Fatal(err)
			}
			if _, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("expiry"),
				StateValue: types.StateValueOk, StateReason: aws.String("key material reimported")}); err != nil {
				t.Fatal(err)
			}
			want := append(tc.history, "Successfully executed action "+tc.topic)
			if diff := cmp.Diff(want, actionHistory(t, c, "expiry")); diff != "" {
				t.Errorf("after the fix, history mismatch (-want +got):\n%s", diff)
			}
			if got := srv.Actions(); len(got) != 1 || got[0].ARN != tc.topic || got[0].State != types.StateValueOk || len(got[0].Body) == 0 {
				t.Errorf("after the fix, notifications %+v, want the OK action to %s with its message", got, tc.topic)
			}
		})
	}
}

// applyFix merges the fix's statements into the inputs; a topic on an AWS
// managed key moves to the customer managed key, whose policy gets the
// statement.
func applyFix(t *testing.T, topic string, in delivery.Inputs, fix delivery.Fix) delivery.Inputs {
	t.Helper()
	attrs := map[string]string{}
	for k, v := range in.Topics[topic] {
		attrs[k] = v
	}
	out := delivery.Inputs{Topics: map[string]map[string]string{topic: attrs}, Keys: in.Keys}
	if fix.ResourcePolicyStatement != "" {
		attrs["Policy"] = addStatement(t, attrs["Policy"], fix.ResourcePolicyStatement)
	}
	if fix.KeyPolicyStatement != "" {
		policy := defaultKeyPolicy
		if len(in.Keys) > 0 {
			policy = in.Keys[0].Policy
		}
		attrs["KmsMasterKeyId"] = deliveryKey
		out.Keys = []delivery.Key{customerKey(addStatement(t, policy, fix.KeyPolicyStatement), true)}
	}
	return out
}

func addStatement(t *testing.T, policy, statement string) string {
	t.Helper()
	var p struct {
		Version   string
		Id        string `json:",omitempty"`
		Statement []json.RawMessage
	}
	if err := json.Unmarshal([]byte(policy), &p); err != nil {
		t.Fatal(err)
	}
	p.Statement = append(p.Statement, json.RawMessage(statement))
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
