package rulestest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/rules"
)

func mustKeyDeletion(t testing.TB) rules.EventPattern {
	p, err := rules.KeyDeletion("111122223333")
	if err != nil {
		t.Fatalf("KeyDeletion: %v", err)
	}
	return p
}

// recorder is a testing.TB that records failures instead of reporting them.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
	r.fatal = true
}

const (
	rotation = `{"id":"r1","detail-type":"KMS CMK Rotation","source":"aws.kms","detail":{"key-id":"k"}}`
	deletion = `{"id":"d1","detail-type":"KMS CMK Deletion","source":"aws.kms","detail":{"key-id":"k"}}`
	decrypt  = `{"id":"c1","detail-type":"AWS API Call via CloudTrail","source":"aws.kms","detail":{"eventName":"Decrypt"}}`
	pattern  = `{"detail-type":["KMS CMK Deletion"]}`
)

func TestAssert(t *testing.T) {
	tests := map[string]struct {
		call      func(t testing.TB)
		want      []string
		wantFatal bool
	}{
		"matches": {
			call: func(t testing.TB) { AssertMatches(t, pattern, []byte(deletion)) },
		},
		"does not match": {
			call: func(t testing.TB) { AssertMatches(t, pattern, []byte(deletion), []byte(rotation), []byte(decrypt)) },
			want: []string{
				`rulestest: pattern {"detail-type":["KMS CMK Deletion"]} does not match event 1 (detail-type "KMS CMK Rotation", id r1)`,
				`rulestest: pattern {"detail-type":["KMS CMK Deletion"]} does not match event 2 (detail-type "AWS API Call via CloudTrail", eventName Decrypt, id c1)`,
			},
		},
		"no match holds": {
			call: func(t testing.TB) { AssertNoMatch(t, pattern, []byte(rotation), []byte(decrypt)) },
		},
		"unexpected match": {
			call: func(t testing.TB) { AssertNoMatch(t, pattern, []byte(rotation), []byte(deletion)) },
			want: []string{`rulestest: pattern {"detail-type":["KMS CMK Deletion"]} matches event 1 (detail-type "KMS CMK Deletion", id d1), want no match`},
		},
		"invalid pattern": {
			call:      func(t testing.TB) { AssertMatches(t, `{"detail-type":"KMS CMK Deletion"}`, []byte(deletion)) },
			want:      []string{`rulestest: pattern {"detail-type":"KMS CMK Deletion"}: invalid event pattern: detail-type (byte 15): must be an object or an array, got string`},
			wantFatal: true,
		},
		"invalid event": {
			call: func(t testing.TB) { AssertNoMatch(t, pattern, []byte(`[1]`)) },
			want: []string{`rulestest: event 0 (not a JSON event): invalid event (byte 0): event must be a JSON object, got an array`},
		},
		"built pattern does not match": {
			call: func(t testing.TB) { AssertMatches(t, mustKeyDeletion(t), []byte(rotation)) },
			want: []string{`rulestest: pattern {"account":["111122223333"],"detail-type":["KMS CMK Deletion"],"source":["aws.kms"]} does not match event 0 (detail-type "KMS CMK Rotation", id r1)`},
		},
		"bytes pattern, unexpected match": {
			call: func(t testing.TB) { AssertNoMatch(t, []byte(pattern), []byte(deletion)) },
			want: []string{`rulestest: pattern {"detail-type":["KMS CMK Deletion"]} matches event 0 (detail-type "KMS CMK Deletion", id d1), want no match`},
		},
		"no events": {
			call: func(t testing.TB) { AssertMatches(t, pattern) },
			want: []string{`rulestest: no events given for pattern {"detail-type":["KMS CMK Deletion"]}`},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := &recorder{TB: t}
			tc.call(r)
			if diff := cmp.Diff(tc.want, r.errors); diff != "" {
				t.Errorf("failures mismatch (-want +got):\n%s", diff)
			}
			if r.fatal != tc.wantFatal {
				t.Errorf("fatal = %v, want %v", r.fatal, tc.wantFatal)
			}
		})
	}
}
