package events

import (
	"errors"
	"strconv"
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
)

// Record is one event read from a delivery, or the error that stopped it.
type Record struct {
	// MessageID is the SQS messageId (the itemIdentifier of a partial batch
	// response) or, for SNS, the notification's MessageId; "" for an event
	// delivered directly.
	MessageID string
	Delivery  Delivery
	// Event is the decoded event; it is set for an unknown detail-type too,
	// with Err matching ErrUnknownDetailType.
	Event Event
	Err   error
}

// Batch holds every record of one delivery, in input order. A Batch is a
// plain value: reading it from several goroutines is safe.
type Batch struct {
	Records []Record
}

// Events returns the events of the records that decoded without error.
func (b *Batch) Events() []Event {
	var out []Event
	for _, r := range b.Records {
		if r.Err == nil {
			out = append(out, r.Event)
		}
	}
	return out
}

// Response returns the partial batch response that asks Lambda to retry
// exactly the records that failed. A failed record without a message ID is
// listed with an empty identifier, which makes Lambda retry the whole batch
// rather than lose it.
func (b *Batch) Response() BatchResponse {
	resp := BatchResponse{BatchItemFailures: []BatchItemFailure{}}
	for _, r := range b.Records {
		if r.Err != nil {
			resp.BatchItemFailures = append(resp.BatchItemFailures, BatchItemFailure{ItemIdentifier: r.MessageID})
		}
	}
	return resp
}

// BatchResponse is the Lambda partial batch response for an SQS event
// source (ReportBatchItemFailures). Return it, marshalled with encoding/json,
// from the handler.
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
// {"Records":[...]}.
//
// Records are decoded one by one, so a bad record never loses the others:
// each gets its Event or its Err in the returned Batch. The error is nil when
// every record decoded; otherwise it joins one [*RecordError] per failed
// record (errors.Is and errors.As see through it). When the input itself is
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
	case sh.isEvent, sh.hasMessage, sh.hasBody:
		b.Records = []Record{p.single(s, sh)}
	default:
		return nil, &ShapeError{Reason: "no detail-type, Message, body or Records member"}
	}
	var errs []error
	for i, r := range b.Records {
		if r.Err != nil {
			errs = append(errs, &RecordError{Index: i, MessageID: r.MessageID, Err: r.Err})
		}
	}
	return b, errors.Join(errs...)
}

// single decodes a document that holds one event: the event itself, an SNS
// notification, or an SQS message.
func (p *Parser) single(s string, sh shape) Record {
	switch {
	case sh.isEvent:
		ev, err := p.parseDoc(s, "")
		return Record{Delivery: DeliveryEventBridge, Event: ev, Err: err}
	case sh.hasMessage:
		ev, err := p.parseDoc(sh.message, "Message")
		return Record{MessageID: sh.messageID, Delivery: DeliverySNS, Event: ev, Err: err}
	}
	r := Record{MessageID: sh.messageID}
	r.Delivery, r.Event, r.Err = p.sqsBody(sh.body, sh.bodyName)
	return r
}

// sqsBody decodes an SQS body holding the event or an SNS notification.
func (p *Parser) sqsBody(body, doc string) (Delivery, Event, error) {
	if len(body) > p.maxSize() {
		return DeliverySQS, nil, &SizeError{Size: len(body), Limit: p.maxSize()}
	}
	inner, err := scanShape(body)
	if err != nil {
		err.Doc = doc
		return DeliverySQS, nil, err
	}
	switch {
	case inner.isEvent:
		ev, err := p.parseDoc(body, doc)
		return DeliverySQS, ev, err
	case inner.hasMessage:
		ev, err := p.parseDoc(inner.message, doc+".Message")
		return DeliverySNSToSQS, ev, err
	}
	return DeliverySQS, nil, &ShapeError{Reason: doc + " is neither an EventBridge event nor an SNS notification"}
}

// parseDoc parses one event document, naming doc in syntax errors.
func (p *Parser) parseDoc(s, doc string) (Event, error) {
	if len(s) > p.maxSize() {
		return nil, &SizeError{Size: len(s), Limit: p.maxSize()}
	}
	ev, err := parseEvent(s)
	if se, ok := err.(*SyntaxError); ok {
		se.Doc = doc
	}
	return ev, err
}

// unwrapRecords decodes the elements of a Lambda Records array.
func (p *Parser) unwrapRecords(b *Batch, records string) error {
	sc := scanner{s: records}
	if !sc.beginArray() {
		return &ShapeError{Reason: "Records is not an array"}
	}
	for i := 0; sc.nextElem(i == 0); i++ {
		raw := sc.raw()
		if sc.err != nil {
			return sc.err
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
		r := Record{MessageID: sh.messageID}
		r.Delivery, r.Event, r.Err = p.sqsBody(sh.body, doc+"."+sh.bodyName)
		return r
	case sh.sns != "":
		n, serr := scanShape(sh.sns)
		if serr != nil {
			return Record{Delivery: DeliverySNS, Err: serr}
		}
		if !n.hasMessage {
			return Record{MessageID: n.messageID, Delivery: DeliverySNS, Err: &ShapeError{Reason: doc + ".Sns has no Message"}}
		}
		ev, err := p.parseDoc(n.message, doc+".Sns.Message")
		return Record{MessageID: n.messageID, Delivery: DeliverySNS, Event: ev, Err: err}
	case sh.isEvent:
		ev, err := p.parseDoc(raw, doc)
		return Record{Delivery: DeliveryEventBridge, Event: ev, Err: err}
	}
	return Record{MessageID: sh.messageID, Err: &ShapeError{Reason: doc + " has no body, Sns or detail-type member"}}
}

// shape records the members that identify a delivery document.
type shape struct {
	isEvent    bool   // has detail-type, source or detail
	hasMessage bool   // SNS notification
	message    string // its Message, decoded
	hasBody    bool   // SQS message
	body       string // its body, decoded
	bodyName   string // "body" (Lambda record) or "Body" (SQS API)
	messageID  string // messageId or MessageId
	records    string // raw Records array
	sns        string // raw Sns object of a Lambda SNS record
}

// scanShape reads the top-level members of a JSON object. A string member
// of another type than expected is a ShapeError; bad JSON a SyntaxError.
func scanShape(s string) (shape, *SyntaxError) {
	var sh shape
	sc := scanner{s: s}
	if !sc.beginObject() {
		sc.skip()
		sc.end()
		return sh, sc.err
	}
	str := func() (string, bool) {
		if sc.peek() == '"' {
			return sc.str(), true
		}
		sc.skip()
		return "", false
	}
	for first := true; ; first = false {
		key, ok := sc.nextKey(first)
		if !ok {
			break
		}
		switch key {
		case "detail-type", "source", "detail":
			sh.isEvent = true
			sc.skip()
		case "Message":
			sh.message, sh.hasMessage = str()
		case "body", "Body":
			sh.body, sh.hasBody = str()
			sh.bodyName = key
		case "messageId", "MessageId":
			sh.messageID, _ = str()
		case "Records":
			sh.records = sc.raw()
		case "Sns":
			sh.sns = sc.raw()
		default:
			sc.skip()
		}
	}
	sc.end()
	return sh, sc.err
}
