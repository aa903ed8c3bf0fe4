package eventbridgetest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// calling returns a call of op with in, for the tables below, where only
// the error matters.
func calling[In, Out any](op func(context.Context, *In, ...func(*eventbridge.Options)) (*Out, error), in *In) func() error {
	return func() error {
		_, err := op(context.Background(), in)
		return err
	}
}

// errorAs reports whether err holds a *T, for the table below.
func errorAs[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

func TestServiceErrors(t *testing.T) {
	ctx := context.Background()
	s, c := newServer(t)
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("has-targets"), EventPattern: aws.String(faketest.KMSPattern)})
	mustPutTargets(t, c, "has-targets", types.Target{Id: aws.String("t1"), Arn: aws.String(faketest.TopicArn)})
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("full"), EventPattern: aws.String(faketest.KMSPattern)})
	var five []types.Target
	for i := range 5 {
		five = append(five, types.Target{Id: aws.String(fmt.Sprint("t", i)), Arn: aws.String(faketest.TopicArn)})
	}
	mustPutTargets(t, c, "full", five...)

	tests := []struct {
		name string
		call func() error
		// typed reports whether the error has the SDK's modeled type; nil
		// for common errors the SDK returns as *smithy.GenericAPIError.
		typed   func(error) bool
		code    string
		message string // a substring of the error message
	}{
		{
			name:  "DescribeRule of a missing rule",
			call:  calling(c.DescribeRule, &eventbridge.DescribeRuleInput{Name: aws.String("missing")}),
			typed: errorAs[*types.ResourceNotFoundException], code: "ResourceNotFoundException",
			message: "Rule missing does not exist on EventBus default.",
		},
		{
			name:  "PutTargets on a missing rule",
			call:  calling(c.PutTargets, &eventbridge.PutTargetsInput{Rule: aws.String("missing"), Targets: []types.Target{{Id: aws.String("a"), Arn: aws.String(faketest.TopicArn)}}}),
			typed: errorAs[*types.ResourceNotFoundException], code: "ResourceNotFoundException",
		},
		{
			name:  "ListTargetsByRule of a missing rule",
			call:  calling(c.ListTargetsByRule, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("missing")}),
			typed: errorAs[*types.ResourceNotFoundException], code: "ResourceNotFoundException",
		},
		{
			name:  "RemoveTargets from a missing rule",
			call:  calling(c.RemoveTargets, &eventbridge.RemoveTargetsInput{Rule: aws.String("missing"), Ids: []string{"a"}}),
			typed: errorAs[*types.ResourceNotFoundException], code: "ResourceNotFoundException",
		},
		{
			name:  "PutRule on a missing bus",
			call:  calling(c.PutRule, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(faketest.KMSPattern), EventBusName: aws.String("nope")}),
			typed: errorAs[*types.ResourceNotFoundException], code: "ResourceNotFoundException",
			message: "Event bus nope does not exist.",
		},
		{
			name:  "bus ARN of another account",
			call:  calling(c.ListRules, &eventbridge.ListRulesInput{EventBusName: aws.String("arn:aws:events:us-west-2:444455556666:event-bus/default")}),
			typed: errorAs[*types.ResourceNotFoundException], code: "ResourceNotFoundException",
		},
		{
			name:  "sixth target",
			call:  calling(c.PutTargets, &eventbridge.PutTargetsInput{Rule: aws.String("full"), Targets: []types.Target{{Id: aws.String("t5"), Arn: aws.String(faketest.TopicArn)}}}),
			typed: errorAs[*types.LimitExceededException], code: "LimitExceededException",
		},
		{
			name: "DeleteRule while targets remain",
			call: calling(c.DeleteRule, &eventbridge.DeleteRuleInput{Name: aws.String("has-targets")}),
			code: "ValidationException", message: "Rule can't be deleted since it has targets.",
		},
		{
			name: "DeleteRule with Force while targets remain",
			call: calling(c.DeleteRule, &eventbridge.DeleteRuleInput{Name: aws.String("has-targets"), Force: true}),
			code: "ValidationException", message: "Rule can't be deleted since it has targets.",
		},
		{
			name:  "PutRule with a malformed pattern",
			call:  calling(c.PutRule, &eventbridge.PutRuleInput{Name: aws.String("bad"), EventPattern: aws.String(`{"source":"aws.kms"}`)}),
			typed: errorAs[*types.InvalidEventPatternException], code: "InvalidEventPatternException",
			message: "Event pattern is not valid.",
		},
		{
			name: "PutRule with a construct the matcher does not implement",
			call: calling(c.PutRule, &eventbridge.PutRuleInput{Name: aws.String("unsupported"), EventPattern: aws.String(`{"detail":{"x":[{"contains":"a"}]}}`)}),
			code: "UnsupportedByFakeException", message: "contains",
		},
		{
			name:  "TestEventPattern with a malformed pattern",
			call:  calling(c.TestEventPattern, &eventbridge.TestEventPatternInput{EventPattern: aws.String(`{`), Event: aws.String(`{}`)}),
			typed: errorAs[*types.InvalidEventPatternException], code: "InvalidEventPatternException",
		},
		{
			name: "TestEventPattern with an event lacking envelope fields",
			call: calling(c.TestEventPattern, &eventbridge.TestEventPatternInput{EventPattern: aws.String(faketest.KMSPattern), Event: aws.String(`{"source":"aws.kms"}`)}),
			code: "ValidationException", message: "id, account, time, region, resources, detail-type",
		},
		{
			name: "ListRules with Limit 0",
			call: calling(c.ListRules, &eventbridge.ListRulesInput{Limit: aws.Int32(0)}),
			code: "ValidationException", message: "between 1 and 100",
		},
		{
			name: "ListTargetsByRule with Limit 101",
			call: calling(c.ListTargetsByRule, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("full"), Limit: aws.Int32(101)}),
			code: "ValidationException", message: "between 1 and 100",
		},
		{
			name: "ListRules with a forged token",
			call: calling(c.ListRules, &eventbridge.ListRulesInput{NextToken: aws.String("forged")}),
			code: "InvalidToken",
		},
		{
			name: "RemoveTargets with no Ids",
			call: calling(c.RemoveTargets, &eventbridge.RemoveTargetsInput{Rule: aws.String("full"), Ids: []string{}}),
			code: "ValidationException",
		},
		{
			name: "PutEvents with no entries",
			call: calling(c.PutEvents, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{}}),
			code: "ValidationException", message: "between 1 and 10",
		},
		{
			name: "PutEvents with eleven entries",
			call: func() error {
				entries := make([]types.PutEventsRequestEntry, 11)
				for i := range entries {
					entries[i] = types.PutEventsRequestEntry{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String("{}")}
				}
				_, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: entries})
				return err
			},
			code: "ValidationException", message: "got 11",
		},
		{
			name: "PutEvents over the size limit",
			call: func() error {
				big := `{"pad":"` + strings.Repeat("x", eventbridgetest.MaxEventSize) + `"}`
				_, err := c.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String(big)}}})
				return err
			},
			code: "ValidationException", message: "over the limit",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("call succeeded, want an error")
			}
			var apiErr smithy.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v (%T) is not a smithy.APIError", err, err)
			}
			if apiErr.ErrorCode() != tt.code {
				t.Errorf("ErrorCode() = %q, want %q (error: %v)", apiErr.ErrorCode(), tt.code, err)
			}
			if !strings.Contains(apiErr.ErrorMessage(), tt.message) {
				t.Errorf("ErrorMessage() = %q, want it to contain %q", apiErr.ErrorMessage(), tt.message)
			}
			if tt.typed != nil && !tt.typed(err) {
				t.Errorf("error %T is not the SDK's modeled exception for %s", apiErr, tt.code)
			}
			if apiErr.ErrorFault() != smithy.FaultUnknown && apiErr.ErrorFault() != smithy.FaultClient {
				t.Errorf("ErrorFault() = %v, want a client fault", apiErr.ErrorFault())
			}
		})
	}
	// Failed calls leave state unchanged.
	if _, err := c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("has-targets")}); err != nil {
		t.Errorf("rule with targets was deleted: %v", err)
	}
	if _, err := c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("bad")}); !errorAs[*types.ResourceNotFoundException](err) {
		t.Errorf("rule with a malformed pattern was stored: %v", err)
	}
	listed, err := c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("full")})
	if err != nil || len(listed.Targets) != 5 {
		t.Errorf("rule at the target quota: %d targets, err %v; want 5", len(listed.Targets), err)
	}
	if got := s.Calls("DescribeRule"); got != 3 {
		t.Errorf("Calls(DescribeRule) = %d, want 3", got)
	}
}

