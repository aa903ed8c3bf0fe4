package eventbridgetest

import "github.com/aws/aws-sdk-go-v2/service/eventbridge"

// TEMPORARY until rules.ValidatePutRuleInput / ValidatePutTargetsInput land.
func validatePutRule(*eventbridge.PutRuleInput) error       { return nil }
func validatePutTargets(*eventbridge.PutTargetsInput) error { return nil }
