package events

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Sources of the CloudWatch alarm events. The EventBridge event reference
// lists the same three detail-types under both: "Amazon CloudWatch events"
// (source aws.cloudwatch) and "Amazon CloudWatch Monitoring events" (source
// aws.monitoring).
const (
	SourceCloudWatch = "aws.cloudwatch"
	SourceMonitoring = "aws.monitoring"
)

// The detail-types of the events CloudWatch sends to EventBridge when an
// alarm changes (CloudWatch User Guide, "Alarm events and EventBridge").
const (
	// DetailTypeAlarmStateChange is sent when an alarm changes state; for a
	// Metrics Insights alarm over many time series, when the alarm as a whole
	// does.
	DetailTypeAlarmStateChange DetailType = "CloudWatch Alarm State Change"
	// DetailTypeAlarmContributorStateChange is sent when one time series
	// (contributor) of a Metrics Insights alarm changes state; its detail
	// names the contributor's attributes, the GROUP BY values.
	DetailTypeAlarmContributorStateChange DetailType = "CloudWatch Alarm Contributor State Change"
	// DetailTypeAlarmConfigurationChange is sent when an alarm is created,
	// updated or deleted.
	DetailTypeAlarmConfigurationChange DetailType = "CloudWatch Alarm Configuration Change"
)

// AlarmStateValue is the state of an alarm or of one of its contributors.
// Values not listed below are kept as they are.
type AlarmStateValue string

// Alarm states (the CloudWatch StateValue enum).
const (
	AlarmStateOK               AlarmStateValue = "OK"
	AlarmStateAlarm            AlarmStateValue = "ALARM"
	AlarmStateInsufficientData AlarmStateValue = "INSUFFICIENT_DATA"
)

// AlarmNotification is implemented by every CloudWatch alarm payload this
// package decodes: *[AlarmEvent] (EventBridge), *[AlarmSNSMessage] (the
// message of an SNS alarm action) and *[AlarmLambdaEvent] (the payload of a
// Lambda alarm action). Only the EventBridge one is also an [Event]: the
// other two have no EventBridge envelope. Switch on the concrete type to
// reach every field. The set is closed.
type AlarmNotification interface {
	// Summary returns what every alarm payload says, under one set of names.
	Summary() AlarmSummary
	// KeyIDs returns the IDs of the KMS keys the payload names, sorted and
	// without repeats: the KeyId dimensions of its AWS/KMS metrics (every
	// metric of a metric-math alarm), or for a contributor the KeyId
	// attribute. It is empty, not an error, for composite alarms, alarms on
	// other metrics and alarm-level Metrics Insights notifications, which
	// name no key: keys are never guessed from a query's text.
	KeyIDs() []string
	// KeyARNs returns the ARNs of those keys, in the same order. The account
	// and Region are those the payload names for the key (a contributor's
	// AWS.AccountId and AWS.Region attributes, a metric's account) and
	// otherwise the alarm's. A key whose account or Region is unknown is
	// left out.
	KeyARNs() []ARN

	alarmNotification()
}

// AlarmSummary holds what every alarm payload says about the alarm.
type AlarmSummary struct {
	Name string
	// ARN is the alarm's ARN.
	ARN string
	// Account and Region are the alarm's, as region codes such as
	// "us-east-1" (an SNS message names its Region in words, so the code is
	// taken from the alarm ARN).
	Account string
	Region  string
	// State is the new state and PreviousState the one before it; either is
	// empty when the payload does not say.
	State         AlarmStateValue
	PreviousState AlarmStateValue
	Reason        string
	// Time is when the state changed (for a configuration change, when the
	// event was sent).
	Time time.Time
	// Contributor is the time series the payload is about, for a
	// per-contributor notification of a Metrics Insights alarm; nil
	// otherwise.
	Contributor *AlarmContributor
}

// Dimension is a name and value pair: a metric dimension or a contributor
// attribute.
type Dimension struct {
	Name  string
	Value string
}

