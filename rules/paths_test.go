package rules_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/problemtest"
	"github.com/kmswatch/kmswatch/rules"
)

// TestProblemPaths pins down, for every builder and validator, the subject
// and the path and rule of each problem: a Validate function names the
// fields of the SDK input, a method of Rule names the Rule's fields and its
// parameters (targets[0].MessageGroupID), a preset names its parameters
// (account, keys[0]).
func TestProblemPaths(t *testing.T) {
	type want struct {
		Field string
		Rule  kmswatch.Rule
	}
	pattern, err := rules.KeyDeletion("111122223333")
	if err != nil {
		t.Fatal(err)
	}
	alias, _ := events.ParseARN("arn:aws:kms:us-west-2:111122223333:alias/x")
	tests := map[string]struct {
		call    func() error
		subject string
		want    []want
	}{
		"ValidatePutRuleInput nil": {
			call:    func() error { return rules.ValidatePutRuleInput(nil) },
			subject: "eventbridge.PutRuleInput", want: []want{{"", kmswatch.RuleRequired}},
		},
		"ValidatePutRuleInput": {
			call: func() error {
				return rules.ValidatePutRuleInput(&eventbridge.PutRuleInput{Name: aws.String("a b"), EventPattern: aws.String("{}"),
					Tags: []types.Tag{{Key: aws.String("k")}}})
			},
			subject: "eventbridge.PutRuleInput",
			want:    []want{{"Name", kmswatch.RulePattern}, {"Tags[0].Value", kmswatch.RuleRequired}},
		},
		"ValidatePutTargetsInput": {
			call: func() error {
				return rules.ValidatePutTargetsInput(&eventbridge.PutTargetsInput{Rule: aws.String("r"),
					Targets: []types.Target{{Id: aws.String("t"), Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:q.fifo")}}})
			},
			subject: "eventbridge.PutTargetsInput",
			want:    []want{{"Targets[0].SqsParameters.MessageGroupId", kmswatch.RuleRequired}},
		},
		"Rule.PutRuleInput": {
			call: func() error {
				_, err := rules.Rule{Name: "", Pattern: pattern, MaxPatternSize: -1,
					Tags: map[string]string{"a": "", "b": strings.Repeat("v", 257)}}.PutRuleInput()
				return err
			},
			subject: "rules.Rule.PutRuleInput",
			want: []want{{"Name", kmswatch.RuleLength}, {`Tags["b"]`, kmswatch.RuleLength},
				{"MaxPatternSize", kmswatch.RuleRange}},
		},
		"Rule.PutRuleInput empty pattern": {
			call:    func() error { _, err := rules.Rule{Name: "r"}.PutRuleInput(); return err },
			subject: "rules.Rule.PutRuleInput", want: []want{{"Pattern", kmswatch.RuleRequired}},
		},
		"Rule.PutTargetsInput": {
			call: func() error {
				_, err := rules.Rule{Name: "r/x"}.PutTargetsInput(
					must[rules.Target](t)(rules.SNSTopic("t", "arn:aws:sns:us-west-2:111122223333:topic")),
					rules.Target{ID: "t", ARN: "arn:aws:sns:us-west-2:111122223333:topic", MessageGroupID: "g",
						Input: "{", DeadLetterQueueARN: strings.Repeat("a", 1601)})
				return err
			},
			subject: "rules.Rule.PutTargetsInput",
			want: []want{{"targets[1].MessageGroupID", kmswatch.RuleForbidden}, {"Name", kmswatch.RulePattern},
				{"targets[1].ID", kmswatch.RuleUnique}, {"targets[1].Input", kmswatch.RuleEncoding},
				{"targets[1].DeadLetterQueueARN", kmswatch.RuleLength}},
		},
		"Put": {
			call: func() error {
				_, err := rules.Put(context.Background(), nil, &eventbridge.PutRuleInput{Name: aws.String("r")},
					&eventbridge.PutTargetsInput{Rule: aws.String("s")})
				return err
			},
			subject: "rules.Put",
			want: []want{{"c", kmswatch.RuleRequired}, {"rule.EventPattern", kmswatch.RuleRequired},
				{"targets.Targets", kmswatch.RuleCount}, {"targets.Rule", kmswatch.RuleCombination}},
		},
		"EventPattern.CheckSize": {
			call:    func() error { return pattern.CheckSize(10) },
			subject: "rules.EventPattern.CheckSize", want: []want{{"", kmswatch.RuleLength}},
		},
		"KeyEvents.Pattern": {
			call: func() error {
				_, err := rules.KeyEvents{Regions: []string{""}, RotationTypes: []events.RotationType{"x"}}.Pattern()
				return err
			},
			subject: "rules.KeyEvents",
			want:    []want{{"Regions[0]", kmswatch.RuleLength}, {"RotationTypes", kmswatch.RuleCombination}},
		},
		"APICalls.Pattern": {
			call:    func() error { _, err := rules.APICalls{EventNames: []string{""}}.Pattern(); return err },
			subject: "rules.APICalls", want: []want{{"EventNames[0]", kmswatch.RuleLength}},
		},
		"KeyLifecycle": {
			call:    func() error { _, err := rules.KeyLifecycle("1"); return err },
			subject: "rules.KeyLifecycle", want: []want{{"account", kmswatch.RulePattern}},
		},
		"KeyRotation": {
			call:    func() error { _, err := rules.KeyRotation(alias); return err },
			subject: "rules.KeyRotation", want: []want{{"key", kmswatch.RulePattern}},
		},
		"MaterialExpiry": {
			call:    func() error { _, err := rules.MaterialExpiry("1", alias); return err },
			subject: "rules.MaterialExpiry",
			want:    []want{{"keys[0]", kmswatch.RulePattern}, {"account", kmswatch.RulePattern}},
		},
		"PendingDeletionUse": {
			call:    func() error { _, err := rules.PendingDeletionUse(""); return err },
			subject: "rules.PendingDeletionUse", want: []want{{"account", kmswatch.RulePattern}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			problemtest.Check(t, tc.call(), tc.subject, tc.want)
		})
	}
}
