package cloudwatchtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/jsonenc"
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

// historyItem is one alarm history record.
type historyItem struct {
	alarm         string
	itemType      string
	summary       string
	data          string
	at            time.Time
	contributorID string
}

// stateChange is a transition whose history item, actions and event are
// still to be recorded.
type stateChange struct {
	a        *wireAlarm
	old, cur stateSnapshot
	// contributor is set for the change of one contributor of a
	// multi-time-series alarm, whose state a does not hold.
	contributor *contributorChange
}

// transition moves a to state at at, records the history item, runs the
// actions and emits the event; s.mu is held.
func (s *Server) transition(a *wireAlarm, at time.Time, state, reason, data string) {
	s.record(s.changeState(a, at, state, reason, data))
}

// changeState moves a to state at at and returns the change to record.
func (s *Server) changeState(a *wireAlarm, at time.Time, state, reason, data string) stateChange {
	old := stateSnapshot{value: a.StateValue, reason: a.StateReason, data: deref(a.StateReasonData), at: deref(a.StateUpdatedTimestamp)}
	a.StateValue, a.StateReason = state, reason
	a.StateReasonData = nil
	if data != "" {
		a.StateReasonData = &data
	}
	a.StateUpdatedTimestamp, a.StateTransitionedTimestamp = &at, &at
	return stateChange{a: a, old: old, cur: stateSnapshot{value: state, reason: reason, data: data, at: at}}
}

// record writes the history item of a change, runs the actions and emits
// the event; s.mu is held.
func (s *Server) record(ch stateChange) {
	if ch.contributor != nil {
		s.recordContributor(ch)
		return
	}
	a, old, at, state := ch.a, ch.old, ch.cur.at, ch.cur.value
	name := deref(a.AlarmName)
	s.history = append(s.history, historyItem{
		alarm:    name,
		itemType: string(types.HistoryItemTypeStateUpdate),
		summary:  fmt.Sprintf("Alarm updated from %s to %s", old.value, state),
		data:     historyData(old, ch.cur),
		at:       at,
	})
	if deref(a.ActionsEnabled) {
		var arns []string
		switch state {
		case engine.StateAlarm:
			arns = a.AlarmActions
		case engine.StateOK:
			arns = a.OKActions
		default:
			arns = a.InsufficientDataActions
		}
		for _, arn := range arns {
			if !alarmLevelAction(a, arn) {
				continue
			}
			if msg := s.actionFailure(a.AlarmArn, arn); msg != "" {
				s.history = append(s.history, failedAction(name, arn, msg, historyItem{itemType: string(types.HistoryItemTypeAction), at: at}))
				continue
			}
			s.actions = append(s.actions, Action{AlarmName: name, ARN: arn, State: types.StateValue(state), Time: at, Body: s.actionBody(ch, arn)})
			s.history = append(s.history, historyItem{
				alarm: name, itemType: string(types.HistoryItemTypeAction), at: at,
				summary: "Successfully executed action " + arn,
				data:    `{"actionState":"Succeeded","notificationResource":` + strconv.Quote(arn) + `}`,
			})
		}
	}
	if s.opts.sink != nil {
		s.outbox = append(s.outbox, outgoingEvent{alarm: name, at: at, body: s.alarmEvent(ch)})
	}
}

// outgoingEvent is a state change event waiting to be sent to the sink.
type outgoingEvent struct {
	alarm string
	at    time.Time
	body  []byte
}

// unlock releases s.mu after sending the state change events queued while
// it was held, in order. The sink is called without the lock, so that it may
// call the Server (an EventBridge target that reads the alarm, say) without
// deadlocking; events a call from the sink queues are sent by the unlock
// that is already sending, after the ones before them. A failed delivery is
// recorded in the alarm's history at the time of the change.
func (s *Server) unlock() {
	if s.draining || len(s.outbox) == 0 {
		s.mu.Unlock()
		return
	}
	s.draining = true
	for len(s.outbox) > 0 {
		batch := s.outbox
		s.outbox = nil
		s.mu.Unlock()
		var failed []historyItem
		for _, e := range batch {
			if _, err := s.opts.sink.Emit(e.body); err != nil {
				failed = append(failed, historyItem{
					alarm: e.alarm, itemType: string(types.HistoryItemTypeAction), at: e.at,
					summary: "Failed to deliver the CloudWatch Alarm State Change event: " + err.Error(),
				})
			}
		}
		s.mu.Lock()
		for _, h := range failed {
			// History is in time order: insert after the items of the
			// same instant.
			i := len(s.history)
			for i > 0 && s.history[i-1].at.After(h.at) {
				i--
			}
			s.history = slices.Insert(s.history, i, h)
		}
	}
	s.draining = false
	s.mu.Unlock()
}

// stateSnapshot is an alarm state as history and events describe it.
type stateSnapshot struct {
	value, reason, data string
	at                  time.Time
}

