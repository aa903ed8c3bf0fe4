package eventstest_test

import (
	"errors"
	"fmt"
	"io/fs"
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
	rot, err := eventstest.Rotation().MarshalJSON() // in a test: eventstest.JSON(t, ...)
	if err != nil {
		panic(err)
	}
	del, err := eventstest.Deletion().MarshalJSON()
	if err != nil {
		panic(err)
	}
	batch, err := events.Unwrap(eventstest.SQSBatch(rot, eventstest.SNSNotification(del), []byte("{")))
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

func ExampleReadFixture() {
	data, err := eventstest.ReadFixture("rotation-2025.json") // in a test: eventstest.Fixture(t, ...)
	if err != nil {
		panic(err)
	}
	ev, err := events.Parse(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.KeyID())
	_, err = eventstest.ReadFixture("rotation-2030.json")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// 1234abcd-12ab-34cd-56ef-1234567890ab
	// true
}

func ExampleRotation() {
	ev := eventstest.Rotation(eventstest.KeyID("1111aaaa-2222-3333-4444-555566667777"), eventstest.Seq(7))
	fmt.Println(ev.Detail.RotationType, ev.Detail.CurrentKeyMaterialID != ev.Detail.PreviousKeyMaterialID)
	// Output:
	// ON_DEMAND true
}

func ExampleExpiration() {
	documented := eventstest.Expiration()
	asked := eventstest.Expiration(eventstest.KeyMaterialID("96083e4fb6dbc41d77578a213a6b6669c044dd4c143e96755396d2bf11fd6068"))
	fmt.Printf("%q\n%q\n", documented.Detail.KeyMaterialID, asked.Detail.KeyMaterialID)
	// Output:
	// ""
	// "96083e4fb6dbc41d77578a213a6b6669c044dd4c143e96755396d2bf11fd6068"
}
