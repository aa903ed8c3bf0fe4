package cloudtrail_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/cloudtrail"
	"github.com/kmswatch/kmswatch/internal/gztest"
)

// readers are the ways a test feeds a file to a Reader: whole, and one byte
// per Read so that every token straddles a refill.
var readers = map[string]func([]byte) io.Reader{
	"whole":    func(b []byte) io.Reader { return bytes.NewReader(b) },
	"one byte": func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) },
}

func TestReaderFormats(t *testing.T) {
	recs := sampleRecords(t, 3)
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, logFile(recs...), "", "\t"); err != nil {
		t.Fatal(err)
	}
	compact := func(b []byte) []byte {
		var out bytes.Buffer
		if err := json.Compact(&out, b); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	allTypes := []byte(`{"s":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","n":[0,-1,2.5,-0.5e10,1E+2,3e-4],"b":[true,false,null],"o":{"":{}},"a":[[],[[]]]}`)
	firstHalf := logFile(recs...)[:200]
	tests := []struct {
		name  string
		input []byte
		want  [][]byte
	}{
		{"plain", logFile(recs...), recs},
		{"gzip", gztest.Compress(t, logFile(recs...)), recs},
		{"gzip of two members", append(gztest.Compress(t, firstHalf), gztest.Compress(t, logFile(recs...)[200:])...), recs},
		{"indented", pretty.Bytes(), nil}, // want: the records, compared compacted below
		{"empty Records", []byte(`{"Records":[]}`), nil},
		{"null Records", []byte(`{"Records":null}`), nil},
		{"other members around Records", []byte(`{"a":[1,{"Records":[{"x":1}]}],"Records":[` + string(recs[0]) + `],"z":"Records"}`), recs[:1]},
		{"Records given twice", []byte(`{"Records":[` + string(recs[0]) + `],"Records":[` + string(recs[1]) + `]}`), recs[:2]},
		{"escaped Records key", []byte(`{"R\u0065cords":[` + string(recs[2]) + `]}`), recs[2:]},
		{"every JSON value type", []byte(` {"Records" : [ ` + string(allTypes) + " ] }\n"), [][]byte{allTypes}},
	}
	for _, tt := range tests {
		for how, rd := range readers {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				got := readAll(cloudtrail.NewReader(rd(tt.input)))
				if got.Err != nil || len(got.Skipped) > 0 {
					t.Fatalf("error %v, skipped %v", got.Err, got.Skipped)
				}
				want := tt.want
				if tt.name == "indented" {
					want = recs
					for i, r := range got.Records {
						got.Records[i] = compact(r)
					}
				}
				if diff := cmp.Diff(strs(want), strs(got.Records)); diff != "" {
					t.Errorf("records mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func strs(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

func TestReaderErrors(t *testing.T) {
	recs := sampleRecords(t, 2)
	good := logFile(recs...)
	gz := gztest.Compress(t, good)
	badSum := bytes.Clone(gz)
	badSum[len(badSum)-6] ^= 0xff // inside the CRC-32 of the trailer
	deep := `{"Records":[` + strings.Repeat("[", 1100) + strings.Repeat("]", 1100) + "]}"

	tests := []struct {
		name    string
		input   []byte
		records int   // records read before the error
		is      error // the error that ends the file
		msg     string
	}{
		{"empty", nil, 0, events.ErrSyntax, "events: invalid JSON at byte 0: unexpected end of JSON input looking for beginning of value"},
		{"white space only", []byte(" \n"), 0, events.ErrSyntax, "at byte 2: unexpected end of JSON input"},
		{"not JSON", []byte("Records"), 0, events.ErrSyntax, `at byte 0: invalid character 'R' looking for beginning of value`},
		{"an array", []byte(`[{"Records":[]}]`), 0, cloudtrail.ErrNotLogFile, "not a log file at byte 0: the top-level value is not an object"},
		{"no Records", []byte(`{"awsAccountId":"111122223333","logFiles":[]}`), 0, cloudtrail.ErrNotLogFile, "no Records member"},
		{"Records not an array", []byte(`{"Records":{"a":1}}`), 0, cloudtrail.ErrNotLogFile, "at byte 11: Records is not an array"},
		{"truncated plain", good[:len(good)-40], 1, events.ErrSyntax, "unexpected end of JSON input"},
		{"truncated gzip", gz[:len(gz)/2], 0, io.ErrUnexpectedEOF, "cloudtrail: reading after byte"},
		{"gzip checksum", badSum, 2, gzip.ErrChecksum, "gzip: invalid checksum"},
		{"gzip header", []byte{0x1f, 0x8b, 0, 0, 0}, 0, io.ErrUnexpectedEOF, "reading after byte 0"},
		{"data after the object", append(bytes.Clone(good), `{}`...), 2, events.ErrSyntax, `invalid character '{' after top-level value`},
		{"missing comma between records", []byte(`{"Records":[` + string(recs[0]) + ` {}]}`), 1, events.ErrSyntax, `invalid character '{' after array element`},
		{"bad escape", []byte(`{"Records":[{"a":"\x"}]}`), 0, events.ErrSyntax, `invalid character 'x' in string escape code`},
		{"short unicode escape", []byte(`{"Records":[{"a":"\u12g4"}]}`), 0, events.ErrSyntax, `invalid character 'g' in \u hexadecimal character escape`},
		{"control character", []byte("{\"Records\":[{\"a\":\"\n\"}]}"), 0, events.ErrSyntax, `invalid character '\n' in string literal`},
		{"bad literal", []byte(`{"Records":[{"a":nul}]}`), 0, events.ErrSyntax, `in literal null`},
		{"bad number", []byte(`{"Records":[{"a":01}]}`), 0, events.ErrSyntax, `at byte 18: invalid character '1' after object key:value pair`},
		{"bare minus", []byte(`{"Records":[{"a":-}]}`), 0, events.ErrSyntax, `in numeric literal`},
		{"key not a string", []byte(`{"Records":[{a:1}]}`), 0, events.ErrSyntax, `looking for beginning of object key string`},
		{"too deep", []byte(deep), 0, events.ErrSyntax, "exceeded max depth"},
	}
	for _, tt := range tests {
		for how, rd := range readers {
			t.Run(tt.name+"/"+how, func(t *testing.T) {
				got := readAll(cloudtrail.NewReader(rd(tt.input)))
				if !errors.Is(got.Err, tt.is) {
					t.Fatalf("error %v, want one matching %v", got.Err, tt.is)
				}
				if !strings.Contains(got.Err.Error(), tt.msg) {
					t.Errorf("error %q, want it to contain %q", got.Err, tt.msg)
				}
				if len(got.Records) != tt.records {
					t.Errorf("read %d records before the error, want %d", len(got.Records), tt.records)
				}
				if diff := cmp.Diff(strs(recs[:tt.records]), strs(got.Records)); diff != "" {
					t.Errorf("records mismatch (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestReaderReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := cloudtrail.NewReader(io.MultiReader(strings.NewReader(`{"Records":[{"a":1},`), iotest.ErrReader(boom)))
	got := readAll(r)
	var re *cloudtrail.ReadError
	if !errors.As(got.Err, &re) || !errors.Is(got.Err, boom) {
		t.Fatalf("error %v, want a *ReadError wrapping %v", got.Err, boom)
	}
	if re.Offset != 20 || len(got.Records) != 1 {
		t.Errorf("offset %d after %d records, want 20 after 1", re.Offset, len(got.Records))
	}
}

// TestReaderNoInput checks that a Reader without input reports
// ErrNoInput, on every call, instead of panicking.
func TestReaderNoInput(t *testing.T) {
	tests := map[string]func() *cloudtrail.Reader{
		"NewReader(nil)": func() *cloudtrail.Reader { return cloudtrail.NewReader(nil) },
		"zero Reader":    func() *cloudtrail.Reader { return &cloudtrail.Reader{} },
	}
	for name, newReader := range tests {
		t.Run(name, func(t *testing.T) {
			r := newReader()
			for call := range 2 {
				rec, err := r.Next()
				if !errors.Is(err, cloudtrail.ErrNoInput) || rec != nil {
					t.Errorf("call %d: Next() = %q, %v; want nil, ErrNoInput", call+1, rec, err)
				}
			}
			if _, err := r.AppendEvent(nil); !errors.Is(err, cloudtrail.ErrNoRecord) {
				t.Errorf("AppendEvent: error %v, want ErrNoRecord", err)
			}
			if off := r.Offset(); off != 0 {
				t.Errorf("Offset() = %d, want 0", off)
			}
		})
	}
}

// TestReaderSkipsRecords checks that a record over the limit or not an
// object is reported on its own and the records after it are still read.
func TestReaderSkipsRecords(t *testing.T) {
	recs := sampleRecords(t, 2)
	big := `{"blob":"` + strings.Repeat("x", 3000) + `"}`
	input := logFile([]byte("42"), recs[0], []byte(big), []byte(`"s"`), recs[1])
	for how, rd := range readers {
		t.Run(how, func(t *testing.T) {
			r := cloudtrail.NewReader(rd(input))
			r.MaxRecordSize = 2000
			got := readAll(r)
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			if diff := cmp.Diff(strs(recs), strs(got.Records)); diff != "" {
				t.Errorf("records mismatch (-want +got):\n%s", diff)
			}
			bigAt := int64(len(`{"Records":[42,`) + len(recs[0]) + 1)
			want := []error{
				&cloudtrail.RecordError{Index: 0, Offset: 12, Err: cloudtrail.ErrNotObject},
				&cloudtrail.RecordError{Index: 2, Offset: bigAt, Err: &events.SizeError{Size: len(big), Limit: 2000}},
				&cloudtrail.RecordError{Index: 3, Offset: bigAt + int64(len(big)) + 1, Err: cloudtrail.ErrNotObject},
			}
			if diff := cmp.Diff(errorStrings(want), errorStrings(got.Skipped)); diff != "" {
				t.Errorf("skipped mismatch (-want +got):\n%s", diff)
			}
			if !errors.Is(got.Skipped[1], events.ErrTooLarge) || !errors.Is(got.Skipped[0], cloudtrail.ErrNotObject) {
				t.Errorf("skipped errors do not match their sentinels: %v", got.Skipped)
			}
		})
	}
}

// TestReaderOversizedSyntaxError checks that a record too large to hold is
// still validated as far as it is held before being passed over: a syntax
// error in its first MaxRecordSize bytes ends the file with its offset.
func TestReaderOversizedSyntaxError(t *testing.T) {
	head := `{"Records":[{"blob":"` + strings.Repeat("x", 500) + `","a":nul,"pad":"`
	input := []byte(head + strings.Repeat("p", 300<<10) + `"}]}`)
	for how, rd := range readers {
		t.Run(how, func(t *testing.T) {
			r := cloudtrail.NewReader(rd(input))
			r.MaxRecordSize = 2000
			got := readAll(r)
			var se *events.SyntaxError
			if !errors.As(got.Err, &se) {
				t.Fatalf("error %v, want an *events.SyntaxError", got.Err)
			}
			want := &events.SyntaxError{Offset: int64(strings.Index(head, "nul,") + 3), Msg: "invalid character ',' in literal null (expecting 'l')"}
			if diff := cmp.Diff(want.Error(), se.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if len(got.Records)+len(got.Skipped) != 0 {
				t.Errorf("read %d records and skipped %d, want none", len(got.Records), len(got.Skipped))
			}
		})
	}
}

func TestReaderOffset(t *testing.T) {
	recs := sampleRecords(t, 2)
	input := logFile(recs...)
	r := cloudtrail.NewReader(bytes.NewReader(gztest.Compress(t, input)))
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if got, want := r.Offset(), int64(len(`{"Records":[`)+len(recs[0])); got != want {
		t.Errorf("Offset after the first record = %d, want %d", got, want)
	}
	readAll(r)
	if got := r.Offset(); got != int64(len(input)) {
		t.Errorf("Offset at the end = %d, want the file's %d bytes", got, len(input))
	}
}

func errorStrings(errs []error) []string {
	out := make([]string, len(errs))
	for i, err := range errs {
		out[i] = err.Error()
	}
	return out
}
