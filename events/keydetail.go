package events

import "github.com/kmswatch/kmswatch/internal/jsonfield"

// keyMember is a string member of the detail of an event KMS sends itself
// (rotation, expiration, deletion), beside key-id: its name and the field
// that holds it.
type keyMember struct {
	name  string
	value *string
}

// keyDetail decodes the detail object of an event KMS sends itself:
// key-id is required and must be a string; members are read as strings and
// any other member is kept in extra.
func (d *decoder) keyDetail(keyID *string, extra *[]Member, members []keyMember) {
	if !d.object("detail", -1, "") {
		d.invalid("detail", -1, "key-id", jsonfield.Required)
		return
	}
	badKeyID := false
	d.eachMember(func(key string) bool {
		if key == "key-id" {
			badKeyID = !isStringOrNull(d.sc.Peek())
			*keyID = d.str("detail", -1, key)
			return true
		}
		for _, m := range members {
			if m.name == key {
				*m.value = d.str("detail", -1, key)
				return true
			}
		}
		return false
	}, extra)
	if *keyID == "" && !badKeyID && d.sc.Err == nil {
		d.invalid("detail", -1, "key-id", jsonfield.Required)
	}
}

// keyDetail writes the detail object of an event KMS sends itself: key-id,
// the members that are not empty, then extra.
func (w *writer) keyDetail(keyID string, extra []Member, members []keyMember) {
	w.objStart()
	w.key("key-id")
	w.str(keyID)
	for _, m := range members {
		w.strMember(m.name, *m.value)
	}
	w.extra(extra)
	w.objEnd()
}
