package alarms

import (
	"regexp"
	"strings"

	"github.com/kmswatch/kmswatch/internal/validate"
)

// actionKind is one kind of ARN CloudWatch accepts as an alarm action, with
// the shape from the PutMetricAlarm documentation (facts 6.2,
// cloudwatch@v1.75.6 api_op_PutMetricAlarm.go). The patterns check the shape
// (service, Region, account, resource form); they do not check that the
// resource exists.
type actionKind struct {
	name string
	re   *regexp.Regexp
	// alarmOnly kinds are accepted in AlarmActions only.
	alarmOnly bool
	// ec2 kinds are refused on metric-math alarms; autoScaling kinds on
	// anomaly-detection alarms (facts 6.2, action restrictions).
	ec2, autoScaling bool
}

// Partition, Region and account parts shared by the patterns below.
const (
	arnPartition = `arn:aws(?:-[a-z]+)*`
	arnRegion    = `[a-z]{2}(?:-[a-z]+)+-\d+`
	arnAccount   = `\d{12}`
)

var actionKinds = []actionKind{
	{name: "SNS topic", re: regexp.MustCompile(`^` + arnPartition + `:sns:` + arnRegion + `:` + arnAccount + `:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$`)},
	{name: "Lambda function", re: regexp.MustCompile(`^` + arnPartition + `:lambda:` + arnRegion + `:` + arnAccount + `:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9_$-]{1,128})?$`)},
	{name: "SSM OpsItem", re: regexp.MustCompile(`^` + arnPartition + `:ssm:` + arnRegion + `:` + arnAccount + `:opsitem:\d+(?:#CATEGORY=[A-Za-z]+)?$`)},
	{name: "Incident Manager response plan", re: regexp.MustCompile(`^` + arnPartition + `:ssm-incidents::` + arnAccount + `:responseplan/[A-Za-z0-9_-]+$`)},
	{name: "Auto Scaling policy", autoScaling: true, re: regexp.MustCompile(`^` + arnPartition + `:autoscaling:` + arnRegion + `:` + arnAccount + `:scalingPolicy:[A-Za-z0-9-]+:.+$`)},
	{name: "EC2 action", ec2: true, re: regexp.MustCompile(`^` + arnPartition + `:automate:` + arnRegion + `:ec2:(?:stop|terminate|reboot|recover)$`)},
	{name: "EC2 SWF action", ec2: true, re: regexp.MustCompile(`^` + arnPartition + `:swf:` + arnRegion + `:` + arnAccount + `:action/actions/AWS_EC2\.InstanceId\.(?:Stop|Terminate|Reboot|Recover)/1\.0$`)},
	{name: "Q Developer investigation group", alarmOnly: true, re: regexp.MustCompile(`^` + arnPartition + `:aiops:` + arnRegion + `:` + arnAccount + `:investigation-group:[A-Za-z0-9]+$`)},
}

// actionKindNames lists the kinds accepted in one action list, for messages.
func actionKindNames(alarmList bool) string {
	var names []string
	for _, k := range actionKinds {
		if k.alarmOnly && !alarmList {
			continue
		}
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}

// Limits of the three action lists (facts 6.2).
const (
	maxActions      = 5
	maxActionARNLen = 1024
)

// alarmKind tells checkActions which restrictions apply.
type alarmKind struct {
	math, anomaly bool
}

// checkActions validates one action list named field.
func checkActions(c *validate.Collector, field string, arns []string, alarmList bool, kind alarmKind) {
	c.Count(field, len(arns), 0, maxActions)
	seen := make(map[string]bool, len(arns))
	for i, arn := range arns {
		f := index(field, i)
		c.Length(f, arn, 1, maxActionARNLen)
		if seen[arn] {
			c.Add(f, validate.RuleUnique, "duplicates an earlier action %q", arn)
		}
		seen[arn] = true
		k, ok := matchAction(arn)
		switch {
		case !ok || (k.alarmOnly && !alarmList):
			c.Add(f, validate.RulePattern, "must be the ARN of one of: %s; got %q", actionKindNames(alarmList), arn)
		case k.ec2 && kind.math:
			c.Add(f, validate.RuleCombination, "%s ARNs cannot be used by metric-math alarms", k.name)
		case k.autoScaling && kind.anomaly:
			c.Add(f, validate.RuleCombination, "%s ARNs cannot be used by anomaly-detection alarms", k.name)
		}
	}
}

func matchAction(arn string) (actionKind, bool) {
	for _, k := range actionKinds {
		if k.re.MatchString(arn) {
			return k, true
		}
	}
	return actionKind{}, false
}
