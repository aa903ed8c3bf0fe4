package cloudwatchtest

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/kmswatch/kmswatch/events"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/insights"
)

// actionARN matches the action ARNs PutMetricAlarm accepts
// (docs/reference.md#62-putmetricalarm); the aiops investigation group is valid in
// AlarmActions only.
var (
	actionARN = regexp.MustCompile(`^arn:aws[a-z-]*:(` +
		`automate:[a-z0-9-]+:ec2:(stop|terminate|reboot|recover)` +
		`|swf:[a-z0-9-]+:[0-9]{12}:action/actions/AWS_EC2\.InstanceId\.(Stop|Terminate|Reboot|Recover)/1\.0` +
		`|autoscaling:[a-z0-9-]+:[0-9]{12}:scalingPolicy:.+` +
		`|lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?` +
		`|sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+` +
		`|ssm:[a-z0-9-]+:[0-9]{12}:opsitem:[0-9]+(#CATEGORY=.+)?` +
		`|ssm-incidents::[0-9]{12}:responseplan/.+` +
		`)$`)
	aiopsARN = regexp.MustCompile(`^arn:aws[a-z-]*:aiops:[a-z0-9-]+:[0-9]{12}:investigation-group:[A-Za-z0-9]+$`)
)

// putMetricAlarm stores the alarm of in, decoded from a request body of
// size bytes.
func (s *Server) putMetricAlarm(in *putMetricAlarmInput, size int) (any, *apiError) {
	var p problems
	if size > maxAlarmPayload {
		p.add(codeValidationError, "The request payload is %d bytes; PutMetricAlarm accepts at most %d.", size, maxAlarmPayload)
	}
	validatePutMetricAlarm(&p, in)
	if err := p.err(); err != nil {
		return nil, err
	}
	a := alarmOf(&in.alarmConfig)
	a.ARN = fmt.Sprintf("arn:%s:cloudwatch:%s:%s:alarm:%s", events.PartitionOf(s.base.Region()), s.base.Region(), s.base.Account(), a.Name)
	s.mu.Lock()
	defer s.unlock()
	if s.eng.Alarm(a.Name) == nil && a.Insights() && s.eng.InsightsAlarms() >= maxInsightsAlarms {
		return nil, &apiError{Status: http.StatusBadRequest, Code: codeLimitExceeded,
			Message: fmt.Sprintf("The maximum of %d Metrics Insights alarms per Region has been reached.", maxInsightsAlarms)}
	}
	s.eng.PutAlarm(a)
	return struct{}{}, nil
}

func (in *alarmConfig) isInsights() bool {
	return slices.ContainsFunc(in.Metrics, func(q wireQuery) bool {
		return q.Expression != nil && insights.IsQuery(*q.Expression)
	})
}

func validatePutMetricAlarm(p *problems, in *putMetricAlarmInput) {
	if p.checkRequired("AlarmName", in.AlarmName != nil) {
		p.checkLen("AlarmName", *in.AlarmName, 1, maxNameLen)
		if hasControl(*in.AlarmName) {
			p.add(codeInvalidParameterValue, "The value for parameter AlarmName contains ASCII control characters.")
		}
	}
	if in.AlarmDescription != nil {
		p.checkLen("AlarmDescription", *in.AlarmDescription, 0, maxDescriptionLen)
	}
	p.checkActions("OKActions", in.OKActions, false)
	p.checkActions("AlarmActions", in.AlarmActions, true)
	p.checkActions("InsufficientDataActions", in.InsufficientDataActions, false)
	p.checkTags(in.Tags)

	kinds := 0
	for _, set := range []bool{in.MetricName != nil, len(in.Metrics) > 0, in.EvaluationCriteria != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		p.add(codeInvalidParameterCombination, msgExactlyOne, "MetricName, Metrics and EvaluationCriteria")
	}
	var period int32
	switch {
	case in.EvaluationCriteria != nil:
		p.checkPromQLAlarm(in)
	case len(in.Metrics) > 0:
		period = p.checkMathAlarm(in)
	case in.MetricName != nil:
		period = p.checkSingleMetricAlarm(in)
	}
	if in.EvaluationCriteria == nil {
		p.checkThreshold(in, period)
		if in.EvaluationInterval != nil {
			p.add(codeInvalidParameterCombination, "The parameter EvaluationInterval can be used only with EvaluationCriteria.")
		}
	}
	if in.TreatMissingData != nil {
		p.checkLen("TreatMissingData", *in.TreatMissingData, 1, maxNameLen)
		p.checkEnum("TreatMissingData", *in.TreatMissingData, treatMissing)
	}
	if in.EvaluateLowSampleCountPercentile != nil {
		v := *in.EvaluateLowSampleCountPercentile
		p.checkLen("EvaluateLowSampleCountPercentile", v, 1, maxNameLen)
		p.checkEnum("EvaluateLowSampleCountPercentile", v, lowSampleValues)
		if in.ExtendedStatistic == nil {
			p.add(codeInvalidParameterCombination, "The parameter EvaluateLowSampleCountPercentile can be used only with a percentile ExtendedStatistic.")
		}
	}
	if w := in.EvaluationWindow; w != nil {
		if (w.WallClockWindow == nil) == (w.SlidingWindow == nil) {
			p.add(codeInvalidParameterValue, msgExactlyOne, "EvaluationWindow.WallClockWindow and EvaluationWindow.SlidingWindow")
		}
		if in.EvaluationCriteria != nil {
			p.add(codeInvalidParameterCombination, msgMutuallyExcl, "EvaluationWindow", "EvaluationCriteria")
		}
	}
	if w := in.WarmUpConfiguration; w != nil {
		if p.checkRequired("WarmUpConfiguration.WarmUpPeriodDurationInMinutes", w.WarmUpPeriodDurationInMinutes != nil) {
			p.checkMin("WarmUpConfiguration.WarmUpPeriodDurationInMinutes", int64(*w.WarmUpPeriodDurationInMinutes), 1)
		}
	}
	if c := in.ActionConfiguration; c != nil && c.AlarmTagsPropagation != nil {
		p.checkRequired("ActionConfiguration.AlarmTagsPropagation.Enabled", c.AlarmTagsPropagation.Enabled != nil)
	}
}

