package cloudwatchtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/internal/bounded"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/metrics"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

const (
	day   = 24 * time.Hour
	keyID = "1234abcd-12ab-34cd-56ef-1234567890ab"
)

// virtual returns a server on a virtual clock that starts at now.
func virtual(t testing.TB, opts ...cloudwatchtest.Option) (*cloudwatchtest.Server, *cloudwatch.Client, *clock.Virtual) {
	t.Helper()
	clk := clock.NewVirtual(now)
	s := cloudwatchtest.NewServer(append([]cloudwatchtest.Option{cloudwatchtest.WithVirtualClock(clk)}, opts...)...)
	t.Cleanup(s.Close)
	return s, s.Client(fastRetries), clk
}

// put returns a function that puts the alarm a builder returned, so that
// put(t, c)(alarms.KeyMaterialExpiry(...)) reads as one step.
func put(t testing.TB, c *cloudwatch.Client) func(*cloudwatch.PutMetricAlarmInput, error) string {
	return func(in *cloudwatch.PutMetricAlarmInput, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.PutMetricAlarm(context.Background(), in); err != nil {
			t.Fatal(err)
		}
		return aws.ToString(in.AlarmName)
	}
}

// alarmState is what a test reads back from DescribeAlarms.
type alarmState struct {
	Value        types.StateValue
	Transitioned time.Time
}

func describe(t testing.TB, c *cloudwatch.Client, name string) types.MetricAlarm {
	t.Helper()
	out, err := c.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{name}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.MetricAlarms) != 1 {
		t.Fatalf("DescribeAlarms(%s) returned %d alarms", name, len(out.MetricAlarms))
	}
	return out.MetricAlarms[0]
}

func stateOf(t testing.TB, c *cloudwatch.Client, name string) alarmState {
	t.Helper()
	a := describe(t, c, name)
	return alarmState{Value: a.StateValue, Transitioned: aws.ToTime(a.StateTransitionedTimestamp).UTC()}
}

// transitions returns the StateUpdate history of an alarm, oldest first,
// as "FROM -> TO @ offset from now".
func transitions(t testing.TB, c *cloudwatch.Client, name string) []string {
	t.Helper()
	var out []string
	p := cloudwatch.NewDescribeAlarmHistoryPaginator(c, &cloudwatch.DescribeAlarmHistoryInput{
		AlarmName: aws.String(name), HistoryItemType: types.HistoryItemTypeStateUpdate,
		ScanBy: types.ScanByTimestampAscending, MaxRecords: aws.Int32(2),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range page.AlarmHistoryItems {
			var data struct {
				OldState struct{ StateValue string } `json:"oldState"`
				NewState struct {
					StateValue      string
					StateReasonData json.RawMessage
				} `json:"newState"`
			}
			if err := json.Unmarshal([]byte(aws.ToString(h.HistoryData)), &data); err != nil {
				t.Fatalf("HistoryData %s: %v", aws.ToString(h.HistoryData), err)
			}
			if want := fmt.Sprintf("Alarm updated from %s to %s", data.OldState.StateValue, data.NewState.StateValue); aws.ToString(h.HistorySummary) != want {
				t.Errorf("HistorySummary = %q, want %q", aws.ToString(h.HistorySummary), want)
			}
			out = append(out, fmt.Sprintf("%s -> %s @ %s", data.OldState.StateValue, data.NewState.StateValue, aws.ToTime(h.Timestamp).Sub(now)))
		}
	}
	return out
}

// The expiry alarm, end to end: KMS counts down, the alarm fires under 10
// days, stays in ALARM after the material has expired and the metric has
// stopped (missing data is breaching), and goes back to OK after
// reimport. The same alarm with notBreaching goes OK when the metric stops,
// which is why breaching is the default.
func TestExpiryAlarmLifecycle(t *testing.T) {
	eb := eventbridgetest.NewServer()
	t.Cleanup(eb.Close)
	srv, c, clk := virtual(t, cloudwatchtest.WithEventBridge(eb))
	ctx := context.Background()

	// A rule built with package rules routes the alarm's state changes.
	pattern, err := rules.AlarmStates{AlarmNames: []rules.StringMatch{rules.Prefix(alarms.ExpiryPrefix)}, States: []string{"ALARM"}}.Pattern()
	if err != nil {
		t.Fatal(err)
	}
	ruleIn, err := rules.Rule{Name: "kms-expiry-alarms", Pattern: pattern}.PutRuleInput()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eb.Client().PutRule(ctx, ruleIn); err != nil {
		t.Fatal(err)
	}
	const pager = "arn:aws:sns:us-west-2:111122223333:pager"
	if _, err := eb.Client().PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: ruleIn.Name, Targets: []ebtypes.Target{{Id: aws.String("pager"), Arn: aws.String(pager)}}}); err != nil {
		t.Fatal(err)
	}

	expires := now.Add(12 * day)
	key := srv.SimulateKeyMaterial(keyID, expires) // 12 days left
	breaching := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}}))
	notBreaching := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{
		Name: "not-breaching-{{.KeyID}}", TreatMissingData: alarms.TreatMissingNotBreaching}))

	if got := describe(t, c, breaching); got.StateValue != types.StateValueInsufficientData || aws.ToString(got.StateReason) != "Unchecked: Initial alarm creation" {
		t.Fatalf("new alarm: %s %q, want INSUFFICIENT_DATA (alarms start there)", got.StateValue, aws.ToString(got.StateReason))
	}

	tenDays := expires.Add(-10 * day) // the first datapoint at the threshold
	steps := []struct {
		name         string
		at           time.Time
		breaching    alarmState
		notBreaching alarmState
	}{
		{"12 days left: OK", now.Add(time.Minute),
			alarmState{types.StateValueOk, now.Add(time.Minute)}, alarmState{types.StateValueOk, now.Add(time.Minute)}},
		{"just before the 10-day datapoint is evaluated", tenDays.Add(59 * time.Second),
			alarmState{types.StateValueOk, now.Add(time.Minute)}, alarmState{types.StateValueOk, now.Add(time.Minute)}},
		{"10 days left: ALARM", tenDays.Add(time.Minute),
			alarmState{types.StateValueAlarm, tenDays.Add(time.Minute)}, alarmState{types.StateValueAlarm, tenDays.Add(time.Minute)}},
		{"expired two hours ago, metric stopped", expires.Add(2 * time.Hour),
			alarmState{types.StateValueAlarm, tenDays.Add(time.Minute)}, alarmState{types.StateValueOk, expires.Add(3 * time.Minute)}},
	}
	for _, st := range steps {
		clk.Set(st.at)
		if got := stateOf(t, c, breaching); got != st.breaching {
			t.Errorf("%s: breaching alarm = %+v, want %+v", st.name, got, st.breaching)
		}
		if got := stateOf(t, c, notBreaching); got != st.notBreaching {
			t.Errorf("%s: notBreaching alarm = %+v, want %+v", st.name, got, st.notBreaching)
		}
	}

	key.Reimport(clk.Now().Add(365 * day))
	reimported := clk.Advance(time.Minute)
	if got, want := stateOf(t, c, breaching), (alarmState{types.StateValueOk, reimported}); got != want {
		t.Errorf("after reimport: %+v, want %+v", got, want)
	}

	for _, h := range []struct {
		alarm string
		want  []string
	}{
		{breaching, []string{"INSUFFICIENT_DATA -> OK @ 1m0s", "OK -> ALARM @ 48h1m0s", "ALARM -> OK @ 290h1m0s"}},
		{notBreaching, []string{"INSUFFICIENT_DATA -> OK @ 1m0s", "OK -> ALARM @ 48h1m0s", "ALARM -> OK @ 288h3m0s"}},
	} {
		if diff := cmp.Diff(h.want, transitions(t, c, h.alarm)); diff != "" {
			t.Errorf("DescribeAlarmHistory of %s mismatch (-want +got):\n%s", h.alarm, diff)
		}
	}

	wantActions := []cloudwatchtest.Action{{AlarmName: breaching, ARN: topic, State: types.StateValueAlarm, Time: tenDays.Add(time.Minute)}}
	if diff := cmp.Diff(wantActions, srv.Actions(), ignoreBody); diff != "" {
		t.Errorf("Actions mismatch (-want +got):\n%s", diff)
	}

	// Both alarms entered ALARM once, but the rule matches names under
	// ExpiryPrefix only: it delivered the breaching alarm's event, not the
	// event of "not-breaching-…".
	var delivered []string
	for _, d := range eb.Delivered(pager) {
		var ev struct {
			Source     string   `json:"source"`
			DetailType string   `json:"detail-type"`
			Resources  []string `json:"resources"`
			Detail     struct {
				AlarmName     string `json:"alarmName"`
				State         struct{ Value, Reason string }
				PreviousState struct{ Value string } `json:"previousState"`
			} `json:"detail"`
		}
		if err := json.Unmarshal(d.Body, &ev); err != nil {
			t.Fatal(err)
		}
		delivered = append(delivered, fmt.Sprintf("%s %s %s %s->%s", ev.Source, ev.DetailType, ev.Resources[0], ev.Detail.PreviousState.Value, ev.Detail.State.Value))
	}
	arn := "arn:aws:cloudwatch:" + srv.Region() + ":" + srv.Account() + ":alarm:" + breaching
	want := []string{"aws.cloudwatch CloudWatch Alarm State Change " + arn + " OK->ALARM"}
	if diff := cmp.Diff(want, delivered); diff != "" {
		t.Errorf("events delivered by the rule mismatch (-want +got):\n%s", diff)
	}
}

