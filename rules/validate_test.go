package rules

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

// mutation changes a valid input; want lists the "<field> <rule>" of each
// problem the change must cause, in order.
type mutation[T any] struct {
	mutate func(*T)
	want   []string
}

// checkMutations applies each mutation to a fresh valid() and compares the
// problems check reports with the mutation's want.
func checkMutations[T any](t *testing.T, valid func() *T, check func(*T) error, tests map[string]mutation[T]) {
	t.Helper()
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := valid()
			tc.mutate(in)
			if diff := cmp.Diff(tc.want, problemtest.List(t, check(in))); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestValidatePutRuleInput(t *testing.T) {
	valid := func() *eventbridge.PutRuleInput {
		return &eventbridge.PutRuleInput{
			Name:         aws.String("kms-lifecycle"),
			EventPattern: aws.String(`{"source":["aws.kms"]}`),
			State:        types.RuleStateEnabled,
			EventBusName: aws.String("default"),
		}
	}
	tests := map[string]mutation[eventbridge.PutRuleInput]{
		"valid": {func(*eventbridge.PutRuleInput) {}, nil},
		"bus arn": {func(in *eventbridge.PutRuleInput) {
			in.EventBusName = aws.String("arn:aws:events:us-west-2:111122223333:event-bus/default")
		}, nil},
		"schedule only": {func(in *eventbridge.PutRuleInput) {
			in.EventPattern = nil
			in.ScheduleExpression = aws.String("rate(5 minutes)")
		}, nil},
		"missing name":      {func(in *eventbridge.PutRuleInput) { in.Name = nil }, []string{"Name required"}},
		"empty name":        {func(in *eventbridge.PutRuleInput) { in.Name = aws.String("") }, []string{"Name length"}},
		"long name":         {func(in *eventbridge.PutRuleInput) { in.Name = aws.String(strings.Repeat("a", 65)) }, []string{"Name length"}},
		"bad name":          {func(in *eventbridge.PutRuleInput) { in.Name = aws.String("kms rule") }, []string{"Name pattern"}},
		"no pattern":        {func(in *eventbridge.PutRuleInput) { in.EventPattern = nil }, []string{"EventPattern required"}},
		"pattern too long":  {func(in *eventbridge.PutRuleInput) { in.EventPattern = aws.String(strings.Repeat(" ", 4097)) }, []string{"EventPattern length"}},
		"pattern at limit":  {func(in *eventbridge.PutRuleInput) { in.EventPattern = aws.String(strings.Repeat(" ", 4096)) }, nil},
		"bad state":         {func(in *eventbridge.PutRuleInput) { in.State = "ON" }, []string{"State enum"}},
		"long description":  {func(in *eventbridge.PutRuleInput) { in.Description = aws.String(strings.Repeat("d", 513)) }, []string{"Description length"}},
		"bad bus":           {func(in *eventbridge.PutRuleInput) { in.EventBusName = aws.String("my bus") }, []string{"EventBusName pattern"}},
		"empty role":        {func(in *eventbridge.PutRuleInput) { in.RoleArn = aws.String("") }, []string{"RoleArn length"}},
		"long schedule":     {func(in *eventbridge.PutRuleInput) { in.ScheduleExpression = aws.String(strings.Repeat("r", 257)) }, []string{"ScheduleExpression length"}},
		"tag without value": {func(in *eventbridge.PutRuleInput) { in.Tags = []types.Tag{{Key: aws.String("team")}} }, []string{"Tags[0].Value required"}},
		"tag key too long": {func(in *eventbridge.PutRuleInput) {
			in.Tags = []types.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("")}}
		}, []string{"Tags[0].Key length"}},
		"cloudtrail state on partner bus": {func(in *eventbridge.PutRuleInput) {
			in.State = types.RuleStateEnabledWithAllCloudtrailManagementEvents
			in.EventBusName = aws.String("aws.partner/example.com/123/events")
		}, []string{"State combination"}},
		"all problems at once": {func(in *eventbridge.PutRuleInput) {
			in.Name = aws.String("bad name")
			in.EventPattern = nil
			in.State = "ON"
			in.Description = aws.String(strings.Repeat("d", 513))
		}, []string{"Name pattern", "Description length", "EventPattern required", "State enum"}},
	}
	checkMutations(t, valid, ValidatePutRuleInput, tests)
	if diff := cmp.Diff([]string{" required"}, problemtest.List(t, ValidatePutRuleInput(nil))); diff != "" {
		t.Errorf("nil input mismatch (-want +got):\n%s", diff)
	}
}

