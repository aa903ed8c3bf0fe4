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

// members lists the members beside key-id, in the order they are written.
func (r *RotationDetail) members() []keyMember {
	return []keyMember{
		{"key-origin", (*string)(&r.KeyOrigin)},
		{"rotation-type", (*string)(&r.RotationType)},
		{"previous-key-material-id", &r.PreviousKeyMaterialID},
		{"current-key-material-id", &r.CurrentKeyMaterialID},
	}
}

func (r *RotationDetail) decode(d *decoder) { d.keyDetail(&r.KeyID, &r.Extra, r.members()) }
func (r RotationDetail) encode(w *writer)   { w.keyDetail(r.KeyID, r.Extra, r.members()) }
