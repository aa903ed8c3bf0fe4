package alarms

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// The AWS-documented alarm for use of a key pending deletion
// (docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion).
const (
	// PendingDeletionFilterPattern matches CloudTrail records of KMS requests that
	// failed because the key is pending deletion, as the KMS developer guide documents
	// it, on the confirmed wording of the message (the one the events and rules
	// packages also accept). Per docs/reference.md#25-unusable-key-error-text and
	// docs/reference.md#9-discrepancies-and-open-questions (item 6) it may miss the
	// unverified "is pending replica deletion." variant; override it with
	// LogOptions.FilterPattern to widen it.
	PendingDeletionFilterPattern = `{ $.eventSource = kms* && $.errorMessage = "* ` + kmsvocab.PendingDeletion + `"}`
	// PendingDeletionMetricNamespace and PendingDeletionMetricName are the
	// documented metric of that filter.
	PendingDeletionMetricNamespace = "CloudTrailLogMetrics"
	PendingDeletionMetricName      = "KMSKeyPendingDeletionErrorCount"
	// DefaultPendingDeletionAlarmName is the documented alarm name.
	DefaultPendingDeletionAlarmName = "KMSKeyPendingDeletionErrorAlarm"
	// DefaultPendingDeletionFilterName is this package's choice; the guide
	// does not fix one.
	DefaultPendingDeletionFilterName = "KMSKeyPendingDeletionError"
	// DefaultPendingDeletionDescription says what the alarm means and what
	// it cannot say.
	DefaultPendingDeletionDescription = "A KMS key pending deletion is still in use: a request failed with " +
		"\"is pending deletion\" (CloudTrail log group {{.LogGroup}}). The alarm does not name the key or the caller; " +
		"search CloudTrail for the errorMessage."
)

// The CIS AWS Foundations Benchmark 4.7 (v1.4.0; 3.7 in v1.2.0) / Security Hub
// CloudWatch.7 metric filter and alarm for disabling or scheduled deletion of customer
// managed keys (docs/reference.md#32-cis-cloudwatch7-disabled-or-deleted-keys).
const (
	// CISKeyDisableOrDeletionFilterPattern is the exact pattern the control
	// requires. Security Hub fails the control for a filter with any other
	// or extra term, so it is emitted byte for byte and cannot be changed.
	CISKeyDisableOrDeletionFilterPattern = `{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion))}`
	// CISMetricNamespace is the namespace of the control's remediation.
	CISMetricNamespace = "LogMetrics"
	// DefaultCISMetricName, DefaultCISFilterName and DefaultCISAlarmName are
	// this package's choices; the control fixes the pattern, not the names.
	DefaultCISMetricName = "KMSKeyDisableOrScheduleDeletionCount"
	DefaultCISFilterName = DefaultPrefix + "cis-kms-key-disable-or-schedule-deletion"
	DefaultCISAlarmName  = DefaultPrefix + "cis-kms-key-disable-or-schedule-deletion"
	// DefaultCISDescription names the control.
	DefaultCISDescription = "CIS 4.7 / Security Hub CloudWatch.7: a KMS customer managed key was disabled or " +
		"scheduled for deletion (CloudTrail log group {{.LogGroup}})."
)

// Defaults shared by both log-metric alarms. Neither source states a
// statistic or period: the metric counts matching log events, so Sum over
// the period with threshold 1 fires on a single event whatever the period;
// 300 s is the CloudWatch console's default period. Treat missing data as
// notBreaching, as the KMS guide says ("good"): no matching log event means
// no datapoint, and that is the healthy case.
const (
	DefaultLogAlarmPeriod            = 5 * time.Minute
	DefaultLogAlarmEvaluationPeriods = 1
	DefaultLogAlarmThreshold         = 1
	DefaultLogAlarmTreatMissingData  = TreatMissingNotBreaching
	// logMetricValue is the value each matching event adds
	// (docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion,
	// docs/reference.md#32-cis-cloudwatch7-disabled-or-deleted-keys).
	logMetricValue = "1"
)

