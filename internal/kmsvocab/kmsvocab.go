// Package kmsvocab is the one place the module says what KMS identifiers and
// messages look like: ARNs and their fields, KMS key and alias ARNs, key
// ids, and the wordings of the error KMS returns for a key pending
// deletion. events, events/cloudtrail, rules, metrics and alarms use it
// instead of keeping their own copies, so that what one package accepts
// the others accept too.
//
// It imports the standard library only (and internal/errtext, which does
// too), because events must.
package kmsvocab

import (
	"strings"

	"github.com/kmswatch/kmswatch/internal/errtext"
)

// ARN is an Amazon Resource Name split into its fields:
//
//	arn:<partition>:<service>:<region>:<account>:<resource>
//
// Resource is everything after the fifth colon, colons included.
type ARN struct {
	Partition, Service, Region, Account, Resource string
}

// SplitARN splits s into its fields and checks what every ARN shares: the
// "arn:" start, six fields and a partition of the form aws or aws-<name>
// (AWS adds partitions). It returns the reason s is not an ARN, or "". The
// service-specific rules (whether a region and an account are required,
// the resource's form) are the caller's; [ValidRegion] and [ValidAccount]
// check the first two.
func SplitARN(s string) (ARN, string) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, `does not start with "arn:"`
	}
	var f [4]string
	for i := range f {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, "has fewer than six colon-separated fields"
		}
		f[i], rest = rest[:j], rest[j+1:]
	}
	a := ARN{Partition: f[0], Service: f[1], Region: f[2], Account: f[3], Resource: rest}
	if !ValidPartition(a.Partition) {
		return ARN{}, "partition " + QuoteOrEmpty(a.Partition) + " is not aws or aws-<name>"
	}
	return a, ""
}

// KMS ARN resource types.
const (
	ResourceKey   = "key"
	ResourceAlias = "alias"
)

// KMSARN is a parsed KMS key or alias ARN:
//
//	arn:<partition>:kms:<region>:<account>:key/<key-id>
//	arn:<partition>:kms:<region>:<account>:alias/<alias-name>
type KMSARN struct {
	Partition, Region, Account string
	// Type is ResourceKey or ResourceAlias.
	Type string
	// ID is the key id, or the alias name without "alias/".
	ID string
}

// ParseKMSARN parses a KMS key or alias ARN, or returns the reason s is
// not one. On top of [SplitARN] it requires the kms service, a region, a
// 12-digit account, and a resource "key/<id>" with an id that passes
// [ValidKeyID] or "alias/<name>" with a name.
func ParseKMSARN(s string) (KMSARN, string) {
	f, reason := SplitARN(s)
	switch {
	case reason != "":
		return KMSARN{}, reason
	case f.Service != "kms":
		return KMSARN{}, "service is " + QuoteOrEmpty(f.Service) + ", want kms"
	case !ValidRegion(f.Region):
		return KMSARN{}, "region " + QuoteOrEmpty(f.Region) + " is not a region code"
	case !ValidAccount(f.Account):
		return KMSARN{}, "account " + QuoteOrEmpty(f.Account) + " is not 12 digits"
	}
	typ, id, ok := strings.Cut(f.Resource, "/")
	if !ok {
		return KMSARN{}, `resource has no "/"`
	}
	switch typ {
	case ResourceKey:
		if !ValidKeyID(id) {
			return KMSARN{}, "key ID " + QuoteOrEmpty(id) + " is not letters, digits and hyphens"
		}
	case ResourceAlias:
		if id == "" {
			return KMSARN{}, "alias name is empty"
		}
	default:
		return KMSARN{}, "resource type " + QuoteOrEmpty(typ) + " is not key or alias"
	}
	return KMSARN{Partition: f.Partition, Region: f.Region, Account: f.Account, Type: typ, ID: id}, ""
}

// KeyIDOfARN returns the key id of a KMS key ARN, and false for anything
// else, alias ARNs included.
func KeyIDOfARN(s string) (string, bool) {
	a, reason := ParseKMSARN(s)
	if reason != "" || a.Type != ResourceKey {
		return "", false
	}
	return a.ID, true
}

// ValidKeyID reports whether id has the form of a KMS key id: letters,
// digits and hyphens, at least one. Key ids are UUIDs for single-Region
// keys and "mrk-" with 32 hex digits for multi-Region keys (KMS developer
// guide, "Key identifiers (KeyId)"); the check is looser than that, since
// AWS documentation uses made-up ids and may add forms.
func ValidKeyID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}

// ValidPartition reports whether p is aws or aws-<name>, with name made of
// lowercase letters and inner hyphens.
func ValidPartition(p string) bool {
	rest, ok := strings.CutPrefix(p, "aws")
	if !ok {
		return false
	}
	if rest == "" {
		return true
	}
	if rest[0] != '-' || len(rest) == 1 || rest[len(rest)-1] == '-' {
		return false
	}
	for i := 1; i < len(rest); i++ {
		if c := rest[i]; !(c >= 'a' && c <= 'z') && c != '-' {
			return false
		}
	}
	return true
}

// ValidRegion reports whether r is a non-empty run of lowercase letters,
// digits and hyphens, the form of every Region code.
func ValidRegion(r string) bool {
	if r == "" {
		return false
	}
	for i := 0; i < len(r); i++ {
		if c := r[i]; !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}

// ValidAccount reports whether a is an AWS account id: 12 digits.
func ValidAccount(a string) bool {
	if len(a) != 12 {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

// QuoteOrEmpty quotes s for an error message, or says "(empty)".
func QuoteOrEmpty(s string) string {
	if s == "" {
		return "(empty)"
	}
	return errtext.Quote(s)
}
