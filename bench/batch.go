package benchcmp

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	lambda "github.com/aws/aws-lambda-go/events"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/fakeid"
)

// BatchLimit is the size of the full batches compared: 6 MiB, Lambda's
// synchronous invocation payload quota and [events.DefaultMaxBatchSize].
const BatchLimit = events.DefaultMaxBatchSize

// A BatchKind is one kind of full Lambda SQS batch.
type BatchKind struct {
	Name string
	// Fixtures are the events of the batch, from events/testdata, used in
	// turn, each as a distinct variant.
	Fixtures []string
	// SNS wraps each event in an SNS notification, as an SNS-to-SQS
	// subscription without raw message delivery does.
	SNS bool
}

// BatchKinds are the batches compared: KMS rotation events, KMS CloudTrail
// records (the two CloudTrail fixtures in turn), and rotation events that
// reached the queue through SNS.
var BatchKinds = []BatchKind{
	{Name: "rotation", Fixtures: []string{"rotation-2025.json"}},
	{Name: "cloudtrail", Fixtures: []string{"constructed-cloudtrail-schedule-key-deletion.json", "constructed-cloudtrail-decrypt-pending-deletion.json"}},
	{Name: "sns-rotation", Fixtures: []string{"rotation-2025.json"}, SNS: true},
}

// Batch is a Lambda SQS event of as many records as fit in BatchLimit.
type Batch struct {
	Data    []byte
	Records int
}

// BuildBatch returns the full batch of kind k. Each body is a distinct
// variant of a fixture, compacted as EventBridge delivers it.
func BuildBatch(root string, k BatchKind) (Batch, error) {
	var variants [][][]byte
	for _, name := range k.Fixtures {
		vs, err := LoadVariants(root, name)
		if err != nil {
			return Batch{}, err
		}
		variants = append(variants, vs)
	}
	body := func(i int) []byte {
		v := variants[i%len(variants)][(i/len(variants))%Variants]
		var c bytes.Buffer
		if err := json.Compact(&c, v); err != nil {
			panic(err) // the fixtures are JSON
		}
		if k.SNS {
			return snsNotification(i, c.Bytes())
		}
		return c.Bytes()
	}
	build := func(n int) []byte {
		recs := make([]sqsRecord, n)
		for i := range recs {
			recs[i] = newSQSRecord(i, body(i))
		}
		return marshal(struct {
			Records []sqsRecord `json:"Records"`
		}{recs})
	}
	// Estimate the record count from a small batch, then trim to the limit.
	n := 100
	per := len(build(n)) / n
	n = BatchLimit / per
	data := build(n)
	for len(data) > BatchLimit {
		n -= 1 + (len(data)-BatchLimit)/per
		data = build(n)
	}
	return Batch{Data: data, Records: n}, nil
}

// sqsRecord is a record of a Lambda SQS event, its members in the order and
// of the sizes of the Lambda Developer Guide's example ("Using Lambda with
// Amazon SQS"), with a 200-character receipt handle.
type sqsRecord struct {
	MessageID         string            `json:"messageId"`
	ReceiptHandle     string            `json:"receiptHandle"`
	Body              string            `json:"body"`
	Attributes        map[string]string `json:"attributes"`
	MessageAttributes struct{}          `json:"messageAttributes"`
	MD5OfBody         string            `json:"md5OfBody"`
	EventSource       string            `json:"eventSource"`
	EventSourceARN    string            `json:"eventSourceARN"`
	AWSRegion         string            `json:"awsRegion"`
}

func newSQSRecord(i int, body []byte) sqsRecord {
	id := fakeid.UUID("message-" + strconv.Itoa(i))
	sum := md5.Sum(body)
	sent := strconv.Itoa(1748000000000 + i)
	return sqsRecord{
		MessageID:     id,
		ReceiptHandle: "AQEB" + filler("receipt-"+id, 196),
		Body:          string(body),
		Attributes: map[string]string{
			"ApproximateReceiveCount":          "1",
			"SentTimestamp":                    sent,
			"SenderId":                         "AIDAIENQZJOLO23YVJ4VO",
			"ApproximateFirstReceiveTimestamp": sent,
		},
		MD5OfBody:      hex.EncodeToString(sum[:]),
		EventSource:    "aws:sqs",
		EventSourceARN: "arn:aws:sqs:us-west-2:111122223333:kms-events",
		AWSRegion:      "us-west-2",
	}
}

// snsNotification wraps an event as an SNS topic delivers it to an SQS
// queue without raw message delivery, with a 344-character signature as
// SignatureVersion 1 has.
func snsNotification(i int, event []byte) []byte {
	id := fakeid.UUID("sns-" + strconv.Itoa(i))
	topic := "arn:aws:sns:us-west-2:111122223333:kms-events"
	return marshal(struct {
		Type             string
		MessageID        string `json:"MessageId"`
		TopicArn         string
		Message          string
		Timestamp        string
		SignatureVersion string
		Signature        string
		SigningCertURL   string
		UnsubscribeURL   string
	}{
		Type:             "Notification",
		MessageID:        id,
		TopicArn:         topic,
		Message:          string(event),
		Timestamp:        "2025-05-23T03:11:55.123Z",
		SignatureVersion: "1",
		Signature:        filler("signature-"+id, 344),
		SigningCertURL:   "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem",
		UnsubscribeURL:   "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + topic + ":" + id,
	})
}

// filler returns n base64 characters derived from seed.
func filler(seed string, n int) string {
	var raw []byte
	for j := 0; base64.StdEncoding.EncodedLen(len(raw)) < n; j++ {
		u := fakeid.UUID(seed + "/" + strconv.Itoa(j))
		raw = append(raw, u...)
	}
	return base64.StdEncoding.EncodeToString(raw)[:n]
}

// marshal encodes v as AWS services write JSON: compact, without
// encoding/json's escaping of <, > and &.
func marshal(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // strings, maps and structs always encode
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// EventsBatch decodes a batch with events.Process and a handler that reads
// each event's key ID; it returns how many events named a key.
func EventsBatch(data []byte) (int, error) {
	keys := 0
	resp, err := events.Process(context.Background(), data, func(_ context.Context, r events.Record) error {
		if r.Event.KeyID() != "" {
			keys++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(resp.BatchItemFailures) > 0 {
		return 0, fmt.Errorf("%d records failed", len(resp.BatchItemFailures))
	}
	return keys, nil
}

// LambdaBatch decodes a batch the way Go programs commonly do today:
// json.Unmarshal into aws-lambda-go's SQSEvent, then each body with
// [Lambda] (through SNSEntity first when sns is set). It returns how many
// events named a key.
func LambdaBatch(data []byte, sns bool) (int, error) {
	var e lambda.SQSEvent
	if err := json.Unmarshal(data, &e); err != nil {
		return 0, err
	}
	keys := 0
	for _, r := range e.Records {
		body := r.Body
		if sns {
			var n lambda.SNSEntity
			if err := json.Unmarshal([]byte(r.Body), &n); err != nil {
				return 0, err
			}
			body = n.Message
		}
		key, err := Lambda([]byte(body))
		if err != nil {
			return 0, err
		}
		if key != "" {
			keys++
		}
	}
	return keys, nil
}
