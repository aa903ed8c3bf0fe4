package events_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kmswatch/kmswatch/events"
)

func ExampleUnwrap() {
	// A Lambda SQS batch: an event, an SNS-to-SQS event and two bad records.
	data := readTestdata("constructed-lambda-sqs-batch.json")
	batch, err := events.Unwrap(data)
	if batch == nil {
		fmt.Println("unreadable delivery:", err)
		return
	}
	for _, r := range batch.Records {
		if r.Err != nil {
			fmt.Println(r.MessageID, "failed")
			continue
		}
		fmt.Println(r.MessageID, r.Delivery, r.Event.Head().DetailType)
	}
	resp, _ := json.Marshal(batch.Response())
	fmt.Println(string(resp))
	// Output:
	// 059f36b4-87a3-44ab-83d2-661975830a7d SQS KMS CMK Rotation
	// 2e1424d4-f796-459a-8184-9c92662be6da SNS-to-SQS KMS CMK Deletion
	// 6f2a8e0c-1b3d-4f5a-9c7e-8d0b2a4c6e8f failed
	// 7a3b9f1d-2c4e-4a6b-8d0f-9e1c3b5d7f9a failed
	// {"batchItemFailures":[{"itemIdentifier":"6f2a8e0c-1b3d-4f5a-9c7e-8d0b2a4c6e8f"},{"itemIdentifier":"7a3b9f1d-2c4e-4a6b-8d0f-9e1c3b5d7f9a"}]}
}

func ExampleUnwrap_sns() {
	data := readTestdata("constructed-sns-notification.json")
	batch, err := events.Unwrap(data)
	if err != nil {
		panic(err)
	}
	for _, ev := range batch.Events() {
		fmt.Println(ev.Head().DetailType, ev.KeyID())
	}
	// Output:
	// KMS CMK Rotation 1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleParser_Unwrap() {
	p := events.Parser{MaxBatchSize: 1 << 10}
	data := readTestdata("constructed-lambda-sqs-batch.json")
	_, err := p.Unwrap(data)
	fmt.Println(err)
	// Output:
	// events: input is 4331 bytes, over the limit of 1024
}

func ExampleDeduplicator() {
	d := events.NewDeduplicator(30*time.Second, 1000)
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	deletion := func(sec int) *events.Deletion {
		return &events.Deletion{
			Header: events.Header{
				DetailType: events.DetailTypeDeletion, Source: events.SourceKMS,
				Account: "111122223333", Region: "us-west-2", Time: at.Add(time.Duration(sec) * time.Second),
			},
			Detail: events.DeletionDetail{KeyID: "1234abcd-12ab-34cd-56ef-1234567890ab"},
		}
	}
	for _, sec := range []int{0, 2, 5, 90} {
		fmt.Println(sec, d.Duplicate(deletion(sec)))
	}
	// Output:
	// 0 false
	// 2 true
	// 5 true
	// 90 false
}