func TestValidatePutTargetsInput(t *testing.T) {
	sns := func(id string) types.Target {
		return types.Target{Id: aws.String(id), Arn: aws.String("arn:aws:sns:us-west-2:111122223333:kms-events")}
	}
	valid := func() *eventbridge.PutTargetsInput {
		return &eventbridge.PutTargetsInput{Rule: aws.String("kms-lifecycle"), Targets: []types.Target{sns("sns")}}
	}
	tests := map[string]mutation[eventbridge.PutTargetsInput]{
		"valid": {func(*eventbridge.PutTargetsInput) {}, nil},
		"full target": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].InputTransformer = &types.InputTransformer{
				InputPathsMap: map[string]string{"key": "$.detail.key-id"},
				InputTemplate: aws.String(`"Key <key> was deleted."`),
			}
			in.Targets[0].RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(185), MaximumEventAgeInSeconds: aws.Int32(60)}
			in.Targets[0].DeadLetterConfig = &types.DeadLetterConfig{Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:dlq")}
		}, nil},
		"missing rule": {func(in *eventbridge.PutTargetsInput) { in.Rule = nil }, []string{"Rule required"}},
		"no targets":   {func(in *eventbridge.PutTargetsInput) { in.Targets = nil }, []string{"Targets count"}},
		"five targets": {func(in *eventbridge.PutTargetsInput) {
			in.Targets = []types.Target{sns("a"), sns("b"), sns("c"), sns("d"), sns("e")}
		}, nil},
		"six targets": {func(in *eventbridge.PutTargetsInput) {
			in.Targets = []types.Target{sns("a"), sns("b"), sns("c"), sns("d"), sns("e"), sns("f")}
		}, []string{"Targets count"}},
		"duplicate ids":  {func(in *eventbridge.PutTargetsInput) { in.Targets = []types.Target{sns("a"), sns("a")} }, []string{"Targets[1].Id unique"}},
		"missing id arn": {func(in *eventbridge.PutTargetsInput) { in.Targets = []types.Target{{}} }, []string{"Targets[0].Id required", "Targets[0].Arn required"}},
		"bad id":         {func(in *eventbridge.PutTargetsInput) { in.Targets[0].Id = aws.String("sns topic") }, []string{"Targets[0].Id pattern"}},
		"input and path": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].Input = aws.String(`{"a":1}`)
			in.Targets[0].InputPath = aws.String("$.detail")
		}, []string{"Targets[0] combination"}},
		"input not json": {func(in *eventbridge.PutTargetsInput) { in.Targets[0].Input = aws.String("hello") }, []string{"Targets[0].Input encoding"}},
		"input too long": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].Input = aws.String(`"` + strings.Repeat("x", 8191) + `"`)
		}, []string{"Targets[0].Input length"}},
		"input path long": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].InputPath = aws.String("$." + strings.Repeat("x", 255))
		}, []string{"Targets[0].InputPath length"}},
		"transformer empty": {func(in *eventbridge.PutTargetsInput) { in.Targets[0].InputTransformer = &types.InputTransformer{} }, []string{"Targets[0].InputTransformer.InputTemplate required"}},
		"transformer paths": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].InputTransformer = &types.InputTransformer{
				InputPathsMap: map[string]string{"AWS.key": "$.detail.key-id", "id": "detail.key-id"},
				InputTemplate: aws.String(`"<id>"`),
			}
		}, []string{`Targets[0].InputTransformer.InputPathsMap["AWS.key"] pattern`, `Targets[0].InputTransformer.InputPathsMap["id"] pattern`}},
		"retry out of range": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].RetryPolicy = &types.RetryPolicy{MaximumRetryAttempts: aws.Int32(186), MaximumEventAgeInSeconds: aws.Int32(59)}
		}, []string{"Targets[0].RetryPolicy.MaximumRetryAttempts range", "Targets[0].RetryPolicy.MaximumEventAgeInSeconds range"}},
		"empty dlq": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].DeadLetterConfig = &types.DeadLetterConfig{Arn: aws.String("")}
		}, []string{"Targets[0].DeadLetterConfig.Arn length"}},
		"fifo without group": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].Arn = aws.String("arn:aws:sqs:us-west-2:111122223333:kms-events.fifo")
		}, []string{"Targets[0].SqsParameters.MessageGroupId required"}},
		"fifo with group": {func(in *eventbridge.PutTargetsInput) {
			in.Targets[0].Arn = aws.String("arn:aws:sqs:us-west-2:111122223333:kms-events.fifo")
			in.Targets[0].SqsParameters = &types.SqsParameters{MessageGroupId: aws.String("kms")}
		}, nil},
	}
	checkMutations(t, valid, ValidatePutTargetsInput, tests)
}
