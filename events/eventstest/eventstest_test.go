package eventstest_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/golden"
)

// TestFixturesMatchTestdata keeps the embedded copies identical to the
// fixtures of package events, less the malformed and hostile inputs that
// only package events tests with.
func TestFixturesMatchTestdata(t *testing.T) {
	all, err := filepath.Glob("../testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var src []string
	for _, p := range all {
		if base := filepath.Base(p); !strings.HasPrefix(base, "malformed-") && !strings.HasPrefix(base, "hostile-") {
			src = append(src, p)
		}
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

// documented are the fixtures that are AWS documentation examples (and, for
// the SNS alarm deliveries, aws-lambda-go's examples); every other fixture
// must say in its name that it is constructed.
var documented = []string{
	"alarm-configuration-change-update.json", "alarm-contributor-state-change-insights.json",
	"alarm-lambda-composite.json", "alarm-lambda-metric.json",
	"alarm-state-change-anomaly-detection.json", "alarm-state-change-composite.json", "alarm-state-change-insights.json",
	"alarm-state-change-metric-math.json", "alarm-state-change-single-metric.json",
	"deletion-2022.json", "expiration-2022.json", "rotation-2016.json", "rotation-2025.json",
	"sns-alarm-message-contributor-log-alarm.json", "sns-alarm-metric-math-aws-lambda-go.json", "sns-alarm-single-metric-aws-lambda-go.json",
}

func TestFixtureProvenance(t *testing.T) {
	var gotDocumented []string
	for _, name := range eventstest.FixtureNames() {
		if !strings.HasPrefix(name, "constructed-") {
			gotDocumented = append(gotDocumented, name)
		}
	}
	if diff := cmp.Diff(documented, gotDocumented); diff != "" {
		t.Errorf("fixtures not named constructed-... mismatch (-want +got):\n%s", diff)
	}
}

// TestDocumentedFixturesAreByteTrue compares the documented fixtures with the
// examples quoted in docs/reference.md (§1.5), byte for byte. The reference
// does not quote the 2016 rotation example; the archived guide
// (awsdocs/aws-kms-developer-guide@980f865, monitoring-cloudwatch.md) gives
// it with the id, account, Region and key of the others, so it is derived
// here from the 2022 expiration example.
func TestDocumentedFixturesAreByteTrue(t *testing.T) {
	ref, err := os.ReadFile("../../docs/reference.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := map[string]bool{}
	for _, part := range strings.Split(string(ref), "```json\n")[1:] {
		block, _, _ := strings.Cut(part, "```")
		blocks[block] = true
	}
	for _, name := range []string{"rotation-2025.json", "expiration-2022.json", "deletion-2022.json"} {
		if !blocks[string(eventstest.Fixture(t, name))] {
			t.Errorf("%s is not byte for byte an example of docs/reference.md", name)
		}
	}
	rot2016 := strings.Replace(string(eventstest.Fixture(t, "rotation-2016.json")), "2016-08-25T21:05:33Z", "2022-08-10T16:37:50Z", 1)
	exp2022 := string(eventstest.Fixture(t, "expiration-2022.json"))
	want2022 := strings.NewReplacer("9da9af57-9253-4406-87cb-7cc400e43465", "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
		"KMS Imported Key Material Expiration", "KMS CMK Rotation").Replace(exp2022)
	if rot2016 != want2022 {
		t.Errorf("rotation-2016.json differs from the documented example beyond its time:\n%s", rot2016)
	}
}

// TestDocumentedShapes checks that the constructors add no undocumented
// field unless asked, and that API calls carry managementEvent like the
// records on the KMS CloudTrail pages.
func TestDocumentedShapes(t *testing.T) {
	const material = "96083e4fb6dbc41d77578a213a6b6669c044dd4c143e96755396d2bf11fd6068"
	tests := map[string]struct {
		ev   events.Event
		path []string
		want any
	}{
		"expiration detail": {eventstest.Expiration(), []string{"detail"}, map[string]any{"key-id": eventstest.DefaultKeyID}},
		"expiration asked for material": {eventstest.Expiration(eventstest.KeyMaterialID(material)), []string{"detail"},
			map[string]any{"key-id": eventstest.DefaultKeyID, "key-material-id": material}},
		"deletion detail":       {eventstest.Deletion(), []string{"detail"}, map[string]any{"key-id": eventstest.DefaultKeyID}},
		"rotation material":     {eventstest.Rotation(eventstest.KeyMaterialID(material)), []string{"detail", "current-key-material-id"}, material},
		"API call management":   {eventstest.APICall("DisableKey"), []string{"detail", "managementEvent"}, true},
		"pending deletion call": {eventstest.PendingDeletionCall(), []string{"detail", "managementEvent"}, true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var got any
			if err := json.Unmarshal(eventstest.JSON(t, tc.ev), &got); err != nil {
				t.Fatal(err)
			}
			for _, k := range tc.path {
				got = got.(map[string]any)[k]
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
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
			sns := eventstest.SNSNotification(doc)
			batch, err := events.Unwrap(eventstest.SQSBatch(doc, sns))
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
}

func TestFixtureMissing(t *testing.T) {
	ft := &fatalRecorder{}
	func() {
		defer func() { _ = recover() }()
		eventstest.Fixture(ft, "no-such.json")
	}()
	if !ft.failed {
		t.Errorf("Fixture of a missing name did not fail the test")
	}
	if _, err := eventstest.ReadFixture("no-such.json"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFixture of a missing name: err = %v, want fs.ErrNotExist", err)
	}
}

// fatalRecorder records Fatal and stops the helper the way testing.T does.
type fatalRecorder struct{ failed bool }

func (f *fatalRecorder) Helper() {}
func (f *fatalRecorder) Fatal(...any) {
	f.failed = true
	panic("fatal")
}