// rawOrString returns data as raw JSON when it is valid JSON, else as a
// JSON string.
func rawOrString(data string) json.RawMessage {
	if data != "" && json.Valid([]byte(data)) {
		return json.RawMessage(data)
	}
	return jsonString(data)
}

// historyData renders the HistoryData of a StateUpdate item:
// {"version":"1.0","oldState":{...},"newState":{...}}, each state with
// stateValue, stateReason and stateReasonData (the form DescribeAlarmHistory
// returns, API reference and user guide "Viewing alarm history").
func historyData(old, cur stateSnapshot) string {
	var b strings.Builder
	state := func(x stateSnapshot) {
		b.WriteString(`{"stateValue":`)
		b.Write(jsonString(x.value))
		b.WriteString(`,"stateReason":`)
		b.Write(jsonString(x.reason))
		if x.data != "" {
			b.WriteString(`,"stateReasonData":`)
			b.Write(rawOrString(x.data))
		}
		b.WriteByte('}')
	}
	b.WriteString(`{"version":"1.0","oldState":`)
	state(old)
	b.WriteString(`,"newState":`)
	state(cur)
	b.WriteByte('}')
	return b.String()
}

// jsonString encodes s as a JSON string without HTML escaping.
func jsonString(s string) []byte {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
	}
	if plain {
		b := make([]byte, 0, len(s)+2)
		return append(append(append(b, '"'), s...), '"')
	}
	b, _ := jsonenc.Marshal(s) // a string always encodes
	return b
}

