package alarms

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// maxPrefixLen is the longest AlarmNamePrefix DescribeAlarms accepts
// (docs/reference.md#65-describealarms--deletealarms--describealarmcontributors).
const maxPrefixLen = 255

// Plan is what it takes to turn the owned alarms that exist into the desired
// ones. Alarms are owned when their name starts with Prefix; no other alarm
// is ever updated or deleted. Each list keeps the order of its source
// (desired order for Create, Update and Unchanged; existing order for
// Delete), so a plan is deterministic without sorting.
//
// A Plan is plain data: safe to read from several goroutines, not to change
// while a [Syncer] applies it. [Syncer.Apply] validates it again before
// sending anything, so a plan changed by hand cannot reach beyond Prefix.
type Plan struct {
	// Prefix is the owned name prefix the plan was made for.
	Prefix string
	// Create lists the desired alarms that do not exist.
	Create []*cloudwatch.PutMetricAlarmInput
	// Update lists the desired alarms that exist with a different
	// configuration.
	Update []Update
	// Delete lists owned alarms that exist and are not desired.
	Delete []string
	// Unchanged lists desired alarms that exist as desired.
	Unchanged []string
}

// Update is one alarm to overwrite, with the fields that differ.
type Update struct {
	Input *cloudwatch.PutMetricAlarmInput
	// Fields names the PutMetricAlarm fields whose values differ, such as
	// "Threshold" or "AlarmActions", in a fixed order.
	Fields []string
}

// NewPlan compares desired with existing (typically from
// [Syncer.Existing]) and returns the plan. Every desired input must pass
// [ValidateAlarm], have a name starting with prefix and a name of its own;
// all problems come back in one [*kmswatch.ValidationError], on "prefix" or
// on paths such as "desired[2].Period". Existing alarms whose names do not start with prefix are
// ignored, whatever the caller passes.
//
// An existing alarm is updated only when a field that PutMetricAlarm would
// change differs (see [Diff]); Tags are not compared because PutMetricAlarm
// ignores them on update. NewPlan runs in time linear in
// len(desired)+len(existing), does not modify its arguments and is safe for
// concurrent use.
func NewPlan(prefix string, desired []*cloudwatch.PutMetricAlarmInput, existing []types.MetricAlarm) (*Plan, error) {
	wanted, err := validateDesired("alarms.NewPlan", "prefix", prefix, desired)
	if err != nil {
		return nil, err
	}
	return newPlan(prefix, desired, wanted, existing), nil
}

// newPlan is NewPlan for arguments validateDesired has accepted; wanted is
// what it returned.
func newPlan(prefix string, desired []*cloudwatch.PutMetricAlarmInput, wanted map[string]int, existing []types.MetricAlarm) *Plan {
	byName := make(map[string]*types.MetricAlarm, len(existing))
	for i := range existing {
		name := aws.ToString(existing[i].AlarmName)
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		if _, dup := byName[name]; !dup {
			byName[name] = &existing[i]
		}
	}

	p := &Plan{Prefix: prefix}
	for _, in := range desired {
		name := *in.AlarmName
		have, ok := byName[name]
		switch {
		case !ok:
			p.Create = append(p.Create, in)
		default:
			if fields := Diff(in, have); len(fields) > 0 {
				p.Update = append(p.Update, Update{Input: in, Fields: fields})
			} else {
				p.Unchanged = append(p.Unchanged, name)
			}
		}
	}
	for i := range existing {
		name := aws.ToString(existing[i].AlarmName)
		if _, owned := byName[name]; !owned {
			continue
		}
		if _, keep := wanted[name]; !keep {
			p.Delete = append(p.Delete, name)
			delete(byName, name) // list a repeated name once
		}
	}
	return p
}

// validateDesired checks the prefix and desired arguments of [NewPlan] (or
// of a method that takes them, named subject, with the prefix at
// prefixPath) before anything else happens: a valid prefix, and desired
// inputs that pass [ValidateAlarm], are named inside the prefix and once
// each. Problems are on prefixPath or "desired[i]…". It returns the index of
// each desired name.
func validateDesired(subject, prefixPath, prefix string, desired []*cloudwatch.PutMetricAlarmInput) (map[string]int, error) {
	c := validate.New(subject)
	checkPrefix(c, prefixPath, prefix)
	wanted := make(map[string]int, len(desired))
	for i, in := range desired {
		if !checkDesired(c, "desired", i, prefix, in) {
			continue
		}
		name := *in.AlarmName
		if j, dup := wanted[name]; dup {
			c.Add(index("desired", i)+".AlarmName", kmswatch.RuleUnique, "duplicates desired[%d].AlarmName %q", j, name)
			continue
		}
		wanted[name] = i
	}
	return wanted, c.Err()
}

