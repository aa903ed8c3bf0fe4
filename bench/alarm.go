package benchcmp

import (
	"context"
	"encoding/json"
	"errors"

	lambda "github.com/aws/aws-lambda-go/events"
	"github.com/kmswatch/kmswatch/events"
)

// AlarmSNSFixtures are the SNS deliveries of CloudWatch alarm messages
// compared, Lambda SNS events from events/testdata: a per-key KMS expiry
// alarm, and aws-lambda-go's own single-metric and metric-math examples.
var AlarmSNSFixtures = []string{
	"constructed-sns-alarm-kms-expiry.json",
	"sns-alarm-single-metric-aws-lambda-go.json",
	"sns-alarm-metric-math-aws-lambda-go.json",
}

// errNoAlarm reports a delivery that held no alarm message.
var errNoAlarm = errors.New("no alarm message")

// EventsAlarmSNS decodes an SNS delivery with events.Process, as a Lambda
// handler does, and returns the alarm name and the first key ID.
func EventsAlarmSNS(data []byte) (string, error) {
	var got string
	_, err := events.Process(context.Background(), data, func(_ context.Context, r events.Record) error {
		if r.Alarm == nil {
			return errNoAlarm
		}
		got = alarmResult(r.Alarm.Summary().Name, r.Alarm.KeyIDs())
		return nil
	})
	return got, err
}

// LambdaAlarmSNS decodes the way Go programs do with aws-lambda-go today:
// SNSEvent, then json.Unmarshal of each Message into
// CloudWatchAlarmSNSPayload, reading the KeyId dimensions of an AWS/KMS
// Trigger. It returns the alarm name and the first key ID.
func LambdaAlarmSNS(data []byte) (string, error) {
	var e lambda.SNSEvent
	if err := json.Unmarshal(data, &e); err != nil {
		return "", err
	}
	var got string
	for _, r := range e.Records {
		var p lambda.CloudWatchAlarmSNSPayload
		if err := json.Unmarshal([]byte(r.SNS.Message), &p); err != nil {
			return "", err
		}
		var keys []string
		if p.Trigger.Namespace == "AWS/KMS" {
			for _, d := range p.Trigger.Dimensions {
				if d.Name == "KeyId" {
					keys = append(keys, d.Value)
				}
			}
		}
		got = alarmResult(p.AlarmName, keys)
	}
	if got == "" {
		return "", errNoAlarm
	}
	return got, nil
}

func alarmResult(name string, keys []string) string {
	if len(keys) == 0 {
		return name
	}
	return name + " " + keys[0]
}
