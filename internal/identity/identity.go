// Package identity holds the one default AWS identity of the fakes and
// fixtures: eventstest builds its events in it, and cloudwatchtest and
// eventbridgetest serve it unless told otherwise, so that events, alarms and
// rules from different test helpers name the same account and Region.
package identity

// The account and Region of the KMS developer guide's examples (reference
// §1.5), so that the documented example payloads and everything the fakes
// build agree.
const (
	Account = "111122223333"
	Region  = "us-west-2"
)
