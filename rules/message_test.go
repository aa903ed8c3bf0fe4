package rules_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// TestMessages renders the input transformers over the fixtures with the
// in-process EventBridge's transformer.
func TestMessages(t *testing.T) {
	tests := map[string]struct {
		fixture string
		message func() *types.InputTransformer
		want    string
	}{
		"rotation": {"rotation-2025.json", rules.KeyEventMessage,
			`"KMS CMK Rotation: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2025-05-23T03:11:54Z."`},
		"expiration": {"expiration-2022.json", rules.KeyEventMessage,
			`"KMS Imported Key Material Expiration: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2022-08-10T16:37:50Z."`},
		"deletion": {"deletion-2022.json", rules.KeyEventMessage,
			`"KMS CMK Deletion: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2022-08-10T16:37:50Z."`},
		"pending deletion": {"constructed-cloudtrail-decrypt-pending-deletion.json", rules.APICallMessage,
			`"KMS Decrypt on alias/example by  in account 111122223333 (us-west-2) at 2025-06-01T12:00:00Z: KMSInvalidStateException arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion."`},
		"schedule deletion": {"constructed-cloudtrail-schedule-key-deletion.json", rules.APICallMessage,
			`"KMS ScheduleKeyDeletion on 1234abcd-12ab-34cd-56ef-1234567890ab by arn:aws:iam::111122223333:user/Alice in account 111122223333 (us-east-1) at 2021-03-23T18:58:30Z:  "`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := string(eventbridgetest.Transform(tc.message(), eventstest.Fixture(t, tc.fixture), "", "", ""))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
