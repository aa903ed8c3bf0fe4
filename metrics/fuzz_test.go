package metrics

import (
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch/internal/validate"
)

// FuzzKeyID checks the key reference parser: the fast path and the
// validating path agree, and an accepted id is a usable KeyId value.
func FuzzKeyID(f *testing.F) {
	for _, s := range []string{testKeyID, testKeyARN, "mrk-1234abcd12ab34cd56ef1234567890ab", "alias/x",
		"arn:aws:kms:us-west-2:111122223333:alias/x", "arn:aws-cn:kms:cn-north-1:111122223333:key/" + testKeyID,
		"", "arn:", "key/x", "é", "a\x00b", strings.Repeat("k", 1025)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		id, err := KeyID(ref)
		fast, ok := plainKeyID(ref)
		if ok && (err != nil || id != fast) {
			t.Fatalf("plainKeyID(%q) = %q but KeyID = %q, %v", ref, fast, id, err)
		}
		if err != nil {
			if id != "" {
				t.Fatalf("KeyID(%q) returned %q with error %v", ref, id, err)
			}
			return
		}
		if id == "" || strings.ContainsAny(id, "/:") || !utf8.ValidString(id) || utf8.RuneCountInString(id) > maxDimensionValue {
			t.Fatalf("KeyID(%q) = %q, not a usable KeyId value", ref, id)
		}
		if strings.HasPrefix(ref, "arn:") && !strings.HasSuffix(ref, ":key/"+id) {
			t.Fatalf("KeyID(%q) = %q, not the ARN's key id", ref, id)
		}
	})
}

// FuzzBatchIndex checks the query Id parser: only the Ids the batch issued
// map back, each to the metric it was issued for.
func FuzzBatchIndex(f *testing.F) {
	b, err := ExpiryBatch(keyIDs(1200), testRange, time.Minute)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"q0", "q1199", "q1200", "q01", "q-1", "q", "", "m1", "q+1", "q 1", "q9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		m, ok := b.Metric(id)
		if !ok {
			return
		}
		i, err := strconv.Atoi(strings.TrimPrefix(id, "q"))
		if err != nil || "q"+strconv.Itoa(i) != id {
			t.Fatalf("Metric(%q) accepted a non-canonical Id", id)
		}
		if !validQueryID(id) {
			t.Fatalf("Metric(%q) accepted an invalid Id", id)
		}
		if got, _ := m.Dimension(DimensionKeyID); got != keyIDs(i + 1)[i] {
			t.Fatalf("Metric(%q) = key %q, want key %d", id, got, i)
		}
	})
}

// FuzzInsightsQuoting checks that no WHERE value escapes its quotes: the
// built text, read back with the documented escaping rule, holds exactly the
// value and then exactly the rest of the query.
func FuzzInsightsQuoting(f *testing.F) {
	for _, s := range []string{"plain", "it's", `say "hi"`, "' OR 'a'='a", `\`, "x\ny", "é'"} {
		f.Add(s, "KeyId")
	}
	f.Add("v", "LIMIT")
	f.Add("v", `we"ird`)
	f.Fuzz(func(t *testing.T, value, label string) {
		q := ExpiryInsights()
		q.Where = []Condition{{Label: label, Op: Equal, Value: value}}
		text, err := q.Build()
		if err != nil {
			return
		}
		prefix := `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) WHERE `
		if !strings.HasPrefix(text, prefix) {
			t.Fatalf("unexpected text %s", text)
		}
		rest := text[len(prefix):]
		gotLabel, rest := readQuoted(t, rest, '"')
		if gotLabel == "" { // unquoted
			gotLabel, rest, _ = strings.Cut(rest, " ")
			rest = " " + rest
		}
		if gotLabel != label {
			t.Fatalf("label read back as %q, want %q (text %s)", gotLabel, label, text)
		}
		rest, ok := strings.CutPrefix(rest, " = ")
		if !ok {
			t.Fatalf("no operator after label in %s", text)
		}
		gotValue, rest := readQuoted(t, rest, '\'')
		if gotValue != value {
			t.Fatalf("value read back as %q, want %q (text %s)", gotValue, value, text)
		}
		if rest != " GROUP BY KeyId ORDER BY MIN() ASC" {
			t.Fatalf("value leaked into the query: rest %q (text %s)", rest, text)
		}
	})
}

// readQuoted reads a quote-delimited run at the start of s where a backslash
// escapes the quote; it returns "" and s unchanged when s does not start
// with quote.
func readQuoted(t *testing.T, s string, quote byte) (string, string) {
	if s == "" || s[0] != quote {
		return "", s
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 >= len(s) || s[i+1] != quote {
				t.Fatalf("stray backslash in %q", s)
			}
			i++
			b.WriteByte(quote)
		case quote:
			return b.String(), s[i+1:]
		default:
			b.WriteByte(s[i])
		}
	}
	t.Fatalf("unterminated quote in %q", s)
	return "", ""
}

// validQueryID reports whether id passes the MetricDataQuery Id check.
func validQueryID(id string) bool {
	c := validate.New("id")
	checkQueryID(c, "id", id)
	return c.OK()
}
