package rules_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// TestRulesAgainstInProcessEventBridge creates each preset's rule and an SNS
// target with the real *eventbridge.Client against the in-process
// EventBridge, emits every fixture as KMS would, and checks what the topic
// received: the fixtures the preset must match, as readable messages, and
// nothing else. The pending-deletion rule only works because PutRuleInput
// chose ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, as the forced-ENABLED
// case shows.
func TestRulesAgainstInProcessEventBridge(t *testing.T) {
	key := testKey(t)
	tests := map[string]struct {
		build func() (rules.EventPattern, error)
		// state, when set, overrides the state PutRuleInput chose.
		state types.RuleState
		want  []string
	}{
		"kms-rotation": {
			build: func() (rules.EventPattern, error) { return rules.KeyRotation(key) },
			want: []string{
				`"KMS CMK Rotation: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2025-05-23T03:11:54Z."`,
				`"KMS CMK Rotation: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2016-08-25T21:05:33Z."`,
			},
		},
		"kms-deletion": {
			build: func() (rules.EventPattern, error) { return rules.KeyDeletion(testAccount) },
			want: []string{
				`"KMS CMK Deletion: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2022-08-10T16:37:50Z."`,
			},
		},
		"kms-pending-deletion-use": {
			build: func() (rules.EventPattern, error) { return rules.PendingDeletionUse(testAccount) },
			want: []string{
				`"KMS Decrypt on alias/example by  in account 111122223333 (us-west-2) at 2025-06-01T12:00:00Z: KMSInvalidStateException arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion."`,
			},
		},
		"kms-pending-deletion-use-forced-enabled": {
			build: func() (rules.EventPattern, error) { return rules.PendingDeletionUse(testAccount) },
			state: types.RuleStateEnabled,
			want:  nil, // read-only Decrypt records never reach an ENABLED rule
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := eventbridgetest.NewServer()
			defer srv.Close()
			client := srv.Client()
			ctx := context.Background()

			p := must[rules.EventPattern](t)(tc.build())
			rule := rules.Rule{Name: name, Pattern: p}
			putRule := must[*eventbridge.PutRuleInput](t)(rule.PutRuleInput())
			if tc.state != "" {
				putRule.State = tc.state
			}
			if _, err := client.PutRule(ctx, putRule); err != nil {
				t.Fatalf("PutRule: %v", err)
			}
			topicARN := "arn:aws:sns:us-west-2:111122223333:" + name
			topic := must[rules.Target](t)(rules.SNSTopic("notify", topicARN))
			topic.InputTransformer = rules.KeyEventMessage()
			if p.MatchesReadOnlyManagementEvents() {
				topic.InputTransformer = rules.APICallMessage()
			}
			putTargets, err := rule.PutTargetsInput(topic)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := client.PutTargets(ctx, putTargets); err != nil {
				t.Fatalf("PutTargets: %v", err)
			}
			for _, fx := range fixtureNames {
				if _, err := srv.Emit(eventstest.Fixture(t, fx)); err != nil {
					t.Fatalf("Emit %s: %v", fx, err)
				}
			}
			var got []string
			for _, d := range srv.Delivered(topicARN) {
				got = append(got, string(d.Body))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("delivered messages mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
