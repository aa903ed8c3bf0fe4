package events

// RotationDetail is the detail of a "KMS CMK Rotation" event
// (docs/reference.md#14-detail-fields). Events documented before 2025 carry only
// key-id; the other fields are empty then.
type RotationDetail struct {
	KeyID        string       // key-id, required
	KeyOrigin    KeyOrigin    // key-origin
	RotationType RotationType // rotation-type
	// PreviousKeyMaterialID and CurrentKeyMaterialID are 64 lowercase hex
	// digits in the documented example; they are not checked.
	PreviousKeyMaterialID string // previous-key-material-id
	CurrentKeyMaterialID  string // current-key-material-id
	Extra                 []Member
}

func (r RotationDetail) keyID(*Header) string { return r.KeyID }
func (r RotationDetail) keyARN(h *Header) ARN { return resourceKeyARN(h, r.KeyID) }

func (r *RotationDetail) decode(d *decoder) {
	d.keyDetail(&r.KeyID, &r.Extra, func(key string) bool {
		switch key {
		case "key-origin":
			r.KeyOrigin = KeyOrigin(d.str("detail", -1, key))
		case "rotation-type":
			r.RotationType = RotationType(d.str("detail", -1, key))
		case "previous-key-material-id":
			r.PreviousKeyMaterialID = d.str("detail", -1, key)
		case "current-key-material-id":
			r.CurrentKeyMaterialID = d.str("detail", -1, key)
		default:
			return false
		}
		return true
	})
}

func (r RotationDetail) encode(w *writer) {
	w.objStart()
	w.key("key-id")
	w.str(r.KeyID)
	w.strMember("key-origin", string(r.KeyOrigin))
	w.strMember("rotation-type", string(r.RotationType))
	w.strMember("previous-key-material-id", r.PreviousKeyMaterialID)
	w.strMember("current-key-material-id", r.CurrentKeyMaterialID)
	w.extra(r.Extra)
	w.objEnd()
}
