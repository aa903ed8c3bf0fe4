package events

// DeletionDetail is the detail of a "KMS CMK Deletion" event. Only key-id is confirmed
// by the documentation (docs/reference.md#14-detail-fields,
// docs/reference.md#16-how-the-documented-examples-changed); key-origin is read when
// present (unverified). KMS may deliver this event more than once within a few seconds
// (docs/reference.md#11-inventory); see [Deduplicator].
type DeletionDetail struct {
	KeyID     string    // key-id, required
	KeyOrigin KeyOrigin // key-origin, unverified
	Extra     []Member
}

func (x DeletionDetail) keyID(*Header) string { return x.KeyID }
func (x DeletionDetail) keyARN(h *Header) ARN { return resourceKeyARN(h, x.KeyID) }

func (x *DeletionDetail) members() []keyMember {
	return []keyMember{{"key-origin", (*string)(&x.KeyOrigin)}}
}

func (x *DeletionDetail) decode(d *decoder) { d.keyDetail(&x.KeyID, &x.Extra, x.members()) }
func (x DeletionDetail) encode(w *writer)   { w.keyDetail(x.KeyID, x.Extra, x.members()) }
