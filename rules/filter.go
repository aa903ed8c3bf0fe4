package rules

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/validate"
)

type stringMatchKind uint8

const (
	matchExact stringMatchKind = iota
	matchPrefix
	matchSuffix
	matchWildcard
)

// StringMatch is one way to match a string field: exactly, by prefix, by
// suffix or by wildcard. Build it with [Exactly], [Prefix], [Suffix] or
// [Wildcard]. It is a comparable value, safe for concurrent use.
type StringMatch struct {
	kind  stringMatchKind
	value string
}

// Exactly matches the string s, case-sensitively.
func Exactly(s string) StringMatch { return StringMatch{matchExact, s} }

// Prefix matches strings that start with s.
func Prefix(s string) StringMatch { return StringMatch{matchPrefix, s} }

// Suffix matches strings that end with s.
func Suffix(s string) StringMatch { return StringMatch{matchSuffix, s} }

// Wildcard matches strings against an EventBridge wildcard, where '*' is any run of
// characters. Each rule with a wildcard counts against the quota of 30 such rules per
// event bus, which is not adjustable (docs/reference.md#71-eventbridge-api-limits).
func Wildcard(s string) StringMatch { return StringMatch{matchWildcard, s} }

// condition returns the JSON form of m in a match list.
func (m StringMatch) condition() any {
	switch m.kind {
	case matchPrefix:
		return map[string]any{opPrefix: m.value}
	case matchSuffix:
		return map[string]any{opSuffix: m.value}
	case matchWildcard:
		return map[string]any{opWildcard: m.value}
	}
	return m.value
}

// check records a problem when m cannot match anything useful: invalid
// UTF-8 (JSON would turn it into U+FFFD, a different value), an empty
// prefix, suffix or wildcard, or a wildcard EventBridge rejects.
func (m StringMatch) check(c *validate.Collector, field string) {
	if !utf8.ValidString(m.value) {
		c.Add(field, kmswatch.RuleEncoding, msgUTF8)
		return
	}
	if m.kind == matchExact {
		return
	}
	if m.value == "" {
		c.Add(field, kmswatch.RuleLength, "must not be empty")
		return
	}
	if m.kind == matchWildcard {
		if _, reason := compileWildcard(m.value); reason != "" {
			c.Add(field, kmswatch.RulePattern, "%s", reason)
		}
	}
}

func stringMatches(c *validate.Collector, field string, ms []StringMatch) []any {
	out := make([]any, len(ms))
	for i, m := range ms {
		m.check(c, field+"["+strconv.Itoa(i)+"]")
		out[i] = m.condition()
	}
	return out
}

// msgUTF8 reports a value that is not valid UTF-8.
const msgUTF8 = "must be valid UTF-8"

// strs converts a list of string-like values into a match list, reporting
// empty values and invalid UTF-8.
func strs[S ~string](c *validate.Collector, field string, values []S) []any {
	out := make([]any, len(values))
	for i, v := range values {
		switch {
		case v == "":
			c.Add(field+"["+strconv.Itoa(i)+"]", kmswatch.RuleLength, "must not be empty")
		case !utf8.ValidString(string(v)):
			c.Add(field+"["+strconv.Itoa(i)+"]", kmswatch.RuleEncoding, msgUTF8)
		}
		out[i] = string(v)
	}
	return out
}

// kmsDetailTypes are the detail-types of the events KMS sends itself
// (docs/reference.md#11-inventory).
var kmsDetailTypes = []events.DetailType{events.DetailTypeRotation, events.DetailTypeExpiration, events.DetailTypeDeletion}

// cloudTrailDetailTypes are the detail-types under which CloudTrail
// delivers KMS records (docs/reference.md#21-envelope-and-detail-types).
var cloudTrailDetailTypes = []events.DetailType{events.DetailTypeAPICall, events.DetailTypeServiceEvent}

