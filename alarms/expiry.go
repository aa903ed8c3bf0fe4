package alarms

import (
	"cmp"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
	"github.com/kmswatch/kmswatch/metrics"
)

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
		if name := deref(in.AlarmName); name != "" && !kc.Has(field) {
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
	k := compile(c, &opts, defaults{
		name:              DefaultFleetExpiryName,
		description:       DefaultFleetExpiryDescription,
		period:            DefaultExpiryPeriod,
		evaluationPeriods: DefaultExpiryEvaluationPeriods,
		treatMissingData:  DefaultExpiryTreatMissingData,
	})
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
