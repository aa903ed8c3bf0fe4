package cloudwatchengine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kmswatch/kmswatch/internal/jsonenc"
)

// EvaluationState values (MetricAlarm, API reference); "" is a complete
// evaluation.
const (
	PartialData     = "PARTIAL_DATA"
	EvaluationError = "EVALUATION_ERROR"
)

// History item types (HistoryItemType, API reference).
const (
	HistoryConfigurationUpdate = "ConfigurationUpdate"
	HistoryStateUpdate         = "StateUpdate"
	HistoryAction              = "Action"
)

// initialStateReason is the StateReason of a new alarm, as the service
// writes it.
const initialStateReason = "Unchecked: Initial alarm creation"

// HistoryItem is one alarm history record.
type HistoryItem struct {
	Alarm         string
	Type          string // a History* constant
	Summary       string
	Data          string
	At            time.Time
	ContributorID string
}

// Snapshot is an alarm state as history, notifications and events describe
// it.
type Snapshot struct {
	Value, Reason, Data string
	At                  time.Time
}

// ContributorChange is the transition of one contributor of a
// multi-time-series alarm.
type ContributorChange struct {
	ID         string
	Attributes map[string]string
	Old        string // the contributor's state before, "" for a new one
}

// Change is a state change of an alarm, or of one contributor of a
// multi-time-series alarm when Contributor is set (the alarm's own state is
// then unchanged).
type Change struct {
	Alarm       *Alarm
	Old, New    Snapshot
	Contributor *ContributorChange
}

// Action is an alarm action that ran on a change.
type Action struct {
	Change *Change
	ARN    string
	Body   []byte // what the action received (Notifier.Body)
}

// Outgoing is the event of a change waiting to be sent (Notifier.Event).
type Outgoing struct {
	Alarm string
	At    time.Time
	Body  []byte
}

// Notifier is how the engine runs the actions and events of a change: the
// documents they carry are the protocol adapter's. Its methods are called
// in the order of the changes, from the Engine's methods.
type Notifier interface {
	// Refusal returns the error CloudWatch records for the action arn of
	// the alarm alarmARN when the action cannot be delivered, "" when it
	// runs.
	Refusal(alarmARN, arn string) string
	// Body returns what the action arn receives for ch, nil for actions
	// whose effect is not a document.
	Body(ch *Change, arn string) []byte
	// Event returns the EventBridge event of ch, nil when events go
	// nowhere.
	Event(ch *Change) []byte
}

// PutAlarm stores a, replacing the alarm of the same name: an update keeps
// the state, a new alarm starts in INSUFFICIENT_DATA (OK for a PromQL
// alarm). The evaluation starts at the next period boundary and a
// ConfigurationUpdate history item is written. PutAlarm reports whether an
// alarm was replaced.
func (e *Engine) PutAlarm(a *Alarm) bool {
	now := e.now()
	a.ConfigurationUpdated = now
	old, exists := e.alarms[a.Name]
	if exists {
		a.StateValue, a.StateReason, a.StateReasonData = old.StateValue, old.StateReason, old.StateReasonData
		a.StateUpdated, a.StateTransitioned, a.EvaluationState = old.StateUpdated, old.StateTransitioned, old.EvaluationState
	} else {
		a.StateValue = StateInsufficient
		if a.EvaluationCriteria {
			a.StateValue = StateOK
		}
		a.StateReason = initialStateReason
		a.StateUpdated, a.StateTransitioned = now, now
	}
	e.alarms[a.Name] = a
	a.ev = compileAlarm(a)
	if a.ev.step > 0 {
		a.ev.next = (now.Unix()/a.ev.step)*a.ev.step + a.ev.step
	}
	i, found := slices.BinarySearchFunc(e.evalOrder, a.Name, byName)
	if found {
		e.evalOrder[i] = a
	} else {
		e.evalOrder = slices.Insert(e.evalOrder, i, a)
	}
	verb, kind := "created", "Create"
	if exists {
		verb, kind = "updated", "Update"
	}
	e.history = append(e.history, HistoryItem{
		Alarm:   a.Name,
		Type:    HistoryConfigurationUpdate,
		Summary: fmt.Sprintf("Alarm %q %s", a.Name, verb),
		Data:    `{"version":"1.0","type":"` + kind + `"}`,
		At:      now,
	})
	return exists
}