// Validate checks p the way [NewPlan] checks its arguments: a valid prefix,
// valid inputs, names inside the prefix and each name at most once across
// the plan. Problems are on fields of p, such as "Prefix" or
// "Create[0].Period". [Syncer.Apply] calls it before sending anything.
func (p *Plan) Validate() error {
	return validate.Input("alarms.Plan", p, checkPlan)
}

func checkPlan(c *validate.Collector, p *Plan) {
	checkPrefix(c, "Prefix", p.Prefix)
	seen := make(map[string]string, len(p.Create)+len(p.Update)+len(p.Delete))
	once := func(field, name string) {
		if prev, dup := seen[name]; dup {
			c.Add(field, kmswatch.RuleUnique, "alarm %q is already planned in %s", name, prev)
		}
		seen[name] = field
	}
	for i, in := range p.Create {
		if checkDesired(c, "Create", i, p.Prefix, in) {
			once(index("Create", i), *in.AlarmName)
		}
	}
	for i, u := range p.Update {
		if checkDesired(c, "Update", i, p.Prefix, u.Input) {
			once(index("Update", i), *u.Input.AlarmName)
		}
	}
	for i, name := range p.Delete {
		f := index("Delete", i)
		if !strings.HasPrefix(name, p.Prefix) || name == "" {
			c.Add(f, kmswatch.RulePattern, "must start with the owned prefix %q, got %q", p.Prefix, name)
			continue
		}
		once(f, name)
	}
}

// checkPrefix checks an owned prefix given at path.
func checkPrefix(c *validate.Collector, path, prefix string) {
	c.Length(path, prefix, 1, maxPrefixLen)
	c.NoControl(path, prefix)
}

// checkDesired validates list[i] and reports whether it can be planned.
// The field name is built only when there is a problem to report.
func checkDesired(c *validate.Collector, list string, i int, prefix string, in *cloudwatch.PutMetricAlarmInput) bool {
	if in == nil {
		c.Add(index(list, i), kmswatch.RuleRequired, "is required")
		return false
	}
	err := ValidateAlarm(in)
	if err != nil {
		c.Merge(index(list, i), err)
	}
	if in.AlarmName != nil && !strings.HasPrefix(*in.AlarmName, prefix) {
		c.Add(index(list, i)+".AlarmName", kmswatch.RulePattern, "must start with the owned prefix %q, got %q", prefix, *in.AlarmName)
		return false
	}
	return err == nil
}

// Empty reports whether applying p would make no call.
func (p *Plan) Empty() bool {
	return len(p.Create) == 0 && len(p.Update) == 0 && len(p.Delete) == 0
}

// Calls returns how many PutMetricAlarm and DeleteAlarms calls applying p
// makes when no call fails: one PutMetricAlarm per created or updated alarm
// and one DeleteAlarms per batch of up to 100 names.
func (p *Plan) Calls() (put, del int) {
	return len(p.Create) + len(p.Update), (len(p.Delete) + maxDeleteBatch - 1) / maxDeleteBatch
}

