// Package faketest holds what the tests of the in-process fakes
// (metrics/cloudwatchtest, rules/eventbridgetest) and of the packages that
// drive them share: an SDK retryer that does not wait, and a raw HTTP call
// for the requests no SDK client would send.
package faketest

import (
	"bytes"
	"context"
	"io"
	"net/http"
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

// Now is the instant the fakes' tests run at, on a fixed clock.
var Now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// Fixtures of the EventBridge tests: targets in the account and Region of
// the eventstest fixtures, and a pattern that matches every KMS event.
const (
	TopicArn   = "arn:aws:sns:us-west-2:111122223333:kms-events"
	QueueArn   = "arn:aws:sqs:us-west-2:111122223333:kms-events.fifo"
	KMSPattern = `{"source":["aws.kms"]}`
)
