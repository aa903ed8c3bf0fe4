package events_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/bounded"
)

// rotationWith is the 2025 rotation event with the JSON text of one
// top-level field (or of the whole detail) replaced.
func rotationWith(field, raw string) []byte {
	fields := []struct{ k, v string }{
		{"version", `"0"`},
		{"id", `"6a7e8feb-b491-4cf7-a9f1-bf3703467718"`},
		{"detail-type", `"KMS CMK Rotation"`},
		{"source", `"aws.kms"`},
		{"account", `"111122223333"`},
		{"time", `"2025-05-23T03:11:54Z"`},
		{"region", `"us-west-2"`},
		{"resources", `["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]`},
		{"detail", `{"key-id":"1234abcd-12ab-34cd-56ef-1234567890ab","key-origin":"AWS_KMS","rotation-type":"ON_DEMAND"}`},
	}
	var b strings.Builder
	b.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(",")
		}
		v := f.v
		if f.k == field {
			v = raw
		}
		fmt.Fprintf(&b, "%q:%s", f.k, v)
	}
	b.WriteString("}")
	return []byte(b.String())
}

// detailWith is the rotation event with detail.key-id's JSON text replaced.
func detailWith(keyID string) []byte {
	return rotationWith("detail", `{"key-id":`+keyID+`,"key-origin":"AWS_KMS","rotation-type":"ON_DEMAND"}`)
}

func deep(n int, open, close string) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

