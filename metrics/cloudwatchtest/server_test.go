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
	"github.com/fxamacker/cbor/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func TestProtocolEnvelope(t *testing.T) {
	s, _ := newServer(t)
	cborBody, err := cbor.Marshal(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		method     string
		path       string
		header     map[string]string
		body       []byte
		wantStatus int
		wantType   string
		wantQuery  string
	}{
		{
			name: "valid empty ListMetrics", method: http.MethodPost,
			path:   "/service/GraniteServiceVersion20100801/operation/ListMetrics",
			header: map[string]string{"Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/cbor"},
			body:   cborBody, wantStatus: http.StatusOK,
		},
		{
			name: "GET is rejected", method: http.MethodGet,
			path:       "/service/GraniteServiceVersion20100801/operation/ListMetrics",
			header:     map[string]string{"Smithy-Protocol": "rpc-v2-cbor"},
			wantStatus: http.StatusBadRequest, wantType: "SerializationException", wantQuery: "SerializationException;Sender",
		},
		{
			name: "missing smithy-protocol header", method: http.MethodPost,
			path:       "/service/GraniteServiceVersion20100801/operation/ListMetrics",
			wantStatus: http.StatusBadRequest, wantType: "SerializationException", wantQuery: "SerializationException;Sender",
		},
		{
			name: "JSON content type", method: http.MethodPost,
			path:   "/service/GraniteServiceVersion20100801/operation/ListMetrics",
			header: map[string]string{"Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/json"},
			body:   []byte("{}"), wantStatus: http.StatusBadRequest, wantType: "SerializationException", wantQuery: "SerializationException;Sender",
		},
		{
			name: "not CBOR", method: http.MethodPost,
			path:   "/service/GraniteServiceVersion20100801/operation/ListMetrics",
			header: map[string]string{"Smithy-Protocol": "rpc-v2-cbor", "Content-Type": "application/cbor"},
			body:   []byte{0xff, 0x00}, wantStatus: http.StatusBadRequest, wantType: "SerializationException", wantQuery: "SerializationException;Sender",
		},
		{
			name: "unknown operation", method: http.MethodPost,
			path:       "/service/GraniteServiceVersion20100801/operation/PutMetricData",
			header:     map[string]string{"Smithy-Protocol": "rpc-v2-cbor"},
			wantStatus: http.StatusBadRequest, wantType: "UnknownOperationException", wantQuery: "UnknownOperationException;Sender",
		},
		{
			name: "wrong path", method: http.MethodPost, path: "/",
			wantStatus: http.StatusNotFound, wantType: "UnknownOperationException", wantQuery: "UnknownOperationException;Sender",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.URL()+tt.path, bytes.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %x)", resp.StatusCode, tt.wantStatus, raw)
			}
			if got := resp.Header.Get("Smithy-Protocol"); got != "rpc-v2-cbor" {
				t.Errorf("smithy-protocol = %q, want rpc-v2-cbor", got)
			}
			if tt.wantType == "" {
				return
			}
			var body struct {
				Type    string `cbor:"__type"`
				Message string `cbor:"message"`
			}
			if err := cbor.Unmarshal(raw, &body); err != nil {
				t.Fatal(err)
			}
			if body.Type != tt.wantType || body.Message == "" {
				t.Errorf("error body = %+v, want __type %q and a message", body, tt.wantType)
			}
			if got := resp.Header.Get("X-Amzn-Query-Error"); got != tt.wantQuery {
				t.Errorf("x-amzn-query-error = %q, want %q", got, tt.wantQuery)
			}
		})
	}
}

