package metrics

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Namespaces of the metrics this package describes.
const (
	// NamespaceKMS holds the metrics AWS KMS publishes (docs/reference.md#41-metrics).
	NamespaceKMS = "AWS/KMS"
	// NamespaceUsage holds the AWS usage metrics, including KMS request counts
	// against Service Quotas (docs/reference.md#51-usage-metric).
	NamespaceUsage = "AWS/Usage"
)

// Metric names of the AWS/KMS namespace and the AWS/Usage metric used for KMS
// request quotas (docs/reference.md#41-metrics and docs/reference.md#51-usage-metric).
const (
	MetricSecondsUntilKeyMaterialExpiration = "SecondsUntilKeyMaterialExpiration"
	MetricSuccessfulRequest                 = "SuccessfulRequest"
	MetricCloudHSMKeyStoreThrottle          = "CloudHSMKeyStoreThrottle"
	MetricExternalKeyStoreThrottle          = "ExternalKeyStoreThrottle"
	MetricXksProxyCertificateDaysToExpire   = "XksProxyCertificateDaysToExpire"
	MetricXksProxyCredentialAge             = "XksProxyCredentialAge"
	MetricXksProxyErrors                    = "XksProxyErrors"
	MetricXksExternalKeyManagerStates       = "XksExternalKeyManagerStates"
	MetricXksProxyLatency                   = "XksProxyLatency"
	MetricCallCount                         = "CallCount"
)

// Dimension names used by the metrics above. The values are spelled exactly as
// CloudWatch stores them (docs/reference.md#41-metrics and
// docs/reference.md#51-usage-metric); the Go names use Go initialisms (ID, ARN, KMS).
const (
	DimensionKeyID                      = "KeyId"
	DimensionKeyARN                     = "KeyArn"
	DimensionOperation                  = "Operation"
	DimensionSourceKeyARN               = "SourceKeyArn"
	DimensionDestinationKeyARN          = "DestinationKeyArn"
	DimensionCustomKeyStoreID           = "CustomKeyStoreId"
	DimensionKMSOperation               = "KmsOperation"
	DimensionXksOperation               = "XksOperation"
	DimensionKeySpec                    = "KeySpec"
	DimensionCertificateName            = "CertificateName"
	DimensionErrorType                  = "ErrorType"
	DimensionExceptionName              = "ExceptionName"
	DimensionXksExternalKeyManagerState = "XksExternalKeyManagerState"
	DimensionService                    = "Service"
	DimensionType                       = "Type"
	DimensionResource                   = "Resource"
	DimensionClass                      = "Class"
)

// Limits of the CloudWatch model for metric identity
// (docs/reference.md#62-putmetricalarm: Dimension Name 1–255, Value 1–1024; MetricName
// 1–255).
const (
	maxDimensionName  = 255
	maxDimensionValue = 1024
	maxMetricName     = 255
)

// operationReEncrypt is the one operation whose SuccessfulRequest metric has
// its own dimension set (docs/reference.md#41-metrics).
const operationReEncrypt = "ReEncrypt"

// KeySpecSymmetricDefault is the only KeySpec CloudHSM key store throttle
// metrics carry (docs/reference.md#41-metrics).
const KeySpecSymmetricDefault = "SYMMETRIC_DEFAULT"

// ExternalKeyManagerState is a health state reported for the external key
// managers behind an XKS proxy. Unknown values are passed through: AWS adds
// values.
type ExternalKeyManagerState string

// The documented external key manager states (docs/reference.md#41-metrics).
const (
	ExternalKeyManagerActive      ExternalKeyManagerState = "Active"
	ExternalKeyManagerDegraded    ExternalKeyManagerState = "Degraded"
	ExternalKeyManagerUnavailable ExternalKeyManagerState = "Unavailable"
)

// QuotaResource is the Resource dimension value of the AWS/Usage CallCount
// metric for KMS: a shared cryptographic quota or a KMS API name such as
// "DescribeKey".
type QuotaResource string

