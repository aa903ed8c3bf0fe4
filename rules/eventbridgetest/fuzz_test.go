package eventbridgetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"
)

// FuzzServeHTTP sends arbitrary bodies to every operation: the fake must
// answer each with a JSON response and never a panic or a 5xx.
func FuzzServeHTTP(f *testing.F) {
	ops := make([]string, 0, len(handlers))
	for op := range handlers {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	seeds := []string{
		`{"Name":"r","EventPattern":"{\"source\":[\"aws.kms\"]}"}`,
		`{"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:sns:us-west-2:111122223333:t","InputTransformer":{"InputTemplate":"<a>","InputPathsMap":{"a":"$.id"}}}]}`,
		`{"Entries":[{"Source":"app","DetailType":"t","Detail":"{}","Time":1.7e9}]}`,
		`{"EventPattern":"{}","Event":"{}"}`,
		`{"Limit":2,"NextToken":"x"}`,
		`{"Ids":["t"],"Rule":"r"}`,
		`null`, `[]`, `{"Name":7}`,
	}
	for i, seed := range seeds {
		f.Add(uint8(i), []byte(seed))
	}
	f.Fuzz(func(t *testing.T, opIndex uint8, body []byte) {
		// A fresh server per input, with one rule and target, so that a
		// finding replays from its saved input alone.
		s := NewServer(WithIDs(SequentialIDs()), WithClock(func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }))
		for i, op := range []string{"PutRule", "PutTargets"} {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(seeds[i]))
			req.Header.Set("X-Amz-Target", targetPrefix+op)
			rec := httptest.NewRecorder()
			s.serveHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("seeding %s: status %d: %s", op, rec.Code, rec.Body)
			}
		}
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set("X-Amz-Target", targetPrefix+ops[int(opIndex)%len(ops)])
		rec := httptest.NewRecorder()
		s.serveHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != statusUnsupportedByFake {
			t.Fatalf("status %d for %s: %s", rec.Code, body, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("response is not JSON: %q", rec.Body)
		}
	})
}
