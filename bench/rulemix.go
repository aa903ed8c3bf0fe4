package benchcmp

import (
	"fmt"
	"strconv"

	"github.com/kmswatch/kmswatch/events"
)

// RouteFixtures are the events the rule-set engines are compared on: the
// three KMS-native events and two CloudTrail records delivered by
// EventBridge.
var RouteFixtures = []string{
	"rotation-2025.json",
	"constructed-deletion-key-origin.json",
	"constructed-expiration-key-material-id.json",
	"constructed-cloudtrail-schedule-key-deletion.json",
	"constructed-cloudtrail-decrypt-pending-deletion.json",
}

// PatternCounts are the rule-set sizes compared.
var PatternCounts = []int{1, 10, 100, 1000}

// A Rule is a named event pattern.
type Rule struct {
	Name    string
	Pattern string
}

// KeyIDs returns the key IDs of the variants of every route fixture, which
// per-key rules in RuleMix select from so that some of them match.
func KeyIDs(root string) ([]string, error) {
	var ids []string
	for _, name := range RouteFixtures {
		vs, err := LoadVariants(root, name)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			ev, err := events.Parse(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			ids = append(ids, ev.KeyID())
		}
	}
	return ids, nil
}

// account is the account of every fixture.
const account = "111122223333"

var (
	nativeTypes = `["KMS CMK Rotation","KMS CMK Deletion","KMS Imported Key Material Expiration"]`
	detailTypes = []string{"KMS CMK Rotation", "KMS CMK Deletion", "KMS Imported Key Material Expiration", "AWS API Call via CloudTrail"}
	apiNames    = []string{"ScheduleKeyDeletion", "Decrypt", "Encrypt", "GenerateDataKey", "DisableKey", "CancelKeyDeletion", "DeleteImportedKeyMaterial", "RotateKeyOnDemand", "CreateKey", "PutKeyPolicy"}
	regions     = []string{"us-west-2", "us-east-1", "eu-west-1", "ap-southeast-2"}
)

// RuleMix returns n rules of the kinds a team routing KMS events writes,
// built the same way for every engine:
//
//   - rule 0 takes every KMS event of the fixtures' account;
//   - per-key rules on KMS-native events (detail.key-id) and on CloudTrail
//     records (detail.resources.ARN), with key IDs drawn from keys, so a
//     few of them match a given event;
//   - per-account rules on account and detail-type, one in ten for the
//     fixtures' account;
//   - per-API rules on detail.eventSource, detail.eventName (some of them
//     equals-ignore-case) and detail.userIdentity.accountId;
//   - per-account, per-region prefix rules on resources.
func RuleMix(n int, keys []string) []Rule {
	rules := make([]Rule, 0, n)
	for i := range n {
		acct := account
		if i%10 != 2 {
			acct = fmt.Sprintf("%012d", 200000000000+i*7919)
		}
		key := keys[(i*7919)%len(keys)]
		var p string
		switch {
		case i == 0:
			p = `{"source":["aws.kms"],"account":["` + account + `"]}`
		case i%5 == 1:
			p = `{"source":["aws.kms"],"detail-type":` + nativeTypes + `,"detail":{"key-id":["` + key + `"]}}`
		case i%5 == 2:
			p = `{"account":["` + acct + `"],"detail-type":["` + detailTypes[i/5%len(detailTypes)] + `"]}`
		case i%5 == 3:
			name := `"` + apiNames[i/5%len(apiNames)] + `"`
			if i%3 == 0 {
				name = `{"equals-ignore-case":` + name + `}`
			}
			p = `{"source":["aws.kms"],"detail":{"eventSource":["kms.amazonaws.com"],"eventName":[` + name + `],"userIdentity":{"accountId":["` + acct + `"]}}}`
		case i%5 == 4 && i%2 == 0:
			p = `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"resources":{"ARN":["arn:aws:kms:us-west-2:` + account + `:key/` + key + `"]}}}`
		default:
			p = `{"resources":[{"prefix":"arn:aws:kms:` + regions[i/5%len(regions)] + `:` + acct + `:key/"}]}`
		}
		rules = append(rules, Rule{Name: "rule-" + strconv.Itoa(i), Pattern: p})
	}
	return rules
}
