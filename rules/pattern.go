package rules

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/jsonenc"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Field names of the EventBridge envelope and of the KMS details used in patterns
// (docs/reference.md#13-common-envelope, docs/reference.md#14-detail-fields,
// docs/reference.md#21-envelope-and-detail-types).
const (
	fieldSource       = "source"
	fieldDetailType   = "detail-type"
	fieldAccount      = "account"
	fieldRegion       = "region"
	fieldResources    = "resources"
	fieldDetail       = "detail"
	fieldKeyID        = "key-id"
	fieldKeyOrigin    = "key-origin"
	fieldRotationType = "rotation-type"
	fieldEventSource  = "eventSource"
	fieldEventName    = "eventName"
	fieldErrorCode    = "errorCode"
	fieldErrorMessage = "errorMessage"
	fieldReadOnly     = "readOnly"
	fieldARN          = "ARN"
)

// EventPattern is an EventBridge event pattern built by this package. Its
// JSON form is canonical: object keys are sorted and nothing is
// HTML-escaped, so equal patterns render to equal bytes. The zero value is
// the empty pattern {}, which EventBridge rejects; build patterns with the
// presets, [KeyEvents], [APICalls] and [AnyOf]. An EventPattern is immutable
// and safe for concurrent use.
type EventPattern struct {
	root map[string]any
	// readOnly is set when the pattern can match read-only CloudTrail management
	// events, which only rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
	// receive (docs/reference.md#22-read-only-events-and-rule-state).
	readOnly bool
}

// MarshalJSON renders the canonical JSON of the pattern.
func (p EventPattern) MarshalJSON() ([]byte, error) {
	root := p.root
	if root == nil {
		root = map[string]any{}
	}
	return jsonenc.Marshal(root)
}

// String returns the canonical JSON of the pattern, ready for
// PutRuleInput.EventPattern.
func (p EventPattern) String() string {
	b, err := p.MarshalJSON()
	if err != nil {
		// The tree holds only strings, numbers, booleans, slices and maps
		// built by this package, which always encode.
		return "{}"
	}
	return string(b)
}

// Bytes returns the canonical JSON of the pattern as a new slice, the form a
// file or a template holds.
func (p EventPattern) Bytes() []byte { return []byte(p.String()) }

// Size returns the length of the canonical JSON in characters, the unit of
// the EventBridge pattern size limits.
func (p EventPattern) Size() int { return utf8.RuneCountInString(p.String()) }

// CheckSize returns a [*kmswatch.ValidationError] when the pattern is longer than
// limit characters (a problem on the pattern as a whole, path ""); limit 0
// means [DefaultEventPatternQuota]. Limits above [MaxEventPatternLength], the
// API model's ceiling, are reported on "limit".
func (p EventPattern) CheckSize(limit int) error {
	c := validate.New("rules.EventPattern.CheckSize")
	checkPatternSize(c, "", "limit", p, limit)
	return c.Err()
}

// checkPatternSize checks the size of p, given at path, against limit,
// given at limitPath.
func checkPatternSize(c *validate.Collector, path, limitPath string, p EventPattern, limit int) {
	if limit == 0 {
		limit = DefaultEventPatternQuota
	}
	if limit < 0 || limit > MaxEventPatternLength {
		c.Add(limitPath, kmswatch.RuleRange, "must be between 1 and %d characters, got %d", MaxEventPatternLength, limit)
		return
	}
	if n := p.Size(); n > limit {
		c.Add(path, kmswatch.RuleLength, "must be at most %d characters, got %d", limit, n)
	}
}

// MatchesReadOnlyManagementEvents reports whether the pattern can match
// read-only CloudTrail management events, such as failed Decrypt calls, so
// that its rule needs state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS.
func (p EventPattern) MatchesReadOnlyManagementEvents() bool { return p.readOnly }

// AnyOf returns a pattern matching any of patterns, as a top-level "$or".
// Fields whose conditions are identical in every alternative (such as
// "source" or "account") are kept once at the top level; when that leaves an
// alternative with no field of its own, it matches whatever the common
// fields match and the "$or" is dropped. With one pattern AnyOf returns that
// pattern, with none the empty pattern.
func AnyOf(patterns ...EventPattern) EventPattern {
	switch len(patterns) {
	case 0:
		return EventPattern{}
	case 1:
		return patterns[0]
	}
	out := EventPattern{root: map[string]any{}}
	alts := make([]map[string]any, len(patterns))
	for i, p := range patterns {
		alts[i] = maps.Clone(p.root)
		out.readOnly = out.readOnly || p.readOnly
	}
	for _, key := range slices.Sorted(maps.Keys(alts[0])) {
		if key == keyOr {
			continue
		}
		first, _ := json.Marshal(alts[0][key])
		common := true
		for _, alt := range alts[1:] {
			v, ok := alt[key]
			other, _ := json.Marshal(v)
			if !ok || !bytes.Equal(first, other) {
				common = false
				break
			}
		}
		if common {
			out.root[key] = alts[0][key]
			for _, alt := range alts {
				delete(alt, key)
			}
		}
	}
	or := make([]any, len(alts))
	for i, alt := range alts {
		if len(alt) == 0 {
			return out // that alternative is implied by the common fields
		}
		or[i] = alt
	}
	out.root[keyOr] = or
	return out
}
