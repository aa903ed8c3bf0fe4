// Package faketest holds what the tests of the in-process fakes
// (metrics/cloudwatchtest, rules/eventbridgetest, their engines) and of the
// packages that drive them share: an SDK retryer that does not wait, a raw
// HTTP call for the requests no SDK client would send, a table test of such
// requests, a runner of concurrent rounds for -race, and the fixed instant
// and EventBridge target fixtures they use.
package faketest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// NoBackoff returns the SDK's standard retryer with no delay between
// attempts, so that a test of retries does not wait in real time;
// maxAttempts replaces the standard 3 when above zero.
func NoBackoff(maxAttempts int) aws.Retryer {
	return retry.NewStandard(func(o *retry.StandardOptions) {
		if maxAttempts > 0 {
			o.MaxAttempts = maxAttempts
		}
		o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return 0, nil })
	})
}

// Do sends a request to url with body, its headers set by each non-nil
// function of headers in turn, under a bounded context so that a hang fails
// the test instead of stalling it, and returns the response's status,
// headers and body.
func Do(t testing.TB, method, url string, body []byte, headers ...func(http.Header)) (int, http.Header, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range headers {
		if set != nil {
			set(req.Header)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("request: %v", err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	return resp.StatusCode, resp.Header, out
}

// RawCall sends a fake a raw request for operation op, with method and
// body and with the headers of the fake's protocol changed by hdr, and
// returns the status of the answer and its error code ("" for none).
type RawCall func(t *testing.T, method, op string, body []byte, hdr func(http.Header)) (status int, code string)

// Raw is a raw request to a fake, one an SDK client would not send, and the
// answer it must get. Body is a string or bytes, as the protocol's
// requests are best written.
type Raw[B string | []byte] struct {
	Method string // "" sends POST
	Op     string
	Body   B
	Header func(http.Header) // changes the protocol's headers; nil keeps them
	Status int
	Code   string
}

// CheckRaw sends each of requests with call, in a subtest named by its key,
// and fails the subtest when the answer's status or error code is not the
// one the request must get.
func CheckRaw[B string | []byte](t *testing.T, call RawCall, requests map[string]Raw[B]) {
	t.Helper()
	for name, r := range requests {
		t.Run(name, func(t *testing.T) {
			method := r.Method
			if method == "" {
				method = http.MethodPost
			}
			status, code := call(t, method, r.Op, []byte(r.Body), r.Header)
			if status != r.Status || code != r.Code {
				t.Errorf("response = %d %q, want %d %q", status, code, r.Status, r.Code)
			}
		})
	}
}

// Concurrently runs round(w, i) for i from 0 to rounds-1 on each of
// workers goroutines, w being the goroutine's number from 0, and returns
// when all are done: the fakes' tests under -race. A round reports
// failures with t.Error, not t.Fatal, which must not be called from
// another goroutine than the test's.
func Concurrently(workers, rounds int, round func(w, i int)) {
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				round(w, i)
			}
		}()
	}
	wg.Wait()
}

// Now is the instant the fakes' tests run at, on a fixed clock.
var Now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// Fixtures of the EventBridge tests: targets in the account and Region of
// the eventstest fixtures, and a pattern that matches every KMS event.
const (
	TopicArn   = "arn:aws:sns:us-west-2:111122223333:kms-events"
	QueueArn   = "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo"
	KMSPattern = `{"source":["aws.kms"]}`
)
