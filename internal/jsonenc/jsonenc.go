// Package jsonenc encodes JSON the way AWS services write it in event
// bodies, messages and event patterns. It imports only the standard library.
package jsonenc

import (
	"bytes"
	"encoding/json"
)

// Marshal encodes v as compact JSON without HTML escaping and without a
// trailing newline: "<" stays "<", as in an alarm's reason, a query or an
// event pattern, where encoding/json.Marshal would write \u003c.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
