package cloudwatchtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// ignoreBody leaves the bodies of actions out of comparisons of which
// actions ran; TestActionBodies checks them.
var ignoreBody = cmpopts.IgnoreFields(cloudwatchtest.Action{}, "Body")

// eventLog is an EventSink that keeps what it receives.
type eventLog struct{ events [][]byte }

func (l *eventLog) Emit(event []byte) (int, error) {
	l.events = append(l.events, event)
	return 1, nil
}

const (
	notifyTopic = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	notifyFunc  = "arn:aws:lambda:us-west-2:111122223333:function:kms-alerts"
	soonKey     = "1234abcd-12ab-34cd-56ef-1234567890ab"
	laterKey    = "0987dcba-09fe-87dc-65ba-ab0987654321"
)

// firedAlarms puts a per-key expiry alarm, a metric math alarm and the
// fleet Metrics Insights alarm, each notifying a topic and a function, and
// moves the clock until they fire: soonKey expires in 5 days, laterKey in
// 60, the alarms fire 10 days before expiry.
func firedAlarms(t *testing.T) (*cloudwatchtest.Server, *eventLog) {
	t.Helper()
	log := &eventLog{}
	srv, c, clk := virtual(t, cloudwatchtest.WithEventBridge(log))
	srv.SimulateKeyMaterial(soonKey, now.Add(5*day))
	srv.SimulateKeyMaterial(laterKey, now.Add(60*day))
	opts := alarms.Options{AlarmActions: []string{notifyTopic, notifyFunc}, OKActions: []string{notifyTopic}}
	put(t, c)(alarms.KeyMaterialExpiry(soonKey, 10*day, opts))
	put(t, c)(alarms.FleetKeyMaterialExpiry(10*day, opts))
	put(t, c)(&cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("days-left"),
		AlarmDescription:   aws.String("Days left before the key material expires"),
		AlarmActions:       opts.AlarmActions,
		ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
		Threshold:          aws.Float64(10),
		EvaluationPeriods:  aws.Int32(1),
		Metrics: []types.MetricDataQuery{
			{Id: aws.String("e1"), Expression: aws.String("m1/86400"), Label: aws.String("Days left")},
			{Id: aws.String("m1"), ReturnData: aws.Bool(false), MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String(kms), MetricName: aws.String(expiry),
					Dimensions: []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(soonKey)}}},
				Period: aws.Int32(60), Stat: aws.String("Minimum")}},
		},
	}, nil)
	clk.Advance(time.Minute)
	srv.Alarms() // evaluations due up to now run before any answer
	return srv, log
}

