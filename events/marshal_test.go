package events_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/golden"
)

// roundTripFixtures are the fixtures holding valid EventBridge events,
// directly or in a delivery wrapper. Alarm payloads that are not EventBridge
// events (SNS alarm messages, Lambda alarm actions) have no envelope to
// re-encode; TestAlarmFixtures covers them.
func roundTripFixtures(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		base := filepath.Base(n)
		b, err := events.Unwrap(fixture(t, base))
		if b == nil || err != nil {
			continue // malformed, hostile and invalid inputs
		}
		if slices.ContainsFunc(b.Records, func(r events.Record) bool { return r.Event == nil }) {
			continue
		}
		out = append(out, base)
	}
	if len(out) < 20 {
		t.Fatalf("only %d fixtures round-trip; the glob or the fixtures are wrong", len(out))
	}
	return out
}

// innerEvents returns the raw event documents a fixture holds.
func innerEvents(t *testing.T, doc []byte) [][]byte {
	t.Helper()
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(doc, &probe); err != nil {
		t.Fatal(err)
	}
	unquote := func(raw json.RawMessage) []byte {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatal(err)
		}
		return []byte(s)
	}
	switch {
	case probe["detail-type"] != nil:
		return [][]byte{doc}
	case probe["Message"] != nil:
		return [][]byte{unquote(probe["Message"])}
	case probe["body"] != nil:
		return innerEvents(t, unquote(probe["body"]))
	case probe["Sns"] != nil:
		return innerEvents(t, probe["Sns"])
	}
	var recs []json.RawMessage
	if err := json.Unmarshal(probe["Records"], &recs); err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, r := range recs {
		out = append(out, innerEvents(t, r)...)
	}
	return out
}

// compactRaw compares raw JSON values by meaning, so that white space and
// escapes (json.Marshal writes ">" as "\u003e") do not count. Values that are
// not JSON compare by their bytes.
var compactRaw = cmp.Comparer(func(a, b json.RawMessage) bool {
	if len(a) == 0 || len(b) == 0 {
		return len(a) == len(b)
	}
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return bytes.Equal(a, b)
	}
	return cmp.Equal(va, vb)
})

func semantic(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	return v
}

// TestRoundTrip checks that every event decodes and re-encodes to
// semantically equal JSON, that the encoding matches its golden file, and
// that decoding the encoding gives the same event.
func TestRoundTrip(t *testing.T) {
	for _, name := range roundTripFixtures(t) {
		t.Run(name, func(t *testing.T) {
			batch, err := events.Unwrap(fixture(t, name))
			if err != nil {
				t.Fatal(err)
			}
			inner := innerEvents(t, fixture(t, name))
			if len(inner) != len(batch.Records) {
				t.Fatalf("%d inner documents, %d records", len(inner), len(batch.Records))
			}
			var encoded bytes.Buffer
			for i, r := range batch.Records {
				out, err := json.Marshal(r.Event)
				if err != nil {
					t.Fatalf("Marshal: %v", err)
				}
				if diff := cmp.Diff(semantic(t, inner[i]), semantic(t, out)); diff != "" {
					t.Errorf("record %d: mismatch (-want +got):\n%s", i, diff)
				}
				again, err := events.Parse(out)
				if _, unknown := r.Event.(*events.Unknown); err != nil && !(unknown && errors.Is(err, events.ErrUnknownDetailType)) {
					t.Fatalf("Parse(Marshal(event)): %v", err)
				}
				if diff := cmp.Diff(r.Event, again, compactRaw); diff != "" {
					t.Errorf("record %d: re-parse mismatch (-want +got):\n%s", i, diff)
				}
				encoded.Write(out)
				encoded.WriteByte('\n')
			}
			golden.Check(t, filepath.Join("testdata", "golden", name), encoded.Bytes())
		})
	}
}

func TestMarshalEdits(t *testing.T) {
	tests := map[string]struct {
		ev      events.Event
		want    string
		wantErr error
	}{
		"escapes and invalid UTF-8": {
			ev:   &events.Deletion{Header: events.Header{Source: "aws.kms", DetailType: events.DetailTypeDeletion}, Detail: events.DeletionDetail{KeyID: "a\"b\\c\n\x01\xff"}},
			want: `{"detail-type":"KMS CMK Deletion","source":"aws.kms","detail":{"key-id":"a\"b\\c\n\u0001\ufffd"}}`,
		},
		"empty extra value is null": {
			ev:   &events.Expiration{Detail: events.ExpirationDetail{KeyID: "k", Extra: []events.Member{{Name: "x"}}}},
			want: `{"detail":{"key-id":"k","x":null}}`,
		},
		"extra value that is not JSON": {
			ev:      &events.Expiration{Detail: events.ExpirationDetail{KeyID: "k", Extra: []events.Member{{Name: "x", Value: json.RawMessage("{oops")}}}},
			wantErr: events.ErrSyntax,
		},
		"unknown detail": {
			ev:   &events.Unknown{Header: events.Header{DetailType: "New"}, Detail: events.UnknownDetail{Raw: json.RawMessage(`{ "a" : [1, 2] }`)}},
			want: `{"detail-type":"New","detail":{"a":[1,2]}}`,
		},
		"unknown without detail": {
			ev:   &events.Unknown{},
			want: `{"detail":null}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.ev.MarshalJSON()
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("MarshalJSON error = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnmarshalJSON(t *testing.T) {
	var doc struct {
		Event events.Rotation `json:"event"`
	}
	in := `{"event":` + string(fixture(t, "rotation-2025.json")) + `}`
	if err := json.Unmarshal([]byte(in), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Event.Detail.CurrentKeyMaterialID != docMat1 {
		t.Errorf("CurrentKeyMaterialID = %q, want %q", doc.Event.Detail.CurrentKeyMaterialID, docMat1)
	}
	var del events.Deletion
	err := json.Unmarshal(fixture(t, "rotation-2025.json"), &del)
	if !errors.Is(err, events.ErrUnexpectedDetailType) {
		t.Errorf("Unmarshal rotation into Deletion: error = %v, want ErrUnexpectedDetailType", err)
	}
	if !strings.Contains(err.Error(), `want "KMS CMK Deletion"`) {
		t.Errorf("error %q does not name the wanted detail-type", err)
	}
}
