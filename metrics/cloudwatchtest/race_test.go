package cloudwatchtest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// TestConcurrentHostileAndValid mixes, under -race, malformed raw requests
// with SDK clients that put, describe and delete alarms while other
// goroutines Seed points and inject faults: bad requests never disturb the
// good ones, and the alarm store ends exactly as the good requests left it.
func TestConcurrentHostileAndValid(t *testing.T) {
	s, _ := newServer(t)
	c := s.Client(fastRetries, func(o *cloudwatch.Options) { o.RetryMaxAttempts = 10 })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const workers, rounds = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*4)
	for w := range workers {
		wg.Add(3)
		go func() { // SDK client: put then delete a scratch alarm, keep one
			defer wg.Done()
			for i := range rounds {
				name := fmt.Sprintf("w%d-%d", w, i)
				if err := putAlarmNamed(ctx, c, name); err != nil {
					errs <- err
				}
				if i < rounds-1 {
					if _, err := c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{name}}); err != nil {
						errs <- err
					}
				}
				// Faults are queued faster than one call retries them away, so
				// a describe may still end throttled; anything else is wrong.
				_, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("w")})
				var ae smithy.APIError
				if err != nil && (!errors.As(err, &ae) || ae.ErrorCode() != "Throttling") {
					errs <- err
				}
			}
		}()
		go func() { // hostile raw requests
			defer wg.Done()
			bodies := [][]byte{nil, {0xff}, {0xa1, 0x61}, []byte(`{"AlarmNames":["w0-0"]}`)}
			for i := range rounds {
				body := bodies[i%len(bodies)]
				ct := "application/cbor"
				if i%2 == 1 {
					ct = "text/plain"
				}
				status, err := rawStatus(ctx, s, ct, body)
				if err != nil || status == http.StatusOK {
					errs <- fmt.Errorf("hostile request %d: status %d, %v", i, status, err)
				}
			}
		}()
		go func() { // seeding and faults while serving
			defer wg.Done()
			for i := range rounds {
				s.Seed(kms, expiry, keyDims(fmt.Sprintf("k%d", w)), cloudwatchtest.Point{Time: now.Add(-time.Duration(i) * time.Minute), Value: float64(i)})
				s.InjectFault("DescribeAlarms", cloudwatchtest.Fault{Code: "Throttling"})
				_ = s.Calls("DeleteAlarms")
				_ = s.Alarms()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var got []string
	for _, a := range s.Alarms() {
		got = append(got, aws.ToString(a.AlarmName))
	}
	want := map[string]bool{}
	for w := range workers {
		want[fmt.Sprintf("w%d-%d", w, rounds-1)] = true
	}
	if len(got) != len(want) {
		t.Fatalf("alarms = %q, want the %d kept ones", got, len(want))
	}
	for _, n := range got {
		if !want[n] {
			t.Errorf("unexpected alarm %q", n)
		}
	}
	out, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: aws.String(kms), MetricName: aws.String(expiry)})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Metrics) != workers {
		t.Errorf("metrics = %d, want %d: %v", len(out.Metrics), workers, metricKeys(out.Metrics))
	}
}

// rawStatus posts body to DeleteAlarms and returns the response status; it
// reports failures as errors so that it can run on any goroutine.
func rawStatus(ctx context.Context, s *cloudwatchtest.Server, contentType string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL()+"/service/GraniteServiceVersion20100801/operation/DeleteAlarms", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Smithy-Protocol", "rpc-v2-cbor")
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, err
}

func metricKeys(ms []types.Metric) []string {
	var out []string
	for _, m := range ms {
		for _, d := range m.Dimensions {
			out = append(out, aws.ToString(d.Value))
		}
	}
	return out
}
