package alarms

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/insights"
	"github.com/kmswatch/kmswatch/internal/statistic"
	"github.com/kmswatch/kmswatch/internal/validate"
	"github.com/kmswatch/kmswatch/metrics"
)

// PutMetricAlarm limits (docs/reference.md#62-putmetricalarm and
// docs/reference.md#63-metricdataquery--getmetricdata; botocore 1.43.11 cloudwatch
// model; cloudwatch@v1.75.6 api_op_PutMetricAlarm.go). Every check below passes these
// to the validate package, which builds the message from them.
const (
	maxAlarmNameLen      = 255
	maxDescriptionLen    = 1024
	maxNameLen           = 255 // Namespace, MetricName, Dimension.Name
	maxDimensions        = 30
	maxDimensionValueLen = 1024
	maxMetricQueries     = 20
	maxMetricStats       = 10
	maxExpressions       = 10
	maxExpressionLen     = 2048
	maxIDLen             = 255 // MetricDataQuery.Id, ThresholdMetricId, AccountId
	maxTags              = 50
	maxTagKeyLen         = 128
	maxTagValueLen       = 256
	maxPromQLQueryLen    = 10000
	maxPromQLPeriod      = 86400
	minEvaluationPeriods = 1
	maxInt32             = math.MaxInt32

	// periodStep is the step of standard-resolution periods; highResPeriods
	// are the only other periods an alarm accepts.
	periodStep = 60
	// maxEvaluationRange bounds Period × EvaluationPeriods; alarms with
	// Period under shortPeriod are bounded by maxShortEvaluationRange.
	maxEvaluationRange      = 604800
	maxShortEvaluationRange = 86400
	shortPeriod             = 3600
	// maxInsightsEvaluationRange bounds Period × EvaluationPeriods of a
	// Metrics Insights alarm, which evaluates the last 3 hours only
	// (docs/reference.md#69-metrics-insights-alarms); CloudWatch rejects a longer window with
	// "MetricsInsights monitors cannot be checked across more than 3 hours".
	maxInsightsEvaluationRange = 3 * 3600

	minEvaluationInterval = 10
	maxEvaluationInterval = 3600

	anomalyBandFunction = "ANOMALY_DETECTION_BAND"
)

var highResPeriods = []int32{10, 20, 30}

// The SDK's enum values as strings, computed once: Values() allocates.
var (
	statisticValues  = validate.Strings(types.Statistic("").Values())
	unitValues       = validate.Strings(types.StandardUnit("").Values())
	comparisonValues = validate.Strings(types.ComparisonOperator("").Values())
)

var (
	// namespaceRE is the model's Namespace pattern `[^:].*`: it must not
	// start with a colon.
	namespaceRE = regexp.MustCompile(`^[^:]`)
	// queryIDRE is MetricDataQuery.Id: a lowercase letter, then letters,
	// digits and underscores (docs/reference.md#63-metricdataquery--getmetricdata).
	queryIDRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)
)

// Anomaly-detection comparison operators; every other operator is static
// (docs/reference.md#62-putmetricalarm).
var anomalyOperators = []types.ComparisonOperator{
	types.ComparisonOperatorLessThanLowerOrGreaterThanUpperThreshold,
	types.ComparisonOperatorLessThanLowerThreshold,
	types.ComparisonOperatorGreaterThanUpperThreshold,
}

// ValidateAlarm checks in against the rules CloudWatch applies to PutMetricAlarm
// (docs/reference.md#62-putmetricalarm and
// docs/reference.md#63-metricdataquery--getmetricdata) and returns nil or a
// [*kmswatch.ValidationError] listing every problem, each naming the rule and the field
// of in as a path such as "Period" or "Metrics[1].MetricStat.Period". It checks what
// the SDK's own client-side validation does not: lengths and patterns, valid periods,
// the evaluation-range limits, M-of-N, the exclusive MetricName / Metrics /
// EvaluationCriteria forms, statistic versus extended statistic, metric-math ids and
// ReturnData, threshold versus ThresholdMetricId, action ARN shapes and their
// restrictions, tags, TreatMissingData and units. For the KMS metrics it also checks
// the unit and the threshold's sign.
//
// Every builder in this package calls it; call it yourself after changing a
// built input or when building one by hand. ValidateAlarm does not modify in
// and is safe for concurrent use.
func ValidateAlarm(in *cloudwatch.PutMetricAlarmInput) error {
	return validate.Input("cloudwatch.PutMetricAlarmInput", in, checkAlarm)
}

