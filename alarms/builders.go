package alarms

import (
	"cmp"
	"errors"
	"math"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
	"github.com/kmswatch/kmswatch/metrics"
)

// Options tunes an alarm built by this package. Every builder takes the same
// struct; the zero value of each field means "the builder's documented
// default", so every default can be overridden here. Anything else can be
// changed on the returned input (run [ValidateAlarm] again afterwards).
// Options is plain data, safe to share between goroutines once set up.
type Options struct {
	// Name is a text/template for AlarmName, executed with the builder's
	// data type ([ExpiryData], [FleetExpiryData], [QuotaData] or [LogData]);
	// a field the data type lacks is reported, not rendered empty. Empty
	// means the builder's default name.
	Name string
	// Description is a text/template for AlarmDescription, executed like
	// Name. Empty means the builder's default description.
	Description string

	// AlarmActions, OKActions and InsufficientDataActions are action ARNs
	// (SNS topics, Lambda functions, SSM OpsItems, ...), at most 5 each.
	// None by default: the library does not guess where to send alerts.
	AlarmActions            []string
	OKActions               []string
	InsufficientDataActions []string
	// DisableActions sets ActionsEnabled to false. By default ActionsEnabled
	// is left unset, which CloudWatch treats as true.
	DisableActions bool

	// Period is the length of one evaluated period, in whole seconds: 10,
	// 20, 30 or a multiple of 60. Zero means the builder's default.
	Period time.Duration
	// EvaluationPeriods is N, the number of periods evaluated. Zero means
	// the builder's default.
	EvaluationPeriods int32
	// DatapointsToAlarm is M, how many of the N periods must breach. Zero
	// means N (every evaluated period must breach).
	DatapointsToAlarm int32
	// TreatMissingData says how periods without data count. The empty value
	// means the builder's default, which each builder documents and
	// explains.
	TreatMissingData TreatMissingData

	// Tags are set when the alarm is created. CloudWatch ignores Tags when
	// PutMetricAlarm updates an existing alarm (docs/reference.md#62-putmetricalarm),
	// so [NewPlan] does not compare them.
	Tags []types.Tag
}

// defaults are what a builder uses for the Options fields left zero.
type defaults struct {
	name, description string
	period            time.Duration
	evaluationPeriods int32
	treatMissingData  TreatMissingData
}

// compiled is Options with its templates parsed and defaults applied, so a
// builder making many alarms parses each template once.
type compiled struct {
	name, description *template.Template
	actionsEnabled    *bool
	period            int32
	evaluationPeriods int32
	datapointsToAlarm int32
	treatMissingData  TreatMissingData
	o                 *Options
}

// compile applies d to o and records problems with the options in c.
func compile(c *validate.Collector, o *Options, d defaults) *compiled {
	out := &compiled{o: o}
	out.name = parseTemplate(c, "opts.Name", o.Name, d.name)
	out.description = parseTemplate(c, "opts.Description", o.Description, d.description)
	if o.DisableActions {
		out.actionsEnabled = aws.Bool(false)
	}
	period := o.Period
	if period == 0 {
		period = d.period
	}
	out.period = seconds(c, "opts.Period", period)
	// Zero means the default; a negative count is the caller's, so it is
	// reported here rather than as the DatapointsToAlarm it defaults.
	if o.EvaluationPeriods < 0 {
		c.Add("opts.EvaluationPeriods", kmswatch.RuleRange, "must not be negative, got %d", o.EvaluationPeriods)
	}
	if o.DatapointsToAlarm < 0 {
		c.Add("opts.DatapointsToAlarm", kmswatch.RuleRange, "must not be negative, got %d", o.DatapointsToAlarm)
	}
	out.evaluationPeriods = o.EvaluationPeriods
	if out.evaluationPeriods == 0 {
		out.evaluationPeriods = d.evaluationPeriods
	}
	out.datapointsToAlarm = o.DatapointsToAlarm
	if out.datapointsToAlarm == 0 {
		out.datapointsToAlarm = out.evaluationPeriods
	}
	out.treatMissingData = o.TreatMissingData
	if out.treatMissingData == "" {
		out.treatMissingData = d.treatMissingData
	}
	return out
}