func TestFaults(t *testing.T) {
	type call func(context.Context, *cloudwatch.Client) error
	putAlarm := func(ctx context.Context, c *cloudwatch.Client) error {
		_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
			AlarmName: aws.String("a"), Namespace: aws.String(kms), MetricName: aws.String(expiry),
			Dimensions: keyDims("k"), Statistic: types.StatisticMinimum, Period: aws.Int32(300),
			EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(864000),
			ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
		})
		return err
	}
	listMetrics := func(ctx context.Context, c *cloudwatch.Client) error {
		_, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{})
		return err
	}
	tests := []struct {
		name      string
		op        string // the operation faults are injected for
		countOp   string // the operation whose calls are counted, when not op
		call      call
		faults    []cloudwatchtest.Fault
		wantCode  string
		wantCalls int
		wantTyped any
	}{
		{
			name: "throttled twice then served", op: "PutMetricAlarm", call: putAlarm,
			faults:    []cloudwatchtest.Fault{{Code: "Throttling", Status: 400, Times: 2}},
			wantCalls: 3,
		},
		{
			name: "throttled beyond the retry budget", op: "PutMetricAlarm", call: putAlarm,
			faults:   []cloudwatchtest.Fault{{Code: "Throttling", Times: 3}},
			wantCode: "Throttling", wantCalls: 3,
		},
		{
			name: "503 then served", op: "ListMetrics", call: listMetrics,
			faults:    []cloudwatchtest.Fault{{Status: 503, Times: 1}},
			wantCalls: 2,
		},
		{
			name: "500 is InternalServiceFault", op: "ListMetrics", call: listMetrics,
			faults:   []cloudwatchtest.Fault{{Status: 500, Times: 5}},
			wantCode: "InternalServiceError", wantCalls: 3, wantTyped: new(*types.InternalServiceFault),
		},
		{
			name: "queued faults run in order", op: "ListMetrics", call: listMetrics,
			faults:    []cloudwatchtest.Fault{{Status: 502}, {Code: "Throttling"}},
			wantCalls: 3,
		},
		{
			name: "client errors are not retried", op: "ListMetrics", call: listMetrics,
			faults:   []cloudwatchtest.Fault{{Code: "InvalidParameterValue", Message: "bad", Times: 3}},
			wantCode: "InvalidParameterValue", wantCalls: 1, wantTyped: new(*types.InvalidParameterValueException),
		},
		{
			name: "faults of other operations do not apply", op: "DescribeAlarms", countOp: "ListMetrics", call: listMetrics,
			faults:    []cloudwatchtest.Fault{{Code: "Throttling"}},
			wantCalls: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c := newServer(t)
			for _, f := range tt.faults {
				s.InjectFault(tt.op, f)
			}
			err := tt.call(context.Background(), c)
			checkError(t, err, tt.wantCode)
			if tt.wantTyped != nil && !errors.As(err, tt.wantTyped) {
				t.Errorf("error %v (%T) is not %T", err, err, tt.wantTyped)
			}
			op := tt.op
			if tt.countOp != "" {
				op = tt.countOp
			}
			if got := s.Calls(op); got != tt.wantCalls {
				t.Errorf("Calls(%q) = %d, want %d", op, got, tt.wantCalls)
			}
		})
	}
}

func TestFaultDefaultRetryer(t *testing.T) {
	// The client from Client() keeps the SDK's default retryer, with its
	// backoff: one throttled attempt is retried transparently.
	s := cloudwatchtest.NewServer(cloudwatchtest.WithClock(fixedNow))
	defer s.Close()
	s.InjectFault("ListMetrics", cloudwatchtest.Fault{Code: "Throttling"})
	if _, err := s.Client().ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{}); err != nil {
		t.Fatalf("ListMetrics: %v", err)
	}
	if got := s.Calls("ListMetrics"); got != 2 {
		t.Errorf("Calls = %d, want 2", got)
	}
}

