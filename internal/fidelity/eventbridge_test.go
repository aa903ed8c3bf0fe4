package fidelity

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"

	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

const queueArn = "arn:aws:sqs:us-west-2:111122223333:kms-events"

// patternOf returns an event pattern of exactly n characters (n >= 40).
func patternOf(n int) string {
	const head, tail = `{"source":["aws.kms"],"detail-type":["`, `"]}`
	return head + strings.Repeat("x", n-len(head)-len(tail)) + tail
}

// entryError turns a PutEvents answer with failed entries into an error
// carrying the first entry's code, so a per-entry rejection counts as one.
type entryError struct{ code, message string }

func (e *entryError) Error() string                 { return e.code + ": " + e.message }
func (e *entryError) ErrorCode() string             { return e.code }
func (e *entryError) ErrorMessage() string          { return e.message }
func (e *entryError) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

func putEvents(ctx context.Context, eb *eventbridge.Client, entries ...types.PutEventsRequestEntry) error {
	out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
	if err != nil {
		return err
	}
	for _, e := range out.Entries {
		if e.ErrorCode != nil {
			return &entryError{aws.ToString(e.ErrorCode), aws.ToString(e.ErrorMessage)}
		}
	}
	return nil
}

func entry() types.PutEventsRequestEntry {
	return types.PutEventsRequestEntry{Source: aws.String("com.example.kms"), DetailType: aws.String("Key check"), Detail: aws.String(`{"ok":true}`)}
}

// entryCheck runs PutEvents through the fake with one entry that set makes
// at the limit (o false) or over it (o true).
func entryCheck(eb *eventbridge.Client, name, code string, set func(e *types.PutEventsRequestEntry, o bool)) check {
	return check{name: name, code: code, fake: func(ctx context.Context, o bool) error {
		e := entry()
		set(&e, o)
		return putEvents(ctx, eb, e)
	}}
}

// targetsCheck runs PutTargets on rule through the fake and the validator.
func targetsCheck(eb *eventbridge.Client, rule, name, code string, at, over []types.Target) check {
	in := func(o bool) *eventbridge.PutTargetsInput {
		return &eventbridge.PutTargetsInput{Rule: aws.String(rule), Targets: pick(o, at, over)}
	}
	return check{
		name: name, code: code,
		fake: func(ctx context.Context, o bool) error {
			_, err := eb.PutTargets(ctx, in(o))
			return err
		},
		lib: func(o bool) error { return rules.ValidatePutTargetsInput(in(o)) },
	}
}

func transformTarget(id, key string) types.Target {
	return types.Target{Id: aws.String(id), Arn: aws.String(queueArn), InputTransformer: &types.InputTransformer{
		InputPathsMap: map[string]string{key: "$.detail"}, InputTemplate: aws.String(`{"d": <` + key + `>}`),
	}}
}

func fifoTarget(id, group string) types.Target {
	return types.Target{Id: aws.String(id), Arn: aws.String(queueArn + ".fifo"), SqsParameters: &types.SqsParameters{MessageGroupId: aws.String(group)}}
}

func targets(n int) []types.Target {
	out := make([]types.Target, n)
	for i := range out {
		out[i] = types.Target{Id: aws.String(fmt.Sprint("t", i)), Arn: aws.String(queueArn)}
	}
	return out
}

