package eventbridgetest

import "github.com/kmswatch/kmswatch/internal/eventbridgeengine"

// PutEvents limits (docs/reference.md#71-eventbridge-api-limits).
const (
	// MaxPutEventsEntries is the model's bound on Entries per call, 10.
	MaxPutEventsEntries = eventbridgeengine.MaxPutEventsEntries
	// MaxEventSize is the size limit of a PutEvents request since
	// 2026-01-29, 1 MiB (1 << 20 bytes), counted the way EventBridge counts
	// it: 14 bytes for Time plus the UTF-8 bytes of Source, DetailType,
	// Detail and each Resource.
	MaxEventSize = eventbridgeengine.MaxEventSize
)

// ErrInvalidEvent is matched with errors.Is by the error [Server.Emit]
// returns for an event that is not a JSON object with the envelope fields
// EventBridge requires.
var ErrInvalidEvent = eventbridgeengine.ErrInvalidEvent

// Delivery is one event as a target received it: the bus it arrived on
// (EventBus), the rule that matched (Rule, RuleArn), the target (TargetID,
// TargetArn), the event's id (EventID), what the target receives (Body: the
// event as minified JSON, or the result of the target's Input, InputPath or
// InputTransformer, usually JSON but plain text if an InputTransformer
// template makes it so) and, for FIFO queues, the target's
// SqsParameters.MessageGroupId (MessageGroupID).
type Delivery = eventbridgeengine.Delivery

// Delivered returns, in delivery order, a copy of the deliveries made to
// targets whose Arn is targetArn.
func (s *Server) Delivered(targetArn string) []Delivery { return s.eng.Delivered(targetArn) }

// Emit delivers event to the default bus as if an AWS service had sent it:
// unlike PutEvents it accepts aws.* sources, and the event is matched exactly
// as given (its id, time and other fields are kept), so fixtures such as
// events/testdata can be replayed. It returns the number of targets the event
// was delivered to, and an error matching [ErrInvalidEvent] when the event is
// not a JSON object with the string members id, account, source, time, region
// and detail-type and resources, an array of strings. Like PutEvents in the fake, delivery is complete on return.
func (s *Server) Emit(event []byte) (int, error) { return s.eng.Emit(event) }