func byName(a *Alarm, name string) int { return strings.Compare(a.Name, name) }

// Alarm returns the alarm called name, or nil.
func (e *Engine) Alarm(name string) *Alarm { return e.alarms[name] }

// Alarms returns the alarms sorted by name; the slice is the engine's.
func (e *Engine) Alarms() []*Alarm { return e.evalOrder }

// InsightsAlarms returns how many alarms run a Metrics Insights query.
func (e *Engine) InsightsAlarms() int {
	n := 0
	for _, a := range e.evalOrder {
		if a.Insights() {
			n++
		}
	}
	return n
}

// DeleteAlarm deletes the alarm called name and reports whether it
// existed.
func (e *Engine) DeleteAlarm(name string) bool {
	if _, ok := e.alarms[name]; !ok {
		return false
	}
	delete(e.alarms, name)
	if i, found := slices.BinarySearchFunc(e.evalOrder, name, byName); found {
		e.evalOrder = slices.Delete(e.evalOrder, i, i+1)
	}
	return true
}

// SetAlarmState sets the state of a until its next evaluation; a change
// runs the actions as any other, a call in the same state only replaces
// the reason.
func (e *Engine) SetAlarmState(a *Alarm, state, reason, data string) {
	now := e.now()
	if state == a.StateValue {
		a.StateReason, a.StateReasonData, a.StateUpdated = reason, data, now
		return
	}
	e.record(e.changeState(a, now, state, reason, data))
}

// Contributors returns the contributors of a multi-time-series alarm that
// are in ALARM, ordered by ID, at most MaxReportedContributors.
func (a *Alarm) Contributors() []Contributor {
	out := []Contributor{}
	if a.ev == nil {
		return out
	}
	for _, c := range a.ev.contributors {
		if c.State == StateAlarm {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(x, y Contributor) int { return strings.Compare(x.ID, y.ID) })
	return out[:min(len(out), MaxReportedContributors)]
}

// History returns the history items in time order; the slice is the
// engine's.
func (e *Engine) History() []HistoryItem { return e.history }

// Actions returns the actions that ran, in order; the slice is the
// engine's.
func (e *Engine) Actions() []Action { return e.actions }

// TakeOutbox returns the events waiting to be sent and empties the outbox.
func (e *Engine) TakeOutbox() []Outgoing {
	out := e.outbox
	e.outbox = nil
	return out
}

// DeliveryFailed records in the history of alarm that the event of its
// change at at could not be delivered.
func (e *Engine) DeliveryFailed(alarm string, at time.Time, err error) {
	h := HistoryItem{
		Alarm: alarm, Type: HistoryAction, At: at,
		Summary: "Failed to deliver the CloudWatch Alarm State Change event: " + err.Error(),
	}
	// History is in time order: insert after the items of the same
	// instant.
	i := len(e.history)
	for i > 0 && e.history[i-1].At.After(h.At) {
		i--
	}
	e.history = slices.Insert(e.history, i, h)
}

// changeState moves a to state at at and returns the change to record.
func (e *Engine) changeState(a *Alarm, at time.Time, state, reason, data string) Change {
	old := Snapshot{Value: a.StateValue, Reason: a.StateReason, Data: a.StateReasonData, At: a.StateUpdated}
	a.StateValue, a.StateReason, a.StateReasonData = state, reason, data
	a.StateUpdated, a.StateTransitioned = at, at
	return Change{Alarm: a, Old: old, New: Snapshot{Value: state, Reason: reason, Data: data, At: at}}
}

// contributorChanged queues the state change of contributor c of a, from
// old to c.State at at, when it is one CloudWatch acts on.
func (e *Engine) contributorChanged(a *Alarm, c *Contributor, old string, at time.Time) {
	if old == StateInsufficient {
		old = ""
	}
	if c.State != StateAlarm && old != StateAlarm {
		return
	}
	e.pending = append(e.pending, Change{
		Alarm:       a,
		New:         Snapshot{Value: c.State, Reason: c.Reason, At: at},
		Contributor: &ContributorChange{ID: c.ID, Attributes: c.Attributes, Old: old},
	})
}

// record writes the history items of a change, runs its actions and queues
// its event.
func (e *Engine) record(ch Change) {
	a, at := ch.Alarm, ch.New.At
	var arns []string
	contributor := ""
	if cc := ch.Contributor; cc != nil {
		contributor = cc.ID
		arns = a.OKActions
		if ch.New.Value == StateAlarm {
			arns = a.AlarmActions
		}
	} else {
		e.history = append(e.history, HistoryItem{
			Alarm:   a.Name,
			Type:    HistoryStateUpdate,
			Summary: fmt.Sprintf("Alarm updated from %s to %s", ch.Old.Value, ch.New.Value),
			Data:    historyData(ch.Old, ch.New),
			At:      at,
		})
		switch ch.New.Value {
		case StateAlarm:
			arns = a.AlarmActions
		case StateOK:
			arns = a.OKActions
		default:
			arns = a.InsufficientDataActions
		}
	}
	if !a.ActionsEnabled {
		arns = nil
	}
	for _, arn := range arns {
		if !runsFor(a, ch.Contributor != nil, arn) {
			continue
		}
		item := HistoryItem{Alarm: a.Name, Type: HistoryAction, At: at, ContributorID: contributor,
			Summary: "Successfully executed action " + arn,
			Data:    `{"actionState":"Succeeded","notificationResource":` + strconv.Quote(arn) + `}`,
		}
		if msg := e.notifier.Refusal(a.ARN, arn); msg != "" {
			item.Summary = "Failed to execute action " + arn + ". Received error: " + strconv.Quote(msg)
			item.Data = `{"actionState":"Failed","notificationResource":` + strconv.Quote(arn) + `}`
		} else {
			e.actions = append(e.actions, Action{Change: &ch, ARN: arn, Body: e.notifier.Body(&ch, arn)})
		}
		e.history = append(e.history, item)
	}
	if ev := e.notifier.Event(&ch); ev != nil {
		e.outbox = append(e.outbox, Outgoing{Alarm: a.Name, At: at, Body: ev})
	}
}

// Which actions run at which level for a multi-time-series alarm follows
// the table of the user guide's "Acting on alarm changes": SNS, Lambda and
// Systems Manager OpsItem actions at both levels, EC2 actions only per
// contributor, every other action (Auto Scaling, Incident Manager,
// investigations) only at alarm level.

// runsFor reports whether the action arn runs for a change of a (of one of
// its contributors when contributor is true).
func runsFor(a *Alarm, contributor bool, arn string) bool {
	service, resource := ActionService(arn)
	if contributor {
		return service == "sns" || service == "lambda" || service == "ssm" && strings.HasPrefix(resource, "opsitem:") || ec2Action(arn)
	}
	return !a.MultiSeries() || !ec2Action(arn)
}

// ActionService returns the service of an action ARN ("sns", "lambda",
// "automate" for EC2 actions, ...) and its resource.
func ActionService(arn string) (service, resource string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", ""
	}
	return parts[2], parts[5]
}

