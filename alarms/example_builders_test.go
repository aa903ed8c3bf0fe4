package alarms_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics"
)

const topic = "arn:aws:sns:us-west-2:111122223333:kms-alerts"

func ExampleKeyMaterialExpiry() {
	in, err := alarms.KeyMaterialExpiry("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}, OKActions: []string{topic}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*in.AlarmName)
	fmt.Println(*in.MetricName, *in.Dimensions[0].Name, *in.Dimensions[0].Value)
	fmt.Println(in.Statistic, in.ComparisonOperator, *in.Threshold, *in.Period, *in.EvaluationPeriods, *in.TreatMissingData)
	// Output:
	// kmswatch-key-material-expiry-1234abcd-12ab-34cd-56ef-1234567890ab
	// SecondsUntilKeyMaterialExpiration KeyId 1234abcd-12ab-34cd-56ef-1234567890ab
	// Minimum LessThanOrEqualToThreshold 864000 60 1 breaching
}

func ExampleKeyMaterialExpiry_invalid() {
	_, err := alarms.KeyMaterialExpiry("alias/payments", 36*time.Hour+500*time.Millisecond,
		alarms.Options{AlarmActions: []string{"kms-alerts"}, Period: 90 * time.Second})
	var ve *kmswatch.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s (%s)\n", p.Field, p.Rule)
		}
	}
	// Output:
	// within (range)
	// keyRef (pattern)
	// opts.Period (range)
	// opts.AlarmActions[0] (pattern)
}

func ExampleKeyMaterialExpiries() {
	ins, err := alarms.KeyMaterialExpiries([]string{
		"1234abcd-12ab-34cd-56ef-1234567890ab",
		"mrk-1234abcd12ab34cd56ef1234567890ab",
	}, 30*24*time.Hour, alarms.Options{Name: "team-a-expiry-{{.KeyID}}", Description: "{{.KeyID}}: material expires within {{.Within}}"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, in := range ins {
		fmt.Println(*in.AlarmName, "|", *in.AlarmDescription, "|", *in.Threshold)
	}
	// Output:
	// team-a-expiry-1234abcd-12ab-34cd-56ef-1234567890ab | 1234abcd-12ab-34cd-56ef-1234567890ab: material expires within 30d | 2.592e+06
	// team-a-expiry-mrk-1234abcd12ab34cd56ef1234567890ab | mrk-1234abcd12ab34cd56ef1234567890ab: material expires within 30d | 2.592e+06
}

func ExampleFleetKeyMaterialExpiry() {
	in, err := alarms.FleetKeyMaterialExpiry(alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*in.AlarmName)
	fmt.Println(*in.Metrics[0].Expression)
	fmt.Println(*in.Metrics[0].Period, in.ComparisonOperator, *in.Threshold)
	// Output:
	// kmswatch-all-keys-key-material-expiry
	// SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC
	// 60 LessThanOrEqualToThreshold 864000
}

func ExamplePendingDeletionUse() {
	a, err := alarms.PendingDeletionUse("aws-cloudtrail-logs-111122223333",
		alarms.LogOptions{Options: alarms.Options{AlarmActions: []string{topic}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := a.Filter.MetricTransformations[0]
	fmt.Println(*a.Filter.FilterPattern)
	fmt.Println(*t.MetricNamespace, *t.MetricName, *t.MetricValue)
	fmt.Println(*a.Alarm.AlarmName, a.Alarm.Statistic, a.Alarm.ComparisonOperator, *a.Alarm.Threshold, *a.Alarm.TreatMissingData)
	// Output:
	// { $.eventSource = kms* && $.errorMessage = "* is pending deletion."}
	// CloudTrailLogMetrics KMSKeyPendingDeletionErrorCount 1
	// KMSKeyPendingDeletionErrorAlarm Sum GreaterThanOrEqualToThreshold 1 notBreaching
}

func ExampleCISKeyDisableOrDeletion() {
	const logGroup = "aws-cloudtrail-logs-111122223333"
	// The control requires its exact filter pattern: another one is refused.
	_, err := alarms.CISKeyDisableOrDeletion(logGroup, alarms.LogOptions{FilterPattern: `{ $.eventName = "DisableKey" }`})
	fmt.Println(err)

	a, err := alarms.CISKeyDisableOrDeletion(logGroup, alarms.LogOptions{Options: alarms.Options{AlarmActions: []string{topic}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := a.Filter.MetricTransformations[0]
	fmt.Println(*a.Filter.FilterPattern)
	fmt.Println(*t.MetricNamespace, *t.MetricName, *t.MetricValue, *t.DefaultValue)
	fmt.Println(a.Alarm.ComparisonOperator, *a.Alarm.Threshold)
	// Output:
	// invalid alarms.CISKeyDisableOrDeletion: opts.FilterPattern: must not be set for CloudWatch.7, which requires its exact pattern
	// {($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}
	// LogMetrics KMSKeyDisableOrScheduleDeletionCount 1 0
	// GreaterThanOrEqualToThreshold 1
}

func ExampleRequestQuota() {
	in, err := alarms.RequestQuota(metrics.QuotaCryptographicOperationsSymmetric, 80, alarms.Options{AlarmActions: []string{topic}})
	if err != nil {
		fmt.Println(err)
		return
	}
	m1, e1 := in.Metrics[0], in.Metrics[1]
	fmt.Println(*in.AlarmName)
	fmt.Println(*m1.Id, *m1.MetricStat.Metric.Namespace, *m1.MetricStat.Metric.MetricName, *m1.MetricStat.Stat, *m1.MetricStat.Period)
	for _, d := range m1.MetricStat.Metric.Dimensions {
		fmt.Printf("  %s=%s\n", *d.Name, *d.Value)
	}
	fmt.Println(*e1.Id, *e1.Expression, in.ComparisonOperator, *in.Threshold)
	// Output:
	// kmswatch-kms-request-quota-CryptographicOperationsSymmetric
	// m1 AWS/Usage CallCount Sum 60
	//   Service=KMS
	//   Type=API
	//   Resource=CryptographicOperationsSymmetric
	//   Class=None
	// e1 m1/SERVICE_QUOTA(m1)*100 GreaterThanThreshold 80
}
