package alarms_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/kmswatch/kmswatch/alarms"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func ExampleMassDeleteError() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	existing, _ := alarms.KeyMaterialExpiries([]string{
		"0b8a4c2e-1d3f-4a5b-9c6d-7e8f9a0b1c2d",
		"1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b",
	}, alarms.DefaultExpiryWithin, alarms.Options{})
	for _, in := range existing {
		if _, err := client.PutMetricAlarm(ctx, in); err != nil {
			fmt.Println(err)
			return
		}
	}

	// A key discovery that came back empty must not wipe the fleet.
	s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix}
	_, _, err := s.Sync(ctx, nil)
	var refused *alarms.MassDeleteError
	if errors.As(err, &refused) {
		fmt.Println(refused.Delete, "of", refused.Managed, "would have been deleted")
		fmt.Println(len(srv.Alarms()), "alarms left")
	}

	// Tearing the fleet down is a decision the caller states.
	s = &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix, AllowMassDelete: true}
	_, result, err := s.Sync(ctx, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(result.Done), "deleted,", len(srv.Alarms()), "alarms left")
	// Output:
	// 2 of 2 would have been deleted
	// 2 alarms left
	// 2 deleted, 0 alarms left
}
