package events

import (
	"strings"

	"github.com/kmswatch/kmswatch/internal/kmsvocab"
)

// Partition is an AWS partition, the second field of an ARN. Values not
// listed below are kept as they are.
type Partition string

// Known partitions.
const (
	PartitionAWS      Partition = "aws"
	PartitionChina    Partition = "aws-cn"
	PartitionGovCloud Partition = "aws-us-gov"
	PartitionISO      Partition = "aws-iso"
	PartitionISOB     Partition = "aws-iso-b"
	PartitionISOE     Partition = "aws-iso-e"
	PartitionISOF     Partition = "aws-iso-f"
	PartitionEUSC     Partition = "aws-eusc"
)

// PartitionOf returns the partition that holds region, from the Region
// naming scheme (cn-*, us-gov-*, us-iso-*, us-isob-*, eu-isoe-*, us-isof-*,
// eusc-*); any other region is in [PartitionAWS]. The scheme is AWS practice,
// not a documented contract, so prefer the partition of an ARN when one is
// at hand. It is safe for concurrent use.
func PartitionOf(region string) Partition {
	for _, r := range regionPrefixes {
		if strings.HasPrefix(region, r.prefix) {
			return r.partition
		}
	}
	return PartitionAWS
}

// regionPrefixes are the Region name prefixes of the partitions other than
// [PartitionAWS].
var regionPrefixes = []struct {
	prefix    string
	partition Partition
}{
	{"cn-", PartitionChina},
	{"us-gov-", PartitionGovCloud},
	{"us-iso-", PartitionISO},
	{"us-isob-", PartitionISOB},
	{"eu-isoe-", PartitionISOE},
	{"us-isof-", PartitionISOF},
	{"eusc-", PartitionEUSC},
}

// ResourceType says what a KMS ARN names.
type ResourceType string

// KMS ARN resource types.
const (
	ResourceKey   ResourceType = kmsvocab.ResourceKey
	ResourceAlias ResourceType = kmsvocab.ResourceAlias
)

// ARN is a parsed KMS key or alias ARN:
//
//	arn:<partition>:kms:<region>:<account>:key/<key-id>
//	arn:<partition>:kms:<region>:<account>:alias/<alias-name>
//
// The zero ARN means "unknown"; see [ARN.IsZero]. ARN is a comparable value
// and safe for concurrent use.
type ARN struct {
	Partition Partition
	Region    string
	Account   string
	Type      ResourceType
	// ID is the key ID (a UUID, or "mrk-" and 32 hex digits for a multi-Region
	// key) or the alias name without its "alias/" prefix.
	ID string
}

// ParseARN parses a KMS key or alias ARN. It checks the structure, the
// service, a 12-digit account and the resource type; it accepts any
// partition of the form aws or aws-<name> and any key ID made of letters,
// digits and hyphens, because AWS adds partitions and the documentation uses
// made-up key IDs. It is safe for concurrent use.
func ParseARN(s string) (ARN, error) {
	a, reason := kmsvocab.ParseKMSARN(s)
	if reason != "" {
		return ARN{}, &ARNError{Input: s, Reason: reason}
	}
	return ARN{Partition: Partition(a.Partition), Region: a.Region, Account: a.Account, Type: ResourceType(a.Type), ID: a.ID}, nil
}

// String returns the ARN text, or "" for the zero ARN.
func (a ARN) String() string {
	if a.IsZero() {
		return ""
	}
	return "arn:" + string(a.Partition) + ":kms:" + a.Region + ":" + a.Account + ":" + string(a.Type) + "/" + a.ID
}

// IsZero reports whether a is the zero ARN, meaning no ARN is known.
func (a ARN) IsZero() bool { return a == ARN{} }

// IsKey reports whether a names a key (not an alias).
func (a ARN) IsKey() bool { return a.Type == ResourceKey }

// IsAlias reports whether a names an alias.
func (a ARN) IsAlias() bool { return a.Type == ResourceAlias }

// IsMultiRegion reports whether a names a multi-Region key, whose ID starts
// with "mrk-" (docs/reference.md#14-detail-fields).
func (a ARN) IsMultiRegion() bool { return a.IsKey() && strings.HasPrefix(a.ID, "mrk-") }

// KeyID returns the key ID, or "" when a names an alias.
func (a ARN) KeyID() string {
	if a.IsKey() {
		return a.ID
	}
	return ""
}

// KeyARN returns the ARN of key id in region and account, with the partition
// taken from the region by [PartitionOf]. It returns the zero ARN when any
// argument is empty. It is safe for concurrent use.
func KeyARN(region, account, id string) ARN {
	if region == "" || account == "" || id == "" {
		return ARN{}
	}
	return ARN{Partition: PartitionOf(region), Region: region, Account: account, Type: ResourceKey, ID: id}
}

// MarshalText implements [encoding.TextMarshaler].
func (a ARN) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseARN]; empty
// text gives the zero ARN.
func (a *ARN) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = ARN{}
		return nil
	}
	v, err := ParseARN(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}