func TestInjectFault(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		fault eventbridgetest.Fault
		typed func(error) bool
		code  string
	}{
		{"throttling", eventbridgetest.Fault{Code: "ThrottlingException", Times: 1}, errorAs[*types.ThrottlingException], "ThrottlingException"},
		{"concurrent modification", eventbridgetest.Fault{Code: "ConcurrentModificationException", Message: "busy", Times: 1}, errorAs[*types.ConcurrentModificationException], "ConcurrentModificationException"},
		{"internal", eventbridgetest.Fault{Code: "InternalException", Status: http.StatusInternalServerError, Times: 1}, errorAs[*types.InternalException], "InternalException"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			s.InjectFault("PutRule", tt.fault)
			_, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(faketest.KMSPattern)})
			if !tt.typed(err) {
				t.Fatalf("PutRule error = %v (%T), want the SDK's %s", err, err, tt.code)
			}
			var apiErr smithy.APIError
			if errors.As(err, &apiErr) && apiErr.ErrorCode() != tt.code {
				t.Errorf("ErrorCode() = %q, want %q", apiErr.ErrorCode(), tt.code)
			}
			// The fault was used up, so the next call works.
			if _, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(faketest.KMSPattern)}); err != nil {
				t.Errorf("PutRule after the fault: %v", err)
			}
			if got := s.Calls("PutRule"); got != 2 {
				t.Errorf("Calls(PutRule) = %d, want 2", got)
			}
		})
	}
}

