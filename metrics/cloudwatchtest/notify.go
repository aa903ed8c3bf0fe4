package cloudwatchtest

import (
	"fmt"
	"maps"
	"strings"
	"time"

	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/jsonenc"
)

// What CloudWatch sends when an alarm changes state, by kind of action
// (user guide, "Acting on alarm changes", "Notifying users on alarm
// changes", "Invoke a Lambda function from an alarm" and "Alarm events and
// EventBridge"):
//
//   - to an SNS topic, a JSON message: AlarmName, AlarmDescription (null
//     when the alarm has none), AWSAccountId, the Region in words, AlarmArn,
//     OldStateValue and NewStateValue, NewStateReason, StateChangeTime and
//     AlarmConfigurationUpdatedTimestamp as 2006-01-02T15:04:05.000+0000, the
//     three action lists, and the Trigger: the metric, statistic in capitals,
//     dimensions as [{"value","name"}] and condition of a single-metric
//     alarm, or the Metrics queries of a metric-math or Metrics Insights one
//     (the shape of aws-lambda-go's CloudWatchAlarmSNSPayload);
//   - to a Lambda function, the alarm-action payload: source aws.cloudwatch,
//     alarmArn, accountId, time (same format), region (the code) and
//     alarmData holding alarmName, state and previousState (value, reason,
//     reasonData, timestamp) and configuration (description, metrics), as in
//     the "CloudWatch Alarm State Change" event's detail;
//   - for a contributor of a multi-time-series Metrics Insights alarm, the
//     same per contributor: the SNS message carries AlarmContributorId and
//     AlarmContributorAttributes (the GROUP BY values) instead of a Trigger;
//     the Lambda payload and the "CloudWatch Alarm Contributor State Change"
//     event carry alarmContributor {id, attributes} and no previousState, as
//     the documented contributor event does.
//
// Which actions run at which level for a multi-time-series alarm follows the
// table of "Acting on alarm changes": SNS, Lambda and Systems Manager
// OpsItem actions at both levels, EC2 actions only per contributor, every
// other action (Auto Scaling, Incident Manager, investigations) only at
// alarm level. A contributor's actions run when it enters ALARM (AlarmActions)
// and when it returns from ALARM to OK (OKActions); a time series that first
// appears in OK changes nothing, since a contributor is never in
// INSUFFICIENT_DATA. Which members the documented contributor SNS message
// has beyond the contributor ones is not shown in full (the "Alarm actions"
// example is cut short), so the fake writes those of the alarm-level message.

// Contributor is one time series of a multi-time-series Metrics Insights
// alarm (a query with GROUP BY): its ContributorId and its
// ContributorAttributes, the GROUP BY keys and their values, for example
// {"KeyId": "1234abcd-..."}.
type Contributor struct {
	ID         string
	Attributes map[string]string
}

// notifier renders the documents of the engine's state changes and checks
// their delivery; they are the protocol's, not the engine's.
type notifier struct{ s *Server }

func (n notifier) Refusal(alarmARN, arn string) string { return n.s.actionFailure(alarmARN, arn) }

func (n notifier) Body(ch *engine.Change, arn string) []byte { return n.s.actionBody(ch, arn) }

func (n notifier) Event(ch *engine.Change) []byte {
	if n.s.opts.sink == nil {
		return nil
	}
	return n.s.alarmEvent(ch)
}

// contributorOf returns the contributor whose change ch is, nil for a
// change of the alarm.
func contributorOf(ch *engine.Change) *Contributor {
	if cc := ch.Contributor; cc != nil {
		return &Contributor{ID: cc.ID, Attributes: maps.Clone(cc.Attributes)}
	}
	return nil
}

// actionBody returns what CloudWatch sends to the action arn for ch: the
// SNS message for a topic, the alarm-action payload for a Lambda function,
// nil for other actions, whose effect is not a document.
func (s *Server) actionBody(ch *engine.Change, arn string) []byte {
	service, _ := engine.ActionService(arn)
	switch service {
	case "sns":
		return s.snsMessage(ch)
	case "lambda":
		return s.lambdaPayload(ch)
	}
	return nil
}

// alarmTime is the timestamp format of alarm notifications, for example
// 2015-06-03T17:43:27.123+0000.
func alarmTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000-0700") }

// javaNumber is a number written as CloudWatch writes one in an SNS alarm
// message, as Java's Double.toString does (0.0, 8.64E7).
type javaNumber float64

