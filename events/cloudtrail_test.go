package events_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
)

func TestParsePendingDeletion(t *testing.T) {
	tests := map[string]struct {
		msg    string
		wantOK bool
		want   string
	}{
		"documented message":         {docKeyARN + " is pending deletion.", true, docKeyARN},
		"with exception name":        {"KMSInvalidStateException: " + docKeyARN + " is pending deletion.", true, docKeyARN},
		"disabled exception":         {"DisabledException: " + docKeyARN + " is pending deletion.", true, docKeyARN},
		"documented replica variant": {docKeyARN + " is pending deletion (or pending replica deletion).", true, docKeyARN},
		"replica wording":            {docKeyARN + " is pending replica deletion.", true, docKeyARN},
		"observed wire text": {
			"KMSInvalidStateException: arn:aws:kms:somewhere:123456789012:key/abc-123-def-09876 is pending deletion.",
			true, "arn:aws:kms:somewhere:123456789012:key/abc-123-def-09876",
		},
		"not pending":    {docKeyARN + " is not pending deletion (or pending replica deletion).", false, ""},
		"disabled":       {docKeyARN + " is disabled.", false, ""},
		"pending import": {docKeyARN + " is pending import.", false, ""},
		"alias":          {"arn:aws:kms:us-west-2:111122223333:alias/x is pending deletion.", false, ""},
		"empty":          {"", false, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a, ok := events.ParsePendingDeletion(tc.msg)
			if ok != tc.wantOK || a.String() != tc.want {
				t.Errorf("ParsePendingDeletion(%q) = %q, %v; want %q, %v", tc.msg, a, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestCloudTrailPendingDeletion(t *testing.T) {
	tests := map[string]struct {
		fixture string
		wantOK  bool
		want    string
	}{
		"Decrypt on a key pending deletion":   {"constructed-cloudtrail-decrypt-pending-deletion.json", true, docKeyARN},
		"GenerateDataKey via alias, mrk key":  {"constructed-cloudtrail-generatedatakey-alias-mrk.json", true, "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"},
		"ScheduleKeyDeletion (no error)":      {"constructed-cloudtrail-schedule-key-deletion.json", false, ""},
		"DeleteExpiredKeyMaterial (no error)": {"constructed-cloudtrail-delete-expired-key-material.json", false, ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.ParseCloudTrail(fixture(t, tc.fixture))
			if err != nil {
				t.Fatal(err)
			}
			a, ok := ev.Detail.PendingDeletion()
			if ok != tc.wantOK || a.String() != tc.want {
				t.Errorf("PendingDeletion() = %q, %v; want %q, %v", a, ok, tc.want, tc.wantOK)
			}
		})
	}
}

// TestCloudTrailKeyFields checks where KeyID and KeyMaterialID come from.
func TestCloudTrailKeyFields(t *testing.T) {
	const envelope = `{"source":"aws.kms","detail-type":"AWS API Call via CloudTrail","region":"us-west-2","account":"111122223333","detail":`
	type keys struct{ KeyID, KeyMaterialID, KeyARN string }
	tests := map[string]struct {
		detail string
		want   keys
	}{
		"request key id only": {
			`{"eventSource":"kms.amazonaws.com","eventName":"DisableKey","requestParameters":{"keyId":"` + docKeyID + `"}}`,
			keys{docKeyID, "", docKeyARN},
		},
		"request alias is not a key": {
			`{"eventSource":"kms.amazonaws.com","eventName":"Encrypt","requestParameters":{"keyId":"alias/example"}}`,
			keys{"", "", ""},
		},
		"response key ARN wins over request alias": {
			`{"eventSource":"kms.amazonaws.com","eventName":"Encrypt","requestParameters":{"keyId":"alias/example"},"responseElements":{"keyId":"` + docKeyARN + `"}}`,
			keys{docKeyID, "", docKeyARN},
		},
		"key material from request and response": {
			`{"eventSource":"kms.amazonaws.com","eventName":"DeleteImportedKeyMaterial","requestParameters":{"keyId":"` + docKeyID + `","keyMaterialId":"aa"},"responseElements":{"keyId":"` + docKeyARN + `","keyMaterialId":"bb"}}`,
			keys{docKeyID, "bb", docKeyARN},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.ParseCloudTrail([]byte(envelope + tc.detail + "}"))
			if err != nil {
				t.Fatal(err)
			}
			got := keys{ev.Detail.KeyID, ev.Detail.KeyMaterialID, ev.KeyARN().String()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