func (p *problems) checkActions(path string, arns []string, alarmActions bool) {
	p.checkSize(path, len(arns), maxActions)
	for i, arn := range arns {
		mp := member(path, i)
		p.checkLen(mp, arn, 1, maxActionLen)
		if !actionARN.MatchString(arn) && !(alarmActions && aiopsARN.MatchString(arn)) {
			p.add(codeValidationError, "Invalid action ARN '%s' at '%s': use an SNS topic, Lambda function, Auto Scaling policy, EC2 action, SSM OpsItem or Incident Manager response plan ARN.", truncate(arn), mp)
		}
	}
}

func (p *problems) checkTags(tags []wireTag) {
	p.checkSize("Tags", len(tags), maxTags)
	for i, t := range tags {
		mp := member("Tags", i)
		if p.checkRequired(mp+".Key", t.Key != nil) {
			p.checkLen(mp+".Key", *t.Key, 1, maxTagKeyLen)
		}
		if p.checkRequired(mp+".Value", t.Value != nil) {
			p.checkLen(mp+".Value", *t.Value, 0, maxTagValueLen)
		}
	}
}

// checkSingleMetricAlarm validates an alarm on MetricName and returns its
// period.
func (p *problems) checkSingleMetricAlarm(in *putMetricAlarmInput) int32 {
	p.checkName("MetricName", in.MetricName)
	p.checkNamespace("Namespace", in.Namespace)
	p.checkDimensions("Dimensions", in.Dimensions)
	switch {
	case (in.Statistic == nil) == (in.ExtendedStatistic == nil):
		p.add(codeInvalidParameterCombination, msgExactlyOne, "Statistic and ExtendedStatistic")
	case in.Statistic != nil:
		p.checkEnum("Statistic", *in.Statistic, statisticValues)
	default:
		// Every documented extended statistic: pN, tmN, wmN, tcN, tsN,
		// IQM and TM, WM, TC, TS, PR ranges (internal/statistic, from the
		// statistics definitions page and PutMetricAlarmInput.ExtendedStatistic).
		if _, err := engine.Extended(*in.ExtendedStatistic); err != nil {
			p.add(codeInvalidParameterValue, msgInvalidValue, truncate(*in.ExtendedStatistic), "ExtendedStatistic ("+err.Error()+")")
		}
	}
	if in.Unit != nil {
		p.checkEnum("Unit", *in.Unit, unitValues)
	}
	if !p.checkRequired("Period", in.Period != nil) {
		return 0
	}
	p.checkMin("Period", int64(*in.Period), 1)
	if !validAlarmPeriod(*in.Period) {
		p.add(codeInvalidParameterValue, "The value %d for parameter Period is not valid: use 10, 20, 30 or a multiple of 60.", *in.Period)
		return 0
	}
	return *in.Period
}

// setMember is a member of a request and whether it is set.
type setMember struct {
	name string
	set  bool
}