// KeyEvents selects the events KMS sends itself ("KMS CMK Rotation",
// "KMS Imported Key Material Expiration", "KMS CMK Deletion"). Empty fields
// do not filter; values within a field are alternatives, fields are all
// required. The zero value selects all three events. It is a plain value,
// safe for concurrent use once built.
type KeyEvents struct {
	// DetailTypes is a subset of the three KMS detail-types; empty means all.
	DetailTypes []events.DetailType
	// Accounts are 12-digit account IDs.
	Accounts []string
	// Regions are Region codes such as "us-west-2".
	Regions []string
	// Keys match the key ARN, which KMS puts in the event's resources.
	// An exact ARN must be the key ARN: aliases never appear, and ':' and '/'
	// are not interchangeable.
	Keys []StringMatch
	// KeyIDs match detail.key-id: key IDs, or "mrk-" IDs shared by every
	// replica of a multi-Region key.
	KeyIDs []string
	// KeyOrigins match detail.key-origin, present in rotation events since 2025
	// (docs/reference.md#14-detail-fields); older rotation events lack it and do not
	// match.
	KeyOrigins []events.KeyOrigin
	// RotationTypes match detail.rotation-type, present in rotation events
	// since 2025 (docs/reference.md#14-detail-fields).
	RotationTypes []events.RotationType
}

// Pattern builds the event pattern. It returns a [*kmswatch.ValidationError] listing
// every problem: detail-types that KMS does not send itself, rotation-only
// filters combined with other detail-types (they could never match those),
// empty values, values that are not valid UTF-8 and invalid wildcards.
func (f KeyEvents) Pattern() (EventPattern, error) {
	c := validate.New("rules.KeyEvents")
	root := map[string]any{fieldSource: []any{events.SourceKMS}}
	types := f.DetailTypes
	if len(types) == 0 {
		types = kmsDetailTypes
	}
	for i, dt := range types {
		if !slices.Contains(kmsDetailTypes, dt) {
			c.Add("DetailTypes["+strconv.Itoa(i)+"]", kmswatch.RuleEnum, "must be one of %s, got %q", joinDetailTypes(kmsDetailTypes), dt)
		}
	}
	root[fieldDetailType] = strs(c, "DetailTypes", types)
	envelopeFilters(c, root, f.Accounts, f.Regions)
	if len(f.Keys) > 0 {
		root[fieldResources] = stringMatches(c, "Keys", f.Keys)
	}
	detail := map[string]any{}
	if len(f.KeyIDs) > 0 {
		detail[fieldKeyID] = strs(c, "KeyIDs", f.KeyIDs)
	}
	rotationOnly := len(types) == 1 && types[0] == events.DetailTypeRotation
	if len(f.KeyOrigins) > 0 {
		detail[fieldKeyOrigin] = strs(c, "KeyOrigins", f.KeyOrigins)
		if !rotationOnly {
			c.Add("KeyOrigins", kmswatch.RuleCombination, "filters %s events only, so DetailTypes must be exactly [%s]", events.DetailTypeRotation, events.DetailTypeRotation)
		}
	}
	if len(f.RotationTypes) > 0 {
		detail[fieldRotationType] = strs(c, "RotationTypes", f.RotationTypes)
		if !rotationOnly {
			c.Add("RotationTypes", kmswatch.RuleCombination, "filters %s events only, so DetailTypes must be exactly [%s]", events.DetailTypeRotation, events.DetailTypeRotation)
		}
	}
	if len(detail) > 0 {
		root[fieldDetail] = detail
	}
	if err := c.Err(); err != nil {
		return EventPattern{}, err
	}
	return EventPattern{root: root}, nil
}

// accountPattern is the form of an AWS account ID (docs/reference.md#13-common-envelope).
var accountPattern = regexp.MustCompile(`^[0-9]{12}$`)

func envelopeFilters(c *validate.Collector, root map[string]any, accounts, regions []string) {
	if len(accounts) > 0 {
		list := make([]any, len(accounts))
		for i, a := range accounts {
			c.Pattern(indexPath("Accounts", i), a, accountPattern)
			list[i] = a
		}
		root[fieldAccount] = list
	}
	if len(regions) > 0 {
		root[fieldRegion] = strs(c, "Regions", regions)
	}
}

func joinDetailTypes(dts []events.DetailType) string {
	s := make([]string, len(dts))
	for i, dt := range dts {
		s[i] = strconv.Quote(string(dt))
	}
	return strings.Join(s, ", ")
}