func (f javaNumber) MarshalJSON() ([]byte, error) { return []byte(engine.JSONNumber(float64(f))), nil }

type snsDimension struct {
	Value string `json:"value"`
	Name  string `json:"name"`
}

type snsMetric struct {
	Dimensions []snsDimension `json:"Dimensions"`
	MetricName string         `json:"MetricName"`
	Namespace  string         `json:"Namespace"`
}

type snsMetricStat struct {
	Metric snsMetric `json:"Metric"`
	Period int32     `json:"Period"`
	Stat   string    `json:"Stat"`
	Unit   string    `json:"Unit,omitempty"`
}

type snsQuery struct {
	Expression string         `json:"Expression,omitempty"`
	ID         string         `json:"Id"`
	Label      string         `json:"Label,omitempty"`
	MetricStat *snsMetricStat `json:"MetricStat,omitempty"`
	Period     int32          `json:"Period,omitempty"`
	ReturnData bool           `json:"ReturnData"`
	AccountID  string         `json:"AccountId,omitempty"`
}

type snsTrigger struct {
	MetricName                       string          `json:"MetricName,omitempty"`
	Namespace                        string          `json:"Namespace,omitempty"`
	StatisticType                    string          `json:"StatisticType,omitempty"`
	Statistic                        string          `json:"Statistic,omitempty"`
	Unit                             *nullString     `json:"Unit,omitempty"`
	Dimensions                       *[]snsDimension `json:"Dimensions,omitempty"`
	Period                           int64           `json:"Period"`
	EvaluationPeriods                int32           `json:"EvaluationPeriods"`
	DatapointsToAlarm                int32           `json:"DatapointsToAlarm"`
	ComparisonOperator               string          `json:"ComparisonOperator"`
	Threshold                        *javaNumber     `json:"Threshold,omitempty"`
	ThresholdMetricID                string          `json:"ThresholdMetricId,omitempty"`
	TreatMissingData                 string          `json:"TreatMissingData"`
	EvaluateLowSampleCountPercentile string          `json:"EvaluateLowSampleCountPercentile"`
	Metrics                          []snsQuery      `json:"Metrics,omitempty"`
}

// nullString is a string that is written as null when empty.
type nullString string

func (n nullString) MarshalJSON() ([]byte, error) {
	if n == "" {
		return []byte("null"), nil
	}
	return engine.JSONString(string(n)), nil
}

type snsMessage struct {
	AlarmName                          string            `json:"AlarmName"`
	AlarmDescription                   nullString        `json:"AlarmDescription"`
	AWSAccountID                       string            `json:"AWSAccountId"`
	AlarmConfigurationUpdatedTimestamp string            `json:"AlarmConfigurationUpdatedTimestamp,omitempty"`
	NewStateValue                      string            `json:"NewStateValue"`
	NewStateReason                     string            `json:"NewStateReason"`
	StateChangeTime                    string            `json:"StateChangeTime"`
	Region                             string            `json:"Region"`
	AlarmArn                           string            `json:"AlarmArn"`
	OldStateValue                      string            `json:"OldStateValue"`
	OKActions                          []string          `json:"OKActions"`
	AlarmActions                       []string          `json:"AlarmActions"`
	InsufficientDataActions            []string          `json:"InsufficientDataActions"`
	Trigger                            *snsTrigger       `json:"Trigger,omitempty"`
	AlarmContributorID                 string            `json:"AlarmContributorId,omitempty"`
	AlarmContributorAttributes         map[string]string `json:"AlarmContributorAttributes,omitempty"`
}

