package events

import (
	"context"
	"strconv"
	"strings"
	"unsafe"

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
	//
	// A record's strings (the IDs, Body, and the strings of its Event or
	// Alarm) share one allocation of its own, which holds nothing of the
	// input but them: keeping a record, or only its event, keeps that alive
	// and no more.
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
	return decoded(b, func(r *Record) Event { return r.Event })
}

// Alarms returns the CloudWatch alarm payloads to process, by the same rule
// as [Batch.Events]: EventBridge alarm events, SNS alarm messages and Lambda
// alarm actions, in input order.
func (b *Batch) Alarms() []AlarmNotification {
	return decoded(b, func(r *Record) AlarmNotification { return r.Alarm })
}

// decoded returns what get reads from each record that decoded, leaving
// out nil values and stopping at the first failure on a FIFO queue.
func decoded[T comparable](b *Batch, get func(*Record) T) []T {
	var out []T
	var none T
	fifo := b.FIFO()
	for i := range b.Records {
		r := &b.Records[i]
		if r.Err != nil {
			if fifo {
				break
			}
			continue
		}
		if v := get(r); v != none {
			out = append(out, v)
		}
	}
	return out
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
//
// Unwrap reads data where it lies and keeps none of it: data may be reused
// once Unwrap returns.
func (p *Parser) Unwrap(data []byte) (*Batch, error) {
	if max := p.maxBatchSize(); len(data) > max {
		return nil, &SizeError{Size: len(data), Limit: max}
	}
	u := unwrapper{p: p, in: unsafe.String(unsafe.SliceData(data), len(data))}
	b, err := u.unwrap()
	if err != nil {
		return nil, err
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

// scratchStart bounds the initial size of unwrapper.scratch.
const scratchStart = 16 << 10

// unwrapper decodes one delivery. It reads the input where it lies, without
// copying it, so nothing it returns may point into in: each record gets one
// allocation of its own holding its strings (IDs, body, SNS message), and
// its event's strings are substrings of that. A record kept after Unwrap
// returns keeps only its own bytes alive, and the caller may reuse data.
// Strings are decoded into scratch, one buffer reused from record to record,
// so that the record's allocation is exactly as large as what it keeps.
type unwrapper struct {
	p       *Parser
	in      string // the input, viewed in place
	scratch []byte

	// The records of a Records array, decoded as the top-level scan meets
	// it, or why it could not be.
	sawRecords bool
	records    []Record
	recordsErr *ShapeError
}

// unwrap decodes u.in.
func (u *unwrapper) unwrap() (*Batch, error) {
	sc := jsonscan.New(u.in)
	var sh shape
	u.shape(&sc, &sh, topLevel)
	sc.End()
	if sc.Err != nil {
		return nil, syntaxError(sc.Err)
	}
	switch {
	case u.sawRecords:
		if u.recordsErr != nil {
			return nil, u.recordsErr
		}
		return &Batch{Records: u.records}, nil
	case sh.isEvent, sh.isAlarm:
		// The strings of the decoded event are substrings of the document,
		// so it is copied whole.
		r := Record{Delivery: DeliveryEventBridge, Body: strings.Clone(u.in)}
		u.p.parseDoc(&r, r.Body, -1, "")
		switch r.Alarm.(type) {
		case *AlarmLambdaEvent:
			r.Delivery = DeliveryAlarmAction
		case *AlarmSNSMessage:
			r.Delivery = DeliverySNS // the Message of an SNS notification, on its own
		}
		return &Batch{Records: []Record{r}}, nil
	case sh.hasMessage:
		return &Batch{Records: []Record{u.snsRecord(sh.messageID, sh.message, -1, "Message")}}, nil
	case sh.hasBody:
		return &Batch{Records: []Record{u.sqsRecord(&sh, -1)}}, nil
	}
	return nil, &ShapeError{Reason: "no detail-type, Message, body, Records or alarm member"}
}

// docPath names a document for errors: path within the input, or within
// element i of its Records array when i >= 0. It is built only for errors.
func docPath(i int, path string) string {
	if i < 0 {
		return path
	}
	rec := "Records[" + strconv.Itoa(i) + "]"
	if path == "" {
		return rec
	}
	return rec + "." + path
}

// span is where a decoded string lies in unwrapper.scratch.
type span struct{ from, to int }

func (s span) len() int { return s.to - s.from }

// str decodes the string at the scanner's position into scratch.
func (u *unwrapper) str(sc *jsonscan.Scanner) span {
	if u.scratch == nil {
		// The strings decoded from one record never outgrow the input, so
		// scratch starts large enough for a small delivery (an SNS
		// notification holds its message as one escaped string) instead of
		// growing by doubling; a large batch grows it on its first big
		// record only.
		u.scratch = make([]byte, 0, min(len(u.in), scratchStart))
	}
	from := len(u.scratch)
	u.scratch = sc.AppendStr(u.scratch)
	return span{from, len(u.scratch)}
}

// view returns the decoded string at sp, valid until scratch is reset.
func (u *unwrapper) view(sp span) string {
	b := u.scratch[sp.from:sp.to]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// keep copies decoded strings from scratch into a record's allocation,
// sized once for all of them, so it is never moved and what add returns
// never changes.
type keep struct {
	scratch []byte
	buf     []byte
}

// newKeep returns a keep sized for the spans it will take.
func (u *unwrapper) newKeep(spans ...span) keep {
	n := 0
	for _, sp := range spans {
		n += sp.len()
	}
	return keep{scratch: u.scratch, buf: make([]byte, 0, n)}
}

// add copies the string at sp and returns the copy.
func (k *keep) add(sp span) string {
	if sp.len() == 0 {
		return ""
	}
	at := len(k.buf)
	k.buf = append(k.buf, k.scratch[sp.from:sp.to]...)
	b := k.buf[at:]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// sqsRecord decodes the SQS message sh, element i of a Records array (-1
// for a message given alone).
func (u *unwrapper) sqsRecord(sh *shape, i int) Record {
	var (
		inner shape
		r     = Record{Delivery: DeliverySQS}
		body  = u.view(sh.body)
	)
	switch {
	case len(body) > u.p.maxSize():
		r.Err = &SizeError{Size: len(body), Limit: u.p.maxSize()}
	default:
		sc := jsonscan.New(body)
		u.shape(&sc, &inner, sqsBody)
		switch {
		case sc.Err != nil:
			e := syntaxError(sc.Err)
			e.Doc = docPath(i, sh.bodyName)
			r.Err = e
		case inner.isEvent, inner.isAlarm:
		case inner.hasMessage:
			r.Delivery = DeliverySNSToSQS
		default:
			r.Err = &ShapeError{Reason: docPath(i, sh.bodyName) + " is neither an EventBridge event, an alarm payload nor an SNS notification"}
		}
	}
	var message span
	if r.Delivery == DeliverySNSToSQS {
		message = inner.message
	}
	k := u.newKeep(sh.messageID, sh.groupID, sh.sourceARN, sh.body, message)
	r.MessageID, r.MessageGroupID, r.EventSourceARN, r.Body = k.add(sh.messageID), k.add(sh.groupID), k.add(sh.sourceARN), k.add(sh.body)
	switch {
	case r.Err != nil:
	case r.Delivery == DeliverySNSToSQS:
		path := "body.Message"
		if sh.bodyName == "Body" {
			path = "Body.Message"
		}
		u.p.parseDoc(&r, k.add(message), i, path)
	default:
		u.p.parseDoc(&r, r.Body, i, sh.bodyName)
	}
	return r
}

// snsRecord decodes an SNS notification from its MessageId and its Message
// (named path for errors), which holds the event.
func (u *unwrapper) snsRecord(messageID, message span, i int, path string) Record {
	k := u.newKeep(messageID, message)
	r := Record{MessageID: k.add(messageID), Delivery: DeliverySNS, Body: k.add(message)}
	u.p.parseDoc(&r, r.Body, i, path)
	return r
}

// parseDoc parses one event document into r, naming it (docPath(i, path))
// in syntax errors. An unknown detail-type is no error here: the record
// holds the *Unknown.
func (p *Parser) parseDoc(r *Record, s string, i int, path string) {
	if len(s) > p.maxSize() {
		r.Err = &SizeError{Size: len(s), Limit: p.maxSize()}
		return
	}
	ev, alarm, err := parseDocument(s)
	switch e := err.(type) {
	case *SyntaxError:
		e.Doc = docPath(i, path)
	case *DetailTypeError:
		err = nil
	}
	r.Event, r.Alarm, r.Err = ev, alarm, err
}

// recordsArray decodes the elements of a Lambda Records array at the
// scanner's position, where they lie in the input.
func (u *unwrapper) recordsArray(sc *jsonscan.Scanner) {
	u.sawRecords, u.records, u.recordsErr = true, nil, nil
	if sc.Peek() != '[' {
		sc.Skip()
		u.recordsErr = &ShapeError{Reason: "Records is not an array"}
		return
	}
	sc.BeginArray()
	for i := 0; sc.NextElem(i == 0); i++ {
		r := u.record(sc, i)
		if sc.Err != nil {
			return
		}
		u.records = append(u.records, r)
	}
}

// record decodes element i of a Lambda Records array at the scanner's
// position: an SQS record (body) or an SNS record (Sns, holding the
// notification).
func (u *unwrapper) record(sc *jsonscan.Scanner, i int) Record {
	u.scratch = u.scratch[:0]
	sc.WS()
	start := sc.Pos
	var sh shape
	u.shape(sc, &sh, element)
	if sc.Err != nil {
		return Record{}
	}
	switch {
	case sh.hasBody:
		return u.sqsRecord(&sh, i)
	case sh.hasSns && !sh.sns.hasMessage:
		k := u.newKeep(sh.sns.messageID)
		return Record{MessageID: k.add(sh.sns.messageID), Delivery: DeliverySNS, Err: &ShapeError{Reason: docPath(i, "Sns has no Message")}}
	case sh.hasSns:
		return u.snsRecord(sh.sns.messageID, sh.sns.message, i, "Sns.Message")
	case sh.isEvent, sh.isAlarm:
		r := Record{Delivery: DeliveryEventBridge, Body: strings.Clone(u.in[start:sc.Pos])}
		u.p.parseDoc(&r, r.Body, i, "")
		return r
	}
	k := u.newKeep(sh.messageID)
	return Record{MessageID: k.add(sh.messageID), Err: &ShapeError{Reason: docPath(i, "") + " has no body, Sns or detail-type member"}}
}

// shapeOf says which document a shape scan reads, and so which members it
// decodes.
type shapeOf uint8

const (
	topLevel shapeOf = iota // the input: any delivery; Records is decoded in place
	element                 // an element of Records: an SQS or SNS record
	sqsBody                 // an SQS body: an event or an SNS notification
)

// shape records the members that identify a delivery document; strings are
// spans of scratch.
type shape struct {
	isEvent    bool // has detail-type, source or detail
	isAlarm    bool // has a member of an SNS alarm message or a Lambda alarm action
	hasMessage bool // SNS notification
	message    span // its Message, decoded
	hasBody    bool // SQS message
	body       span // its body, decoded
	bodyName   string
	messageID  span // messageId or MessageId
	groupID    span // attributes.MessageGroupId of an SQS FIFO message
	sourceARN  span // eventSourceARN of a Lambda SQS record
	hasSns     bool
	sns        snsPart // the Sns object of a Lambda SNS record
}

// snsPart is what a shape keeps of the notification in a Lambda SNS record.
type snsPart struct {
	hasMessage bool
	message    span
	messageID  span
}

// shape reads the members of the JSON object at the scanner's position
// into sh, as far as doc uses them. A value that is not an object is
// skipped and leaves sh empty; a string member of another type than
// expected reads as absent; bad JSON stops the scanner. An SQS body is read
// only up to its first event member: it is then parsed as an event, which
// validates all of it.
func (u *unwrapper) shape(sc *jsonscan.Scanner, sh *shape, doc shapeOf) {
	if sc.Peek() != '{' || !sc.BeginObject() {
		sc.Skip()
		return
	}
	str := func(sp *span) bool {
		if sc.Peek() == '"' {
			*sp = u.str(sc)
			return true
		}
		sc.Skip()
		*sp = span{}
		return false
	}
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			return
		}
		switch {
		case key == "detail-type" || key == "source" || key == "detail":
			sh.isEvent = true
			if doc == sqsBody {
				return
			}
			sc.Skip()
		case alarmShapeOf(key) != notAlarm:
			sh.isAlarm = true
			if doc == sqsBody {
				return
			}
			sc.Skip()
		case key == "Message" && doc != element:
			sh.hasMessage = str(&sh.message)
		case (key == "body" || key == "Body") && (doc == topLevel || doc == element):
			sh.hasBody = str(&sh.body)
			sh.bodyName = "body"
			if key == "Body" {
				sh.bodyName = "Body"
			}
		case (key == "messageId" || key == "MessageId") && doc != sqsBody:
			str(&sh.messageID)
		case key == "eventSourceARN" && (doc == topLevel || doc == element):
			str(&sh.sourceARN)
		case (key == "attributes" || key == "Attributes") && (doc == topLevel || doc == element):
			sh.groupID = u.messageGroupID(sc)
		case key == "Records" && doc == topLevel:
			u.recordsArray(sc)
		case key == "Sns" && doc == element:
			sh.hasSns, sh.sns = true, u.snsObject(sc)
		default:
			sc.Skip()
		}
	}
}

// snsObject reads the Sns object of a Lambda SNS record at the scanner's
// position: its Message and MessageId. Any other value is skipped and reads
// as a notification without a Message.
func (u *unwrapper) snsObject(sc *jsonscan.Scanner) snsPart {
	var n snsPart
	if sc.Peek() != '{' || !sc.BeginObject() {
		sc.Skip()
		return n
	}
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			return n
		}
		switch {
		case key == "Message" && sc.Peek() == '"':
			n.hasMessage, n.message = true, u.str(sc)
		case key == "Message":
			sc.Skip()
			n.hasMessage, n.message = false, span{}
		case (key == "MessageId" || key == "messageId") && sc.Peek() == '"':
			n.messageID = u.str(sc)
		case key == "MessageId" || key == "messageId":
			sc.Skip()
			n.messageID = span{}
		default:
			sc.Skip()
		}
	}
}

// messageGroupID reads the SQS message attributes object at the scanner's
// position and returns its MessageGroupId; any other value is skipped.
func (u *unwrapper) messageGroupID(sc *jsonscan.Scanner) span {
	if sc.Peek() != '{' {
		sc.Skip()
		return span{}
	}
	sc.BeginObject()
	var id span
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			return id
		}
		if key == "MessageGroupId" && sc.Peek() == '"' {
			id = u.str(sc)
			continue
		}
		sc.Skip()
	}
}
