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

func (x *DeletionDetail) decode(d *decoder) {
	d.keyDetail(&x.KeyID, &x.Extra, func(key string) bool {
		if key != "key-origin" {
			return false
		}
		x.KeyOrigin = KeyOrigin(d.str("detail", -1, key))
		return true
	})
}

func (x DeletionDetail) encode(w *writer) {
	w.objStart()
	w.key("key-id")
	w.str(x.KeyID)
	w.strMember("key-origin", string(x.KeyOrigin))
	w.extra(x.Extra)
	w.objEnd()
}
