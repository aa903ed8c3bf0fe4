package eventbridgetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

func TestPutEventsEnvelopeAndDelivery(t *testing.T) {
	ctx := context.Background()
	s, c := newServer(t, eventbridgetest.WithEventBuses("app-bus"))
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("orders"), EventPattern: aws.String(`{"source":["com.example.orders"],"detail":{"total":[{"numeric":[">",100]}]}}`)})
	mustPutTargets(t, c, "orders",
		types.Target{Id: aws.String("whole"), Arn: aws.String(faketest.TopicArn)},
		types.Target{Id: aws.String("path"), Arn: aws.String(faketest.QueueArn), InputPath: aws.String("$.detail.items[1]"), SqsParameters: &types.SqsParameters{MessageGroupId: aws.String("g1")}},
	)
	at := time.Date(2025, 5, 23, 3, 11, 54, 0, time.UTC)
	out, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed"), Detail: aws.String(`{ "total": 250, "items": ["a", {"sku": "b<&>"}] }`), Resources: []string{"arn:aws:s3:::bucket"}, Time: aws.Time(at)},
		{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed"), Detail: aws.String(`{"total": 5}`)},
		{Source: aws.String("aws.kms"), DetailType: aws.String("KMS CMK Deletion"), Detail: aws.String(`{}`)},
		{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed")},
		{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed"), Detail: aws.String(`[1,2]`)},
		{DetailType: aws.String("Order Placed"), Detail: aws.String(`{}`)},
		{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed"), Detail: aws.String(`{}`), EventBusName: aws.String("missing-bus")},
		{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed"), Detail: aws.String(`{"total": 101}`), EventBusName: aws.String("app-bus")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := &eventbridge.PutEventsOutput{
		FailedEntryCount: 5,
		Entries: []types.PutEventsResultEntry{
			{EventId: aws.String("00000000-0000-0000-0000-000000000001")},
			{EventId: aws.String("00000000-0000-0000-0000-000000000002")},
			{ErrorCode: aws.String("NotAuthorizedForSourceException"), ErrorMessage: aws.String("Not authorized for the source.")},
			{ErrorCode: aws.String("InvalidArgument"), ErrorMessage: aws.String("Parameter Detail is not valid. Reason: Detail is a required argument.")},
			{ErrorCode: aws.String("MalformedDetail"), ErrorMessage: aws.String("Detail is malformed.")},
			{ErrorCode: aws.String("InvalidArgument"), ErrorMessage: aws.String("Parameter Source is not valid. Reason: Source is a required argument.")},
			{ErrorCode: aws.String("InvalidArgument"), ErrorMessage: aws.String("Parameter EventBusName is not valid. Reason: Event bus missing-bus does not exist.")},
			{EventId: aws.String("00000000-0000-0000-0000-000000000003")},
		},
	}
	if diff := cmp.Diff(want, out, ignoreUnexported); diff != "" {
		t.Errorf("PutEvents mismatch (-want +got):\n%s", diff)
	}

	wantTopic := []eventbridgetest.Delivery{{
		EventBus: "default", Rule: "orders", RuleArn: "arn:aws:events:us-west-2:111122223333:rule/orders",
		TargetID: "whole", TargetArn: faketest.TopicArn, EventID: "00000000-0000-0000-0000-000000000001",
		Body: []byte(`{"version":"0","id":"00000000-0000-0000-0000-000000000001","detail-type":"Order Placed","source":"com.example.orders","account":"111122223333","time":"2025-05-23T03:11:54Z","region":"us-west-2","resources":["arn:aws:s3:::bucket"],"detail":{"total":250,"items":["a",{"sku":"b<&>"}]}}`),
	}}
	if diff := cmp.Diff(wantTopic, s.Delivered(faketest.TopicArn)); diff != "" {
		t.Errorf("Delivered(topic) mismatch (-want +got):\n%s", diff)
	}
	wantQueue := []eventbridgetest.Delivery{{
		EventBus: "default", Rule: "orders", RuleArn: "arn:aws:events:us-west-2:111122223333:rule/orders",
		TargetID: "path", TargetArn: faketest.QueueArn, EventID: "00000000-0000-0000-0000-000000000001",
		Body: []byte(`{"sku":"b<&>"}`), MessageGroupID: "g1",
	}}
	if diff := cmp.Diff(wantQueue, s.Delivered(faketest.QueueArn)); diff != "" {
		t.Errorf("Delivered(queue) mismatch (-want +got):\n%s", diff)
	}

	// An entry without Time is stamped with the Server's clock.
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("small"), EventPattern: aws.String(`{"detail":{"total":[5]}}`)})
	mustPutTargets(t, c, "small", types.Target{Id: aws.String("t"), Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:small")})
	if _, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{{Source: aws.String("com.example.orders"), DetailType: aws.String("Order Placed"), Detail: aws.String(`{"total": 5}`)}}}); err != nil {
		t.Fatal(err)
	}
	got := s.Delivered("arn:aws:sqs:us-west-2:111122223333:small")
	if len(got) != 1 {
		t.Fatalf("Delivered(small) = %d deliveries, want 1", len(got))
	}
	var env struct{ Time string }
	if err := json.Unmarshal(got[0].Body, &env); err != nil {
		t.Fatal(err)
	}
	if want := faketest.Now.Format(time.RFC3339); env.Time != want {
		t.Errorf("time = %q, want the clock's %q", env.Time, want)
	}

	// Delivered returns copies.
	got[0].Body[0] = 'X'
	if again := s.Delivered("arn:aws:sqs:us-west-2:111122223333:small"); again[0].Body[0] != '{' {
		t.Error("Delivered shares its Body with the Server")
	}
}

// TestRuleStateSemantics is the delivery table of
// docs/reference.md#22-read-only-events-and-rule-state: ENABLED matches everything but
// read-only CloudTrail management events, DISABLED matches nothing,
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS matches both.
func TestRuleStateSemantics(t *testing.T) {
	const kmsCloudTrail = `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"]}`
	tests := []struct {
		name    string
		state   types.RuleState
		pattern string
		fixture string
		want    bool
	}{
		{"enabled, rotation", types.RuleStateEnabled, faketest.KMSPattern, "rotation-2025.json", true},
		{"enabled, expiration", types.RuleStateEnabled, faketest.KMSPattern, "expiration-2022.json", true},
		{"enabled, deletion", types.RuleStateEnabled, faketest.KMSPattern, "deletion-2022.json", true},
		{"disabled, rotation", types.RuleStateDisabled, faketest.KMSPattern, "rotation-2025.json", false},
		{"enabled, read-only Decrypt", types.RuleStateEnabled, kmsCloudTrail, "constructed-cloudtrail-decrypt-pending-deletion.json", false},
		{"all management events, read-only Decrypt", types.RuleStateEnabledWithAllCloudtrailManagementEvents, kmsCloudTrail, "constructed-cloudtrail-decrypt-pending-deletion.json", true},
		{"disabled, read-only Decrypt", types.RuleStateDisabled, kmsCloudTrail, "constructed-cloudtrail-decrypt-pending-deletion.json", false},
		{"enabled, ScheduleKeyDeletion (not read-only)", types.RuleStateEnabled, kmsCloudTrail, "constructed-cloudtrail-schedule-key-deletion.json", true},
		{"all management events, ScheduleKeyDeletion", types.RuleStateEnabledWithAllCloudtrailManagementEvents, kmsCloudTrail, "constructed-cloudtrail-schedule-key-deletion.json", true},
		{"all management events, rotation", types.RuleStateEnabledWithAllCloudtrailManagementEvents, faketest.KMSPattern, "rotation-2025.json", true},
		{"enabled, service event", types.RuleStateEnabled, `{"source":["aws.kms"],"detail-type":["AWS Service Event via CloudTrail"]}`, "constructed-cloudtrail-rotatekey-service-event.json", true},
		{"enabled, pattern does not match", types.RuleStateEnabled, `{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`, "rotation-2025.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(tt.pattern), State: tt.state})
			mustPutTargets(t, c, "r", types.Target{Id: aws.String("sns"), Arn: aws.String(faketest.TopicArn)})
			event := eventstest.Fixture(t, tt.fixture)
			n, err := s.Emit(event)
			if err != nil {
				t.Fatal(err)
			}
			got := s.Delivered(faketest.TopicArn)
			if (len(got) == 1) != tt.want || n != len(got) {
				t.Fatalf("Emit delivered %d (reported %d), want delivered = %v", len(got), n, tt.want)
			}
			if !tt.want {
				return
			}
			// Emit keeps the event as the service sent it, minified.
			var wantBody, gotBody any
			if err := json.Unmarshal(event, &wantBody); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(got[0].Body, &gotBody); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantBody, gotBody); diff != "" {
				t.Errorf("delivered event mismatch (-want +got):\n%s", diff)
			}
			if strings.ContainsAny(string(got[0].Body), "\n\t") {
				t.Errorf("delivered event is not minified: %s", got[0].Body)
			}
		})
	}
}