// Resource values for the shared KMS cryptographic request quotas
// (docs/reference.md#51-usage-metric).
const (
	QuotaCryptographicOperationsSymmetric QuotaResource = "CryptographicOperationsSymmetric"
	QuotaCryptographicOperationsRsa       QuotaResource = "CryptographicOperationsRsa"
)

// Dimension is one name/value pair identifying a metric.
type Dimension struct {
	Name  string
	Value string
}

// Metric describes one CloudWatch metric: where it lives, which dimensions
// pick it out, its unit, and the statistic that answers the question it is
// for, with a one-line reason. Values come from the constructors in this
// package, which validate their input; the zero Metric is invalid and every
// builder rejects it. A Metric is immutable and safe for concurrent use.
type Metric struct {
	namespace string
	name      string
	dims      []Dimension
	unit      types.StandardUnit
	stat      types.Statistic
	why       string
}

// Namespace returns the metric's namespace, such as "AWS/KMS".
func (m Metric) Namespace() string { return m.namespace }

// Name returns the metric name.
func (m Metric) Name() string { return m.name }

// Dimensions returns a copy of the metric's dimensions in their documented
// order.
func (m Metric) Dimensions() []Dimension { return append([]Dimension(nil), m.dims...) }

// Dimension returns the value of the named dimension and whether the metric
// has it.
func (m Metric) Dimension(name string) (string, bool) {
	for _, d := range m.dims {
		if d.Name == name {
			return d.Value, true
		}
	}
	return "", false
}

// Unit returns the unit the metric is published with, or "" where the unit is
// not one of CloudWatch's standard units (days) or is not documented. Builders
// never put it into a query: a unit that differs from the stored one filters
// every datapoint out, and the SDK recommends omitting it.
func (m Metric) Unit() types.StandardUnit { return m.unit }

// Statistic returns the statistic recommended for this metric; builders use it.
func (m Metric) Statistic() types.Statistic { return m.stat }

// Why says in one line why [Metric.Statistic] is the right statistic and
// where that comes from.
func (m Metric) Why() string { return m.why }

// SDK returns the metric as the SDK's types.Metric, with freshly allocated
// pointers the caller may change.
func (m Metric) SDK() types.Metric {
	dims := make([]types.Dimension, len(m.dims))
	for i, d := range m.dims {
		dims[i] = types.Dimension{Name: aws.String(d.Name), Value: aws.String(d.Value)}
	}
	return types.Metric{Namespace: aws.String(m.namespace), MetricName: aws.String(m.name), Dimensions: dims}
}

// isZero reports whether m did not come from a constructor.
func (m Metric) isZero() bool { return m.name == "" }

// checked returns m, or the problems c recorded while checking the
// arguments m was built from.
func checked(c *validate.Collector, m Metric) (Metric, error) {
	if err := c.Err(); err != nil {
		return Metric{}, err
	}
	return m, nil
}

// whyRequestCount is the statistic choice of both SuccessfulRequest shapes.
const whyRequestCount = "a request count: Sum is the number of successful requests in the period (KMS developer guide, monitoring-cloudwatch)"

// dimValue checks one caller-supplied dimension value against the CloudWatch
// model and records problems under field.
func dimValue(c *validate.Collector, field, v string) {
	c.Length(field, v, 1, maxDimensionValue)
	c.NoControl(field, v)
}

// SecondsUntilKeyMaterialExpiration describes the AWS/KMS metric counting the
// seconds until the earliest-expiring imported key material of one key
// expires (dimension KeyId, unit Seconds, statistic Minimum).
//
// keyRef may be a key id or a key ARN: CloudWatch stores the key id in the
// KeyId dimension, so an ARN is accepted and reduced to its id (see [KeyID]).
// Alias names and alias ARNs are rejected because only KMS can resolve them.
func SecondsUntilKeyMaterialExpiration(keyRef string) (Metric, error) {
	c := validate.New("metrics.SecondsUntilKeyMaterialExpiration")
	id := keyID(c, "keyRef", keyRef)
	return checked(c, expiryMetric([]Dimension{{Name: DimensionKeyID, Value: id}}))
}

