package alarms

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// CloudWatch Logs PutMetricFilter limits
// (docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion: botocore 1.43.11 logs
// model; cloudwatchlogs@v1.92.1 types.MetricTransformation). The log group name limits
// are the model's LogGroupName shape.
const (
	maxFilterNameLen          = 512
	maxFilterPatternLen       = 1024
	maxLogGroupNameLen        = 512
	metricTransformationCount = 1
	maxMetricValueLen         = 100
	maxFilterDimensions       = 3
	// maxFilterDimensionLen bounds each Dimensions key and value: the
	// model's DimensionsKey and DimensionsValue shapes, max 255 (botocore
	// logs service-2.json).
	maxFilterDimensionLen = 255
	maxFieldSelectionLen  = 2000
)

var (
	// filterNameRE is the model's FilterName pattern `[^:*]*`.
	filterNameRE = regexp.MustCompile(`^[^:*]*$`)
	// filterMetricRE is the model's MetricName / MetricNamespace pattern `[^:*$]*`.
	filterMetricRE = regexp.MustCompile(`^[^:*$]*$`)
	// logGroupNameRE is the model's LogGroupName pattern `[\.\-_/#A-Za-z0-9]+`.
	logGroupNameRE = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)
)

// ValidateMetricFilter checks in against the rules CloudWatch Logs applies to
// PutMetricFilter (docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion) and
// returns nil or a [*kmswatch.ValidationError] listing every problem: name, pattern and
// log group lengths and patterns, exactly one metric transformation, its metric name,
// namespace and value, and at most three dimensions whose keys and values hold at most
// 255 characters. It does not parse the filter pattern syntax; CloudWatch Logs does
// that. ValidateMetricFilter does not modify in and is safe for concurrent use.
func ValidateMetricFilter(in *cloudwatchlogs.PutMetricFilterInput) error {
	return validate.Input("cloudwatchlogs.PutMetricFilterInput", in, checkMetricFilter)
}

func checkMetricFilter(c *validate.Collector, in *cloudwatchlogs.PutMetricFilterInput) {
	c.Required("FilterName", in.FilterName != nil)
	if in.FilterName != nil {
		c.Length("FilterName", *in.FilterName, 1, maxFilterNameLen)
		c.Pattern("FilterName", *in.FilterName, filterNameRE)
	}
	c.Required("FilterPattern", in.FilterPattern != nil)
	if in.FilterPattern != nil {
		c.MaxLength("FilterPattern", *in.FilterPattern, maxFilterPatternLen)
	}
	c.Required("LogGroupName", in.LogGroupName != nil)
	if in.LogGroupName != nil {
		c.Length("LogGroupName", *in.LogGroupName, 1, maxLogGroupNameLen)
		if *in.LogGroupName != "" {
			c.Pattern("LogGroupName", *in.LogGroupName, logGroupNameRE)
		}
	}
	if in.FieldSelectionCriteria != nil {
		c.MaxLength("FieldSelectionCriteria", *in.FieldSelectionCriteria, maxFieldSelectionLen)
	}
	c.Count("MetricTransformations", len(in.MetricTransformations), metricTransformationCount, metricTransformationCount)
	for i, t := range in.MetricTransformations {
		f := index("MetricTransformations", i)
		for _, m := range []struct {
			name string
			v    *string
		}{{".MetricName", t.MetricName}, {".MetricNamespace", t.MetricNamespace}} {
			c.Required(f+m.name, m.v != nil)
			if m.v != nil {
				c.Length(f+m.name, *m.v, 1, maxNameLen)
				c.Pattern(f+m.name, *m.v, filterMetricRE)
			}
		}
		c.Required(f+".MetricValue", t.MetricValue != nil)
		if t.MetricValue != nil {
			c.Length(f+".MetricValue", *t.MetricValue, 1, maxMetricValueLen)
		}
		if d := t.DefaultValue; d != nil && (math.IsNaN(*d) || math.IsInf(*d, 0)) {
			c.Add(f+".DefaultValue", kmswatch.RuleRange, "must be a finite number, got %g", *d)
		}
		c.Count(f+".Dimensions", len(t.Dimensions), 0, maxFilterDimensions)
		for _, k := range slices.Sorted(maps.Keys(t.Dimensions)) {
			df := f + ".Dimensions[" + strconv.Quote(k) + "]"
			if n := utf8.RuneCountInString(k); n > maxFilterDimensionLen {
				c.Add(df, kmswatch.RuleLength, "key length must be at most %d characters, got %d", maxFilterDimensionLen, n)
			}
			c.MaxLength(df, t.Dimensions[k], maxFilterDimensionLen)
		}
	}
}
