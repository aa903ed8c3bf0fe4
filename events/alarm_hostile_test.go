package events_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/bounded"
)

// maxAlarmErrorMessage bounds the message of any error ParseAlarm returns,
// however large the input: messages are logged by Lambda functions.
const maxAlarmErrorMessage = 4 << 10

// TestHostileAlarm feeds ParseAlarm hostile alarm payloads of each shape:
// every case ends, with the sentinel it names and a short message, or
// decodes when want is nil.
func TestHostileAlarm(t *testing.T) {
	many := func(n int, elem string) string {
		return "[" + strings.TrimSuffix(strings.Repeat(elem+",", n), ",") + "]"
	}
	deep := func(n int) string { return strings.Repeat(`{"a":`, n) + "1" + strings.Repeat("}", n) }
	long := strings.Repeat("k", 100_000)
	tests := map[string]struct {
		in      string
		want    error
		keyIDs  int
		checkOK func(t *testing.T, a events.AlarmNotification)
	}{
		"SNS Trigger nested 10k deep": {in: `{"AlarmName":"a","Trigger":` + deep(10_000) + `}`, want: events.ErrSyntax},
		"Lambda alarmData nested 10k deep": {
			in: `{"source":"aws.cloudwatch","alarmData":{"alarmName":"a","configuration":` + deep(10_000) + `}}`, want: events.ErrSyntax,
		},
		"EventBridge detail nested 10k deep": {
			in:   `{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","detail":{"alarmName":"a","x":` + deep(10_000) + `}}`,
			want: events.ErrSyntax,
		},
		"30k invalid dimensions, message bounded": {
			in: `{"AlarmName":"a","Trigger":{"Namespace":"AWS/KMS","Dimensions":` + many(30_000, `{"name":"KeyId","value":1}`) + `}}`, want: events.ErrInvalidField,
		},
		"15k KeyId dimensions of one key": {
			in: `{"AlarmName":"a","AlarmArn":"arn:aws:cloudwatch:us-east-1:111122223333:alarm:a","Trigger":{"Namespace":"AWS/KMS","Dimensions":` +
				many(15_000, `{"name":"KeyId","value":"`+alarmKey1+`"}`) + `}}`,
			keyIDs: 1,
		},
		"100k metrics without ids": {in: `{"AlarmName":"a","Trigger":{"Metrics":` + many(100_000, `{}`) + `}}`},
		"100k-character alarm name": {in: `{"AlarmName":"` + long + `"}`, checkOK: func(t *testing.T, a events.AlarmNotification) {
			if a.Summary().Name != long {
				t.Error("long alarm name not kept")
			}
		}},
		"100k-character KeyId is no key ID":    {in: `{"AlarmName":"a","AlarmContributorId":"c","AlarmContributorAttributes":{"KeyId":"` + long + `!"}}`},
		"contributor attributes not an object": {in: `{"AlarmName":"a","AlarmContributorAttributes":"KeyId"}`, want: events.ErrInvalidField},
		"alarmContributor a string":            {in: `{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm Contributor State Change","detail":{"alarmName":"a","alarmContributor":"x"}}`, want: events.ErrInvalidField},
		"Threshold beyond float64":             {in: `{"AlarmName":"a","Trigger":{"Threshold":1e400}}`, want: events.ErrInvalidField},
		"Period beyond int64":                  {in: `{"AlarmName":"a","Trigger":{"Period":1e30}}`, want: events.ErrInvalidField},
		"state timestamp year 0":               {in: `{"source":"aws.cloudwatch","alarmData":{"alarmName":"a","state":{"timestamp":"0000-01-01T00:00:00.000+0000"}}}`},
		"invalid UTF-8 in name": {in: "{\"AlarmName\":\"\xff\"}", checkOK: func(t *testing.T, a events.AlarmNotification) {
			if a.Summary().Name != "\ufffd" {
				t.Errorf("name %q, want U+FFFD", a.Summary().Name)
			}
		}},
		"truncated SNS message":    {in: `{"AlarmName":"a","Trigger":{"Dimensions":[{"name":"KeyId"`, want: events.ErrSyntax},
		"over the size limit":      {in: `{"AlarmName":"` + strings.Repeat("a", events.DefaultMaxSize) + `"}`, want: events.ErrTooLarge},
		"alarm member after event": {in: `{"source":"aws.kms","detail-type":"KMS CMK Deletion","detail":{"key-id":"k"},"AlarmName":"a"}`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				a   events.AlarmNotification
				err error
			)
			bounded.Run(t, func() { a, err = events.ParseAlarm([]byte(tc.in)) })
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("ParseAlarm error = %.300v, want errors.Is %v", err, tc.want)
				}
				if n := len(err.Error()); n > maxAlarmErrorMessage {
					t.Errorf("error message is %d bytes", n)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAlarm: %.300v", err)
			}
			if got := len(a.KeyIDs()); got != tc.keyIDs {
				t.Errorf("%d key IDs, want %d", got, tc.keyIDs)
			}
			if tc.checkOK != nil {
				tc.checkOK(t, a)
			}
		})
	}
}

// FuzzParseAlarm checks ParseAlarm on any input: it never panics, a syntax
// error comes exactly when encoding/json rejects the input (save nesting),
// every error matches one of the package's sentinels, and a decoded payload
// names its keys sorted, once each, as key IDs, with ARNs for those keys
// only.
func FuzzParseAlarm(f *testing.F) {
	seedFixtures(f)
	sentinels := []error{events.ErrSyntax, events.ErrNotKMS, events.ErrUnknownDetailType, events.ErrUnexpectedDetailType,
		events.ErrMissingField, events.ErrInvalidField, events.ErrTooLarge}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := events.ParseAlarm(data)
		var se *events.SyntaxError
		isSyntax := errors.As(err, &se)
		if isSyntax && se.Msg != "exceeded max depth" && json.Valid(data) || !isSyntax && !json.Valid(data) && len(data) <= events.DefaultMaxSize {
			t.Fatalf("ParseAlarm syntax error = %v, encoding/json Valid = %v", err, json.Valid(data))
		}
		if err != nil {
			if a != nil {
				t.Fatal("payload and error")
			}
			if !slices.ContainsFunc(sentinels, func(s error) bool { return errors.Is(err, s) }) {
				t.Fatalf("error %v (%T) matches no sentinel", err, err)
			}
			return
		}
		ids := a.KeyIDs()
		if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Fatalf("KeyIDs %q not sorted and unique", ids)
		}
		for _, arn := range a.KeyARNs() {
			if !arn.IsKey() || !slices.Contains(ids, arn.ID) {
				t.Fatalf("KeyARNs has %v, not one of %q", arn, ids)
			}
		}
		_ = a.Summary()
		if ev, ok := a.(*events.AlarmEvent); ok {
			out, err := ev.MarshalJSON()
			if err != nil || !json.Valid(out) {
				t.Fatalf("MarshalJSON = %q, %v", out, err)
			}
		}
	})
}