// expiryMetric builds the expiry descriptor around dims, which holds the
// checked KeyId dimension; taking the slice lets a batch share one block.
func expiryMetric(dims []Dimension) Metric {
	return Metric{
		namespace: NamespaceKMS,
		name:      MetricSecondsUntilKeyMaterialExpiration,
		dims:      dims,
		unit:      types.StandardUnitSeconds,
		stat:      types.StatisticMinimum,
		why:       "a countdown: the smallest value in a period is the nearest expiry (KMS developer guide, monitoring-cloudwatch)",
	}
}

// SuccessfulRequest describes the AWS/KMS count of successful cryptographic
// requests for one key and operation (dimensions KeyArn, Operation; statistic
// Sum). keyARN must be a full key ARN: the dimension stores the ARN, and a key
// id cannot be widened to one without its Region and account. For ReEncrypt use
// [SuccessfulReEncryptRequest], whose dimensions differ.
func SuccessfulRequest(keyARN, operation string) (Metric, error) {
	c := validate.New("metrics.SuccessfulRequest")
	keyARNValue(c, "keyARN", keyARN)
	dimValue(c, "operation", operation)
	if operation == operationReEncrypt {
		c.Add("operation", kmswatch.RuleCombination, "%s is published with %s and %s instead of %s; use SuccessfulReEncryptRequest",
			operationReEncrypt, DimensionSourceKeyARN, DimensionDestinationKeyARN, DimensionKeyARN)
	}
	return checked(c, Metric{
		namespace: NamespaceKMS,
		name:      MetricSuccessfulRequest,
		dims:      []Dimension{{DimensionKeyARN, keyARN}, {DimensionOperation, operation}},
		unit:      types.StandardUnitCount,
		stat:      types.StatisticSum,
		why:       whyRequestCount,
	})
}

// SuccessfulReEncryptRequest describes the SuccessfulRequest metric of
// ReEncrypt calls from one key to another (dimensions SourceKeyArn,
// DestinationKeyArn, Operation=ReEncrypt; statistic Sum). Both arguments must
// be key ARNs.
func SuccessfulReEncryptRequest(sourceKeyARN, destinationKeyARN string) (Metric, error) {
	c := validate.New("metrics.SuccessfulReEncryptRequest")
	keyARNValue(c, "sourceKeyARN", sourceKeyARN)
	keyARNValue(c, "destinationKeyARN", destinationKeyARN)
	return checked(c, Metric{
		namespace: NamespaceKMS,
		name:      MetricSuccessfulRequest,
		dims: []Dimension{
			{DimensionSourceKeyARN, sourceKeyARN},
			{DimensionDestinationKeyARN, destinationKeyARN},
			{DimensionOperation, operationReEncrypt},
		},
		unit: types.StandardUnitCount,
		stat: types.StatisticSum,
		why:  whyRequestCount,
	})
}

// CloudHSMKeyStoreThrottle describes the count of cryptographic requests
// throttled for an AWS CloudHSM key store (dimensions CustomKeyStoreId,
// KmsOperation, KeySpec=SYMMETRIC_DEFAULT, the only key spec it carries;
// statistic Sum).
func CloudHSMKeyStoreThrottle(customKeyStoreID, kmsOperation string) (Metric, error) {
	return throttleMetric("metrics.CloudHSMKeyStoreThrottle", MetricCloudHSMKeyStoreThrottle, customKeyStoreID, kmsOperation, KeySpecSymmetricDefault)
}

