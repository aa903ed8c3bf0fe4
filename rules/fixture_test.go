package rules_test

import "testing"

// fixtureNames are the KMS events among the shared fixtures (eventstest.Fixture).
var fixtureNames = []string{
	"rotation-2025.json", "rotation-2016.json", "expiration-2022.json", "deletion-2022.json",
	"constructed-cloudtrail-decrypt-pending-deletion.json", "constructed-cloudtrail-delete-expired-key-material.json",
	"constructed-cloudtrail-rotatekey-service-event.json", "constructed-cloudtrail-schedule-key-deletion.json",
}

// must returns a function that hands back the value of a builder that tb
// expects to succeed, as in must[rules.Target](t)(rules.SNSTopic(id, arn)).
func must[T any](tb testing.TB) func(T, error) T {
	return func(v T, err error) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}
