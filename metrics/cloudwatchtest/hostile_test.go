package cloudwatchtest_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/fxamacker/cbor/v2"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// rawCall posts body to operation op as an RPC v2 CBOR request, with the
// headers changed by hdr, under a bounded context so a hang fails the test.
// It returns the status and the awsQuery error code of the response.
func rawCall(t *testing.T, s *cloudwatchtest.Server, method, op string, body []byte, hdr func(http.Header)) (int, string) {
	t.Helper()
	status, header, resp := faketest.Do(t, method, s.URL()+"/service/GraniteServiceVersion20100801/operation/"+op, body, func(h http.Header) {
		h.Set("Smithy-Protocol", "rpc-v2-cbor")
		h.Set("Content-Type", "application/cbor")
		h.Set("Accept", "application/cbor")
	}, hdr)
	var doc map[string]any
	if err := cbor.Unmarshal(resp, &doc); err != nil {
		t.Fatalf("response body is not CBOR: %v", err)
	}
	code, _, _ := strings.Cut(header.Get("X-Amzn-Query-Error"), ";")
	if status != http.StatusOK {
		if typ, _ := doc["__type"].(string); typ == "" {
			t.Errorf("error response without __type: %v", doc)
		}
	}
	return status, code
}

func mustCBOR(t *testing.T, v any) []byte {
	t.Helper()
	b, err := cbor.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHostileRequests sends raw, hostile request bodies and headers: every
// one is answered with an error status and the awsQuery code a client can
// test, never a panic, a hang or a 200.
func TestHostileRequests(t *testing.T) {
	s, _ := newServer(t)
	deep := append(bytes.Repeat([]byte{0x81}, 10_000), 0x00) // 10k nested one-element arrays
	names := func(v any) []byte { return mustCBOR(t, map[string]any{"AlarmNames": v}) }
	valid := names([]string{"a"})
	many := make([]string, 100_000)
	for i := range many {
		many[i] = "a"
	}
	// {"AlarmNames":["a"],"AlarmNames":["b"]}, which cbor.Marshal cannot write.
	dup := append([]byte{0xa2}, append(mustCBOR(t, "AlarmNames"), append(mustCBOR(t, []string{"a"}), append(mustCBOR(t, "AlarmNames"), mustCBOR(t, []string{"b"})...)...)...)...)
	// {"AlarmNames":["\xff\xfe"]} with a raw invalid UTF-8 text string.
	badUTF8 := append([]byte{0xa1}, append(mustCBOR(t, "AlarmNames"), 0x81, 0x62, 0xff, 0xfe)...)
	tests := map[string]struct {
		method string
		op     string
		body   []byte
		hdr    func(http.Header)
		status int
		code   string
	}{
		"JSON content type":         {op: "DeleteAlarms", body: []byte(`{"AlarmNames":["a"]}`), hdr: func(h http.Header) { h.Set("Content-Type", "application/json") }, status: 400, code: "SerializationException"},
		"no smithy-protocol":        {op: "DeleteAlarms", body: valid, hdr: func(h http.Header) { h.Del("Smithy-Protocol") }, status: 400, code: "SerializationException"},
		"GET":                       {method: http.MethodGet, op: "DeleteAlarms", status: 400, code: "SerializationException"},
		"unknown operation":         {op: "Nope", body: valid, status: 400, code: "UnknownOperationException"},
		"operation with NUL":        {op: "Delete%00Alarms", body: valid, status: 400, code: "UnknownOperationException"},
		"JSON body as CBOR":         {op: "DeleteAlarms", body: []byte(`{"AlarmNames":["a"]}`), status: 400, code: "SerializationException"},
		"truncated CBOR":            {op: "DeleteAlarms", body: valid[:len(valid)-2], status: 400, code: "SerializationException"},
		"open indefinite array":     {op: "DeleteAlarms", body: []byte{0xbf, 0x6a, 'A', 'l', 'a', 'r', 'm', 'N', 'a', 'm', 'e', 's', 0x9f}, status: 400, code: "SerializationException"},
		"trailing bytes":            {op: "DeleteAlarms", body: append(append([]byte{}, valid...), 0x00), status: 400, code: "SerializationException"},
		"10k nested arrays":         {op: "DeleteAlarms", body: deep, status: 400, code: "SerializationException"},
		"top-level array":           {op: "DeleteAlarms", body: mustCBOR(t, []string{"a"}), status: 400, code: "SerializationException"},
		"top-level string":          {op: "GetMetricData", body: mustCBOR(t, "x"), status: 400, code: "SerializationException"},
		"names a string":            {op: "DeleteAlarms", body: names("a"), status: 400, code: "SerializationException"},
		"names a map":               {op: "DeleteAlarms", body: names(map[string]int{"a": 1}), status: 400, code: "SerializationException"},
		"names of numbers":          {op: "DeleteAlarms", body: names([]int{1}), status: 400, code: "SerializationException"},
		"queries a number":          {op: "GetMetricData", body: mustCBOR(t, map[string]any{"MetricDataQueries": 1}), status: 400, code: "SerializationException"},
		"start time untagged":       {op: "GetMetricData", body: mustCBOR(t, map[string]any{"StartTime": "2025-01-01"}), status: 400, code: "SerializationException"},
		"threshold a string":        {op: "PutMetricAlarm", body: mustCBOR(t, map[string]any{"AlarmName": "a", "Threshold": "1"}), status: 400, code: "SerializationException"},
		"duplicate key":             {op: "DeleteAlarms", body: dup, status: 400, code: "SerializationException"},
		"invalid UTF-8":             {op: "DeleteAlarms", body: badUTF8, status: 400, code: "SerializationException"},
		"2 MiB body":                {op: "PutMetricAlarm", body: mustCBOR(t, map[string]any{"AlarmName": strings.Repeat("a", 2<<20)}), status: 413, code: "SerializationException"},
		"empty body":                {op: "GetMetricData", status: 400, code: "MissingParameter"},
		"names null":                {op: "DeleteAlarms", body: names(nil), status: 400, code: "MissingParameter"},
		"every member null":         {op: "PutMetricAlarm", body: mustCBOR(t, map[string]any{"AlarmName": nil, "MetricName": nil, "Namespace": nil, "Threshold": nil, "Dimensions": nil, "Metrics": nil}), status: 400, code: "MissingParameter"},
		"query members null":        {op: "GetMetricData", body: mustCBOR(t, map[string]any{"MetricDataQueries": []any{nil, map[string]any{"Id": nil, "MetricStat": nil}}}), status: 400, code: "MissingParameter"},
		"100k names":                {op: "DeleteAlarms", body: names(many), status: 400, code: "ValidationError"},
		"name with NUL":             {op: "PutMetricAlarm", body: mustCBOR(t, map[string]any{"AlarmName": "a\x00b", "MetricName": "m", "Namespace": "n", "Threshold": 1.0, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Period": 60, "Statistic": "Average"}), status: 400, code: "InvalidParameterValue"},
		"2000-character alarm name": {op: "PutMetricAlarm", body: mustCBOR(t, map[string]any{"AlarmName": strings.Repeat("a", 2000), "MetricName": "m", "Namespace": "n", "Threshold": 1.0, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Period": 60, "Statistic": "Average"}), status: 400, code: "ValidationError"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			status, code := rawCall(t, s, method, tc.op, tc.body, tc.hdr)
			if status != tc.status || code != tc.code {
				t.Errorf("response = %d %q, want %d %q", status, code, tc.status, tc.code)
			}
		})
	}
	// The server still answers a well-formed request afterwards.
	if status, code := rawCall(t, s, http.MethodPost, "DeleteAlarms", valid, nil); status != 404 || code != "ResourceNotFound" {
		t.Errorf("after hostile requests: response = %d %q, want 404 %q", status, code, "ResourceNotFound")
	}
}

// A metric math alarm whose expression reduces to a number, or refers to
// queries in a cycle, or to a query that does not exist, is accepted by
// PutMetricAlarm (the service parses alarm expressions when it evaluates
// them) and then evaluates to EVALUATION_ERROR in INSUFFICIENT_DATA: never a
// panic in the evaluation.
func TestMathAlarmHostileExpressions(t *testing.T) {
	tests := map[string][]types.MetricDataQuery{
		"zero over zero": {usageQuery("m1", false), mathQuery("e1", "0/0", true)},
		"a constant":     {usageQuery("m1", false), mathQuery("e1", "100", true)},
		"overflow":       {usageQuery("m1", false), mathQuery("e1", "1e999", true)},
		"negated number": {usageQuery("m1", false), mathQuery("e1", "--5", true)},
		"self":           {usageQuery("m1", false), mathQuery("e1", "e1+1", true)},
		"cycle":          {usageQuery("m1", false), mathQuery("e2", "e1+1", false), mathQuery("e1", "e2*2", true)},
		"unknown id":     {usageQuery("m1", false), mathQuery("e1", "m2*2", true)},
		"function of an expression": {usageQuery("m1", false), mathQuery("e2", "m1*2", false),
			mathQuery("e1", "SERVICE_QUOTA(e2)", true)},
		"nested function": {usageQuery("m1", false), mathQuery("e1", "PERIOD(PERIOD(m1))", true)},
		"unsupported":     {usageQuery("m1", false), mathQuery("e1", "FILL(m1, 0)", true)},
	}
	for name, metrics := range tests {
		t.Run(name, func(t *testing.T) {
			srv, c, clk := virtual(t)
			srv.Seed("AWS/Usage", "CallCount", nil, cloudwatchtest.Point{Time: now, Value: 10})
			_, err := c.PutMetricAlarm(context.Background(), &cloudwatch.PutMetricAlarmInput{
				AlarmName: aws.String("math"), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
				ComparisonOperator: types.ComparisonOperatorGreaterThanThreshold, Metrics: metrics,
			})
			if err != nil {
				t.Fatal(err)
			}
			clk.Advance(2 * time.Minute)
			got := describe(t, c, "math")
			if got.EvaluationState != types.EvaluationStateEvaluationError || got.StateValue != types.StateValueInsufficientData {
				t.Errorf("state %s, evaluation state %s (%q); want INSUFFICIENT_DATA and EVALUATION_ERROR",
					got.StateValue, got.EvaluationState, aws.ToString(got.StateReason))
			}
		})
	}
}

func usageQuery(id string, ret bool) types.MetricDataQuery {
	return types.MetricDataQuery{Id: aws.String(id), ReturnData: aws.Bool(ret), MetricStat: &types.MetricStat{
		Metric: &types.Metric{Namespace: aws.String("AWS/Usage"), MetricName: aws.String("CallCount")},
		Period: aws.Int32(60), Stat: aws.String("Sum"),
	}}
}

func mathQuery(id, expr string, ret bool) types.MetricDataQuery {
	q := types.MetricDataQuery{Id: aws.String(id), Expression: aws.String(expr), ReturnData: aws.Bool(ret)}
	if ret {
		q.Period = aws.Int32(60)
	}
	return q
}
