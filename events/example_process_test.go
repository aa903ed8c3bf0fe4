package events_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/kmswatch/kmswatch/events"
)

func ExampleProcess() {
	// A Lambda SQS batch: an event, an SNS-to-SQS event and two bad records.
	data := readTestdata("constructed-lambda-sqs-batch.json")
	resp, err := events.Process(context.Background(), data, func(ctx context.Context, r events.Record) error {
		fmt.Println("handled", r.Event.Head().DetailType, "from", r.MessageID)
		return nil
	})
	out, _ := json.Marshal(resp)
	fmt.Println(string(out), err)
	// Output:
	// handled KMS CMK Rotation from 059f36b4-87a3-44ab-83d2-661975830a7d
	// handled KMS CMK Deletion from 2e1424d4-f796-459a-8184-9c92662be6da
	// {"batchItemFailures":[{"itemIdentifier":"6f2a8e0c-1b3d-4f5a-9c7e-8d0b2a4c6e8f"},{"itemIdentifier":"7a3b9f1d-2c4e-4a6b-8d0f-9e1c3b5d7f9a"}]} <nil>
}

// fifoBatch builds a Lambda batch from an SQS FIFO queue: one "KMS CMK
// Deletion" event per message, keyed "group/key".
func fifoBatch(messages ...string) []byte {
	type record struct {
		MessageID      string            `json:"messageId"`
		Body           string            `json:"body"`
		Attributes     map[string]string `json:"attributes"`
		EventSourceARN string            `json:"eventSourceARN"`
	}
	var batch struct{ Records []record }
	for i, m := range messages {
		group, key, _ := strings.Cut(m, "/")
		batch.Records = append(batch.Records, record{
			MessageID:      fmt.Sprintf("m%d", i+1),
			Body:           `{"source":"aws.kms","detail-type":"KMS CMK Deletion","detail":{"key-id":"` + key + `"}}`,
			Attributes:     map[string]string{"MessageGroupId": group},
			EventSourceARN: "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo",
		})
	}
	data, err := json.Marshal(batch)
	if err != nil {
		panic(err)
	}
	return data
}

func ExampleProcessor_Process_fifo() {
	data := fifoBatch("a/key-1", "b/key-2", "a/key-3", "b/key-4")
	var p events.Processor
	resp, _ := p.Process(context.Background(), data, func(ctx context.Context, r events.Record) error {
		fmt.Println("handled", r.MessageID, r.Event.KeyID())
		if r.Event.KeyID() == "key-2" {
			return errors.New("downstream unavailable")
		}
		return nil
	})
	// m2 failed: m3 and m4 were not handled, and are retried after it.
	out, _ := json.Marshal(resp)
	fmt.Println(string(out))
	// Output:
	// handled m1 key-1
	// handled m2 key-2
	// {"batchItemFailures":[{"itemIdentifier":"m2"},{"itemIdentifier":"m3"},{"itemIdentifier":"m4"}]}
}

func ExampleProcessor_Process_skipGroupOnError() {
	data := fifoBatch("a/key-1", "b/key-2", "a/key-3", "b/key-4")
	p := events.Processor{SkipGroupOnError: true}
	resp, _ := p.Process(context.Background(), data, func(ctx context.Context, r events.Record) error {
		fmt.Println("handled", r.MessageID, r.MessageGroupID)
		if r.Event.KeyID() == "key-2" {
			return errors.New("downstream unavailable")
		}
		return nil
	})
	// Group b stopped at m2; group a went on.
	out, _ := json.Marshal(resp)
	fmt.Println(string(out))
	// Output:
	// handled m1 a
	// handled m2 b
	// handled m3 a
	// {"batchItemFailures":[{"itemIdentifier":"m2"},{"itemIdentifier":"m4"}]}
}

func ExampleProcessor_Process_ackPermanent() {
	data := readTestdata("constructed-lambda-sqs-batch.json")
	p := events.Processor{
		// Records that can never decode are archived (here: printed) and
		// acknowledged instead of being retried into the dead-letter queue.
		AckPermanent: func(ctx context.Context, r events.Record) error {
			fmt.Printf("archived %s (%d bytes): %v\n", r.MessageID, len(r.Body), r.Err)
			return nil
		},
		OnFailure: func(ctx context.Context, err *events.RecordError) {
			log.Print(err)
		},
	}
	resp, err := p.Process(context.Background(), data, func(ctx context.Context, r events.Record) error { return nil })
	fmt.Println(len(resp.BatchItemFailures), "to retry,", err)
	// Output:
	// archived 6f2a8e0c-1b3d-4f5a-9c7e-8d0b2a4c6e8f (86 bytes): events: invalid JSON at byte 86 of Records[2].body: unexpected end of JSON input looking for beginning of value
	// archived 7a3b9f1d-2c4e-4a6b-8d0f-9e1c3b5d7f9a (308 bytes): events: invalid event: detail.key-id is required
	// 0 to retry, <nil>
}

func ExampleProcess_sns() {
	// Lambda ignores partial batch responses for SNS: a failure must fail
	// the invocation, so Process returns an error for it.
	data := readTestdata("constructed-lambda-sns-batch.json")
	_, err := events.Process(context.Background(), data, func(ctx context.Context, r events.Record) error {
		return errors.New("downstream unavailable")
	})
	fmt.Println(errors.Is(err, events.ErrResponseIgnored))
	fmt.Println(err)
	// Output:
	// true
	// events: Lambda ignores partial batch responses for SNS, so the invocation fails to be retried: 1 of 1 records failed
	// events: record 0 (message "95df01b4-ee98-5cb9-9903-4c221d41eb5e"): downstream unavailable
}
