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

// pendingDeletionUse compiles the PendingDeletionUse pattern of testAccount.
func pendingDeletionUse(tb testing.TB) *rules.Pattern {
	tb.Helper()
	return must[*rules.Pattern](tb)(rules.Compile(must[rules.EventPattern](tb)(rules.PendingDeletionUse(testAccount))))
}

// TestPendingDeletionVocabulary holds events and rules to one set of
// pending-deletion wordings: every wording of the shared vocabulary, and
// the near misses around it, is accepted by events.ParsePendingDeletion
// exactly when the PendingDeletionUse pattern matches the CloudTrail event
// that carries it.
func TestPendingDeletionVocabulary(t *testing.T) {
	compiled := pendingDeletionUse(t)
	messages := map[string]bool{} // message: a pending-deletion error
	for _, w := range kmsvocab.PendingDeletionWordings {
		messages[testKeyARN+" "+w.Suffix] = true
	}
	for _, m := range []string{
		testKeyARN + " is not pending deletion.",
		testKeyARN + " is not pending deletion (or pending replica deletion).",
		testKeyARN + " is pending import.",
		testKeyARN + " is disabled.",
		testKeyARN + "is pending deletion.",
		testKeyARN + " is pending deletion",
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
		if parsed && arn.String() != testKeyARN {
			t.Errorf("%q: parsed key %s, want %s", msg, arn, testKeyARN)
		}
	}
}

// FuzzPendingDeletionVocabulary checks, for any error message, that what
// events.ParsePendingDeletion accepts the PendingDeletionUse pattern
// matches, and that a key ARN followed by a wording the pattern matches is
// accepted by events.
func FuzzPendingDeletionVocabulary(f *testing.F) {
	for _, w := range kmsvocab.PendingDeletionWordings {
		f.Add(testKeyARN + " " + w.Suffix)
	}
	f.Add("KMSInvalidStateException: " + testKeyARN + " is pending deletion.")
	f.Add(testKeyARN + " is not pending deletion.")
	f.Add(testKeyARN + " is pending import.")
	compiled := pendingDeletionUse(f)
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
