package cloudwatchtest

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Model limits (botocore cloudwatch model, docs/reference.md#6-cloudwatch-api-constraints).
const (
	maxNameLen          = 255
	maxDimValueLen      = 1024
	maxDimensions       = 30
	maxDimFilters       = 10
	maxQueries          = 500
	maxInsightsQueries  = 1
	maxExpressionLen    = 2048
	maxDatapointsCall   = 100800
	maxStatsDatapoints  = 1440
	maxStatistics       = 5
	maxExtendedStats    = 10
	maxDescriptionLen   = 1024
	maxActions          = 5
	maxActionLen        = 1024
	maxAlarmNames       = 100
	maxRecordsMax       = 100
	defaultMaxRecords   = 50
	maxTags             = 50
	maxTagKeyLen        = 128
	maxTagValueLen      = 256
	maxAlarmQueries     = 20
	maxAlarmStatQueries = 10
	maxAlarmExprQueries = 10
	maxInsightsAlarms   = 200
	maxEvaluationRange  = 604800
	maxShortPeriodRange = 86400
	// maxInsightsAlarmRange is the evaluation window of a Metrics Insights
	// alarm: the last 3 hours (docs/reference.md#69-metrics-insights-alarms).
	maxInsightsAlarmRange = 3 * 3600
	maxPromQLLen          = 10000
	maxPromQLPeriod       = 86400
	maxEvalInterval       = 3600
	minEvalInterval       = 10
	maxActionPrefixLen    = 1024
	maxTimezoneLen        = 50
	maxAlarmPayload       = 120 * 1024
)

// labelTimezonePattern is the LabelOptions.Timezone format: +HHMM or -HHMM.
var labelTimezonePattern = regexp.MustCompile(`^[+-]([01][0-9]|2[0-3])[0-5][0-9]$`)

var (
	unitValues            = validate.Strings(types.StandardUnit("").Values())
	statisticValues       = validate.Strings(types.Statistic("").Values())
	comparisonValues      = validate.Strings(types.ComparisonOperator("").Values())
	stateValues           = validate.Strings(types.StateValue("").Values())
	scanByValues          = validate.Strings(types.ScanBy("").Values())
	alarmTypeValues       = validate.Strings(types.AlarmType("").Values())
	historyItemTypeValues = validate.Strings(types.HistoryItemType("").Values())
	recentlyActiveValues  = validate.Strings(types.RecentlyActive("").Values())
	treatMissing          = []string{"breaching", "notBreaching", "ignore", "missing"}
	lowSampleValues       = []string{"evaluate", "ignore"}
	anomalyOperators      = []string{
		string(types.ComparisonOperatorLessThanLowerOrGreaterThanUpperThreshold),
		string(types.ComparisonOperatorLessThanLowerThreshold),
		string(types.ComparisonOperatorGreaterThanUpperThreshold),
	}
)

// checkLen records a ValidationError when s is outside [lo, hi] runes.
func (p *problems) checkLen(path, s string, lo, hi int) {
	n := utf8.RuneCountInString(s)
	if n < lo {
		p.add(codeValidationError, msgLengthMin, s, path, lo)
	}
	if n > hi {
		p.add(codeValidationError, msgLengthMax, truncate(s), path, hi)
	}
}

func (p *problems) checkEnum(path, s string, values []string) {
	if !slices.Contains(values, s) {
		p.add(codeValidationError, msgEnum, truncate(s), path, strings.Join(values, ", "))
	}
}

func (p *problems) checkSize(path string, n, hi int) {
	if n > hi {
		p.add(codeValidationError, msgSizeMax, path, hi)
	}
}

func (p *problems) checkMin(path string, v, lo int64) {
	if v < lo {
		p.add(codeValidationError, msgMinValue, v, path, lo)
	}
}

func (p *problems) checkMax(path string, v, hi int64) {
	if v > hi {
		p.add(codeValidationError, msgMaxValue, v, path, hi)
	}
}

// checkAlarmTypes checks the AlarmTypes member of a describe call and
// reports whether it asks for metric alarms, the only type the fake stores
// (no AlarmTypes asks for every type).
func (p *problems) checkAlarmTypes(alarmTypes []string) bool {
	for i, t := range alarmTypes {
		p.checkEnum(member("AlarmTypes", i), t, alarmTypeValues)
	}
	return len(alarmTypes) == 0 || slices.Contains(alarmTypes, string(types.AlarmTypeMetricAlarm))
}

// checkMaxRecords checks the MaxRecords member of a paged describe call
// (1 to hi) and returns the page size it asks for, def when it is absent.
func (p *problems) checkMaxRecords(maxRecords *int32, hi, def int) int {
	if maxRecords == nil {
		return def
	}
	p.checkMin("MaxRecords", int64(*maxRecords), 1)
	p.checkMax("MaxRecords", int64(*maxRecords), int64(hi))
	return int(*maxRecords)
}

// checkRequired records a MissingParameter when present is false and reports
// whether the member is present.
func (p *problems) checkRequired(path string, present bool) bool {
	if !present {
		p.add(codeMissingParameter, msgRequired, path)
	}
	return present
}

// checkName validates a metric name, namespace or dimension name.
func (p *problems) checkName(path string, s *string) {
	if p.checkRequired(path, s != nil) {
		p.checkLen(path, *s, 1, maxNameLen)
	}
}

func (p *problems) checkNamespace(path string, s *string) {
	p.checkName(path, s)
	if s != nil && strings.HasPrefix(*s, ":") {
		p.add(codeValidationError, msgPattern, *s, path, "[^:].*")
	}
}

func (p *problems) checkDimensions(path string, dims []wireDimension) {
	p.checkSize(path, len(dims), maxDimensions)
	seen := map[string]bool{}
	for i, d := range dims {
		base := member(path, i)
		p.checkName(base+".Name", d.Name)
		if p.checkRequired(base+".Value", d.Value != nil) {
			p.checkLen(base+".Value", *d.Value, 1, maxDimValueLen)
		}
		if d.Name != nil {
			if seen[*d.Name] {
				p.add(codeInvalidParameterValue, "The dimension name %s appears more than once in %s.", *d.Name, path)
			}
			seen[*d.Name] = true
		}
	}
}

// validPeriod is the GetMetricData/GetMetricStatistics period rule: 1, 5,
// 10, 20, 30, 60 or any multiple of 60.
func validPeriod(p int32) bool {
	switch p {
	case 1, 5, 10, 20, 30:
		return true
	}
	return p > 0 && p%60 == 0
}

// validAlarmPeriod is the PutMetricAlarm period rule: 10, 20, 30 or a
// multiple of 60.
func validAlarmPeriod(p int32) bool {
	switch p {
	case 10, 20, 30:
		return true
	}
	return p > 0 && p%60 == 0
}

// member renders a list member path the way CloudWatch messages do
// ("MetricDataQueries.member.1").
func member(path string, i int) string {
	return path + ".member." + strconv.Itoa(i+1)
}

func truncate(s string) string {
	const max = 64
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "..."
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0
}