// TestHostileParse feeds Parse hostile documents. Each case names the
// sentinel the error must match and, where one exists, the typed error
// errors.As must find. want nil means the document is valid and must decode
// without loss: field names what to read of the event and value what it must be.
func TestHostileParse(t *testing.T) {
	huge := strings.Repeat("a", 2<<20)
	long := strings.Repeat("1", 100_000)
	manyResources := "[" + strings.TrimSuffix(strings.Repeat(`"x",`, 100_000), ",") + "]"
	tests := map[string]struct {
		in   []byte
		want error
		as   any
		// field and value: for input that decodes, what the event holds
		field string
		value any
	}{
		"empty":                             {in: nil, want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"whitespace only":                   {in: []byte(" \n\t "), want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"null":                              {in: []byte("null"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"array":                             {in: []byte("[]"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"NUL byte alone":                    {in: []byte{0}, want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"truncated":                         {in: rotationWith("", "")[:40], want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"2 MiB string":                      {in: rotationWith("id", `"`+huge+`"`), want: events.ErrTooLarge, as: new(*events.SizeError)},
		"10k nested arrays":                 {in: rotationWith("detail", `{"x":`+deep(10_000, "[", "]")+`}`), want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"10k nested objects":                {in: rotationWith("detail", deep(10_000, `{"a":`, "}")), want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"10k nested at top":                 {in: []byte(deep(10_000, "[", "]")), want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"raw NUL in string":                 {in: rotationWith("id", "\"a\x00b\""), want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"raw control char":                  {in: rotationWith("region", "\"us-\x01west-2\""), want: events.ErrSyntax, as: new(*events.SyntaxError)},
		"escaped NUL in key-id kept":        {in: detailWith(`"\u0000"`), field: "key ID", value: "\x00"},
		"invalid UTF-8 in key-id as U+FFFD": {in: detailWith("\"\xff\xfe\""), field: "key ID", value: "\ufffd\ufffd"},
		"invalid UTF-8 in id":               {in: rotationWith("id", "\"\xff\""), field: "id", value: "\ufffd"},
		"lone surrogate in id":              {in: rotationWith("id", `"\ud800"`), field: "id", value: "\ufffd"},
		"100k-character key-id kept":        {in: detailWith(`"` + long + `"`), field: "key ID", value: long},
		"100k resources":                    {in: rotationWith("resources", manyResources), field: "resources", value: 100_000},
		"source number":                     {in: rotationWith("source", "1"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"source object":                     {in: rotationWith("source", "{}"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"source null":                       {in: rotationWith("source", "null"), want: events.ErrMissingField, as: new(*events.FieldError)},
		"detail-type number":                {in: rotationWith("detail-type", "7"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"detail-type null":                  {in: rotationWith("detail-type", "null"), want: events.ErrMissingField, as: new(*events.FieldError)},
		"id number":                         {in: rotationWith("id", "7"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"id null is absent":                 {in: rotationWith("id", "null"), field: "id", value: ""},
		"account number":                    {in: rotationWith("account", "111122223333"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"account null is absent":            {in: rotationWith("account", "null"), field: "account", value: ""},
		"time number":                       {in: rotationWith("time", "1700000000"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"time not RFC 3339":                 {in: rotationWith("time", `"yesterday"`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"time null is absent":               {in: rotationWith("time", "null"), field: "time zero", value: true},
		"region array":                      {in: rotationWith("region", `["us-west-2"]`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"region null is absent":             {in: rotationWith("region", "null"), field: "region", value: ""},
		"resources object":                  {in: rotationWith("resources", `{"a":"b"}`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"resources string":                  {in: rotationWith("resources", `"arn"`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"resources element number":          {in: rotationWith("resources", `[1]`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"detail array":                      {in: rotationWith("detail", `[]`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"detail string":                     {in: rotationWith("detail", `"x"`), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"detail null":                       {in: rotationWith("detail", `null`), want: events.ErrMissingField, as: new(*events.FieldError)},
		"key-id number":                     {in: detailWith("1"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"key-id object":                     {in: detailWith("{}"), want: events.ErrInvalidField, as: new(*events.FieldError)},
		"key-id null":                       {in: detailWith("null"), want: events.ErrMissingField, as: new(*events.FieldError)},
		"key-id empty":                      {in: detailWith(`""`), want: events.ErrMissingField, as: new(*events.FieldError)},
		"duplicate source, KMS last":        {in: []byte(strings.Replace(string(rotationWith("", "")), `"source":"aws.kms"`, `"source":"aws.ec2","source":"aws.kms"`, 1)), field: "source", value: "aws.kms"},
		"duplicate source, KMS first":       {in: []byte(strings.Replace(string(rotationWith("", "")), `"source":"aws.kms"`, `"source":"aws.kms","source":"aws.ec2"`, 1)), want: events.ErrNotKMS, as: new(*events.SourceError)},
		"duplicate id":                      {in: []byte(strings.Replace(string(rotationWith("", "")), `"id":`, `"id":"first","id":`, 1)), field: "id", value: "6a7e8feb-b491-4cf7-a9f1-bf3703467718"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				ev  events.Event
				err error
			)
			bounded.Run(t, func() { ev, err = events.Parse(tc.in) })
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				h := ev.Head()
				observed := map[string]any{
					"id": h.ID, "account": h.Account, "region": h.Region, "source": h.Source,
					"time zero": h.Time.IsZero(), "key ID": ev.KeyID(), "resources": len(h.Resources),
				}
				if got := observed[tc.field]; got != tc.value {
					t.Errorf("%s = %s, want %s", tc.field, short(got), short(tc.value))
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse error = %v, want errors.Is %v", err, tc.want)
			}
			if !errors.As(err, tc.as) {
				t.Errorf("Parse error %v (%T) does not match errors.As %T", err, err, tc.as)
			}
		})
	}
}

// TestHostileDuplicateKeys checks the documented rule for repeated members:
// the last one wins, as with encoding/json, and a repeated detail object
// replaces the earlier one whole (encoding/json would merge the two into a
// struct).
func TestHostileDuplicateKeys(t *testing.T) {
	const keyID = "1234abcd-12ab-34cd-56ef-1234567890ab"
	base := strings.TrimSuffix(string(rotationWith("", "")), "}")
	tests := map[string]struct {
		in         string
		detailType events.DetailType
		keyID      string
		origin     events.KeyOrigin
	}{
		"key-id twice": {
			in:         strings.Replace(base, `"key-id":"`+keyID+`"`, `"key-id":"first","key-id":"`+keyID+`"`, 1) + "}",
			detailType: events.DetailTypeRotation, keyID: keyID, origin: "AWS_KMS",
		},
		"detail-type again after detail": {
			in:         base + `,"detail-type":"KMS CMK Deletion"}`,
			detailType: events.DetailTypeDeletion, keyID: keyID,
		},
		"detail twice": {
			in:         base + `,"detail":{"key-id":"other"}}`,
			detailType: events.DetailTypeRotation, keyID: "other",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.Parse([]byte(tc.in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var origin events.KeyOrigin
			if r, ok := ev.(*events.Rotation); ok {
				origin = r.Detail.KeyOrigin
			}
			got := []string{string(ev.Head().DetailType), ev.KeyID(), string(origin)}
			want := []string{string(tc.detailType), tc.keyID, string(tc.origin)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[detail-type key-id key-origin] mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// short formats v for a test message, cutting a long string short.
func short(v any) string {
	if s, ok := v.(string); ok && len(s) > 80 {
		return fmt.Sprintf("%.80q (%d bytes)", s, len(s))
	}
	return fmt.Sprintf("%#v", v)
}

// TestHostileTypedParsers checks that each typed parser rejects hostile input
// with a typed error rather than a panic.
func TestHostileTypedParsers(t *testing.T) {
	inputs := map[string]struct {
		in   []byte
		want error
	}{
		"empty":         {nil, events.ErrSyntax},
		"null":          {[]byte("null"), events.ErrInvalidField},
		"deep":          {[]byte(deep(10_000, `{"a":`, "}")), events.ErrSyntax},
		"huge":          {[]byte(`{"id":"` + strings.Repeat("a", 2<<20) + `"}`), events.ErrTooLarge},
		"invalid UTF-8": {[]byte("\xff\xfe"), events.ErrSyntax},
		"nulls":         {[]byte(`{"version":null,"id":null,"detail-type":null,"source":null,"account":null,"time":null,"region":null,"resources":null,"detail":null}`), events.ErrMissingField},
		"wrong types":   {[]byte(`{"version":0,"id":0,"detail-type":0,"source":0,"account":0,"time":0,"region":0,"resources":{},"detail":[]}`), events.ErrInvalidField},
	}
	for pname, parse := range typedParsers {
		for iname, in := range inputs {
			t.Run(pname+"/"+iname, func(t *testing.T) {
				var err error
				bounded.Run(t, func() { err = parse.fn(in.in) })
				if !errors.Is(err, in.want) {
					t.Errorf("error = %v, want errors.Is %v", err, in.want)
				}
			})
		}
	}
}

// TestHostileUnwrap feeds Unwrap hostile deliveries: whole-input problems are
// errors; a bad record gets its own Err, is reported in the joined
// *RecordError, and never loses the other records.
func TestHostileUnwrap(t *testing.T) {
	good := string(rotationWith("", ""))
	sqs := func(bodies ...string) []byte {
		var b strings.Builder
		b.WriteString(`{"Records":[`)
		for i, body := range bodies {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"messageId":"m%d","eventSource":"aws:sqs","body":%s}`, i, body)
		}
		b.WriteString("]}")
		return []byte(b.String())
	}
	quoted := func(s string) string { return fmt.Sprintf("%q", s) }
	tests := map[string]struct {
		in      []byte
		want    error // whole-input error, or nil
		records int   // records expected when want is nil
		failed  int   // records with an error
		recErr  error // what each failed record's error matches
	}{
		"empty":               {in: nil, want: events.ErrSyntax},
		"null":                {in: []byte("null"), want: events.ErrUnknownShape},
		"7 MiB":               {in: []byte(`{"Records":["` + strings.Repeat("a", 7<<20) + `"]}`), want: events.ErrTooLarge},
		"10k nested":          {in: []byte(deep(10_000, `{"Records":`, "}")), want: events.ErrSyntax},
		"invalid UTF-8":       {in: []byte("\xff"), want: events.ErrSyntax},
		"Records null":        {in: []byte(`{"Records":null}`), want: events.ErrUnknownShape},
		"Records object":      {in: []byte(`{"Records":{}}`), want: events.ErrUnknownShape},
		"Records string":      {in: []byte(`{"Records":"x"}`), want: events.ErrUnknownShape},
		"unknown object":      {in: []byte(`{"a":1}`), want: events.ErrUnknownShape},
		"body number":         {in: sqs(quoted(good), "1"), records: 2, failed: 1, recErr: events.ErrUnknownShape},
		"body null":           {in: sqs("null", quoted(good)), records: 2, failed: 1, recErr: events.ErrUnknownShape},
		"body not JSON":       {in: sqs(quoted(good), quoted("{")), records: 2, failed: 1, recErr: events.ErrSyntax},
		"body deep":           {in: sqs(quoted(deep(10_000, "[", "]")), quoted(good)), records: 2, failed: 1, recErr: events.ErrSyntax},
		"body 2 MiB":          {in: sqs(quoted(good), quoted(`{"id":"`+strings.Repeat("a", 2<<20)+`"}`)), records: 2, failed: 1, recErr: events.ErrTooLarge},
		"body alarm ARN only": {in: sqs(quoted(good), quoted(`{"AlarmArn":"arn:aws:cloudwatch:us-west-2:111122223333:alarm:x"}`)), records: 2, failed: 1, recErr: events.ErrMissingField},
		"body invalid UTF-8":  {in: sqs("\"\xff\"", quoted(good)), records: 2, failed: 1, recErr: events.ErrSyntax},
		"record null":         {in: []byte(`{"Records":[null,{"messageId":"m1","eventSource":"aws:sqs","body":` + quoted(good) + `}]}`), records: 2, failed: 1, recErr: events.ErrUnknownShape},
		"record number":       {in: []byte(`{"Records":[1,{"messageId":"m1","eventSource":"aws:sqs","body":` + quoted(good) + `}]}`), records: 2, failed: 1, recErr: events.ErrUnknownShape},
		"100k empty records":  {in: []byte(`{"Records":[` + strings.TrimSuffix(strings.Repeat("{},", 100_000), ",") + `]}`), records: 100_000, failed: 100_000, recErr: events.ErrUnknownShape},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				b   *events.Batch
				err error
			)
			bounded.Run(t, func() { b, err = events.Unwrap(tc.in) })
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("Unwrap error = %v, want errors.Is %v", err, tc.want)
				}
				return
			}
			if (err != nil) != (tc.failed > 0) || (err != nil && !errors.Is(err, tc.recErr)) {
				t.Fatalf("Unwrap error = %.300v, want one matching %v for %d failed records", err, tc.recErr, tc.failed)
			}
			if len(b.Records) != tc.records {
				t.Fatalf("records = %d, want %d", len(b.Records), tc.records)
			}
			failed := 0
			for i, r := range b.Records {
				if r.Err == nil {
					continue
				}
				failed++
				if !errors.Is(r.Err, tc.recErr) {
					t.Errorf("record %d error = %.300v, want errors.Is %v", i, r.Err, tc.recErr)
				}
			}
			var re *events.RecordError
			if tc.failed > 0 && !errors.As(err, &re) {
				t.Errorf("Unwrap error %.200v holds no *RecordError", err)
			}
			if failed != tc.failed {
				t.Errorf("failed records = %d, want %d", failed, tc.failed)
			}
			if got, want := len(b.Response().BatchItemFailures), tc.failed; got != want {
				t.Errorf("batch item failures = %d, want %d", got, want)
			}
		})
	}
}

// TestHostileARN checks ParseARN and ParsePendingDeletion with hostile strings.
func TestHostileARN(t *testing.T) {
	const valid = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	inputs := map[string]string{
		"empty":                    "",
		"2 MiB":                    strings.Repeat("a", 2<<20),
		"100k colons":              strings.Repeat(":", 100_000),
		"100k slashes":             "arn:aws:kms:us-west-2:111122223333:key" + strings.Repeat("/", 100_000),
		"NUL in key id":            valid + "\x00",
		"NUL in partition":         "arn:aws\x00:kms:us-west-2:111122223333:key/k",
		"control character":        "arn:aws:kms:us-west-2:111122223333:key/a\x01b",
		"invalid UTF-8":            "arn:aws:kms:us-west-2:111122223333:key/\xff\xfe",
		"invalid UTF-8 region":     "arn:aws:kms:\xff:111122223333:key/k",
		"only prefix":              "arn:",
		"fields empty":             "arn:::::",
		"alias empty":              "arn:aws:kms:us-west-2:111122223333:alias/",
		"account 13 digits":        "arn:aws:kms:us-west-2:1111222233334:key/k",
		"account non-ASCII digits": "arn:aws:kms:us-west-2:١١١١٢٢٢٢٣٣٣٣:key/k",
		"newline":                  valid + "\n",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			var err error
			bounded.Run(t, func() { _, err = events.ParseARN(in) })
			var ae *events.ARNError
			if !errors.Is(err, events.ErrInvalidARN) || !errors.As(err, &ae) {
				t.Errorf("ParseARN error = %v, want *ARNError matching ErrInvalidARN", err)
			}
			var ok bool
			bounded.Run(t, func() { _, ok = events.ParsePendingDeletion(in + " is pending deletion.") })
			if ok {
				t.Errorf("ParsePendingDeletion accepted %.80q", in)
			}
		})
	}
}

// TestHostileLongARN checks that a key ID of any length is kept whole: ParseARN
// sets no length limit of its own.
func TestHostileLongARN(t *testing.T) {
	id := strings.Repeat("a", 2<<20)
	a, err := events.ParseARN("arn:aws:kms:us-west-2:111122223333:key/" + id)
	if err != nil {
		t.Fatalf("ParseARN: %.200v", err)
	}
	if a.ID != id {
		t.Errorf("ID has %d bytes, want %d", len(a.ID), len(id))
	}
}

// TestHostileDeduplicator checks that the zero Deduplicator and a nil event
// are handled rather than panicking.
func TestHostileDeduplicator(t *testing.T) {
	ev, err := events.ParseRotation(rotationWith("", ""))
	if err != nil {
		t.Fatal(err)
	}
	var d events.Deduplicator
	var first, second, nilEvent bool
	bounded.Run(t, func() {
		first = d.Duplicate(ev)
		second = d.Duplicate(ev)
		nilEvent = d.Duplicate(nil)
	})
	if first || !second {
		t.Errorf("zero Deduplicator: Duplicate = %t then %t, want false then true", first, second)
	}
	if nilEvent {
		t.Error("Duplicate(nil) = true, want false")
	}
}

// TestHostileNilEvents checks that a typed nil event answers with zero
// values instead of panicking, so a Deduplicator never sees it as a repeat.
func TestHostileNilEvents(t *testing.T) {
	nils := map[string]events.Event{
		"rotation":   (*events.Rotation)(nil),
		"expiration": (*events.Expiration)(nil),
		"deletion":   (*events.Deletion)(nil),
		"cloudtrail": (*events.CloudTrail)(nil),
		"unknown":    (*events.Unknown)(nil),
	}
	d := events.NewDeduplicator(0, 0)
	for name, ev := range nils {
		t.Run(name, func(t *testing.T) {
			var (
				dt    events.DetailType
				id    string
				arn   events.ARN
				first bool
			)
			bounded.Run(t, func() {
				dt, id, arn = ev.Head().DetailType, ev.KeyID(), ev.KeyARN()
				once := d.Duplicate(ev)
				first = d.Duplicate(ev) || once
			})
			if dt != "" || id != "" || !arn.IsZero() || first {
				t.Errorf("nil event: detail-type %q, key ID %q, ARN %v, duplicate %t; want zero values and false", dt, id, arn, first)
			}
		})
	}
}
