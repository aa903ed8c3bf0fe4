package eventbridgetest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/faketest"
)

// TestRoutingFollowsRuleChanges routes events through a bus whose rules are
// added, replaced and deleted with the real client: each event reaches the
// rules whose current pattern matches, in rule-name order.
func TestRoutingFollowsRuleChanges(t *testing.T) {
	ctx := context.Background()
	s, c := newServer(t)
	rotation := eventstest.Fixture(t, "rotation-2025.json")
	deletion := eventstest.Fixture(t, "deletion-2022.json")
	put := func(name, pattern string) {
		t.Helper()
		mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String(name), EventPattern: aws.String(pattern)})
		mustPutTargets(t, c, name, types.Target{Id: aws.String("t"), Arn: aws.String("arn:aws:sns:us-west-2:111122223333:" + name)})
	}
	// Many rules, so the bus's Set has exact values to index; one in ten
	// names the rotation's detail-type.
	for i := range 50 {
		dt := "KMS CMK Deletion"
		if i%10 == 0 {
			dt = "KMS CMK Rotation"
		}
		put(fmt.Sprintf("r%02d", 49-i), `{"source":["aws.kms"],"detail-type":["`+dt+`"]}`)
	}
	put("all", faketest.KMSPattern)
	names := []string{"all"}
	for i := range 50 {
		names = append(names, fmt.Sprintf("r%02d", i))
	}
	routed := func(event []byte) []string {
		t.Helper()
		before := map[string]int{}
		for _, name := range names {
			before[name] = len(s.Delivered("arn:aws:sns:us-west-2:111122223333:" + name))
		}
		if _, err := s.Emit(event); err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, name := range names {
			if len(s.Delivered("arn:aws:sns:us-west-2:111122223333:"+name)) > before[name] {
				got = append(got, name)
			}
		}
		return got
	}
	if diff := cmp.Diff([]string{"all", "r09", "r19", "r29", "r39", "r49"}, routed(rotation)); diff != "" {
		t.Errorf("rotation, initial rules: mismatch (-want +got):\n%s", diff)
	}
	// PutRule replaces a pattern: r09 now takes deletions only, r00 rotations.
	put("r09", `{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`)
	put("r00", `{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"]}`)
	// DeleteRule (after RemoveTargets) drops r19's pattern from the bus.
	if _, err := c.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String("r19"), Ids: []string{"t"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String("r19")}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"all", "r00", "r29", "r39", "r49"}, routed(rotation)); diff != "" {
		t.Errorf("rotation, changed rules: mismatch (-want +got):\n%s", diff)
	}
	// Deletions reach every r rule but r00 (now rotations only) and the
	// rotation rules r29, r39, r49 (r19 is gone).
	wantDeletion := []string{"all"}
	for i := range 50 {
		if i != 0 && (i%10 != 9 || i == 9) {
			wantDeletion = append(wantDeletion, fmt.Sprintf("r%02d", i))
		}
	}
	if diff := cmp.Diff(wantDeletion, routed(deletion)); diff != "" {
		t.Errorf("deletion, changed rules: mismatch (-want +got):\n%s", diff)
	}
}
