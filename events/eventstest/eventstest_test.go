package eventstest_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/golden"
)

// TestFixturesMatchTestdata keeps the embedded copies identical to the
// fixtures of package events.
func TestFixturesMatchTestdata(t *testing.T) {
	src, err := filepath.Glob("../testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if golden.Update() { // copy events/testdata into fixtures/
		for _, p := range src {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join("fixtures", filepath.Base(p)), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var want []string
	for _, p := range src {
		want = append(want, filepath.Base(p))
	}
	if diff := cmp.Diff(want, eventstest.FixtureNames()); diff != "" {
		t.Fatalf("fixture names mismatch (-want +got), run go test -update:\n%s", diff)
	}
	for _, p := range src {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(b), string(eventstest.Fixture(t, filepath.Base(p)))); diff != "" {
			t.Errorf("%s mismatch (-want +got), run go test -update:\n%s", filepath.Base(p), diff)
		}
	}
}

func TestConstructors(t *testing.T) {
	at := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	opts := []eventstest.Option{eventstest.KeyID("mrk-0123456789abcdef0123456789abcdef"), eventstest.Region("cn-north-1"), eventstest.Account("444455556666"), eventstest.Time(at)}
	const wantARN = "arn:aws-cn:kms:cn-north-1:444455556666:key/mrk-0123456789abcdef0123456789abcdef"
	tests := map[string]struct {
		ev events.Event
		dt events.DetailType
	}{
		"rotation":         {eventstest.Rotation(opts...), events.DetailTypeRotation},
		"expiration":       {eventstest.Expiration(opts...), events.DetailTypeExpiration},
		"deletion":         {eventstest.Deletion(opts...), events.DetailTypeDeletion},
		"api call":         {eventstest.APICall("DisableKey", opts...), events.DetailTypeAPICall},
		"pending deletion": {eventstest.PendingDeletionCall(opts...), events.DetailTypeAPICall},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			type view struct {
				DetailType events.DetailType
				KeyARN     string
				Time       time.Time
			}
			want := view{tc.dt, wantARN, at}
			got := view{tc.ev.Head().DetailType, tc.ev.KeyARN().String(), tc.ev.Head().Time}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("constructed mismatch (-want +got):\n%s", diff)
			}
			// The JSON parses back to the same event, directly and in every
			// delivery wrapper.
			doc := eventstest.JSON(t, tc.ev)
			back, err := events.Parse(doc)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.ev, back); diff != "" {
				t.Errorf("parsed mismatch (-want +got):\n%s", diff)
			}
			sns := eventstest.SNSNotification(t, doc)
			batch, err := events.Unwrap(eventstest.SQSBatch(t, doc, sns))
			if err != nil {
				t.Fatalf("Unwrap: %v", err)
			}
			var deliveries []events.Delivery
			for _, r := range batch.Records {
				deliveries = append(deliveries, r.Delivery)
				if diff := cmp.Diff(tc.ev, r.Event); diff != "" {
					t.Errorf("unwrapped mismatch (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff([]events.Delivery{events.DeliverySQS, events.DeliverySNSToSQS}, deliveries); diff != "" {
				t.Errorf("deliveries mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPendingDeletionCall(t *testing.T) {
	ev := eventstest.PendingDeletionCall(eventstest.KeyID("k-1"))
	arn, ok := ev.Detail.PendingDeletion()
	if !ok || arn.KeyID() != "k-1" {
		t.Errorf("PendingDeletion() = %v, %v; want key k-1", arn, ok)
	}
}

func TestDistinctValues(t *testing.T) {
	ids := map[string]bool{}
	mats := map[string]bool{}
	for i := 0; i < 1000; i++ {
		ev := eventstest.Rotation(eventstest.Seq(i), eventstest.Time(eventstest.DefaultTime.Add(time.Duration(i)*time.Second)))
		ids[ev.ID] = true
		mats[ev.Detail.CurrentKeyMaterialID] = true
		if len(ev.Detail.CurrentKeyMaterialID) != 64 {
			t.Fatalf("material ID %q is not 64 hex digits", ev.Detail.CurrentKeyMaterialID)
		}
	}
	if len(ids) != 1000 || len(mats) != 1000 {
		t.Errorf("%d distinct IDs and %d distinct material IDs, want 1000 each", len(ids), len(mats))
	}
	if a, b := eventstest.UUID("x"), eventstest.UUID("x"); a != b {
		t.Errorf("UUID is not deterministic: %q, %q", a, b)
	}
}

func TestFixtureMissing(t *testing.T) {
	ft := &fatalRecorder{TB: t}
	func() {
		defer func() { _ = recover() }()
		eventstest.Fixture(ft, "no-such.json")
	}()
	if !errors.Is(ft.err, errFatal) {
		t.Errorf("Fixture of a missing name did not fail the test")
	}
}

var errFatal = errors.New("fatal")

// fatalRecorder records Fatalf instead of stopping the test.
type fatalRecorder struct {
	testing.TB
	err error
}

func (f *fatalRecorder) Helper() {}
func (f *fatalRecorder) Fatalf(string, ...any) {
	f.err = errFatal
	panic(errFatal)
}

func TestVariants(t *testing.T) {
	for _, name := range []string{"rotation-2025.json", "cloudtrail-decrypt-pending-deletion.json", "lambda-sqs-batch.json", "rotation-aws-cn-mrk.json"} {
		t.Run(name, func(t *testing.T) {
			doc := eventstest.Fixture(t, name)
			want, _ := events.Unwrap(doc)
			vs := eventstest.Variants(doc, 1000)
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
