package kmsvocab

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const testKey = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"

func TestParseKMSARN(t *testing.T) {
	tests := map[string]struct {
		in     string
		want   KMSARN
		reason string
	}{
		"key":             {in: testKey, want: KMSARN{"aws", "us-west-2", "111122223333", ResourceKey, "1234abcd-12ab-34cd-56ef-1234567890ab"}},
		"alias":           {in: "arn:aws-cn:kms:cn-north-1:111122223333:alias/a/b", want: KMSARN{"aws-cn", "cn-north-1", "111122223333", ResourceAlias, "a/b"}},
		"not an arn":      {in: "alias/x", reason: `does not start with "arn:"`},
		"short":           {in: "arn:aws:kms:us-west-2", reason: "has fewer than six colon-separated fields"},
		"partition":       {in: "arn:aws-:kms:us-west-2:111122223333:key/k", reason: `partition "aws-" is not aws or aws-<name>`},
		"service":         {in: "arn:aws:sqs:us-west-2:111122223333:q", reason: `service is "sqs", want kms`},
		"no region":       {in: "arn:aws:kms::111122223333:key/k", reason: "region (empty) is not a region code"},
		"account":         {in: "arn:aws:kms:us-west-2:1111:key/k", reason: `account "1111" is not 12 digits`},
		"no slash":        {in: "arn:aws:kms:us-west-2:111122223333:key", reason: `resource has no "/"`},
		"key id":          {in: "arn:aws:kms:us-west-2:111122223333:key/a_b", reason: `key ID "a_b" is not letters, digits and hyphens`},
		"empty alias":     {in: "arn:aws:kms:us-west-2:111122223333:alias/", reason: "alias name is empty"},
		"other resource":  {in: "arn:aws:kms:us-west-2:111122223333:grant/g", reason: `resource type "grant" is not key or alias`},
		"key with colons": {in: "arn:aws:kms:us-west-2:111122223333:key/a:b", reason: `key ID "a:b" is not letters, digits and hyphens`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, reason := ParseKMSARN(tt.in)
			if diff := cmp.Diff([]any{tt.want, tt.reason}, []any{got, reason}); diff != "" {
				t.Errorf("ParseKMSARN(%q) [arn reason] mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestCutPendingDeletion(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string
		ok   bool
	}{
		"confirmed":         {in: testKey + " is pending deletion.", want: testKey, ok: true},
		"footnote text":     {in: testKey + " is pending deletion (or pending replica deletion).", want: testKey, ok: true},
		"replica":           {in: testKey + " is pending replica deletion.", want: testKey, ok: true},
		"exception prefix":  {in: "KMSInvalidStateException: " + testKey + " is pending deletion.", want: testKey, ok: true},
		"leading space":     {in: "\n " + testKey + " is pending deletion.", want: testKey, ok: true},
		"trailing space":    {in: testKey + " is pending deletion.\n", ok: false},
		"not pending":       {in: testKey + " is not pending deletion.", ok: false},
		"no space":          {in: testKey + "is pending deletion.", ok: false},
		"other state":       {in: testKey + " is pending import.", ok: false},
		"wording alone":     {in: "is pending deletion.", ok: false},
		"empty":             {in: "", ok: false},
		"text before arn":   {in: "x " + testKey + " is pending deletion.", want: "x " + testKey, ok: true},
		"disabled, unusual": {in: testKey + " is disabled.", ok: false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := CutPendingDeletion(tt.in)
			if diff := cmp.Diff([]any{tt.want, tt.ok}, []any{got, ok}); diff != "" {
				t.Errorf("CutPendingDeletion(%q) [text ok] mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestOneConfirmedWording(t *testing.T) {
	var confirmed []string
	for _, w := range PendingDeletionWordings {
		if w.Confirmed {
			confirmed = append(confirmed, w.Suffix)
		}
	}
	if diff := cmp.Diff([]string{PendingDeletion}, confirmed); diff != "" {
		t.Errorf("confirmed wordings mismatch (-want +got):\n%s", diff)
	}
}

// FuzzParseKMSARN checks that an accepted ARN is rebuilt byte for byte
// from its fields, and that a rejection always says why.
func FuzzParseKMSARN(f *testing.F) {
	for _, s := range []string{testKey, "arn:aws:kms:us-west-2:111122223333:alias/x", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1",
		"arn:", "arn:aws:kms::111122223333:key/k", "arn:aws:kms:us-west-2:111122223333:key/", "arn:aws:sns:us-west-2:111122223333:t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, reason := ParseKMSARN(s)
		if reason != "" {
			if a != (KMSARN{}) {
				t.Fatalf("ParseKMSARN(%q) = %+v with reason %q", s, a, reason)
			}
			return
		}
		rebuilt := "arn:" + a.Partition + ":kms:" + a.Region + ":" + a.Account + ":" + a.Type + "/" + a.ID
		if rebuilt != s {
			t.Fatalf("ParseKMSARN(%q) = %+v, which rebuilds as %q", s, a, rebuilt)
		}
		if id, ok := KeyIDOfARN(s); ok != (a.Type == ResourceKey) || (ok && (id != a.ID || strings.ContainsAny(id, ":/"))) {
			t.Fatalf("KeyIDOfARN(%q) = %q, %v for %+v", s, id, ok, a)
		}
	})
}