// alarm returns the fields every builder sets the same way, with the name
// and description rendered from data; b says whom to blame for them.
func (k *compiled) alarm(c *validate.Collector, data any, b blame) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:               aws.String(render(c, b.name, "AlarmName", k.name, data, maxAlarmNameLen)),
		AlarmDescription:        aws.String(render(c, b.description, "AlarmDescription", k.description, data, maxDescriptionLen)),
		ActionsEnabled:          k.actionsEnabled,
		AlarmActions:            clone(k.o.AlarmActions),
		OKActions:               clone(k.o.OKActions),
		InsufficientDataActions: clone(k.o.InsufficientDataActions),
		EvaluationPeriods:       aws.Int32(k.evaluationPeriods),
		DatapointsToAlarm:       aws.Int32(k.datapointsToAlarm),
		TreatMissingData:        aws.String(string(k.treatMissingData)),
		Tags:                    clone(k.o.Tags),
	}
}

func parseTemplate(c *validate.Collector, field, text, def string) *template.Template {
	if text == "" {
		text = def
	}
	t, err := template.New(field).Option("missingkey=error").Parse(text)
	if err != nil {
		c.Add(field, kmswatch.RulePattern, "must be a valid text/template: %v", err)
		return nil
	}
	return t
}

// render executes t with data for the input field out, recording problems
// on path, the argument to blame. Output beyond 4 bytes per allowed
// character stops the template: such a name or description is too long
// whatever it holds, and a runaway {{range}} should not run on. When path
// already has a problem (an invalid key), that problem explains the length.
func render(c *validate.Collector, path, out string, t *template.Template, data any, maxChars int) string {
	if t == nil {
		return ""
	}
	w := &limitedWriter{max: 4 * maxChars}
	if err := t.Execute(w, data); err != nil {
		switch {
		case c.Has(path):
		case errors.Is(err, errTooLong):
			verb := "renders"
			if !strings.HasPrefix(path, "opts.") {
				verb = "makes the default template render" // the data argument is too long
			}
			c.Add(path, kmswatch.RuleLength, "%s %s longer than %d bytes, beyond the %d characters allowed", verb, out, w.max, maxChars)
		default:
			c.Add(path, kmswatch.RulePattern, "template failed: %v", err)
		}
		return ""
	}
	return w.b.String()
}

var errTooLong = errors.New("template output too long")

type limitedWriter struct {
	b   strings.Builder
	max int
}

func (w *limitedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.max {
		return 0, errTooLong
	}
	return w.b.Write(p)
}

// seconds converts a duration option to whole seconds, reporting
// sub-second parts and values outside int32 instead of truncating them.
func seconds(c *validate.Collector, field string, d time.Duration) int32 {
	switch {
	case d <= 0:
		c.Add(field, kmswatch.RuleRange, "must be positive, got %s", d)
		return 0
	case d%time.Second != 0:
		c.Add(field, kmswatch.RuleRange, "must be a whole number of seconds, got %s", d)
		return 0
	case d/time.Second > maxInt32:
		c.Add(field, kmswatch.RuleRange, "must be at most %d seconds, got %s", maxInt32, d)
		return 0
	}
	return int32(d / time.Second)
}

func clone[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append([]T(nil), s...)
}

// humanDuration renders d in the largest whole unit: "10d", "36h", "90m" or
// "45s".
func humanDuration(d time.Duration) string {
	for _, u := range []struct {
		d    time.Duration
		unit string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}} {
		if d%u.d == 0 {
			return itoa64(int64(d/u.d)) + u.unit
		}
	}
	return itoa64(int64(d/time.Second)) + "s"
}

