package delivery

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// The service principals that make the calls on a delivery path.
const (
	// CloudWatch publishes an alarm's notifications to SNS as
	// cloudwatch.amazonaws.com (Amazon SNS Developer Guide, "Key
	// management", Enable compatibility between event sources from AWS
	// services and encrypted topics).
	CloudWatch = "cloudwatch.amazonaws.com"
	// EventBridge sends a rule's events to its SNS and SQS targets as
	// events.amazonaws.com (Amazon EventBridge User Guide, "Using
	// resource-based policies for Amazon EventBridge" and "Troubleshooting
	// Amazon EventBridge").
	EventBridge = "events.amazonaws.com"
)

// Path is one delivery path: a service sending on behalf of an alarm or a
// rule to an SNS topic or SQS queue.
type Path struct {
	// Principal is the service principal that sends: [CloudWatch] or
	// [EventBridge].
	Principal string
	// Source is the alarm's or rule's ARN: the value of aws:SourceArn in the
	// requests the service makes.
	Source string
	// Field locates the destination in the input the path came from, for
	// example "AlarmActions[0]" or "Targets[1]".
	Field string
	// Destination is the SNS topic or SQS queue ARN.
	Destination string
	// RoleARN is a rule target's RoleArn. With a role, EventBridge calls as
	// that role, whose IAM policies are not among the check's inputs.
	RoleARN string
}

// Origin is the account and Region an alarm or rule is created in, for the
// inputs that name it without an ARN.
type Origin struct {
	Account string
	Region  string
}

var (
	accountPattern = regexp.MustCompile(`^[0-9]{12}$`)
	regionPattern  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
)

func (o Origin) validate(c *validate.Collector, field string) {
	c.Pattern(field+".Account", o.Account, accountPattern)
	c.Pattern(field+".Region", o.Region, regionPattern)
}

func (o Origin) arn(service, resource string) string {
	return "arn:" + string(events.PartitionOf(o.Region)) + ":" + service + ":" + o.Region + ":" + o.Account + ":" + resource
}

// AlarmInputPaths returns the paths of an alarm's SNS actions (OKActions,
// AlarmActions, InsufficientDataActions) as PutMetricAlarm would create
// them in the origin account and Region. Actions that are not SNS topics
// (Lambda, EC2, Systems Manager) are not delivery paths to a topic and are
// left out. A nil input, an empty AlarmName or a bad origin is a
// [*kmswatch.ValidationError].
func AlarmInputPaths(in *cloudwatch.PutMetricAlarmInput, origin Origin) ([]Path, error) {
	c := validate.New("delivery.AlarmInputPaths")
	if !c.NotNil("in", in != nil) {
		return nil, c.Err()
	}
	name := aws.ToString(in.AlarmName)
	c.Required("in.AlarmName", name != "")
	origin.validate(c, "origin")
	if err := c.Err(); err != nil {
		return nil, err
	}
	return alarmPaths(origin.arn("cloudwatch", "alarm:"+name), in.OKActions, in.AlarmActions, in.InsufficientDataActions), nil
}

// AlarmPaths returns the paths of an alarm's SNS actions as DescribeAlarms
// returned it. An alarm without AlarmArn is a [*kmswatch.ValidationError].
func AlarmPaths(a cwtypes.MetricAlarm) ([]Path, error) {
	c := validate.New("delivery.AlarmPaths")
	arn := aws.ToString(a.AlarmArn)
	c.Required("AlarmArn", arn != "")
	if err := c.Err(); err != nil {
		return nil, err
	}
	return alarmPaths(arn, a.OKActions, a.AlarmActions, a.InsufficientDataActions), nil
}

func alarmPaths(source string, ok, alarm, insufficient []string) []Path {
	var out []Path
	for _, list := range []struct {
		field   string
		actions []string
	}{{"OKActions", ok}, {"AlarmActions", alarm}, {"InsufficientDataActions", insufficient}} {
		for i, a := range list.actions {
			if serviceOf(a) != "sns" {
				continue
			}
			out = append(out, Path{
				Principal:   CloudWatch,
				Source:      source,
				Field:       list.field + "[" + strconv.Itoa(i) + "]",
				Destination: a,
			})
		}
	}
	return out
}

// TargetPaths returns the paths of a rule's SNS and SQS targets as
// PutTargets would create them in the origin account and Region (an
// EventBusName given as an ARN names the bus's account and Region itself).
// Other targets are left out. A nil input, an empty Rule or a bad origin is
// a [*kmswatch.ValidationError].
func TargetPaths(in *eventbridge.PutTargetsInput, origin Origin) ([]Path, error) {
	c := validate.New("delivery.TargetPaths")
	if !c.NotNil("in", in != nil) {
		return nil, c.Err()
	}
	rule := aws.ToString(in.Rule)
	c.Required("in.Rule", rule != "")
	bus := aws.ToString(in.EventBusName)
	if f := arnParts(bus); f != nil {
		origin = Origin{Account: f[4], Region: f[3]}
		bus = strings.TrimPrefix(f[5], "event-bus/")
	}
	origin.validate(c, "origin")
	if err := c.Err(); err != nil {
		return nil, err
	}
	// A rule on the default bus is rule/<name>; on another bus it is
	// rule/<bus>/<name> (Amazon EventBridge API Reference, DescribeRule).
	resource := "rule/" + rule
	if bus != "" && bus != "default" {
		resource = "rule/" + bus + "/" + rule
	}
	source := origin.arn("events", resource)
	var out []Path
	for i, t := range in.Targets {
		arn := aws.ToString(t.Arn)
		if s := serviceOf(arn); s != "sns" && s != "sqs" {
			continue
		}
		out = append(out, Path{
			Principal:   EventBridge,
			Source:      source,
			Field:       "Targets[" + strconv.Itoa(i) + "]",
			Destination: arn,
			RoleARN:     aws.ToString(t.RoleArn),
		})
	}
	return out, nil
}

// arnParts splits an ARN into its six fields, or returns nil.
func arnParts(arn string) []string {
	f := strings.SplitN(arn, ":", 6)
	if len(f) != 6 || f[0] != "arn" {
		return nil
	}
	return f
}

func serviceOf(arn string) string {
	if f := arnParts(arn); f != nil {
		return f[2]
	}
	return ""
}
