package eventbridgetest_test

import (
	"context"
	"errors"
	"go/token"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// ignoreUnexported skips the SDK's unexported noSmithyDocumentSerde markers
// and the response metadata when comparing SDK values.
var ignoreUnexported = cmp.Options{
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && (!token.IsExported(sf.Name()) || sf.Name() == "ResultMetadata")
	}, cmp.Ignore()),
}

// newServer starts a deterministic Server and a client that does not retry,
// so error tests see the first response.
func newServer(t testing.TB, opts ...eventbridgetest.Option) (*eventbridgetest.Server, *eventbridge.Client) {
	t.Helper()
	opts = append([]eventbridgetest.Option{
		eventbridgetest.WithClock(func() time.Time { return faketest.Now }),
		eventbridgetest.WithIDs(eventbridgetest.SequentialIDs()),
	}, opts...)
	s := eventbridgetest.NewServer(opts...)
	t.Cleanup(s.Close)
	return s, s.Client(func(o *eventbridge.Options) { o.RetryMaxAttempts = 1 })
}

func mustPutRule(t testing.TB, c *eventbridge.Client, in *eventbridge.PutRuleInput) string {
	t.Helper()
	out, err := c.PutRule(context.Background(), in)
	if err != nil {
		t.Fatalf("PutRule(%s): %v", aws.ToString(in.Name), err)
	}
	return aws.ToString(out.RuleArn)
}

func mustPutTargets(t testing.TB, c *eventbridge.Client, rule string, targets ...types.Target) {
	t.Helper()
	out, err := c.PutTargets(context.Background(), &eventbridge.PutTargetsInput{Rule: aws.String(rule), Targets: targets})
	if err != nil {
		t.Fatalf("PutTargets(%s): %v", rule, err)
	}
	if out.FailedEntryCount != 0 {
		t.Fatalf("PutTargets(%s): %d failed entries: %+v", rule, out.FailedEntryCount, out.FailedEntries)
	}
}

