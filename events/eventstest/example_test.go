package eventstest_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
)

func ExampleDeletion() {
	ev := eventstest.Deletion(
		eventstest.KeyID("mrk-0123456789abcdef0123456789abcdef"),
		eventstest.Region("eu-west-1"),
		eventstest.Time(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)),
	)
	fmt.Println(ev.KeyARN(), ev.Time)
	// Output:
	// arn:aws:kms:eu-west-1:111122223333:key/mrk-0123456789abcdef0123456789abcdef 2026-01-02 03:04:05 +0000 UTC
}

func ExampleSQSBatch() {
	t := &testing.T{} // in a test, use the test's own *testing.T
	rot := eventstest.JSON(t, eventstest.Rotation())
	del := eventstest.SNSNotification(t, eventstest.JSON(t, eventstest.Deletion()))
	batch, err := events.Unwrap(eventstest.SQSBatch(t, rot, del, []byte("{")))
	fmt.Println(err != nil)
	for _, r := range batch.Records {
		fmt.Println(r.MessageID, r.Delivery, r.Err == nil)
	}
	// Output:
	// true
	// msg-0 SQS true
	// msg-1 SNS-to-SQS true
	// msg-2 SQS false
}

func ExampleFixture() {
	t := &testing.T{} // in a test, use the test's own *testing.T
	ev, err := events.Parse(eventstest.Fixture(t, "rotation-2025.json"))
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.KeyID())
	// Output:
	// 1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleRotation() {
	ev := eventstest.Rotation(eventstest.KeyID("1111aaaa-2222-3333-4444-555566667777"), eventstest.Seq(7))
	fmt.Println(ev.Detail.RotationType, ev.Detail.CurrentKeyMaterialID != ev.Detail.PreviousKeyMaterialID)
	// Output:
	// ON_DEMAND true
}
