package rules_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/rules"
)

// TestTargetBuildersCheckARNs gives each target builder ARNs of its own
// kind, which it accepts, and names, URLs and ARNs of other services or
// resource types, which it rejects with a validation error on its ARN
// parameter that quotes the value.
func TestTargetBuildersCheckARNs(t *testing.T) {
	builders := map[string]struct {
		build func(string) (rules.Target, error)
		field string
		ok    []string
		bad   []string
	}{
		"SNSTopic": {
			build: func(arn string) (rules.Target, error) { return rules.SNSTopic("t", arn) },
			field: "topicARN",
			ok: []string{"arn:aws:sns:us-west-2:111122223333:kms-alerts", "arn:aws-cn:sns:cn-north-1:111122223333:a_b",
				"arn:aws:sns:us-east-1:111122223333:events.fifo", "arn:aws:sns:us-east-1:111122223333:" + strings.Repeat("t", 256)},
			bad: []string{"", "kms-alerts", "arn:aws:sqs:us-west-2:111122223333:kms-alerts",
				"arn:aws:sns:us-west-2:111122223333:kms-alerts:2f1c0d1e-0000-4000-8000-000000000000", // a subscription
				"arn:aws:sns::111122223333:kms-alerts", "arn:aws:sns:us-west-2::kms-alerts", "arn:aws:sns:us-west-2:111122223333:",
				"arn:aws:sns:us-west-2:111122223333:.fifo", "arn:aws:sns:us-east-1:111122223333:" + strings.Repeat("t", 257)},
		},
		"SQSQueue": {
			build: func(arn string) (rules.Target, error) { return rules.SQSQueue("q", arn, "") },
			field: "queueARN",
			ok: []string{"arn:aws:sqs:us-west-2:111122223333:kms-events", "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo",
				"arn:aws-us-gov:sqs:us-gov-west-1:111122223333:" + strings.Repeat("q", 80)},
			bad: []string{"kms-events", "https://sqs.us-west-2.amazonaws.com/111122223333/kms-events",
				"arn:aws:sns:us-west-2:111122223333:kms-events", "arn:aws:sqs:us-west-2:111122223333:kms/events",
				"arn:aws:sqs:us-west-2:111122223333:" + strings.Repeat("q", 81), "arn:aws:sqs:us-west-2:1111:kms-events"},
		},
		"LambdaFunction": {
			build: func(arn string) (rules.Target, error) { return rules.LambdaFunction("f", arn) },
			field: "functionARN",
			ok: []string{"arn:aws:lambda:us-west-2:111122223333:function:kms-handler",
				"arn:aws:lambda:us-west-2:111122223333:function:kms-handler:7",
				"arn:aws:lambda:us-west-2:111122223333:function:kms-handler:live",
				"arn:aws:lambda:us-west-2:111122223333:function:kms-handler:$LATEST"},
			bad: []string{"kms-handler", "function:kms-handler", "arn:aws:lambda:us-west-2:111122223333:kms-handler",
				"arn:aws:lambda:us-west-2:111122223333:layer:kms:1", "arn:aws:lambda:us-west-2:111122223333:function:",
				"arn:aws:lambda:us-west-2:111122223333:function:kms-handler:", "arn:aws:sns:us-west-2:111122223333:function:x",
				"arn:aws:lambda:us-west-2:111122223333:function:" + strings.Repeat("f", 65)},
		},
	}
	for name, b := range builders {
		t.Run(name, func(t *testing.T) {
			for _, arn := range b.ok {
				tg, err := b.build(arn)
				if err != nil || tg.ARN != arn {
					t.Errorf("%s(%q) = %+v, %v; want a target", name, arn, tg, err)
				}
			}
			for _, arn := range b.bad {
				tg, err := b.build(arn)
				var ve *kmswatch.ValidationError
				if !errors.As(err, &ve) || !errors.Is(err, kmswatch.ErrInvalid) {
					t.Errorf("%s(%q) = %+v, %v; want a *kmswatch.ValidationError", name, arn, tg, err)
					continue
				}
				got := []any{tg, len(ve.Problems), ve.Problems[0].Field, ve.Problems[0].Rule, strings.Contains(ve.Problems[0].Message, "got \""+arn+"\"")}
				if diff := cmp.Diff([]any{rules.Target{}, 1, b.field, kmswatch.RulePattern, true}, got); diff != "" {
					t.Errorf("%s(%q) [target problems field rule quoted] mismatch (-want +got):\n%s", name, arn, diff)
				}
			}
		})
	}
}

func TestTargetErrorMessages(t *testing.T) {
	tests := map[string]struct {
		err  error
		want string
	}{
		"queue name": {
			err:  second(rules.SQSQueue("q", "kms-events", "")),
			want: `invalid rules.SQSQueue: queueARN: must be an SQS queue ARN of the form arn:<partition>:sqs:<region>:<account>:<queue-name>, got "kms-events": does not start with "arn:"`,
		},
		"topic of another service": {
			err:  second(rules.SNSTopic("t", "arn:aws:sqs:us-west-2:111122223333:kms-alerts")),
			want: `invalid rules.SNSTopic: topicARN: must be an SNS topic ARN of the form arn:<partition>:sns:<region>:<account>:<topic-name>, got "arn:aws:sqs:us-west-2:111122223333:kms-alerts": service is "sqs", want sns`,
		},
		"function name": {
			err:  second(rules.LambdaFunction("f", "arn:aws:lambda:us-west-2:111122223333:kms-handler")),
			want: `invalid rules.LambdaFunction: functionARN: must be a Lambda function ARN of the form arn:<partition>:lambda:<region>:<account>:function:<function-name>[:<version-or-alias>], got "arn:aws:lambda:us-west-2:111122223333:kms-handler": resource "kms-handler" does not start with "function:"`,
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.err.Error()); diff != "" {
				t.Errorf("message mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func second[T any](_ T, err error) error { return err }