func TestRuleLifecycle(t *testing.T) {
	ctx := context.Background()
	s, c := newServer(t)

	arn := mustPutRule(t, c, &eventbridge.PutRuleInput{
		Name:         aws.String("kms-lifecycle"),
		Description:  aws.String("KMS key lifecycle events"),
		EventPattern: aws.String(faketest.KMSPattern),
		State:        types.RuleStateEnabled,
		Tags:         []types.Tag{{Key: aws.String("team"), Value: aws.String("security")}},
	})
	if want := "arn:aws:events:us-west-2:111122223333:rule/kms-lifecycle"; arn != want {
		t.Errorf("RuleArn = %q, want %q", arn, want)
	}

	got, err := c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("kms-lifecycle")})
	if err != nil {
		t.Fatal(err)
	}
	want := &eventbridge.DescribeRuleOutput{
		Arn:          aws.String(arn),
		CreatedBy:    aws.String(s.Account()),
		Description:  aws.String("KMS key lifecycle events"),
		EventBusName: aws.String("default"),
		EventPattern: aws.String(faketest.KMSPattern),
		Name:         aws.String("kms-lifecycle"),
		State:        types.RuleStateEnabled,
	}
	if diff := cmp.Diff(want, got, ignoreUnexported); diff != "" {
		t.Errorf("DescribeRule mismatch (-want +got):\n%s", diff)
	}

	// Every member of a target survives PutTargets and ListTargetsByRule.
	targets := []types.Target{
		{
			Id:  aws.String("sns"),
			Arn: aws.String(faketest.TopicArn),
			InputTransformer: &types.InputTransformer{
				InputPathsMap: map[string]string{"key": "$.detail.key-id", "type": "$.detail-type"},
				InputTemplate: aws.String(`"<type> for key <key>"`),
			},
			RetryPolicy:      &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(4), MaximumEventAgeInSeconds: aws.Int32(3600)},
			DeadLetterConfig: &types.DeadLetterConfig{Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:dlq")},
		},
		{
			Id:            aws.String("fifo"),
			Arn:           aws.String(faketest.QueueArn),
			InputPath:     aws.String("$.detail"),
			SqsParameters: &types.SqsParameters{MessageGroupId: aws.String("kms")},
		},
		{Id: aws.String("const"), Arn: aws.String("arn:aws:lambda:us-west-2:111122223333:function:f"), Input: aws.String(`{"fixed":true}`)},
	}
	mustPutTargets(t, c, "kms-lifecycle", targets...)
	listed, err := c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("kms-lifecycle")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(targets, listed.Targets, ignoreUnexported); diff != "" {
		t.Errorf("ListTargetsByRule mismatch (-want +got):\n%s", diff)
	}
	if listed.NextToken != nil {
		t.Errorf("NextToken = %q, want none", *listed.NextToken)
	}

	// PutRule replaces the rule but keeps its targets.
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("kms-lifecycle"), EventPattern: aws.String(faketest.KMSPattern), State: types.RuleStateDisabled})
	got, err = c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("kms-lifecycle")})
	if err != nil {
		t.Fatal(err)
	}
	if got.State != types.RuleStateDisabled || got.Description != nil {
		t.Errorf("after replacing PutRule: State = %q, Description = %v; want DISABLED and none", got.State, got.Description)
	}
	listed, err = c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("kms-lifecycle")})
	if err != nil {
		t.Fatal(err)
	}
	if len(listed.Targets) != len(targets) {
		t.Errorf("after replacing PutRule: %d targets, want %d", len(listed.Targets), len(targets))
	}

	// Replacing a target by Id keeps its position.
	replaced := types.Target{Id: aws.String("fifo"), Arn: aws.String(faketest.QueueArn), SqsParameters: &types.SqsParameters{MessageGroupId: aws.String("other")}}
	mustPutTargets(t, c, "kms-lifecycle", replaced)
	listed, err = c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("kms-lifecycle")})
	if err != nil {
		t.Fatal(err)
	}
	wantTargets := []types.Target{targets[0], replaced, targets[2]}
	if diff := cmp.Diff(wantTargets, listed.Targets, ignoreUnexported); diff != "" {
		t.Errorf("after replacing a target, mismatch (-want +got):\n%s", diff)
	}

	removed, err := c.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("kms-lifecycle"), Ids: []string{"sns", "fifo", "const", "never-added"}})
	if err != nil {
		t.Fatal(err)
	}
	if removed.FailedEntryCount != 0 {
		t.Errorf("RemoveTargets FailedEntryCount = %d, want 0", removed.FailedEntryCount)
	}
	if _, err := c.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("kms-lifecycle")}); err != nil {
		t.Fatal(err)
	}
	// Deleting a rule that does not exist succeeds, as in AWS.
	if _, err := c.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("kms-lifecycle")}); err != nil {
		t.Errorf("second DeleteRule: %v, want success", err)
	}
	for _, op := range []string{"PutRule", "DescribeRule", "PutTargets", "ListTargetsByRule", "RemoveTargets", "DeleteRule"} {
		if s.Calls(op) == 0 {
			t.Errorf("Calls(%q) = 0, want the calls made", op)
		}
	}
}