// StateReason, StateReasonData and the timestamps are written as CloudWatch
// writes them (user guide, "Alarm events and EventBridge" example).
func TestStateReason(t *testing.T) {
	srv, c, clk := virtual(t)
	srv.SimulateKeyMaterial(keyID, now.Add(5*day))
	name := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{}))
	at := clk.Advance(time.Minute)
	got := describe(t, c, name)
	want := types.MetricAlarm{
		StateValue:                 types.StateValueAlarm,
		StateReason:                aws.String("Threshold Crossed: 1 out of the last 1 datapoints [432000.0 (24/11/26 12:00:00)] was less than or equal to the threshold (864000.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition)."),
		StateReasonData:            aws.String(`{"version":"1.0","queryDate":"2026-11-24T12:01:00.000+0000","startDate":"2026-11-24T12:00:00.000+0000","statistic":"Minimum","period":60,"recentDatapoints":[432000.0],"threshold":864000.0,"evaluatedDatapoints":[{"timestamp":"2026-11-24T12:00:00.000+0000","sampleCount":1.0,"value":432000.0}]}`),
		StateUpdatedTimestamp:      aws.Time(at),
		StateTransitionedTimestamp: aws.Time(at),
	}
	pick := types.MetricAlarm{
		StateValue: got.StateValue, StateReason: got.StateReason, StateReasonData: got.StateReasonData,
		StateUpdatedTimestamp: got.StateUpdatedTimestamp, StateTransitionedTimestamp: got.StateTransitionedTimestamp,
	}
	if diff := cmp.Diff(want, pick, cmpAlarm...); diff != "" {
		t.Errorf("state mismatch (-want +got):\n%s", diff)
	}
	if !json.Valid([]byte(aws.ToString(got.StateReasonData))) {
		t.Errorf("StateReasonData is not JSON: %s", aws.ToString(got.StateReasonData))
	}
}

