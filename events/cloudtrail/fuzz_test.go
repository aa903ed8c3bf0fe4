package cloudtrail_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/cloudtrail"
	"github.com/kmswatch/kmswatch/internal/gztest"
)

// summary is a Reader's result in comparable form.
func summary(res result) []string {
	out := strs(res.Records)
	for _, err := range res.Skipped {
		out = append(out, "skipped: "+err.Error())
	}
	if res.Err != nil {
		out = append(out, "error: "+res.Err.Error())
	}
	return out
}

// reference reads a log file with encoding/json: the records of every
// Records member in order, the indexes of the records that are not
// objects, and whether the file is a log file at all.
func reference(data []byte) (records [][]byte, notObjects []int, isLog bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, _ := dec.Token(); tok != json.Delim('{') {
		return nil, nil, false
	}
	index := 0
	for dec.More() {
		key, _ := dec.Token()
		var raw json.RawMessage
		if key != "Records" {
			_ = dec.Decode(&raw)
			continue
		}
		tok, _ := dec.Token()
		if tok == nil {
			isLog = true
			continue
		}
		if tok != json.Delim('[') {
			return nil, nil, false
		}
		isLog = true
		for dec.More() {
			_ = dec.Decode(&raw)
			if raw[0] == '{' {
				records = append(records, bytes.Clone(raw))
			} else {
				notObjects = append(notObjects, index)
			}
			index++
		}
		_, _ = dec.Token()
	}
	return records, notObjects, isLog
}

