package events_test

import (
	"fmt"

	"github.com/kmswatch/kmswatch/events"
)

func ExampleParseARN() {
	for _, s := range []string{
		"arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"arn:aws:kms:us-west-2:111122223333:alias/aws/s3",
		"arn:aws:s3:::bucket",
	} {
		a, err := events.ParseARN(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(a.Partition, a.Type, a.ID, a.IsMultiRegion())
	}
	// Output:
	// aws-cn key mrk-1234abcd12ab34cd56ef1234567890ab true
	// aws alias aws/s3 false
	// events: invalid KMS ARN "arn:aws:s3:::bucket": service is "s3", want kms
}

func ExampleKeyARN() {
	fmt.Println(events.KeyARN("us-gov-west-1", "111122223333", "1234abcd-12ab-34cd-56ef-1234567890ab"))
	// Output:
	// arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExamplePartitionOf() {
	fmt.Println(events.PartitionOf("cn-northwest-1"), events.PartitionOf("eu-central-1"))
	// Output:
	// aws-cn aws
}

func ExampleParsePendingDeletion() {
	a, ok := events.ParsePendingDeletion("KMSInvalidStateException: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion.")
	fmt.Println(ok, a.KeyID())
	_, ok = events.ParsePendingDeletion("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is not pending deletion.")
	fmt.Println(ok)
	// Output:
	// true 1234abcd-12ab-34cd-56ef-1234567890ab
	// false
}
