package cloudwatchtest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
// formats of the documented examples.
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
	tests := map[string]struct {
		got      []byte
		want     shape
		optional []string // documented members a KMS expiry alarm does not have
	}{
		"SNS, single metric":        {got: body(perKey, notifyTopic, false), want: snsSingleMetric},
		"SNS, metric math":          {got: body("days-left", notifyTopic, false), want: snsMetrics},
		"SNS, Insights alarm":       {got: body(fleet, notifyTopic, false), want: snsMetrics},
		"SNS, Insights contributor": {got: body(fleet, notifyTopic, true), want: snsContributor},
		"Lambda, single metric": {
			got: body(perKey, notifyFunc, false), want: lambdaDoc,
			optional: []string{"alarmData.configuration.metrics[].metricStat.unit"},
		},
		"Lambda, metric math": {
			got: body("days-left", notifyFunc, false), want: lambdaWith(lambdaDoc, documented(t, "alarm-state-change-metric-math.json")),
		},
		"Lambda, Insights alarm": {
			got: body(fleet, notifyFunc, false), want: lambdaWith(lambdaDoc, documented(t, "alarm-state-change-insights.json")),
		},
		"Lambda, Insights contributor": {
			got: body(fleet, notifyFunc, true), want: lambdaWith(lambdaDoc, documented(t, "alarm-contributor-state-change-insights.json")),
		},
		"EventBridge, single metric": {
			got: event(perKey, stateChange), want: documented(t, "alarm-state-change-single-metric.json"),
		},
		"EventBridge, metric math": {
			got: event("days-left", stateChange), want: documented(t, "alarm-state-change-metric-math.json"),
		},
		"EventBridge, Insights alarm": {
			got: event(fleet, stateChange), want: documented(t, "alarm-state-change-insights.json"),
		},
		"EventBridge, Insights contributor": {
			got: event(fleet, contributorChange), want: documented(t, "alarm-contributor-state-change-insights.json"),
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
			if diff := cmp.Diff(want.notIn(got, optional), got.notIn(want, nil)); diff != "" {
				t.Errorf("members (-documented, not produced +produced, not documented):\n%s\n%s", diff, tc.got)
			}
		})
	}
}

// documented returns the shape of a documented example in
// testdata/documented: from "Invoke a Lambda function from an alarm"
// (alarm-lambda-*) and "Alarm events and EventBridge" (the others).
func documented(t *testing.T, name string) shape {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "documented", name))
	if err != nil {
		t.Fatal(err)
	}
	return shapeOf(t, b)
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

// The SNS alarm message has no documented example on AWS's pages that shows
// every member, so its shape is written out here from the documented
// members: those of aws-lambda-go's CloudWatchAlarmSNSPayload and
// CloudWatchAlarmTrigger (AlarmName ... Trigger, Dimensions as
// [{"value","name"}], Metrics as MetricDataQuery with capitalised members),
// the action lists and AlarmConfigurationUpdatedTimestamp of the messages
// CloudWatch sends ("Notifying users on alarm changes"), and for a
// contributor AlarmContributorId and AlarmContributorAttributes instead of
// the Trigger ("Alarm actions"). A "?" marks a member that is present only
// when it has a value.
var (
	snsCommon = shape{
		"AlarmName": "string", "AlarmDescription": "null|string", "AWSAccountId": "string",
		"AlarmConfigurationUpdatedTimestamp": "time-ms", "NewStateValue": "string", "NewStateReason": "string",
		"StateChangeTime": "time-ms", "Region": "string", "AlarmArn": "string", "OldStateValue": "string",
		"OKActions": "array", "OKActions[]": "string?", "AlarmActions": "array", "AlarmActions[]": "string?",
		"InsufficientDataActions": "array", "InsufficientDataActions[]": "string?",
	}
	snsCondition = shape{
		"Trigger": "object", "Trigger.Period": "number", "Trigger.EvaluationPeriods": "number",
		"Trigger.DatapointsToAlarm": "number", "Trigger.ComparisonOperator": "string", "Trigger.Threshold": "number",
		"Trigger.TreatMissingData": "string", "Trigger.EvaluateLowSampleCountPercentile": "string",
	}
	snsSingleMetric = merge(snsCommon, snsCondition, shape{
		"Trigger.MetricName": "string", "Trigger.Namespace": "string", "Trigger.StatisticType": "string",
		"Trigger.Statistic": "string", "Trigger.Unit": "null|string", "Trigger.Dimensions": "array",
		"Trigger.Dimensions[]": "object?", "Trigger.Dimensions[].name": "string?", "Trigger.Dimensions[].value": "string?",
	})
	snsMetrics = merge(snsCommon, snsCondition, shape{
		"Trigger.Metrics": "array", "Trigger.Metrics[]": "object", "Trigger.Metrics[].Id": "string",
		"Trigger.Metrics[].ReturnData": "bool", "Trigger.Metrics[].Expression": "string?",
		"Trigger.Metrics[].Label": "string?", "Trigger.Metrics[].Period": "number?",
		"Trigger.Metrics[].MetricStat": "object?", "Trigger.Metrics[].MetricStat.Metric": "object?",
		"Trigger.Metrics[].MetricStat.Metric.Dimensions": "array?", "Trigger.Metrics[].MetricStat.Metric.Dimensions[]": "object?",
		"Trigger.Metrics[].MetricStat.Metric.Dimensions[].name": "string?", "Trigger.Metrics[].MetricStat.Metric.Dimensions[].value": "string?",
		"Trigger.Metrics[].MetricStat.Metric.MetricName": "string?", "Trigger.Metrics[].MetricStat.Metric.Namespace": "string?",
		"Trigger.Metrics[].MetricStat.Period": "number?", "Trigger.Metrics[].MetricStat.Stat": "string?",
	})
	snsContributor = merge(snsCommon, shape{
		"AlarmContributorId": "string", "AlarmContributorAttributes": "object", "AlarmContributorAttributes.*": "string",
	})
)

// shape maps each member path of a JSON document ("a.b", "a[]" for the
// elements of an array, "a.*" for the values of an object whose keys are
// data: dimensions and contributor attributes) to the kinds of its values:
// object, array, string, number, bool, null, and for timestamps their
// format, time-ms (2019-10-01T13:56:40.987+0000) or time-s
// (2019-10-02T17:04:40Z). previousState is folded into state, which has
// the same members. A kind ending in "?" need not be present.
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
	kinds := strings.Split(strings.TrimSuffix(s[path], "?"), "|")
	if s[path] == "" {
		kinds = nil
	}
	k := strings.TrimSuffix(kind, "?")
	if !slices.Contains(kinds, k) {
		kinds = append(kinds, k)
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
// same kinds, except those other marks optional with "?" and those under an
// optional prefix.
func (s shape) notIn(other shape, optional []string) []string {
	var out []string
	for p, k := range s {
		if strings.HasSuffix(k, "?") || slices.ContainsFunc(optional, func(o string) bool { return p == o || strings.HasPrefix(p, o+".") }) {
			continue
		}
		ok := false
		for _, kind := range strings.Split(k, "|") {
			ok = ok || slices.Contains(strings.Split(strings.TrimSuffix(other[p], "?"), "|"), kind)
		}
		if !ok {
			out = append(out, p+" "+k)
		}
	}
	sort.Strings(out)
	return out
}

func merge(shapes ...shape) shape {
	out := shape{}
	for _, s := range shapes {
		for p, k := range s {
			out[p] = k
		}
	}
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
