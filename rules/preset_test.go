package rules_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/golden"
	"github.com/kmswatch/kmswatch/internal/problemtest"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/rulestest"
)

const (
	testAccount = "111122223333"
	testKeyARN  = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

// testKey is testKeyARN parsed.
func testKey(t *testing.T) events.ARN { return must[events.ARN](t)(events.ParseARN(testKeyARN)) }

// TestPresets proves each preset against every fixture: it matches exactly
// the listed ones and none of the others, renders to its golden file, fits
// the default pattern size quota and needs the documented rule state.
func TestPresets(t *testing.T) {
	key := testKey(t)
	other, err := events.ParseARN("arn:aws:kms:us-west-2:111122223333:key/00000000-0000-0000-0000-000000000000")
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		build    func() (rules.EventPattern, error)
		matches  []string
		readOnly bool
	}{
		"key-lifecycle": {
			build: func() (rules.EventPattern, error) { return rules.KeyLifecycle(testAccount) },
			matches: []string{"rotation-2025.json", "rotation-2016.json", "expiration-2022.json", "deletion-2022.json",
				"constructed-cloudtrail-delete-expired-key-material.json", "constructed-cloudtrail-rotatekey-service-event.json", "constructed-cloudtrail-schedule-key-deletion.json"},
		},
		"key-lifecycle-other-account": {
			build: func() (rules.EventPattern, error) { return rules.KeyLifecycle("444455556666") },
		},
		"key-rotation": {
			build:   func() (rules.EventPattern, error) { return rules.KeyRotation(key) },
			matches: []string{"rotation-2025.json", "rotation-2016.json"},
		},
		"key-rotation-other-key": {
			build: func() (rules.EventPattern, error) { return rules.KeyRotation(other) },
		},
		"material-expiry": {
			build:   func() (rules.EventPattern, error) { return rules.MaterialExpiry(testAccount) },
			matches: []string{"expiration-2022.json"},
		},
		"material-expiry-keys": {
			build:   func() (rules.EventPattern, error) { return rules.MaterialExpiry(testAccount, other, key) },
			matches: []string{"expiration-2022.json"},
		},
		"key-deletion": {
			build:   func() (rules.EventPattern, error) { return rules.KeyDeletion(testAccount) },
			matches: []string{"deletion-2022.json"},
		},
		"key-deletion-other-key": {
			build: func() (rules.EventPattern, error) { return rules.KeyDeletion("", other) },
		},
		"pending-deletion-use": {
			build:    func() (rules.EventPattern, error) { return rules.PendingDeletionUse(testAccount) },
			matches:  []string{"constructed-cloudtrail-decrypt-pending-deletion.json"},
			readOnly: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			var match, noMatch [][]byte
			for _, fx := range fixtureNames {
				if slices.Contains(tc.matches, fx) {
					match = append(match, eventstest.Fixture(t, fx))
				} else {
					noMatch = append(noMatch, eventstest.Fixture(t, fx))
				}
			}
			if len(match) > 0 {
				rulestest.AssertMatches(t, p.String(), match...)
			}
			rulestest.AssertNoMatch(t, p.String(), noMatch...)
			if err := p.CheckSize(0); err != nil {
				t.Error(err)
			}
			if diff := cmp.Diff(tc.readOnly, p.MatchesReadOnlyManagementEvents()); diff != "" {
				t.Errorf("MatchesReadOnlyManagementEvents mismatch (-want +got):\n%s", diff)
			}
			golden.Check(t, filepath.Join("testdata", "golden", "preset-"+name+".json"), []byte(p.String()+"\n"))
		})
	}
}

func TestPresetErrors(t *testing.T) {
	alias, err := events.ParseARN("arn:aws:kms:us-west-2:111122223333:alias/example")
	if err != nil {
		t.Fatal(err)
	}
	key := testKey(t)
	tests := map[string]struct {
		build func() (rules.EventPattern, error)
		want  []string
	}{
		"lifecycle bad account": {func() (rules.EventPattern, error) { return rules.KeyLifecycle("1234") }, []string{"account pattern"}},
		"rotation alias":        {func() (rules.EventPattern, error) { return rules.KeyRotation(alias) }, []string{"key pattern"}},
		"rotation zero key":     {func() (rules.EventPattern, error) { return rules.KeyRotation(events.ARN{}) }, []string{"key pattern"}},
		"expiry other account":  {func() (rules.EventPattern, error) { return rules.MaterialExpiry("444455556666", key) }, []string{"keys[0] combination"}},
		"deletion no account":   {func() (rules.EventPattern, error) { return rules.KeyDeletion("") }, []string{"account pattern"}},
		"pending bad account":   {func() (rules.EventPattern, error) { return rules.PendingDeletionUse("x") }, []string{"account pattern"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.build()
			if diff := cmp.Diff(tc.want, problemtest.List(t, err)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