// ExternalKeyStoreThrottle describes the count of cryptographic requests KMS
// throttled for an external key store (dimensions CustomKeyStoreId,
// KmsOperation, KeySpec; statistic Sum).
func ExternalKeyStoreThrottle(customKeyStoreID, kmsOperation, keySpec string) (Metric, error) {
	return throttleMetric("metrics.ExternalKeyStoreThrottle", MetricExternalKeyStoreThrottle, customKeyStoreID, kmsOperation, keySpec)
}

func throttleMetric(subject, name, storeID, op, keySpec string) (Metric, error) {
	return dimsMetric(subject, []string{"customKeyStoreID", "kmsOperation", "keySpec"}, Metric{
		name: name,
		dims: []Dimension{{DimensionCustomKeyStoreID, storeID}, {DimensionKMSOperation, op}, {DimensionKeySpec, keySpec}},
		unit: types.StandardUnitCount,
		stat: types.StatisticSum,
		why:  "a count of throttled requests: Sum is the total in the period (inference; the KMS guide names no statistic)",
	})
}

// dimsMetric returns m in the AWS/KMS namespace once each of its dimension
// values, given by the argument params names at the same index, is a valid
// dimension value; subject names the constructor in errors.
func dimsMetric(subject string, params []string, m Metric) (Metric, error) {
	c := validate.New(subject)
	for i, param := range params {
		dimValue(c, param, m.dims[i].Value)
	}
	m.namespace = NamespaceKMS
	return checked(c, m)
}

// XksProxyCertificateDaysToExpire describes the days until the TLS certificate of an
// external key store proxy expires (dimensions CustomKeyStoreId, CertificateName;
// statistic Minimum). The KMS alarm page names the second dimension
// XksProxyCertificateName instead (docs/reference.md#9-discrepancies-and-open-questions
// (item 3)); confirm the stored name with [DiscoverMetrics] before relying on it.
func XksProxyCertificateDaysToExpire(customKeyStoreID, certificateName string) (Metric, error) {
	return dimsMetric("metrics.XksProxyCertificateDaysToExpire", []string{"customKeyStoreID", "certificateName"}, Metric{
		name: MetricXksProxyCertificateDaysToExpire,
		dims: []Dimension{{DimensionCustomKeyStoreID, customKeyStoreID}, {DimensionCertificateName, certificateName}},
		stat: types.StatisticMinimum,
		why:  "a countdown in days: the smallest value is the nearest expiry (KMS xks-alarms recipe uses Minimum)",
	})
}

// XksProxyCredentialAge describes the days since the proxy authentication
// credential of an external key store was set (dimension CustomKeyStoreId;
// statistic Maximum).
func XksProxyCredentialAge(customKeyStoreID string) (Metric, error) {
	return dimsMetric("metrics.XksProxyCredentialAge", []string{"customKeyStoreID"}, Metric{
		name: MetricXksProxyCredentialAge,
		dims: []Dimension{{DimensionCustomKeyStoreID, customKeyStoreID}},
		stat: types.StatisticMaximum,
		why:  "an age that only grows: the largest value is the oldest credential seen (inference; the KMS guide names no statistic)",
	})
}

// XksProxyErrors describes the count of errors from calls to an external key
// store proxy (dimensions CustomKeyStoreId, KmsOperation, XksOperation,
// KeySpec, ErrorType, ExceptionName; statistic Sum). The stored ErrorType
// strings differ between AWS pages (docs/reference.md#41-metrics); discover them with
// [DiscoverMetrics].
func XksProxyErrors(customKeyStoreID, kmsOperation, xksOperation, keySpec, errorType, exceptionName string) (Metric, error) {
	return dimsMetric("metrics.XksProxyErrors", []string{"customKeyStoreID", "kmsOperation", "xksOperation", "keySpec", "errorType", "exceptionName"}, Metric{
		name: MetricXksProxyErrors,
		dims: []Dimension{
			{DimensionCustomKeyStoreID, customKeyStoreID},
			{DimensionKMSOperation, kmsOperation},
			{DimensionXksOperation, xksOperation},
			{DimensionKeySpec, keySpec},
			{DimensionErrorType, errorType},
			{DimensionExceptionName, exceptionName},
		},
		unit: types.StandardUnitCount,
		stat: types.StatisticSum,
		why:  "an error count: Sum is the number of errors in the period (KMS xks-alarms recipe uses SUM)",
	})
}

