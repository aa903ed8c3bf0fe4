package main

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/rules"
)

// TestRuleSet checks the semantics the backtest relies on, those of
// *rules.Set: names each once, in the order first added, several patterns
// under one name ORed, errors as from rules.Compile and Pattern.Match.
func TestRuleSet(t *testing.T) {
	set := newRuleSet()
	for _, r := range []struct{ name, pattern string }{
		{"kms", `{"source":["aws.kms"]}`},
		{"decrypt-or-encrypt", `{"detail":{"eventName":["Decrypt"]}}`},
		{"eu", `{"region":["eu-west-1"]}`},
		{"decrypt-or-encrypt", `{"detail":{"eventName":["Encrypt"]}}`},
		{"kms", `{"detail-type":["AWS API Call via CloudTrail"]}`},
	} {
		if err := set.Add(r.name, []byte(r.pattern)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		event string
		want  []string
	}{
		{"all", `{"source":"aws.kms","region":"eu-west-1","detail":{"eventName":"Encrypt"}}`, []string{"kms", "decrypt-or-encrypt", "eu"}},
		{"second pattern of a name only", `{"source":"aws.s3","detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"Encrypt"}}`, []string{"kms", "decrypt-or-encrypt"}},
		{"none", `{"source":"aws.s3"}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []string{"kept"}
			got, err := set.AppendMatches(dst, []byte(tt.event))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(append([]string{"kept"}, tt.want...), got); diff != "" {
				t.Errorf("matches mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := set.AppendMatches(nil, []byte(`[1]`)); !errors.Is(err, rules.ErrInvalidEvent) {
		t.Errorf("AppendMatches on an array: error %v, want rules.ErrInvalidEvent", err)
	}
	if err := set.Add("bad", []byte(`{"source":"aws.kms"}`)); !errors.Is(err, rules.ErrInvalidPattern) {
		t.Errorf("Add of an invalid pattern: error %v, want rules.ErrInvalidPattern", err)
	}
}
