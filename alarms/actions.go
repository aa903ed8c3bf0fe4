package alarms

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// actionKind is one kind of ARN CloudWatch accepts as an alarm action, with
// the shape from the PutMetricAlarm documentation (docs/reference.md#62-putmetricalarm,
// cloudwatch@v1.75.6 api_op_PutMetricAlarm.go). The checks cover the shape
// (service, Region, account, resource form), not that the resource exists.
// They are plain string checks on the parts aws/arn splits out: they run
// for every action of every alarm a plan validates, and regular expressions
// made them most of the cost of planning.
type actionKind struct {
	name    string
	service string
	// ok checks the parts of an ARN whose service field is service.
	ok func(a arn.ARN) bool
	// alarmOnly kinds are accepted in AlarmActions only.
	alarmOnly bool
	// ec2 kinds are refused on metric-math alarms; autoScaling kinds on
	// anomaly-detection alarms (docs/reference.md#62-putmetricalarm, action restrictions).
	ec2, autoScaling bool
}

var actionKinds = []actionKind{
	// arn:aws:sns:region:account-id:sns-topic-name
	{name: "SNS topic", service: "sns", ok: func(a arn.ARN) bool {
		return regional(a) && nameChars(strings.TrimSuffix(a.Resource, ".fifo"), 256, "_-")
	}},
	// arn:aws:lambda:region:account-id:function:function-name[:version-or-alias]
	{name: "Lambda function", service: "lambda", ok: func(a arn.ARN) bool {
		rest, ok := strings.CutPrefix(a.Resource, "function:")
		name, qualifier, hasQualifier := strings.Cut(rest, ":")
		return ok && regional(a) && nameChars(name, 64, "_-") && (!hasQualifier || nameChars(qualifier, 128, "_-$"))
	}},
	// arn:aws:ssm:region:account-id:opsitem:severity[#CATEGORY=category-name]
	{name: "SSM OpsItem", service: "ssm", ok: func(a arn.ARN) bool {
		rest, ok := strings.CutPrefix(a.Resource, "opsitem:")
		severity, category, hasCategory := strings.Cut(rest, "#CATEGORY=")
		return ok && regional(a) && digits(severity, 1, 10) && (!hasCategory || nameChars(category, 256, ""))
	}},
	// arn:aws:ssm-incidents::account-id:responseplan/response-plan-name
	{name: "Incident Manager response plan", service: "ssm-incidents", ok: func(a arn.ARN) bool {
		name, ok := strings.CutPrefix(a.Resource, "responseplan/")
		return ok && a.Region == "" && kmsvocab.ValidAccount(a.AccountID) && nameChars(name, 200, "_-")
	}},
	// arn:aws:autoscaling:region:account-id:scalingPolicy:policy-id:autoScalingGroupName/...:policyName/...
	{name: "Auto Scaling policy", service: "autoscaling", autoScaling: true, ok: func(a arn.ARN) bool {
		rest, ok := strings.CutPrefix(a.Resource, "scalingPolicy:")
		id, tail, _ := strings.Cut(rest, ":")
		return ok && regional(a) && nameChars(id, 128, "-") && tail != ""
	}},
	// arn:aws:automate:region:ec2:stop|terminate|reboot|recover
	{name: "EC2 action", service: "automate", ec2: true, ok: func(a arn.ARN) bool {
		switch a.Resource {
		case "stop", "terminate", "reboot", "recover":
			return region(a.Region) && a.AccountID == "ec2"
		}
		return false
	}},
	// arn:aws:swf:region:account-id:action/actions/AWS_EC2.InstanceId.Stop|Terminate|Reboot|Recover/1.0
	{name: "EC2 SWF action", service: "swf", ec2: true, ok: func(a arn.ARN) bool {
		switch a.Resource {
		case "action/actions/AWS_EC2.InstanceId.Stop/1.0", "action/actions/AWS_EC2.InstanceId.Terminate/1.0",
			"action/actions/AWS_EC2.InstanceId.Reboot/1.0", "action/actions/AWS_EC2.InstanceId.Recover/1.0":
			return regional(a)
		}
		return false
	}},
	// arn:aws:aiops:region:account-id:investigation-group:investigation-group-id
	{name: "Q Developer investigation group", service: "aiops", alarmOnly: true, ok: func(a arn.ARN) bool {
		id, ok := strings.CutPrefix(a.Resource, "investigation-group:")
		return ok && regional(a) && nameChars(id, 256, "")
	}},
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

// Limits of the three action lists (docs/reference.md#62-putmetricalarm).
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
	for i, a := range arns {
		f := index(field, i)
		c.Length(f, a, 1, maxActionARNLen)
		if j := slices.Index(arns[:i], a); j >= 0 {
			c.Add(f, kmswatch.RuleUnique, "duplicates %s[%d] %q", field, j, a)
		}
		k, ok := matchAction(a)
		switch {
		case !ok || (k.alarmOnly && !alarmList):
			c.Add(f, kmswatch.RulePattern, "must be the ARN of one of: %s; got %q", actionKindNames(alarmList), a)
		case k.ec2 && kind.math:
			c.Add(f, kmswatch.RuleCombination, "%s ARNs cannot be used by metric-math alarms", k.name)
		case k.autoScaling && kind.anomaly:
			c.Add(f, kmswatch.RuleCombination, "%s ARNs cannot be used by anomaly-detection alarms", k.name)
		}
	}
}

func matchAction(s string) (actionKind, bool) {
	a, err := arn.Parse(s)
	if err != nil || !kmsvocab.ValidPartition(a.Partition) {
		return actionKind{}, false
	}
	for _, k := range actionKinds {
		if k.service == a.Service && k.ok(a) {
			return k, true
		}
	}
	return actionKind{}, false
}

// regional reports whether a has a Region and a 12-digit account.
func regional(a arn.ARN) bool { return region(a.Region) && kmsvocab.ValidAccount(a.AccountID) }

// region accepts the shape of a Region name: two letters, one or more
// lowercase words, then a number ("us-east-1", "us-gov-west-1").
func region(r string) bool {
	first, rest, ok := strings.Cut(r, "-")
	last := strings.LastIndexByte(rest, '-')
	if !ok || len(first) != 2 || !lower(first) || last < 0 || !digits(rest[last+1:], 1, 3) {
		return false
	}
	for w := range strings.SplitSeq(rest[:last], "-") {
		if !lower(w) {
			return false
		}
	}
	return true
}

func lower(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func digits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// nameChars reports whether s holds 1 to max ASCII letters, digits and
// characters of extra.
func nameChars(s string, max int, extra string) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || strings.IndexByte(extra, b) >= 0) {
			return false
		}
	}
	return true
}