// AlarmContributor is one time series of a Metrics Insights alarm that
// watches many: its ID and attributes (the values of the query's GROUP BY
// labels, for example KeyId), in input order.
type AlarmContributor struct {
	ID         string
	Attributes []Dimension
}

// Attribute returns the value of the named attribute.
func (c *AlarmContributor) Attribute(name string) (string, bool) {
	if c == nil {
		return "", false
	}
	for _, a := range c.Attributes {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// AlarmState is the state, or previous state, of an alarm in an EventBridge
// event or a Lambda alarm action.
type AlarmState struct {
	Value  AlarmStateValue // value
	Reason string          // reason
	// ReasonData is reasonData, a JSON document CloudWatch sends as a string
	// (datapoints and threshold, or a composite alarm's triggering alarms);
	// it is kept as the text of that document.
	ReasonData string
	// Timestamp is timestamp, sent as for example
	// "2019-10-02T17:04:40.989+0000".
	Timestamp               time.Time
	ActionsSuppressedBy     string // actionsSuppressedBy, e.g. "WaitPeriod"
	ActionsSuppressedReason string // actionsSuppressedReason
}

// AlarmConfiguration is the configuration of an alarm as an alarm payload
// carries it: the metrics of a metric alarm or the rule of a composite one.
type AlarmConfiguration struct {
	Description string        // description
	Metrics     []AlarmMetric // metrics
	// AlarmRule is the rule of a composite alarm; the suppressor fields
	// below belong to composite alarms too.
	AlarmRule                        string // alarmRule
	ActionsSuppressor                string // actionsSuppressor
	ActionsSuppressorWaitPeriod      int64  // actionsSuppressorWaitPeriod, seconds
	ActionsSuppressorExtensionPeriod int64  // actionsSuppressorExtensionPeriod, seconds
}

// AlarmMetric is one query of an alarm (a MetricDataQuery): a metric with
// its statistic, or an expression (metric math, anomaly detection band or
// Metrics Insights query).
type AlarmMetric struct {
	ID         string
	Label      string
	Expression string
	MetricStat *AlarmMetricStat
	Period     int64
	ReturnData bool
	// AccountID is the account of the metric when the alarm reads another
	// account's metrics; "" otherwise.
	AccountID string
}

// AlarmMetricStat is a metric and the statistic an alarm reads from it.
type AlarmMetricStat struct {
	Namespace  string
	MetricName string
	Dimensions []Dimension
	Period     int64
	Stat       string
	Unit       string
}

// AlarmDetail is the alarm part of an EventBridge alarm event (its detail)
// and of a Lambda alarm action (its alarmData); the two have the same shape
// (CloudWatch User Guide, "Alarm events and EventBridge" and "Invoke a
// Lambda function from an alarm").
type AlarmDetail struct {
	AlarmName string // alarmName, required
	// Operation is "create", "update" or "delete" for a configuration
	// change; "" otherwise.
	Operation     string
	State         AlarmState  // state
	PreviousState *AlarmState // previousState; nil when absent
	Configuration AlarmConfiguration
	// PreviousConfiguration is the configuration before an update; nil when
	// absent.
	PreviousConfiguration *AlarmConfiguration
	// Contributor is alarmContributor, present in a contributor's
	// notification; nil otherwise.
	Contributor *AlarmContributor
	// Raw is the object as received. It keeps every member, those modelled
	// above and those AWS adds (muteDetail, alarmTags, ...); MarshalJSON
	// writes it back, so edit the fields above for reading only.
	Raw json.RawMessage
}

// AlarmEvent is an EventBridge event CloudWatch sends when an alarm changes:
// detail-type [DetailTypeAlarmStateChange],
// [DetailTypeAlarmContributorStateChange] or
// [DetailTypeAlarmConfigurationChange], source [SourceCloudWatch] or
// [SourceMonitoring]. It is both an [Event] and an [AlarmNotification].
type AlarmEvent struct {
	Header
	Detail AlarmDetail
}

// AlarmSNSMessage is the message CloudWatch publishes to an SNS topic when
// an alarm changes state (CloudWatch User Guide, "Notifying users on alarm
// changes"): the Message of the SNS notification, not the notification.
// A metric alarm's message has a Trigger, a composite alarm's an AlarmRule,
// and the message of one contributor of a Metrics Insights alarm has
// AlarmContributorId and AlarmContributorAttributes instead of a Trigger.
type AlarmSNSMessage struct {
	AlarmName        string // AlarmName, required
	AlarmDescription string
	AWSAccountID     string // AWSAccountId
	// AlarmConfigurationUpdatedTimestamp and StateChangeTime are sent as for
	// example "2015-06-03T17:43:27.123+0000".
	AlarmConfigurationUpdatedTimestamp time.Time
	NewStateValue                      AlarmStateValue
	NewStateReason                     string
	StateChangeTime                    time.Time
	// Region is the alarm's Region as CloudWatch writes it in this message,
	// in words (for example "US East (N. Virginia)"); Summary takes the
	// code from AlarmARN.
	Region                  string
	AlarmARN                string // AlarmArn
	OldStateValue           AlarmStateValue
	OKActions               []string
	AlarmActions            []string
	InsufficientDataActions []string
	Trigger                 *AlarmTrigger // nil for composite and contributor messages
	AlarmRule               string        // composite alarms
	// TriggeringChildren lists the child alarms that changed a composite
	// alarm, kept raw.
	TriggeringChildren json.RawMessage
	// Contributor is built from AlarmContributorId and
	// AlarmContributorAttributes; nil when absent.
	Contributor *AlarmContributor
	// Extra holds members not modelled above, in input order.
	Extra []Member
}

// AlarmTrigger is the Trigger of an SNS alarm message: the metric (or
// metric-math queries) and condition of a metric alarm.
type AlarmTrigger struct {
	MetricName    string
	Namespace     string
	StatisticType string // "Statistic" or "ExtendedStatistic"
	// Statistic is written in capitals in messages, for example "MINIMUM".
	Statistic                        string
	Unit                             string
	Dimensions                       []Dimension
	Period                           int64
	EvaluationPeriods                int64
	DatapointsToAlarm                int64
	ComparisonOperator               string
	Threshold                        float64
	TreatMissingData                 string
	EvaluateLowSampleCountPercentile string
	// Metrics holds the queries of a metric-math or Metrics Insights alarm.
	Metrics []AlarmMetric
	// Extra holds members not modelled above, in input order.
	Extra []Member
}

// AlarmLambdaEvent is the payload CloudWatch sends when an alarm action
// invokes a Lambda function (CloudWatch User Guide, "Invoke a Lambda
// function from an alarm"); for a Metrics Insights alarm, one per
// contributor that changed state.
type AlarmLambdaEvent struct {
	Source    string    // source, "aws.cloudwatch"
	AlarmARN  string    // alarmArn
	AccountID string    // accountId
	Time      time.Time // time, sent as for example "2023-08-04T12:36:15.490+0000"
	Region    string    // region
	AlarmData AlarmDetail
	// Extra holds members not modelled above, in input order.
	Extra []Member
}

func (*AlarmEvent) alarmNotification()       {}
func (*AlarmSNSMessage) alarmNotification()  {}
func (*AlarmLambdaEvent) alarmNotification() {}

// Head returns the envelope fields; for a nil event, a zero Header.
func (e *AlarmEvent) Head() *Header {
	if e == nil {
		return &Header{}
	}
	return &e.Header
}

// KeyID returns the key ID when the event names exactly one key (see
// KeyIDs), else "".
func (e *AlarmEvent) KeyID() string {
	if ids := e.KeyIDs(); len(ids) == 1 {
		return ids[0]
	}
	return ""
}

// KeyARN returns the key ARN when the event names exactly one key and its
// account and Region are known, else the zero ARN.
func (e *AlarmEvent) KeyARN() ARN {
	if arns := e.KeyARNs(); len(arns) == 1 && len(e.KeyIDs()) == 1 {
		return arns[0]
	}
	return ARN{}
}

// Summary implements [AlarmNotification]. The alarm's ARN is the first
// CloudWatch alarm ARN in the resources.
func (e *AlarmEvent) Summary() AlarmSummary {
	if e == nil {
		return AlarmSummary{}
	}
	s := e.Detail.summary()
	for _, r := range e.Resources {
		if _, _, ok := alarmARNParts(r); ok {
			s.ARN = r
			break
		}
	}
	s.Account, s.Region = e.Account, e.Region
	if s.Time.IsZero() || e.Detail.Operation != "" {
		s.Time = e.Time
	}
	return s
}

// KeyIDs implements [AlarmNotification].
func (e *AlarmEvent) KeyIDs() []string { return e.keys().ids() }

// KeyARNs implements [AlarmNotification].
func (e *AlarmEvent) KeyARNs() []ARN { return e.keys().arns() }

func (e *AlarmEvent) keys() keySet {
	if e == nil {
		return keySet{}
	}
	return e.Detail.keys(e.Account, e.Region)
}

// Summary implements [AlarmNotification]. Account falls back to the alarm
// ARN's when AWSAccountId is absent.
func (m *AlarmSNSMessage) Summary() AlarmSummary {
	if m == nil {
		return AlarmSummary{}
	}
	region, account := m.regionAccount()
	return AlarmSummary{
		Name: m.AlarmName, ARN: m.AlarmARN, Account: account, Region: region,
		State: m.NewStateValue, PreviousState: m.OldStateValue, Reason: m.NewStateReason,
		Time: m.StateChangeTime, Contributor: m.Contributor,
	}
}

// KeyIDs implements [AlarmNotification].
func (m *AlarmSNSMessage) KeyIDs() []string { return m.keys().ids() }

// KeyARNs implements [AlarmNotification].
func (m *AlarmSNSMessage) KeyARNs() []ARN { return m.keys().arns() }

// regionAccount returns the Region of the alarm ARN and the account:
// AWSAccountId, else the alarm ARN's.
func (m *AlarmSNSMessage) regionAccount() (region, account string) {
	region, account, _ = alarmARNParts(m.AlarmARN)
	if m.AWSAccountID != "" {
		account = m.AWSAccountID
	}
	return region, account
}

func (m *AlarmSNSMessage) keys() keySet {
	if m == nil {
		return keySet{}
	}
	region, account := m.regionAccount()
	k := keySet{account: account, region: region}
	if m.Contributor != nil {
		k.addContributor(m.Contributor)
		return k
	}
	if t := m.Trigger; t != nil {
		if t.Namespace == kmsNamespace {
			k.addDimensions(t.Dimensions, "")
		}
		k.addMetrics(t.Metrics)
	}
	return k
}

// Summary implements [AlarmNotification].
func (l *AlarmLambdaEvent) Summary() AlarmSummary {
	if l == nil {
		return AlarmSummary{}
	}
	s := l.AlarmData.summary()
	s.ARN, s.Account, s.Region = l.AlarmARN, l.AccountID, l.Region
	if s.Time.IsZero() {
		s.Time = l.Time
	}
	return s
}

// KeyIDs implements [AlarmNotification].
func (l *AlarmLambdaEvent) KeyIDs() []string { return l.keys().ids() }

// KeyARNs implements [AlarmNotification].
func (l *AlarmLambdaEvent) KeyARNs() []ARN { return l.keys().arns() }

func (l *AlarmLambdaEvent) keys() keySet {
	if l == nil {
		return keySet{}
	}
	return l.AlarmData.keys(l.AccountID, l.Region)
}

func (d *AlarmDetail) summary() AlarmSummary {
	s := AlarmSummary{
		Name: d.AlarmName, State: d.State.Value, Reason: d.State.Reason,
		Time: d.State.Timestamp, Contributor: d.Contributor,
	}
	if d.PreviousState != nil {
		s.PreviousState = d.PreviousState.Value
	}
	return s
}

func (d *AlarmDetail) keys(account, region string) keySet {
	k := keySet{account: account, region: region}
	if d.Contributor != nil {
		k.addContributor(d.Contributor)
		return k
	}
	k.addMetrics(d.Configuration.Metrics)
	return k
}

// kmsNamespace is the CloudWatch namespace of the KMS metrics; only its
// KeyId dimension names a KMS key.
const kmsNamespace = "AWS/KMS"

// The dimension and attribute names that name a key, and the attributes a
// Metrics Insights query grouped by AWS.AccountId or AWS.Region gives its
// contributors (attribute names as the GROUP BY labels, unverified against a
// live alarm).
const (
	keyIDDimension   = "KeyId"
	accountAttribute = "AWS.AccountId"
	regionAttribute  = "AWS.Region"
)

// keySet gathers the keys a payload names, each with the account and Region
// the payload gives it.
type keySet struct {
	account, region string
	keys            []ARN // Type and Partition unset until arns
}

func (k *keySet) add(id, account, region string) {
	if id = bareKeyID(id); id == "" {
		return
	}
	if account == "" {
		account = k.account
	}
	if region == "" {
		region = k.region
	}
	k.keys = append(k.keys, ARN{Region: region, Account: account, ID: id})
}

func (k *keySet) addContributor(c *AlarmContributor) {
	id, ok := c.Attribute(keyIDDimension)
	if !ok {
		return
	}
	account, _ := c.Attribute(accountAttribute)
	region, _ := c.Attribute(regionAttribute)
	k.add(id, account, region)
}

func (k *keySet) addMetrics(ms []AlarmMetric) {
	for _, m := range ms {
		if m.MetricStat != nil && m.MetricStat.Namespace == kmsNamespace {
			k.addDimensions(m.MetricStat.Dimensions, m.AccountID)
		}
	}
}

func (k *keySet) addDimensions(ds []Dimension, account string) {
	for _, d := range ds {
		if d.Name == keyIDDimension {
			k.add(d.Value, account, "")
		}
	}
}

// sorted orders the keys by ID (then account and Region) and drops repeats.
func (k *keySet) sorted() []ARN {
	slices.SortFunc(k.keys, func(a, b ARN) int {
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		if c := strings.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		return strings.Compare(a.Region, b.Region)
	})
	return slices.Compact(k.keys)
}

func (k keySet) ids() []string {
	var out []string
	for _, a := range k.sorted() {
		if len(out) == 0 || out[len(out)-1] != a.ID {
			out = append(out, a.ID)
		}
	}
	return out
}

func (k keySet) arns() []ARN {
	var out []ARN
	for _, a := range k.sorted() {
		if arn := KeyARN(a.Region, a.Account, a.ID); !arn.IsZero() {
			out = append(out, arn)
		}
	}
	return out
}

// alarmARNParts returns the Region and account of a CloudWatch alarm ARN,
// arn:partition:cloudwatch:region:account:alarm:name.
func alarmARNParts(s string) (region, account string, ok bool) {
	var parts [6]string
	for i := range parts[:5] {
		j := strings.IndexByte(s, ':')
		if j < 0 {
			return "", "", false
		}
		parts[i], s = s[:j], s[j+1:]
	}
	parts[5], _, ok = strings.Cut(s, ":")
	if !ok || parts[0] != "arn" || parts[2] != "cloudwatch" || parts[5] != "alarm" {
		return "", "", false
	}
	return parts[3], parts[4], true
}

// MarshalJSON encodes the event as EventBridge delivers it, the detail
// being Detail.Raw (null when empty).
func (e *AlarmEvent) MarshalJSON() ([]byte, error) {
	return marshalEvent(&e.Header, e.Detail.encode)
}

// UnmarshalJSON decodes an alarm event with [Parse]; any other event fails
// with an error matching [ErrUnexpectedDetailType].
func (e *AlarmEvent) UnmarshalJSON(data []byte) error {
	ev, err := Parse(data)
	if err != nil {
		return err
	}
	a, ok := ev.(*AlarmEvent)
	if !ok {
		return &DetailTypeError{DetailType: ev.Head().DetailType, Want: alarmDetailTypes}
	}
	*e = *a
	return nil
}

func (a AlarmDetail) encode(w *writer) {
	if len(a.Raw) == 0 {
		w.raw("null")
		return
	}
	w.raw(string(a.Raw))
}