// The reasons for missing data: filled-in datapoints and INSUFFICIENT_DATA.
func TestStateReasonMissingData(t *testing.T) {
	tests := map[string]struct {
		treat      string
		wantState  types.StateValue
		wantReason string
	}{
		"breaching": {"breaching", types.StateValueAlarm,
			"Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching]."},
		"missing": {"missing", types.StateValueInsufficientData, ""},
		"notBreaching": {"notBreaching", types.StateValueOk,
			"Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [NonBreaching]."},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv, c, clk := virtual(t)
			in := thresholdAlarm("a", "m", 2, 2, tc.treat)
			put(t, c)(in, nil)
			// Set a state the evaluation must leave, so that it transitions.
			start := types.StateValueAlarm
			if tc.wantState == types.StateValueAlarm {
				start = types.StateValueOk
			}
			if _, err := c.SetAlarmState(context.Background(), &cloudwatch.SetAlarmStateInput{AlarmName: in.AlarmName, StateValue: start, StateReason: aws.String("test")}); err != nil {
				t.Fatal(err)
			}
			if tc.wantReason == "" {
				tc.wantReason = "Insufficient Data: 2 datapoints were unknown."
			}
			clk.Advance(time.Minute)
			got := describe(t, c, "a")
			if got.StateValue != tc.wantState || aws.ToString(got.StateReason) != tc.wantReason {
				t.Errorf("got %s %q, want %s %q", got.StateValue, aws.ToString(got.StateReason), tc.wantState, tc.wantReason)
			}
			_ = srv
		})
	}
}

// thresholdAlarm alarms when metric "Test"/name is above 1, M out of N.
func thresholdAlarm(alarm, metric string, n, m int32, treat string) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String(alarm),
		AlarmActions:       []string{topic},
		Namespace:          aws.String("Test"),
		MetricName:         aws.String(metric),
		Statistic:          types.StatisticMaximum,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(n),
		DatapointsToAlarm:  aws.Int32(m),
		Threshold:          aws.Float64(1),
		ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		TreatMissingData:   aws.String(treat),
	}
}