// Names and defaults of the key-material expiry alarms.
const (
	// DefaultPrefix starts the default name of every alarm this package
	// builds for the AWS/KMS and AWS/Usage metrics.
	DefaultPrefix = "kmswatch-"
	// ExpiryPrefix starts the default name of every per-key expiry alarm.
	// Give it to a [Syncer] so that it owns exactly those alarms; no other
	// default name starts with it.
	ExpiryPrefix = DefaultPrefix + "key-material-expiry-"
	// DefaultExpiryName names the per-key alarm after its key.
	DefaultExpiryName = ExpiryPrefix + "{{.KeyID}}"
	// DefaultExpiryDescription says what the alarm means, including why it
	// fires when the metric stops.
	DefaultExpiryDescription = "Imported key material of KMS key {{.KeyID}} expires within {{.Within}} " +
		"(SecondsUntilKeyMaterialExpiration <= {{.Seconds}}), or has expired: KMS stops publishing the metric then, " +
		"and missing data counts as breaching."

	// DefaultFleetExpiryName names the single Metrics Insights alarm that
	// covers every key. It deliberately does not start with ExpiryPrefix,
	// so a Syncer owning the per-key alarms never deletes it.
	DefaultFleetExpiryName = DefaultPrefix + "all-keys-key-material-expiry"
	// DefaultFleetExpiryDescription describes the Metrics Insights alarm.
	DefaultFleetExpiryDescription = "Imported key material of at least one KMS key expires within {{.Within}} " +
		"(SecondsUntilKeyMaterialExpiration <= {{.Seconds}}); each key is a contributor."

	// DefaultExpiryWithin is the threshold of the documented recipe: 864000 seconds, 10
	// days (docs/reference.md#42-documented-alarm-recipes, 2016 KMS developer guide).
	DefaultExpiryWithin = 10 * 24 * time.Hour

	// DefaultExpiryPeriod and DefaultExpiryEvaluationPeriods follow the same
	// recipe: a 1-minute period, alarm after 1 consecutive period
	// (docs/reference.md#42-documented-alarm-recipes).
	DefaultExpiryPeriod            = time.Minute
	DefaultExpiryEvaluationPeriods = 1

	// DefaultExpiryTreatMissingData is breaching. KMS publishes
	// SecondsUntilKeyMaterialExpiration only while the key has key material that
	// expires; once the material has expired (or is deleted, or the key is deleted) the
	// metric stops. With notBreaching that silence would put the alarm back to OK
	// exactly when the key becomes unusable; with missing it would go to
	// INSUFFICIENT_DATA, which only notifies InsufficientDataActions, and few callers
	// set those. breaching keeps the alarm in ALARM while the key is broken, until a
	// [Syncer] removes the alarm once discovery no longer lists the key (ListMetrics
	// forgets a metric after two weeks without data, docs/reference.md#64-listmetrics).
	// The cost: an alarm created for a key that does not publish the metric is in ALARM
	// from the start, which is why per-key alarms should be driven by
	// metrics.DiscoverKeys; and if KMS published less often than once per Period the
	// alarm would flap, in which case raise EvaluationPeriods and set DatapointsToAlarm
	// below it (the publication interval is not documented,
	// docs/reference.md#69-metrics-insights-alarms).
	DefaultExpiryTreatMissingData = TreatMissingBreaching

	// fleetExpiryQueryID is the Id of the Metrics Insights query.
	fleetExpiryQueryID = "q1"
)

// ExpiryData is what the Name and Description templates of
// [KeyMaterialExpiry] are executed with.
type ExpiryData struct {
	// KeyID is the bare key id, as stored in the KeyId dimension.
	KeyID string
	// Within is the threshold in its largest whole unit, such as "10d".
	Within string
	// Seconds is the threshold in seconds, as sent to CloudWatch.
	Seconds int64
}

// FleetExpiryData is what the Name and Description templates of
// [FleetKeyMaterialExpiry] are executed with.
type FleetExpiryData struct {
	// Within is the threshold in its largest whole unit, such as "10d".
	Within string
	// Seconds is the threshold in seconds, as sent to CloudWatch.
	Seconds int64
}

