package events_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/events"
)

const (
	docKeyID  = "1234abcd-12ab-34cd-56ef-1234567890ab"
	docKeyARN = "arn:aws:kms:us-west-2:111122223333:key/" + docKeyID
	docMat0   = "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"
	docMat1   = "96083e4fb6dbc41d77578a213a6b6669c044dd4c143e96755396d2bf11fd6068"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readTestdata returns testdata/name for the examples, which have no
// testing.T to fail.
func readTestdata(name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return b
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// docHeader is the envelope of the documented native examples.
func docHeader(t testing.TB, id string, dt events.DetailType, at string) events.Header {
	return events.Header{
		Version: "0", ID: id, DetailType: dt, Source: events.SourceKMS,
		Account: "111122223333", Time: mustTime(t, at), Region: "us-west-2",
		Resources: []string{docKeyARN},
	}
}

// trailHeader is the envelope of the CloudTrail fixtures: the documentation
// account, Region region, and an empty resources list.
func trailHeader(t testing.TB, id string, dt events.DetailType, at, region string) events.Header {
	h := docHeader(t, id, dt, at)
	h.Region, h.Resources = region, []string{}
	return h
}

func TestParse(t *testing.T) {
	tests := map[string]struct {
		fixture string
		want    events.Event
	}{
		"rotation 2025 shape": {
			fixture: "rotation-2025.json",
			want: &events.Rotation{
				Header: docHeader(t, "6a7e8feb-b491-4cf7-a9f1-bf3703467718", events.DetailTypeRotation, "2025-05-23T03:11:54Z"),
				Detail: events.RotationDetail{
					KeyID: docKeyID, KeyOrigin: events.KeyOriginAWSKMS, RotationType: events.RotationOnDemand,
					PreviousKeyMaterialID: docMat0, CurrentKeyMaterialID: docMat1,
				},
			},
		},
		"rotation 2016 shape": {
			fixture: "rotation-2016.json",
			want: &events.Rotation{
				Header: docHeader(t, "6a7e8feb-b491-4cf7-a9f1-bf3703467718", events.DetailTypeRotation, "2016-08-25T21:05:33Z"),
				Detail: events.RotationDetail{KeyID: docKeyID},
			},
		},
		"rotation with unknown enums and fields": {
			fixture: "constructed-rotation-unknown-fields.json",
			want: &events.Rotation{
				Header: func() events.Header {
					h := docHeader(t, "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", events.DetailTypeRotation, "2025-05-23T03:11:54Z")
					h.Extra = []events.Member{{Name: "replay-name", Value: json.RawMessage(`"replay-1"`)}}
					return h
				}(),
				Detail: events.RotationDetail{
					KeyID: docKeyID, KeyOrigin: "FUTURE_ORIGIN", RotationType: "SOMETHING_NEW",
					PreviousKeyMaterialID: docMat0, CurrentKeyMaterialID: docMat1,
					Extra: []events.Member{
						{Name: "key-spec", Value: json.RawMessage(`"SYMMETRIC_DEFAULT"`)},
						{Name: "rotation-details", Value: json.RawMessage(`{
      "period-days": 90,
      "tags": [
        "a",
        "b"
      ]
    }`)},
					},
				},
			},
		},
		"expiration 2022 shape": {
			fixture: "expiration-2022.json",
			want: &events.Expiration{
				Header: docHeader(t, "9da9af57-9253-4406-87cb-7cc400e43465", events.DetailTypeExpiration, "2022-08-10T16:37:50Z"),
				Detail: events.ExpirationDetail{KeyID: docKeyID},
			},
		},
		"expiration with key-material-id": {
			fixture: "constructed-expiration-key-material-id.json",
			want: &events.Expiration{
				Header: docHeader(t, "1b7c9a4e-3d2f-4c6b-9e8a-5f4d3c2b1a09", events.DetailTypeExpiration, "2025-07-01T00:00:00Z"),
				Detail: events.ExpirationDetail{KeyID: docKeyID, KeyMaterialID: docMat1},
			},
		},
		"deletion 2022 shape": {
			fixture: "deletion-2022.json",
			want: &events.Deletion{
				Header: docHeader(t, "e9ce3425-7d22-412a-a699-e7a5fc3fbc9a", events.DetailTypeDeletion, "2022-08-10T16:37:50Z"),
				Detail: events.DeletionDetail{KeyID: docKeyID},
			},
		},
		"deletion with key-origin": {
			fixture: "constructed-deletion-key-origin.json",
			want: &events.Deletion{
				Header: docHeader(t, "c2d3e4f5-a6b7-4c8d-9e0f-1a2b3c4d5e6f", events.DetailTypeDeletion, "2025-07-01T00:00:00Z"),
				Detail: events.DeletionDetail{KeyID: docKeyID, KeyOrigin: events.KeyOriginExternal},
			},
		},
		"escapes and invalid UTF-8 decode like encoding/json": {
			fixture: "hostile-escapes-invalid-utf8.json",
			want: &events.Rotation{
				Header: events.Header{Version: "0", DetailType: events.DetailTypeRotation, Source: events.SourceKMS},
				Detail: events.RotationDetail{KeyID: "\uFFFDA café \uFFFD\uFFFD", KeyOrigin: events.KeyOriginAWSKMS},
			},
		},
		"cloudtrail api call failing on a key pending deletion": {
			fixture: "constructed-cloudtrail-decrypt-pending-deletion.json",
			want: &events.CloudTrail{
				Header: trailHeader(t, "00000000-0000-0000-0000-000000000000", events.DetailTypeAPICall, "2025-06-01T12:00:00Z", "us-west-2"),
				Detail: events.CloudTrailRecord{
					EventVersion:       "1.11",
					UserIdentity:       events.UserIdentity{Type: "AssumedRole", AccountID: "111122223333"},
					EventTime:          mustTime(t, "2025-06-01T12:00:00Z"),
					EventSource:        events.EventSourceKMS,
					EventName:          "Decrypt",
					AWSRegion:          "us-west-2",
					SourceIPAddress:    "192.0.2.0",
					UserAgent:          "example-agent",
					ErrorCode:          "KMSInvalidStateException",
					ErrorMessage:       docKeyARN + " is pending deletion.",
					RequestParameters:  json.RawMessage(`{ "keyId": "alias/example", "encryptionAlgorithm": "SYMMETRIC_DEFAULT" }`),
					ResponseElements:   json.RawMessage(`null`),
					RequestID:          "00000000-0000-0000-0000-000000000001",
					EventID:            "00000000-0000-0000-0000-000000000002",
					ReadOnly:           true,
					Resources:          []events.CloudTrailResource{{AccountID: "111122223333", Type: events.ResourceTypeKMSKey, ARN: docKeyARN}},
					EventType:          events.EventTypeAPICall,
					RecipientAccountID: "111122223333",
					EventCategory:      "Management",
					Extra:              []events.Member{{Name: "managementEvent", Value: json.RawMessage(`true`)}},
					KeyID:              docKeyID,
				},
			},
		},
		"cloudtrail service event with key material": {
			fixture: "constructed-cloudtrail-delete-expired-key-material.json",
			want: &events.CloudTrail{
				Header: trailHeader(t, "7c3e8d2b-9f0a-4b4c-a7d6-8e9f0a1b2c3d", events.DetailTypeServiceEvent, "2025-05-22T19:55:11Z", "us-east-1"),
				Detail: events.CloudTrailRecord{
					EventVersion:       "1.11",
					UserIdentity:       events.UserIdentity{AccountID: "111122223333", InvokedBy: "AWS Internal"},
					EventTime:          mustTime(t, "2025-05-22T19:55:11Z"),
					EventSource:        events.EventSourceKMS,
					EventName:          "DeleteExpiredKeyMaterial",
					AWSRegion:          "us-east-1",
					SourceIPAddress:    "AWS Internal",
					UserAgent:          "AWS Internal",
					RequestParameters:  json.RawMessage(`null`),
					ResponseElements:   json.RawMessage(`null`),
					EventID:            "cfa932fd-0d3a-4a76-a8b8-616863a2b547",
					Resources:          []events.CloudTrailResource{{AccountID: "111122223333", Type: events.ResourceTypeKMSKey, ARN: docKeyARN}},
					EventType:          events.EventTypeServiceEvent,
					RecipientAccountID: "111122223333",
					ServiceEventDetails: json.RawMessage(`{
      "keyId": "1234abcd-12ab-34cd-56ef-1234567890ab",
      "keyMaterialId": "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0"
    }`),
					EventCategory: "Management",
					KeyID:         docKeyID,
					KeyMaterialID: docMat0,
				},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := events.Parse(fixture(t, tc.fixture))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseKeys checks the key each fixture names, across partitions,
// multi-Region keys and CloudTrail identifiers.
func TestParseKeys(t *testing.T) {
	type keys struct {
		Type        string
		KeyID       string
		KeyARN      string
		MultiRegion bool
	}
	tests := map[string]struct {
		fixture string
		want    keys
	}{
		"rotation":            {"rotation-2025.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.RotationDetail]", docKeyID, docKeyARN, false}},
		"aws-cn multi-Region": {"constructed-rotation-aws-cn-mrk.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.RotationDetail]", "mrk-1234abcd12ab34cd56ef1234567890ab", "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", true}},
		"aws-us-gov":          {"constructed-deletion-aws-us-gov.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.DeletionDetail]", docKeyID, "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/" + docKeyID, false}},
		"aws-iso":             {"constructed-expiration-aws-iso.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.ExpirationDetail]", "0987dcba-09fe-87dc-65ba-ab0987654321", "arn:aws-iso:kms:us-iso-east-1:111122223333:key/0987dcba-09fe-87dc-65ba-ab0987654321", false}},
		"ScheduleKeyDeletion": {"constructed-cloudtrail-schedule-key-deletion.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.CloudTrailRecord]", docKeyID, docKeyARN, false}},
		"RotateKey":           {"constructed-cloudtrail-rotatekey-service-event.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.CloudTrailRecord]", docKeyID, docKeyARN, false}},
		// The caller passed an alias ARN; the key comes from the error text.
		"alias in request, key in error": {"constructed-cloudtrail-generatedatakey-alias-mrk.json", keys{"*events.Envelope[github.com/kmswatch/kmswatch/events.CloudTrailRecord]", "mrk-1234abcd12ab34cd56ef1234567890ab", "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab", true}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.Parse(fixture(t, tc.fixture))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			arn := ev.KeyARN()
			got := keys{typeName(ev), ev.KeyID(), arn.String(), arn.IsMultiRegion()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// typeName names the dynamic type of a decoded event or alarm payload.
func typeName(v any) string { return fmt.Sprintf("%T", v) }

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		input     []byte
		is        error
		fields    events.FieldErrors // compared when set
		offset    int64              // syntax error offset, when is == ErrSyntax
		wantEvent bool               // an event comes back with the error
	}{
		"truncated":          {input: fixture(t, "malformed-truncated.json"), is: events.ErrSyntax, offset: 100},
		"trailing data":      {input: fixture(t, "malformed-trailing-data.json"), is: events.ErrSyntax, offset: 92},
		"bad escape":         {input: fixture(t, "malformed-bad-escape.json"), is: events.ErrSyntax, offset: 92},
		"not JSON":           {input: fixture(t, "malformed-not-json.json"), is: events.ErrSyntax, offset: 1},
		"deep nesting":       {input: fixture(t, "hostile-deep-nesting.json"), is: events.ErrSyntax, offset: 1193},
		"empty input":        {input: nil, is: events.ErrSyntax, offset: 0},
		"control character":  {input: []byte("{\"a\":\"\x01\"}"), is: events.ErrSyntax, offset: 6},
		"bad number":         {input: []byte(`{"a":01}`), is: events.ErrSyntax, offset: 6},
		"not an object":      {input: fixture(t, "malformed-not-object.json"), is: events.ErrInvalidField, fields: events.FieldErrors{{Field: "event", Rule: kmswatch.RuleType, Message: "must be an object"}}},
		"not from aws.kms":   {input: fixture(t, "constructed-not-kms-source.json"), is: events.ErrNotKMS},
		"cloudtrail from s3": {input: fixture(t, "constructed-cloudtrail-not-kms.json"), is: events.ErrNotKMS},
		"unknown detail-type": {
			input: fixture(t, "constructed-unknown-detail-type.json"), is: events.ErrUnknownDetailType, wantEvent: true,
		},
		"missing key-id": {
			input: fixture(t, "constructed-missing-key-id.json"), is: events.ErrMissingField,
			fields: events.FieldErrors{{Field: "detail.key-id", Rule: kmswatch.RuleRequired, Message: "is required"}},
		},
		"several invalid fields at once": {
			input: fixture(t, "constructed-invalid-fields.json"), is: events.ErrInvalidField,
			fields: events.FieldErrors{
				{Field: "time", Rule: kmswatch.RulePattern, Message: "must be an RFC 3339 time"},
				{Field: "resources", Rule: kmswatch.RuleType, Message: "must be an array of strings"},
				{Field: "detail.key-id", Rule: kmswatch.RuleType, Message: "must be a string"},
			},
		},
		"detail before detail-type keeps envelope errors": {
			input: []byte(`{"detail":{"key-id":5},"time":"noon","source":"aws.kms","detail-type":"KMS CMK Deletion"}`), is: events.ErrInvalidField,
			fields: events.FieldErrors{{Field: "time", Rule: kmswatch.RulePattern, Message: "must be an RFC 3339 time"}, {Field: "detail.key-id", Rule: kmswatch.RuleType, Message: "must be a string"}},
		},
		"repeated detail reports the last one only": {
			input: []byte(`{"source":"aws.kms","detail-type":"KMS CMK Deletion","detail":{"key-id":5},"detail":{"key-origin":1}}`), is: events.ErrMissingField,
			fields: events.FieldErrors{{Field: "detail.key-origin", Rule: kmswatch.RuleType, Message: "must be a string"}, {Field: "detail.key-id", Rule: kmswatch.RuleRequired, Message: "is required"}},
		},
		"empty object": {
			input: []byte(`{}`), is: events.ErrMissingField,
			fields: events.FieldErrors{
				{Field: "source", Rule: kmswatch.RuleRequired, Message: "is required"},
				{Field: "detail-type", Rule: kmswatch.RuleRequired, Message: "is required"},
				{Field: "detail", Rule: kmswatch.RuleRequired, Message: "is required"},
			},
		},
		"cloudtrail without eventName": {
			input: []byte(`{"source":"aws.kms","detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"kms.amazonaws.com","resources":[1],"readOnly":"yes","userIdentity":[]}}`),
			is:    events.ErrMissingField,
			fields: events.FieldErrors{
				{Field: "detail.resources[0]", Rule: kmswatch.RuleType, Message: "must be an object"},
				{Field: "detail.readOnly", Rule: kmswatch.RuleType, Message: "must be true or false"},
				{Field: "detail.userIdentity", Rule: kmswatch.RuleType, Message: "must be an object"},
				{Field: "detail.eventName", Rule: kmswatch.RuleRequired, Message: "is required"},
			},
		},
		"detail not an object": {
			input: []byte(`{"source":"aws.kms","detail-type":"KMS CMK Deletion","detail":"x"}`), is: events.ErrInvalidField,
			fields: events.FieldErrors{{Field: "detail", Rule: kmswatch.RuleType, Message: "must be an object"}, {Field: "detail.key-id", Rule: kmswatch.RuleRequired, Message: "is required"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ev, err := events.Parse(tc.input)
			if !errors.Is(err, tc.is) {
				t.Fatalf("Parse error = %v, want one matching %v", err, tc.is)
			}
			if (ev != nil) != tc.wantEvent {
				t.Errorf("Parse event = %v, want an event: %v", ev, tc.wantEvent)
			}
			if tc.fields != nil {
				var got events.FieldErrors
				if !errors.As(err, &got) {
					t.Fatalf("error %v is not a FieldErrors", err)
				}
				if diff := cmp.Diff(tc.fields, got); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s", diff)
				}
			}
			if tc.is == events.ErrSyntax {
				var se *events.SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("error %v is not a *SyntaxError", err)
				}
				if se.Offset != tc.offset {
					t.Errorf("offset = %d, want %d (%v)", se.Offset, tc.offset, err)
				}
			}
		})
	}
}

// TestParseRejectsWhatEncodingJSONRejects checks that Parse accepts exactly
// the JSON that encoding/json accepts, on the malformed fixtures and inputs
// built around them.
func TestParseRejectsWhatEncodingJSONRejects(t *testing.T) {
	inputs := map[string]string{
		"leading BOM":       "\ufeff{}",
		"single quotes":     `{'source':'aws.kms'}`,
		"trailing comma":    `{"source":"aws.kms",}`,
		"missing colon":     `{"source" "aws.kms"}`,
		"NaN":               `{"a":NaN}`,
		"exponent no digit": `{"a":1e}`,
		"minus alone":       `{"a":-}`,
		"unclosed array":    `{"a":[1,2}`,
		"bad literal":       `{"a":tru}`,
		"short unicode":     `{"a":"\u12"}`,
		"valid numbers":     `{"a":[-0,0.5,1e10,-2.5E-3,123]}`,
		"nested valid":      `{"a":{"b":[{"c":null},true,false,""]}}`,
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			_, err := events.Parse([]byte(in))
			if gotSyntax, wantSyntax := errors.Is(err, events.ErrSyntax), !json.Valid([]byte(in)); gotSyntax != wantSyntax {
				t.Errorf("Parse syntax error = %v (%v); encoding/json says invalid = %v", gotSyntax, err, wantSyntax)
			}
		})
	}
}