// The two tables of the user guide's "How alarm state is evaluated when
// data is missing": 5 datapoints retrieved for 3 evaluation periods, 0 not
// breaching, X breaching, - missing, oldest first; "retain" is the state
// set before the evaluation (OK).
func TestMissingDataTables(t *testing.T) {
	treatments := []string{"missing", "ignore", "breaching", "notBreaching"}
	tests := []struct {
		name   string
		m      int32
		points string
		want   [4]types.StateValue // per treatment, in the order above
	}{
		{"3 of 3: 0-X-X", 3, "0-X-X", [4]types.StateValue{"OK", "OK", "OK", "OK"}},
		{"3 of 3: 0----", 3, "0----", [4]types.StateValue{"OK", "OK", "OK", "OK"}},
		{"3 of 3: -----", 3, "-----", [4]types.StateValue{"INSUFFICIENT_DATA", "OK", "ALARM", "OK"}},
		{"3 of 3: 0XX-X", 3, "0XX-X", [4]types.StateValue{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{"3 of 3: ----X", 3, "----X", [4]types.StateValue{"INSUFFICIENT_DATA", "OK", "ALARM", "OK"}},
		{"2 of 3: 0-X-X", 2, "0-X-X", [4]types.StateValue{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{"2 of 3: 00X0X", 2, "00X0X", [4]types.StateValue{"ALARM", "ALARM", "ALARM", "ALARM"}},
		{"2 of 3: 0-X--", 2, "0-X--", [4]types.StateValue{"OK", "OK", "ALARM", "OK"}},
		{"2 of 3: ----0", 2, "----0", [4]types.StateValue{"OK", "OK", "ALARM", "OK"}},
		{"2 of 3: ----X", 2, "----X", [4]types.StateValue{"INSUFFICIENT_DATA", "OK", "ALARM", "OK"}},
	}
	srv, c, clk := virtual(t)
	ctx := context.Background()
	for i, tc := range tests {
		metric := fmt.Sprintf("m%d", i)
		for k, p := range tc.points {
			v := map[rune]float64{'0': 0, 'X': 2}
			if p == '-' {
				continue
			}
			// Datapoint k of 5 is the period starting 5-k minutes before
			// the evaluation at now+1m.
			srv.Seed("Test", metric, nil, cloudwatchtest.Point{Time: now.Add(time.Duration(k-4) * time.Minute), Value: v[p]})
		}
		for j, treat := range treatments {
			in := thresholdAlarm(fmt.Sprintf("%02d-%s", i, treat), metric, 3, tc.m, treat)
			put(t, c)(in, nil)
			if _, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: in.AlarmName, StateValue: types.StateValueOk, StateReason: aws.String("retain")}); err != nil {
				t.Fatal(err)
			}
			_ = j
		}
	}
	clk.Advance(time.Minute)
	for i, tc := range tests {
		var got [4]types.StateValue
		for j, treat := range treatments {
			got[j] = describe(t, c, fmt.Sprintf("%02d-%s", i, treat)).StateValue
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: states (missing, ignore, breaching, notBreaching) mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
}

// M out of N over time: the breaching datapoints need not be consecutive.
func TestMOutOfN(t *testing.T) {
	srv, c, clk := virtual(t)
	put(t, c)(thresholdAlarm("a", "m", 3, 2, "missing"), nil)
	// One datapoint a minute from now on: 2, 0, 2 -> the third evaluation
	// sees 2 breaching of the last 3.
	for k, v := range []float64{2, 0, 2, 0, 0} {
		srv.Seed("Test", "m", nil, cloudwatchtest.Point{Time: now.Add(time.Duration(k) * time.Minute), Value: v})
	}
	var got []types.StateValue
	for range 5 {
		clk.Advance(time.Minute)
		got = append(got, describe(t, c, "a").StateValue)
	}
	// Evaluations at +1m..+5m see [2], [2 0], [2 0 2], [0 2 0], [2 0 0].
	want := []types.StateValue{"INSUFFICIENT_DATA", "OK", "ALARM", "OK", "OK"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states mismatch (-want +got):\n%s", diff)
	}
}

// Periods longer than a minute are evaluated every minute over a sliding
// window, and Period x EvaluationPeriods covers the range.
func TestSlidingPeriod(t *testing.T) {
	srv, c, clk := virtual(t)
	in := thresholdAlarm("a", "m", 1, 1, "notBreaching")
	in.Period = aws.Int32(300)
	in.Statistic = types.StatisticSum
	in.Threshold = aws.Float64(3)
	put(t, c)(in, nil)
	for k := range 4 {
		srv.Seed("Test", "m", nil, cloudwatchtest.Point{Time: now.Add(time.Duration(k) * time.Minute), Value: 1})
	}
	var got []types.StateValue
	for range 9 {
		clk.Advance(time.Minute)
		got = append(got, describe(t, c, "a").StateValue)
	}
	// The sum over the last 5 minutes is 1, 2, 3, 4, 4, 3, 2, 1; then the
	// last period is empty and the most recent datapoint in the evaluation
	// range (sum 4 for the period ending at +4m) is evaluated again: "alarms
	// may repeatedly re-evaluate the last set of data points for a period
	// of time after the metric has stopped flowing" (user guide, "How alarm
	// state is evaluated when data is missing").
	want := []types.StateValue{"OK", "OK", "OK", "ALARM", "ALARM", "OK", "OK", "OK", "ALARM"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states mismatch (-want +got):\n%s", diff)
	}
}

// EvaluateLowSampleCountPercentile: with ignore, a p90 alarm does not change
// state on fewer than 10/(1-0.9) = 100 samples.
func TestLowSampleCountPercentile(t *testing.T) {
	tests := map[string]struct {
		mode    string
		samples int
		want    types.StateValue
	}{
		"evaluate, 5 samples":  {"evaluate", 5, types.StateValueAlarm},
		"ignore, 5 samples":    {"ignore", 5, types.StateValueInsufficientData},
		"ignore, 100 samples":  {"ignore", 100, types.StateValueAlarm},
		"default, 5 samples":   {"", 5, types.StateValueAlarm},
		"ignore, 99 samples":   {"ignore", 99, types.StateValueInsufficientData},
		"evaluate, 99 samples": {"evaluate", 99, types.StateValueAlarm},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv, c, clk := virtual(t)
			in := thresholdAlarm("a", "m", 1, 1, "missing")
			in.Statistic, in.ExtendedStatistic = "", aws.String("p90")
			if tc.mode != "" {
				in.EvaluateLowSampleCountPercentile = aws.String(tc.mode)
			}
			put(t, c)(in, nil)
			pts := make([]cloudwatchtest.Point, tc.samples)
			for i := range pts {
				pts[i] = cloudwatchtest.Point{Time: now, Value: 5}
			}
			srv.Seed("Test", "m", nil, pts...)
			clk.Advance(time.Minute)
			if got := describe(t, c, "a").StateValue; got != tc.want {
				t.Errorf("state = %s, want %s", got, tc.want)
			}
		})
	}
}

// The pending-deletion alarm fires on one datapoint of its log metric
// filter's metric and returns to OK when no more errors arrive.
func TestPendingDeletionAlarm(t *testing.T) {
	srv, c, clk := virtual(t)
	lma, err := alarms.PendingDeletionUse("CloudTrail/logs", alarms.LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	name := put(t, c)(lma.Alarm, nil)
	ft := lma.Filter.MetricTransformations[0]
	// The filter's metric: one failed call on a key pending deletion.
	srv.Seed(aws.ToString(ft.MetricNamespace), aws.ToString(ft.MetricName), nil, cloudwatchtest.Point{Time: now.Add(30 * time.Second), Value: 1})
	var got []types.StateValue
	for _, d := range []time.Duration{time.Minute, 5 * time.Minute, time.Hour} {
		clk.Set(now.Add(d))
		got = append(got, describe(t, c, name).StateValue)
	}
	// One error puts the alarm in ALARM at the next evaluation; once the datapoint has
	// left the evaluation range, missing data is not breaching
	// (docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion) and the alarm is OK
	// again.
	want := []types.StateValue{"ALARM", "ALARM", "OK"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("states mismatch (-want +got):\n%s", diff)
	}
}

// The quota alarm fires when usage crosses the percentage of SERVICE_QUOTA.
func TestQuotaAlarm(t *testing.T) {
	srv, c, clk := virtual(t)
	name := put(t, c)(alarms.RequestQuota(metrics.QuotaCryptographicOperationsSymmetric, 80, alarms.Options{AlarmActions: []string{topic}}))
	usage, err := metrics.CallCount(metrics.QuotaCryptographicOperationsSymmetric)
	if err != nil {
		t.Fatal(err)
	}
	sdk := usage.SDK()
	ns, mn := aws.ToString(sdk.Namespace), aws.ToString(sdk.MetricName)

	// Without a quota SERVICE_QUOTA fails: the evaluation is an error and
	// the state does not move.
	srv.Seed(ns, mn, sdk.Dimensions, cloudwatchtest.Point{Time: now, Value: 10})
	clk.Advance(time.Minute)
	got := describe(t, c, name)
	if got.EvaluationState != types.EvaluationStateEvaluationError || got.StateValue != types.StateValueInsufficientData {
		t.Fatalf("without a quota: %s %s %q, want EVALUATION_ERROR and INSUFFICIENT_DATA", got.EvaluationState, got.StateValue, aws.ToString(got.StateReason))
	}
	// StateUpdatedTimestamp follows EvaluationState too, StateTransitioned
	// only StateValue (API reference, MetricAlarm).
	if up, tr := aws.ToTime(got.StateUpdatedTimestamp), aws.ToTime(got.StateTransitionedTimestamp); !up.Equal(now.Add(time.Minute)) || !tr.Equal(now) {
		t.Errorf("StateUpdatedTimestamp %s, StateTransitionedTimestamp %s; want %s and %s", up, tr, now.Add(time.Minute), now)
	}

	srv.SetServiceQuota(ns, mn, sdk.Dimensions, 1000)
	steps := []struct {
		calls float64
		want  types.StateValue
	}{
		{700, types.StateValueOk},    // 70%
		{800, types.StateValueOk},    // 80% is not above 80
		{810, types.StateValueAlarm}, // 81%
		{100, types.StateValueOk},
	}
	for _, st := range steps {
		srv.Seed(ns, mn, sdk.Dimensions, cloudwatchtest.Point{Time: clk.Now(), Value: st.calls})
		clk.Advance(time.Minute)
		got := describe(t, c, name)
		if got.StateValue != st.want || got.EvaluationState != "" {
			t.Errorf("%v calls: %s %s, want %s", st.calls, got.StateValue, got.EvaluationState, st.want)
		}
	}
	if n := len(srv.Actions()); n != 1 {
		t.Errorf("%d actions ran, want 1 (the ALARM notification)", n)
	}
}

// The fleet Metrics Insights alarm fires for one expiring key among 1,000
// and names it as the contributor. The query returns at most 500 series
// (ORDER BY MIN() ASC keeps the soonest), so the evaluation state is
// PARTIAL_DATA, as documented for queries over 500 series.
func TestFleetInsightsAlarm(t *testing.T) {
	srv, c, clk := virtual(t)
	expiring := ""
	for i := range 1000 {
		id := fmt.Sprintf("%08d-0000-0000-0000-000000000000", i)
		exp := now.Add(300 * day)
		if i == 617 {
			expiring, exp = id, now.Add(9*day)
		}
		srv.SimulateKeyMaterial(id, exp)
	}
	name := put(t, c)(alarms.FleetKeyMaterialExpiry(alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}}))
	clk.Advance(time.Minute)
	got := describe(t, c, name)
	if got.StateValue != types.StateValueAlarm || aws.ToString(got.StateReason) != "1 out of 500 time series evaluated to ALARM" || got.EvaluationState != types.EvaluationStatePartialData {
		t.Fatalf("fleet alarm: %s %q %s", got.StateValue, aws.ToString(got.StateReason), got.EvaluationState)
	}
	out, err := c.DescribeAlarmContributors(context.Background(), &cloudwatch.DescribeAlarmContributorsInput{AlarmName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.AlarmContributors) != 1 {
		t.Fatalf("%d contributors in ALARM, want 1", len(out.AlarmContributors))
	}
	contrib := out.AlarmContributors[0]
	if diff := cmp.Diff(map[string]string{"KeyId": expiring}, contrib.ContributorAttributes); diff != "" {
		t.Errorf("ContributorAttributes mismatch (-want +got):\n%s", diff)
	}
	if id := aws.ToString(contrib.ContributorId); len(id) < 1 || len(id) > 16 {
		t.Errorf("ContributorId %q is not 1-16 characters", id)
	}
	wantReason := "Threshold Crossed: 1 out of the last 1 datapoints [777600.0 (24/11/26 12:00:00)] was less than or equal to the threshold (864000.0) (minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition)."
	if got := aws.ToString(contrib.StateReason); got != wantReason {
		t.Errorf("contributor StateReason = %q, want %q", got, wantReason)
	}
}

// SetAlarmState lasts until the next evaluation and runs the actions;
// DisableAlarmActions stops them.
func TestSetAlarmStateAndActions(t *testing.T) {
	srv, c, clk := virtual(t)
	ctx := context.Background()
	srv.SimulateKeyMaterial(keyID, now.Add(30*day))
	name := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}, OKActions: []string{topic + "-ok"}}))
	clk.Advance(time.Minute) // OK

	set := func() {
		t.Helper()
		if _, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String(name), StateValue: types.StateValueAlarm,
			StateReason: aws.String("testing the pager"), StateReasonData: aws.String(`{"by":"test"}`)}); err != nil {
			t.Fatal(err)
		}
	}
	set()
	if got := describe(t, c, name); got.StateValue != types.StateValueAlarm || aws.ToString(got.StateReason) != "testing the pager" || aws.ToString(got.StateReasonData) != `{"by":"test"}` {
		t.Errorf("after SetAlarmState: %s %q %q", got.StateValue, aws.ToString(got.StateReason), aws.ToString(got.StateReasonData))
	}
	clk.Advance(time.Minute) // the next evaluation puts it back
	if _, err := c.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{name}}); err != nil {
		t.Fatal(err)
	}
	set()
	clk.Advance(time.Minute)
	if got := describe(t, c, name); got.StateValue != types.StateValueOk || aws.ToBool(got.ActionsEnabled) {
		t.Errorf("after DisableAlarmActions: %s, ActionsEnabled %v", got.StateValue, aws.ToBool(got.ActionsEnabled))
	}
	if _, err := c.EnableAlarmActions(ctx, &cloudwatch.EnableAlarmActionsInput{AlarmNames: []string{name, "no-such-alarm"}}); err != nil {
		t.Fatal(err)
	}
	set()

	t1, t2, t3 := now.Add(time.Minute), now.Add(2*time.Minute), now.Add(3*time.Minute)
	want := []cloudwatchtest.Action{
		{AlarmName: name, ARN: topic + "-ok", State: types.StateValueOk, Time: t1},
		{AlarmName: name, ARN: topic, State: types.StateValueAlarm, Time: t1},
		{AlarmName: name, ARN: topic + "-ok", State: types.StateValueOk, Time: t2},
		{AlarmName: name, ARN: topic, State: types.StateValueAlarm, Time: t3},
	}
	if diff := cmp.Diff(want, srv.Actions(), ignoreBody); diff != "" {
		t.Errorf("Actions mismatch (-want +got):\n%s", diff)
	}

	_, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String(name), StateValue: types.StateValueOk,
		StateReason: aws.String("x"), StateReasonData: aws.String("not json")})
	checkError(t, err, "InvalidFormat", "StateReasonData")
	_, err = c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("missing"), StateValue: types.StateValueOk, StateReason: aws.String("x")})
	checkError(t, err, "ResourceNotFound", "missing")
}

