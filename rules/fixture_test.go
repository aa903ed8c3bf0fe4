package rules_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/rules"
)

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

// TestMatchFixtures compiles each pattern and matches it against every one
// of fixtureNames: it matches the fixtures listed and no other.
func TestMatchFixtures(t *testing.T) {
	tests := map[string]struct {
		pattern string
		want    []string // fixtures the pattern matches; all others must not match
	}{
		"documented rule: all kms": {`{"source":["aws.kms"]}`, fixtureNames},
		"documented rule: expiration": {`{"source":["aws.kms"],"detail-type":["KMS Imported Key Material Expiration"]}`,
			[]string{"expiration-2022.json"}},
		"rotation detail-type": {`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"]}`,
			[]string{"rotation-2025.json", "rotation-2016.json"}},
		"documented pattern: on-demand external rotation": {`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"],"detail":{"rotation-type":["ON_DEMAND"],"key-origin":["EXTERNAL"]}}`,
			nil},
		"on-demand aws_kms rotation": {`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"],"detail":{"rotation-type":["ON_DEMAND"],"key-origin":["AWS_KMS"]}}`,
			[]string{"rotation-2025.json"}},
		"rotation without new fields": {`{"detail-type":["KMS CMK Rotation"],"detail":{"rotation-type":[{"exists":false}]}}`,
			[]string{"rotation-2016.json"}},
		"documented rule: cloudtrail api calls": {`{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["kms.amazonaws.com"]}}`,
			[]string{"constructed-cloudtrail-decrypt-pending-deletion.json", "constructed-cloudtrail-schedule-key-deletion.json"}},
		"documented pattern: $or pending deletion": {`{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["kms.amazonaws.com"],"$or":[{"eventName":["ScheduleKeyDeletion","DisableKey","DeleteImportedKeyMaterial"]},{"errorMessage":[{"suffix":"is pending deletion."}]}]}}`,
			[]string{"constructed-cloudtrail-decrypt-pending-deletion.json", "constructed-cloudtrail-schedule-key-deletion.json"}},
		"cloudtrail resource ARN in array of objects": {`{"detail":{"resources":{"ARN":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}}}`,
			[]string{"constructed-cloudtrail-decrypt-pending-deletion.json", "constructed-cloudtrail-delete-expired-key-material.json", "constructed-cloudtrail-rotatekey-service-event.json", "constructed-cloudtrail-schedule-key-deletion.json"}},
		"read-only calls": {`{"detail":{"readOnly":[true]}}`, []string{"constructed-cloudtrail-decrypt-pending-deletion.json"}},
		"error code": {`{"detail":{"errorCode":["KMSInvalidStateException","DisabledException"]}}`,
			[]string{"constructed-cloudtrail-decrypt-pending-deletion.json"}},
		"service events": {`{"detail-type":["AWS Service Event via CloudTrail"],"detail":{"eventName":["RotateKey","DeleteExpiredKeyMaterial"]}}`,
			[]string{"constructed-cloudtrail-delete-expired-key-material.json", "constructed-cloudtrail-rotatekey-service-event.json"}},
		"anything-but cloudtrail": {`{"source":["aws.kms"],"detail-type":[{"anything-but":{"suffix":"via CloudTrail"}}]}`,
			[]string{"rotation-2025.json", "rotation-2016.json", "expiration-2022.json", "deletion-2022.json"}},
	}
	events := map[string][]byte{}
	for _, name := range fixtureNames {
		events[name] = eventstest.Fixture(t, name)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := rules.Compile([]byte(tc.pattern))
			if err != nil {
				t.Fatalf("Compile: %v", err)
			}
			var got []string
			for _, fx := range fixtureNames {
				ok, err := p.Match(events[fx])
				if err != nil {
					t.Fatalf("Match %s: %v", fx, err)
				}
				if ok {
					got = append(got, fx)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("matched fixtures mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
