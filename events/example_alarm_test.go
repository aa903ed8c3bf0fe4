package events_test

import (
	"context"
	"fmt"

	"github.com/kmswatch/kmswatch/events"
)

func ExampleParseAlarm() {
	// The message CloudWatch publishes to SNS for a per-key expiry alarm.
	msg := `{"AlarmName":"kms-expiry","AWSAccountId":"111122223333","NewStateValue":"ALARM",` +
		`"StateChangeTime":"2026-03-02T09:15:00.480+0000","Region":"US West (Oregon)",` +
		`"AlarmArn":"arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-expiry","OldStateValue":"OK",` +
		`"Trigger":{"MetricName":"SecondsUntilKeyMaterialExpiration","Namespace":"AWS/KMS",` +
		`"Dimensions":[{"value":"1234abcd-12ab-34cd-56ef-1234567890ab","name":"KeyId"}],"Period":60,"Threshold":2592000.0}}`
	alarm, err := events.ParseAlarm([]byte(msg))
	if err != nil {
		panic(err)
	}
	s := alarm.Summary()
	fmt.Println(s.Name, s.State, s.Region, s.Time.UTC())
	fmt.Println(alarm.KeyIDs())
	fmt.Println(alarm.KeyARNs())
	// Output:
	// kms-expiry ALARM us-west-2 2026-03-02 09:15:00.48 +0000 UTC
	// [1234abcd-12ab-34cd-56ef-1234567890ab]
	// [arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab]
}

func ExampleAlarmNotification() {
	// An SQS batch on a queue shared by KMS events and alarm notifications:
	// an SNS alarm message without and with raw message delivery, an
	// EventBridge contributor event and a KMS rotation event.
	data := readTestdata("constructed-lambda-sqs-alarm-batch.json")
	resp, err := events.Process(context.Background(), data, func(ctx context.Context, r events.Record) error {
		switch a := r.Alarm.(type) {
		case *events.AlarmSNSMessage:
			fmt.Println(r.Delivery, "SNS message", a.AlarmName, a.NewStateValue, a.KeyIDs())
		case *events.AlarmEvent:
			fmt.Println(r.Delivery, a.DetailType, a.Detail.Contributor.ID, a.KeyARNs())
		case nil:
			fmt.Println(r.Delivery, r.Event.Head().DetailType, r.Event.KeyID())
		}
		return nil
	})
	fmt.Println(len(resp.BatchItemFailures), err)
	// Output:
	// SNS-to-SQS SNS message kmswatch-expiry-1234abcd-12ab-34cd-56ef-1234567890ab ALARM [1234abcd-12ab-34cd-56ef-1234567890ab]
	// SQS SNS message kmswatch-fleet-expiry ALARM [0987dcba-09fe-87dc-65ba-ab0987654321]
	// SQS CloudWatch Alarm Contributor State Change 8a1f0c2d4e6b9a13 [arn:aws:kms:us-west-2:444455556666:key/0987dcba-09fe-87dc-65ba-ab0987654321]
	// SQS KMS CMK Rotation 1234abcd-12ab-34cd-56ef-1234567890ab
	// 0 <nil>
}

func ExampleAlarmEvent() {
	data := readTestdata("constructed-alarm-state-change-kms-metric-math.json")
	ev, err := events.Parse(data)
	if err != nil {
		panic(err)
	}
	alarm := ev.(*events.AlarmEvent)
	fmt.Println(alarm.Detail.AlarmName, alarm.Detail.PreviousState.Value, "->", alarm.Detail.State.Value)
	for _, m := range alarm.Detail.Configuration.Metrics {
		if m.MetricStat != nil {
			fmt.Println(m.ID, m.MetricStat.MetricName, m.MetricStat.Dimensions)
			continue
		}
		fmt.Println(m.ID, m.Expression)
	}
	fmt.Println(alarm.KeyIDs())
	// Output:
	// kmswatch-pair-expiry OK -> ALARM
	// e1 MIN([m1, m2])
	// m1 SecondsUntilKeyMaterialExpiration [{KeyId 0987dcba-09fe-87dc-65ba-ab0987654321}]
	// m2 SecondsUntilKeyMaterialExpiration [{KeyId 1234abcd-12ab-34cd-56ef-1234567890ab}]
	// m3 SecondsUntilKeyMaterialExpiration [{KeyId 1234abcd-12ab-34cd-56ef-1234567890ab}]
	// [0987dcba-09fe-87dc-65ba-ab0987654321 1234abcd-12ab-34cd-56ef-1234567890ab]
}

func ExampleBatch_Alarms() {
	data := readTestdata("constructed-lambda-sqs-alarm-batch.json")
	b, err := events.Unwrap(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(len(b.Events()), "EventBridge events,", len(b.Alarms()), "alarm notifications")
	for _, a := range b.Alarms() {
		fmt.Printf("%T %s\n", a, a.KeyIDs())
	}
	// Output:
	// 2 EventBridge events, 3 alarm notifications
	// *events.AlarmSNSMessage [1234abcd-12ab-34cd-56ef-1234567890ab]
	// *events.AlarmSNSMessage [0987dcba-09fe-87dc-65ba-ab0987654321]
	// *events.AlarmEvent [0987dcba-09fe-87dc-65ba-ab0987654321]
}

func ExampleAlarmContributor_Attribute() {
	data := readTestdata("constructed-alarm-contributor-kms-org.json")
	a, err := events.ParseAlarm(data)
	if err != nil {
		panic(err)
	}
	c := a.Summary().Contributor
	account, _ := c.Attribute("AWS.AccountId")
	key, _ := c.Attribute("KeyId")
	fmt.Println(c.ID, account, key)
	// Output:
	// 8a1f0c2d4e6b9a13 444455556666 0987dcba-09fe-87dc-65ba-ab0987654321
}