// snsMessage renders the message CloudWatch publishes to an SNS topic for
// ch.
func (s *Server) snsMessage(ch *engine.Change) []byte {
	a := ch.Alarm
	c := configOf(a)
	m := snsMessage{
		AlarmName:                          a.Name,
		AlarmDescription:                   nullString(deref(c.AlarmDescription)),
		AWSAccountID:                       s.base.Account(),
		AlarmConfigurationUpdatedTimestamp: alarmTime(a.ConfigurationUpdated),
		NewStateValue:                      ch.New.Value,
		NewStateReason:                     ch.New.Reason,
		StateChangeTime:                    alarmTime(ch.New.At),
		Region:                             regionName(s.base.Region()),
		AlarmArn:                           a.ARN,
		OldStateValue:                      ch.Old.Value,
		OKActions:                          nonNil(a.OKActions),
		AlarmActions:                       nonNil(a.AlarmActions),
		InsufficientDataActions:            nonNil(a.InsufficientDataActions),
	}
	if cc := ch.Contributor; cc != nil {
		m.OldStateValue = engine.StateOK // a contributor is in ALARM or OK, OK before it first alarms
		if cc.Old != "" {
			m.OldStateValue = cc.Old
		}
		m.AlarmContributorID, m.AlarmContributorAttributes = cc.ID, cc.Attributes
	} else {
		m.Trigger = snsTriggerOf(c, a.Period())
	}
	b, _ := jsonenc.Marshal(m) // strings, numbers and maps of strings always encode
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// snsTriggerOf renders the Trigger of the SNS message of a metric alarm
// put with a, which evaluates at period.
func snsTriggerOf(a *alarmConfig, period int64) *snsTrigger {
	t := &snsTrigger{
		EvaluationPeriods:                deref(a.EvaluationPeriods),
		DatapointsToAlarm:                deref(a.EvaluationPeriods),
		ComparisonOperator:               deref(a.ComparisonOperator),
		ThresholdMetricID:                deref(a.ThresholdMetricID),
		TreatMissingData:                 deref(a.TreatMissingData),
		EvaluateLowSampleCountPercentile: deref(a.EvaluateLowSampleCountPercentile),
		Period:                           period,
	}
	if a.DatapointsToAlarm != nil {
		t.DatapointsToAlarm = *a.DatapointsToAlarm
	}
	if t.TreatMissingData == "" {
		t.TreatMissingData = engine.TreatMissingMissing
	}
	if a.Threshold != nil {
		v := javaNumber(*a.Threshold)
		t.Threshold = &v
	}
	if a.MetricName != nil {
		t.MetricName, t.Namespace = *a.MetricName, deref(a.Namespace)
		t.StatisticType, t.Statistic = "Statistic", snsStatistic(deref(a.Statistic))
		if a.ExtendedStatistic != nil {
			t.StatisticType, t.Statistic = "ExtendedStatistic", *a.ExtendedStatistic
		}
		unit := nullString(deref(a.Unit))
		t.Unit = &unit
		dims := snsDimensions(a.Dimensions)
		t.Dimensions = &dims
		t.Period = int64(deref(a.Period))
		return t
	}
	for _, q := range a.Metrics {
		sq := snsQuery{
			Expression: deref(q.Expression), ID: deref(q.ID), Label: deref(q.Label),
			Period: deref(q.Period), ReturnData: q.ReturnData == nil || *q.ReturnData,
			AccountID: deref(q.AccountID),
		}
		if ms := q.MetricStat; ms != nil && ms.Metric != nil {
			sq.MetricStat = &snsMetricStat{
				Metric: snsMetric{
					Dimensions: snsDimensions(ms.Metric.Dimensions),
					MetricName: deref(ms.Metric.MetricName), Namespace: deref(ms.Metric.Namespace),
				},
				Period: deref(ms.Period), Stat: deref(ms.Stat), Unit: deref(ms.Unit),
			}
		}
		t.Metrics = append(t.Metrics, sq)
	}
	return t
}

func snsDimensions(dims []wireDimension) []snsDimension {
	out := make([]snsDimension, 0, len(dims))
	for _, d := range dims {
		out = append(out, snsDimension{Value: deref(d.Value), Name: deref(d.Name)})
	}
	return out
}

// snsStatistic writes a statistic as SNS alarm messages do: in capitals,
// words joined by "_" (SampleCount is SAMPLE_COUNT).
func snsStatistic(stat string) string {
	if stat == engine.SampleCount {
		return "SAMPLE_COUNT"
	}
	return strings.ToUpper(stat)
}

// regionNames are the Region names SNS alarm messages carry in Region.
var regionNames = map[string]string{
	"us-east-1":      "US East (N. Virginia)",
	"us-east-2":      "US East (Ohio)",
	"us-west-1":      "US West (N. California)",
	"us-west-2":      "US West (Oregon)",
	"ca-central-1":   "Canada (Central)",
	"sa-east-1":      "South America (Sao Paulo)",
	"eu-central-1":   "EU (Frankfurt)",
	"eu-west-1":      "EU (Ireland)",
	"eu-west-2":      "EU (London)",
	"eu-west-3":      "EU (Paris)",
	"eu-north-1":     "EU (Stockholm)",
	"ap-south-1":     "Asia Pacific (Mumbai)",
	"ap-northeast-1": "Asia Pacific (Tokyo)",
	"ap-northeast-2": "Asia Pacific (Seoul)",
	"ap-northeast-3": "Asia Pacific (Osaka)",
	"ap-southeast-1": "Asia Pacific (Singapore)",
	"ap-southeast-2": "Asia Pacific (Sydney)",
}

// regionName returns the name of a Region as SNS alarm messages write it,
// or the code for a Region not in regionNames.
func regionName(code string) string {
	if n, ok := regionNames[code]; ok {
		return n
	}
	return code
}

// alarmState is a state in the Lambda payload and EventBridge events.
type alarmState struct {
	Value      string `json:"value"`
	Reason     string `json:"reason"`
	ReasonData string `json:"reasonData,omitempty"`
	Timestamp  string `json:"timestamp"`
}

func alarmStateOf(x engine.Snapshot) alarmState {
	return alarmState{Value: x.Value, Reason: x.Reason, ReasonData: x.Data, Timestamp: alarmTime(x.At)}
}

type alarmContributorJSON struct {
	ID         string            `json:"id"`
	Attributes map[string]string `json:"attributes"`
}

type alarmData struct {
	AlarmName        string                `json:"alarmName"`
	AlarmContributor *alarmContributorJSON `json:"alarmContributor,omitempty"`
	State            alarmState            `json:"state"`
	PreviousState    *alarmState           `json:"previousState,omitempty"`
	Configuration    map[string]any        `json:"configuration"`
}

// alarmDataOf renders the alarmData of a Lambda payload, which is also the
// detail of the EventBridge events.
func alarmDataOf(ch *engine.Change) alarmData {
	d := alarmData{
		AlarmName:     ch.Alarm.Name,
		State:         alarmStateOf(ch.New),
		Configuration: eventConfiguration(configOf(ch.Alarm)),
	}
	if cc := ch.Contributor; cc != nil {
		d.AlarmContributor = &alarmContributorJSON{ID: cc.ID, Attributes: cc.Attributes}
		return d
	}
	prev := alarmStateOf(ch.Old)
	d.PreviousState = &prev
	if ch.Alarm.MultiSeries() {
		// The documented event of a multi-time-series alarm has no
		// reasonData: the reason counts the contributors in ALARM.
		d.State.ReasonData, d.PreviousState.ReasonData = "", ""
	}
	return d
}

type lambdaPayload struct {
	Source    string    `json:"source"`
	AlarmArn  string    `json:"alarmArn"`
	AccountID string    `json:"accountId"`
	Time      string    `json:"time"`
	Region    string    `json:"region"`
	AlarmData alarmData `json:"alarmData"`
}

// lambdaPayload renders the payload CloudWatch invokes a Lambda function
// with for ch.
func (s *Server) lambdaPayload(ch *engine.Change) []byte {
	b, _ := jsonenc.Marshal(lambdaPayload{
		Source: "aws.cloudwatch", AlarmArn: ch.Alarm.ARN, AccountID: s.base.Account(),
		Time: alarmTime(ch.New.At), Region: s.base.Region(), AlarmData: alarmDataOf(ch),
	})
	return b
}

// alarmEvent renders the EventBridge event of ch: "CloudWatch Alarm State
// Change" for the alarm, "CloudWatch Alarm Contributor State Change" for a
// contributor. resources hold the alarm ARN, detail is the alarmData of the
// Lambda payload.
func (s *Server) alarmEvent(ch *engine.Change) []byte {
	s.eventSeq++
	detailType := "CloudWatch Alarm State Change"
	if ch.Contributor != nil {
		detailType = "CloudWatch Alarm Contributor State Change"
	}
	b, _ := jsonenc.Marshal(map[string]any{
		"version":     "0",
		"id":          fmt.Sprintf("cloudwatchtest-%012d", s.eventSeq),
		"detail-type": detailType,
		"source":      "aws.cloudwatch",
		"account":     s.base.Account(),
		"time":        ch.New.At.UTC().Format(time.RFC3339),
		"region":      s.base.Region(),
		"resources":   []string{ch.Alarm.ARN},
		"detail":      alarmDataOf(ch),
	})
	return b
}
