package metrics

import (
	"strings"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// KeyID returns the value CloudWatch stores in the KeyId dimension for keyRef.
//
// The KeyId dimension holds the bare key id (docs/reference.md#41-metrics), such as
// "1234abcd-12ab-34cd-56ef-1234567890ab" or "mrk-…". A key ARN
// ("arn:aws:kms:us-west-2:111122223333:key/<id>") names the same key, so it is
// accepted and reduced to its id: callers often hold ARNs from events or
// CloudTrail, and querying with the ARN would silently find no data. Alias
// names ("alias/…") and alias ARNs are rejected because only KMS can resolve
// them to a key. A key id must be letters, digits and hyphens: the form of
// every KMS key id (a UUID, or "mrk-" and 32 hex digits), loose enough for
// forms AWS may add, and the same rule the events package applies to key
// ids and key ARNs; the dimension limits (1–1024 characters) apply too. It
// returns a [*kmswatch.ValidationError] on "keyRef". KeyID is safe for
// concurrent use.
func KeyID(keyRef string) (string, error) {
	c := validate.New("metrics.KeyID")
	id := keyID(c, "keyRef", keyRef)
	if err := c.Err(); err != nil {
		return "", err
	}
	return id, nil
}

// keyID records problems with keyRef under field and returns the key id.
func keyID(c *validate.Collector, field, keyRef string) string {
	switch {
	case strings.HasPrefix(keyRef, "alias/"):
		c.Add(field, kmswatch.RulePattern, "must be a key id or key ARN, got alias %q; resolve it with KMS DescribeKey first", keyRef)
		return ""
	case strings.HasPrefix(keyRef, "arn:"):
		id, ok := parseKeyARN(keyRef)
		if !ok {
			c.Add(field, kmswatch.RulePattern, "must be a key id or a key ARN of the form %s, got %q", keyARNForm, keyRef)
			return ""
		}
		keyRef = id
	case strings.ContainsAny(keyRef, "/:"):
		c.Add(field, kmswatch.RulePattern, "must be a key id or a key ARN of the form %s, got %q", keyARNForm, keyRef)
		return ""
	}
	dimValue(c, field, keyRef)
	if !c.Has(field) && !kmsvocab.ValidKeyID(keyRef) {
		c.Add(field, kmswatch.RulePattern, "must be a key id (letters, digits and hyphens) or a key ARN of the form %s, got %q", keyARNForm, keyRef)
		return ""
	}
	return keyRef
}

// plainKeyID is the allocation-free check for the common case: a bare key id
// or key ARN that passes every rule of keyID. When it reports false, keyID
// gives the reasons.
func plainKeyID(keyRef string) (string, bool) {
	if strings.HasPrefix(keyRef, "arn:") {
		id, ok := parseKeyARN(keyRef)
		if !ok {
			return "", false
		}
		keyRef = id
	}
	if len(keyRef) > maxDimensionValue || !kmsvocab.ValidKeyID(keyRef) {
		return "", false
	}
	return keyRef, true
}