// DescribeAlarmHistory filters by item type and dates and pages.
func TestDescribeAlarmHistory(t *testing.T) {
	_, c, clk := virtual(t)
	ctx := context.Background()
	put(t, c)(thresholdAlarm("a", "m", 1, 1, "breaching"), nil)
	put(t, c)(thresholdAlarm("b", "m", 1, 1, "notBreaching"), nil)
	clk.Advance(time.Minute)

	tests := map[string]struct {
		in   cloudwatch.DescribeAlarmHistoryInput
		want []string
	}{
		"all, newest first": {cloudwatch.DescribeAlarmHistoryInput{}, []string{
			"b Alarm updated from INSUFFICIENT_DATA to OK",
			"a Successfully executed action " + topic,
			"a Alarm updated from INSUFFICIENT_DATA to ALARM",
			`b Alarm "b" created`,
			`a Alarm "a" created`,
		}},
		"one alarm, state updates": {cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String("a"), HistoryItemType: types.HistoryItemTypeStateUpdate},
			[]string{"a Alarm updated from INSUFFICIENT_DATA to ALARM"}},
		"actions": {cloudwatch.DescribeAlarmHistoryInput{HistoryItemType: types.HistoryItemTypeAction},
			[]string{"a Successfully executed action " + topic}},
		"before the evaluation": {cloudwatch.DescribeAlarmHistoryInput{EndDate: aws.Time(now), ScanBy: types.ScanByTimestampAscending},
			[]string{`a Alarm "a" created`, `b Alarm "b" created`}},
		"composite alarms only": {cloudwatch.DescribeAlarmHistoryInput{AlarmTypes: []types.AlarmType{types.AlarmTypeCompositeAlarm}}, nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			in := tc.in
			in.MaxRecords = aws.Int32(2)
			var got []string
			p := cloudwatch.NewDescribeAlarmHistoryPaginator(c, &in)
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range page.AlarmHistoryItems {
					got = append(got, aws.ToString(h.AlarmName)+" "+aws.ToString(h.HistorySummary))
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("history mismatch (-want +got):\n%s", diff)
			}
		})
	}
	_, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{MaxRecords: aws.Int32(101)})
	checkError(t, err, "ValidationError", "MaxRecords")
}

