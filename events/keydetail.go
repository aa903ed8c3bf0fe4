package events

import "github.com/kmswatch/kmswatch/internal/jsonfield"

// keyDetail decodes the detail object of an event KMS sends itself
// (rotation, expiration, deletion): key-id is required and must be a string.
// field reads a member the event knows and reports false for any other, which
// is kept in extra. field is a closure over the detail rather than an
// interface method so that the decoder stays on the stack.
func (d *decoder) keyDetail(keyID *string, extra *[]Member, field func(key string) bool) {
	if !d.object("detail", -1, "") {
		d.invalid("detail", -1, "key-id", jsonfield.Required)
		return
	}
	badKeyID := false
	d.eachMember(func(key string) bool {
		if key != "key-id" {
			return field(key)
		}
		badKeyID = !isStringOrNull(d.sc.Peek())
		*keyID = d.str("detail", -1, key)
		return true
	}, extra)
	if *keyID == "" && !badKeyID && d.sc.Err == nil {
		d.invalid("detail", -1, "key-id", jsonfield.Required)
	}
}