func TestListRulesPagination(t *testing.T) {
	ctx := context.Background()
	_, c := newServer(t, eventbridgetest.WithEventBuses("audit"))
	for _, n := range []string{"kms-c", "kms-a", "other", "kms-b", "kms-d", "kms-e"} {
		mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String(n), EventPattern: aws.String(faketest.KMSPattern)})
	}
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("kms-on-audit"), EventPattern: aws.String(faketest.KMSPattern), EventBusName: aws.String("audit")})

	tests := []struct {
		name   string
		in     eventbridge.ListRulesInput
		pages  [][]string
		arnBus string
	}{
		{name: "prefix in pages of two", in: eventbridge.ListRulesInput{NamePrefix: aws.String("kms-"), Limit: aws.Int32(2)}, pages: [][]string{{"kms-a", "kms-b"}, {"kms-c", "kms-d"}, {"kms-e"}}},
		{name: "no limit", in: eventbridge.ListRulesInput{}, pages: [][]string{{"kms-a", "kms-b", "kms-c", "kms-d", "kms-e", "other"}}},
		{name: "exact page", in: eventbridge.ListRulesInput{NamePrefix: aws.String("kms-"), Limit: aws.Int32(5)}, pages: [][]string{{"kms-a", "kms-b", "kms-c", "kms-d", "kms-e"}}},
		{name: "no match", in: eventbridge.ListRulesInput{NamePrefix: aws.String("zzz")}, pages: [][]string{{}}},
		{name: "custom bus by ARN", in: eventbridge.ListRulesInput{EventBusName: aws.String("arn:aws:events:us-west-2:111122223333:event-bus/audit")}, pages: [][]string{{"kms-on-audit"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			var pages [][]string
			for {
				out, err := c.ListRules(ctx, &in)
				if err != nil {
					t.Fatal(err)
				}
				names := []string{}
				for _, r := range out.Rules {
					names = append(names, aws.ToString(r.Name))
				}
				pages = append(pages, names)
				if out.NextToken == nil {
					break
				}
				in.NextToken = out.NextToken
			}
			if diff := cmp.Diff(tt.pages, pages); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListTargetsByRulePagination(t *testing.T) {
	ctx := context.Background()
	_, c := newServer(t)
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("r"), EventPattern: aws.String(faketest.KMSPattern)})
	var ids []string
	for _, id := range []string{"e", "d", "c", "b", "a"} {
		ids = append(ids, id)
		mustPutTargets(t, c, "r", types.Target{Id: aws.String(id), Arn: aws.String(faketest.TopicArn + "-" + id)})
	}
	in := &eventbridge.ListTargetsByRuleInput{Rule: aws.String("r"), Limit: aws.Int32(2)}
	var got []string
	pages := 0
	for {
		out, err := c.ListTargetsByRule(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, tg := range out.Targets {
			got = append(got, aws.ToString(tg.Id))
		}
		if out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	if diff := cmp.Diff(ids, got); diff != "" {
		t.Errorf("target ids mismatch (-want +got):\n%s", diff)
	}
	if pages != 3 {
		t.Errorf("pages = %d, want 3", pages)
	}

	// A token naming a target removed since fails rather than skipping or
	// repeating targets.
	first, err := c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("r"), Limit: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("r"), Ids: []string{"d"}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String("r"), NextToken: first.NextToken})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "InvalidToken" {
		t.Errorf("ListTargetsByRule with a stale token: %v, want InvalidToken", err)
	}
}

func TestTestEventPattern(t *testing.T) {
	_, c := newServer(t)
	rotation := string(eventstest.Fixture(t, "rotation-2025.json"))
	tests := map[string]struct {
		pattern string
		want    bool
	}{
		"all kms":          {faketest.KMSPattern, true},
		"rotation only":    {`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"]}`, true},
		"deletion only":    {`{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`, false},
		"on demand":        {`{"detail":{"rotation-type":["ON_DEMAND"]}}`, true},
		"key arn prefix":   {`{"resources":[{"prefix":"arn:aws:kms:us-west-2:111122223333:key/"}]}`, true},
		"other account":    {`{"account":["444455556666"]}`, false},
		"external origins": {`{"detail":{"key-origin":["EXTERNAL"]}}`, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := c.TestEventPattern(context.Background(), &eventbridge.TestEventPatternInput{EventPattern: aws.String(tt.pattern), Event: aws.String(rotation)})
			if err != nil {
				t.Fatal(err)
			}
			if out.Result != tt.want {
				t.Errorf("Result = %v, want %v", out.Result, tt.want)
			}
		})
	}
}

// TestDefaultIdentity checks that a default Server and its client use the
// account and Region of the eventstest events (and of cloudwatchtest), and
// that the options override both.
func TestDefaultIdentity(t *testing.T) {
	tests := map[string]struct {
		opts            []eventbridgetest.Option
		account, region string
	}{
		"default":    {account: eventstest.DefaultAccount, region: eventstest.DefaultRegion},
		"configured": {opts: []eventbridgetest.Option{eventbridgetest.WithAccount("444455556666"), eventbridgetest.WithRegion("eu-central-1")}, account: "444455556666", region: "eu-central-1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, c := newServer(t, tc.opts...)
			got := []string{s.Account(), s.Region(), c.Options().Region}
			if diff := cmp.Diff([]string{tc.account, tc.region, tc.region}, got); diff != "" {
				t.Errorf("identity mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
