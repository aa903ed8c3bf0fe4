// Command encrypted-delivery shows an expiry alarm whose notification a
// KMS-encrypted SNS topic would drop, and the key policy statement that makes
// it arrive.
//
// Usage:
//
//	encrypted-delivery
//
// It runs offline: the topic's attributes, the key's DescribeKey, GetKeyPolicy
// and ListGrants results and the account's aliases are example values, as a
// program would read them with its own SNS and KMS clients. delivery.Check
// finds that the key's policy (the AWS KMS default) does not let
// cloudwatch.amazonaws.com use the key; the in-process CloudWatch, told the
// same, records the failed action CloudWatch writes when the alarm fires.
// With the returned statement merged into the key policy, the check says
// delivers and the next action succeeds.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

const (
	account = "111122223333"
	region  = "us-west-2"
	topic   = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	keyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
	keyARN  = "arn:aws:kms:us-west-2:111122223333:key/" + keyID
	// The key whose material the alarm watches.
	watchedKey = "0987dcba-09fe-87dc-65ba-ab0987654321"
	// The AWS KMS Developer Guide's default key policy: the account may use
	// the key through IAM policies; no AWS service may.
	defaultKeyPolicy = `{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
	// The policy SNS gives a new topic.
	topicPolicy = `{"Version":"2012-10-17","Id":"__default_policy_ID","Statement":[{"Sid":"__default_statement_ID","Effect":"Allow","Principal":{"AWS":"*"},"Action":["SNS:GetTopicAttributes","SNS:SetTopicAttributes","SNS:AddPermission","SNS:RemovePermission","SNS:DeleteTopic","SNS:Subscribe","SNS:ListSubscriptionsByTopic","SNS:Publish"],"Resource":"arn:aws:sns:us-west-2:111122223333:kms-alerts","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`
)

func main() { exampleenv.Main("encrypted-delivery", run) }

// inputs is what a program would read: GetTopicAttributes, ListAliases,
// DescribeKey, GetKeyPolicy and ListGrants (no grants).
func inputs(keyPolicy string) delivery.Inputs {
	return delivery.Inputs{
		Topics: map[string]map[string]string{topic: {"TopicArn": topic, "KmsMasterKeyId": "alias/kms-alerts", "Policy": topicPolicy}},
		Aliases: []kmstypes.AliasListEntry{{
			AliasName: aws.String("alias/kms-alerts"), AliasArn: aws.String("arn:aws:kms:us-west-2:111122223333:alias/kms-alerts"), TargetKeyId: aws.String(keyID),
		}},
		Keys: []delivery.Key{{
			Metadata: &kmstypes.KeyMetadata{Arn: aws.String(keyARN), KeyId: aws.String(keyID),
				KeyManager: kmstypes.KeyManagerTypeCustomer, KeyState: kmstypes.KeyStateEnabled},
			Policy:       keyPolicy,
			GrantsListed: true,
		}},
	}
}

// run is the whole program, writing its report to w, so tests can drive it.
// The program takes no arguments.
func run(ctx context.Context, w io.Writer, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected arguments %q", args)
	}
	alarm, err := alarms.KeyMaterialExpiry(watchedKey, alarms.DefaultExpiryWithin,
		alarms.Options{AlarmActions: []string{topic}, OKActions: []string{topic}})
	if err != nil {
		return err
	}
	paths, err := delivery.AlarmInputPaths(alarm, delivery.Origin{Account: account, Region: region})
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "== the check, before")
	in := inputs(defaultKeyPolicy)
	results, err := report(w, paths, in)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== the in-process CloudWatch, before")
	clk := clock.NewVirtual(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk))
	defer srv.Close()
	c := srv.Client()
	if err := srv.SetDeliveryInputs(in); err != nil {
		return err
	}
	if _, err := c.PutMetricAlarm(ctx, alarm); err != nil {
		return err
	}
	clk.Advance(time.Minute) // no expiry data yet: the alarm treats it as breaching
	if err := history(ctx, w, c, aws.ToString(alarm.AlarmName), srv); err != nil {
		return err
	}

	fix := results[0].Fix.KeyPolicyStatement
	fmt.Fprintln(w, "\n== the statement to merge into the key policy")
	fmt.Fprintln(w, fix)
	fixed, err := addStatement(defaultKeyPolicy, fix)
	if err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== the check, after")
	if _, err := report(w, paths, inputs(fixed)); err != nil {
		return err
	}

	fmt.Fprintln(w, "\n== the in-process CloudWatch, after")
	if err := srv.SetDeliveryInputs(inputs(fixed)); err != nil {
		return err
	}
	if _, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: alarm.AlarmName,
		StateValue: types.StateValueOk, StateReason: aws.String("key material reimported")}); err != nil {
		return err
	}
	return history(ctx, w, c, aws.ToString(alarm.AlarmName), srv)
}

func report(w io.Writer, paths []delivery.Path, in delivery.Inputs) ([]delivery.Result, error) {
	results, err := delivery.Check(paths, in)
	if err != nil {
		return nil, err
	}
	for _, r := range results {
		fmt.Fprintf(w, "%s -> %s: %s\n", r.Path.Field, r.Path.Destination, r.Verdict)
		for _, f := range r.Findings {
			fmt.Fprintf(w, "  %s: %s\n", f.Half, f.Message)
		}
	}
	return results, nil
}

func history(ctx context.Context, w io.Writer, c *cloudwatch.Client, alarm string, srv *cloudwatchtest.Server) error {
	out, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String(alarm),
		HistoryItemType: types.HistoryItemTypeAction, ScanBy: types.ScanByTimestampAscending})
	if err != nil {
		return err
	}
	for _, h := range out.AlarmHistoryItems {
		fmt.Fprintf(w, "%s  %s\n", aws.ToTime(h.Timestamp).Format(time.TimeOnly), aws.ToString(h.HistorySummary))
	}
	fmt.Fprintf(w, "notifications sent: %d\n", len(srv.Actions()))
	return nil
}

// addStatement appends a statement to a policy document.
func addStatement(policy, statement string) (string, error) {
	var p struct {
		Version   string
		Id        string `json:",omitempty"`
		Statement []json.RawMessage
	}
	if err := json.Unmarshal([]byte(policy), &p); err != nil {
		return "", err
	}
	p.Statement = append(p.Statement, json.RawMessage(statement))
	b, err := json.Marshal(p)
	return string(b), err
}
