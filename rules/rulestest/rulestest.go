// Package rulestest asserts, in a caller's own tests, that EventBridge event
// patterns match the events they should and no others, using the offline
// matcher of package rules. No AWS account is needed.
//
//	func TestDeletionRule(t *testing.T) {
//		p, _ := rules.KeyDeletion("111122223333")
//		rulestest.AssertMatches(t, p, deletionEvent)
//		rulestest.AssertNoMatch(t, p, rotationEvent, expirationEvent)
//	}
//
// The pattern may be in any form [rules.Match] accepts ([rules.PatternSource]):
// an [rules.EventPattern], or its JSON as a string or []byte.
//
// The functions are safe for concurrent use by parallel tests.
package rulestest

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/kmswatch/kmswatch/rules"
)

// AssertMatches reports an error on t for each event the pattern does not
// match, and fails t at once when the pattern is invalid or unsupported.
// An event that is not a JSON object is reported as an error.
func AssertMatches[P rules.PatternSource](t testing.TB, pattern P, events ...[]byte) {
	t.Helper()
	assert(t, pattern, events, true)
}

// AssertNoMatch reports an error on t for each event the pattern matches,
// and fails t at once when the pattern is invalid or unsupported. An event
// that is not a JSON object is reported as an error.
func AssertNoMatch[P rules.PatternSource](t testing.TB, pattern P, events ...[]byte) {
	t.Helper()
	assert(t, pattern, events, false)
}

func assert[P rules.PatternSource](t testing.TB, source P, events [][]byte, want bool) {
	t.Helper()
	pattern := text(source)
	p, err := rules.Compile(source)
	if err != nil {
		t.Fatalf("rulestest: pattern %s: %v", pattern, err)
		return
	}
	if len(events) == 0 {
		t.Errorf("rulestest: no events given for pattern %s", pattern)
	}
	for i, event := range events {
		got, err := p.Match(event)
		switch {
		case err != nil:
			t.Errorf("rulestest: event %d (%s): %v", i, describe(event), err)
		case got != want && want:
			t.Errorf("rulestest: pattern %s does not match event %d (%s)", pattern, i, describe(event))
		case got != want:
			t.Errorf("rulestest: pattern %s matches event %d (%s), want no match", pattern, i, describe(event))
		}
	}
}

// describe names an event by its detail-type and id, so a failure says which
// fixture it was without printing the whole event.
func describe(event []byte) string {
	var head struct {
		DetailType string `json:"detail-type"`
		ID         string `json:"id"`
		Detail     struct {
			EventName string `json:"eventName"`
		} `json:"detail"`
	}
	if json.Unmarshal(event, &head) != nil {
		return "not a JSON event"
	}
	s := "detail-type " + strconv.Quote(head.DetailType)
	if head.Detail.EventName != "" {
		s += ", eventName " + head.Detail.EventName
	}
	return s + ", id " + head.ID
}

// text returns the JSON of a pattern for messages.
func text[P rules.PatternSource](pattern P) string {
	switch p := any(pattern).(type) {
	case rules.EventPattern:
		return p.String()
	case string:
		return p
	}
	return string(any(pattern).([]byte))
}