// XksExternalKeyManagerStates describes how many external key manager
// instances behind a proxy are in one health state (dimensions
// CustomKeyStoreId, XksExternalKeyManagerState; statistic Maximum).
func XksExternalKeyManagerStates(customKeyStoreID string, state ExternalKeyManagerState) (Metric, error) {
	return dimsMetric("metrics.XksExternalKeyManagerStates", []string{"customKeyStoreID", "state"}, Metric{
		name: MetricXksExternalKeyManagerStates,
		dims: []Dimension{{DimensionCustomKeyStoreID, customKeyStoreID}, {DimensionXksExternalKeyManagerState, string(state)}},
		unit: types.StandardUnitCount,
		stat: types.StatisticMaximum,
		why:  "an instance count per state: the largest value shows any degraded or unavailable instance in the period (inference; the KMS guide names no statistic)",
	})
}

// XksProxyLatency describes the response time of an external key store proxy
// in milliseconds (dimensions CustomKeyStoreId, KmsOperation, XksOperation,
// KeySpec; statistic Average).
func XksProxyLatency(customKeyStoreID, kmsOperation, xksOperation, keySpec string) (Metric, error) {
	return dimsMetric("metrics.XksProxyLatency", []string{"customKeyStoreID", "kmsOperation", "xksOperation", "keySpec"}, Metric{
		name: MetricXksProxyLatency,
		dims: []Dimension{
			{DimensionCustomKeyStoreID, customKeyStoreID},
			{DimensionKMSOperation, kmsOperation},
			{DimensionXksOperation, xksOperation},
			{DimensionKeySpec, keySpec},
		},
		unit: types.StandardUnitMilliseconds,
		stat: types.StatisticAverage,
		why:  "a latency: Average tracks typical response time against the 250 ms timeout (KMS xks-alarms recipe uses Average)",
	})
}

// CallCount describes the AWS/Usage count of KMS API calls against one
// request quota (dimensions Service=KMS, Type=API, Resource, Class=None;
// statistic Sum, calls per period). resource is a shared cryptographic quota
// such as [QuotaCryptographicOperationsSymmetric] or a KMS API name.
func CallCount(resource QuotaResource) (Metric, error) {
	c := validate.New("metrics.CallCount")
	dimValue(c, "resource", string(resource))
	return checked(c, Metric{
		namespace: NamespaceUsage,
		name:      MetricCallCount,
		dims: []Dimension{
			{DimensionService, "KMS"},
			{DimensionType, "API"},
			{DimensionResource, string(resource)},
			{DimensionClass, "None"},
		},
		stat: types.StatisticSum,
		why:  "calls per period: Sum over 60 s is calls per minute, while KMS quotas are per second (CloudWatch usage metrics guide)",
	})
}

// keyARNValue checks that v is a KMS key ARN usable as a dimension value.
func keyARNValue(c *validate.Collector, field, v string) {
	dimValue(c, field, v)
	if v == "" {
		return
	}
	if _, ok := parseKeyARN(v); !ok {
		c.Add(field, kmswatch.RulePattern, "must be a key ARN of the form %s, got %q", keyARNForm, v)
	}
}

// keyARNForm is the shape quoted in key ARN errors.
const keyARNForm = "arn:<partition>:kms:<region>:<account>:key/<key-id>"

// parseKeyARN returns the key id of a KMS key ARN, by the module's one
// definition of a key ARN.
func parseKeyARN(s string) (string, bool) { return kmsvocab.KeyIDOfARN(s) }