// Evaluation under -race: requests, Seed, key material changes, SetAlarmState,
// Actions and the clock move from several goroutines; every state change
// of the alarm is recorded once in its history.
func TestEvaluationConcurrent(t *testing.T) {
	srv, c, clk := virtual(t)
	ctx := context.Background()
	key := srv.SimulateKeyMaterial(keyID, now.Add(11*day))
	name := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{AlarmActions: []string{topic}}))
	put(t, c)(thresholdAlarm("seeded", "m", 1, 1, "notBreaching"), nil)
	concurrently(20,
		func(i int) { clk.Advance(time.Duration(i) * time.Hour) },
		func(int) {
			if _, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{}); err != nil {
				t.Error(err)
			}
		},
		func(i int) { srv.Seed("Test", "m", nil, cloudwatchtest.Point{Time: clk.Now(), Value: float64(i % 3)}) },
		func(i int) {
			key.Reimport(clk.Now().Add(time.Duration(9+i%3) * day))
			_ = srv.Actions()
		},
		setInsufficient(t, c, name))
	hist := transitions(t, c, name)
	a := describe(t, c, name)
	if len(hist) == 0 || !strings.HasSuffix(strings.Split(hist[len(hist)-1], " @ ")[0], string(a.StateValue)) {
		t.Errorf("the last transition %v does not end in the alarm's state %s", hist, a.StateValue)
	}
}

// concurrently runs rounds rounds on each of 4 goroutines, round i of
// goroutine w running steps[(w+i)%len(steps)](i), so that every step runs
// on several goroutines at once; it returns when all are done.
func concurrently(rounds int, steps ...func(i int)) {
	faketest.Concurrently(4, rounds, func(w, i int) { steps[(w+i)%len(steps)](i) })
}

// setInsufficient is a step of concurrently that sets the alarm called name
// to INSUFFICIENT_DATA.
func setInsufficient(t *testing.T, c *cloudwatch.Client, name string) func(int) {
	return func(int) {
		_, err := c.SetAlarmState(context.Background(), &cloudwatch.SetAlarmStateInput{AlarmName: aws.String(name), StateValue: types.StateValueInsufficientData, StateReason: aws.String("test")})
		if err != nil {
			t.Error(err)
		}
	}
}

// expiryPoints returns the per-minute Minimum of the key's
// SecondsUntilKeyMaterialExpiration in [from, to), oldest first, each as
// "offset-from-now value".
func expiryPoints(t *testing.T, c *cloudwatch.Client, keyID string, from, to time.Time) []string {
	t.Helper()
	out, err := c.GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(from), EndTime: aws.Time(to), ScanBy: types.ScanByTimestampAscending,
		MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("q"), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String(kms), MetricName: aws.String(expiry),
				Dimensions: []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(keyID)}}},
			Period: aws.Int32(60), Stat: aws.String("Minimum")}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	r := out.MetricDataResults[0]
	for i, ts := range r.Timestamps {
		got = append(got, fmt.Sprintf("%s %v", ts.Sub(now), r.Values[i]))
	}
	return got
}

// countdown returns what expiryPoints reports for material expiring at
// expires, published at every whole minute in [from, to).
func countdown(expires, from, to time.Time) []string {
	var out []string
	for m := from; m.Before(to) && m.Before(expires); m = m.Add(time.Minute) {
		out = append(out, fmt.Sprintf("%s %v", m.Sub(now), expires.Sub(m).Seconds()))
	}
	return out
}

