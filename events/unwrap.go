package events

import (
	"context"
	"strconv"
	"strings"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// Delivery names the path an event took to reach the caller.
type Delivery string

// Delivery paths [Unwrap] recognises.
const (
	// DeliveryEventBridge is the event itself, as a Lambda or other
	// EventBridge target receives it.
	DeliveryEventBridge Delivery = "EventBridge"
	// DeliverySQS is an SQS message whose body is the event.
	DeliverySQS Delivery = "SQS"
	// DeliverySNS is an SNS notification whose Message is the event as a
	// JSON string.
	DeliverySNS Delivery = "SNS"
	// DeliverySNSToSQS is an SQS message whose body is an SNS notification
	// (an SNS-to-SQS subscription without raw message delivery).
	DeliverySNSToSQS Delivery = "SNS-to-SQS"
	// DeliveryAlarmAction is the payload a CloudWatch alarm action sends
	// when it invokes a Lambda function directly ([AlarmLambdaEvent]).
	// Like EventBridge, it invokes the function asynchronously.
	DeliveryAlarmAction Delivery = "CloudWatch alarm action"
)

// Record is one event read from a delivery, or the error that stopped it.
type Record struct {
	// MessageID is the SQS messageId (the itemIdentifier of a partial batch
	// response) or, for SNS, the notification's MessageId; "" for an event
	// delivered directly.
	MessageID string
	Delivery  Delivery
	// MessageGroupID is the message group of a message from an SQS FIFO
	// queue (its MessageGroupId attribute); "" otherwise.
	MessageGroupID string
	// EventSourceARN is the ARN of the SQS queue a Lambda SQS record came
	// from; "" for other deliveries.
	EventSourceARN string
	// Body is the document the event was decoded from: the SQS body, the
	// SNS Message, or the event itself. Log or archive it when Err is a
	// permanent failure.
	Body string
	// Event is the decoded EventBridge event. An aws.kms or aws.cloudwatch
	// event whose detail-type this package does not model is an *[Unknown]
	// with a nil Err: AWS adds detail-types, and a new one is not a
	// failure. Event is nil for the alarm payloads that are not EventBridge
	// events (an SNS alarm message, a Lambda alarm action): see Alarm.
	Event Event
	// Alarm is set when the record holds a CloudWatch alarm payload: an
	// *[AlarmEvent] (then also in Event), an *[AlarmSNSMessage] or an
	// *[AlarmLambdaEvent]; nil otherwise. Switch on it, or on Event, to see
	// what arrived.
	Alarm AlarmNotification
	Err   error
}

// Batch holds every record of one delivery, in input order. A Batch is a
// plain value: reading it from several goroutines is safe.
type Batch struct {
	Records []Record
}

// FIFO reports whether the batch came from an SQS FIFO queue: a record's
// EventSourceARN ends in ".fifo" or a record has a MessageGroupID. Lambda
// requires a function reading a FIFO queue to stop at the first failure and
// report that record and every later one, so that a retried message is never
// processed after a message sent behind it.
func (b *Batch) FIFO() bool {
	for _, r := range b.Records {
		if r.MessageGroupID != "" || strings.HasSuffix(r.EventSourceARN, ".fifo") {
			return true
		}
	}
	return false
}

// Events returns the EventBridge events to process: those of the records
// that decoded without error, except that on a FIFO queue ([Batch.FIFO]) it
// stops at the first record that failed, because Lambda must retry that
// record and every later one. Alarm payloads that are not EventBridge
// events are left out; [Batch.Alarms] returns every alarm payload. Use
// [Processor.Process] to report the handler's own failures too.
func (b *Batch) Events() []Event {
	var out []Event
	b.each(func(r *Record) {
		if r.Event != nil {
			out = append(out, r.Event)
		}
	})
	return out
}

// Alarms returns the CloudWatch alarm payloads to process, by the same rule
// as [Batch.Events]: EventBridge alarm events, SNS alarm messages and Lambda
// alarm actions, in input order.
func (b *Batch) Alarms() []AlarmNotification {
	var out []AlarmNotification
	b.each(func(r *Record) {
		if r.Alarm != nil {
			out = append(out, r.Alarm)
		}
	})
	return out
}

// each calls f for each record that decoded, stopping at the first failure
// on a FIFO queue.
func (b *Batch) each(f func(*Record)) {
	fifo := b.FIFO()
	for i := range b.Records {
		r := &b.Records[i]
		if r.Err != nil {
			if fifo {
				return
			}
			continue
		}
		f(r)
	}
}

// Response returns the partial batch response that asks Lambda to retry
// the records that failed to decode and, on a FIFO queue ([Batch.FIFO]),
// every record after the first failure. A failed record without a message
// ID is listed with an empty identifier, which makes Lambda retry the whole
// batch rather than lose it.
//
// Lambda reads this response only from functions triggered by SQS with
// ReportBatchItemFailures turned on; for SNS it is ignored. See
// [Processor.Process], which reports the handler's failures as well and
// fails an SNS invocation instead.
func (b *Batch) Response() BatchResponse {
	resp, _ := (&Processor{}).run(context.Background(), b, nil)
	return resp
}

// BatchResponse is the Lambda partial batch response for an SQS event
// source (ReportBatchItemFailures). Return it from the function; its JSON is
// the same as aws-lambda-go's events.SQSEventResponse. Lambda ignores it for
// every other trigger, SNS included.
type BatchResponse struct {
	BatchItemFailures []BatchItemFailure `json:"batchItemFailures"`
}

// BatchItemFailure names one SQS message to retry.
type BatchItemFailure struct {
	ItemIdentifier string `json:"itemIdentifier"`
}

// Unwrap decodes events from any delivery shape with the default limits.
// See [Parser.Unwrap]. It is safe for concurrent use.
func Unwrap(data []byte) (*Batch, error) {
	var p Parser
	return p.Unwrap(data)
}

// Unwrap decodes events from any of these inputs, recognised by their
// members: an EventBridge event; an SQS message body (which is the event);
// an SNS notification, whose Message holds the event as a JSON string; an
// SQS message whose body is such a notification (SNS-to-SQS without raw
// delivery); a single Lambda SQS record; and a Lambda SQS or SNS batch,
// {"Records":[...]}. The CloudWatch alarm payloads are read wherever an
// event is: an EventBridge alarm event, the message of an SNS alarm action
// (in an SNS notification, or as an SQS body with raw message delivery)
// and the payload of a Lambda alarm action; their records hold them in
// [Record.Alarm].
//
// Records are decoded one by one, so a bad record never loses the others:
// each gets its Event or its Err in the returned Batch. The error is nil when
// every record decoded; otherwise it joins one [*RecordError] per failed
// record, as a [*BatchError] whose message stays short however many records
// failed (errors.Is and errors.As see through it). Every decoding failure is
// permanent: the same record fails the same way on every retry. An event
// whose detail-type this package does not model is not a failure: its
// record holds an *[Unknown] and a nil Err. When the input itself is
// unreadable (over [Parser.MaxBatchSize], not JSON, or of no known shape)
// Unwrap returns a nil Batch and that error.
func (p *Parser) Unwrap(data []byte) (*Batch, error) {
	if max := p.maxBatchSize(); len(data) > max {
		return nil, &SizeError{Size: len(data), Limit: max}
	}
	s := string(data)
	sh, err := scanShape(s)
	if err != nil {
		return nil, err
	}
	b := &Batch{}
	switch {
	case sh.records != "":
		if err := p.unwrapRecords(b, sh.records); err != nil {
			return nil, err
		}
	case sh.isEvent, sh.isAlarm, sh.hasMessage, sh.hasBody:
		b.Records = []Record{p.single(s, sh)}
	default:
		return nil, &ShapeError{Reason: "no detail-type, Message, body, Records or alarm member"}
	}
	var failed []*RecordError
	for i, r := range b.Records {
		if r.Err != nil {
			failed = append(failed, &RecordError{Index: i, MessageID: r.MessageID, Err: r.Err, Permanent: true})
		}
	}
	if failed == nil {
		return b, nil
	}
	return b, &BatchError{Total: len(b.Records), Failures: failed}
}

// single decodes a document that holds one event: the event itself, an SNS
// notification, or an SQS message.
func (p *Parser) single(s string, sh shape) Record {
	switch {
	case sh.isEvent, sh.isAlarm:
		r := Record{Delivery: DeliveryEventBridge, Body: s}
		p.parseDoc(&r, s, "")
		switch r.Alarm.(type) {
		case *AlarmLambdaEvent:
			r.Delivery = DeliveryAlarmAction
		case *AlarmSNSMessage:
			r.Delivery = DeliverySNS // the Message of an SNS notification, on its own
		}
		return r
	case sh.hasMessage:
		r := Record{MessageID: sh.messageID, Delivery: DeliverySNS, Body: sh.message}
		p.parseDoc(&r, sh.message, "Message")
		return r
	}
	return p.sqsRecord(sh, sh.bodyName)
}

// sqsRecord decodes the SQS message sh, naming its body doc.
func (p *Parser) sqsRecord(sh shape, doc string) Record {
	r := Record{MessageID: sh.messageID, MessageGroupID: sh.groupID, EventSourceARN: sh.sourceARN, Body: sh.body, Delivery: DeliverySQS}
	p.sqsBody(&r, sh.body, doc)
	return r
}

// sqsBody decodes into r an SQS body holding the event (or an alarm payload)
// or an SNS notification.
func (p *Parser) sqsBody(r *Record, body, doc string) {
	if len(body) > p.maxSize() {
		r.Err = &SizeError{Size: len(body), Limit: p.maxSize()}
		return
	}
	inner, err := scanShape(body)
	if err != nil {
		err.Doc = doc
		r.Err = err
		return
	}
	switch {
	case inner.isEvent, inner.isAlarm:
		p.parseDoc(r, body, doc)
	case inner.hasMessage:
		r.Delivery = DeliverySNSToSQS
		p.parseDoc(r, inner.message, doc+".Message")
	default:
		r.Err = &ShapeError{Reason: doc + " is neither an EventBridge event, an alarm payload nor an SNS notification"}
	}
}

// parseDoc parses one event document into r, naming doc in syntax errors.
// An unknown detail-type is no error here: the record holds the *Unknown.
func (p *Parser) parseDoc(r *Record, s, doc string) {
	if len(s) > p.maxSize() {
		r.Err = &SizeError{Size: len(s), Limit: p.maxSize()}
		return
	}
	ev, alarm, err := parseDocument(s)
	switch e := err.(type) {
	case *SyntaxError:
		e.Doc = doc
	case *DetailTypeError:
		err = nil
	}
	r.Event, r.Alarm, r.Err = ev, alarm, err
}

// unwrapRecords decodes the elements of a Lambda Records array.
func (p *Parser) unwrapRecords(b *Batch, records string) error {
	sc := jsonscan.New(records)
	if !sc.BeginArray() {
		return &ShapeError{Reason: "Records is not an array"}
	}
	for i := 0; sc.NextElem(i == 0); i++ {
		raw := sc.Raw()
		if sc.Err != nil {
			return syntaxError(sc.Err)
		}
		b.Records = append(b.Records, p.record(raw, "Records["+strconv.Itoa(i)+"]"))
	}
	return nil
}

// record decodes one element of a Lambda Records array: an SQS record (body)
// or an SNS record (Sns, holding the notification).
func (p *Parser) record(raw, doc string) Record {
	sh, serr := scanShape(raw)
	if serr != nil {
		return Record{Err: serr}
	}
	switch {
	case sh.hasBody:
		return p.sqsRecord(sh, doc+"."+sh.bodyName)
	case sh.sns != "":
		n, serr := scanShape(sh.sns)
		if serr != nil {
			return Record{Delivery: DeliverySNS, Err: serr}
		}
		if !n.hasMessage {
			return Record{MessageID: n.messageID, Delivery: DeliverySNS, Err: &ShapeError{Reason: doc + ".Sns has no Message"}}
		}
		r := Record{MessageID: n.messageID, Delivery: DeliverySNS, Body: n.message}
		p.parseDoc(&r, n.message, doc+".Sns.Message")
		return r
	case sh.isEvent, sh.isAlarm:
		r := Record{Delivery: DeliveryEventBridge, Body: raw}
		p.parseDoc(&r, raw, doc)
		return r
	}
	return Record{MessageID: sh.messageID, Err: &ShapeError{Reason: doc + " has no body, Sns or detail-type member"}}
}

// shape records the members that identify a delivery document.
type shape struct {
	isEvent    bool   // has detail-type, source or detail
	isAlarm    bool   // has a member of an SNS alarm message or a Lambda alarm action
	hasMessage bool   // SNS notification
	message    string // its Message, decoded
	hasBody    bool   // SQS message
	body       string // its body, decoded
	bodyName   string // "body" (Lambda record) or "Body" (SQS API)
	messageID  string // messageId or MessageId
	groupID    string // attributes.MessageGroupId of an SQS FIFO message
	sourceARN  string // eventSourceARN of a Lambda SQS record
	records    string // raw Records array
	sns        string // raw Sns object of a Lambda SNS record
}

// scanShape reads the top-level members of a JSON object. A string member
// of another type than expected is a ShapeError; bad JSON a SyntaxError.
func scanShape(s string) (shape, *SyntaxError) {
	var sh shape
	sc := jsonscan.New(s)
	if !sc.BeginObject() {
		sc.Skip()
		sc.End()
		return sh, syntaxError(sc.Err)
	}
	str := func() (string, bool) {
		if sc.Peek() == '"' {
			return sc.Str(), true
		}
		sc.Skip()
		return "", false
	}
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			break
		}
		switch key {
		case "detail-type", "source", "detail":
			sh.isEvent = true
			sc.Skip()
		case "AlarmName", "NewStateValue", "alarmData", "alarmArn":
			sh.isAlarm = true
			sc.Skip()
		case "Message":
			sh.message, sh.hasMessage = str()
		case "body", "Body":
			sh.body, sh.hasBody = str()
			sh.bodyName = key
		case "messageId", "MessageId":
			sh.messageID, _ = str()
		case "eventSourceARN":
			sh.sourceARN, _ = str()
		case "attributes", "Attributes":
			sh.groupID = messageGroupID(&sc)
		case "Records":
			sh.records = sc.Raw()
		case "Sns":
			sh.sns = sc.Raw()
		default:
			sc.Skip()
		}
	}
	sc.End()
	return sh, syntaxError(sc.Err)
}

// messageGroupID reads the SQS message attributes object at the scanner's
// position and returns its MessageGroupId; any other value is skipped.
func messageGroupID(sc *jsonscan.Scanner) string {
	if sc.Peek() != '{' {
		sc.Skip()
		return ""
	}
	sc.BeginObject()
	id := ""
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			return id
		}
		if key == "MessageGroupId" && sc.Peek() == '"' {
			id = sc.Str()
			continue
		}
		sc.Skip()
	}
}
