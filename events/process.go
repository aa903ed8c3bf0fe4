package events

import (
	"context"
	"errors"
)

// Handler processes the event of one record. It is called only for records
// that decoded (r.Err is nil; r.Event may be an *[Unknown] for a
// detail-type this package does not model). A CloudWatch alarm payload
// arrives in r.Alarm; r.Event is nil for those that are not EventBridge
// events (SNS alarm messages, Lambda alarm actions). A non-nil error
// reports the record for retry.
type Handler func(ctx context.Context, r Record) error

// Processor runs a [Handler] over a delivery and builds the Lambda response,
// following Lambda's rules for partial batch responses. The zero Processor
// uses the default [Parser] limits, cuts a FIFO batch short at its first
// failure and reports every failure for retry. A Processor holds no state
// between calls and is safe for concurrent use if its functions are.
type Processor struct {
	// Parser sets the size limits.
	Parser Parser

	// SkipGroupOnError, on a FIFO queue, cuts short only the message group
	// of a failed record: later records of that group are skipped and
	// reported, records of other groups are still handled. Lambda's rule is
	// about order, and SQS FIFO orders messages within a group only, so
	// this keeps every group in order while one bad group does not hold up
	// the rest. Powertools for AWS Lambda calls this skip_group_on_error.
	// Off by default, the whole batch is cut short, which is what the
	// Lambda guide asks for.
	SkipGroupOnError bool

	// OnFailure, when set, is called once for each record that is reported
	// for retry, in input order, for example to log it. err.Permanent says
	// whether a retry can succeed; errors.As reaches the cause.
	OnFailure func(ctx context.Context, err *RecordError)

	// AckPermanent, when set, is called with each record whose decoding
	// failed permanently ([RecordError.Permanent]), to log or archive it
	// (r.Body holds the document, r.Err the reason). When it returns nil the
	// record is acknowledged: the queue deletes it instead of delivering it
	// again until its redrive policy moves it to the dead-letter queue. When
	// it returns an error the record is reported for retry like any other.
	//
	// Unset, which is the default, permanent failures are reported for
	// retry too: they reach the queue's dead-letter queue and nothing is
	// lost, at the cost of maxReceiveCount futile deliveries.
	AckPermanent func(ctx context.Context, r Record) error
}

// Process decodes data with the zero [Processor]. See [Processor.Process].
func Process(ctx context.Context, data []byte, h Handler) (BatchResponse, error) {
	var p Processor
	return p.Process(ctx, data, h)
}

// Process decodes data as [Parser.Unwrap] does, calls h for each decoded
// record in input order and returns what a Lambda function returns: return
// both values from the function as they are.
//
//   - For SQS (with ReportBatchItemFailures on the event source mapping), the
//     response lists every record that failed (decoding, the handler, or
//     ctx ending before its turn), and the error is nil: Lambda retries
//     exactly those records.
//   - On a FIFO queue ([Batch.FIFO]) the first failure cuts the batch short:
//     later records are not handed to h and are listed too, in order, with
//     errors matching [ErrSkipped]. With [Processor.SkipGroupOnError] only
//     the failed record's message group is cut short.
//   - For SNS, and for an event invoking the function directly, Lambda
//     ignores the response. When a record fails there, the error is
//     non-nil and matches [ErrResponseIgnored]: returning it fails the
//     invocation, which Lambda then retries, so the event is not lost.
//   - When data is not a delivery at all the error says why and the
//     response is empty; returning the error makes Lambda retry the whole
//     batch, eventually into its dead-letter queue.
//
// The rules are those of the Lambda Developer Guide, "Handling errors for an
// SQS event source in Lambda" (partial batch responses, FIFO queues) and
// "Invoking Lambda with events from other AWS services" (SNS and
// EventBridge invoke asynchronously, so a function's return value is
// discarded and only an error is retried).
//
// Permanent decoding failures are reported for retry unless
// [Processor.AckPermanent] acknowledges them. A nil h acknowledges every
// record that decoded.
//
// Memory: Process decodes the whole batch before the first call to h, and
// holds, besides data itself, the decoded records and one working buffer
// as large as the largest record. For an SQS batch as Lambda delivers it,
// everything it allocates comes to at most twice the size of data (1.3 to
// 1.5 times for full batches of KMS events, CloudTrail records and
// SNS-to-SQS events), with a fixed number of allocations per record (3 for
// a KMS-native event, 4 to 6 for a CloudTrail record). A full 6 MiB batch
// thus peaks at about 6 MiB of input plus 9 MiB decoded, well within a
// 128 MB function.
func (p *Processor) Process(ctx context.Context, data []byte, h Handler) (BatchResponse, error) {
	b, err := p.Parser.Unwrap(data)
	if b == nil {
		return BatchResponse{BatchItemFailures: []BatchItemFailure{}}, err
	}
	resp, failed := p.run(ctx, b, h)
	if len(failed) == 0 {
		return resp, nil
	}
	var trigger Delivery
	for _, r := range b.Records {
		switch r.Delivery {
		case DeliverySQS, DeliverySNSToSQS:
			return resp, nil
		case DeliverySNS, DeliveryEventBridge, DeliveryAlarmAction:
			trigger = r.Delivery
		}
	}
	return resp, &ignoredError{delivery: trigger, err: &BatchError{Total: len(b.Records), Failures: failed}}
}

// run hands the records of b to h (none when h is nil) under Lambda's rules
// and returns the response and the records it reports for retry.
func (p *Processor) run(ctx context.Context, b *Batch, h Handler) (BatchResponse, []*RecordError) {
	resp := BatchResponse{BatchItemFailures: []BatchItemFailure{}}
	var (
		failed       []*RecordError
		fifo         = b.FIFO()
		firstFailure = -1
		groupFailure map[string]int // message group → index of its first failure
	)
	for i, r := range b.Records {
		fe := RecordError{Index: i, MessageID: r.MessageID}
		switch at, ok := groupFailure[r.MessageGroupID]; {
		case fifo && !p.SkipGroupOnError && firstFailure >= 0:
			fe.Err = &skippedError{failed: firstFailure}
		case fifo && p.SkipGroupOnError && ok:
			fe.Err = &skippedError{failed: at, group: r.MessageGroupID}
		case r.Err != nil:
			fe.Err, fe.Permanent = r.Err, true
			if p.AckPermanent != nil {
				aerr := p.AckPermanent(ctx, r)
				if aerr == nil {
					continue
				}
				fe.Err = errors.Join(r.Err, aerr)
			}
		case h == nil:
			continue
		case ctx.Err() != nil:
			fe.Err = ctx.Err()
		default:
			if fe.Err = h(ctx, r); fe.Err == nil {
				continue
			}
		}
		if fifo && firstFailure < 0 {
			firstFailure = i
		}
		if _, ok := groupFailure[r.MessageGroupID]; fifo && p.SkipGroupOnError && !ok {
			if groupFailure == nil {
				groupFailure = map[string]int{}
			}
			groupFailure[r.MessageGroupID] = i
		}
		// Only a failure is allocated: a batch that succeeds costs nothing
		// here per record.
		failure := new(RecordError)
		*failure = fe
		failed = append(failed, failure)
		resp.BatchItemFailures = append(resp.BatchItemFailures, BatchItemFailure{ItemIdentifier: r.MessageID})
		if p.OnFailure != nil {
			p.OnFailure(ctx, failure)
		}
	}
	return resp, failed
}