func TestParseMemberOrder(t *testing.T) {
	want, err := events.Parse(fixture(t, "rotation-2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]string{
		"detail first": `{"detail":{"key-id":"` + docKeyID + `","key-origin":"AWS_KMS","rotation-type":"ON_DEMAND","previous-key-material-id":"` + docMat0 + `","current-key-material-id":"` + docMat1 + `"},
			"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"KMS CMK Rotation","source":"aws.kms",
			"account":"111122223333","time":"2025-05-23T03:11:54Z","region":"us-west-2","resources":["` + docKeyARN + `"]}`,
		// Duplicate members: the last wins, as in encoding/json, even when
		// it changes the detail-type after the detail was read.
		"duplicate detail-type": `{"detail-type":"KMS CMK Deletion","detail":{"key-id":"` + docKeyID + `","key-origin":"AWS_KMS","rotation-type":"ON_DEMAND","previous-key-material-id":"` + docMat0 + `","current-key-material-id":"` + docMat1 + `"},
			"version":"0","id":"6a7e8feb-b491-4cf7-a9f1-bf3703467718","detail-type":"KMS CMK Rotation","source":"aws.kms",
			"account":"111122223333","time":"2025-05-23T03:11:54Z","region":"us-west-2","resources":["` + docKeyARN + `"]}`,
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := events.Parse([]byte(in))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseSizeLimit(t *testing.T) {
	doc := fixture(t, "rotation-2025.json")
	tests := map[string]struct {
		parser events.Parser
		input  []byte
		want   *events.SizeError // nil: no error
	}{
		"default limit, small event":   {events.Parser{}, doc, nil},
		"default limit, 1 MiB + 1":     {events.Parser{}, padded(doc, events.DefaultMaxSize+1), &events.SizeError{Size: events.DefaultMaxSize + 1, Limit: events.DefaultMaxSize}},
		"default limit, exactly 1 MiB": {events.Parser{}, padded(doc, events.DefaultMaxSize), nil},
		"custom limit":                 {events.Parser{MaxSize: 100}, doc, &events.SizeError{Size: len(doc), Limit: 100}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.parser.Parse(tc.input)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				return
			}
			var got *events.SizeError
			if !errors.As(err, &got) || !errors.Is(err, events.ErrTooLarge) {
				t.Fatalf("Parse error = %v, want a *SizeError", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// padded returns doc with white space appended up to n bytes.
func padded(doc []byte, n int) []byte {
	return append(append([]byte{}, doc...), strings.Repeat(" ", n-len(doc))...)
}

// typedParsers lists the typed parsers by name, each as the package function
// and as the Parser method, reduced to the error.
var typedParsers = map[string]struct {
	fn     func([]byte) error
	method func(*events.Parser, []byte) error
}{
	"ParseRotation":   {func(b []byte) error { _, err := events.ParseRotation(b); return err }, func(p *events.Parser, b []byte) error { _, err := p.ParseRotation(b); return err }},
	"ParseExpiration": {func(b []byte) error { _, err := events.ParseExpiration(b); return err }, func(p *events.Parser, b []byte) error { _, err := p.ParseExpiration(b); return err }},
	"ParseDeletion":   {func(b []byte) error { _, err := events.ParseDeletion(b); return err }, func(p *events.Parser, b []byte) error { _, err := p.ParseDeletion(b); return err }},
	"ParseCloudTrail": {func(b []byte) error { _, err := events.ParseCloudTrail(b); return err }, func(p *events.Parser, b []byte) error { _, err := p.ParseCloudTrail(b); return err }},
}

// TestTypedParsers checks each typed parser: the package function and the
// Parser method decode an event of their kind, the method within its
// MaxSize, and both reject another kind with a *DetailTypeError.
func TestTypedParsers(t *testing.T) {
	rot, err := events.ParseRotation(fixture(t, "rotation-2025.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := rot.Detail.RotationType; got != events.RotationOnDemand {
		t.Errorf("RotationType = %q, want %q", got, events.RotationOnDemand)
	}
	tests := map[string]struct {
		fixture string // an event of the kind the parser decodes
		other   string // an event of another kind
		want    *events.DetailTypeError
	}{
		"ParseRotation": {
			"rotation-2025.json", "deletion-2022.json",
			&events.DetailTypeError{DetailType: events.DetailTypeDeletion, Want: []events.DetailType{events.DetailTypeRotation}},
		},
		"ParseCloudTrail": {
			"constructed-cloudtrail-decrypt-pending-deletion.json", "expiration-2022.json",
			&events.DetailTypeError{DetailType: events.DetailTypeExpiration, Want: []events.DetailType{events.DetailTypeAPICall, events.DetailTypeServiceEvent}},
		},
		"ParseExpiration": {
			"constructed-expiration-key-material-id.json", "rotation-2016.json",
			&events.DetailTypeError{DetailType: events.DetailTypeRotation, Want: []events.DetailType{events.DetailTypeExpiration}},
		},
		"ParseDeletion": {
			"constructed-deletion-aws-us-gov.json", "constructed-cloudtrail-schedule-key-deletion.json",
			&events.DetailTypeError{DetailType: events.DetailTypeAPICall, Want: []events.DetailType{events.DetailTypeDeletion}},
		},
	}
	for name, tc := range tests {
		parse := typedParsers[name]
		t.Run(name, func(t *testing.T) {
			doc := fixture(t, tc.fixture)
			if err := parse.fn(doc); err != nil {
				t.Fatalf("function: %v", err)
			}
			if err := parse.method(&events.Parser{MaxSize: len(doc)}, doc); err != nil {
				t.Fatalf("method at the limit: %v", err)
			}
			err := parse.method(&events.Parser{MaxSize: len(doc) - 1}, doc)
			var size *events.SizeError
			if !errors.As(err, &size) || !errors.Is(err, events.ErrTooLarge) {
				t.Fatalf("method one byte over the limit: error = %v, want a *SizeError", err)
			}
			if diff := cmp.Diff(&events.SizeError{Size: len(doc), Limit: len(doc) - 1}, size); diff != "" {
				t.Errorf("method one byte over the limit: mismatch (-want +got):\n%s", diff)
			}
			other := fixture(t, tc.other)
			for via, err := range map[string]error{"function": parse.fn(other), "method": parse.method(&events.Parser{}, other)} {
				var got *events.DetailTypeError
				if !errors.As(err, &got) || !errors.Is(err, events.ErrUnexpectedDetailType) {
					t.Fatalf("%s: error = %v, want a *DetailTypeError matching ErrUnexpectedDetailType", via, err)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("%s: mismatch (-want +got):\n%s", via, diff)
				}
			}
		})
	}
}

// TestParseAllocs guards the allocation budget of the benchmarks: at most 8
// per KMS-native event.
func TestParseAllocs(t *testing.T) {
	for _, name := range []string{"rotation-2025.json", "rotation-2016.json", "constructed-expiration-key-material-id.json", "constructed-deletion-key-origin.json"} {
		doc := fixture(t, name)
		got := testing.AllocsPerRun(50, func() {
			if _, err := events.Parse(doc); err != nil {
				t.Fatal(err)
			}
		})
		if got > 8 {
			t.Errorf("%s: %v allocations per Parse, want at most 8", name, got)
		}
	}
}