// The bodies CloudWatch sends to SNS and Lambda actions, and the events it
// sends to EventBridge, have the members, types, nesting and timestamp
// formats of the documented examples, and decode with package events as
// the alarm payloads they are, naming the key they are about.
func TestActionBodies(t *testing.T) {
	srv, log := firedAlarms(t)
	fleet := alarms.DefaultFleetExpiryName
	perKey := "kmswatch-key-material-expiry-" + soonKey
	body := func(alarm, arn string, contributor bool) []byte {
		for _, a := range srv.Actions() {
			if a.AlarmName == alarm && a.ARN == arn && (a.Contributor != nil) == contributor {
				return a.Body
			}
		}
		t.Fatalf("no action %s of %s (contributor %v) in %v", arn, alarm, contributor, srv.Actions())
		return nil
	}
	event := func(alarm, detailType string) []byte {
		for _, e := range log.events {
			var h struct {
				DetailType string `json:"detail-type"`
				Detail     struct{ AlarmName string }
			}
			if err := json.Unmarshal(e, &h); err != nil {
				t.Fatal(err)
			}
			if h.Detail.AlarmName == alarm && h.DetailType == detailType {
				return e
			}
		}
		t.Fatalf("no %q event of %s", detailType, alarm)
		return nil
	}
	const stateChange, contributorChange = "CloudWatch Alarm State Change", "CloudWatch Alarm Contributor State Change"
	lambdaDoc := documented(t, "alarm-lambda-metric.json")
	// The documented SNS examples (aws-lambda-go's, and the contributor
	// message of "Alarm actions", which AWS cuts short) predate members
	// that CloudWatch's messages carry today: the configuration time and
	// the action lists, DatapointsToAlarm, a null Unit, a query's Period
	// (CloudWatchMetricDataQuery.Period in aws-lambda-go).
	snsNow := []string{
		"AlarmConfigurationUpdatedTimestamp time-ms", "OKActions array", "OKActions[] string",
		"AlarmActions array", "AlarmActions[] string", "InsufficientDataActions array",
		"Trigger.DatapointsToAlarm number", "Trigger.Unit null", "Trigger.Metrics[].Period number",
	}
	// The contributor example shows only some members; the others are
	// those of the alarm's own message.
	snsContributorNow := append(snsNow, "AlarmDescription string", "AWSAccountId string", "Region string", "AlarmArn string")
	tests := map[string]struct {
		got      []byte
		want     shape
		optional []string // documented members these alarms do not have
		extra    []string // members the documented example lacks, as "path kind"
		keys     []string // what KeyIDs returns
	}{
		"SNS, single metric": {
			got: body(perKey, notifyTopic, false), want: snsDocumented(t, "sns-alarm-single-metric-aws-lambda-go.json"),
			optional: []string{"Trigger.Unit"}, extra: snsNow, keys: []string{soonKey},
		},
		"SNS, metric math": {
			got: body("days-left", notifyTopic, false), want: snsDocumented(t, "sns-alarm-metric-math-aws-lambda-go.json"),
			extra: snsNow, keys: []string{soonKey},
		},
		"SNS, Insights alarm": {
			got: body(fleet, notifyTopic, false), want: snsDocumented(t, "sns-alarm-metric-math-aws-lambda-go.json"),
			optional: []string{"Trigger.Metrics[].MetricStat"}, extra: snsNow,
		},
		"SNS, Insights contributor": {
			got: body(fleet, notifyTopic, true), want: documented(t, "sns-alarm-message-contributor-log-alarm.json"),
			extra: snsContributorNow, keys: []string{soonKey},
		},
		"Lambda, single metric": {
			got: body(perKey, notifyFunc, false), want: lambdaDoc,
			optional: []string{"alarmData.configuration.metrics[].metricStat.unit"}, keys: []string{soonKey},
		},
		"Lambda, metric math": {
			got: body("days-left", notifyFunc, false), want: lambdaWith(lambdaDoc, documented(t, "alarm-state-change-metric-math.json")),
			keys: []string{soonKey},
		},
		"Lambda, Insights alarm": {
			got: body(fleet, notifyFunc, false), want: lambdaWith(lambdaDoc, documented(t, "alarm-state-change-insights.json")),
		},
		"Lambda, Insights contributor": {
			got: body(fleet, notifyFunc, true), want: lambdaWith(lambdaDoc, documented(t, "alarm-contributor-state-change-insights.json")),
			keys: []string{soonKey},
		},
		"EventBridge, single metric": {
			got: event(perKey, stateChange), want: documented(t, "alarm-state-change-single-metric.json"),
			keys: []string{soonKey},
		},
		"EventBridge, metric math": {
			got: event("days-left", stateChange), want: documented(t, "alarm-state-change-metric-math.json"),
			keys: []string{soonKey},
		},
		"EventBridge, Insights alarm": {
			got: event(fleet, stateChange), want: documented(t, "alarm-state-change-insights.json"),
		},
		"EventBridge, Insights contributor": {
			got: event(fleet, contributorChange), want: documented(t, "alarm-contributor-state-change-insights.json"),
			keys: []string{soonKey},
		},
	}
	configuration := configurationShape(t)
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := shapeOf(t, tc.got)
			want := tc.want
			// The members of configuration.metrics differ with the alarm
			// (metricStat, expression, label, period): they are checked
			// against every documented example together.
			gotConfig, wantConfig := got.cut("configuration."), want.cut("configuration.")
			if len(wantConfig) > 0 {
				if extra := gotConfig.notIn(configuration, nil); len(extra) > 0 {
					t.Errorf("configuration members no documented example has:\n%s\n%s", strings.Join(extra, "\n"), tc.got)
				}
			}
			// Mute rules are not modelled, so no muteDetail.
			optional := append(tc.optional, "detail.muteDetail", "alarmData.muteDetail")
			undocumented := slices.DeleteFunc(got.notIn(want, nil), func(m string) bool { return slices.Contains(tc.extra, m) })
			if diff := cmp.Diff(want.notIn(got, optional), undocumented, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("members (-documented, not produced +produced, not documented):\n%s\n%s", diff, tc.got)
			}

			n, err := events.ParseAlarm(tc.got)
			if err != nil {
				t.Fatalf("events.ParseAlarm: %v\n%s", err, tc.got)
			}
			if extra := unmodelled(n); len(extra) > 0 {
				t.Errorf("members package events does not model: %v", extra)
			}
			if diff := cmp.Diff(tc.keys, n.KeyIDs(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("KeyIDs mismatch (-want +got):\n%s", diff)
			}
			if strings.HasPrefix(name, "EventBridge") {
				if ev, err := events.Parse(tc.got); err != nil {
					t.Errorf("events.Parse: %v", err)
				} else if _, ok := ev.(*events.AlarmEvent); !ok {
					t.Errorf("events.Parse returned %T, want *events.AlarmEvent", ev)
				}
			}
		})
	}
}

