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

// rawCall posts to s as an RPC v2 CBOR request, under a bounded context so
// a hang fails the test; the code it returns is the awsQuery error code of
// the response.
func rawCall(s *cloudwatchtest.Server) faketest.RawCall {
	return func(t *testing.T, method, op string, body []byte, hdr func(http.Header)) (int, string) {
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
	tests := map[string]faketest.Raw[[]byte]{
		"JSON content type":         {Op: "DeleteAlarms", Body: []byte(`{"AlarmNames":["a"]}`), Header: func(h http.Header) { h.Set("Content-Type", "application/json") }, Status: 400, Code: "SerializationException"},
		"no smithy-protocol":        {Op: "DeleteAlarms", Body: valid, Header: func(h http.Header) { h.Del("Smithy-Protocol") }, Status: 400, Code: "SerializationException"},
		"GET":                       {Method: http.MethodGet, Op: "DeleteAlarms", Status: 400, Code: "SerializationException"},
		"unknown operation":         {Op: "Nope", Body: valid, Status: 400, Code: "UnknownOperationException"},
		"operation with NUL":        {Op: "Delete%00Alarms", Body: valid, Status: 400, Code: "UnknownOperationException"},
		"JSON body as CBOR":         {Op: "DeleteAlarms", Body: []byte(`{"AlarmNames":["a"]}`), Status: 400, Code: "SerializationException"},
		"truncated CBOR":            {Op: "DeleteAlarms", Body: valid[:len(valid)-2], Status: 400, Code: "SerializationException"},
		"open indefinite array":     {Op: "DeleteAlarms", Body: []byte{0xbf, 0x6a, 'A', 'l', 'a', 'r', 'm', 'N', 'a', 'm', 'e', 's', 0x9f}, Status: 400, Code: "SerializationException"},
		"trailing bytes":            {Op: "DeleteAlarms", Body: append(append([]byte{}, valid...), 0x00), Status: 400, Code: "SerializationException"},
		"10k nested arrays":         {Op: "DeleteAlarms", Body: deep, Status: 400, Code: "SerializationException"},
		"top-level array":           {Op: "DeleteAlarms", Body: mustCBOR(t, []string{"a"}), Status: 400, Code: "SerializationException"},
		"top-level string":          {Op: "GetMetricData", Body: mustCBOR(t, "x"), Status: 400, Code: "SerializationException"},
		"names a string":            {Op: "DeleteAlarms", Body: names("a"), Status: 400, Code: "SerializationException"},
		"names a map":               {Op: "DeleteAlarms", Body: names(map[string]int{"a": 1}), Status: 400, Code: "SerializationException"},
		"names of numbers":          {Op: "DeleteAlarms", Body: names([]int{1}), Status: 400, Code: "SerializationException"},
		"queries a number":          {Op: "GetMetricData", Body: mustCBOR(t, map[string]any{"MetricDataQueries": 1}), Status: 400, Code: "SerializationException"},
		"start time untagged":       {Op: "GetMetricData", Body: mustCBOR(t, map[string]any{"StartTime": "2025-01-01"}), Status: 400, Code: "SerializationException"},
		"threshold a string":        {Op: "PutMetricAlarm", Body: mustCBOR(t, map[string]any{"AlarmName": "a", "Threshold": "1"}), Status: 400, Code: "SerializationException"},
		"duplicate key":             {Op: "DeleteAlarms", Body: dup, Status: 400, Code: "SerializationException"},
		"invalid UTF-8":             {Op: "DeleteAlarms", Body: badUTF8, Status: 400, Code: "SerializationException"},
		"2 MiB body":                {Op: "PutMetricAlarm", Body: mustCBOR(t, map[string]any{"AlarmName": strings.Repeat("a", 2<<20)}), Status: 413, Code: "SerializationException"},
		"empty body":                {Op: "GetMetricData", Status: 400, Code: "MissingParameter"},
		"names null":                {Op: "DeleteAlarms", Body: names(nil), Status: 400, Code: "MissingParameter"},
		"every member null":         {Op: "PutMetricAlarm", Body: mustCBOR(t, map[string]any{"AlarmName": nil, "MetricName": nil, "Namespace": nil, "Threshold": nil, "Dimensions": nil, "Metrics": nil}), Status: 400, Code: "MissingParameter"},
		"query members null":        {Op: "GetMetricData", Body: mustCBOR(t, map[string]any{"MetricDataQueries": []any{nil, map[string]any{"Id": nil, "MetricStat": nil}}}), Status: 400, Code: "MissingParameter"},
		"100k names":                {Op: "DeleteAlarms", Body: names(many), Status: 400, Code: "ValidationError"},
		"name with NUL":             {Op: "PutMetricAlarm", Body: mustCBOR(t, map[string]any{"AlarmName": "a\x00b", "MetricName": "m", "Namespace": "n", "Threshold": 1.0, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Period": 60, "Statistic": "Average"}), Status: 400, Code: "InvalidParameterValue"},
		"2000-character alarm name": {Op: "PutMetricAlarm", Body: mustCBOR(t, map[string]any{"AlarmName": strings.Repeat("a", 2000), "MetricName": "m", "Namespace": "n", "Threshold": 1.0, "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Period": 60, "Statistic": "Average"}), Status: 400, Code: "ValidationError"},
	}
	faketest.CheckRaw(t, rawCall(s), tests)
	// The server still answers a well-formed request afterwards.
	if status, code := rawCall(s)(t, http.MethodPost, "DeleteAlarms", valid, nil); status != 404 || code != "ResourceNotFound" {
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
