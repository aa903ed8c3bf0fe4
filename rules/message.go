package rules

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
)

// KeyEventMessage returns an input transformer that turns an event KMS sends
// itself into one line of text naming the event and the key, such as
//
//	KMS CMK Deletion: key 1234abcd-12ab-34cd-56ef-1234567890ab in account 111122223333 (us-west-2) at 2022-08-10T16:37:50Z.
//
// which reads well in an SNS e-mail or chat notification. Each call returns a
// new value, so callers may modify it.
func KeyEventMessage() *types.InputTransformer {
	return envelopeMessage(map[string]string{
		"detailType": "$.detail-type",
		"keyId":      "$.detail.key-id",
	}, `"<detailType>: key <keyId> in account <account> (<region>) at <time>."`)
}

// APICallMessage returns an input transformer that turns a KMS CloudTrail
// record into one line of text naming the operation, the key as the caller
// gave it, the caller and any error, such as
//
//	KMS Decrypt on alias/example by arn:aws:sts::111122223333:assumed-role/app/x in account 111122223333 (us-west-2) at 2025-06-01T12:00:00Z: KMSInvalidStateException arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab is pending deletion.
//
// Fields missing from a record render empty. Each call returns a new value.
func APICallMessage() *types.InputTransformer {
	return envelopeMessage(map[string]string{
		"eventName":    "$.detail.eventName",
		"keyId":        "$.detail.requestParameters.keyId",
		"principal":    "$.detail.userIdentity.arn",
		"errorCode":    "$.detail.errorCode",
		"errorMessage": "$.detail.errorMessage",
	}, `"KMS <eventName> on <keyId> by <principal> in account <account> (<region>) at <time>: <errorCode> <errorMessage>"`)
}

// envelopeMessage returns an input transformer rendering template with the
// given paths and the envelope's account, region and time, which every
// message names.
func envelopeMessage(paths map[string]string, template string) *types.InputTransformer {
	paths["account"] = "$.account"
	paths["region"] = "$.region"
	paths["time"] = "$.time"
	return &types.InputTransformer{
		InputPathsMap: paths,
		// The template is a JSON string, so targets receive plain text.
		InputTemplate: aws.String(template),
	}
}
