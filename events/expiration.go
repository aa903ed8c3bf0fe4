package events

// ExpirationDetail is the detail of a "KMS Imported Key Material Expiration" event.
// Only key-id is confirmed by the documentation (docs/reference.md#14-detail-fields,
// docs/reference.md#16-how-the-documented-examples-changed); key-material-id is read
// when present because keys can hold several imported materials since June 2025, but
// AWS has not been seen to send it (unverified).
type ExpirationDetail struct {
	KeyID         string // key-id, required
	KeyMaterialID string // key-material-id, unverified
	Extra         []Member
}

func (x ExpirationDetail) keyID(*Header) string { return x.KeyID }
func (x ExpirationDetail) keyARN(h *Header) ARN { return resourceKeyARN(h, x.KeyID) }

func (x *ExpirationDetail) members() []keyMember {
	return []keyMember{{"key-material-id", &x.KeyMaterialID}}
}

func (x *ExpirationDetail) decode(d *decoder) { d.keyDetail(&x.KeyID, &x.Extra, x.members()) }
func (x ExpirationDetail) encode(w *writer)   { w.keyDetail(x.KeyID, x.Extra, x.members()) }
