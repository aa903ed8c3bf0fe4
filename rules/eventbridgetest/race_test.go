package eventbridgetest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/faketest"
)

// TestConcurrentUse drives every entry point from several goroutines; run
// with -race. The counts at the end prove no call was lost.
func TestConcurrentUse(t *testing.T) {
	ctx := context.Background()
	s, c := newServer(t)
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("kms"), EventPattern: aws.String(faketest.KMSPattern)})
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("app"), EventPattern: aws.String(`{"source":["app"]}`)})
	mustPutTargets(t, c, "kms", types.Target{Id: aws.String("sns"), Arn: aws.String(faketest.TopicArn)})
	mustPutTargets(t, c, "app", types.Target{Id: aws.String("sns"), Arn: aws.String(faketest.TopicArn)})
	rotation := eventstest.Fixture(t, "rotation-2025.json")

	const workers, rounds = 4, 20
	faketest.Concurrently(workers, rounds, func(w, i int) {
		if _, err := s.Emit(rotation); err != nil {
			t.Error(err)
		}
		out, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String("{}")}}})
		if err != nil || out.FailedEntryCount != 0 {
			t.Errorf("PutEvents: %+v, %v", out, err)
		}
		name := fmt.Sprintf("w%d-%d", w, i)
		if _, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(name), EventPattern: aws.String(`{"source":["none"]}`)}); err != nil {
			t.Error(err)
		}
		if _, err := c.ListRules(ctx, &eventbridge.ListRulesInput{Limit: aws.Int32(3)}); err != nil {
			t.Error(err)
		}
		_ = s.Delivered(faketest.TopicArn)
		_ = s.Calls("PutEvents")
	})
	if got, want := len(s.Delivered(faketest.TopicArn)), 2*workers*rounds; got != want {
		t.Errorf("deliveries = %d, want %d", got, want)
	}
	if got, want := s.Calls("PutEvents"), workers*rounds; got != want {
		t.Errorf("Calls(PutEvents) = %d, want %d", got, want)
	}
}