// unmodelled returns the names of the members of n that its type keeps
// only as extras (an EventBridge event's detail keeps every member raw).
func unmodelled(n events.AlarmNotification) []string {
	var extra []events.Member
	switch n := n.(type) {
	case *events.AlarmSNSMessage:
		extra = n.Extra
		if n.Trigger != nil {
			extra = append(extra, n.Trigger.Extra...)
		}
	case *events.AlarmLambdaEvent:
		extra = n.Extra
	}
	var names []string
	for _, m := range extra {
		names = append(names, m.Name)
	}
	return names
}

// documented returns the shape of a documented example among the events
// fixtures: from "Invoke a Lambda function from an alarm" (alarm-lambda-*),
// "Alarm events and EventBridge" (alarm-*-change-*), "Alarm actions"
// (sns-alarm-message-contributor-log-alarm.json).
func documented(t *testing.T, name string) shape {
	t.Helper()
	return shapeOf(t, eventstest.Fixture(t, name))
}

// snsDocumented returns the shape of the message of the SNS notification
// in a Lambda SNS event among the events fixtures.
func snsDocumented(t *testing.T, name string) shape {
	t.Helper()
	var ev struct {
		Records []struct{ Sns struct{ Message string } }
	}
	if err := json.Unmarshal(eventstest.Fixture(t, name), &ev); err != nil || len(ev.Records) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	return shapeOf(t, []byte(ev.Records[0].Sns.Message))
}

// lambdaWith is the shape of a Lambda payload whose alarmData is the detail
// of the EventBridge event ev: the payload documents one metric alarm, and
// its alarmData is the event's detail ("Invoke a Lambda function from an
// alarm").
func lambdaWith(lambda, ev shape) shape {
	out := shape{}
	for p, k := range lambda {
		if p != "alarmData" && !strings.HasPrefix(p, "alarmData.") {
			out[p] = k
		}
	}
	out["alarmData"] = ev["detail"]
	for p, k := range ev {
		if rest, ok := strings.CutPrefix(p, "detail."); ok {
			out["alarmData."+rest] = k
		}
	}
	return out
}

// configurationShape is the union of the configuration members of the
// documented alarm events and Lambda payload.
func configurationShape(t *testing.T) shape {
	all := shape{}
	for _, name := range []string{"alarm-lambda-metric.json", "alarm-state-change-single-metric.json",
		"alarm-state-change-metric-math.json", "alarm-state-change-insights.json", "alarm-contributor-state-change-insights.json"} {
		for p, k := range documented(t, name).cut("configuration.") {
			all.add(p, k)
		}
	}
	return all
}

