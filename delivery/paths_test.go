package delivery_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

func TestPaths(t *testing.T) {
	origin := delivery.Origin{Account: account, Region: "us-west-2"}
	tests := map[string]struct {
		paths func() ([]delivery.Path, error)
		want  []delivery.Path
	}{
		"alarm input, SNS actions only": {
			paths: func() ([]delivery.Path, error) {
				return delivery.AlarmInputPaths(&cloudwatch.PutMetricAlarmInput{AlarmName: aws.String("kms-expiry"),
					InsufficientDataActions: []string{"arn:aws:automate:us-west-2:ec2:stop", topic}}, origin)
			},
			want: []delivery.Path{{Principal: delivery.CloudWatch, Source: alarm, Field: "InsufficientDataActions[1]", Destination: topic}},
		},
		"alarm from DescribeAlarms in China": {
			paths: func() ([]delivery.Path, error) {
				return delivery.AlarmPaths(cwtypes.MetricAlarm{AlarmArn: aws.String("arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:a"),
					OKActions: []string{"arn:aws-cn:sns:cn-north-1:111122223333:t"}})
			},
			want: []delivery.Path{{Principal: delivery.CloudWatch, Source: "arn:aws-cn:cloudwatch:cn-north-1:111122223333:alarm:a", Field: "OKActions[0]", Destination: "arn:aws-cn:sns:cn-north-1:111122223333:t"}},
		},
		"targets on the default bus, with a role": {
			paths: func() ([]delivery.Path, error) {
				return delivery.TargetPaths(&eventbridge.PutTargetsInput{Rule: aws.String("kms-rotation"), EventBusName: aws.String("default"),
					Targets: []ebtypes.Target{{Arn: aws.String(topic)}, {Arn: aws.String(queue), RoleArn: aws.String("arn:aws:iam::111122223333:role/r")}}}, origin)
			},
			want: []delivery.Path{
				{Principal: delivery.EventBridge, Source: rule, Field: "Targets[0]", Destination: topic},
				{Principal: delivery.EventBridge, Source: rule, Field: "Targets[1]", Destination: queue, RoleARN: "arn:aws:iam::111122223333:role/r"},
			},
		},
		"bus given as an ARN names the account and Region": {
			paths: func() ([]delivery.Path, error) {
				return delivery.TargetPaths(&eventbridge.PutTargetsInput{Rule: aws.String("r"),
					EventBusName: aws.String("arn:aws:events:eu-west-1:444455556666:event-bus/central"),
					Targets:      []ebtypes.Target{{Arn: aws.String("arn:aws:sqs:eu-west-1:444455556666:q")}}}, delivery.Origin{})
			},
			want: []delivery.Path{{Principal: delivery.EventBridge, Source: "arn:aws:events:eu-west-1:444455556666:rule/central/r", Field: "Targets[0]", Destination: "arn:aws:sqs:eu-west-1:444455556666:q"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.paths()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPathsInvalid(t *testing.T) {
	tests := map[string]struct {
		call   func() error
		fields []string
	}{
		"nil alarm input": {
			call:   func() error { _, err := delivery.AlarmInputPaths(nil, delivery.Origin{}); return err },
			fields: []string{"in"},
		},
		"no alarm name, bad origin": {
			call: func() error {
				_, err := delivery.AlarmInputPaths(&cloudwatch.PutMetricAlarmInput{}, delivery.Origin{Account: "1", Region: "Oregon"})
				return err
			},
			fields: []string{"in.AlarmName", "origin.Account", "origin.Region"},
		},
		"alarm without ARN": {
			call:   func() error { _, err := delivery.AlarmPaths(cwtypes.MetricAlarm{}); return err },
			fields: []string{"AlarmArn"},
		},
		"nil targets input": {
			call:   func() error { _, err := delivery.TargetPaths(nil, delivery.Origin{}); return err },
			fields: []string{"in"},
		},
		"no rule": {
			call: func() error {
				_, err := delivery.TargetPaths(&eventbridge.PutTargetsInput{}, delivery.Origin{Account: account, Region: "us-west-2"})
				return err
			},
			fields: []string{"in.Rule"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := problemtest.Fields(t, tc.call())
			if diff := cmp.Diff(tc.fields, got); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