// singleMetricMembers are the members of a single-metric alarm that an
// alarm on Metrics or EvaluationCriteria must not set.
func singleMetricMembers(in *putMetricAlarmInput) []setMember {
	return []setMember{
		{"Namespace", in.Namespace != nil}, {"Dimensions", len(in.Dimensions) > 0},
		{"Period", in.Period != nil}, {"Unit", in.Unit != nil},
		{"Statistic", in.Statistic != nil}, {"ExtendedStatistic", in.ExtendedStatistic != nil},
	}
}

// checkExclusive records an InvalidParameterCombination for each member
// that is set alongside with.
func (p *problems) checkExclusive(with string, members []setMember) {
	for _, m := range members {
		if m.set {
			p.add(codeInvalidParameterCombination, msgMutuallyExcl, m.name, with)
		}
	}
}

// checkMathAlarm validates an alarm on Metrics and returns the period of
// the query that returns data.
func (p *problems) checkMathAlarm(in *putMetricAlarmInput) int32 {
	p.checkExclusive("Metrics", singleMetricMembers(in))
	p.checkSize("Metrics", len(in.Metrics), maxAlarmQueries)
	ids := map[string]bool{}
	var stats, exprs, returning int
	var period, statPeriod int32
	for i, q := range in.Metrics {
		path := member("Metrics", i)
		p.checkQueryID(path+".Id", q.ID, ids)
		if q.AccountID != nil {
			// MetricDataQuery.AccountId is the model's AccountId shape,
			// 1–255 characters (botocore cloudwatch service-2.json).
			p.checkLen(path+".AccountId", *q.AccountID, 1, maxNameLen)
		}
		returns := q.ReturnData == nil || *q.ReturnData
		qPeriod := deref(q.Period)
		switch {
		case (q.Expression == nil) == (q.MetricStat == nil):
			p.add(codeInvalidParameterCombination, msgExactlyOne, path+".Expression and "+path+".MetricStat")
		case q.MetricStat != nil:
			stats++
			p.checkMetricStat(path+".MetricStat", q.MetricStat, validAlarmPeriod)
			qPeriod = deref(q.MetricStat.Period)
			if statPeriod != 0 && qPeriod != statPeriod {
				p.add(codeInvalidParameterCombination, "The metrics of an alarm must share one period: %s is %d, an earlier one is %d.", path+".MetricStat.Period", qPeriod, statPeriod)
			}
			statPeriod = qPeriod
		default:
			exprs++
			p.checkLen(path+".Expression", *q.Expression, 1, maxExpressionLen)
			if insights.IsQuery(*q.Expression) {
				if _, err := insights.Parse(*q.Expression); err != nil {
					p.add(codeValidationError, "%s: %v", path+".Expression", err)
				}
			}
		}
		if q.Period != nil && !validAlarmPeriod(*q.Period) {
			p.add(codeInvalidParameterValue, "The value %d for parameter %s is not valid: use 10, 20, 30 or a multiple of 60.", *q.Period, path+".Period")
		}
		if returns {
			returning++
			period = qPeriod
		}
	}
	if stats > maxAlarmStatQueries {
		p.add(codeValidationError, "The alarm uses %d metrics with MetricStat; at most %d are allowed.", stats, maxAlarmStatQueries)
	}
	if exprs > maxAlarmExprQueries {
		p.add(codeValidationError, "The alarm uses %d expressions; at most %d are allowed.", exprs, maxAlarmExprQueries)
	}
	// An anomaly detection alarm returns both the metric and its band, as
	// in the PutMetricAlarm API reference example (ReturnData true on m1 and
	// on ad1, ThresholdMetricId ad1); any other alarm returns one series.
	wantReturning := 1
	if in.ThresholdMetricID != nil {
		wantReturning = 2
	}
	if returning != wantReturning {
		p.add(codeInvalidParameterValue, "Exactly %d element(s) of the Metrics list must return data (ReturnData true or omitted) for this alarm; %d do.", wantReturning, returning)
	}
	if period == 0 {
		// A math expression is evaluated at the period of its metrics.
		period = statPeriod
	}
	if returning == wantReturning && period == 0 {
		p.add(codeMissingParameter, "The period of the Metrics element that returns data is required (set Period on the query or its MetricStat).")
	}
	return period
}