func TestEmitRejects(t *testing.T) {
	s, _ := newServer(t)
	tests := map[string]struct {
		event string
		want  string
	}{
		"not JSON":       {`{"id":`, "not a JSON object"},
		"array":          {`[1]`, "not a JSON object"},
		"null":           {`null`, "null"},
		"trailing data":  {`{} {}`, "after the JSON object"},
		"missing fields": {`{"id":"1","source":"aws.kms"}`, "account, time, region, resources, detail-type"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			n, err := s.Emit([]byte(tt.event))
			if !errors.Is(err, eventbridgetest.ErrInvalidEvent) {
				t.Fatalf("Emit error = %v, want ErrInvalidEvent", err)
			}
			if !strings.Contains(err.Error(), tt.want) || n != 0 {
				t.Errorf("Emit = %d, %q; want 0 and a message containing %q", n, err, tt.want)
			}
		})
	}
}

func TestTargetInputs(t *testing.T) {
	s, c := newServer(t)
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("kms"), EventPattern: aws.String(faketest.KMSPattern)})
	target := func(id string) types.Target {
		return types.Target{Id: aws.String(id), Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:" + id)}
	}
	constant, path, missing, transformer := target("constant"), target("path"), target("missing"), target("transformer")
	constant.Input = aws.String("{ \"fixed\" : [1, 2] }")
	path.InputPath = aws.String("$.detail.key-id")
	missing.InputPath = aws.String("$.detail.nope")
	transformer.InputTransformer = &types.InputTransformer{
		InputPathsMap: map[string]string{"key": "$.detail.key-id", "type": "$.detail-type"},
		InputTemplate: aws.String(`{"rule": <aws.events.rule-name>, "text": "<type>: key <key>", "at": "<aws.events.event.ingestion-time>"}`),
	}
	mustPutTargets(t, c, "kms", constant, path, missing, transformer)
	if _, err := s.Emit(eventstest.Fixture(t, "rotation-2025.json")); err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"constant":    `{"fixed":[1,2]}`,
		"path":        `"1234abcd-12ab-34cd-56ef-1234567890ab"`,
		"missing":     `null`,
		"transformer": `{"rule":"kms","text":"KMS CMK Rotation: key 1234abcd-12ab-34cd-56ef-1234567890ab","at":"2026-11-24T12:00:00Z"}`,
	}
	for id, want := range tests {
		t.Run(id, func(t *testing.T) {
			got := s.Delivered("arn:aws:sqs:us-west-2:111122223333:" + id)
			if len(got) != 1 {
				t.Fatalf("%d deliveries, want 1", len(got))
			}
			if diff := cmp.Diff(want, string(got[0].Body)); diff != "" {
				t.Errorf("body mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
