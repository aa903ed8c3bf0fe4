package cloudwatchtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// Operations on alarm state, history and actions.
const (
	OpDescribeAlarmHistory      = "DescribeAlarmHistory"
	OpSetAlarmState             = "SetAlarmState"
	OpEnableAlarmActions        = "EnableAlarmActions"
	OpDisableAlarmActions       = "DisableAlarmActions"
	OpDescribeAlarmContributors = "DescribeAlarmContributors"
)

// Model limits of these operations (botocore cloudwatch model).
const (
	maxStateReasonLen     = 1023
	maxStateReasonDataLen = 4000
	maxHistoryRecords     = 100
)

// Action is an alarm action that ran on a state change: what a test reads
// to prove that an alarm would have notified its SNS topic. It is a plain
// value.
type Action struct {
	// AlarmName is the alarm that changed state.
	AlarmName string
	// ARN is the action: the SNS topic ARN, or whatever ARN the alarm lists
	// for the new state.
	ARN string
	// State is the state the alarm entered.
	State types.StateValue
	// Time is the server time of the state change.
	Time time.Time
	// Contributor is the contributor of a multi-time-series Metrics
	// Insights alarm whose change ran the action; nil when the alarm
	// changed state.
	Contributor *Contributor
	// Body is what CloudWatch sends to the action: for an SNS topic, the
	// alarm message it publishes, which the topic delivers as the Message
	// of its notification (user guide, "Notifying users on alarm
	// changes"); for a Lambda function, the payload the function is
	// invoked with ("Invoke a Lambda function from an alarm"); the
	// contributor's own message or payload when Contributor is set; nil
	// for other actions.
	Body []byte
}

// EventSink receives the "CloudWatch Alarm State Change" events of a Server
// connected to it with [WithEventBridge]. *eventbridgetest.Server satisfies
// it: Emit delivers one event, a complete EventBridge envelope, as an AWS
// service would send it. The Server calls Emit one event at a time, in the
// order of the changes, without holding its lock, so Emit may call the
// Server; an error is recorded in the alarm's history.
type EventSink interface {
	Emit(event []byte) (int, error)
}

// WithEventBridge connects the server to an EventBridge, such as an
// *eventbridgetest.Server: every alarm state change is emitted as the
// "CloudWatch Alarm State Change" event (source aws.cloudwatch) that
// CloudWatch sends to the default event bus (user guide, "Alarm events and
// EventBridge"), so that rules can be proven to route it.
func WithEventBridge(sink EventSink) Option {
	return func(o *options) { o.sink = sink }
}

// unlock releases s.mu after sending the state change events the engine
// queued while it was held, in order. The sink is called without the lock,
// so that it may call the Server (an EventBridge target that reads the
// alarm, say) without deadlocking; events a call from the sink queues are
// sent by the unlock that is already sending, after the ones before them. A
// failed delivery is recorded in the alarm's history at the time of the
// change.
func (s *Server) unlock() {
	if s.draining {
		s.mu.Unlock()
		return
	}
	s.draining = true
	for batch := s.eng.TakeOutbox(); len(batch) > 0; batch = s.eng.TakeOutbox() {
		s.mu.Unlock()
		errs := make([]error, len(batch))
		for i, e := range batch {
			_, errs[i] = s.opts.sink.Emit(e.Body)
		}
		s.mu.Lock()
		for i, err := range errs {
			if err != nil {
				s.eng.DeliveryFailed(batch[i].Alarm, batch[i].At, err)
			}
		}
	}
	s.draining = false
	s.mu.Unlock()
}