// eventConfiguration renders the configuration member of alarm events
// and Lambda payloads: description and the metrics, each with id,
// returnData, and metricStat (metric with namespace, name and dimensions as
// an object; period; stat; unit) or expression (with label and period when
// set), as the examples of "Alarm events and EventBridge" and "Invoke a
// Lambda function from an alarm" show.
func eventConfiguration(a *wireAlarm) map[string]any {
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

// armAlarm compiles the evaluation of a new or updated alarm and records
// the configuration change; s.mu is held.
func (s *Server) armAlarm(a, old *wireAlarm, now time.Time) {
	a.ev = compileAlarm(a)
	if a.ev.step > 0 {
		a.ev.next = (now.Unix()/a.ev.step)*a.ev.step + a.ev.step
	}
	if old != nil {
		a.StateReasonData, a.EvaluationState = old.StateReasonData, old.EvaluationState
	}
	name := deref(a.AlarmName)
	i, found := slices.BinarySearchFunc(s.evalOrder, name, func(x *wireAlarm, n string) int { return strings.Compare(deref(x.AlarmName), n) })
	if found {
		s.evalOrder[i] = a
	} else {
		s.evalOrder = slices.Insert(s.evalOrder, i, a)
	}
	verb, kind := "created", "Create"
	if old != nil {
		verb, kind = "updated", "Update"
	}
	s.history = append(s.history, historyItem{
		alarm:    deref(a.AlarmName),
		itemType: string(types.HistoryItemTypeConfigurationUpdate),
		summary:  fmt.Sprintf("Alarm %q %s", deref(a.AlarmName), verb),
		data:     `{"version":"1.0","type":"` + kind + `"}`,
		at:       now,
	})
}

// unarmAlarm stops evaluating a deleted alarm; s.mu is held.
func (s *Server) unarmAlarm(name string) {
	i, found := slices.BinarySearchFunc(s.evalOrder, name, func(x *wireAlarm, n string) int { return strings.Compare(deref(x.AlarmName), n) })
	if found {
		s.evalOrder = slices.Delete(s.evalOrder, i, i+1)
	}
}

// Actions returns, in order, every alarm action that ran on a state change
// up to the server clock: the ARNs of the OKActions, AlarmActions or
// InsufficientDataActions of the state entered, while ActionsEnabled is
// true. Nothing is invoked; the list is what CloudWatch would have
// notified.
func (s *Server) Actions() []Action {
	s.mu.Lock()
	defer s.unlock()
	s.advance()
	return slices.Clone(s.actions)
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
func (s *Server) describeAlarmHistory(body []byte) (any, *apiError) {
	var in describeAlarmHistoryInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	var p problems
	if in.AlarmName != nil {
		p.checkLen("AlarmName", *in.AlarmName, 1, maxNameLen)
	}
	if in.HistoryItemType != nil {
		p.checkEnum("HistoryItemType", *in.HistoryItemType, enumValues(types.HistoryItemType("").Values()))
	}
	for i, t := range in.AlarmTypes {
		p.checkEnum(member("AlarmTypes", i), t, alarmTypeValues)
	}
	if in.ScanBy != nil {
		p.checkEnum("ScanBy", *in.ScanBy, scanByValues)
	}
	if in.MaxRecords != nil {
		p.checkMin("MaxRecords", int64(*in.MaxRecords), 1)
		p.checkMax("MaxRecords", int64(*in.MaxRecords), maxHistoryRecords)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	resumed, err := resume(&in, &in.NextToken)
	if err != nil {
		return nil, err
	}
	limit := maxHistoryRecords
	if in.MaxRecords != nil {
		limit = int(*in.MaxRecords)
	}
	out := describeAlarmHistoryOutput{Items: []wireHistoryItem{}}
	if len(in.AlarmTypes) > 0 && !slices.Contains(in.AlarmTypes, string(types.AlarmTypeMetricAlarm)) {
		return out, nil
	}
	s.mu.Lock()
	var matched []wireHistoryItem
	for _, h := range s.history {
		switch {
		case in.AlarmName != nil && h.alarm != *in.AlarmName,
			in.HistoryItemType != nil && h.itemType != *in.HistoryItemType,
			in.AlarmContributorID != nil && h.contributorID != *in.AlarmContributorID,
			in.StartDate != nil && h.at.Before(*in.StartDate),
			in.EndDate != nil && h.at.After(*in.EndDate):
			continue
		}
		matched = append(matched, wireHistoryItem{
			AlarmName: h.alarm, AlarmType: string(types.AlarmTypeMetricAlarm), Timestamp: h.at,
			HistoryItemType: h.itemType, HistorySummary: h.summary, HistoryData: h.data,
			AlarmContributorID: h.contributorID,
		})
	}
	s.unlock()
	if in.ScanBy == nil || *in.ScanBy == string(types.ScanByTimestampDescending) {
		slices.Reverse(matched)
	}
	from := min(resumed.Offset, len(matched))
	to := min(from+limit, len(matched))
	out.Items = append(out.Items, matched[from:to]...)
	if to < len(matched) {
		out.NextToken = pageToken{Offset: to, Hash: resumed.Hash}.encode()
	}
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
func (s *Server) setAlarmState(body []byte) (any, *apiError) {
	var in setAlarmStateInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
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
		return nil, &apiError{status: http.StatusBadRequest, code: codeInvalidFormat,
			message: "The value for parameter StateReasonData is not valid JSON."}
	}
	now := s.now()
	s.mu.Lock()
	defer s.unlock()
	a, ok := s.alarms[*in.AlarmName]
	if !ok {
		return nil, &apiError{status: http.StatusNotFound, code: codeResourceNotFound,
			message: fmt.Sprintf("Alarm %s not found", *in.AlarmName)}
	}
	if *in.StateValue == a.StateValue {
		a.StateReason, a.StateReasonData = *in.StateReason, in.StateReasonData
		a.StateUpdatedTimestamp = &now
		return struct{}{}, nil
	}
	s.transition(a, now, *in.StateValue, *in.StateReason, deref(in.StateReasonData))
	return struct{}{}, nil
}

type alarmNamesInput struct {
	AlarmNames []string `cbor:"AlarmNames,omitempty"`
}

func (s *Server) enableAlarmActions(body []byte) (any, *apiError) {
	return s.setActionsEnabled(body, true)
}

func (s *Server) disableAlarmActions(body []byte) (any, *apiError) {
	return s.setActionsEnabled(body, false)
}

// setActionsEnabled sets ActionsEnabled of the named alarms; unknown names
// are skipped, as the API reference documents no error for them.
func (s *Server) setActionsEnabled(body []byte, enabled bool) (any, *apiError) {
	var in alarmNamesInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if err := checkAlarmNames(in.AlarmNames); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlock()
	for _, n := range in.AlarmNames {
		if a, ok := s.alarms[n]; ok {
			a.ActionsEnabled = &enabled
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
func (s *Server) describeAlarmContributors(body []byte) (any, *apiError) {
	var in describeAlarmContributorsInput
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	var p problems
	if p.checkRequired("AlarmName", in.AlarmName != nil) {
		p.checkLen("AlarmName", *in.AlarmName, 1, maxNameLen)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	if _, err := resume(&in, &in.NextToken); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.unlock()
	a, ok := s.alarms[*in.AlarmName]
	if !ok {
		return nil, &apiError{status: http.StatusNotFound, code: codeResourceNotFound,
			message: fmt.Sprintf("Alarm %s not found", *in.AlarmName)}
	}
	out := describeAlarmContributorsOutput{Contributors: []wireContributor{}}
	if a.ev == nil {
		return out, nil
	}
	for _, c := range a.ev.contributors {
		if c.state == engine.StateAlarm {
			out.Contributors = append(out.Contributors, wireContributor{
				ContributorID: c.id, ContributorAttributes: c.attrs,
				StateReason: c.reason, StateTransitionedTimestamp: c.transitioned,
			})
		}
	}
	slices.SortFunc(out.Contributors, func(x, y wireContributor) int {
		switch {
		case x.ContributorID < y.ContributorID:
			return -1
		case x.ContributorID > y.ContributorID:
			return 1
		}
		return 0
	})
	if len(out.Contributors) > maxReportedContributors {
		out.Contributors = out.Contributors[:maxReportedContributors]
	}
	return out, nil
}
