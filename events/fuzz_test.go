package events_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
)

// seedFixtures adds every fixture to f's corpus.
func seedFixtures(f *testing.F) {
	names, err := filepath.Glob("testdata/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range names {
		f.Add(fixture(f, filepath.Base(n)))
	}
}

// FuzzParse checks that Parse never panics, fails with ErrSyntax exactly
// when encoding/json rejects the input, and that whatever it accepts
// re-encodes to valid JSON that parses back to the same event.
func FuzzParse(f *testing.F) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := events.Parse(data)
		var se *events.SyntaxError
		isSyntax := errors.As(err, &se)
		valid := json.Valid(data)
		switch {
		case isSyntax && se.Msg == "exceeded max depth":
			// encoding/json allows 10000 levels, Parse 1100.
		case isSyntax == valid:
			t.Fatalf("Parse syntax error = %v, encoding/json Valid = %v", err, valid)
		}
		if ev == nil {
			if err == nil {
				t.Fatal("nil event without error")
			}
			return
		}
		out, merr := ev.MarshalJSON()
		if merr != nil {
			t.Fatalf("MarshalJSON: %v", merr)
		}
		if !json.Valid(out) {
			t.Fatalf("MarshalJSON gave invalid JSON %q", out)
		}
		again, err2 := events.Parse(out)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("Parse(Marshal(event)) error = %v, first parse error = %v", err2, err)
		}
		if diff := cmp.Diff(ev, again, compactRaw); diff != "" {
			t.Fatalf("re-parse mismatch (-want +got):\n%s", diff)
		}
	})
}

// FuzzUnwrap checks that Unwrap never panics, that every record has an
// event or an error, and that no record changes when the input is
// overwritten afterwards.
func FuzzUnwrap(f *testing.F) {
	seedFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := events.Unwrap(data)
		if b == nil {
			if err == nil {
				t.Fatal("nil batch without error")
			}
			return
		}
		in := bytes.Clone(data)
		again, _ := events.Unwrap(in)
		clear(in)
		if diff := cmp.Diff(recordText(t, b), recordText(t, again)); diff != "" {
			t.Fatalf("records changed with the input (-want +got):\n%s", diff)
		}
		failed := 0
		for i, r := range b.Records {
			if r.Event == nil && r.Alarm == nil && r.Err == nil {
				t.Fatalf("record %d has neither event, alarm nor error", i)
			}
			if r.Err != nil && (r.Event != nil || r.Alarm != nil) {
				t.Fatalf("record %d has an error and a value", i)
			}
			if r.Err != nil {
				failed++
			}
			if r.Event != nil {
				if _, err := r.Event.MarshalJSON(); err != nil {
					t.Fatalf("record %d: MarshalJSON: %v", i, err)
				}
			}
		}
		// On a FIFO queue the response also lists the records after the
		// first failure.
		listed := len(b.Response().BatchItemFailures)
		if (failed > 0) != (err != nil) || listed < failed || !b.FIFO() && listed != failed {
			t.Fatalf("%d failed records, error %v, response %v", failed, err, b.Response())
		}
	})
}

// FuzzStringDecode checks string decoding against encoding/json: a key-id
// given as any JSON string literal must decode to the same Go string.
func FuzzStringDecode(f *testing.F) {
	for _, s := range []string{`"abc"`, `"\u00e9\n\t\"\\\/"`, `"\ud83d\ude00"`, `"\ud800x"`, `"\udc00\ud800"`, "\"\xff\xfe\"", `"caf\u00e9"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		var want string
		if json.Unmarshal([]byte(lit), &want) != nil || want == "" || !strings.HasPrefix(strings.TrimLeft(lit, " \t\r\n"), `"`) {
			return
		}
		doc := `{"source":"aws.kms","detail-type":"KMS CMK Deletion","detail":{"key-id":` + lit + `}}`
		ev, err := events.ParseDeletion([]byte(doc))
		if err != nil {
			t.Fatalf("ParseDeletion(%q): %v", doc, err)
		}
		if ev.Detail.KeyID != want {
			t.Fatalf("key-id %q, encoding/json gives %q", ev.Detail.KeyID, want)
		}
	})
}

// FuzzParseARN checks that an ARN ParseARN accepts prints back unchanged.
func FuzzParseARN(f *testing.F) {
	for _, s := range []string{docKeyARN, "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1", "arn:aws:kms:us-west-2:111122223333:alias/aws/s3", "arn:aws:kms:::", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := events.ParseARN(s)
		if err != nil {
			if !errors.Is(err, events.ErrInvalidARN) {
				t.Fatalf("error %v does not match ErrInvalidARN", err)
			}
			return
		}
		if a.String() != s {
			t.Fatalf("String() = %q, want %q", a.String(), s)
		}
	})
}

// FuzzParsePendingDeletion checks that a recognised message names the key
// ARN it returns.
func FuzzParsePendingDeletion(f *testing.F) {
	for _, s := range []string{docKeyARN + " is pending deletion.", "KMSInvalidStateException: " + docKeyARN + " is pending replica deletion.", docKeyARN + " is not pending deletion."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		a, ok := events.ParsePendingDeletion(msg)
		if ok && (!a.IsKey() || !strings.Contains(msg, a.String()+" is pending")) {
			t.Fatalf("ParsePendingDeletion(%q) = %v, which the message does not name", msg, a)
		}
	})
}
