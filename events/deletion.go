package events

// DeletionDetail is the detail of a "KMS CMK Deletion" event. Only key-id is
// confirmed by the documentation (reference §1.4, 1.6); key-origin is read when
// present (unverified). KMS may deliver this event more than once within a
// few seconds (reference §1.1); see [Deduplicator].
type DeletionDetail struct {
	KeyID     string    // key-id, required
	KeyOrigin KeyOrigin // key-origin, unverified
	Extra     []Member
}

func (x DeletionDetail) keyID(*Header) string { return x.KeyID }
func (x DeletionDetail) keyARN(h *Header) ARN { return resourceKeyARN(h, x.KeyID) }

func (x *DeletionDetail) decode(d *decoder) {
	if !d.object("detail", -1, "") {
		d.invalid("detail", -1, "key-id", RuleRequired)
		return
	}
	badKeyID := false
	for first := true; ; first = false {
		key, ok := d.sc.nextKey(first)
		if !ok {
			break
		}
		switch key {
		case "key-id":
			badKeyID = !isStringOrNull(d.sc.peek())
			x.KeyID = d.str("detail", -1, key)
		case "key-origin":
			x.KeyOrigin = KeyOrigin(d.str("detail", -1, key))
		default:
			x.Extra = append(x.Extra, d.member(key))
		}
	}
	if x.KeyID == "" && !badKeyID && d.sc.err == nil {
		d.invalid("detail", -1, "key-id", RuleRequired)
	}
}

func (x DeletionDetail) encode(w *writer) {
	w.objStart()
	w.key("key-id")
	w.str(x.KeyID)
	w.strMember("key-origin", string(x.KeyOrigin))
	w.extra(x.Extra)
	w.objEnd()
}
