package rules_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/rules"
)

// TestPendingDeletionVocabulary holds events and rules to one set of
// pending-deletion wordings: every wording of the shared vocabulary, and
// the near misses around it, is accepted by events.ParsePendingDeletion
// exactly when the PendingDeletionUse pattern matches the CloudTrail event
// that carries it.
func TestPendingDeletionVocabulary(t *testing.T) {
	pattern, err := rules.PendingDeletionUse(testAccount)
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := rules.Compile(pattern)
	if err != nil {
		t.Fatal(err)
	}
	const key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	messages := map[string]bool{} // message: a pending-deletion error
	for _, w := range kmsvocab.PendingDeletionWordings {
		messages[key+" "+w.Suffix] = true
	}
	for _, m := range []string{
		key + " is not pending deletion.",
		key + " is not pending deletion (or pending replica deletion).",
		key + " is pending import.",
		key + " is disabled.",
		key + "is pending deletion.",
		key + " is pending deletion",
		"",
	} {
		messages[m] = false
	}
	for msg, want := range messages {
		ev := eventstest.PendingDeletionCall(eventstest.Account(testAccount))
		ev.Detail.ErrorMessage = msg
		raw := eventstest.JSON(t, ev)
		arn, parsed := events.ParsePendingDeletion(msg)
		matched, err := compiled.Match(raw)
		if err != nil {
			t.Fatalf("%q: %v", msg, err)
		}
		if diff := cmp.Diff([]bool{want, want}, []bool{parsed, matched}); diff != "" {
			t.Errorf("%q: [events-parses rules-matches] mismatch (-want +got):\n%s", msg, diff)
		}
		if parsed && arn.String() != key {
			t.Errorf("%q: parsed key %s, want %s", msg, arn, key)
		}
	}
}

// FuzzPendingDeletionVocabulary checks, for any error message, that what
// events.ParsePendingDeletion accepts the PendingDeletionUse pattern
// matches, and that a key ARN followed by a wording the pattern matches is
// accepted by events.
func FuzzPendingDeletionVocabulary(f *testing.F) {
	const key = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, w := range kmsvocab.PendingDeletionWordings {
		f.Add(key + " " + w.Suffix)
	}
	f.Add("KMSInvalidStateException: " + key + " is pending deletion.")
	f.Add(key + " is not pending deletion.")
	f.Add(key + " is pending import.")
	pattern, err := rules.PendingDeletionUse(testAccount)
	if err != nil {
		f.Fatal(err)
	}
	compiled, err := rules.Compile(pattern)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		if !utf8.ValidString(msg) {
			return // JSON would carry another string than the one parsed
		}
		ev := eventstest.PendingDeletionCall(eventstest.Account(testAccount))
		ev.Detail.ErrorMessage = msg
		matched, err := compiled.Match(eventstest.JSON(t, ev))
		if err != nil {
			t.Fatal(err)
		}
		arn, parsed := events.ParsePendingDeletion(msg)
		if parsed && !matched {
			t.Fatalf("events accepts %q (key %s) but the pattern does not match it", msg, arn)
		}
		if !matched {
			return
		}
		for _, w := range kmsvocab.PendingDeletionWordings {
			text, ok := strings.CutSuffix(msg, " "+w.Suffix)
			if a, err := events.ParseARN(text); ok && err == nil && a.IsKey() && !parsed {
				t.Fatalf("the pattern matches %q, a key ARN and a wording, but events does not accept it", msg)
			}
		}
	})
}
