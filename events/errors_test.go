package events_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kmswatch/kmswatch/events"
)

// TestErrorsStaySmall checks that an error quoting an untrusted value quotes
// a prefix with its length, whatever the value's size, and that the typed
// error still holds the value whole.
func TestErrorsStaySmall(t *testing.T) {
	big := strings.Repeat("a", 900_000)
	event := func(detailType, source string) []byte {
		return []byte(`{"version":"0","id":"x","detail-type":` + quote(t, detailType) + `,"source":` + quote(t, source) +
			`,"account":"111122223333","time":"2025-01-01T00:00:00Z","region":"us-east-1","resources":[],"detail":{"key-id":"k"}}`)
	}
	var badRecords strings.Builder
	badRecords.WriteString(`{"Records":[`)
	for i := range 10_000 {
		if i > 0 {
			badRecords.WriteByte(',')
		}
		badRecords.WriteString(`{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","body":"{\"detail-type\":\"KMS CMK Rotation\",\"detail\":{\"key-id\":","eventSourceARN":"` + standardQueue + `"}`)
	}
	badRecords.WriteString(`]}`)
	tests := map[string]struct {
		err   func() error
		max   int                  // bytes
		whole func(err error) bool // whether the typed error keeps the value whole
	}{
		"900 KB detail-type": {
			err:   func() error { _, err := events.Parse(event(big, "aws.kms")); return err },
			max:   300,
			whole: holds(len(big), func(e *events.DetailTypeError) int { return len(e.DetailType) }),
		},
		"900 KB source": {
			err:   func() error { _, err := events.Parse(event("KMS CMK Rotation", big)); return err },
			max:   300,
			whole: holds(len(big), func(e *events.SourceError) int { return len(e.Got) }),
		},
		"900 KB detail-type for a typed parser": {
			err:   func() error { _, err := events.ParseRotation(event(big, "aws.kms")); return err },
			max:   300,
			whole: holds(len(big), func(e *events.DetailTypeError) int { return len(e.DetailType) }),
		},
		"900 KB ARN": {
			err:   func() error { _, err := events.ParseARN(big); return err },
			max:   300,
			whole: holds(len(big), func(e *events.ARNError) int { return len(e.Input) }),
		},
		"900 KB key ID in an ARN": {
			err: func() error {
				_, err := events.ParseARN("arn:aws:kms:us-east-1:111122223333:key/" + big + "!")
				return err
			},
			max:   500,
			whole: holds(1, func(e *events.ARNError) int { return strings.Count(e.Input, big) }),
		},
		"900 KB message ID of a failed record": {
			err: func() error {
				_, err := events.Unwrap([]byte(`{"Records":[{"messageId":"` + big + `","body":"{"}]}`))
				return err
			},
			max:   500,
			whole: holds(len(big), func(e *events.RecordError) int { return len(e.MessageID) }),
		},
		"400,000 invalid array elements": {
			err: func() error {
				_, err := events.Parse([]byte(`{"source":"aws.kms","detail-type":"AWS API Call via CloudTrail","detail":{"eventSource":"kms.amazonaws.com","eventName":"Decrypt","resources":[` +
					strings.Repeat("1,", 400_000-1) + `1]}}`))
				return err
			},
			max:   1 << 10,
			whole: holds(400_000, func(e events.FieldErrors) int { return len(e) }),
		},
		"10,000 undecodable records": {
			err:   func() error { _, err := events.Unwrap([]byte(badRecords.String())); return err },
			max:   4 << 10,
			whole: holds(10_000, func(e *events.BatchError) int { return len(e.Failures) }),
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			err := tc.err()
			if err == nil {
				t.Fatal("no error")
			}
			if n := len(err.Error()); n > tc.max {
				t.Errorf("error message is %d bytes, want at most %d: %.300s", n, tc.max, err)
			}
			if !tc.whole(err) {
				t.Error("the typed error does not keep the value whole")
			}
			if strings.Contains(err.Error(), big[:10_000]) || !strings.Contains(err.Error(), "…") {
				t.Errorf("error %.300s does not cut the value short with a marker", err)
			}
		})
	}
}

// holds returns a check that err is an E in which measure, the length of a
// value or a count of items, is n.
func holds[E error](n int, measure func(E) int) func(error) bool {
	return func(err error) bool {
		var e E
		return errors.As(err, &e) && measure(e) == n
	}
}

// TestBatchErrorMessage checks the bounded message of a batch error: the
// first ten records, then a count of the rest.
func TestBatchErrorMessage(t *testing.T) {
	var msgs []msg
	for _, id := range strings.Fields("m0 m1 m2 m3 m4 m5 m6 m7 m8 m9 m10 m11") {
		msgs = append(msgs, msg{id: id, body: "{"})
	}
	_, err := events.Unwrap(sqsBatch(t, standardQueue, msgs...))
	lines := strings.Split(err.Error(), "\n")
	want := []string{
		"events: 12 of 12 records failed",
		`events: record 0 (message "m0"): invalid JSON at byte 1 of Records[0].body: unexpected end of JSON input looking for beginning of object key string`,
		"… and 2 more",
	}
	if len(lines) != 12 || lines[0] != want[0] || lines[1] != want[1] || lines[11] != want[2] {
		t.Errorf("error lines:\n%s\nwant 12 lines: %q, ten records from %q, then %q", err, want[0], want[1], want[2])
	}
	var be *events.BatchError
	if !errors.As(err, &be) || len(be.Failures) != 12 || !errors.Is(err, events.ErrSyntax) {
		t.Errorf("error %v: want a *BatchError with 12 failures matching ErrSyntax", err)
	}
}
