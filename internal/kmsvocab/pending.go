package kmsvocab

import "strings"

// PendingDeletion is the confirmed ending of the error KMS returns for a
// cryptographic call on a key pending deletion, after the key ARN and a
// space: "arn:aws:kms:…:key/<id> is pending deletion.". It is the text the
// KMS developer guide's CloudTrail alarm filters on ("Creating an alarm
// that detects use of a KMS key pending deletion"), and the text
// KMSInvalidStateException carries on the wire (reported in
// hashicorp/terraform-provider-aws issue 17889).
const PendingDeletion = "is pending deletion."

// Wording is one ending of the pending-deletion error message.
type Wording struct {
	// Suffix is what the message ends with, after the key ARN and a space.
	Suffix string
	// Confirmed reports whether the wording has been seen from KMS.
	// Unconfirmed ones are accepted so that a message in that form
	// cannot slip past a rule or a parser, and documented as unverified.
	Confirmed bool
}

// PendingDeletionWordings is every ending accepted as "key pending
// deletion", the same set for the events parser and the rules pattern.
// Only [PendingDeletion] is confirmed. The key-state table of the KMS
// developer guide ("Key states of AWS KMS keys", footnotes 2 and 3) prints
// "<key ARN> is pending deletion (or pending replica deletion).", shorthand
// for a variant: a multi-Region primary key in PendingReplicaDeletion may
// answer "is pending replica deletion.", and the footnote text itself may
// be sent literally. Neither has been seen on the wire.
var PendingDeletionWordings = [...]Wording{
	{Suffix: PendingDeletion, Confirmed: true},
	{Suffix: "is pending deletion (or pending replica deletion)."},
	{Suffix: "is pending replica deletion."},
}

// CutPendingDeletion reports whether msg is a pending-deletion error and
// returns the text before the wording, which should be the key ARN. msg
// may be preceded by the exception name and ": " (as in logs, "KMSInvalidStateException:
// arn:…") and by white space, but must end with the wording, as an
// EventBridge suffix pattern requires: the rules package matches the same
// messages. The wording must follow a space, so "… is not pending
// deletion." is not one.
func CutPendingDeletion(msg string) (string, bool) {
	msg = strings.TrimLeft(msg, " \t\r\n")
	if i := strings.Index(msg, ": arn:"); i >= 0 {
		msg = msg[i+2:]
	}
	for _, w := range PendingDeletionWordings {
		if text, ok := strings.CutSuffix(msg, " "+w.Suffix); ok {
			return text, true
		}
	}
	return "", false
}