// TestInjectFaultRetried shows the SDK's standard retryer riding out
// throttling and 5xx faults the Server injects.
func TestInjectFaultRetried(t *testing.T) {
	s, _ := newServer(t)
	c := s.Client(func(o *eventbridge.Options) { o.Retryer = faketest.NoBackoff(4) })
	s.InjectFault("PutEvents", eventbridgetest.Fault{Code: "ThrottlingException", Times: 2})
	s.InjectFault("ListRules", eventbridgetest.Fault{Code: "ServiceUnavailable", Status: http.StatusServiceUnavailable, Times: 3})
	out, err := c.PutEvents(context.Background(), &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{{Source: aws.String("app"), DetailType: aws.String("t"), Detail: aws.String("{}")}}})
	if err != nil || out.FailedEntryCount != 0 {
		t.Fatalf("PutEvents = %+v, %v; want success after retries", out, err)
	}
	if got := s.Calls("PutEvents"); got != 3 {
		t.Errorf("Calls(PutEvents) = %d, want 3 (two throttled, one served)", got)
	}
	if _, err := c.ListRules(context.Background(), &eventbridge.ListRulesInput{}); err != nil {
		t.Errorf("ListRules after three 503s: %v", err)
	}

	// ClearFaults drops what is queued.
	s.InjectFault("DescribeRule", eventbridgetest.Fault{Code: "ThrottlingException", Times: 100})
	s.ClearFaults("DescribeRule")
	_, err = c.DescribeRule(context.Background(), &eventbridge.DescribeRuleInput{Name: aws.String("none")})
	if !errorAs[*types.ResourceNotFoundException](err) {
		t.Errorf("DescribeRule after clearing the fault = %v, want ResourceNotFoundException", err)
	}
}

// TestSharedValidation shows the fake rejecting what the validators of
// package rules reject, with their aggregated message as the
// ValidationException's message.
func TestSharedValidation(t *testing.T) {
	ctx := context.Background()
	_, c := newServer(t)
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("ok"), EventPattern: aws.String(faketest.KMSPattern)})
	badRule := &eventbridge.PutRuleInput{
		Name:        aws.String("bad name!"),
		Description: aws.String(strings.Repeat("d", 513)),
		State:       "PAUSED",
	}
	badTargets := &eventbridge.PutTargetsInput{
		Rule: aws.String("ok"),
		Targets: []types.Target{
			{Id: aws.String("t1"), Arn: aws.String(faketest.TopicArn), Input: aws.String("{}"), InputPath: aws.String("$.detail")},
			{Id: aws.String("t1"), Arn: aws.String(faketest.QueueArn)},
		},
	}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"PutRule", func() error { _, err := c.PutRule(ctx, badRule); return err }, rules.ValidatePutRuleInput(badRule)},
		{"PutTargets", func() error { _, err := c.PutTargets(ctx, badTargets); return err }, rules.ValidatePutTargetsInput(badTargets)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ve *kmswatch.ValidationError
			if !errors.As(tt.want, &ve) || len(ve.Problems) < 2 {
				t.Fatalf("test input should break several rules, validator says %v", tt.want)
			}
			var apiErr smithy.APIError
			if err := tt.call(); !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not a smithy.APIError", err)
			}
			if apiErr.ErrorCode() != "ValidationException" {
				t.Errorf("ErrorCode() = %q, want ValidationException", apiErr.ErrorCode())
			}
			if diff := cmp.Diff(tt.want.Error(), apiErr.ErrorMessage()); diff != "" {
				t.Errorf("message mismatch (-want +got):\n%s", diff)
			}
		})
	}
	listed, err := c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("ok")})
	if err != nil || len(listed.Targets) != 0 {
		t.Errorf("rejected PutTargets stored %d targets (err %v)", len(listed.Targets), err)
	}
}
