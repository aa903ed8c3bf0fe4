package cloudtrail_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/cloudtrail"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/ebenvelope"
)

// envelope is the EventBridge event the mapping writes, decoded with
// encoding/json.
type envelope = ebenvelope.Envelope

func decodeEnvelope(t *testing.T, ev []byte) envelope {
	t.Helper()
	var e envelope
	dec := json.NewDecoder(bytes.NewReader(ev))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("the event is not an EventBridge envelope: %v\n%s", err, ev)
	}
	return e
}

// signIn is a console sign-in record in the shape of the CloudTrail user
// guide's ConsoleLogin example.
const signIn = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDACKCEVSQ6C2EXAMPLE","arn":"arn:aws:iam::111122223333:user/Mary","accountId":"111122223333","userName":"Mary"},"eventTime":"2025-05-23T03:11:54Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.110","userAgent":"Mozilla/5.0","requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"Yes"},"eventID":"3fcfb182-98f8-4744-bd45-10a395ab61cb","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`

// TestAppendEventMapping checks the mapping for every event type that has
// a detail-type.
func TestAppendEventMapping(t *testing.T) {
	apiCall := record(t, eventstest.APICall("Decrypt", eventstest.Region("eu-west-1"), eventstest.Account("444455556666"), eventstest.ID("given")))
	serviceEv := eventstest.APICall("RotateKey")
	serviceEv.Detail.EventType = events.EventTypeServiceEvent
	service := record(t, serviceEv)
	action := strings.NewReplacer(`"AwsConsoleSignIn"`, `"AwsConsoleAction"`, `"signin.amazonaws.com"`, `"health.amazonaws.com"`).Replace(signIn)
	escaped := `{"eventType":"Aws\u0041piCall","eventSource":"s\u0033.amazonaws.com","eventTime":"2025-05-23T03:11:54Z","awsRegion":"us-west-2","recipientAccountId":"111122223333","eventID":"e\"1"}`
	quoteInSource := `{"eventType":"AwsApiCall","eventSource":"a\"b\\c\u0001.example.com","eventTime":"2025-05-23T03:11:54Z","awsRegion":"r","recipientAccountId":"1","eventID":"e"}`
	apiCallID := eventstest.APICall("Decrypt", eventstest.ID("given")).Detail.EventID

	tests := []struct {
		name   string
		record string
		want   envelope
	}{
		{"AwsApiCall", string(apiCall), envelope{
			Version: "0", ID: apiCallID, DetailType: "AWS API Call via CloudTrail", Source: "aws.kms",
			Account: "444455556666", Time: "2025-05-23T03:11:54Z", Region: "eu-west-1", Resources: []string{},
		}},
		{"AwsServiceEvent", string(service), envelope{
			Version: "0", ID: serviceEv.Detail.EventID, DetailType: "AWS Service Event via CloudTrail", Source: "aws.kms",
			Account: "111122223333", Time: "2025-05-23T03:11:54Z", Region: "us-west-2", Resources: []string{},
		}},
		{"AwsConsoleSignIn", signIn, envelope{
			Version: "0", ID: "3fcfb182-98f8-4744-bd45-10a395ab61cb", DetailType: "AWS Console Sign In via CloudTrail", Source: "aws.signin",
			Account: "111122223333", Time: "2025-05-23T03:11:54Z", Region: "us-east-1", Resources: []string{},
		}},
		{"AwsConsoleAction", action, envelope{
			Version: "0", ID: "3fcfb182-98f8-4744-bd45-10a395ab61cb", DetailType: "AWS Console Action via CloudTrail", Source: "aws.health",
			Account: "111122223333", Time: "2025-05-23T03:11:54Z", Region: "us-east-1", Resources: []string{},
		}},
		{"escaped values", escaped, envelope{
			Version: "0", ID: `e"1`, DetailType: "AWS API Call via CloudTrail", Source: "aws.s3",
			Account: "111122223333", Time: "2025-05-23T03:11:54Z", Region: "us-west-2", Resources: []string{},
		}},
		{"escapes kept in the source label", quoteInSource, envelope{
			Version: "0", ID: "e", DetailType: "AWS API Call via CloudTrail", Source: "aws.a\"b\\c\x01",
			Account: "1", Time: "2025-05-23T03:11:54Z", Region: "r", Resources: []string{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("kept")
			out, err := cloudtrail.AppendEvent(prefix, []byte(" "+tt.record+"\n"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(out, prefix) {
				t.Fatalf("dst was not appended to: %q", out)
			}
			got := decodeEnvelope(t, out[len(prefix):])
			if string(got.Detail) != tt.record {
				t.Errorf("detail is not the record byte for byte:\n got %s\nwant %s", got.Detail, tt.record)
			}
			got.Detail = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("envelope mismatch (-want +got):\n%s", diff)
			}

			// The Reader's AppendEvent gives the same bytes.
			r := cloudtrail.NewReader(strings.NewReader(`{"Records":[` + tt.record + `]}`))
			if _, err := r.Next(); err != nil {
				t.Fatal(err)
			}
			fromReader, err := r.AppendEvent(prefix)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fromReader, out) {
				t.Errorf("Reader.AppendEvent differs from AppendEvent:\n%s\n%s", fromReader, out)
			}
		})
	}
}

// TestAppendEventParsesAsKMSEvent checks the mapping against package events:
// the event built from a KMS record parses as the CloudTrail event the
// record came from.
func TestAppendEventParsesAsKMSEvent(t *testing.T) {
	service := eventstest.APICall("RotateKey", eventstest.Region("ap-southeast-2"))
	service.Detail.EventType = events.EventTypeServiceEvent
	service.Header.DetailType = events.DetailTypeServiceEvent
	for name, want := range map[string]*events.CloudTrail{
		"Decrypt":          eventstest.APICall("Decrypt"),
		"pending deletion": eventstest.PendingDeletionCall(eventstest.Account("444455556666")),
		"service event":    service,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := cloudtrail.AppendEvent(nil, record(t, want))
			if err != nil {
				t.Fatal(err)
			}
			ev, err := events.ParseCloudTrail(out)
			if err != nil {
				t.Fatal(err)
			}
			want.Header.ID = want.Detail.EventID // the mapping's id
			if diff := cmp.Diff(want, ev); diff != "" {
				t.Errorf("parsed event mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendEventErrors(t *testing.T) {
	base := map[string]string{
		"eventType": `"AwsApiCall"`, "eventSource": `"kms.amazonaws.com"`, "eventTime": `"2025-05-23T03:11:54Z"`,
		"awsRegion": `"us-west-2"`, "recipientAccountId": `"111122223333"`, "eventID": `"e"`,
	}
	with := func(changes map[string]string) string {
		var parts []string
		for _, k := range []string{"eventType", "eventSource", "eventTime", "awsRegion", "recipientAccountId", "eventID"} {
			v, ok := changes[k]
			if !ok {
				v = base[k]
			}
			if v != "" {
				parts = append(parts, `"`+k+`":`+v)
			}
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	tests := []struct {
		name   string
		record string
		is     []error
		msg    string
	}{
		{"not JSON", `{"eventType":`, []error{events.ErrSyntax}, "unexpected end of JSON input"},
		{"data after the record", with(nil) + "{}", []error{events.ErrSyntax}, "after top-level value"},
		{"an array", `[{}]`, []error{cloudtrail.ErrNotObject}, "record is not a JSON object"},
		{"a string", `"AwsApiCall"`, []error{cloudtrail.ErrNotObject}, "record is not a JSON object"},
		{"empty object", `{}`, []error{events.ErrMissingField}, "events: invalid event: eventType is required; eventSource is required; eventTime is required; awsRegion is required; recipientAccountId is required; eventID is required"},
		{"insight event", with(map[string]string{"eventType": `"AwsCloudTrailInsight"`}), []error{cloudtrail.ErrUnknownEventType}, `eventType "AwsCloudTrailInsight" has no EventBridge detail-type`},
		{"unknown type wins over missing fields", `{"eventType":"AwsVpceEvent"}`, []error{cloudtrail.ErrUnknownEventType}, `"AwsVpceEvent"`},
		{"null counts as absent", with(map[string]string{"eventID": "null"}), []error{events.ErrMissingField}, "eventID is required"},
		{"number", with(map[string]string{"recipientAccountId": "111122223333"}), []error{events.ErrInvalidField}, "recipientAccountId must be a string"},
		{"object", with(map[string]string{"eventType": `{"a":1}`}), []error{events.ErrInvalidField}, "eventType must be a string"},
		{"source without a dot", with(map[string]string{"eventSource": `"kms"`}), []error{events.ErrInvalidField}, "eventSource must be a host name"},
		{"source starting with a dot", with(map[string]string{"eventSource": `".amazonaws.com"`}), []error{events.ErrInvalidField}, "eventSource must be a host name"},
		{"time", with(map[string]string{"eventTime": `"yesterday"`}), []error{events.ErrInvalidField}, "eventTime must be an RFC 3339 time"},
		{"all at once", with(map[string]string{"eventSource": `"kms"`, "eventTime": `"2025"`, "awsRegion": "1", "eventID": ""}),
			[]error{events.ErrInvalidField, events.ErrMissingField}, "eventSource must be a host name such as kms.amazonaws.com; eventTime must be an RFC 3339 time; awsRegion must be a string; eventID is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := []byte("dst")
			out, err := cloudtrail.AppendEvent(dst, []byte(tt.record))
			if err == nil {
				t.Fatalf("no error; event %s", out)
			}
			for _, want := range tt.is {
				if !errors.Is(err, want) {
					t.Errorf("error %v does not match %v", err, want)
				}
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q, want it to contain %q", err, tt.msg)
			}
			if string(out) != "dst" {
				t.Errorf("dst changed to %q on error", out)
			}
		})
	}
}

func TestReaderAppendEventWithoutRecord(t *testing.T) {
	r := cloudtrail.NewReader(strings.NewReader(`{"Records":[1]}`))
	if _, err := r.AppendEvent(nil); !errors.Is(err, cloudtrail.ErrNoRecord) {
		t.Errorf("before Next: error %v, want ErrNoRecord", err)
	}
	if _, err := r.Next(); err == nil {
		t.Fatal("a record that is a number was returned")
	}
	if _, err := r.AppendEvent(nil); !errors.Is(err, cloudtrail.ErrNoRecord) {
		t.Errorf("after a skipped record: error %v, want ErrNoRecord", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next = %v, want io.EOF", err)
	}
}

func TestDetailTypeOf(t *testing.T) {
	tests := []struct {
		eventType events.CloudTrailEventType
		want      events.DetailType
		ok        bool
	}{
		{"AwsApiCall", "AWS API Call via CloudTrail", true},
		{"AwsServiceEvent", "AWS Service Event via CloudTrail", true},
		{"AwsConsoleSignIn", "AWS Console Sign In via CloudTrail", true},
		{"AwsConsoleAction", "AWS Console Action via CloudTrail", true},
		{"AwsCloudTrailInsight", "", false},
		{"awsapicall", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := cloudtrail.DetailTypeOf(tt.eventType)
		if got != tt.want || ok != tt.ok {
			t.Errorf("DetailTypeOf(%q) = %q, %v, want %q, %v", tt.eventType, got, ok, tt.want, tt.ok)
		}
	}
}