// LogOptions tunes the log-metric alarms. The embedded Options work as for
// every builder (Period, actions, names, ...); the other fields name the
// filter and its metric. Zero values mean the builder's default.
type LogOptions struct {
	Options
	// FilterName names the metric filter.
	FilterName string
	// FilterPattern replaces the filter pattern of [PendingDeletionUse].
	// [CISKeyDisableOrDeletion] reports it as a problem: the control
	// requires its exact pattern.
	FilterPattern string
	// MetricNamespace and MetricName name the metric the filter publishes
	// and the alarm watches.
	MetricNamespace string
	MetricName      string
	// Threshold is the count at or above which the alarm fires; zero means
	// [DefaultLogAlarmThreshold].
	Threshold float64
}

// LogData is what the Name and Description templates of the log-metric
// alarms are executed with.
type LogData struct {
	// LogGroup is the CloudTrail log group the filter reads.
	LogGroup string
}

// LogMetricAlarm is a CloudWatch Logs metric filter and the alarm on the
// metric it publishes. Create the filter first: the alarm watches a metric
// that exists only once the filter has matched an event.
type LogMetricAlarm struct {
	// Filter is the CloudWatch Logs metric filter that publishes the metric.
	Filter *cloudwatchlogs.PutMetricFilterInput
	// Alarm watches the metric the filter publishes.
	Alarm *cloudwatch.PutMetricAlarmInput
}

// PendingDeletionUse returns the metric filter and alarm the KMS developer guide
// documents for use of a key pending deletion
// (docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion): the filter
// [PendingDeletionFilterPattern] on logGroup, the CloudTrail log group (which needs a
// trail delivering to CloudWatch Logs), publishing 1 per match to
// [PendingDeletionMetricNamespace]/[PendingDeletionMetricName], and an alarm at Sum >=
// 1 in one period. It fires only for cryptographic operations that fail; it cannot see
// use of a downloaded public key outside KMS.
//
// Defaults (overridable through opts): alarm name
// [DefaultPendingDeletionAlarmName], filter name
// [DefaultPendingDeletionFilterName], description
// [DefaultPendingDeletionDescription], period [DefaultLogAlarmPeriod], 1
// evaluation period, threshold 1, TreatMissingData notBreaching. Both
// inputs are validated before they are returned; problems of either are
// reported on "logGroup" or a field of opts, such as "opts.FilterName" or
// "opts.Period". PendingDeletionUse is safe for concurrent use.
func PendingDeletionUse(logGroup string, opts LogOptions) (*LogMetricAlarm, error) {
	c := validate.New("alarms.PendingDeletionUse")
	pattern := opts.FilterPattern
	if pattern == "" {
		pattern = PendingDeletionFilterPattern
	}
	return logAlarm(c, logGroup, pattern, opts, logDefaults{
		defaults: defaults{
			name:              DefaultPendingDeletionAlarmName,
			description:       DefaultPendingDeletionDescription,
			period:            DefaultLogAlarmPeriod,
			evaluationPeriods: DefaultLogAlarmEvaluationPeriods,
			treatMissingData:  DefaultLogAlarmTreatMissingData,
		},
		filterName: DefaultPendingDeletionFilterName,
		namespace:  PendingDeletionMetricNamespace,
		metricName: PendingDeletionMetricName,
	})
}