// FuzzReader checks the Reader against encoding/json: it rejects exactly the
// invalid JSON, finds the same records, skips the same non-objects, and
// gives the same result however the input is split into reads.
func FuzzReader(f *testing.F) {
	for _, r := range sampleRecords(f, 3) {
		f.Add(logFile(r))
	}
	f.Add(logFile(sampleRecords(f, 2)...))
	f.Add(gztest.Compress(f, logFile(sampleRecords(f, 1)...)))
	f.Add([]byte(`{"a":[1,2.5e-3,true,false,null,"\u00e9\n"],"Records":[{"x":{}},7,[]],"Records":null}`))
	f.Add([]byte(`{"R\u0065cords":[{"eventType":"AwsApiCall"}]}`))
	f.Add([]byte(`{"Records":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		whole := readAll(cloudtrail.NewReader(bytes.NewReader(data)))
		oneByte := readAll(cloudtrail.NewReader(iotest.OneByteReader(bytes.NewReader(data))))
		if diff := cmp.Diff(summary(whole), summary(oneByte)); diff != "" {
			t.Fatalf("whole and one-byte reads differ (-whole +one byte):\n%s", diff)
		}
		if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
			return // gzip: no JSON to compare with
		}
		var se *events.SyntaxError
		if !json.Valid(data) {
			if !errors.As(whole.Err, &se) {
				t.Fatalf("invalid JSON read without a syntax error: %v", whole.Err)
			}
			return
		}
		if errors.As(whole.Err, &se) {
			if se.Msg == "exceeded max depth" {
				return // encoding/json allows 10000 levels, the Reader 1100
			}
			t.Fatalf("valid JSON read with a syntax error: %v", whole.Err)
		}
		records, notObjects, isLog := reference(data)
		if !isLog {
			if !errors.Is(whole.Err, cloudtrail.ErrNotLogFile) {
				t.Fatalf("not a log file, yet error %v", whole.Err)
			}
			return
		}
		if whole.Err != nil {
			t.Fatalf("a log file read with error %v", whole.Err)
		}
		if diff := cmp.Diff(strs(records), strs(whole.Records)); diff != "" {
			t.Fatalf("records mismatch (-encoding/json +Reader):\n%s", diff)
		}
		var skipped []int
		for _, err := range whole.Skipped {
			var re *cloudtrail.RecordError
			if !errors.As(err, &re) || !errors.Is(err, cloudtrail.ErrNotObject) {
				t.Fatalf("skipped record error %v, want ErrNotObject", err)
			}
			skipped = append(skipped, re.Index)
		}
		if diff := cmp.Diff(notObjects, skipped); diff != "" {
			t.Fatalf("skipped records mismatch (-encoding/json +Reader):\n%s", diff)
		}
	})
}

// FuzzAppendEvent checks that AppendEvent never panics, rejects exactly the
// invalid JSON, and that an event it builds is valid JSON whose envelope
// agrees with the record as encoding/json reads it and whose detail is the
// record; and that the Reader's AppendEvent agrees.
func FuzzAppendEvent(f *testing.F) {
	for _, r := range sampleRecords(f, 3) {
		f.Add(r)
	}
	f.Add([]byte(signIn))
	f.Add([]byte(`{"eventType":"Aws\u0041piCall","eventSource":"a\"b.c","eventTime":"2025-05-23T03:11:54Z","awsRegion":"r","recipientAccountId":"1","eventID":"e"}`))
	f.Add([]byte(`{"eventType":"AwsApiCall","eventSource":"kms","eventTime":5,"eventID":null}`))
	f.Fuzz(func(t *testing.T, record []byte) {
		out, err := cloudtrail.AppendEvent(nil, record)
		var se *events.SyntaxError
		if isSyntax := errors.As(err, &se); isSyntax == json.Valid(record) && !(isSyntax && se.Msg == "exceeded max depth") {
			t.Fatalf("AppendEvent error %v, encoding/json Valid %v", err, json.Valid(record))
		}
		if err != nil {
			if out != nil {
				t.Fatalf("dst changed on error: %q", out)
			}
			if !errors.Is(err, events.ErrSyntax) && !errors.Is(err, cloudtrail.ErrNotObject) &&
				!errors.Is(err, cloudtrail.ErrUnknownEventType) && !errors.Is(err, events.ErrMissingField) && !errors.Is(err, events.ErrInvalidField) {
				t.Fatalf("error %v matches no documented sentinel", err)
			}
		}
		if err == nil || !errors.Is(err, events.ErrSyntax) {
			// The same record read from a log file gives the same result.
			r := cloudtrail.NewReader(bytes.NewReader(logFile(record)))
			var fromReader []byte
			_, rerr := r.Next()
			if rerr == nil {
				fromReader, rerr = r.AppendEvent(nil)
			}
			if fmt.Sprint(rerr) != fmt.Sprint(err) && !(errors.Is(err, cloudtrail.ErrNotObject) && errors.Is(rerr, cloudtrail.ErrNotObject)) {
				t.Fatalf("Reader error %v, AppendEvent error %v", rerr, err)
			}
			if !bytes.Equal(fromReader, out) {
				t.Fatalf("Reader event %s, AppendEvent event %s", fromReader, out)
			}
		}
		if err != nil {
			return
		}
		if !json.Valid(out) {
			t.Fatalf("invalid JSON event %q", out)
		}
		var env struct {
			Version, ID, Source, Account, Time, Region string
			DetailType                                 string `json:"detail-type"`
			Resources                                  []string
			Detail                                     json.RawMessage
		}
		if err := json.Unmarshal(out, &env); err != nil {
			t.Fatal(err)
		}
		var rec map[string]any
		if err := json.Unmarshal(record, &rec); err != nil {
			t.Fatal(err)
		}
		dt, _ := cloudtrail.DetailTypeOf(events.CloudTrailEventType(rec["eventType"].(string)))
		label, _, _ := strings.Cut(rec["eventSource"].(string), ".")
		want := []string{"0", rec["eventID"].(string), string(dt), "aws." + label, rec["recipientAccountId"].(string), rec["eventTime"].(string), rec["awsRegion"].(string)}
		got := []string{env.Version, env.ID, env.DetailType, env.Source, env.Account, env.Time, env.Region}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("envelope mismatch (-want +got):\n%s", diff)
		}
		if env.Resources == nil || len(env.Resources) != 0 {
			t.Fatalf("resources %v, want []", env.Resources)
		}
		if string(env.Detail) != string(bytes.TrimSpace(record)) {
			t.Fatalf("detail %s is not the record %s", env.Detail, record)
		}
	})
}
