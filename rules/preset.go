package rules

import (
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// lifecycleOperations are the KMS API calls that change a key's life cycle,
// configuration or access (docs/reference.md#23-eventnames-worth-monitoring); all are
// recorded with readOnly false.
var lifecycleOperations = []string{
	"CancelKeyDeletion", "CreateKey", "DeleteImportedKeyMaterial", "DisableKey",
	"DisableKeyRotation", "EnableKey", "EnableKeyRotation", "ImportKeyMaterial",
	"PutKeyPolicy", "ReplicateKey", "RotateKeyOnDemand", "ScheduleKeyDeletion",
	"UpdatePrimaryRegion",
}

// lifecycleServiceEvents are the records KMS writes itself
// (docs/reference.md#21-envelope-and-detail-types,
// docs/reference.md#23-eventnames-worth-monitoring).
var lifecycleServiceEvents = []string{"DeleteExpiredKeyMaterial", "DeleteKey", "RotateKey"}

// pendingDeletionMatches matches every wording of the pending-deletion
// error that events.ParsePendingDeletion accepts, the one list both use:
// the confirmed "<key ARN> is pending deletion." and the unverified replica
// variants the KMS key-state table implies. The leading space keeps "… is
// not pending deletion." out, as the parser does.
func pendingDeletionMatches() []StringMatch {
	out := make([]StringMatch, len(kmsvocab.PendingDeletionWordings))
	for i, w := range kmsvocab.PendingDeletionWordings {
		out[i] = Suffix(" " + w.Suffix)
	}
	return out
}

// KeyLifecycle returns a pattern for every key life-cycle event in account:
// the three events KMS sends itself, the CloudTrail records of key changes
// (CreateKey, ScheduleKeyDeletion, DisableKey, ImportKeyMaterial, ...) and
// the service events RotateKey, DeleteKey and DeleteExpiredKeyMaterial. It
// matches no read-only call, so the rule can stay ENABLED. One change can
// produce both a KMS event and a CloudTrail record.
func KeyLifecycle(account string) (EventPattern, error) {
	accounts := []string{account}
	native, err := KeyEvents{Accounts: accounts}.Pattern()
	if err != nil {
		return EventPattern{}, onAccount("rules.KeyLifecycle", err)
	}
	calls, err := APICalls{Accounts: accounts, EventNames: lifecycleOperations}.Pattern()
	if err != nil {
		return EventPattern{}, onAccount("rules.KeyLifecycle", err)
	}
	service, err := APICalls{DetailTypes: []events.DetailType{events.DetailTypeServiceEvent}, Accounts: accounts, EventNames: lifecycleServiceEvents}.Pattern()
	if err != nil {
		return EventPattern{}, onAccount("rules.KeyLifecycle", err)
	}
	return AnyOf(native, calls, service), nil
}

// onAccount reports the problems of a filter built from a preset's account
// argument as problems of the preset named subject, on "account".
func onAccount(subject string, err error) error {
	c := validate.New(subject)
	c.MergeAs("Accounts[0]", "account", err)
	return c.Err()
}

// KeyRotation returns a pattern for "KMS CMK Rotation" events of one key,
// automatic or on demand. key must be a key ARN, not an alias: events carry
// the key ARN only.
func KeyRotation(key events.ARN) (EventPattern, error) {
	return keyEvent("rules.KeyRotation", "key", events.DetailTypeRotation, "", []events.ARN{key})
}

// MaterialExpiry returns a pattern for "KMS Imported Key Material
// Expiration" events in account, for the given keys or, with none, for all.
// KMS deletes the material when it emits the event; alarm on the
// SecondsUntilKeyMaterialExpiration metric to act before that.
func MaterialExpiry(account string, keys ...events.ARN) (EventPattern, error) {
	return keyEvent("rules.MaterialExpiry", "keys", events.DetailTypeExpiration, account, keys)
}

// KeyDeletion returns a pattern for "KMS CMK Deletion" events in account, for the given
// keys or, with none, for all. KMS may send the event several times within seconds
// (docs/reference.md#11-inventory): de-duplicate by key, not by event id.
func KeyDeletion(account string, keys ...events.ARN) (EventPattern, error) {
	return keyEvent("rules.KeyDeletion", "keys", events.DetailTypeDeletion, account, keys)
}

// PendingDeletionUse returns a pattern for KMS calls in account that failed
// because the key is pending deletion: the EventBridge form of the KMS
// guide's alarm on "is pending deletion." errors, naming the key in the
// error message. It matches the messages events.ParsePendingDeletion
// accepts: "<key ARN> is pending deletion." (confirmed) and, unverified on
// the wire, "… is pending deletion (or pending replica deletion)." and "…
// is pending replica deletion.", the variants the KMS key-state table
// implies. The failing calls are read-only cryptographic operations,
// so a [Rule] on this pattern is created in state
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
func PendingDeletionUse(account string) (EventPattern, error) {
	p, err := APICalls{
		Accounts:      []string{account},
		ErrorMessages: pendingDeletionMatches(),
	}.Pattern()
	if err != nil {
		return EventPattern{}, onAccount("rules.PendingDeletionUse", err)
	}
	return p, nil
}

// keyEvent builds the pattern of a preset named subject whose keys
// parameter is named param: "key" for a single key, or a list such as
// "keys".
func keyEvent(subject, param string, dt events.DetailType, account string, keys []events.ARN) (EventPattern, error) {
	c := validate.New(subject)
	path := func(i int) string {
		if param == "key" {
			return param
		}
		return indexPath(param, i)
	}
	f := KeyEvents{DetailTypes: []events.DetailType{dt}}
	if account != "" || len(keys) == 0 {
		f.Accounts = []string{account}
	}
	for i, k := range keys {
		if !k.IsKey() {
			c.Add(path(i), kmswatch.RulePattern, "must be a key ARN (arn:<partition>:kms:<region>:<account>:key/<id>), got %q", k.String())
			continue
		}
		if account != "" && k.Account != account {
			c.Add(path(i), kmswatch.RuleCombination, "is in account %s, not %s", k.Account, account)
		}
		f.Keys = append(f.Keys, Exactly(k.String()))
	}
	p, err := f.Pattern()
	c.MergeAs("Accounts[0]", "account", err)
	if err := c.Err(); err != nil {
		return EventPattern{}, err
	}
	return p, nil
}
