// Package ebenvelope is the envelope of an EventBridge event, for the code
// that writes one (the EventBridge fake, from a PutEvents entry) and the
// tests that read one back (events/cloudtrail's mapping). It imports only
// the standard library.
package ebenvelope

import "encoding/json"

// Envelope is an EventBridge event: the members EventBridge writes, in the
// order it writes them, with the detail kept as raw JSON.
type Envelope struct {
	Version    string          `json:"version"`
	ID         string          `json:"id"`
	DetailType string          `json:"detail-type"`
	Source     string          `json:"source"`
	Account    string          `json:"account"`
	Time       string          `json:"time"`
	Region     string          `json:"region"`
	Resources  []string        `json:"resources"`
	Detail     json.RawMessage `json:"detail"`
}
