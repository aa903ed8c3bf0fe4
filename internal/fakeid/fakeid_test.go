package fakeid_test

import (
	"testing"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/fakeid"
)

func TestStable(t *testing.T) {
	if a, b := fakeid.UUID("x"), fakeid.UUID("x"); a != b {
		t.Errorf("UUID is not deterministic: %q, %q", a, b)
	}
	if a, b := fakeid.UUID("x"), fakeid.UUID("y"); a == b {
		t.Errorf("UUID(x) = UUID(y) = %q", a)
	}
	mats := map[string]bool{}
	for i := range 1000 {
		m := fakeid.MaterialID(i)
		if len(m) != 64 {
			t.Fatalf("MaterialID(%d) = %q, not 64 hex digits", i, m)
		}
		mats[m] = true
	}
	if len(mats) != 1000 {
		t.Errorf("%d distinct material IDs of 1000", len(mats))
	}
}

func TestVariants(t *testing.T) {
	for _, name := range []string{"rotation-2025.json", "constructed-cloudtrail-decrypt-pending-deletion.json", "constructed-lambda-sqs-batch.json", "constructed-rotation-aws-cn-mrk.json"} {
		t.Run(name, func(t *testing.T) {
			doc := eventstest.Fixture(t, name)
			want, _ := events.Unwrap(doc)
			vs := fakeid.Variants(doc, 100)
			seen := map[string]bool{}
			for i, v := range vs {
				seen[string(v)] = true
				if len(v) != len(doc) {
					t.Fatalf("variant %d is %d bytes, want %d", i, len(v), len(doc))
				}
				if i%10 != 0 {
					continue // decoding every tenth variant is enough
				}
				got, _ := events.Unwrap(v)
				if len(got.Records) != len(want.Records) {
					t.Fatalf("variant %d has %d records, want %d", i, len(got.Records), len(want.Records))
				}
				for j, r := range got.Records {
					if (r.Err == nil) != (want.Records[j].Err == nil) || (r.Event == nil) != (want.Records[j].Event == nil) {
						t.Fatalf("variant %d record %d: error %v, original error %v", i, j, r.Err, want.Records[j].Err)
					}
					if r.Event != nil && r.Event.KeyID() == want.Records[j].Event.KeyID() {
						t.Fatalf("variant %d record %d kept key ID %q", i, j, r.Event.KeyID())
					}
				}
			}
			if len(seen) != len(vs) {
				t.Errorf("%d distinct variants of %d", len(seen), len(vs))
			}
		})
	}
}