// APICalls selects KMS records delivered by CloudTrail: "AWS API Call via
// CloudTrail" for API requests and "AWS Service Event via CloudTrail" for
// records KMS writes itself (RotateKey, DeleteKey, DeleteExpiredKeyMaterial).
// Every pattern also requires detail.eventSource "kms.amazonaws.com". Empty
// fields do not filter. It is a plain value, safe for concurrent use once
// built.
type APICalls struct {
	// DetailTypes is a subset of the two CloudTrail detail-types; empty
	// means "AWS API Call via CloudTrail" only.
	DetailTypes []events.DetailType
	// Accounts are 12-digit account IDs.
	Accounts []string
	// Regions are Region codes.
	Regions []string
	// Keys match detail.resources[].ARN, the key ARN. The request's keyId is not used
	// because it may be an alias (docs/reference.md#21-envelope-and-detail-types); the
	// envelope's resources are commonly empty for CloudTrail events.
	Keys []StringMatch
	// EventNames are KMS operations such as "ScheduleKeyDeletion".
	EventNames []string
	// ErrorCodes match detail.errorCode, such as "KMSInvalidStateException".
	ErrorCodes []StringMatch
	// ErrorMessages match detail.errorMessage, for example
	// Suffix("is pending deletion.") (docs/reference.md#25-unusable-key-error-text).
	ErrorMessages []StringMatch
	// ReadOnly, when set, matches detail.readOnly: true for cryptographic
	// and Describe/Get/List calls, false for changes.
	ReadOnly *bool
}

// readOnlyOperations are KMS operations CloudTrail records as read-only
// (docs/reference.md#22-read-only-events-and-rule-state,
// docs/reference.md#23-eventnames-worth-monitoring); names starting with Describe, Get
// or List are too.
var readOnlyOperations = []string{
	"Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyPair",
	"GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
	"GenerateMac", "GenerateRandom", "ReEncrypt", "Sign", "Verify", "VerifyMac",
	"DeriveSharedSecret",
}

func isReadOnlyOperation(name string) bool {
	return slices.Contains(readOnlyOperations, name) ||
		strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List")
}

// Pattern builds the event pattern. It returns a [*kmswatch.ValidationError] listing
// every problem, among them empty values and values that are not valid
// UTF-8. The pattern reports
// [EventPattern.MatchesReadOnlyManagementEvents] unless ReadOnly is false or
// every event name is a change (not Describe/Get/List or a cryptographic
// operation).
func (f APICalls) Pattern() (EventPattern, error) {
	c := validate.New("rules.APICalls")
	root := map[string]any{fieldSource: []any{events.SourceKMS}}
	types := f.DetailTypes
	if len(types) == 0 {
		types = cloudTrailDetailTypes[:1]
	}
	for i, dt := range types {
		if !slices.Contains(cloudTrailDetailTypes, dt) {
			c.Add("DetailTypes["+strconv.Itoa(i)+"]", kmswatch.RuleEnum, "must be one of %s, got %q", joinDetailTypes(cloudTrailDetailTypes), dt)
		}
	}
	root[fieldDetailType] = strs(c, "DetailTypes", types)
	envelopeFilters(c, root, f.Accounts, f.Regions)
	detail := map[string]any{fieldEventSource: []any{events.EventSourceKMS}}
	if len(f.Keys) > 0 {
		detail[fieldResources] = map[string]any{fieldARN: stringMatches(c, "Keys", f.Keys)}
	}
	if len(f.EventNames) > 0 {
		detail[fieldEventName] = strs(c, "EventNames", f.EventNames)
	}
	if len(f.ErrorCodes) > 0 {
		detail[fieldErrorCode] = stringMatches(c, "ErrorCodes", f.ErrorCodes)
	}
	if len(f.ErrorMessages) > 0 {
		detail[fieldErrorMessage] = stringMatches(c, "ErrorMessages", f.ErrorMessages)
	}
	if f.ReadOnly != nil {
		detail[fieldReadOnly] = []any{*f.ReadOnly}
	}
	root[fieldDetail] = detail
	if err := c.Err(); err != nil {
		return EventPattern{}, err
	}
	readOnly := f.ReadOnly == nil || *f.ReadOnly
	if readOnly && f.ReadOnly == nil && len(f.EventNames) > 0 {
		readOnly = slices.ContainsFunc(f.EventNames, isReadOnlyOperation)
	}
	// Service events are written by KMS, not requested by a caller, so the
	// read-only delivery rule only concerns API calls.
	if !slices.Contains(types, events.DetailTypeAPICall) {
		readOnly = false
	}
	return EventPattern{root: root, readOnly: readOnly}, nil
}
