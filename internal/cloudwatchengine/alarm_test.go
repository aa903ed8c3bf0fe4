package cloudwatchengine

import (
	"encoding/json"
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/internal/jsonenc"
)

func TestJSONString(t *testing.T) {
	for _, s := range []string{"", "plain", `quote " and \ backslash`, "tab\there", "ünïcödé", "<&>", "\x00\x1f\x7f"} {
		want, _ := jsonenc.Marshal(s)
		if got := JSONString(s); string(got) != string(want) {
			t.Errorf("JSONString(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestContributorID(t *testing.T) {
	seen := map[string]string{}
	for _, label := range []string{"", "a", "1234abcd-12ab-34cd-56ef-1234567890ab", "key with spaces"} {
		id := contributorID(label)
		if n := utf8.RuneCountInString(id); n < 1 || n > 16 {
			t.Errorf("contributorID(%q) = %q, want 1-16 characters", label, id)
		}
		if other, dup := seen[id]; dup {
			t.Errorf("contributorID(%q) = contributorID(%q) = %q", label, other, id)
		}
		seen[id] = label
	}
}

// StateReasonData is always JSON, also for values JSON cannot hold.
func TestReasonDataIsJSON(t *testing.T) {
	ev := &alarmEval{kind: kindMetric, Rule: Rule{N: 1, M: 1, Threshold: 1, Cmp: GreaterThanThreshold}, period: 60, stat: Minimum}
	for _, v := range []float64{1, math.NaN(), math.Inf(1)} {
		data := ev.reasonData(Verdict{Evaluated: []Datapoint{{Start: 60, Value: v, Samples: 1, Present: true}}}, time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
		if !json.Valid([]byte(data)) {
			t.Errorf("reasonData for %v is not JSON: %s", v, data)
		}
	}
}

// recorder is a Notifier that refuses the actions listed in refuse and
// names each body and event after the change.
type recorder struct{ refuse map[string]bool }

func (r recorder) Refusal(_, arn string) string {
	if r.refuse[arn] {
		return "refused"
	}
	return ""
}

func (recorder) Body(ch *Change, arn string) []byte {
	return []byte(ch.Alarm.Name + " " + ch.New.Value + " " + arn)
}

func (recorder) Event(ch *Change) []byte { return []byte(ch.Alarm.Name + " " + ch.New.Value) }

// TestEngineAlarms drives alarms through the engine alone: put, data, the
// clock, and what the state changes leave behind.
func TestEngineAlarms(t *testing.T) {
	start := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	const topic, refused = "arn:aws:sns:us-west-2:111122223333:t", "arn:aws:sns:us-west-2:111122223333:refused"
	metric := func(name string) *Alarm {
		return &Alarm{
			Name: name, ARN: "arn:aws:cloudwatch:us-west-2:111122223333:alarm:" + name, ActionsEnabled: true,
			AlarmActions:      []string{topic, refused},
			Metric:            &MetricStat{Namespace: "Test", Name: "m", Period: 60, Stat: Maximum},
			EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: GreaterThanThreshold,
		}
	}
	type outcome struct {
		State, EvaluationState string
		History                []string // type and summary
		Actions, Events        []string
	}
	tests := []struct {
		name string
		run  func(e *Engine, advance func(time.Duration))
		want outcome
	}{
		{"a breach alarms and runs the actions that are not refused", func(e *Engine, advance func(time.Duration)) {
			e.PutAlarm(metric("a"))
			e.PutMetricData("Test", "m", nil, []Point{{start.Add(30 * time.Second), 11}})
			advance(2 * time.Minute)
		}, outcome{
			State: StateAlarm,
			History: []string{
				`ConfigurationUpdate Alarm "a" created`,
				"StateUpdate Alarm updated from INSUFFICIENT_DATA to ALARM",
				"Action Successfully executed action " + topic,
				"Action Failed to execute action " + refused + `. Received error: "refused"`,
			},
			Actions: []string{"a ALARM " + topic},
			Events:  []string{"a ALARM"},
		}},
		{"disabled actions do not run", func(e *Engine, advance func(time.Duration)) {
			a := metric("a")
			a.ActionsEnabled = false
			e.PutAlarm(a)
			e.PutMetricData("Test", "m", nil, []Point{{start.Add(30 * time.Second), 11}})
			advance(2 * time.Minute)
		}, outcome{
			State:   StateAlarm,
			History: []string{`ConfigurationUpdate Alarm "a" created`, "StateUpdate Alarm updated from INSUFFICIENT_DATA to ALARM"},
			Events:  []string{"a ALARM"},
		}},
		{"an update keeps the state", func(e *Engine, advance func(time.Duration)) {
			e.PutAlarm(metric("a"))
			e.SetAlarmState(e.Alarm("a"), StateOK, "set", "")
			e.PutAlarm(metric("a"))
		}, outcome{
			State: StateOK,
			History: []string{`ConfigurationUpdate Alarm "a" created`, "StateUpdate Alarm updated from INSUFFICIENT_DATA to OK",
				`ConfigurationUpdate Alarm "a" updated`},
			Events: []string{"a OK"},
		}},
		{"setting the current state changes only the reason", func(e *Engine, advance func(time.Duration)) {
			e.PutAlarm(metric("a"))
			e.SetAlarmState(e.Alarm("a"), StateInsufficient, "again", "")
		}, outcome{State: StateInsufficient, History: []string{`ConfigurationUpdate Alarm "a" created`}}},
		{"a math error is an evaluation error", func(e *Engine, advance func(time.Duration)) {
			a := metric("a")
			ms := *a.Metric
			a.Metric = nil
			a.Metrics = []Query{{ID: "m1", Stat: &ms}, {ID: "e1", Expression: "m1/SERVICE_QUOTA(m1)", ReturnData: true}}
			e.PutAlarm(a)
			advance(time.Minute)
		}, outcome{State: StateInsufficient, EvaluationState: EvaluationError, History: []string{`ConfigurationUpdate Alarm "a" created`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := start
			e := New(func() time.Time { return now }, recorder{refuse: map[string]bool{refused: true}})
			tt.run(e, func(d time.Duration) { now = now.Add(d); e.Advance() })
			a := e.Alarm("a")
			got := outcome{State: a.StateValue, EvaluationState: a.EvaluationState}
			for _, h := range e.History() {
				got.History = append(got.History, h.Type+" "+h.Summary)
			}
			for _, x := range e.Actions() {
				got.Actions = append(got.Actions, string(x.Body))
			}
			for _, o := range e.TakeOutbox() {
				got.Events = append(got.Events, string(o.Body))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDeleteAlarm(t *testing.T) {
	e := New(time.Now, nil)
	e.PutAlarm(&Alarm{Name: "b", EvaluationCriteria: true})
	e.PutAlarm(&Alarm{Name: "a", EvaluationCriteria: true})
	var names []string
	for _, a := range e.Alarms() {
		names = append(names, a.Name+" "+a.StateValue)
	}
	got := map[string]any{"alarms": names, "deleted": e.DeleteAlarm("a"), "deleted again": e.DeleteAlarm("a"), "left": len(e.Alarms())}
	want := map[string]any{"alarms": []string{"a OK", "b OK"}, "deleted": true, "deleted again": false, "left": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