func checkAlarm(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput) {
	c.Required("AlarmName", in.AlarmName != nil)
	if in.AlarmName != nil {
		c.Length("AlarmName", *in.AlarmName, 1, maxAlarmNameLen)
		c.NoControl("AlarmName", *in.AlarmName)
	}
	if in.AlarmDescription != nil {
		c.MaxLength("AlarmDescription", *in.AlarmDescription, maxDescriptionLen)
	}

	single := in.MetricName != nil
	math := len(in.Metrics) > 0
	promQL := in.EvaluationCriteria != nil
	switch n := count(single, math, promQL); {
	case n == 0:
		c.Add("MetricName", kmswatch.RuleRequired, "one of MetricName, Metrics or EvaluationCriteria is required")
	case n > 1:
		c.Add("MetricName", kmswatch.RuleCombination, "exactly one of MetricName, Metrics or EvaluationCriteria may be set, got %d", n)
	}

	var period int32 // the period the evaluation range is computed from
	switch {
	case count(single, math, promQL) > 1:
		// Which form was meant is unknown; its own rules would only add noise.
	case single:
		period = checkSingleMetric(c, in)
	case math:
		period = checkMetricMath(c, in)
	case promQL:
		checkPromQL(c, in)
	}
	if !promQL {
		checkEvaluation(c, in, period)
		c.Forbidden("EvaluationInterval", in.EvaluationInterval != nil, "unless EvaluationCriteria is set")
	}
	if in.TreatMissingData != nil {
		c.Enum("TreatMissingData", *in.TreatMissingData, treatMissingValues...)
	}
	if in.Unit != "" {
		c.Enum("Unit", string(in.Unit), unitValues...)
	}

	kind := alarmKind{math: math, anomaly: in.ThresholdMetricId != nil}
	checkActions(c, "AlarmActions", in.AlarmActions, true, kind)
	checkActions(c, "OKActions", in.OKActions, false, kind)
	checkActions(c, "InsufficientDataActions", in.InsufficientDataActions, false, kind)
	checkTags(c, in.Tags)
	if w := in.WarmUpConfiguration; w != nil {
		c.Required("WarmUpConfiguration.WarmUpPeriodDurationInMinutes", w.WarmUpPeriodDurationInMinutes != nil)
		if w.WarmUpPeriodDurationInMinutes != nil {
			c.Range("WarmUpConfiguration.WarmUpPeriodDurationInMinutes", int64(*w.WarmUpPeriodDurationInMinutes), 1, maxInt32)
		}
	}
	if a := in.ActionConfiguration; a != nil && a.AlarmTagsPropagation != nil {
		c.Required("ActionConfiguration.AlarmTagsPropagation.Enabled", a.AlarmTagsPropagation.Enabled != nil)
	}
}

// checkSingleMetric checks the MetricName form and returns its period.
func checkSingleMetric(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput) int32 {
	c.Length("MetricName", *in.MetricName, 1, maxNameLen)
	c.Required("Namespace", in.Namespace != nil)
	if in.Namespace != nil {
		checkNamespace(c, "Namespace", *in.Namespace)
	}
	checkDimensions(c, "Dimensions", in.Dimensions)

	hasStat, hasExt := in.Statistic != "", in.ExtendedStatistic != nil
	switch {
	case hasStat && hasExt:
		c.Add("ExtendedStatistic", kmswatch.RuleCombination, "must not be set together with Statistic")
	case !hasStat && !hasExt:
		c.Add("Statistic", kmswatch.RuleRequired, "one of Statistic or ExtendedStatistic is required with MetricName")
	case hasStat:
		c.Enum("Statistic", string(in.Statistic), statisticValues...)
	default:
		checkExtendedStatistic(c, "ExtendedStatistic", *in.ExtendedStatistic, false)
	}
	if in.EvaluateLowSampleCountPercentile != nil {
		c.Forbidden("EvaluateLowSampleCountPercentile", !hasExt, "unless ExtendedStatistic (a percentile) is set")
		c.Enum("EvaluateLowSampleCountPercentile", *in.EvaluateLowSampleCountPercentile, "evaluate", "ignore")
	}

	c.Required("Period", in.Period != nil)
	var period int32
	if in.Period != nil {
		period = *in.Period
		checkPeriod(c, "Period", period)
	}
	checkKnownMetric(c, in)
	return period
}