// eventConfiguration renders the configuration member of alarm events
// and Lambda payloads: description and the metrics, each with id,
// returnData, and metricStat (metric with namespace, name and dimensions as
// an object; period; stat; unit) or expression (with label and period when
// set), as the examples of "Alarm events and EventBridge" and "Invoke a
// Lambda function from an alarm" show.
func eventConfiguration(a *alarmConfig) map[string]any {
	metricOf := func(namespace, name *string, dims []wireDimension) map[string]any {
		d := map[string]string{}
		for _, x := range dims {
			d[deref(x.Name)] = deref(x.Value)
		}
		return map[string]any{"namespace": deref(namespace), "name": deref(name), "dimensions": d}
	}
	var metrics []map[string]any
	if a.MetricName != nil {
		stat := deref(a.Statistic)
		if a.ExtendedStatistic != nil {
			stat = *a.ExtendedStatistic
		}
		ms := map[string]any{
			"metric": metricOf(a.Namespace, a.MetricName, a.Dimensions),
			"period": deref(a.Period), "stat": stat,
		}
		if a.Unit != nil {
			ms["unit"] = *a.Unit
		}
		metrics = append(metrics, map[string]any{"id": "m1", "metricStat": ms, "returnData": true})
	}
	for _, q := range a.Metrics {
		m := map[string]any{"id": deref(q.ID), "returnData": q.ReturnData == nil || *q.ReturnData}
		if q.Expression != nil {
			m["expression"] = *q.Expression
		}
		if q.Label != nil {
			m["label"] = *q.Label
		}
		if q.Period != nil {
			m["period"] = *q.Period
		}
		if ms := q.MetricStat; ms != nil && ms.Metric != nil {
			stat := map[string]any{
				"metric": metricOf(ms.Metric.Namespace, ms.Metric.MetricName, ms.Metric.Dimensions),
				"period": deref(ms.Period), "stat": deref(ms.Stat),
			}
			if ms.Unit != nil {
				stat["unit"] = *ms.Unit
			}
			m["metricStat"] = stat
		}
		metrics = append(metrics, m)
	}
	out := map[string]any{"metrics": metrics}
	if a.AlarmDescription != nil {
		out["description"] = *a.AlarmDescription
	}
	return out
}

// Actions returns, in order, every alarm action that ran on a state change
// up to the server clock: the ARNs of the OKActions, AlarmActions or
// InsufficientDataActions of the state entered, while ActionsEnabled is
// true. Nothing is invoked; the list is what CloudWatch would have
// notified.
func (s *Server) Actions() []Action {
	s.mu.Lock()
	defer s.unlock()
	s.eng.Advance()
	ran := s.eng.Actions()
	out := make([]Action, 0, len(ran))
	for _, a := range ran {
		ch := a.Change
		out = append(out, Action{AlarmName: ch.Alarm.Name, ARN: a.ARN, State: types.StateValue(ch.New.Value),
			Time: ch.New.At, Contributor: contributorOf(ch), Body: a.Body})
	}
	return out
}

// SetServiceQuota sets the value the metric math function SERVICE_QUOTA
// returns for a metric (in CloudWatch, the applied value of the quota
// Service Quotas associates with an AWS/Usage metric). Without it,
// SERVICE_QUOTA fails, as it does for a metric that has no quota, and
// the alarm's EvaluationState becomes EVALUATION_ERROR.
func (s *Server) SetServiceQuota(namespace, metricName string, dims []types.Dimension, quota float64) {
	s.mu.Lock()
	defer s.unlock()
	s.eng.SetQuota(namespace, metricName, dimsFromTypes(dims), quota)
}

type describeAlarmHistoryInput struct {
	AlarmName          *string    `cbor:"AlarmName,omitempty"`
	AlarmContributorID *string    `cbor:"AlarmContributorId,omitempty"`
	AlarmTypes         []string   `cbor:"AlarmTypes,omitempty"`
	HistoryItemType    *string    `cbor:"HistoryItemType,omitempty"`
	StartDate          *time.Time `cbor:"StartDate,omitempty"`
	EndDate            *time.Time `cbor:"EndDate,omitempty"`
	MaxRecords         *int32     `cbor:"MaxRecords,omitempty"`
	NextToken          *string    `cbor:"NextToken,omitempty"`
	ScanBy             *string    `cbor:"ScanBy,omitempty"`
}

