package delivery_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// TestFakesAgree runs every path of the check's table through the
// in-process CloudWatch or EventBridge, told the same inputs, and checks
// that the fake drops exactly the paths the check says drop.
func TestFakesAgree(t *testing.T) {
	ctx := context.Background()
	for _, tc := range checkCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Split(tc.path.Source, ":")
			account, region := src[4], src[3]
			var dropped bool
			if tc.path.Principal == delivery.CloudWatch {
				clk := clock.NewVirtual(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
				srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk), cloudwatchtest.WithAccount(account), cloudwatchtest.WithRegion(region))
				defer srv.Close()
				if err := srv.SetDeliveryInputs(tc.in); err != nil {
					t.Fatal(err)
				}
				// A key that publishes nothing: missing data is breaching, so
				// the alarm fires at its first evaluation.
				in, err := alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin, alarms.Options{
					Name: strings.TrimPrefix(src[5], "alarm:"), AlarmActions: []string{tc.path.Destination}})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := srv.Client().PutMetricAlarm(ctx, in); err != nil {
					t.Fatal(err)
				}
				clk.Advance(alarms.DefaultExpiryPeriod)
				dropped = len(srv.Actions()) == 0
			} else {
				srv := eventbridgetest.NewServer(eventbridgetest.WithAccount(account), eventbridgetest.WithRegion(region))
				defer srv.Close()
				c := srv.Client()
				rule := strings.TrimPrefix(src[5], "rule/")
				if _, err := c.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String(rule), EventPattern: aws.String(`{"source":["aws.kms"]}`)}); err != nil {
					t.Fatal(err)
				}
				target := ebtypes.Target{Id: aws.String("t"), Arn: aws.String(tc.path.Destination)}
				if tc.path.RoleARN != "" {
					target.RoleArn = aws.String(tc.path.RoleARN)
				}
				if _, err := c.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(rule), Targets: []ebtypes.Target{target}}); err != nil {
					t.Fatal(err)
				}
				if err := srv.SetDeliveryInputs(tc.in); err != nil {
					t.Fatal(err)
				}
				if _, err := srv.Emit(eventstest.JSON(t, eventstest.Rotation(eventstest.Account(account), eventstest.Region(region)))); err != nil {
					t.Fatal(err)
				}
				dropped = len(srv.Delivered(tc.path.Destination)) == 0
				if dropped != (len(srv.FailedInvocations(tc.path.Destination)) == 1) {
					t.Errorf("dropped %v but %d failed invocations", dropped, len(srv.FailedInvocations(tc.path.Destination)))
				}
			}
			if dropped != (tc.want == delivery.Drops) {
				t.Errorf("the fake dropped: %v; the check says %s", dropped, tc.want)
			}
		})
	}
}
