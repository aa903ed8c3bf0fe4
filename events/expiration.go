package events

// ExpirationDetail is the detail of a "KMS Imported Key Material Expiration"
// event. Only key-id is confirmed by the documentation (reference §1.4, 1.6);
// key-material-id is read when present because keys can hold several
// imported materials since June 2025, but AWS has not been seen to send it
// (unverified).
type ExpirationDetail struct {
	KeyID         string // key-id, required
	KeyMaterialID string // key-material-id, unverified
	Extra         []Member
}

func (x ExpirationDetail) keyID(*Header) string { return x.KeyID }
func (x ExpirationDetail) keyARN(h *Header) ARN { return resourceKeyARN(h, x.KeyID) }

func (x *ExpirationDetail) decode(d *decoder) {
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
		case "key-material-id":
			x.KeyMaterialID = d.str("detail", -1, key)
		default:
			x.Extra = append(x.Extra, d.member(key))
		}
	}
	if x.KeyID == "" && !badKeyID && d.sc.err == nil {
		d.invalid("detail", -1, "key-id", RuleRequired)
	}
}

func (x ExpirationDetail) encode(w *writer) {
	w.objStart()
	w.key("key-id")
	w.str(x.KeyID)
	w.strMember("key-material-id", x.KeyMaterialID)
	w.extra(x.Extra)
	w.objEnd()
}
