package cloudwatchtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// The fleet expiry alarm covers every key: when one key's material has 10
// days left, its contributor fires and CloudWatch publishes a message that
// names the key to the topic, then the alarm's own message, which names
// none. Package events decodes both.
func ExampleServer_Actions() {
	clk := clock.NewVirtual(exampleNow)
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithVirtualClock(clk))
	defer srv.Close()
	srv.SimulateKeyMaterial("1234abcd-12ab-34cd-56ef-1234567890ab", exampleNow.Add(5*24*time.Hour))
	srv.SimulateKeyMaterial("0987dcba-09fe-87dc-65ba-ab0987654321", exampleNow.Add(60*24*time.Hour))
	in, err := alarms.FleetKeyMaterialExpiry(10*24*time.Hour, alarms.Options{
		AlarmActions: []string{"arn:aws:sns:us-west-2:111122223333:kms-alerts"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := srv.Client().PutMetricAlarm(context.Background(), in); err != nil {
		fmt.Println(err)
		return
	}
	clk.Advance(time.Minute)

	for _, a := range srv.Actions() {
		n, err := events.ParseAlarm(a.Body)
		if err != nil {
			fmt.Println(err)
			return
		}
		s := n.Summary()
		fmt.Println(s.State, s.Time.Format(time.DateTime), n.KeyIDs())
	}
	// Output:
	// ALARM 2026-11-24 12:01:00 [1234abcd-12ab-34cd-56ef-1234567890ab]
	// ALARM 2026-11-24 12:01:00 []
}