// checkKnownMetric applies what docs/reference.md#41-metrics says about the KMS
// metrics: every AWS/KMS and AWS/Usage metric counts something (requests, seconds,
// days, milliseconds), so its value is never negative and a negative threshold could
// never be crossed from below or always is from above; and
// SecondsUntilKeyMaterialExpiration is published in Seconds only
// (docs/reference.md#41-metrics), so any other unit filters every datapoint out.
func checkKnownMetric(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput) {
	ns := aws.ToString(in.Namespace)
	if ns != metrics.NamespaceKMS && ns != metrics.NamespaceUsage {
		return
	}
	if in.Threshold != nil && *in.Threshold < 0 {
		c.Add("Threshold", kmswatch.RuleRange, "must not be negative for %s metrics, whose values are never negative, got %g", ns, *in.Threshold)
	}
	if ns == metrics.NamespaceKMS && aws.ToString(in.MetricName) == metrics.MetricSecondsUntilKeyMaterialExpiration && in.Unit != "" {
		c.Enum("Unit", string(in.Unit), string(types.StandardUnitSeconds))
	}
}

// checkMetricMath checks the Metrics form and returns the period of its
// metrics.
func checkMetricMath(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput) int32 {
	const why = "when Metrics is set; put it in the Metrics items instead"
	c.Forbidden("Namespace", in.Namespace != nil, why)
	c.Forbidden("Dimensions", len(in.Dimensions) > 0, why)
	c.Forbidden("Period", in.Period != nil, why)
	c.Forbidden("Unit", in.Unit != "", why)
	c.Forbidden("Statistic", in.Statistic != "", why)
	c.Forbidden("ExtendedStatistic", in.ExtendedStatistic != nil, why)
	c.Forbidden("EvaluateLowSampleCountPercentile", in.EvaluateLowSampleCountPercentile != nil, why)

	c.Count("Metrics", len(in.Metrics), 1, maxMetricQueries)
	ids := make(map[string]int, len(in.Metrics))
	var stats, exprs, returned int
	var period, returnedPeriod int32
	anomalyIDs := map[string]bool{}
	for i, q := range in.Metrics {
		f := index("Metrics", i)
		c.Required(f+".Id", q.Id != nil)
		if q.Id != nil {
			c.Length(f+".Id", *q.Id, 1, maxIDLen)
			c.Pattern(f+".Id", *q.Id, queryIDRE)
			if j, dup := ids[*q.Id]; dup {
				c.Add(f+".Id", kmswatch.RuleUnique, "duplicates Metrics[%d].Id %q", j, *q.Id)
			} else {
				ids[*q.Id] = i
			}
		}
		if q.AccountId != nil {
			c.Length(f+".AccountId", *q.AccountId, 1, maxIDLen)
		}
		hasExpr, hasStat := q.Expression != nil, q.MetricStat != nil
		if hasExpr == hasStat {
			c.Add(f, kmswatch.RuleCombination, "exactly one of Expression or MetricStat must be set")
		}
		var p int32
		if hasExpr {
			exprs++
			c.Length(f+".Expression", *q.Expression, 1, maxExpressionLen)
			if insights.IsQuery(*q.Expression) {
				// The parser the CloudWatch fake uses, so both reject the
				// same queries (for example LIMIT 501, or FROM AWS/KMS
				// unquoted).
				if _, err := insights.Parse(*q.Expression); err != nil {
					c.Add(f+".Expression", kmswatch.RulePattern, "must be a valid Metrics Insights query: %v", err)
				}
			}
			if strings.Contains(*q.Expression, anomalyBandFunction) && q.Id != nil {
				anomalyIDs[*q.Id] = true
			}
			if q.Period != nil {
				p = *q.Period
				checkPeriod(c, f+".Period", p)
			}
		}
		if hasStat {
			stats++
			p = checkMetricStat(c, f+".MetricStat", q.MetricStat)
			if period == 0 {
				period = p
			} else if p != 0 && p != period {
				c.Add(f+".MetricStat.Period", kmswatch.RuleCombination, "must equal the period of the alarm's other metrics (%d), got %d", period, p)
			}
		}
		if q.ReturnData == nil || *q.ReturnData { // ReturnData defaults to true
			returned++
			returnedPeriod = p
		}
	}
	if stats > maxMetricStats {
		c.Add("Metrics", kmswatch.RuleCount, "must hold at most %d items with MetricStat, got %d", maxMetricStats, stats)
	}
	if exprs > maxExpressions {
		c.Add("Metrics", kmswatch.RuleCount, "must hold at most %d items with Expression, got %d", maxExpressions, exprs)
	}
	// An anomaly-detection alarm returns the band and the metric it bands
	// (PutMetricAlarm API reference example); any other alarm one series.
	wantReturned := 1
	if in.ThresholdMetricId != nil {
		wantReturned = 2
	}
	if returned != wantReturned {
		c.Add("Metrics", kmswatch.RuleCount, "exactly %d item(s) must have ReturnData true (it defaults to true when unset), got %d", wantReturned, returned)
	}
	if id := in.ThresholdMetricId; id != nil && !anomalyIDs[*id] {
		c.Add("ThresholdMetricId", kmswatch.RuleCombination, "must be the Id of a Metrics item whose Expression uses %s, got %q", anomalyBandFunction, *id)
	}
	if returnedPeriod != 0 {
		return returnedPeriod
	}
	return period
}