type wireHistoryItem struct {
	AlarmName          string    `cbor:"AlarmName"`
	AlarmType          string    `cbor:"AlarmType"`
	Timestamp          time.Time `cbor:"Timestamp"`
	HistoryItemType    string    `cbor:"HistoryItemType"`
	HistorySummary     string    `cbor:"HistorySummary"`
	HistoryData        string    `cbor:"HistoryData,omitempty"`
	AlarmContributorID string    `cbor:"AlarmContributorId,omitempty"`
}

type describeAlarmHistoryOutput struct {
	Items     []wireHistoryItem `cbor:"AlarmHistoryItems"`
	NextToken string            `cbor:"NextToken,omitempty"`
}

// describeAlarmHistory returns history items newest first unless ScanBy is
// TimestampAscending, at most MaxRecords (1-100, default 100) per page.
func (s *Server) describeAlarmHistory(in *describeAlarmHistoryInput) (any, *apiError) {
	var p problems
	if in.AlarmName != nil {
		p.checkLen("AlarmName", *in.AlarmName, 1, maxNameLen)
	}
	if in.HistoryItemType != nil {
		p.checkEnum("HistoryItemType", *in.HistoryItemType, historyItemTypeValues)
	}
	metricAlarms := p.checkAlarmTypes(in.AlarmTypes)
	if in.ScanBy != nil {
		p.checkEnum("ScanBy", *in.ScanBy, scanByValues)
	}
	limit := p.checkMaxRecords(in.MaxRecords, maxHistoryRecords, maxHistoryRecords)
	resumed, err := p.resume(in, &in.NextToken)
	if err != nil {
		return nil, err
	}
	out := describeAlarmHistoryOutput{Items: []wireHistoryItem{}}
	if !metricAlarms {
		return out, nil
	}
	s.mu.Lock()
	var matched []wireHistoryItem
	for _, h := range s.eng.History() {
		switch {
		case in.AlarmName != nil && h.Alarm != *in.AlarmName,
			in.HistoryItemType != nil && h.Type != *in.HistoryItemType,
			in.AlarmContributorID != nil && h.ContributorID != *in.AlarmContributorID,
			in.StartDate != nil && h.At.Before(*in.StartDate),
			in.EndDate != nil && h.At.After(*in.EndDate):
			continue
		}
		matched = append(matched, wireHistoryItem{
			AlarmName: h.Alarm, AlarmType: string(types.AlarmTypeMetricAlarm), Timestamp: h.At,
			HistoryItemType: h.Type, HistorySummary: h.Summary, HistoryData: h.Data,
			AlarmContributorID: h.ContributorID,
		})
	}
	s.unlock()
	if in.ScanBy == nil || *in.ScanBy == string(types.ScanByTimestampDescending) {
		slices.Reverse(matched)
	}
	items, next := pageOf(matched, resumed, limit)
	out.Items, out.NextToken = append(out.Items, items...), next
	return out, nil
}

type setAlarmStateInput struct {
	AlarmName       *string `cbor:"AlarmName,omitempty"`
	StateValue      *string `cbor:"StateValue,omitempty"`
	StateReason     *string `cbor:"StateReason,omitempty"`
	StateReasonData *string `cbor:"StateReasonData,omitempty"`
}