func (p *problems) checkPromQLAlarm(in *putMetricAlarmInput) {
	c := in.EvaluationCriteria.PromQLCriteria
	if c == nil {
		p.add(codeMissingParameter, msgRequired, "EvaluationCriteria.PromQLCriteria")
	} else {
		if p.checkRequired("EvaluationCriteria.PromQLCriteria.Query", c.Query != nil) {
			p.checkLen("EvaluationCriteria.PromQLCriteria.Query", *c.Query, 1, maxPromQLLen)
		}
		for name, v := range map[string]*int32{"PendingPeriod": c.PendingPeriod, "RecoveryPeriod": c.RecoveryPeriod} {
			if v != nil {
				p.checkMin("EvaluationCriteria.PromQLCriteria."+name, int64(*v), 0)
				p.checkMax("EvaluationCriteria.PromQLCriteria."+name, int64(*v), maxPromQLPeriod)
			}
		}
	}
	p.checkExclusive("EvaluationCriteria", append(singleMetricMembers(in),
		setMember{"Threshold", in.Threshold != nil}, setMember{"ComparisonOperator", in.ComparisonOperator != nil},
		setMember{"ThresholdMetricId", in.ThresholdMetricID != nil}, setMember{"EvaluationPeriods", in.EvaluationPeriods != nil},
		setMember{"DatapointsToAlarm", in.DatapointsToAlarm != nil}))
	if p.checkRequired("EvaluationInterval", in.EvaluationInterval != nil) {
		v := *in.EvaluationInterval
		p.checkMin("EvaluationInterval", int64(v), minEvalInterval)
		p.checkMax("EvaluationInterval", int64(v), maxEvalInterval)
		if v >= minEvalInterval && !validAlarmPeriod(v) {
			p.add(codeInvalidParameterValue, "The value %d for parameter EvaluationInterval is not valid: use 10, 20, 30 or a multiple of 60.", v)
		}
	}
}

// checkThreshold validates the evaluation members of a metric or math
// alarm: operator, threshold, evaluation periods and the evaluation range.
func (p *problems) checkThreshold(in *putMetricAlarmInput, period int32) {
	anomaly := false
	if p.checkRequired("ComparisonOperator", in.ComparisonOperator != nil) {
		p.checkEnum("ComparisonOperator", *in.ComparisonOperator, comparisonValues)
		anomaly = slices.Contains(anomalyOperators, *in.ComparisonOperator)
	}
	switch {
	case anomaly && in.Threshold != nil:
		p.add(codeInvalidParameterCombination, msgMutuallyExcl, "Threshold", "ComparisonOperator "+*in.ComparisonOperator)
	case anomaly:
		if p.checkRequired("ThresholdMetricId", in.ThresholdMetricID != nil) &&
			!slices.ContainsFunc(in.Metrics, func(q wireQuery) bool { return deref(q.ID) == *in.ThresholdMetricID }) {
			p.add(codeInvalidParameterValue, "The value %s for parameter ThresholdMetricId does not match the Id of any element of Metrics.", truncate(*in.ThresholdMetricID))
		}
	case in.ThresholdMetricID != nil:
		p.add(codeInvalidParameterCombination, "The parameter ThresholdMetricId can be used only with an anomaly detection ComparisonOperator.")
	default:
		p.checkRequired("Threshold", in.Threshold != nil)
	}
	if !p.checkRequired("EvaluationPeriods", in.EvaluationPeriods != nil) {
		return
	}
	n := *in.EvaluationPeriods
	p.checkMin("EvaluationPeriods", int64(n), 1)
	if in.DatapointsToAlarm != nil {
		m := *in.DatapointsToAlarm
		p.checkMin("DatapointsToAlarm", int64(m), 1)
		if m > n {
			p.add(codeInvalidParameterValue, "DatapointsToAlarm (%d) must not be greater than EvaluationPeriods (%d).", m, n)
		}
	}
	if period <= 0 || n < 1 {
		return
	}
	limit := int64(maxEvaluationRange)
	if period < 3600 {
		limit = maxShortPeriodRange
	}
	r := int64(period) * int64(n)
	if r > limit {
		p.add(codeInvalidParameterCombination, "Period (%d) multiplied by EvaluationPeriods (%d) is %d seconds; the maximum for this period is %d.", period, n, r, limit)
	}
	// A Metrics Insights alarm evaluates the last 3 hours only (reference
	// §6.9, Metrics Insights quotas page:
	// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-limits.html);
	// the service rejects a longer window with this message.
	if in.isInsights() && r > maxInsightsAlarmRange {
		p.add(codeValidationError, "MetricsInsights monitors cannot be checked across more than 3 hours: Period (%d) multiplied by EvaluationPeriods (%d) is %d seconds, over %d.", period, n, r, maxInsightsAlarmRange)
	}
}