func checkMetricStat(c *validate.Collector, field string, s *types.MetricStat) int32 {
	c.Required(field+".Metric", s.Metric != nil)
	if m := s.Metric; m != nil {
		c.Required(field+".Metric.Namespace", m.Namespace != nil)
		if m.Namespace != nil {
			checkNamespace(c, field+".Metric.Namespace", *m.Namespace)
		}
		c.Required(field+".Metric.MetricName", m.MetricName != nil)
		if m.MetricName != nil {
			c.Length(field+".Metric.MetricName", *m.MetricName, 1, maxNameLen)
		}
		checkDimensions(c, field+".Metric.Dimensions", m.Dimensions)
	}
	c.Required(field+".Stat", s.Stat != nil)
	if s.Stat != nil && !slices.Contains(statisticValues, *s.Stat) {
		checkExtendedStatistic(c, field+".Stat", *s.Stat, true)
	}
	if s.Unit != "" {
		c.Enum(field+".Unit", string(s.Unit), unitValues...)
	}
	c.Required(field+".Period", s.Period != nil)
	if s.Period == nil {
		return 0
	}
	checkPeriod(c, field+".Period", *s.Period)
	return *s.Period
}

// checkPromQL checks the EvaluationCriteria form.
func checkPromQL(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput) {
	const why = "when EvaluationCriteria is set; the PromQL criteria define the evaluation"
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"Namespace", in.Namespace != nil},
		{"Dimensions", len(in.Dimensions) > 0},
		{"Period", in.Period != nil},
		{"Unit", in.Unit != ""},
		{"Statistic", in.Statistic != ""},
		{"ExtendedStatistic", in.ExtendedStatistic != nil},
		{"Threshold", in.Threshold != nil},
		{"ComparisonOperator", in.ComparisonOperator != ""},
		{"ThresholdMetricId", in.ThresholdMetricId != nil},
		{"EvaluationPeriods", in.EvaluationPeriods != nil},
		{"DatapointsToAlarm", in.DatapointsToAlarm != nil},
		{"TreatMissingData", in.TreatMissingData != nil},
		{"EvaluationWindow", in.EvaluationWindow != nil},
	} {
		c.Forbidden(f.name, f.set, why)
	}
	c.Required("EvaluationInterval", in.EvaluationInterval != nil)
	if in.EvaluationInterval != nil {
		v := *in.EvaluationInterval
		c.Range("EvaluationInterval", int64(v), minEvaluationInterval, maxEvaluationInterval)
		checkPeriod(c, "EvaluationInterval", v)
	}
	p, ok := in.EvaluationCriteria.(*types.EvaluationCriteriaMemberPromQLCriteria)
	if !ok {
		c.Add("EvaluationCriteria", kmswatch.RuleEnum, "must be PromQLCriteria, got %T", in.EvaluationCriteria)
		return
	}
	const f = "EvaluationCriteria.PromQLCriteria"
	c.Required(f+".Query", p.Value.Query != nil)
	if p.Value.Query != nil {
		c.Length(f+".Query", *p.Value.Query, 1, maxPromQLQueryLen)
	}
	if v := p.Value.PendingPeriod; v != nil {
		c.Range(f+".PendingPeriod", int64(*v), 0, maxPromQLPeriod)
	}
	if v := p.Value.RecoveryPeriod; v != nil {
		c.Range(f+".RecoveryPeriod", int64(*v), 0, maxPromQLPeriod)
	}
}

