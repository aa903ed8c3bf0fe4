package rules

import "github.com/kmswatch/kmswatch/internal/validate"

// The event CloudWatch sends to the default event bus when an alarm changes
// state (CloudWatch user guide, "Alarm events and EventBridge").
const (
	// SourceCloudWatch is the source of CloudWatch alarm events.
	SourceCloudWatch = "aws.cloudwatch"
	// DetailTypeAlarmStateChange is their detail-type.
	DetailTypeAlarmStateChange = "CloudWatch Alarm State Change"
)

// alarmStates are the values of detail.state.value.
var alarmStates = []string{"OK", "ALARM", "INSUFFICIENT_DATA"}

// AlarmStates selects "CloudWatch Alarm State Change" events, such as those
// of the alarms package's alarms entering ALARM. Empty fields do not filter;
// values within a field are alternatives, fields are all required. It is a
// plain value, safe for concurrent use once built.
type AlarmStates struct {
	// Accounts are 12-digit account IDs.
	Accounts []string
	// Regions are Region codes such as "us-west-2".
	Regions []string
	// AlarmNames match detail.alarmName, for example
	// Prefix(alarms.DefaultPrefix) for every alarm built with default names.
	AlarmNames []StringMatch
	// States match detail.state.value, the state entered: "OK", "ALARM" or
	// "INSUFFICIENT_DATA".
	States []string
}

// Pattern builds the event pattern. It returns a [*kmswatch.ValidationError] listing
// every problem: unknown states, empty values, invalid account IDs, values
// that are not valid UTF-8 and invalid wildcards.
func (f AlarmStates) Pattern() (EventPattern, error) {
	c := validate.New("rules.AlarmStates")
	root := map[string]any{
		fieldSource:     []any{SourceCloudWatch},
		fieldDetailType: []any{DetailTypeAlarmStateChange},
	}
	envelopeFilters(c, root, f.Accounts, f.Regions)
	detail := map[string]any{}
	if len(f.AlarmNames) > 0 {
		detail["alarmName"] = stringMatches(c, "AlarmNames", f.AlarmNames)
	}
	if len(f.States) > 0 {
		for i, s := range f.States {
			if s != "" {
				c.Enum(indexPath("States", i), s, alarmStates...)
			}
		}
		detail["state"] = map[string]any{"value": strs(c, "States", f.States)}
	}
	if len(detail) > 0 {
		root[fieldDetail] = detail
	}
	if err := c.Err(); err != nil {
		return EventPattern{}, err
	}
	return EventPattern{root: root}, nil
}