// A new key's material is published for the 3 hours before the current
// minute, as if KMS had been publishing all along, so a query right after
// SimulateKeyMaterial returns datapoints; a key simulated before is
// reimported from the current minute on.
func TestSimulateKeyMaterialBackfill(t *testing.T) {
	const h = time.Hour
	tests := map[string]struct {
		at      time.Duration // clock offset from now at the call
		expires time.Duration // offset from now
		before  func(*cloudwatchtest.Server)
		want    []string // offset from now of the first and last point of [now-4h, call time)
		n       int      // points in that range
	}{
		"on the minute": {
			expires: 10 * h,
			want:    []string{"-3h0m0s 46800", "-1m0s 36060"}, n: 180,
		},
		"within the minute, the current minute included": {
			at: 30 * time.Second, expires: 10 * h,
			want: []string{"-3h0m0s 46800", "0s 36000"}, n: 181,
		},
		"expired within the last 3 hours": {
			expires: -h - 30*time.Second,
			want:    []string{"-3h0m0s 7170", "-1h1m0s 30"}, n: 120,
		},
		"expired more than 3 hours ago": {expires: -4 * h},
		"material that does not expire": {},
		"a key simulated before: reimported now": {
			expires: 10 * h,
			before:  func(s *cloudwatchtest.Server) { s.SimulateKeyMaterial(keyID, now.Add(-5*h)) },
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv, c, clk := virtual(t)
			if tc.before != nil {
				tc.before(srv)
			}
			clk.Set(now.Add(tc.at))
			expires := time.Time{}
			if tc.expires != 0 {
				expires = now.Add(tc.expires)
			}
			srv.SimulateKeyMaterial(keyID, expires)
			got := expiryPoints(t, c, keyID, now.Add(-4*h), clk.Now())
			var ends []string
			if len(got) > 0 {
				ends = []string{got[0], got[len(got)-1]}
			}
			if diff := cmp.Diff(tc.want, ends); diff != "" || len(got) != tc.n {
				t.Errorf("%d points, want %d; first and last mismatch (-want +got):\n%s", len(got), tc.n, diff)
			}
		})
	}
}

// What SimulateKeyMaterial publishes is what GetMetricData and ListMetrics
// see: a point every minute counting down, nothing after expiry or deletion,
// and the key unlisted two weeks after its last point.
func TestSimulateKeyMaterialQueries(t *testing.T) {
	srv, c, clk := virtual(t)
	expires := now.Add(3*time.Minute + 30*time.Second)
	key := srv.SimulateKeyMaterial(keyID, expires)
	clk.Advance(10 * time.Minute)
	query := func() []string { return expiryPoints(t, c, keyID, now.Add(-4*time.Hour), clk.Now()) }
	published := countdown(expires, now.Add(-3*time.Hour), clk.Now())
	if diff := cmp.Diff(published, query()); diff != "" {
		t.Errorf("published until expiry mismatch (-want +got):\n%s", diff)
	}

	key.Reimport(clk.Now().Add(time.Hour)) // at +10m
	clk.Advance(2 * time.Minute)
	key.Delete() // at +12m: the +12m point is published, then nothing
	clk.Advance(5 * time.Minute)
	want := append(published, "10m0s 3600", "11m0s 3540", "12m0s 3480")
	if diff := cmp.Diff(want, query()); diff != "" {
		t.Errorf("after reimport and delete mismatch (-want +got):\n%s", diff)
	}

	listed := func() int {
		out, err := c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{Namespace: aws.String(kms)})
		if err != nil {
			t.Fatal(err)
		}
		return len(out.Metrics)
	}
	if n := listed(); n != 1 {
		t.Errorf("ListMetrics lists %d metrics, want 1", n)
	}
	clk.Set(now.Add(12*time.Minute + 14*day + time.Minute))
	if n := listed(); n != 0 {
		t.Errorf("two weeks after the last point ListMetrics lists %d metrics, want 0", n)
	}
}

// A group of several series is one contributor, aggregated over all of
// them as the query would return it (AVG of 1 and 3 is 2).
func TestInsightsAlarmGroups(t *testing.T) {
	srv, c, clk := virtual(t)
	dims := func(env, host string) []types.Dimension {
		return []types.Dimension{{Name: aws.String("Env"), Value: aws.String(env)}, {Name: aws.String("Host"), Value: aws.String(host)}}
	}
	srv.Seed("Test", "Latency", dims("prod", "a"), cloudwatchtest.Point{Time: now, Value: 1})
	srv.Seed("Test", "Latency", dims("prod", "b"), cloudwatchtest.Point{Time: now, Value: 3})
	srv.Seed("Test", "Latency", dims("dev", "a"), cloudwatchtest.Point{Time: now, Value: 1})
	srv.Seed("Test", "Latency", []types.Dimension{{Name: aws.String("Host"), Value: aws.String("c")}}, cloudwatchtest.Point{Time: now, Value: 9})
	put(t, c)(&cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String("latency"), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1.5),
		ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold,
		Metrics: []types.MetricDataQuery{{Id: aws.String("q"), Period: aws.Int32(60),
			Expression: aws.String(`SELECT AVG(Latency) FROM Test GROUP BY Env`)}},
	}, nil)
	clk.Advance(time.Minute)
	got := describe(t, c, "latency")
	if got.StateValue != types.StateValueAlarm || aws.ToString(got.StateReason) != "1 out of 2 time series evaluated to ALARM" {
		t.Errorf("alarm: %s %q", got.StateValue, aws.ToString(got.StateReason))
	}
	out, err := c.DescribeAlarmContributors(context.Background(), &cloudwatch.DescribeAlarmContributorsInput{AlarmName: aws.String("latency")})
	if err != nil {
		t.Fatal(err)
	}
	var attrs []map[string]string
	for _, ct := range out.AlarmContributors {
		attrs = append(attrs, ct.ContributorAttributes)
	}
	if diff := cmp.Diff([]map[string]string{{"Env": "prod"}}, attrs); diff != "" {
		t.Errorf("contributors mismatch (-want +got):\n%s", diff)
	}
	// The series without Env belongs to no group; when no series remains in
	// the range, missing data (the default) puts the alarm in
	// INSUFFICIENT_DATA.
	clk.Advance(time.Hour)
	if got := describe(t, c, "latency"); got.StateValue != types.StateValueInsufficientData {
		t.Errorf("an hour later: %s %q", got.StateValue, aws.ToString(got.StateReason))
	}
}