// ec2Action reports whether arn is an EC2 action (stop, terminate, reboot,
// recover), written arn:aws:automate:REGION:ec2:ACTION or, in the older
// form, arn:aws:swf:REGION:ACCOUNT:action/actions/AWS_EC2...
func ec2Action(arn string) bool {
	service, resource := ActionService(arn)
	return service == "automate" || service == "swf" && strings.HasPrefix(resource, "action/actions/AWS_EC2.")
}

// historyData renders the HistoryData of a StateUpdate item:
// {"version":"1.0","oldState":{...},"newState":{...}}, each state with
// stateValue, stateReason and stateReasonData (the form DescribeAlarmHistory
// returns, API reference and user guide "Viewing alarm history").
func historyData(old, cur Snapshot) string {
	var b strings.Builder
	state := func(x Snapshot) {
		b.WriteString(`{"stateValue":`)
		b.Write(JSONString(x.Value))
		b.WriteString(`,"stateReason":`)
		b.Write(JSONString(x.Reason))
		if x.Data != "" {
			b.WriteString(`,"stateReasonData":`)
			b.Write(rawOrString(x.Data))
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

// rawOrString returns data as raw JSON when it is valid JSON, else as a
// JSON string.
func rawOrString(data string) json.RawMessage {
	if data != "" && json.Valid([]byte(data)) {
		return json.RawMessage(data)
	}
	return JSONString(data)
}

// JSONString encodes s as a JSON string without HTML escaping.
func JSONString(s string) []byte {
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