func TestThrottlingIsGenericAPIError(t *testing.T) {
	s, c := newServer(t)
	s.InjectFault("DescribeAlarms", cloudwatchtest.Fault{Code: "Throttling", Message: "Rate exceeded", Times: 3})
	_, err := c.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{})
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not a smithy.APIError", err)
	}
	got := []any{ae.ErrorCode(), ae.ErrorMessage(), ae.ErrorFault()}
	want := []any{"Throttling", "Rate exceeded", smithy.FaultClient}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// TestConcurrentUse runs every method at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	s, _ := newServer(t)
	// Faults are queued by four goroutines at once, so one call may meet
	// all of them; enough attempts make every call succeed.
	c := s.Client(fastRetries, func(o *cloudwatch.Options) { o.RetryMaxAttempts = 10 })
	ctx := context.Background()
	faketest.Concurrently(4, 10, func(w, i int) {
		key := string(rune('a' + w))
		s.Seed(kms, expiry, keyDims(key), cloudwatchtest.Point{Time: now.Add(-time.Duration(i) * time.Minute), Value: float64(i)})
		s.InjectFault("ListMetrics", cloudwatchtest.Fault{Code: "Throttling"})
		if _, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: aws.String(kms)}); err != nil {
			t.Error(err)
		}
		_, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
			StartTime: aws.Time(now.Add(-time.Hour)), EndTime: aws.Time(now),
			MetricDataQueries: []types.MetricDataQuery{{Id: aws.String("m"), MetricStat: expiryStat(key, 60, "Minimum")}},
		})
		if err != nil {
			t.Error(err)
		}
		err = putAlarmNamed(ctx, c, key)
		if err != nil {
			t.Error(err)
		}
		_ = s.Alarms()
		_ = s.Calls("GetMetricData")
	})
	if got := len(s.Alarms()); got != 4 {
		t.Errorf("alarms = %d, want 4", got)
	}
	if got := s.Calls("GetMetricData"); got != 40 {
		t.Errorf("GetMetricData calls = %d, want 40", got)
	}
}

func putAlarmNamed(ctx context.Context, c *cloudwatch.Client, name string) error {
	_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
		AlarmName: aws.String(name), Namespace: aws.String(kms), MetricName: aws.String(expiry),
		Dimensions: keyDims(name), Statistic: types.StatisticMinimum, Period: aws.Int32(300),
		EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(864000),
		ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
	})
	return err
}

// TestRandomFaults checks the random fault mode through the real client
// with retries off: the share of failed calls follows Probability, the same
// Seed fails the same calls, Times ends the fault, and a fault queued
// behind it takes over then.
func TestRandomFaults(t *testing.T) {
	run := func(seed uint64, times int) []bool {
		s := cloudwatchtest.NewServer(cloudwatchtest.WithClock(fixedNow))
		defer s.Close()
		c := s.Client(func(o *cloudwatch.Options) { o.RetryMaxAttempts = 1 })
		s.InjectFault("ListMetrics", cloudwatchtest.Fault{Code: "Throttling", Probability: 0.3, Seed: seed, Times: times})
		s.InjectFault("ListMetrics", cloudwatchtest.Fault{Code: "AccessDenied", Status: 403})
		var failed []bool
		for range 1000 {
			_, err := c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
			var ae smithy.APIError
			if err != nil && (!errors.As(err, &ae) || ae.ErrorCode() != "Throttling") {
				failed = append(failed, false)
				break // the queued AccessDenied fault: the random one is spent
			}
			failed = append(failed, err != nil)
		}
		return failed
	}
	count := func(f []bool) int {
		n := 0
		for _, x := range f {
			if x {
				n++
			}
		}
		return n
	}
	forever, again, other := run(7, 0), run(7, 0), run(8, 0)
	limited := run(7, 50)
	got := []any{len(forever), count(forever) > 250 && count(forever) < 350, cmp.Equal(forever, again), cmp.Equal(forever, other),
		count(limited), len(limited) < 1000}
	if diff := cmp.Diff([]any{1000, true, true, false, 50, true}, got); diff != "" {
		t.Errorf("[calls share-near-30%% same-seed-repeats other-seed-differs limited-failures limited-ended] mismatch (-want +got):\n%s\n%d of 1000 failed", diff, count(forever))
	}
}

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
