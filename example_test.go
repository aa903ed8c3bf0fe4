package kmswatch_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/alarms"
)

// Every independent problem comes back at once, each on the argument the
// caller passed: here the key, and the name and description templates of
// opts.
func ExampleValidationError() {
	_, err := alarms.KeyMaterialExpiry("", 10*24*time.Hour, alarms.Options{
		Name:        strings.Repeat("n", 256),
		Description: strings.Repeat("d", 1025),
	})
	var ve *kmswatch.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(ve.Subject)
		for _, p := range ve.Problems {
			fmt.Printf("%s (%s): %s\n", p.Field, p.Rule, p.Message)
		}
	}
	fmt.Println(errors.Is(err, kmswatch.ErrInvalid))
	// Output:
	// alarms.KeyMaterialExpiry
	// keyRef (length): length must be between 1 and 1024 characters, got 0
	// opts.Name (length): AlarmName length must be between 1 and 255 characters, got 256
	// opts.Description (length): AlarmDescription length must be between 0 and 1024 characters, got 1025
	// true
}

func ExampleValidationError_Field() {
	_, err := alarms.KeyMaterialExpiry("alias/payments", 10*24*time.Hour, alarms.Options{Period: 90 * time.Second})
	var ve *kmswatch.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Field("opts.Period") {
			fmt.Println(p.Rule, p.Message)
		}
	}
	fmt.Println(err)
	// Output:
	// range must be 10, 20, 30 or a positive multiple of 60 seconds, got 90
	// invalid alarms.KeyMaterialExpiry: keyRef: must be a key id or key ARN, got alias "alias/payments"; resolve it with KMS DescribeKey first; opts.Period: must be 10, 20, 30 or a positive multiple of 60 seconds, got 90
}
