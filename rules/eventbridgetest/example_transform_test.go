package eventbridgetest_test

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// Placeholders outside quotes take JSON values (strings gain quotes);
// inside a string they are inserted as they are.
func ExampleTransform() {
	event := []byte(`{"version":"0","id":"1","detail-type":"KMS CMK Deletion","source":"aws.kms",
		"account":"111122223333","time":"2022-08-10T16:37:50Z","region":"us-west-2",
		"resources":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
		"detail":{"key-id":"1234abcd-12ab-34cd-56ef-1234567890ab"}}`)
	it := &types.InputTransformer{
		InputPathsMap: map[string]string{"key": "$.detail.key-id", "arn": "$.resources[0]"},
		InputTemplate: aws.String(`{"key": <key>, "text": "Key <arn> was deleted", "rule": <aws.events.rule-name>}`),
	}
	fmt.Printf("%s\n", eventbridgetest.Transform(it, event, "arn:aws:events:us-west-2:111122223333:rule/kms", "kms", "2022-08-10T16:37:51Z"))
	// Output:
	// {"key":"1234abcd-12ab-34cd-56ef-1234567890ab","text":"Key arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab was deleted","rule":"kms"}
}
