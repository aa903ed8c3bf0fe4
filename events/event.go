package events

import (
	"encoding/json"
	"time"
)

// SourceKMS is the source of every event KMS sends to EventBridge, including the
// CloudTrail records of KMS API calls (docs/reference.md#13-common-envelope,
// docs/reference.md#21-envelope-and-detail-types).
const SourceKMS = "aws.kms"

// EventSourceKMS is the CloudTrail eventSource of KMS records
// (docs/reference.md#21-envelope-and-detail-types).
const EventSourceKMS = "kms.amazonaws.com"

// DetailType is the detail-type of an EventBridge event. Values not listed
// below are kept as they are.
type DetailType string

// The detail-types KMS events arrive with (docs/reference.md#11-inventory,
// docs/reference.md#21-envelope-and-detail-types).
const (
	DetailTypeRotation     DetailType = "KMS CMK Rotation"
	DetailTypeExpiration   DetailType = "KMS Imported Key Material Expiration"
	DetailTypeDeletion     DetailType = "KMS CMK Deletion"
	DetailTypeAPICall      DetailType = "AWS API Call via CloudTrail"
	DetailTypeServiceEvent DetailType = "AWS Service Event via CloudTrail"
)

// KeyOrigin is the origin of a key's material (the KMS OriginType enum).
// Values not listed below are kept as they are.
type KeyOrigin string

// Key origins (docs/reference.md#14-detail-fields).
const (
	KeyOriginAWSKMS           KeyOrigin = "AWS_KMS"
	KeyOriginExternal         KeyOrigin = "EXTERNAL"
	KeyOriginAWSCloudHSM      KeyOrigin = "AWS_CLOUDHSM"
	KeyOriginExternalKeyStore KeyOrigin = "EXTERNAL_KEY_STORE"
)

// RotationType says how a rotation was started. Values not listed below are
// kept as they are.
type RotationType string

// Rotation types (docs/reference.md#14-detail-fields).
const (
	RotationAutomatic RotationType = "AUTOMATIC"
	RotationOnDemand  RotationType = "ON_DEMAND"
)

// Member is a JSON object member kept raw because no field models it, so
// that fields AWS adds survive a decode and re-encode.
type Member struct {
	Name  string
	Value json.RawMessage
}

// Header holds the EventBridge envelope fields every event shares
// (docs/reference.md#13-common-envelope). Field names are the same for every event.
type Header struct {
	Version    string
	ID         string
	DetailType DetailType
	Source     string
	Account    string
	Time       time.Time
	Region     string
	// Resources lists the ARNs the event concerns. KMS-native events carry
	// the key ARN; CloudTrail-delivered events commonly carry none.
	Resources []string
	// Extra holds envelope members not modelled above, in input order.
	Extra []Member
}

// Detail is the set of detail types an [Envelope] can carry. It is closed:
// only this package's detail types satisfy it.
type Detail interface {
	// keyID returns the key ID the detail (or envelope h) names, or "".
	keyID(h *Header) string
	// keyARN resolves the key ARN from the detail and envelope h.
	keyARN(h *Header) ARN
	// encode appends the detail object.
	encode(w *writer)
}

// Envelope is an EventBridge event with a typed detail. The concrete events
// are [Rotation], [Expiration], [Deletion], [CloudTrail] and [Unknown].
//
// An Envelope is a plain value: reading it from several goroutines is safe,
// writing it while others read is not.
type Envelope[D Detail] struct {
	Header
	Detail D
}

// Event is implemented by every event [Parse] returns: *[Rotation],
// *[Expiration], *[Deletion], *[CloudTrail] and *[Unknown]. Switch on the
// concrete type to reach the detail.
type Event interface {
	// Head returns the envelope fields.
	Head() *Header
	// KeyID returns the ID of the key the event is about, or "" if the
	// event names none.
	KeyID() string
	// KeyARN returns the ARN of that key, or the zero ARN if none is known.
	KeyARN() ARN
	// MarshalJSON encodes the event as EventBridge delivers it.
	MarshalJSON() ([]byte, error)
}

// The concrete events.
type (
	// Rotation is a "KMS CMK Rotation" event.
	Rotation = Envelope[RotationDetail]
	// Expiration is a "KMS Imported Key Material Expiration" event.
	Expiration = Envelope[ExpirationDetail]
	// Deletion is a "KMS CMK Deletion" event.
	Deletion = Envelope[DeletionDetail]
	// CloudTrail is an "AWS API Call via CloudTrail" or "AWS Service Event
	// via CloudTrail" event from KMS.
	CloudTrail = Envelope[CloudTrailRecord]
	// Unknown is an aws.kms event with a detail-type this package does not
	// model; [Parse] returns it with a [*DetailTypeError].
	Unknown = Envelope[UnknownDetail]
)

// Head returns the envelope fields; for a nil event, a zero Header.
func (e *Envelope[D]) Head() *Header {
	if e == nil {
		return &Header{}
	}
	return &e.Header
}

// KeyID returns the ID of the key the event is about, or "" (also for a nil
// event).
func (e *Envelope[D]) KeyID() string {
	if e == nil {
		return ""
	}
	return e.Detail.keyID(&e.Header)
}

// KeyARN returns the ARN of the key the event is about: the matching key ARN
// in the event's resources (or, for CloudTrail records, the record's own
// resources and key fields); failing that, an ARN built from the key ID and
// the envelope's region and account; failing that (or for a nil event), the
// zero ARN.
func (e *Envelope[D]) KeyARN() ARN {
	if e == nil {
		return ARN{}
	}
	return e.Detail.keyARN(&e.Header)
}

// resourceKeyARN returns the first key ARN in h.Resources whose key ID is id
// (any key ARN when id is ""), else the ARN built from id, h.Region and
// h.Account.
func resourceKeyARN(h *Header, id string) ARN {
	for _, r := range h.Resources {
		if a, err := ParseARN(r); err == nil && a.IsKey() && (id == "" || a.ID == id) {
			return a
		}
	}
	return KeyARN(h.Region, h.Account, id)
}

// UnknownDetail is the detail of an event whose detail-type this package
// does not model, kept raw.
type UnknownDetail struct {
	Raw json.RawMessage
}

// keyID and keyARN use the first key ARN in the resources, if any.
func (u UnknownDetail) keyID(h *Header) string { return u.keyARN(h).ID }

func (u UnknownDetail) keyARN(h *Header) ARN { return resourceKeyARN(h, "") }

func (u *UnknownDetail) decode(d *decoder) { u.Raw = d.rawCopy() }

func (u UnknownDetail) encode(w *writer) {
	if len(u.Raw) == 0 {
		w.raw("null")
		return
	}
	w.raw(string(u.Raw))
}
