package alarms

import (
	"math"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
	"github.com/kmswatch/kmswatch/metrics"
)

// Names and defaults of the request-quota alarm
// (docs/reference.md#52-percentage-of-quota-alarm).
const (
	// DefaultQuotaName names the alarm after the quota's Resource value.
	DefaultQuotaName = DefaultPrefix + "kms-request-quota-{{.Resource}}"
	// DefaultQuotaDescription says what the alarm means.
	DefaultQuotaDescription = "KMS requests counted against the {{.Resource}} request quota exceed {{.Percent}}% of the quota."
	// QuotaExpression is the documented percentage-of-quota expression. CallCount is
	// summed per period (calls per minute at the default period) while KMS quotas are
	// per second; whether SERVICE_QUOTA returns the per-second value is not verified
	// (docs/reference.md#52-percentage-of-quota-alarm, inference), so compare the
	// result with the Service Quotas console before relying on the percentage, and
	// change Metrics[1].Expression of the returned input if it differs (for example to
	// m1/PERIOD(m1)/SERVICE_QUOTA(m1)*100).
	QuotaExpression = "m1/SERVICE_QUOTA(m1)*100"
	// DefaultQuotaPeriod, DefaultQuotaEvaluationPeriods and
	// DefaultQuotaTreatMissingData follow the assembled request of
	// docs/reference.md#52-percentage-of-quota-alarm: AWS/Usage is collected every
	// minute, 1 period, and no calls means no datapoint, which is the healthy case
	// (notBreaching).
	DefaultQuotaPeriod            = time.Minute
	DefaultQuotaEvaluationPeriods = 1
	DefaultQuotaTreatMissingData  = TreatMissingNotBreaching

	quotaUsageID    = "m1"
	quotaPercentID  = "e1"
	quotaLabel      = "% of quota"
	maxQuotaPercent = 100
)

// QuotaData is what the Name and Description templates of [RequestQuota]
// are executed with.
type QuotaData struct {
	// Resource is the Resource dimension value, such as
	// "CryptographicOperationsSymmetric" or "DescribeKey".
	Resource string
	// Percent is the threshold in percent.
	Percent float64
}

// RequestQuota returns the alarm that fires when KMS requests counted against one
// request quota exceed percent of it (docs/reference.md#52-percentage-of-quota-alarm):
// the AWS/Usage CallCount metric (Service=KMS, Type=API, Resource=resource, Class=None,
// Sum; from metrics.CallCount) as m1, not returned, and the expression
// [QuotaExpression] as e1, GreaterThanThreshold percent. resource is a shared quota
// such as metrics.QuotaCryptographicOperationsSymmetric or
// metrics.QuotaCryptographicOperationsRsa, or the name of a KMS API with its own quota,
// such as "DescribeKey". The reference lists no verified Resource value for the ECC and
// ML-DSA shared quotas (docs/reference.md#51-usage-metric); pass the value the Service
// Quotas console shows, as metrics.QuotaResource(...). percent must be above 0 and at
// most 100; the console's flow uses 80.
//
// Defaults (overridable through opts): name [DefaultQuotaName],
// description [DefaultQuotaDescription], period [DefaultQuotaPeriod] (the
// period of m1), 1 evaluation period, TreatMissingData notBreaching. The
// input is validated before it is returned; problems are reported on
// "resource", "percent" or a field of opts, as for [KeyMaterialExpiry].
// RequestQuota is safe for concurrent use.
func RequestQuota(resource metrics.QuotaResource, percent float64, opts Options) (*cloudwatch.PutMetricAlarmInput, error) {
	c := validate.New("alarms.RequestQuota")
	k := compile(c, &opts, defaults{
		name:              DefaultQuotaName,
		description:       DefaultQuotaDescription,
		period:            DefaultQuotaPeriod,
		evaluationPeriods: DefaultQuotaEvaluationPeriods,
		treatMissingData:  DefaultQuotaTreatMissingData,
	})
	if math.IsNaN(percent) || percent <= 0 || percent > maxQuotaPercent {
		c.Add("percent", kmswatch.RuleRange, "must be above 0 and at most %d, got %g", maxQuotaPercent, percent)
	}
	m, err := metrics.CallCount(resource)
	c.MergeAs("resource", "resource", err)
	b := k.blame("resource", "percent")
	in := k.alarm(c, QuotaData{Resource: string(resource), Percent: percent}, b)
	in.ComparisonOperator = types.ComparisonOperatorGreaterThanThreshold
	in.Threshold = aws.Float64(percent)
	// With an invalid resource, still describe the metric without it, so
	// that ValidateAlarm reports the problems that do not depend on it.
	sdk, stat := types.Metric{Namespace: aws.String(metrics.NamespaceUsage), MetricName: aws.String(metrics.MetricCallCount)}, types.StatisticSum
	if err == nil {
		sdk, stat = m.SDK(), m.Statistic()
	}
	in.Metrics = []types.MetricDataQuery{
		{
			Id:         aws.String(quotaUsageID),
			MetricStat: &types.MetricStat{Metric: &sdk, Period: aws.Int32(k.period), Stat: aws.String(string(stat))},
			ReturnData: aws.Bool(false),
		},
		{
			Id:         aws.String(quotaPercentID),
			Expression: aws.String(QuotaExpression),
			Label:      aws.String(quotaLabel),
			ReturnData: aws.Bool(true),
		},
	}
	return finish(c, in, b)
}
