package eventbridgetest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// benchServer has three rules: one matching KMS events with a transformer
// target, one on another source and one disabled.
func benchServer(b *testing.B) (*eventbridgetest.Server, *eventbridge.Client) {
	s, c := newServer(b)
	mustPutRule(b, c, &eventbridge.PutRuleInput{Name: aws.String("kms"), EventPattern: aws.String(`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"],"resources":[{"prefix":"arn:aws:kms:us-west-2:111122223333:key/"}]}`)})
	mustPutRule(b, c, &eventbridge.PutRuleInput{Name: aws.String("app"), EventPattern: aws.String(`{"source":["app"]}`)})
	mustPutRule(b, c, &eventbridge.PutRuleInput{Name: aws.String("off"), EventPattern: aws.String(faketest.KMSPattern), State: types.RuleStateDisabled})
	mustPutTargets(b, c, "kms", types.Target{Id: aws.String("sns"), Arn: aws.String(faketest.TopicArn), InputTransformer: &types.InputTransformer{
		InputPathsMap: map[string]string{"key": "$.resources[0]", "how": "$.detail.rotation-type"},
		InputTemplate: aws.String(`{"text": "Key <key> was rotated (<how>).", "rule": <aws.events.rule-name>}`),
	}})
	mustPutTargets(b, c, "app", types.Target{Id: aws.String("q"), Arn: aws.String(faketest.QueueArn), SqsParameters: &types.SqsParameters{MessageGroupId: aws.String("g")}})
	return s, c
}

// clearEvery is how many deliveries a benchmark lets the server keep before
// it clears them (with the timer stopped), so that the server's state stays
// bounded whatever b.N is.
const clearEvery = 1024

// loopDelivering runs deliver for every iteration of b, clearing the
// server's deliveries every clearEvery calls, and checks at the end that no
// more than clearEvery deliveries to targetArn were kept.
func loopDelivering(b *testing.B, s *eventbridgetest.Server, targetArn string, deliver func()) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%clearEvery == clearEvery-1 {
			b.StopTimer()
			s.ClearDelivered()
			b.StartTimer()
		}
		deliver()
	}
	if n := len(s.Delivered(targetArn)); n > clearEvery {
		b.Fatalf("%d deliveries kept, want at most %d", n, clearEvery)
	}
}

// BenchmarkEmit measures matching one event against the rules of a bus and
// recording the transformed delivery, without HTTP.
func BenchmarkEmit(b *testing.B) {
	s, _ := benchServer(b)
	event := eventstest.Fixture(b, "rotation-2025.json")
	loopDelivering(b, s, faketest.TopicArn, func() {
		if n, err := s.Emit(event); err != nil || n != 1 {
			b.Fatalf("Emit = %d, %v", n, err)
		}
	})
}

// BenchmarkPutEvents measures a PutEvents round trip through the real SDK
// client: signing, the in-process transport, decoding, matching and
// delivery.
func BenchmarkPutEvents(b *testing.B) {
	s, c := benchServer(b)
	in := &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{{Source: aws.String("app"), DetailType: aws.String("Order Placed"), Detail: aws.String(`{"total": 250}`)}}}
	ctx := context.Background()
	loopDelivering(b, s, faketest.QueueArn, func() {
		out, err := c.PutEvents(ctx, in)
		if err != nil || out.FailedEntryCount != 0 {
			b.Fatalf("PutEvents = %+v, %v", out, err)
		}
	})
}

// BenchmarkTransform measures one InputTransformer application.
func BenchmarkTransform(b *testing.B) {
	it := &types.InputTransformer{
		InputPathsMap: map[string]string{"key": "$.resources[0]", "how": "$.detail.rotation-type", "origin": "$.detail.key-origin"},
		InputTemplate: aws.String(`{"text": "Key <key> was rotated (<how>).", "origin": <origin>, "rule": <aws.events.rule-name>}`),
	}
	event := eventstest.Fixture(b, "rotation-2025.json")
	b.ReportAllocs()
	for b.Loop() {
		if out := eventbridgetest.Transform(it, event, "arn", "kms", "2026-11-24T12:00:00Z"); len(out) == 0 {
			b.Fatal("empty output")
		}
	}
}