// A point seeded after the alarm skipped ahead over empty ranges (here to a
// future point) is still evaluated at the next tick.
func TestSeedAfterSkip(t *testing.T) {
	srv, c, clk := virtual(t)
	put(t, c)(thresholdAlarm("a", "m", 1, 1, "notBreaching"), nil)
	srv.Seed("Test", "m", nil, cloudwatchtest.Point{Time: now.Add(time.Hour), Value: 0})
	clk.Advance(2 * time.Minute)
	if got := describe(t, c, "a").StateValue; got != types.StateValueOk {
		t.Fatalf("no data, notBreaching: %s, want OK", got)
	}
	srv.Seed("Test", "m", nil, cloudwatchtest.Point{Time: clk.Now(), Value: 5})
	clk.Advance(time.Minute)
	if got := describe(t, c, "a").StateValue; got != types.StateValueAlarm {
		t.Errorf("after a breaching point: %s, want ALARM", got)
	}
}

// callbackSink is an EventSink that reads the alarm back from the server
// it receives events from, as an EventBridge target reacting to the event
// might, and fails every other delivery.
type callbackSink struct {
	srv    *cloudwatchtest.Server
	c      *cloudwatch.Client
	states []string
}

func (k *callbackSink) Emit(event []byte) (int, error) {
	var ev struct {
		Detail struct {
			AlarmName string `json:"alarmName"`
			State     struct{ Value string }
		} `json:"detail"`
	}
	if err := json.Unmarshal(event, &ev); err != nil {
		return 0, err
	}
	_ = k.srv.Alarms()
	out, err := k.c.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{AlarmNames: []string{ev.Detail.AlarmName}})
	if err != nil {
		return 0, err
	}
	k.states = append(k.states, ev.Detail.State.Value+" read back as "+string(out.MetricAlarms[0].StateValue))
	if len(k.states)%2 == 0 {
		return 0, fmt.Errorf("delivery %d refused", len(k.states))
	}
	return 1, nil
}

// An EventSink may call the server it receives events from: the sink is
// called without the server's lock (it deadlocked while the lock was held),
// events arrive in order, and a refused delivery is recorded in the alarm's
// history at the time of the change.
func TestEventSinkCallsBack(t *testing.T) {
	sink := &callbackSink{}
	srv, c, clk := virtual(t, cloudwatchtest.WithEventBridge(sink))
	sink.srv, sink.c = srv, c
	key := srv.SimulateKeyMaterial(keyID, now.Add(10*day+30*time.Minute))
	name := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{}))
	bounded.Run(t, func() {
		clk.Advance(time.Minute) // OK
		_ = srv.Alarms()
		clk.Advance(time.Hour) // ALARM
		_ = srv.Alarms()
		key.Reimport(clk.Now().Add(365 * day))
		clk.Advance(time.Minute) // OK
		_ = srv.Alarms()
	})
	want := []string{"OK read back as OK", "ALARM read back as ALARM", "OK read back as OK"}
	if diff := cmp.Diff(want, sink.states); diff != "" {
		t.Errorf("events mismatch (-want +got):\n%s", diff)
	}
	var got []string
	out, err := c.DescribeAlarmHistory(context.Background(), &cloudwatch.DescribeAlarmHistoryInput{AlarmName: aws.String(name), ScanBy: types.ScanByTimestampAscending})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range out.AlarmHistoryItems {
		got = append(got, aws.ToTime(h.Timestamp).Sub(now).String()+" "+aws.ToString(h.HistorySummary))
	}
	wantHistory := []string{
		`0s Alarm "` + name + `" created`,
		"1m0s Alarm updated from INSUFFICIENT_DATA to OK",
		"31m0s Alarm updated from OK to ALARM",
		"31m0s Failed to deliver the CloudWatch Alarm State Change event: delivery 2 refused",
		"1h2m0s Alarm updated from ALARM to OK",
	}
	if diff := cmp.Diff(wantHistory, got); diff != "" {
		t.Errorf("history mismatch (-want +got):\n%s", diff)
	}
}

// orderSink records the transitions it receives, as "OLD->NEW".
type orderSink struct {
	mu  sync.Mutex
	got []string
}

func (k *orderSink) Emit(event []byte) (int, error) {
	var ev struct {
		Detail struct {
			State         struct{ Value string }
			PreviousState struct{ Value string } `json:"previousState"`
		} `json:"detail"`
	}
	if err := json.Unmarshal(event, &ev); err != nil {
		return 0, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.got = append(k.got, ev.Detail.PreviousState.Value+"->"+ev.Detail.State.Value)
	return 1, nil
}

// Under -race, with the clock, SetAlarmState and reads moving from several
// goroutines, the sink receives every state change once, in the order of
// the alarm's history, although it is called without the server's lock.
func TestEventSinkConcurrent(t *testing.T) {
	sink := &orderSink{}
	srv, c, clk := virtual(t, cloudwatchtest.WithEventBridge(sink))
	key := srv.SimulateKeyMaterial(keyID, now.Add(11*day))
	name := put(t, c)(alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{}))
	concurrently(25,
		func(i int) { clk.Advance(time.Duration(i) * time.Hour) },
		func(int) { _ = srv.Alarms() },
		func(i int) { key.Reimport(clk.Now().Add(time.Duration(9+i%3) * day)) },
		setInsufficient(t, c, name))
	// Every unlock has returned, so every queued event was sent.
	var want []string
	for _, h := range transitions(t, c, name) {
		from, rest, _ := strings.Cut(strings.Split(h, " @ ")[0], " -> ")
		want = append(want, from+"->"+rest)
	}
	if len(want) < 3 {
		t.Fatalf("only %d transitions: the test exercises nothing", len(want))
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if diff := cmp.Diff(want, sink.got); diff != "" {
		t.Errorf("events mismatch with the history (-history +events):\n%s", diff)
	}
}