func expiryDefaults() defaults {
	return defaults{
		name:              DefaultExpiryName,
		description:       DefaultExpiryDescription,
		period:            DefaultExpiryPeriod,
		evaluationPeriods: DefaultExpiryEvaluationPeriods,
		treatMissingData:  DefaultExpiryTreatMissingData,
	}
}

// KeyMaterialExpiry returns the alarm that fires when the imported key
// material of one key expires within the given duration: metric
// AWS/KMS SecondsUntilKeyMaterialExpiration for dimension KeyId, statistic
// Minimum (the earliest-expiring material counts), LessThanOrEqualToThreshold
// within in seconds (10 days → 864000). keyRef is a key id or key ARN; an ARN
// is reduced to the id CloudWatch stores (metrics.KeyID). within must be a
// positive whole number of seconds; [DefaultExpiryWithin] is the documented
// recipe's value.
//
// Defaults (each overridable through opts): name [DefaultExpiryName],
// description [DefaultExpiryDescription], period [DefaultExpiryPeriod],
// [DefaultExpiryEvaluationPeriods], DatapointsToAlarm equal to
// EvaluationPeriods, TreatMissingData [DefaultExpiryTreatMissingData]
// (breaching; its comment explains why), no actions.
//
// The input is validated with [ValidateAlarm] before it is returned; every
// problem comes back in one [*kmswatch.ValidationError], on the argument at
// fault: "keyRef", "within" or a field of opts such as "opts.Period" or
// "opts.AlarmActions[0]". A name or description too long only because of
// the key is blamed on "keyRef" unless opts sets that template.
// KeyMaterialExpiry is safe for concurrent use.
func KeyMaterialExpiry(keyRef string, within time.Duration, opts Options) (*cloudwatch.PutMetricAlarmInput, error) {
	c := validate.New("alarms.KeyMaterialExpiry")
	k := compile(c, &opts, expiryDefaults())
	secs := threshold(c, within)
	b := k.blame("keyRef", "within")
	in := k.expiry(c, b, keyRef, within, secs)
	return finish(c, in, b)
}