func (s *Server) describeAlarms(in *describeAlarmsInput) (any, *apiError) {
	var p problems
	p.checkSize("AlarmNames", len(in.AlarmNames), maxAlarmNames)
	for i, n := range in.AlarmNames {
		p.checkLen(member("AlarmNames", i), n, 1, maxNameLen)
	}
	if in.AlarmNamePrefix != nil {
		p.checkLen("AlarmNamePrefix", *in.AlarmNamePrefix, 1, maxNameLen)
		if len(in.AlarmNames) > 0 {
			p.add(codeInvalidParameterCombination, msgMutuallyExcl, "AlarmNames", "AlarmNamePrefix")
		}
	}
	if in.ActionPrefix != nil {
		p.checkLen("ActionPrefix", *in.ActionPrefix, 1, maxActionPrefixLen)
	}
	if in.StateValue != nil {
		p.checkEnum("StateValue", *in.StateValue, stateValues)
	}
	metricAlarms := p.checkAlarmTypes(in.AlarmTypes)
	limit := p.checkMaxRecords(in.MaxRecords, maxRecordsMax, defaultMaxRecords)
	for name, v := range map[string]*string{"ChildrenOfAlarmName": in.ChildrenOfAlarmName, "ParentsOfAlarmName": in.ParentsOfAlarmName} {
		if v == nil {
			continue
		}
		p.checkLen(name, *v, 1, maxNameLen)
		if len(in.AlarmNames) > 0 || in.AlarmNamePrefix != nil || in.ActionPrefix != nil || in.StateValue != nil || len(in.AlarmTypes) > 0 {
			p.add(codeInvalidParameterCombination, "The parameter %s can be used only with MaxRecords and NextToken.", name)
		}
	}
	resumed, err := p.resume(in, &in.NextToken)
	if err != nil {
		return nil, err
	}
	after, hash := resumed.After, resumed.Hash
	out := describeAlarmsOutput{MetricAlarms: []wireAlarm{}}
	// The fake stores metric alarms only: they have neither children nor
	// parents (composite alarm relations), and AlarmTypes without
	// MetricAlarm asks for none of them.
	if in.ChildrenOfAlarmName != nil || in.ParentsOfAlarmName != nil || !metricAlarms {
		return out, nil
	}
	s.mu.Lock()
	defer s.unlock()
	for _, a := range s.eng.Alarms() {
		if a.Name <= after || !describedBy(a, in) {
			continue
		}
		if len(out.MetricAlarms) == limit {
			out.NextToken = pageToken{After: *out.MetricAlarms[limit-1].AlarmName, Hash: hash}.encode()
			break
		}
		out.MetricAlarms = append(out.MetricAlarms, wireAlarmOf(a))
	}
	return out, nil
}

func describedBy(a *engine.Alarm, in *describeAlarmsInput) bool {
	name := a.Name
	if len(in.AlarmNames) > 0 && !slices.Contains(in.AlarmNames, name) {
		return false
	}
	if in.AlarmNamePrefix != nil && !strings.HasPrefix(name, *in.AlarmNamePrefix) {
		return false
	}
	if in.StateValue != nil && *in.StateValue != a.StateValue {
		return false
	}
	if in.ActionPrefix != nil {
		all := slices.Concat(a.OKActions, a.AlarmActions, a.InsufficientDataActions)
		if !slices.ContainsFunc(all, func(arn string) bool { return strings.HasPrefix(arn, *in.ActionPrefix) }) {
			return false
		}
	}
	return true
}

// alarmNames checks the request of DeleteAlarms, EnableAlarmActions or
// DisableAlarmActions, which share the model's shape (AlarmNames: at most
// 100 AlarmName values of 1–255 characters).
func alarmNames(in *alarmNamesInput) ([]string, *apiError) {
	var p problems
	if p.checkRequired("AlarmNames", in.AlarmNames != nil) {
		p.checkSize("AlarmNames", len(in.AlarmNames), maxAlarmNames)
	}
	for i, n := range in.AlarmNames {
		p.checkLen(member("AlarmNames", i), n, 1, maxNameLen)
	}
	return in.AlarmNames, p.err()
}

func (s *Server) deleteAlarms(in *alarmNamesInput) (any, *apiError) {
	names, err := alarmNames(in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlock()
	// As the API reference says, the names that exist are deleted even when
	// others are unknown; the unknown ones are reported in the error.
	var missing []string
	for _, n := range names {
		if !s.eng.DeleteAlarm(n) && !slices.Contains(missing, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, &apiError{Status: http.StatusNotFound, Code: codeResourceNotFound,
			Message: fmt.Sprintf("Alarm(s) not found: %s", strings.Join(missing, ", "))}
	}
	return struct{}{}, nil
}
