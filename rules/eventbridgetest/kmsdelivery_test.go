package eventbridgetest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

const (
	kmsQueue  = "arn:aws:sqs:us-west-2:111122223333:kms-events"
	kmsTopic  = "arn:aws:sns:us-west-2:111122223333:kms-events"
	kmsKeyARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	// The AWS KMS Developer Guide's default key policy.
	defaultKeyPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`
	// The queue statement of the Amazon EventBridge User Guide (Amazon SQS
	// permissions) and the topic statement of its troubleshooting page.
	queuePolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"EventsToMyQueue","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + kmsQueue + `","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:events:us-west-2:111122223333:rule/kms-rotation"}}}]}`
	topicPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"Allow_Publish_Events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"` + kmsTopic + `"}]}`
)

func encryptedWith(keyPolicy string) delivery.Inputs {
	return delivery.Inputs{
		Queues: map[string]map[string]string{kmsQueue: {"Policy": queuePolicy, "KmsMasterKeyId": kmsKeyARN}},
		Topics: map[string]map[string]string{kmsTopic: {"Policy": topicPolicy, "KmsMasterKeyId": "alias/aws/sns"}},
		Keys: []delivery.Key{{
			Metadata:     &kmstypes.KeyMetadata{Arn: aws.String(kmsKeyARN), KeyManager: kmstypes.KeyManagerTypeCustomer, KeyState: kmstypes.KeyStateEnabled},
			Policy:       keyPolicy,
			GrantsListed: true,
		}},
	}
}

// A rule sending KMS rotation events to a queue encrypted with a key whose
// policy does not let EventBridge in, and to a topic on the AWS managed
// key: both invocations fail and nothing is delivered. With the statement
// delivery.Check returns merged into the key policy, the queue receives the
// next event; the topic, on a key whose policy cannot change, still fails.
func TestDeliveryDropsEndToEnd(t *testing.T) {
	ctx := context.Background()
	srv := eventbridgetest.NewServer(eventbridgetest.WithIDs(eventbridgetest.SequentialIDs()))
	defer srv.Close()
	c := srv.Client()
	if _, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("kms-rotation"),
		EventPattern: aws.String(`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"]}`)}); err != nil {
		t.Fatal(err)
	}
	targets := &eventbridge.PutTargetsInput{Rule: aws.String("kms-rotation"), Targets: []types.Target{
		{Id: aws.String("queue"), Arn: aws.String(kmsQueue)},
		{Id: aws.String("topic"), Arn: aws.String(kmsTopic)},
	}}
	if _, err := c.PutTargets(ctx, targets); err != nil {
		t.Fatal(err)
	}
	in := encryptedWith(defaultKeyPolicy)
	if err := srv.SetDeliveryInputs(in); err != nil {
		t.Fatal(err)
	}
	event := eventstest.JSON(t, eventstest.Rotation(eventstest.ID("rotation-1")))
	n, err := srv.Emit(event)
	if err != nil || n != 0 {
		t.Fatalf("Emit = %d, %v; want 0 deliveries", n, err)
	}
	if got := len(srv.Delivered(kmsQueue)) + len(srv.Delivered(kmsTopic)); got != 0 {
		t.Errorf("%d deliveries, want none", got)
	}
	want := []eventbridgetest.FailedInvocation{{
		EventBus: "default", Rule: "kms-rotation", RuleArn: "arn:aws:events:us-west-2:111122223333:rule/kms-rotation",
		TargetID: "queue", TargetArn: kmsQueue, EventID: "rotation-1",
		Reasons: []string{"neither the policy nor a grant of " + kmsKeyARN + " allows events.amazonaws.com kms:GenerateDataKey and kms:Decrypt"},
	}}
	if diff := cmp.Diff(want, srv.FailedInvocations(kmsQueue)); diff != "" {
		t.Errorf("failed invocations mismatch (-want +got):\n%s", diff)
	}
	if got := srv.FailedInvocations(kmsTopic); len(got) != 1 || len(got[0].Reasons) != 1 {
		t.Errorf("topic failed invocations %+v, want one for the AWS managed key", got)
	}

	// The check on the same PutTargetsInput says the same, and its fix
	// makes the queue deliver.
	paths, err := delivery.TargetPaths(targets, delivery.Origin{Account: srv.Account(), Region: srv.Region()})
	if err != nil {
		t.Fatal(err)
	}
	res, err := delivery.Check(paths, in)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Verdict != delivery.Drops || res[1].Verdict != delivery.Drops {
		t.Fatalf("check: %s, %s; want drops, drops", res[0].Verdict, res[1].Verdict)
	}
	var policy struct {
		Version   string
		Statement []json.RawMessage
	}
	if err := json.Unmarshal([]byte(defaultKeyPolicy), &policy); err != nil {
		t.Fatal(err)
	}
	policy.Statement = append(policy.Statement, json.RawMessage(res[0].Fix.KeyPolicyStatement))
	fixed, err := json.Marshal(policy)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.SetDeliveryInputs(encryptedWith(string(fixed))); err != nil {
		t.Fatal(err)
	}
	if n, err := srv.Emit(eventstest.JSON(t, eventstest.Rotation(eventstest.ID("rotation-2")))); err != nil || n != 1 {
		t.Fatalf("Emit after the fix = %d, %v; want 1 delivery", n, err)
	}
	if got := srv.Delivered(kmsQueue); len(got) != 1 || got[0].EventID != "rotation-2" {
		t.Errorf("queue deliveries %+v, want rotation-2", got)
	}
	if got := srv.FailedInvocations(kmsTopic); len(got) != 2 {
		t.Errorf("%d failed invocations for the topic on the AWS managed key, want 2", len(got))
	}
}