// CISKeyDisableOrDeletion returns the metric filter and alarm of CIS AWS
// Foundations Benchmark 4.7 / Security Hub control CloudWatch.7 (reference
// §3.2): the exact pattern [CISKeyDisableOrDeletionFilterPattern] on
// logGroup, publishing 1 per match and 0 for other events (the
// remediation's metric value and default value) to [CISMetricNamespace],
// and an alarm at Sum >= 1. The control checks the trail, the metric
// filter, the alarm and an SNS topic, and fails when no trail exists or the
// trail excludes kms.amazonaws.com management events, so point
// opts.AlarmActions at an SNS topic.
//
// Defaults (overridable through opts except the pattern): names
// [DefaultCISAlarmName], [DefaultCISFilterName], [DefaultCISMetricName],
// description [DefaultCISDescription], period [DefaultLogAlarmPeriod], 1
// evaluation period, threshold 1, TreatMissingData notBreaching. A
// FilterPattern in o is reported as a problem rather than ignored.
// CISKeyDisableOrDeletion is safe for concurrent use.
func CISKeyDisableOrDeletion(logGroup string, opts LogOptions) (*LogMetricAlarm, error) {
	c := validate.New("alarms.CISKeyDisableOrDeletion")
	c.Forbidden("opts.FilterPattern", opts.FilterPattern != "", "for CloudWatch.7, which requires its exact pattern")
	return logAlarm(c, logGroup, CISKeyDisableOrDeletionFilterPattern, opts, logDefaults{
		defaults: defaults{
			name:              DefaultCISAlarmName,
			description:       DefaultCISDescription,
			period:            DefaultLogAlarmPeriod,
			evaluationPeriods: DefaultLogAlarmEvaluationPeriods,
			treatMissingData:  DefaultLogAlarmTreatMissingData,
		},
		filterName:   DefaultCISFilterName,
		namespace:    CISMetricNamespace,
		metricName:   DefaultCISMetricName,
		defaultValue: aws.Float64(0),
	})
}

type logDefaults struct {
	defaults
	filterName, namespace, metricName string
	defaultValue                      *float64
}

func logAlarm(c *validate.Collector, logGroup, pattern string, o LogOptions, d logDefaults) (*LogMetricAlarm, error) {
	k := compile(c, &o.Options, d.defaults)
	filterName := or(o.FilterName, d.filterName)
	namespace := or(o.MetricNamespace, d.namespace)
	metricName := or(o.MetricName, d.metricName)
	threshold := o.Threshold
	if threshold == 0 {
		threshold = DefaultLogAlarmThreshold
	}

	filter := &cloudwatchlogs.PutMetricFilterInput{
		FilterName:    aws.String(filterName),
		FilterPattern: aws.String(pattern),
		LogGroupName:  aws.String(logGroup),
		MetricTransformations: []logtypes.MetricTransformation{{
			MetricName:      aws.String(metricName),
			MetricNamespace: aws.String(namespace),
			MetricValue:     aws.String(logMetricValue),
			DefaultValue:    d.defaultValue,
		}},
	}
	b := k.blame("logGroup", "opts.Threshold")
	b.metric = ""
	b.metricName, b.namespace = "opts.MetricName", "opts.MetricNamespace"
	alarm := k.alarm(c, LogData{LogGroup: logGroup}, b)
	alarm.Namespace = aws.String(namespace)
	alarm.MetricName = aws.String(metricName)
	alarm.Statistic = types.StatisticSum
	alarm.Period = aws.Int32(k.period)
	alarm.ComparisonOperator = types.ComparisonOperatorGreaterThanOrEqualToThreshold
	alarm.Threshold = aws.Float64(threshold)

	blameInto(c, ValidateMetricFilter(filter), func(f string) string { return filterBlame[f] })
	blameInto(c, ValidateAlarm(alarm), b.path)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return &LogMetricAlarm{Filter: filter, Alarm: alarm}, nil
}

// filterBlame names the argument each field of the built metric filter
// comes from.
var filterBlame = map[string]string{
	"FilterName":                               "opts.FilterName",
	"FilterPattern":                            "opts.FilterPattern",
	"LogGroupName":                             "logGroup",
	"MetricTransformations[0].MetricName":      "opts.MetricName",
	"MetricTransformations[0].MetricNamespace": "opts.MetricNamespace",
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