// checkEvaluation checks comparison, threshold, M-of-N and the evaluation
// range of a MetricName or Metrics alarm.
func checkEvaluation(c *validate.Collector, in *cloudwatch.PutMetricAlarmInput, period int32) {
	c.Required("ComparisonOperator", in.ComparisonOperator != "")
	anomaly := false
	if in.ComparisonOperator != "" {
		c.Enum("ComparisonOperator", string(in.ComparisonOperator), comparisonValues...)
		for _, op := range anomalyOperators {
			anomaly = anomaly || in.ComparisonOperator == op
		}
	}
	if anomaly {
		c.Forbidden("Threshold", in.Threshold != nil, "with an anomaly-detection ComparisonOperator; set ThresholdMetricId")
		c.Required("ThresholdMetricId", in.ThresholdMetricId != nil)
	} else {
		c.Required("Threshold", in.Threshold != nil)
		c.Forbidden("ThresholdMetricId", in.ThresholdMetricId != nil, "with a static-threshold ComparisonOperator; set Threshold")
	}
	if in.ThresholdMetricId != nil {
		c.Length("ThresholdMetricId", *in.ThresholdMetricId, 1, maxIDLen)
	}
	if t := in.Threshold; t != nil && (math.IsNaN(*t) || math.IsInf(*t, 0)) {
		c.Add("Threshold", kmswatch.RuleRange, "must be a finite number, got %g", *t)
	}

	c.Required("EvaluationPeriods", in.EvaluationPeriods != nil)
	if in.EvaluationPeriods == nil {
		return
	}
	n := *in.EvaluationPeriods
	c.Range("EvaluationPeriods", int64(n), minEvaluationPeriods, maxInt32)
	if m := in.DatapointsToAlarm; m != nil {
		c.Range("DatapointsToAlarm", int64(*m), minEvaluationPeriods, int64(max(n, minEvaluationPeriods)))
	}
	if period <= 0 || n < minEvaluationPeriods {
		return
	}
	limit := int64(maxEvaluationRange)
	qualifier := "at least"
	if period < shortPeriod {
		limit, qualifier = maxShortEvaluationRange, "under"
	}
	total := int64(period) * int64(n)
	if total > limit {
		c.Add("EvaluationPeriods", kmswatch.RuleRange,
			"Period × EvaluationPeriods must be at most %d seconds when the period is %s %d seconds, got %d × %d = %d",
			limit, qualifier, shortPeriod, period, n, total)
	}
	if total > maxInsightsEvaluationRange && slices.ContainsFunc(in.Metrics, func(q types.MetricDataQuery) bool {
		return q.Expression != nil && insights.IsQuery(*q.Expression)
	}) {
		c.Add("EvaluationPeriods", kmswatch.RuleRange,
			"Period × EvaluationPeriods must be at most %d seconds for a Metrics Insights alarm (MetricsInsights monitors cannot be checked across more than 3 hours), got %d × %d = %d",
			maxInsightsEvaluationRange, period, n, total)
	}
}

// extendedForms names the documented extended statistic forms in messages.
const extendedForms = "pN, tmN, wmN, tcN, tsN, IQM, or TM, WM, TC, TS, PR with a range (lower:upper)"