// WriteTo writes p for people: a summary line, then one line per alarm to
// create (+), update (~, with the differing fields) or delete (-).
// Unchanged alarms are counted, not listed.
func (p *Plan) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "plan for prefix %q: %d to create, %d to update, %d to delete, %d unchanged\n",
		p.Prefix, len(p.Create), len(p.Update), len(p.Delete), len(p.Unchanged))
	for _, in := range p.Create {
		fmt.Fprintf(&b, "+ %s\n", aws.ToString(in.AlarmName))
	}
	for _, u := range p.Update {
		fmt.Fprintf(&b, "~ %s (%s)\n", aws.ToString(u.Input.AlarmName), strings.Join(u.Fields, ", "))
	}
	for _, name := range p.Delete {
		fmt.Fprintf(&b, "- %s\n", name)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// String returns what WriteTo writes.
func (p *Plan) String() string {
	var b strings.Builder
	_, _ = p.WriteTo(&b)
	return b.String()
}

// Diff returns the names of the fields whose values differ between the
// desired input and the existing alarm, comparing them the way CloudWatch
// stores them: unset values equal their service defaults (ActionsEnabled
// true, TreatMissingData "missing", DatapointsToAlarm equal to
// EvaluationPeriods, ReturnData true, a sliding evaluation window), action
// lists and dimensions compare as sets, and Tags are not compared because
// PutMetricAlarm ignores them on update. It returns nil when nothing that
// PutMetricAlarm would change differs. A nil argument counts as an empty
// alarm. Diff is safe for concurrent use.
func Diff(want *cloudwatch.PutMetricAlarmInput, have *types.MetricAlarm) []string {
	if want == nil {
		want = &cloudwatch.PutMetricAlarmInput{}
	}
	if have == nil {
		have = &types.MetricAlarm{}
	}
	var out []string
	diff := func(field string, equal bool) {
		if !equal {
			out = append(out, field)
		}
	}
	diff("AlarmDescription", aws.ToString(want.AlarmDescription) == aws.ToString(have.AlarmDescription))
	diff("ActionsEnabled", boolOr(want.ActionsEnabled, true) == boolOr(have.ActionsEnabled, true))
	diff("AlarmActions", sameSet(want.AlarmActions, have.AlarmActions))
	diff("OKActions", sameSet(want.OKActions, have.OKActions))
	diff("InsufficientDataActions", sameSet(want.InsufficientDataActions, have.InsufficientDataActions))
	diff("Namespace", aws.ToString(want.Namespace) == aws.ToString(have.Namespace))
	diff("MetricName", aws.ToString(want.MetricName) == aws.ToString(have.MetricName))
	diff("Dimensions", sameDimensions(want.Dimensions, have.Dimensions))
	diff("Statistic", want.Statistic == have.Statistic)
	diff("ExtendedStatistic", aws.ToString(want.ExtendedStatistic) == aws.ToString(have.ExtendedStatistic))
	diff("EvaluateLowSampleCountPercentile", aws.ToString(want.EvaluateLowSampleCountPercentile) == aws.ToString(have.EvaluateLowSampleCountPercentile))
	diff("Period", int32Or(want.Period, 0) == int32Or(have.Period, 0))
	diff("Unit", want.Unit == have.Unit)
	n := int32Or(want.EvaluationPeriods, 0)
	diff("EvaluationPeriods", n == int32Or(have.EvaluationPeriods, 0))
	diff("DatapointsToAlarm", int32Or(want.DatapointsToAlarm, n) == int32Or(have.DatapointsToAlarm, int32Or(have.EvaluationPeriods, 0)))
	diff("ComparisonOperator", want.ComparisonOperator == have.ComparisonOperator)
	diff("Threshold", float64Or(want.Threshold) == float64Or(have.Threshold))
	diff("ThresholdMetricId", aws.ToString(want.ThresholdMetricId) == aws.ToString(have.ThresholdMetricId))
	diff("TreatMissingData", stringOr(want.TreatMissingData, string(TreatMissingMissing)) == stringOr(have.TreatMissingData, string(TreatMissingMissing)))
	diff("Metrics", sameQueries(want.Metrics, have.Metrics))
	diff("EvaluationCriteria", sameCriteria(want.EvaluationCriteria, have.EvaluationCriteria))
	diff("EvaluationInterval", int32Or(want.EvaluationInterval, 0) == int32Or(have.EvaluationInterval, 0))
	diff("EvaluationWindow", sameWindow(want.EvaluationWindow, have.EvaluationWindow))
	diff("WarmUpConfiguration", sameWarmUp(want.WarmUpConfiguration, have.WarmUpConfiguration))
	diff("ActionConfiguration", sameActionConfig(want.ActionConfiguration, have.ActionConfiguration))
	return out
}

func boolOr(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

func int32Or(v *int32, def int32) int32 {
	if v == nil {
		return def
	}
	return *v
}

func float64Or(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}

func stringOr(s *string, def string) string {
	if s == nil {
		return def
	}
	return *s
}

// sameSet compares two string lists as multisets (order ignored), without
// allocating when they are equal in order.
func sameSet(a, b []string) bool {
	if slices.Equal(a, b) {
		return true
	}
	if len(a) != len(b) {
		return false
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func sameDimension(a, b types.Dimension) bool {
	return aws.ToString(a.Name) == aws.ToString(b.Name) && aws.ToString(a.Value) == aws.ToString(b.Value)
}

// sameDimensions compares dimensions by name and value, in any order: the
// order does not change which metric they pick out.
func sameDimensions(a, b []types.Dimension) bool {
	if len(a) != len(b) {
		return false
	}
	if slices.EqualFunc(a, b, sameDimension) {
		return true
	}
	for _, d := range a {
		if !slices.ContainsFunc(b, func(e types.Dimension) bool { return sameDimension(d, e) }) {
			return false
		}
	}
	return true
}

func sameQueries(a, b []types.MetricDataQuery) bool {
	return slices.EqualFunc(a, b, func(x, y types.MetricDataQuery) bool {
		return aws.ToString(x.Id) == aws.ToString(y.Id) &&
			aws.ToString(x.Expression) == aws.ToString(y.Expression) &&
			aws.ToString(x.Label) == aws.ToString(y.Label) &&
			aws.ToString(x.AccountId) == aws.ToString(y.AccountId) &&
			int32Or(x.Period, 0) == int32Or(y.Period, 0) &&
			boolOr(x.ReturnData, true) == boolOr(y.ReturnData, true) &&
			sameMetricStat(x.MetricStat, y.MetricStat)
	})
}

func sameMetricStat(a, b *types.MetricStat) bool {
	if a == nil || b == nil {
		return a == b
	}
	if (a.Metric == nil) != (b.Metric == nil) {
		return false
	}
	if a.Metric != nil && (aws.ToString(a.Metric.Namespace) != aws.ToString(b.Metric.Namespace) ||
		aws.ToString(a.Metric.MetricName) != aws.ToString(b.Metric.MetricName) ||
		!sameDimensions(a.Metric.Dimensions, b.Metric.Dimensions)) {
		return false
	}
	return aws.ToString(a.Stat) == aws.ToString(b.Stat) && int32Or(a.Period, 0) == int32Or(b.Period, 0) && a.Unit == b.Unit
}

func sameCriteria(a, b types.EvaluationCriteria) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	x, okx := a.(*types.EvaluationCriteriaMemberPromQLCriteria)
	y, oky := b.(*types.EvaluationCriteriaMemberPromQLCriteria)
	if !okx || !oky {
		return false // a union member this package does not know: rewrite it
	}
	return aws.ToString(x.Value.Query) == aws.ToString(y.Value.Query) &&
		int32Or(x.Value.PendingPeriod, 0) == int32Or(y.Value.PendingPeriod, 0) &&
		int32Or(x.Value.RecoveryPeriod, 0) == int32Or(y.Value.RecoveryPeriod, 0)
}

// windowKey reduces an evaluation window to comparable text; unset is the
// default sliding window.
func windowKey(w types.EvaluationWindow) (string, bool) {
	switch v := w.(type) {
	case nil, *types.EvaluationWindowMemberSlidingWindow:
		return "sliding", true
	case *types.EvaluationWindowMemberWallClockWindow:
		return "wallclock:" + aws.ToString(v.Value.Timezone), true
	}
	return "", false
}

func sameWindow(a, b types.EvaluationWindow) bool {
	x, okx := windowKey(a)
	y, oky := windowKey(b)
	return okx && oky && x == y
}

func sameWarmUp(a, b *types.WarmUpConfiguration) bool {
	if a == nil || b == nil {
		return a == b
	}
	return int32Or(a.WarmUpPeriodDurationInMinutes, 0) == int32Or(b.WarmUpPeriodDurationInMinutes, 0) &&
		boolOr(a.OnlyStartEvaluatingAfterWarmUpPeriodEnds, false) == boolOr(b.OnlyStartEvaluatingAfterWarmUpPeriodEnds, false)
}

func sameActionConfig(a, b *types.ActionConfiguration) bool {
	var x, y *types.AlarmTagsPropagation
	if a != nil {
		x = a.AlarmTagsPropagation
	}
	if b != nil {
		y = b.AlarmTagsPropagation
	}
	if x == nil || y == nil {
		return x == y
	}
	return boolOr(x.Enabled, false) == boolOr(y.Enabled, false) &&
		sameSet(x.ExcludedTagKeys, y.ExcludedTagKeys) && sameSet(x.IncludedTagKeys, y.IncludedTagKeys)
}
