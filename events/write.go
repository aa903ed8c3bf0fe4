package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// writer appends compact JSON. comma records whether the next value or key
// needs a separating comma; a single flag suffices because closing a
// container always leaves the writer just after a value.
type writer struct {
	b     []byte
	comma bool
	err   error
}

func (w *writer) sep() {
	if w.comma {
		w.b = append(w.b, ',')
	}
}

func (w *writer) objStart() { w.sep(); w.b = append(w.b, '{'); w.comma = false }
func (w *writer) objEnd()   { w.b = append(w.b, '}'); w.comma = true }
func (w *writer) arrStart() { w.sep(); w.b = append(w.b, '['); w.comma = false }
func (w *writer) arrEnd()   { w.b = append(w.b, ']'); w.comma = true }

func (w *writer) key(k string) {
	w.sep()
	w.b = appendQuoted(w.b, k)
	w.b = append(w.b, ':')
	w.comma = false
}

func (w *writer) str(s string) { w.sep(); w.b = appendQuoted(w.b, s); w.comma = true }

func (w *writer) boolean(v bool) {
	w.sep()
	w.b = strconv.AppendBool(w.b, v)
	w.comma = true
}

// raw appends a JSON value kept raw, compacted. json.Compact also checks it
// is JSON, so a value a caller set by hand cannot corrupt the output.
func (w *writer) raw(v string) {
	w.sep()
	var buf bytes.Buffer
	if err := json.Compact(&buf, []byte(v)); err != nil {
		if w.err == nil {
			w.err = &SyntaxError{Doc: "a raw member", Offset: syntaxOffset(err), Msg: err.Error()}
		}
		buf.Reset()
		buf.WriteString("null")
	}
	w.b = append(w.b, buf.Bytes()...)
	w.comma = true
}

// syntaxOffset returns the offset of an encoding/json syntax error, or -1.
func syntaxOffset(err error) int64 {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return se.Offset
	}
	return -1
}

// strMember writes key and s, or nothing when s is empty.
func (w *writer) strMember(k, s string) {
	if s != "" {
		w.key(k)
		w.str(s)
	}
}

// timeMember writes key and t in RFC 3339, or nothing for the zero time.
func (w *writer) timeMember(k string, t time.Time) {
	if !t.IsZero() {
		w.key(k)
		w.sep()
		w.b = append(w.b, '"')
		w.b = t.AppendFormat(w.b, time.RFC3339Nano)
		w.b = append(w.b, '"')
		w.comma = true
	}
}

// rawMember writes key and v, or nothing when v is empty (absent).
func (w *writer) rawMember(k string, v []byte) {
	if len(v) > 0 {
		w.key(k)
		w.raw(string(v))
	}
}

func (w *writer) extra(ms []Member) {
	for _, m := range ms {
		w.key(m.Name)
		if len(m.Value) == 0 {
			w.raw("null")
			continue
		}
		w.raw(string(m.Value))
	}
}

const hexDigits = "0123456789abcdef"

// appendQuoted appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as
// in encoding/json, so the output is always valid JSON.
func appendQuoted(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// MarshalJSON encodes the event as EventBridge delivers it: the envelope
// members in the documented order, kept unknown members after them, and the
// detail last. Empty optional strings are omitted.
func (e *Envelope[D]) MarshalJSON() ([]byte, error) {
	return marshalEvent(&e.Header, e.Detail.encode)
}

// marshalEvent encodes the envelope h with the detail detail writes.
func marshalEvent(h *Header, detail func(*writer)) ([]byte, error) {
	w := writer{b: make([]byte, 0, 512)}
	w.objStart()
	w.strMember("version", h.Version)
	w.strMember("id", h.ID)
	w.strMember("detail-type", string(h.DetailType))
	w.strMember("source", h.Source)
	w.strMember("account", h.Account)
	w.timeMember("time", h.Time)
	w.strMember("region", h.Region)
	if h.Resources != nil {
		w.key("resources")
		w.arrStart()
		for _, r := range h.Resources {
			w.str(r)
		}
		w.arrEnd()
	}
	w.extra(h.Extra)
	w.key("detail")
	detail(&w)
	w.objEnd()
	if w.err != nil {
		return nil, w.err
	}
	return w.b, nil
}
