package metrics

import (
	"strings"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch"
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
// them to a key. Beyond that the id's form is not checked, so key id formats
// AWS adds later still work; the dimension limits (1–1024 characters, no
// control characters) are. It returns a [*kmswatch.ValidationError] on
// "keyRef". KeyID is safe for concurrent use.
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
	if keyRef == "" || len(keyRef) > maxDimensionValue {
		return "", false
	}
	for i := 0; i < len(keyRef); i++ {
		if c := keyRef[i]; c < 0x20 || c == 0x7f || c == '/' || c == ':' || c >= utf8.RuneSelf {
			return "", false
		}
	}
	return keyRef, true
}
