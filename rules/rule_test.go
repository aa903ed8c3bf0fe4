package rules_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/golden"
	"github.com/kmswatch/kmswatch/internal/problemtest"
	"github.com/kmswatch/kmswatch/rules"
)

func TestPutRuleInput(t *testing.T) {
	lifecycle := must[rules.EventPattern](t)(rules.KeyLifecycle(testAccount))
	pending := must[rules.EventPattern](t)(rules.PendingDeletionUse(testAccount))
	tests := map[string]struct {
		rule      rules.Rule
		wantState types.RuleState
	}{
		"lifecycle on default bus": {
			rule:      rules.Rule{Name: "kms-lifecycle", Pattern: lifecycle},
			wantState: types.RuleStateEnabled,
		},
		"pending deletion with all management events": {
			rule: rules.Rule{
				Name:         "kms-pending-deletion-use",
				Description:  "KMS calls failing because the key is pending deletion",
				EventBusName: "default",
				Pattern:      pending,
				Tags:         map[string]string{"team": "security", "app": "kmswatch"},
			},
			wantState: types.RuleStateEnabledWithAllCloudtrailManagementEvents,
		},
		"disabled": {
			rule:      rules.Rule{Name: "kms-pending-deletion-use-disabled", Pattern: pending, State: types.RuleStateDisabled},
			wantState: types.RuleStateDisabled,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in, err := tc.rule.PutRuleInput()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.wantState, in.State); diff != "" {
				t.Errorf("State mismatch (-want +got):\n%s", diff)
			}
			golden.CheckJSON(t, filepath.Join("testdata", "golden", "putrule-"+strings.ReplaceAll(name, " ", "-")+".json"), in)
		})
	}
}

func TestPutRuleInputErrors(t *testing.T) {
	pending := must[rules.EventPattern](t)(rules.PendingDeletionUse(testAccount))
	big := must[rules.EventPattern](t)(rules.KeyEvents{Keys: []rules.StringMatch{rules.Exactly(strings.Repeat("k", 2100))}}.Pattern())
	tests := map[string]struct {
		rule rules.Rule
		want []string
	}{
		"enabled misses read-only events": {
			rules.Rule{Name: "r", Pattern: pending, State: types.RuleStateEnabled},
			[]string{"State combination"},
		},
		"empty pattern":               {rules.Rule{Name: "r"}, []string{"Pattern required"}},
		"pattern over default quota":  {rules.Rule{Name: "r", Pattern: big}, []string{"Pattern length"}},
		"pattern within raised quota": {rules.Rule{Name: "r", Pattern: big, MaxPatternSize: rules.MaxEventPatternLength}, nil},
		"everything wrong": {
			rules.Rule{Name: "bad name", Description: strings.Repeat("d", 513), EventBusName: "bad bus", Pattern: big, State: "ON", Tags: map[string]string{"": "v"}},
			[]string{"Name pattern", "Description length", "EventBusName pattern", "State enum", `Tags[""] length`, "Pattern length"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in, err := tc.rule.PutRuleInput()
			if diff := cmp.Diff(tc.want, problemtest.List(t, err)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if err != nil && in != nil {
				t.Errorf("PutRuleInput returned an input with error %v", err)
			}
		})
	}
}

func TestPutTargetsInput(t *testing.T) {
	rule := rules.Rule{Name: "kms-lifecycle", EventBusName: "default"}
	sns := must[rules.Target](t)(rules.SNSTopic("notify", "arn:aws:sns:us-west-2:111122223333:kms-events"))
	sns.InputTransformer = rules.KeyEventMessage()
	sns.MaxRetries = aws.Int32(10)
	sns.MaxEventAge = 2 * time.Hour
	sns.DeadLetterQueueARN = "arn:aws:sqs:us-west-2:111122223333:kms-events-dlq"
	fifo := must[rules.Target](t)(rules.SQSQueue("queue", "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo", "kms"))
	fifo.InputPath = "$.detail"
	fn := must[rules.Target](t)(rules.LambdaFunction("handler", "arn:aws:lambda:us-west-2:111122223333:function:kms-handler"))
	fn.Input = `{"action":"audit"}`
	calls := must[rules.Target](t)(rules.SNSTopic("calls", "arn:aws:sns:us-west-2:111122223333:kms-calls"))
	calls.InputTransformer = rules.APICallMessage()
	in, err := rule.PutTargetsInput(sns, fifo, fn, calls)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "golden", "puttargets.json"), in)
}

func TestPutTargetsInputErrors(t *testing.T) {
	rule := rules.Rule{Name: "kms-lifecycle"}
	sns := func(id string) rules.Target {
		return must[rules.Target](t)(rules.SNSTopic(id, "arn:aws:sns:us-west-2:111122223333:t"))
	}
	tests := map[string]struct {
		targets []rules.Target
		want    []string
	}{
		"none":     {nil, []string{"targets count"}},
		"six":      {[]rules.Target{sns("a"), sns("b"), sns("c"), sns("d"), sns("e"), sns("f")}, []string{"targets count"}},
		"same ids": {[]rules.Target{sns("a"), sns("a")}, []string{"targets[1].ID unique"}},
		"group on sns": {
			[]rules.Target{{ID: "a", ARN: "arn:aws:sns:us-west-2:111122223333:t", MessageGroupID: "g"}},
			[]string{"targets[0].MessageGroupID forbidden"},
		},
		"fifo without group": {
			[]rules.Target{must[rules.Target](t)(rules.SQSQueue("q", "arn:aws:sqs:us-west-2:111122223333:q.fifo", ""))},
			[]string{"targets[0].MessageGroupID required"},
		},
		"fractional event age": {
			[]rules.Target{{ID: "a", ARN: "arn:aws:sns:us-west-2:111122223333:t", MaxEventAge: 90500 * time.Millisecond}},
			[]string{"targets[0].MaxEventAge range"},
		},
		"retry limits": {
			[]rules.Target{{ID: "a", ARN: "arn:aws:sns:us-west-2:111122223333:t", MaxRetries: aws.Int32(-1), MaxEventAge: 25 * time.Hour}},
			[]string{"targets[0].MaxRetries range", "targets[0].MaxEventAge range"},
		},
		"two input options": {
			[]rules.Target{{ID: "a", ARN: "arn:aws:sns:us-west-2:111122223333:t", Input: `"x"`, InputTransformer: rules.KeyEventMessage()}},
			[]string{"targets[0] combination"},
		},
		"missing id and arn": {[]rules.Target{{}}, []string{"targets[0].ID length", "targets[0].ARN length"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in, err := rule.PutTargetsInput(tc.targets...)
			if diff := cmp.Diff(tc.want, problemtest.List(t, err)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if err != nil && in != nil {
				t.Errorf("PutTargetsInput returned an input with error %v", err)
			}
		})
	}
}