// KeyMaterialExpiries builds [KeyMaterialExpiry] for each key in keyRefs
// with the same within and options, parsing the templates once; this is the
// desired state a [Syncer] keeps in step, typically for the keys
// metrics.DiscoverKeys lists. Problems of all keys are reported together:
// those of one key on "keyRefs[i]", those of within and opts once. On any
// problem no inputs are returned. Repeated keys are reported, since they
// would map to one alarm. KeyMaterialExpiries is safe for concurrent use.
func KeyMaterialExpiries(keyRefs []string, within time.Duration, opts Options) ([]*cloudwatch.PutMetricAlarmInput, error) {
	c := validate.New("alarms.KeyMaterialExpiries")
	k := compile(c, &opts, expiryDefaults())
	secs := threshold(c, within)
	out := make([]*cloudwatch.PutMetricAlarmInput, 0, len(keyRefs))
	seen := make(map[string]int, len(keyRefs))
	shared := map[kmswatch.Problem]bool{}
	for i, ref := range keyRefs {
		field := index("keyRefs", i)
		b := k.blame(field, "within")
		kc := validate.New("")
		in := k.expiry(kc, b, ref, within, secs)
		blameInto(kc, ValidateAlarm(in), b.path, c)
		for _, p := range kc.Problems() {
			// Problems of within and opts are the same for every key:
			// report them once, not once per key.
			if !validate.Within(p.Field, field) {
				if shared[p] {
					continue
				}
				shared[p] = true
			}
			c.Add(p.Field, p.Rule, "%s", p.Message)
		}
		if name := aws.ToString(in.AlarmName); name != "" && !kc.Has(field) {
			if j, dup := seen[name]; dup {
				c.Add(field, kmswatch.RuleUnique, "gives alarm name %q, as keyRefs[%d] does", name, j)
			}
			seen[name] = i
		}
		out = append(out, in)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// placeholderKeyID stands in for an invalid key when the name and
// description are rendered, so that their templates are still checked
// without blaming the key's problem on them.
const placeholderKeyID = "00000000-0000-0000-0000-000000000000"

// expiry builds the per-key alarm; b.metric is the path of keyRef.
func (k *compiled) expiry(c *validate.Collector, b blame, keyRef string, within time.Duration, secs int64) *cloudwatch.PutMetricAlarmInput {
	m, err := metrics.SecondsUntilKeyMaterialExpiration(keyRef)
	keyID := placeholderKeyID
	if err != nil {
		c.MergeAs("keyRef", b.metric, err)
	} else {
		keyID, _ = m.Dimension(metrics.DimensionKeyID)
	}
	in := k.alarm(c, ExpiryData{KeyID: keyID, Within: humanDuration(within), Seconds: secs}, b)
	in.Period = aws.Int32(k.period)
	in.ComparisonOperator = types.ComparisonOperatorLessThanOrEqualToThreshold
	in.Threshold = aws.Float64(float64(secs))
	if err != nil {
		// Still describe the metric, without the key, so that ValidateAlarm
		// reports the problems that do not depend on the key as well.
		in.Namespace = aws.String(metrics.NamespaceKMS)
		in.MetricName = aws.String(metrics.MetricSecondsUntilKeyMaterialExpiration)
		in.Statistic = types.StatisticMinimum
		return in
	}
	sdk := m.SDK()
	in.Namespace = sdk.Namespace
	in.MetricName = sdk.MetricName
	in.Dimensions = sdk.Dimensions
	in.Statistic = m.Statistic()
	return in
}

// FleetKeyMaterialExpiry returns one Metrics Insights alarm that covers every key
// publishing SecondsUntilKeyMaterialExpiration, including keys created later
// (docs/reference.md#69-metrics-insights-alarms), as an alternative to one
// [KeyMaterialExpiry] alarm per key:
//
//	SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC
//
// with LessThanOrEqualToThreshold within in seconds. Each key is a
// contributor with its own state. The query comes from
// metrics.ExpiryInsights; see the package documentation for its limits and
// price compared with per-key alarms.
//
// Defaults (each overridable through o): name [DefaultFleetExpiryName],
// description [DefaultFleetExpiryDescription], period 60 s and 1 evaluation
// period as for the per-key alarm, TreatMissingData breaching. Missing data
// here means the query returned no series at all: no key has published the
// metric in the last 3 hours, which is what happens when the last key's
// material expired. In an account where no key is expected to publish it,
// that default keeps the alarm in ALARM; choose [TreatMissingNotBreaching]
// there. A key whose material expires drops out of the query result after 3
// hours rather than breaching, so this alarm catches keys before expiry (the
// threshold), not after. FleetKeyMaterialExpiry is safe for concurrent use.
func FleetKeyMaterialExpiry(within time.Duration, opts Options) (*cloudwatch.PutMetricAlarmInput, error) {
	c := validate.New("alarms.FleetKeyMaterialExpiry")
	// The per-key alarm's defaults but for the name and description.
	d := expiryDefaults()
	d.name, d.description = DefaultFleetExpiryName, DefaultFleetExpiryDescription
	k := compile(c, &opts, d)
	secs := threshold(c, within)
	b := k.blame("", "within")
	in := k.alarm(c, FleetExpiryData{Within: humanDuration(within), Seconds: secs}, b)
	q, err := metrics.ExpiryInsights().Query(fleetExpiryQueryID, time.Duration(k.period)*time.Second)
	if err != nil {
		if k.period > 0 {
			c.MergeAs("period", "opts.Period", err)
		}
		expr, _ := metrics.ExpiryInsights().Build()
		q = types.MetricDataQuery{Id: aws.String(fleetExpiryQueryID), Expression: aws.String(expr), Period: aws.Int32(k.period)}
	}
	q.ReturnData = aws.Bool(true)
	q.Label = aws.String(metrics.MetricSecondsUntilKeyMaterialExpiration)
	in.Metrics = []types.MetricDataQuery{q}
	in.ComparisonOperator = types.ComparisonOperatorLessThanOrEqualToThreshold
	in.Threshold = aws.Float64(float64(secs))
	return finish(c, in, b)
}

// threshold converts the within argument to whole seconds.
func threshold(c *validate.Collector, within time.Duration) int64 {
	switch {
	case within <= 0:
		c.Add("within", kmswatch.RuleRange, "must be positive, got %s", within)
	case within%time.Second != 0:
		c.Add("within", kmswatch.RuleRange, "must be a whole number of seconds, got %s", within)
	}
	return int64(within / time.Second)
}

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

// blame names the builder argument each field of the input it builds comes
// from, so that a problem [ValidateAlarm] finds in the input is reported on
// what the caller can change.
type blame struct {
	// name and description are "opts.Name" and "opts.Description", or the
	// data argument the default template renders when opts leaves it empty.
	name, description string
	// threshold is the argument the Threshold comes from.
	threshold string
	// datapoints is "opts.DatapointsToAlarm", or "opts.EvaluationPeriods"
	// when DatapointsToAlarm defaults to it.
	datapoints string
	// metric is the argument the metric's dimensions come from ("keyRef",
	// "resource"), or "" when the builder fixes the metric.
	metric string
	// metricName and namespace are set when opts names the metric.
	metricName, namespace string
}

// blame returns the blame of a builder whose name and description data
// come from the argument data ("" for none) and whose threshold comes from
// threshold.
func (k *compiled) blame(data, threshold string) blame {
	b := blame{name: "opts.Name", description: "opts.Description", threshold: threshold, metric: data,
		datapoints: "opts.DatapointsToAlarm"}
	if k.o.DatapointsToAlarm == 0 {
		b.datapoints = "opts.EvaluationPeriods"
	}
	if data != "" && k.o.Name == "" {
		b.name = data
	}
	if data != "" && k.o.Description == "" {
		b.description = data
	}
	return b
}

// path returns the argument path that field of the built input comes from,
// or "" when no argument decides it.
func (b blame) path(field string) string {
	root := field
	if i := strings.IndexAny(field, ".["); i >= 0 {
		root = field[:i]
	}
	switch root {
	case "AlarmName":
		return b.name
	case "AlarmDescription":
		return b.description
	case "Threshold":
		return b.threshold
	case "DatapointsToAlarm":
		return b.datapoints
	case "Period", "EvaluationPeriods", "TreatMissingData",
		"AlarmActions", "OKActions", "InsufficientDataActions", "Tags":
		return "opts." + field
	case "MetricName":
		return cmp.Or(b.metricName, b.metric)
	case "Namespace":
		return cmp.Or(b.namespace, b.metric)
	case "Dimensions":
		return b.metric
	case "Metrics":
		switch {
		case strings.HasSuffix(field, ".Period"):
			return "opts.Period"
		case strings.Contains(field, ".MetricStat.Metric."):
			return b.metric
		}
	}
	return ""
}

// finish validates in, adds its problems to c on the arguments b blames,
// and returns in or the error.
func finish(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput, b blame) (*cloudwatch.PutMetricAlarmInput, error) {
	blameInto(c, ValidateAlarm(in), b.path)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// blameInto adds the problems of err, found in a built input, to c on the
// argument paths that path gives for its fields, leaving out those on an argument that c (or
// explained) already has a problem with: that problem is the cause. A
// problem's message names the input field it was found on unless the path
// is opts' field of the same name.
func blameInto(c *validate.Collector, err error, path func(field string) string, explained ...*validate.Collector) {
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	known := append(explained, c)
	has := func(path string) bool {
		for _, k := range known {
			if k.Has(path) {
				return true
			}
		}
		return false
	}
	var add []kmswatch.Problem
	for _, p := range ve.Problems {
		to := path(p.Field)
		if to != "" && has(to) {
			continue
		}
		if !strings.HasSuffix(to, "."+p.Field) {
			p.Message = p.Field + " " + p.Message
		}
		p.Field = to
		add = append(add, p)
	}
	for _, p := range add {
		c.Add(p.Field, p.Rule, "%s", p.Message)
	}
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
