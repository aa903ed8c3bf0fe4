package alarms

import (
	"errors"
	"strings"
	"text/template"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
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
