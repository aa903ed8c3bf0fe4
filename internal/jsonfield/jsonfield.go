// Package jsonfield holds the problems the JSON decoders of package events
// and events/cloudtrail report on a field, each a [kmswatch.Rule] paired with
// the message that states it, so that the two packages check and word a
// field the same way.
package jsonfield

import "github.com/kmswatch/kmswatch"

// A Problem is a broken rule and the message that says what the rule is.
// The message does not repeat the field.
type Problem struct {
	Rule    kmswatch.Rule
	Message string
}

// The problems a field of an event or CloudTrail record can have.
var (
	Required = Problem{kmswatch.RuleRequired, "is required"}
	String   = Problem{kmswatch.RuleType, "must be a string"}
	Object   = Problem{kmswatch.RuleType, "must be an object"}
	Strings  = Problem{kmswatch.RuleType, "must be an array of strings"}
	Array    = Problem{kmswatch.RuleType, "must be an array of objects"}
	Bool     = Problem{kmswatch.RuleType, "must be true or false"}
	Time     = Problem{kmswatch.RulePattern, "must be an RFC 3339 time"}
	// AlarmTime is the form of the times in CloudWatch alarm payloads, which
	// CloudWatch writes with a numeric offset without a colon.
	AlarmTime = Problem{kmswatch.RulePattern, "must be a time such as 2019-10-02T17:04:40.989+0000"}
	Number    = Problem{kmswatch.RuleType, "must be a number"}
	Integer   = Problem{kmswatch.RuleType, "must be a whole number"}
)
