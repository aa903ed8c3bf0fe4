package fidelity

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"

	"github.com/kmswatch/kmswatch/alarms"
)

// filterWithDimension is a metric filter whose one dimension is key: value.
func filterWithDimension(key, value string) *cloudwatchlogs.PutMetricFilterInput {
	return &cloudwatchlogs.PutMetricFilterInput{
		FilterName:    aws.String("kms-disable"),
		FilterPattern: aws.String(`{ $.eventSource = "kms.amazonaws.com" }`),
		LogGroupName:  aws.String("cloudtrail/kms"),
		MetricTransformations: []types.MetricTransformation{{
			MetricName: aws.String("KMSDisable"), MetricNamespace: aws.String("CloudTrailMetrics"), MetricValue: aws.String("1"),
			Dimensions: map[string]string{key: value},
		}},
	}
}

// TestLogsBoundaries runs the PutMetricFilter constraints through the
// library's validator; the module has no CloudWatch Logs fake.
func TestLogsBoundaries(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	run(t, []check{
		// Model: DimensionsKey and DimensionsValue, max 255 each.
		{name: "MetricTransformation Dimensions key <= 255", lib: func(o bool) error {
			return alarms.ValidateMetricFilter(filterWithDimension(long(pick(o, 255, 256)), "$.eventName"))
		}},
		{name: "MetricTransformation Dimensions value <= 255", lib: func(o bool) error {
			return alarms.ValidateMetricFilter(filterWithDimension("EventName", "$."+long(pick(o, 253, 254))))
		}},
	})
}