// checkExtendedStatistic checks an extended statistic against the
// documented grammar (internal/statistic: the CloudWatch statistics
// definitions page and PutMetricAlarmInput.ExtendedStatistic); basic
// says whether the field also takes the basic statistics.
func checkExtendedStatistic(c *validate.Collector, field, stat string, basic bool) {
	if _, err := statistic.Parse(stat); err != nil {
		if basic {
			c.Add(field, kmswatch.RulePattern, "must be one of %s or an extended statistic (%s), got %v", strings.Join(statisticValues, ", "), extendedForms, err)
			return
		}
		c.Add(field, kmswatch.RulePattern, "must be an extended statistic (%s), got %v", extendedForms, err)
	}
}

// checkPeriod checks a period against the values CloudWatch alarms accept: 10, 20, 30
// (high resolution) or a multiple of 60 seconds (docs/reference.md#62-putmetricalarm).
func checkPeriod(c *validate.Collector, field string, p int32) {
	if p > 0 && p%periodStep == 0 {
		return
	}
	for _, h := range highResPeriods {
		if p == h {
			return
		}
	}
	c.Add(field, kmswatch.RuleRange, "must be %s or a positive multiple of %d seconds, got %d", joinInts(highResPeriods), periodStep, p)
}

func checkNamespace(c *validate.Collector, field, ns string) {
	c.Length(field, ns, 1, maxNameLen)
	if ns != "" {
		c.Pattern(field, ns, namespaceRE)
	}
}

func checkDimensions(c *validate.Collector, field string, dims []types.Dimension) {
	c.Count(field, len(dims), 0, maxDimensions)
	for i, d := range dims {
		// Field names are built only for a dimension with a problem: this
		// runs for every alarm a plan validates.
		dup := d.Name != nil && slices.ContainsFunc(dims[:i], func(e types.Dimension) bool { return aws.ToString(e.Name) == *d.Name })
		if !dup && d.Name != nil && d.Value != nil && lengthOK(*d.Name, 1, maxNameLen) && lengthOK(*d.Value, 1, maxDimensionValueLen) {
			continue
		}
		f := index(field, i)
		c.Required(f+".Name", d.Name != nil)
		if d.Name != nil {
			c.Length(f+".Name", *d.Name, 1, maxNameLen)
			if dup {
				c.Add(f+".Name", kmswatch.RuleUnique, "duplicates an earlier dimension %q", *d.Name)
			}
		}
		c.Required(f+".Value", d.Value != nil)
		if d.Value != nil {
			c.Length(f+".Value", *d.Value, 1, maxDimensionValueLen)
		}
	}
}

// lengthOK reports whether validate's Length check would pass.
func lengthOK(s string, min, max int) bool {
	n := utf8.RuneCountInString(s)
	return n >= min && n <= max && utf8.ValidString(s)
}

func checkTags(c *validate.Collector, tags []types.Tag) {
	c.Count("Tags", len(tags), 0, maxTags)
	for i, t := range tags {
		f := index("Tags", i)
		c.Required(f+".Key", t.Key != nil)
		if t.Key != nil {
			c.Length(f+".Key", *t.Key, 1, maxTagKeyLen)
		}
		c.Required(f+".Value", t.Value != nil)
		if t.Value != nil {
			c.MaxLength(f+".Value", *t.Value, maxTagValueLen)
		}
	}
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// index returns "field[i]". Validation names list elements whether or not
// they have a problem, so the common names are built once.
func index(field string, i int) string {
	if names, ok := indexNames[field]; ok && i < len(names) {
		return names[i]
	}
	return field + "[" + strconv.Itoa(i) + "]"
}

var indexNames = func() map[string][]string {
	m := map[string][]string{}
	for _, f := range []string{"AlarmActions", "OKActions", "InsufficientDataActions", "Dimensions", "Metrics", "Tags",
		"Metrics[0].MetricStat.Metric.Dimensions", "Metrics[1].MetricStat.Metric.Dimensions"} {
		for i := range maxDimensions {
			m[f] = append(m[f], f+"["+strconv.Itoa(i)+"]")
		}
	}
	return m
}()

func joinInts(vs []int32) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}