func TestEventBridgeBoundaries(t *testing.T) {
	s := eventbridgetest.NewServer()
	t.Cleanup(s.Close)
	eb := s.Client(func(o *eventbridge.Options) { o.Retryer = aws.NopRetryer{} })
	// A server whose Event pattern size quota was raised to the model's
	// maximum.
	raised := eventbridgetest.NewServer(eventbridgetest.WithEventPatternQuota(rules.MaxEventPatternLength))
	t.Cleanup(raised.Close)
	ebRaised := raised.Client(func(o *eventbridge.Options) { o.Retryer = aws.NopRetryer{} })
	ctx := context.Background()
	// Each target check uses its own rule, so what one stores does not
	// count against the next.
	for i := range 8 {
		if _, err := eb.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(fmt.Sprint("r", i)), EventPattern: aws.String(`{"source":["aws.kms"]}`)}); err != nil {
			t.Fatal(err)
		}
	}
	putRule := func(c *eventbridge.Client, n int) func(context.Context, bool) error {
		return func(ctx context.Context, o bool) error {
			_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("size"), EventPattern: aws.String(patternOf(pick(o, n, n+1)))})
			return err
		}
	}
	checks := []check{
		// EventBridge quotas page: Event pattern size, default 2,048
		// characters, adjustable (L-664C5505); a library validator cannot
		// know the account's quota, so only the fake enforces it.
		{name: "PutRule EventPattern <= 2048 (default quota)", code: "LimitExceededException", fake: putRule(eb, 2048)},
		// Model: EventPattern max 4096, on PutRule and TestEventPattern.
		{name: "PutRule EventPattern <= 4096 (model)", code: "ValidationException", fake: putRule(ebRaised, 4096),
			lib: func(o bool) error {
				return rules.ValidatePutRuleInput(&eventbridge.PutRuleInput{Name: aws.String("size"), EventPattern: aws.String(patternOf(pick(o, 4096, 4097)))})
			}},
		{name: "TestEventPattern EventPattern <= 4096 (model)", code: "ValidationException",
			fake: func(ctx context.Context, o bool) error {
				_, err := eb.TestEventPattern(ctx, &eventbridge.TestEventPatternInput{
					EventPattern: aws.String(patternOf(pick(o, 4096, 4097))),
					Event:        aws.String(`{"id":"1","account":"111122223333","source":"aws.kms","time":"2026-11-24T12:00:00Z","region":"us-west-2","resources":[],"detail-type":"x"}`),
				})
				return err
			}},
		// Model: InputTransformerPathKey, pattern [A-Za-z0-9\_\-]+, 1-256.
		targetsCheck(eb, "r0", "InputPathsMap key length <= 256", "ValidationException",
			[]types.Target{transformTarget("a", strings.Repeat("k", 256))}, []types.Target{transformTarget("a", strings.Repeat("k", 257))}),
		targetsCheck(eb, "r1", "InputPathsMap key pattern [A-Za-z0-9_-]+", "ValidationException",
			[]types.Target{transformTarget("a", "key_1-B")}, []types.Target{transformTarget("a", "key.1")}),
		targetsCheck(eb, "r2", "InputPathsMap key length >= 1", "ValidationException",
			[]types.Target{transformTarget("a", "k")}, []types.Target{transformTarget("a", "")}),
		// Model: MessageGroupId max 100.
		targetsCheck(eb, "r3", "SqsParameters.MessageGroupId <= 100", "ValidationException",
			[]types.Target{fifoTarget("a", strings.Repeat("g", 100))}, []types.Target{fifoTarget("a", strings.Repeat("g", 101))}),
		// Quotas page: 5 targets per rule; the model allows 100 per call,
		// so a sixth target is over a quota, LimitExceededException.
		targetsCheck(eb, "r4", "PutTargets 5 targets per rule (6 in one call)", "LimitExceededException", targets(5), targets(6)),
		// PutEventsRequestEntry: DetailType "maximum of 128 characters"
		// (model documentation), fails the entry.
		entryCheck(eb, "PutEvents DetailType <= 128", "InvalidArgument", func(e *types.PutEventsRequestEntry, o bool) {
			e.DetailType = aws.String(strings.Repeat("d", pick(o, 128, 129)))
		}),
		// Model: EventResource max 2048.
		entryCheck(eb, "PutEvents Resources item <= 2048", "ValidationException", func(e *types.PutEventsRequestEntry, o bool) {
			e.Resources = []string{strings.Repeat("r", pick(o, 2048, 2049))}
		}),
		// Model: TraceHeader 1-500.
		entryCheck(eb, "PutEvents TraceHeader <= 500", "ValidationException", func(e *types.PutEventsRequestEntry, o bool) {
			e.TraceHeader = aws.String(strings.Repeat("h", pick(o, 500, 501)))
		}),
		entryCheck(eb, "PutEvents TraceHeader >= 1", "ValidationException", func(e *types.PutEventsRequestEntry, o bool) {
			e.TraceHeader = aws.String(pick(o, "h", ""))
		}),
		// PutEventsRequestEntry documentation: a request in which no entry
		// has Detail, DetailType and Source fails as a whole; one in which
		// some do fails only the others. At the limit, one of two entries
		// has them (the other entry is reported failed, not the request).
		{name: "PutEvents fails as a whole when no entry has Detail", code: "ValidationException", fake: func(ctx context.Context, o bool) error {
			bare := entry()
			bare.Detail = nil
			if o {
				return putEvents(ctx, eb, bare, bare)
			}
			out, err := eb.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{entry(), bare}})
			if err == nil && out.FailedEntryCount != 1 {
				err = fmt.Errorf("FailedEntryCount %d, want 1", out.FailedEntryCount)
			}
			return err
		}},
	}
	run(t, checks)
}