// setAlarmState sets the state until the next evaluation, which may change
// it back (user guide: "This temporary state change lasts only until the
// next alarm comparison occurs"); a change runs the actions as any other.
// StateReasonData must be JSON (API reference, SetAlarmState:
// InvalidFormat).
func (s *Server) setAlarmState(in *setAlarmStateInput) (any, *apiError) {
	var p problems
	if p.checkRequired("AlarmName", in.AlarmName != nil) {
		p.checkLen("AlarmName", *in.AlarmName, 1, maxNameLen)
	}
	if p.checkRequired("StateValue", in.StateValue != nil) {
		p.checkEnum("StateValue", *in.StateValue, stateValues)
	}
	if p.checkRequired("StateReason", in.StateReason != nil) {
		p.checkLen("StateReason", *in.StateReason, 0, maxStateReasonLen)
	}
	if in.StateReasonData != nil {
		p.checkLen("StateReasonData", *in.StateReasonData, 0, maxStateReasonDataLen)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if in.StateReasonData != nil && !json.Valid([]byte(*in.StateReasonData)) {
		return nil, &apiError{Status: http.StatusBadRequest, Code: codeInvalidFormat,
			Message: "The value for parameter StateReasonData is not valid JSON."}
	}
	s.mu.Lock()
	defer s.unlock()
	a := s.eng.Alarm(*in.AlarmName)
	if a == nil {
		return nil, alarmNotFound(*in.AlarmName)
	}
	s.eng.SetAlarmState(a, *in.StateValue, *in.StateReason, deref(in.StateReasonData))
	return struct{}{}, nil
}

func (s *Server) enableAlarmActions(in *alarmNamesInput) (any, *apiError) {
	return s.setActionsEnabled(in, true)
}

func (s *Server) disableAlarmActions(in *alarmNamesInput) (any, *apiError) {
	return s.setActionsEnabled(in, false)
}

// setActionsEnabled sets ActionsEnabled of the named alarms; unknown names
// are skipped, as the API reference documents no error for them.
func (s *Server) setActionsEnabled(in *alarmNamesInput, enabled bool) (any, *apiError) {
	names, err := alarmNames(in)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlock()
	for _, n := range names {
		if a := s.eng.Alarm(n); a != nil {
			a.ActionsEnabled = enabled
		}
	}
	return struct{}{}, nil
}

type describeAlarmContributorsInput struct {
	AlarmName *string `cbor:"AlarmName,omitempty"`
	NextToken *string `cbor:"NextToken,omitempty"`
}

type wireContributor struct {
	ContributorID              string            `cbor:"ContributorId"`
	ContributorAttributes      map[string]string `cbor:"ContributorAttributes"`
	StateReason                string            `cbor:"StateReason"`
	StateTransitionedTimestamp time.Time         `cbor:"StateTransitionedTimestamp"`
}

type describeAlarmContributorsOutput struct {
	Contributors []wireContributor `cbor:"AlarmContributors"`
	NextToken    string            `cbor:"NextToken,omitempty"`
}

// describeAlarmContributors returns the contributors of a multi-time-series
// alarm that are in ALARM (API reference, DescribeAlarmContributors), at
// most 100 (user guide, Metrics Insights alarm limits), ordered by id.
func (s *Server) describeAlarmContributors(in *describeAlarmContributorsInput) (any, *apiError) {
	var p problems
	if p.checkRequired("AlarmName", in.AlarmName != nil) {
		p.checkLen("AlarmName", *in.AlarmName, 1, maxNameLen)
	}
	if _, err := p.resume(in, &in.NextToken); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlock()
	a := s.eng.Alarm(*in.AlarmName)
	if a == nil {
		return nil, alarmNotFound(*in.AlarmName)
	}
	out := describeAlarmContributorsOutput{Contributors: []wireContributor{}}
	for _, c := range a.Contributors() {
		out.Contributors = append(out.Contributors, wireContributor{
			ContributorID: c.ID, ContributorAttributes: c.Attributes,
			StateReason: c.Reason, StateTransitionedTimestamp: c.Transitioned,
		})
	}
	return out, nil
}

// alarmNotFound is the error of an operation on an alarm that does not
// exist.
func alarmNotFound(name string) *apiError {
	return &apiError{Status: http.StatusNotFound, Code: codeResourceNotFound, Message: fmt.Sprintf("Alarm %s not found", name)}
}
