package events_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kmswatch/kmswatch/events"
)

// Keys of the constructed KMS alarm fixtures.
const (
	alarmKey1 = docKeyID
	alarmKey2 = "0987dcba-09fe-87dc-65ba-ab0987654321"
)

func alarmTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02T15:04:05.000-0700", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestAlarmFixtures decodes every alarm fixture through Unwrap, as a Lambda
// function receives it, and checks what each record's alarm says: its type,
// delivery, summary and keys.
func TestAlarmFixtures(t *testing.T) {
	type want struct {
		typ      string
		delivery events.Delivery
		name     string
		state    events.AlarmStateValue
		account  string
		region   string
		keyIDs   []string
		keyARNs  []string
		contrib  string
		hasEvent bool
	}
	tests := map[string][]want{
		"alarm-state-change-single-metric.json":        {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "ServerCpuTooHigh", state: events.AlarmStateAlarm, account: "123456789012", region: "us-east-1", hasEvent: true}},
		"alarm-state-change-metric-math.json":          {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "TotalNetworkTrafficTooHigh", state: events.AlarmStateAlarm, account: "123456789012", region: "us-east-1", hasEvent: true}},
		"alarm-state-change-anomaly-detection.json":    {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "EC2 CPU Utilization Anomaly", state: events.AlarmStateAlarm, account: "123456789012", region: "us-east-1", hasEvent: true}},
		"alarm-state-change-composite.json":            {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "ServiceAggregatedAlarm", state: events.AlarmStateAlarm, account: "123456789012", region: "us-east-1", hasEvent: true}},
		"alarm-state-change-insights.json":             {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "DynamoDBInsightsAlarm", state: events.AlarmStateAlarm, account: "123456789012", region: "us-east-1", hasEvent: true}},
		"alarm-contributor-state-change-insights.json": {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "DynamoDBInsightsAlarm", state: events.AlarmStateAlarm, account: "123456789012", region: "us-east-1", contrib: "6d442278dba546f6", hasEvent: true}},
		"alarm-configuration-change-update.json":       {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "ServerCpuTooHigh", state: events.AlarmStateInsufficientData, account: "123456789012", region: "us-east-1", hasEvent: true}},
		"alarm-lambda-metric.json":                     {{typ: "*events.AlarmLambdaEvent", delivery: events.DeliveryAlarmAction, name: "lambda-demo-metric-alarm", state: events.AlarmStateAlarm, account: "444455556666", region: "us-east-1"}},
		"alarm-lambda-composite.json":                  {{typ: "*events.AlarmLambdaEvent", delivery: events.DeliveryAlarmAction, name: "CompositeDemo.Main", state: events.AlarmStateAlarm, account: "111122223333", region: "us-east-1"}},
		// aws-lambda-go's examples keep the placeholders of the alarm ARN.
		"sns-alarm-single-metric-aws-lambda-go.json":   {{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNS, name: "EXAMPLE", state: events.AlarmStateAlarm, account: "123456789012", region: "REGION"}},
		"sns-alarm-metric-math-aws-lambda-go.json":     {{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNS, name: "EXAMPLE", state: events.AlarmStateAlarm, account: "EXAMPLE", region: "REGION"}},
		"sns-alarm-message-contributor-log-alarm.json": {{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNS, name: "EndpointLatency", state: events.AlarmStateAlarm, contrib: "a1b2c3d4e5f6g7h8"}},
		"constructed-sns-alarm-kms-expiry.json": {{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNS, name: "kmswatch-expiry-" + alarmKey1, state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2",
			keyIDs: []string{alarmKey1}, keyARNs: []string{"arn:aws:kms:us-west-2:111122223333:key/" + alarmKey1}}},
		"constructed-sns-alarm-composite.json": {{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNS, name: "kmswatch-any-key-expiring", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2"}},
		"constructed-sns-alarm-contributor-kms-org.json": {{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNS, name: "kmswatch-fleet-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", contrib: "8a1f0c2d4e6b9a13",
			keyIDs: []string{alarmKey2}, keyARNs: []string{"arn:aws:kms:us-west-2:444455556666:key/" + alarmKey2}}},
		"constructed-alarm-contributor-kms-org.json": {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "kmswatch-fleet-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", contrib: "8a1f0c2d4e6b9a13", hasEvent: true,
			keyIDs: []string{alarmKey2}, keyARNs: []string{"arn:aws:kms:us-west-2:444455556666:key/" + alarmKey2}}},
		"constructed-alarm-contributor-kms-monitoring-source.json": {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "kmswatch-fleet-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", contrib: "3c5e7a9b1d2f4a6c", hasEvent: true,
			keyIDs: []string{alarmKey1}, keyARNs: []string{"arn:aws:kms:us-west-2:111122223333:key/" + alarmKey1}}},
		"constructed-alarm-lambda-kms-contributor.json": {{typ: "*events.AlarmLambdaEvent", delivery: events.DeliveryAlarmAction, name: "kmswatch-fleet-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", contrib: "3c5e7a9b1d2f4a6c",
			keyIDs: []string{alarmKey1}, keyARNs: []string{"arn:aws:kms:us-west-2:111122223333:key/" + alarmKey1}}},
		"constructed-alarm-state-change-kms-metric-math.json": {{typ: "*events.AlarmEvent", delivery: events.DeliveryEventBridge, name: "kmswatch-pair-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", hasEvent: true,
			keyIDs: []string{alarmKey2, alarmKey1}, keyARNs: []string{"arn:aws:kms:us-west-2:111122223333:key/" + alarmKey2, "arn:aws:kms:us-west-2:111122223333:key/" + alarmKey1}}},
		"constructed-lambda-sqs-alarm-batch.json": {
			{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySNSToSQS, name: "kmswatch-expiry-" + alarmKey1, state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2",
				keyIDs: []string{alarmKey1}, keyARNs: []string{"arn:aws:kms:us-west-2:111122223333:key/" + alarmKey1}},
			{typ: "*events.AlarmSNSMessage", delivery: events.DeliverySQS, name: "kmswatch-fleet-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", contrib: "8a1f0c2d4e6b9a13",
				keyIDs: []string{alarmKey2}, keyARNs: []string{"arn:aws:kms:us-west-2:444455556666:key/" + alarmKey2}},
			{typ: "*events.AlarmEvent", delivery: events.DeliverySQS, name: "kmswatch-fleet-expiry", state: events.AlarmStateAlarm, account: "111122223333", region: "us-west-2", contrib: "8a1f0c2d4e6b9a13", hasEvent: true,
				keyIDs: []string{alarmKey2}, keyARNs: []string{"arn:aws:kms:us-west-2:444455556666:key/" + alarmKey2}},
			{typ: "", delivery: events.DeliverySQS, hasEvent: true},
		},
	}
	for name, wants := range tests {
		t.Run(name, func(t *testing.T) {
			b, err := events.Unwrap(fixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, r := range b.Records {
				w := want{delivery: r.Delivery, hasEvent: r.Event != nil}
				if r.Alarm != nil {
					s := r.Alarm.Summary()
					w.typ = typeName(r.Alarm)
					w.name, w.state, w.account, w.region = s.Name, s.State, s.Account, s.Region
					w.keyIDs = r.Alarm.KeyIDs()
					for _, a := range r.Alarm.KeyARNs() {
						w.keyARNs = append(w.keyARNs, a.String())
					}
					if s.Contributor != nil {
						w.contrib = s.Contributor.ID
					}
				}
				got = append(got, w)
			}
			if diff := cmp.Diff(wants, got, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseAlarmDocumented compares whole decoded values of documented
// examples, one of each shape.
func TestParseAlarmDocumented(t *testing.T) {
	reason := "Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition)."
	tests := map[string]struct {
		doc  []byte
		want events.AlarmNotification
	}{
		"EventBridge metric math": {
			doc: fixture(t, "alarm-state-change-metric-math.json"),
			want: &events.AlarmEvent{
				Header: events.Header{Version: "0", ID: "2dde0eb1-528b-d2d5-9ca6-6d590caf2329", DetailType: events.DetailTypeAlarmStateChange, Source: events.SourceCloudWatch,
					Account: "123456789012", Time: mustTime(t, "2019-10-02T17:20:48Z"), Region: "us-east-1", Resources: []string{"arn:aws:cloudwatch:us-east-1:123456789012:alarm:TotalNetworkTrafficTooHigh"}},
				Detail: events.AlarmDetail{
					AlarmName: "TotalNetworkTrafficTooHigh",
					State: events.AlarmState{Value: events.AlarmStateAlarm,
						Reason:     "Threshold Crossed: 1 out of the last 1 datapoints [45628.0 (02/10/19 17:10:00)] was greater than the threshold (10000.0) (minimum 1 datapoint for OK -> ALARM transition).",
						ReasonData: `{"version":"1.0","queryDate":"2019-10-02T17:20:48.551+0000","startDate":"2019-10-02T17:10:00.000+0000","period":300,"recentDatapoints":[45628.0],"threshold":10000.0}`,
						Timestamp:  alarmTime(t, "2019-10-02T17:20:48.554+0000")},
					PreviousState: &events.AlarmState{Value: events.AlarmStateInsufficientData, Reason: "Unchecked: Initial alarm creation", Timestamp: alarmTime(t, "2019-10-02T17:20:03.642+0000")},
					Configuration: events.AlarmConfiguration{
						Description: "Goes into alarm if total network traffic exceeds 10Kb",
						Metrics: []events.AlarmMetric{
							{ID: "e1", Label: "Total Network Traffic", Expression: "SUM(METRICS())", ReturnData: true},
							{ID: "m1", MetricStat: &events.AlarmMetricStat{Namespace: "AWS/EC2", MetricName: "NetworkIn", Dimensions: []events.Dimension{{Name: "InstanceId", Value: "i-12345678901234567"}}, Period: 300, Stat: "Maximum"}},
							{ID: "m2", MetricStat: &events.AlarmMetricStat{Namespace: "AWS/EC2", MetricName: "NetworkOut", Dimensions: []events.Dimension{{Name: "InstanceId", Value: "i-12345678901234567"}}, Period: 300, Stat: "Maximum"}},
						},
					},
				},
			},
		},
		"Lambda composite": {
			doc: fixture(t, "alarm-lambda-composite.json"),
			want: &events.AlarmLambdaEvent{
				Source: events.SourceCloudWatch, AlarmARN: "arn:aws:cloudwatch:us-east-1:111122223333:alarm:SuppressionDemo.Main", AccountID: "111122223333",
				Time: alarmTime(t, "2023-08-04T12:56:46.138+0000"), Region: "us-east-1",
				AlarmData: events.AlarmDetail{
					AlarmName: "CompositeDemo.Main",
					State: events.AlarmState{Value: events.AlarmStateAlarm,
						Reason:     "arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC",
						ReasonData: `{"triggeringAlarms":[{"arn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild","state":{"value":"ALARM","timestamp":"2023-08-04T12:54:46.138+0000"}}]}`,
						Timestamp:  alarmTime(t, "2023-08-04T12:56:46.138+0000")},
					PreviousState: &events.AlarmState{Value: events.AlarmStateAlarm,
						Reason:     "arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild transitioned to ALARM at Friday 04 August, 2023 12:54:46 UTC",
						ReasonData: `{"triggeringAlarms":[{"arn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:CompositeDemo.FirstChild","state":{"value":"ALARM","timestamp":"2023-08-04T12:54:46.138+0000"}}]}`,
						Timestamp:  alarmTime(t, "2023-08-04T12:54:46.138+0000"), ActionsSuppressedBy: "WaitPeriod", ActionsSuppressedReason: "Actions suppressed by WaitPeriod"},
					Configuration: events.AlarmConfiguration{AlarmRule: "ALARM(CompositeDemo.FirstChild) OR ALARM(CompositeDemo.SecondChild)", ActionsSuppressor: "CompositeDemo.ActionsSuppressor",
						ActionsSuppressorWaitPeriod: 120, ActionsSuppressorExtensionPeriod: 180},
				},
			},
		},
		"SNS single metric": {
			doc: []byte(`{"AlarmName":"ServerCpuTooHigh","AWSAccountId":"123456789012","NewStateValue":"ALARM","NewStateReason":"` + reason + `","StateChangeTime":"2019-10-02T17:04:40.989+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh","OldStateValue":"OK","OKActions":[],"AlarmActions":["arn:aws:sns:us-east-1:123456789012:ops"],"InsufficientDataActions":[],"Trigger":{"MetricName":"CPUUtilization","Namespace":"AWS/EC2","StatisticType":"Statistic","Statistic":"AVERAGE","Unit":null,"Dimensions":[{"value":"i-12345678901234567","name":"InstanceId"}],"Period":300,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":50.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":"","ThresholdMetricId":null},"alarmTags":{"team":"ops"}}`),
			want: &events.AlarmSNSMessage{
				AlarmName: "ServerCpuTooHigh", AWSAccountID: "123456789012", NewStateValue: events.AlarmStateAlarm, NewStateReason: reason,
				StateChangeTime: alarmTime(t, "2019-10-02T17:04:40.989+0000"), Region: "US East (N. Virginia)", AlarmARN: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh",
				OldStateValue: events.AlarmStateOK, OKActions: []string{}, AlarmActions: []string{"arn:aws:sns:us-east-1:123456789012:ops"}, InsufficientDataActions: []string{},
				Trigger: &events.AlarmTrigger{MetricName: "CPUUtilization", Namespace: "AWS/EC2", StatisticType: "Statistic", Statistic: "AVERAGE",
					Dimensions: []events.Dimension{{Name: "InstanceId", Value: "i-12345678901234567"}}, Period: 300, EvaluationPeriods: 1, DatapointsToAlarm: 1,
					ComparisonOperator: "GreaterThanThreshold", Threshold: 50, TreatMissingData: "missing",
					Extra: []events.Member{{Name: "ThresholdMetricId", Value: json.RawMessage("null")}}},
				Extra: []events.Member{{Name: "alarmTags", Value: json.RawMessage(`{"team":"ops"}`)}},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := events.ParseAlarm(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(events.AlarmDetail{}, "Raw")); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAlarmKeysNeverGuessed checks that keys come only from KeyId dimensions
// of AWS/KMS metrics and from contributor attributes: not from a query's
// text, another namespace, or a value that is no key ID.
func TestAlarmKeysNeverGuessed(t *testing.T) {
	sns := func(trigger string) string {
		return `{"AlarmName":"a","AlarmArn":"arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a","Trigger":` + trigger + `}`
	}
	tests := map[string]struct {
		doc  string
		want []string
	}{
		"KeyId of another namespace": {doc: sns(`{"Namespace":"Custom","Dimensions":[{"name":"KeyId","value":"` + alarmKey1 + `"}]}`)},
		"KeyId named in SQL only":    {doc: sns(`{"Metrics":[{"Id":"q","Expression":"SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA(\"AWS/KMS\", KeyId) WHERE KeyId = '` + alarmKey1 + `'"}]}`)},
		"alias instead of a key":     {doc: sns(`{"Namespace":"AWS/KMS","Dimensions":[{"name":"KeyId","value":"alias/app"}]}`)},
		"key ARN in KeyId becomes its ID": {
			doc: sns(`{"Namespace":"AWS/KMS","Dimensions":[{"name":"KeyId","value":"arn:aws:kms:eu-west-1:111122223333:key/` + alarmKey1 + `"}]}`), want: []string{alarmKey1},
		},
		"math over the same key twice": {
			doc:  sns(`{"Metrics":[{"Id":"m1","MetricStat":{"Metric":{"Namespace":"AWS/KMS","MetricName":"SecondsUntilKeyMaterialExpiration","Dimensions":[{"name":"KeyId","value":"` + alarmKey2 + `"}]},"Period":60,"Stat":"Minimum"}},{"Id":"m2","MetricStat":{"Metric":{"Namespace":"AWS/KMS","MetricName":"SecondsUntilKeyMaterialExpiration","Dimensions":[{"name":"KeyId","value":"` + alarmKey2 + `"}]},"Period":60,"Stat":"Minimum"}}]}`),
			want: []string{alarmKey2},
		},
		"contributor without KeyId": {doc: `{"AlarmName":"a","AlarmContributorId":"x","AlarmContributorAttributes":{"TableName":"t"}}`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, err := events.ParseAlarm([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, a.KeyIDs(), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("KeyIDs mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestProcessAlarms feeds Process every way an alarm notification reaches a
// Lambda function, on a topic or queue shared with KMS events: each record
// reaches the handler with a nil error, nothing is reported for retry.
func TestProcessAlarms(t *testing.T) {
	for _, name := range []string{
		"constructed-sns-alarm-kms-expiry.json", "constructed-sns-alarm-composite.json", "constructed-sns-alarm-contributor-kms-org.json",
		"sns-alarm-single-metric-aws-lambda-go.json", "sns-alarm-metric-math-aws-lambda-go.json",
		"constructed-lambda-sqs-alarm-batch.json", "alarm-lambda-metric.json", "alarm-lambda-composite.json", "constructed-alarm-lambda-kms-contributor.json",
		"alarm-state-change-single-metric.json", "alarm-contributor-state-change-insights.json", "alarm-configuration-change-update.json",
		"constructed-alarm-contributor-kms-monitoring-source.json", "constructed-alarm-unknown-detail-type.json",
	} {
		t.Run(name, func(t *testing.T) {
			var seen int
			resp, err := events.Process(context.Background(), fixture(t, name), func(_ context.Context, r events.Record) error {
				if r.Err != nil || r.Event == nil && r.Alarm == nil {
					t.Errorf("record %+v", r)
				}
				seen++
				return nil
			})
			if err != nil {
				t.Fatalf("Process error: %v", err)
			}
			if seen == 0 || len(resp.BatchItemFailures) != 0 {
				t.Errorf("handler saw %d records; response %+v", seen, resp)
			}
		})
	}
}

// TestParseAlarmErrors checks that alarm payloads that break a rule fail
// with the package's typed errors, naming the field.
func TestParseAlarmErrors(t *testing.T) {
	tests := map[string]struct {
		doc   string
		is    error
		field string
	}{
		"SNS message without AlarmName":    {doc: `{"NewStateValue":"ALARM"}`, is: events.ErrMissingField, field: "AlarmName"},
		"SNS Threshold not a number":       {doc: `{"AlarmName":"a","Trigger":{"Threshold":"high"}}`, is: events.ErrInvalidField, field: "Trigger.Threshold"},
		"SNS Period not whole":             {doc: `{"AlarmName":"a","Trigger":{"Period":1.5}}`, is: events.ErrInvalidField, field: "Trigger.Period"},
		"SNS bad StateChangeTime":          {doc: `{"AlarmName":"a","StateChangeTime":"yesterday"}`, is: events.ErrInvalidField, field: "StateChangeTime"},
		"SNS dimension value not a string": {doc: `{"AlarmName":"a","Trigger":{"Dimensions":[{"name":"KeyId","value":1}]}}`, is: events.ErrInvalidField, field: "Trigger.Dimensions[0].value"},
		"Lambda without alarmData":         {doc: `{"source":"aws.cloudwatch","alarmArn":"x"}`, is: events.ErrMissingField, field: "alarmData"},
		"Lambda from another source":       {doc: `{"source":"aws.ec2","alarmData":{"alarmName":"a"}}`, is: events.ErrNotKMS},
		"Lambda alarmData without name":    {doc: `{"source":"aws.cloudwatch","alarmData":{"state":{}}}`, is: events.ErrMissingField, field: "alarmData.alarmName"},
		"EventBridge detail without name": {doc: `{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","detail":{"state":{"value":"OK"}}}`,
			is: events.ErrMissingField, field: "detail.alarmName"},
		"EventBridge bad state timestamp": {doc: `{"source":"aws.monitoring","detail-type":"CloudWatch Alarm State Change","detail":{"alarmName":"a","state":{"timestamp":"2019-10-02"}}}`,
			is: events.ErrInvalidField, field: "detail.state.timestamp"},
		"EventBridge metrics not an array": {doc: `{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","detail":{"alarmName":"a","configuration":{"metrics":{}}}}`,
			is: events.ErrInvalidField, field: "detail.configuration.metrics"},
		"KMS event is not an alarm": {doc: string(fixture(t, "rotation-2025.json")), is: events.ErrUnexpectedDetailType},
		"not JSON":                  {doc: `{"AlarmName":"a",`, is: events.ErrSyntax},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, err := events.ParseAlarm([]byte(tc.doc))
			if a != nil || !errors.Is(err, tc.is) {
				t.Fatalf("ParseAlarm = %v, %v; want error matching %v", a, err, tc.is)
			}
			if tc.field == "" {
				return
			}
			var fe *events.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("error %v does not name field %q", err, tc.field)
			}
		})
	}
}

// TestParseAlarmSources checks the alarm detail-types under each source:
// aws.cloudwatch and aws.monitoring decode, aws.kms does not model them, and
// an unknown aws.cloudwatch detail-type is an Unknown like an unknown
// aws.kms one.
func TestParseAlarmSources(t *testing.T) {
	doc := func(source, dt string) []byte {
		return []byte(`{"source":"` + source + `","detail-type":"` + dt + `","detail":{"alarmName":"a","state":{"value":"OK"}}}`)
	}
	tests := map[string]struct {
		doc     []byte
		wantTyp string
		wantErr error
	}{
		"cloudwatch state change":      {doc: doc(events.SourceCloudWatch, "CloudWatch Alarm State Change"), wantTyp: "alarm"},
		"monitoring contributor":       {doc: doc(events.SourceMonitoring, "CloudWatch Alarm Contributor State Change"), wantTyp: "alarm"},
		"monitoring configuration":     {doc: doc(events.SourceMonitoring, "CloudWatch Alarm Configuration Change"), wantTyp: "alarm"},
		"cloudwatch unknown type":      {doc: doc(events.SourceCloudWatch, "CloudWatch Alarm Something New"), wantTyp: "unknown", wantErr: events.ErrUnknownDetailType},
		"kms claiming an alarm type":   {doc: doc(events.SourceKMS, "CloudWatch Alarm State Change"), wantTyp: "unknown", wantErr: events.ErrUnknownDetailType},
		"cloudwatch claiming KMS type": {doc: doc(events.SourceCloudWatch, "KMS CMK Deletion"), wantTyp: "unknown", wantErr: events.ErrUnknownDetailType},
		"other source":                 {doc: doc("aws.ec2", "CloudWatch Alarm State Change"), wantErr: events.ErrNotKMS},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.Parse(tc.doc)
			if tc.wantErr == nil && err != nil || tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Fatalf("Parse error = %v, want %v", err, tc.wantErr)
			}
			got := ""
			switch ev.(type) {
			case *events.AlarmEvent:
				got = "alarm"
			case *events.Unknown:
				got = "unknown"
			}
			if got != tc.wantTyp {
				t.Errorf("Parse gave %T, want %s", ev, tc.wantTyp)
			}
		})
	}
}

// TestProcessAlarmRetries checks that a handler's failure on an alarm
// notification is retried the way its trigger allows: an SNS or Lambda
// alarm-action invocation fails as a whole (Lambda ignores partial batch
// responses there, though the response still names the record), an SQS
// record is listed in the partial batch response and nothing else fails.
func TestProcessAlarmRetries(t *testing.T) {
	errPage := errors.New("pager down")
	tests := map[string]struct {
		fixture     string
		wantIgnored bool
		wantListed  int
	}{
		"SNS alarm message":           {fixture: "constructed-sns-alarm-kms-expiry.json", wantIgnored: true, wantListed: 1},
		"Lambda alarm action":         {fixture: "constructed-alarm-lambda-kms-contributor.json", wantIgnored: true, wantListed: 1},
		"EventBridge alarm event":     {fixture: "constructed-alarm-contributor-kms-org.json", wantIgnored: true, wantListed: 1},
		"SQS batch with three alarms": {fixture: "constructed-lambda-sqs-alarm-batch.json", wantListed: 3},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			resp, err := events.Process(context.Background(), fixture(t, tc.fixture), func(_ context.Context, r events.Record) error {
				if r.Alarm != nil {
					return errPage
				}
				return nil
			})
			if got := errors.Is(err, events.ErrResponseIgnored); got != tc.wantIgnored || tc.wantIgnored && !errors.Is(err, errPage) {
				t.Errorf("Process error = %v, want ErrResponseIgnored %v wrapping the handler's error", err, tc.wantIgnored)
			}
			if len(resp.BatchItemFailures) != tc.wantListed {
				t.Errorf("response lists %d records, want %d", len(resp.BatchItemFailures), tc.wantListed)
			}
		})
	}
}

// TestParseRefersAlarmPayloads checks that Parse, which reads EventBridge
// events, names an SNS alarm message or a Lambda alarm action for what it is
// instead of listing the envelope members they lack.
func TestParseRefersAlarmPayloads(t *testing.T) {
	tests := map[string]struct {
		doc  []byte
		want error
	}{
		"SNS alarm message":    {doc: fixture(t, "sns-alarm-message-contributor-log-alarm.json"), want: events.ErrUnknownShape},
		"Lambda alarm action":  {doc: fixture(t, "alarm-lambda-metric.json"), want: events.ErrUnknownShape},
		"truncated SNS alarm":  {doc: []byte(`{"AlarmName":"a","Trigger":{`), want: events.ErrSyntax},
		"invalid Lambda alarm": {doc: []byte(`{"alarmArn":"x","alarmData":{"alarmName":1}}`), want: events.ErrInvalidField},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.Parse(tc.doc)
			if ev != nil || !errors.Is(err, tc.want) {
				t.Errorf("Parse = %v, %v; want error matching %v", ev, err, tc.want)
			}
		})
	}
}