// shape maps each member path of a JSON document ("a.b", "a[]" for the
// elements of an array, "a.*" for the values of an object whose keys are
// data: dimensions and contributor attributes) to the kinds of its values:
// object, array, string, number, bool, null, and for timestamps their
// format, time-ms (2019-10-01T13:56:40.987+0000) or time-s
// (2019-10-02T17:04:40Z). previousState is folded into state, which has
// the same members.
type shape map[string]string

var (
	timeMS = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$`)
	timeS  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

// keyedByData are the objects whose keys are values, not member names.
var keyedByData = map[string]bool{"dimensions": true, "attributes": true, "AlarmContributorAttributes": true, "alarmTags": true}

func shapeOf(t *testing.T, doc []byte) shape {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("%v: %s", err, doc)
	}
	s := shape{}
	s.walk("", "", v)
	return s
}

func (s shape) walk(path, key string, v any) {
	kind := ""
	switch v := v.(type) {
	case map[string]any:
		kind = "object"
		for k, x := range v {
			name := k
			if keyedByData[key] {
				name = "*"
			}
			if k == "previousState" {
				name = "state"
			}
			child := name
			if path != "" {
				child = path + "." + name
			}
			s.walk(child, k, x)
		}
	case []any:
		kind = "array"
		for _, x := range v {
			s.walk(path+"[]", key, x)
		}
	case string:
		switch {
		case timeMS.MatchString(v):
			kind = "time-ms"
		case timeS.MatchString(v):
			kind = "time-s"
		default:
			kind = "string"
		}
	case float64:
		kind = "number"
	case bool:
		kind = "bool"
	case nil:
		kind = "null"
	}
	if path != "" {
		s.add(path, kind)
	}
}

// add records kind for path, as one more possible kind.
func (s shape) add(path, kind string) {
	kinds := strings.Split(s[path], "|")
	if s[path] == "" {
		kinds = nil
	}
	if !slices.Contains(kinds, kind) {
		kinds = append(kinds, kind)
	}
	sort.Strings(kinds)
	s[path] = strings.Join(kinds, "|")
}

// cut returns the members under the first component ending in prefix
// ("configuration." cuts "detail.configuration.x" to "x"), and removes
// them from s.
func (s shape) cut(prefix string) shape {
	out := shape{}
	for p, k := range s {
		if i := strings.Index(p, prefix); i >= 0 && (i == 0 || p[i-1] == '.') {
			out[p[i+len(prefix):]] = k
			delete(s, p)
		} else if p+"." == prefix || strings.HasSuffix(p, "."+strings.TrimSuffix(prefix, ".")) {
			delete(s, p)
		}
	}
	return out
}

// notIn lists the members of s that other lacks or holds with none of the
// same kinds, except those in optional and their members.
func (s shape) notIn(other shape, optional []string) []string {
	var out []string
	for p, k := range s {
		if slices.ContainsFunc(optional, func(o string) bool { return p == o || strings.HasPrefix(p, o+".") }) {
			continue
		}
		ok := false
		for _, kind := range strings.Split(k, "|") {
			ok = ok || slices.Contains(strings.Split(other[p], "|"), kind)
		}
		if !ok {
			out = append(out, p+" "+k)
		}
	}
	sort.Strings(out)
	return out
}

// A multi-time-series alarm runs its actions at the level "Acting on alarm
// changes" gives each kind: SNS, Lambda and OpsItem actions for the alarm
// and for each contributor, EC2 actions only for a contributor, Auto
// Scaling only for the alarm. A contributor acts when it enters ALARM and
// when it returns to OK; a key that first appears in OK does nothing.
func TestContributorActions(t *testing.T) {
	const (
		ec2     = "arn:aws:automate:us-west-2:ec2:stop"
		scaling = "arn:aws:autoscaling:us-west-2:111122223333:scalingPolicy:4ee9e543-86b5-4121-b53b-aa4c23b5bbcc:autoScalingGroupName/g:policyName/p"
		opsItem = "arn:aws:ssm:us-west-2:111122223333:opsitem:3"
	)
	kind := map[string]string{notifyTopic: "sns", notifyFunc: "lambda", ec2: "ec2", scaling: "autoscaling", opsItem: "opsitem"}
	srv, c, clk := virtual(t)
	key := srv.SimulateKeyMaterial(soonKey, now.Add(5*day))
	srv.SimulateKeyMaterial(laterKey, now.Add(60*day))
	in, err := alarms.FleetKeyMaterialExpiry(10*day, alarms.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The alarms package refuses EC2 actions on metric-math alarms, as
	// AWS documents for them; a Metrics Insights alarm takes them for its
	// contributors.
	in.AlarmActions = []string{notifyTopic, notifyFunc, ec2, scaling, opsItem}
	in.OKActions = []string{notifyTopic, ec2}
	name := put(t, c)(in, nil)
	clk.Advance(time.Minute)
	key.Reimport(clk.Now().Add(365 * day))
	clk.Advance(time.Minute)

	var got []string
	for _, a := range srv.Actions() {
		who := "alarm"
		if a.Contributor != nil {
			who = a.Contributor.Attributes["KeyId"]
		}
		got = append(got, fmt.Sprintf("%s %s %s %s", a.Time.Sub(now), who, a.State, kind[a.ARN]))
	}
	want := []string{
		"1m0s " + soonKey + " ALARM sns",
		"1m0s " + soonKey + " ALARM lambda",
		"1m0s " + soonKey + " ALARM ec2",
		"1m0s " + soonKey + " ALARM opsitem",
		"1m0s alarm ALARM sns",
		"1m0s alarm ALARM lambda",
		"1m0s alarm ALARM autoscaling",
		"1m0s alarm ALARM opsitem",
		"2m0s " + soonKey + " OK sns",
		"2m0s " + soonKey + " OK ec2",
		"2m0s alarm OK sns",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}

	// Each contributor action is in the alarm's history under the
	// contributor's id.
	contributor := ""
	for _, a := range srv.Actions() {
		if a.Contributor != nil {
			contributor = a.Contributor.ID
		}
	}
	out, err := c.DescribeAlarmHistory(context.Background(), &cloudwatch.DescribeAlarmHistoryInput{
		AlarmName: aws.String(name), AlarmContributorId: aws.String(contributor), HistoryItemType: types.HistoryItemTypeAction})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.AlarmHistoryItems) != 6 {
		t.Errorf("%d Action history items of contributor %s, want 6", len(out.AlarmHistoryItems), contributor)
	}
}

// A fired alarm goes straight into events.Process, in every way it can
// reach a Lambda function: the SNS message through SNS, through SNS to SQS
// with and without raw message delivery; the Lambda alarm-action payload;
// the EventBridge events directly and through SQS. Each is delivered as an
// alarm record with no failure, and the handler reads the key from
// KeyIDs: the per-key alarm's key, the contributor's key, none for the
// fleet alarm's own change.
func TestFiredAlarmProcess(t *testing.T) {
	srv, log := firedAlarms(t)
	wrap := map[string]func([]byte) []byte{
		"direct":                  func(b []byte) []byte { return b },
		"SNS":                     eventstest.SNSNotification,
		"SNS to SQS":              func(b []byte) []byte { return eventstest.SQSBatch(eventstest.SNSNotification(b)) },
		"SNS to SQS, raw":         func(b []byte) []byte { return eventstest.SQSBatch(b) },
		"EventBridge through SQS": func(b []byte) []byte { return eventstest.SQSBatch(b) },
	}
	type delivery struct {
		what, via string
		body      []byte
	}
	var deliveries []delivery
	for _, a := range srv.Actions() {
		who := a.AlarmName
		if a.Contributor != nil {
			who += " contributor " + a.Contributor.Attributes["KeyId"]
		}
		switch {
		case strings.HasPrefix(a.ARN, "arn:aws:sns:"):
			for _, via := range []string{"SNS", "SNS to SQS", "SNS to SQS, raw"} {
				deliveries = append(deliveries, delivery{"SNS message of " + who, via, a.Body})
			}
		case strings.HasPrefix(a.ARN, "arn:aws:lambda:"):
			deliveries = append(deliveries, delivery{"Lambda payload of " + who, "direct", a.Body})
		}
	}
	for i, e := range log.events {
		for _, via := range []string{"direct", "EventBridge through SQS"} {
			deliveries = append(deliveries, delivery{fmt.Sprintf("event %d", i), via, e})
		}
	}
	// Four SNS and four Lambda actions (per-key, metric math, contributor,
	// fleet alarm), four events.
	if want := 4*3 + 4 + 4*2; len(deliveries) != want {
		t.Fatalf("%d deliveries, want %d", len(deliveries), want)
	}
	got := map[string]int{}
	for _, d := range deliveries {
		var keys []string
		resp, err := events.Process(context.Background(), wrap[d.via](d.body), func(_ context.Context, r events.Record) error {
			if r.Alarm == nil {
				return fmt.Errorf("not an alarm record: %+v", r)
			}
			keys = append(keys, r.Alarm.KeyIDs()...)
			return nil
		})
		if err != nil || len(resp.BatchItemFailures) > 0 {
			t.Errorf("%s via %s: %v, %+v\n%s", d.what, d.via, err, resp, d.body)
		}
		got[strings.Join(keys, ",")]++
	}
	// Per delivery form: the per-key alarm, the metric math alarm and the
	// contributor name soonKey; the fleet alarm's own change names none.
	want := map[string]int{soonKey: 3 * (3 + 1 + 2), "": 3 + 1 + 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("keys per delivery (-want +got):\n%s", diff)
	}
}

// A contributor's notification to a topic that would drop it (encrypted
// with the AWS managed key for SNS) is not delivered, as the alarm's own is
// not: the contributor's history item records the failure.
func TestContributorActionDropped(t *testing.T) {
	srv, c, clk := virtual(t)
	if err := srv.SetDeliveryInputs(delivery.Inputs{Topics: map[string]map[string]string{
		notifyTopic: {"Policy": defaultTopicPolicy(notifyTopic, "111122223333"), "KmsMasterKeyId": "alias/aws/sns"}}}); err != nil {
		t.Fatal(err)
	}
	srv.SimulateKeyMaterial(soonKey, now.Add(5*day))
	name := put(t, c)(alarms.FleetKeyMaterialExpiry(10*day, alarms.Options{AlarmActions: []string{notifyTopic, notifyFunc}}))
	clk.Advance(time.Minute)

	var got []string
	for _, a := range srv.Actions() {
		got = append(got, fmt.Sprintf("%s contributor=%v", a.ARN, a.Contributor != nil))
	}
	want := []string{notifyFunc + " contributor=true", notifyFunc + " contributor=false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
	out, err := c.DescribeAlarmHistory(context.Background(), &cloudwatch.DescribeAlarmHistoryInput{
		AlarmName: aws.String(name), HistoryItemType: types.HistoryItemTypeAction, ScanBy: types.ScanByTimestampAscending})
	if err != nil {
		t.Fatal(err)
	}
	var history []string
	for _, h := range out.AlarmHistoryItems {
		history = append(history, fmt.Sprintf("%t %s", aws.ToString(h.AlarmContributorId) != "", strings.SplitN(aws.ToString(h.HistorySummary), ".", 2)[0]))
	}
	wantHistory := []string{
		"true Failed to execute action " + notifyTopic,
		"true Successfully executed action " + notifyFunc,
		"false Failed to execute action " + notifyTopic,
		"false Successfully executed action " + notifyFunc,
	}
	if diff := cmp.Diff(wantHistory, history); diff != "" {
		t.Errorf("history mismatch (-want +got):\n%s", diff)
	}
}
