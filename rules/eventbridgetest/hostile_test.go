package eventbridgetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// rawCall posts to s as an AWS JSON 1.1 request, under a bounded context so
// a hang fails the test; the code it returns is the error's __type.
func rawCall(s *eventbridgetest.Server) faketest.RawCall {
	return func(t *testing.T, method, op string, body []byte, hdr func(http.Header)) (int, string) {
		t.Helper()
		status, _, resp := faketest.Do(t, method, s.URL(), body, func(h http.Header) {
			h.Set("Content-Type", "application/x-amz-json-1.1")
			h.Set("X-Amz-Target", "AWSEvents."+op)
		}, hdr)
		var doc struct {
			Type string `json:"__type"`
		}
		if err := json.Unmarshal(resp, &doc); err != nil {
			t.Fatalf("response body is not JSON: %v", err)
		}
		return status, doc.Type
	}
}

// TestHostileRequests sends raw, hostile request bodies and headers; each is
// answered with an error status and an error code the SDK decodes, never a
// panic, a hang or silent success.
func TestHostileRequests(t *testing.T) {
	s, _ := newServer(t)
	many := `{"Entries":[` + strings.TrimSuffix(strings.Repeat(`{"Source":"a","DetailType":"t","Detail":"{}"},`, 100_000), ",") + `]}`
	tests := map[string]faketest.Raw[string]{
		"GET":                      {Method: http.MethodGet, Op: "PutRule", Status: 400, Code: "UnknownOperationException"},
		"no target header":         {Op: "PutRule", Header: func(h http.Header) { h.Del("X-Amz-Target") }, Status: 400, Code: "UnknownOperationException"},
		"other service prefix":     {Op: "PutRule", Header: func(h http.Header) { h.Set("X-Amz-Target", "Logs.PutRule") }, Status: 400, Code: "UnknownOperationException"},
		"unknown operation":        {Op: "Nope", Body: `{}`, Status: 400, Code: "UnknownOperationException"},
		"operation with space":     {Op: "Put Rule", Body: `{}`, Status: 400, Code: "UnknownOperationException"},
		"truncated JSON":           {Op: "PutRule", Body: `{"Name":"r","EventPattern":"{\"sou`, Status: 400, Code: "SerializationException"},
		"CBOR body":                {Op: "PutRule", Body: "\xa1\x64Name\x61r", Status: 400, Code: "SerializationException"},
		"trailing data":            {Op: "PutRule", Body: `{"Name":"r"} {}`, Status: 400, Code: "SerializationException"},
		"top-level array":          {Op: "PutRule", Body: `[]`, Status: 400, Code: "SerializationException"},
		"10k nested arrays":        {Op: "PutRule", Body: `{"Name":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}`, Status: 400, Code: "SerializationException"},
		"10001 nested objects":     {Op: "PutEvents", Body: strings.Repeat(`{"a":`, 10_001) + "1" + strings.Repeat("}", 10_001), Status: 400, Code: "SerializationException"},
		"name a number":            {Op: "PutRule", Body: `{"Name":1,"EventPattern":"{}"}`, Status: 400, Code: "SerializationException"},
		"pattern an object":        {Op: "PutRule", Body: `{"Name":"r","EventPattern":{"source":["a"]}}`, Status: 400, Code: "SerializationException"},
		"targets an object":        {Op: "PutTargets", Body: `{"Rule":"r","Targets":{"Id":"t"}}`, Status: 400, Code: "SerializationException"},
		"entries a string":         {Op: "PutEvents", Body: `{"Entries":"x"}`, Status: 400, Code: "SerializationException"},
		"limit a string":           {Op: "ListRules", Body: `{"Limit":"3"}`, Status: 400, Code: "SerializationException"},
		"raw NUL in string":        {Op: "PutRule", Body: "{\"Name\":\"r\x00\"}", Status: 400, Code: "SerializationException"},
		"raw control character":    {Op: "PutRule", Body: "{\"Name\":\"r\x01\"}", Status: 400, Code: "SerializationException"},
		"17 MiB body":              {Op: "PutEvents", Body: `{"Entries":[{"Detail":"` + strings.Repeat("a", 17<<20) + `"}]}`, Status: 400, Code: "SerializationException"},
		"empty body":               {Op: "PutRule", Status: 400, Code: "ValidationException"},
		"null body":                {Op: "PutRule", Body: `null`, Status: 400, Code: "ValidationException"},
		"every member null":        {Op: "PutRule", Body: `{"Name":null,"EventPattern":null,"State":null,"Tags":null}`, Status: 400, Code: "ValidationException"},
		"null target members":      {Op: "PutTargets", Body: `{"Rule":"r","Targets":[null,{"Id":null,"Arn":null}]}`, Status: 400, Code: "ValidationException"},
		"escaped NUL in name":      {Op: "PutRule", Body: `{"Name":"r\u0000","EventPattern":"{\"source\":[\"a\"]}"}`, Status: 400, Code: "ValidationException"},
		"invalid UTF-8 name":       {Op: "PutRule", Body: "{\"Name\":\"r\xff\",\"EventPattern\":\"{\\\"source\\\":[\\\"a\\\"]}\"}", Status: 400, Code: "ValidationException"},
		"1000-character name":      {Op: "PutRule", Body: `{"Name":"` + strings.Repeat("r", 1000) + `","EventPattern":"{\"source\":[\"a\"]}"}`, Status: 400, Code: "ValidationException"},
		"pattern not JSON":         {Op: "PutRule", Body: `{"Name":"r","EventPattern":"{"}`, Status: 400, Code: "InvalidEventPatternException"},
		"pattern nested 10k":       {Op: "PutRule", Body: `{"Name":"r","EventPattern":"` + strings.Repeat(`{\"a\":`, 10_000) + `[1]` + strings.Repeat("}", 10_000) + `"}`, Status: 400, Code: "ValidationException"},
		"unsupported construct":    {Op: "PutRule", Body: `{"Name":"u","EventPattern":"{\"detail\":{\"x\":[{\"contains\":\"a\"}]}}"}`, Status: 501, Code: "UnsupportedByFakeException"},
		"unsupported in a test":    {Op: "TestEventPattern", Body: `{"EventPattern":"{\"detail\":{\"x\":[{\"contains\":\"a\"}]}}","Event":"{}"}`, Status: 501, Code: "UnsupportedByFakeException"},
		"pattern repeated keys":    {Op: "PutRule", Body: `{"Name":"r","EventPattern":"{\"source\":[\"a\"],\"source\":[\"b\"]}"}`, Status: 200},
		"100k entries":             {Op: "PutEvents", Body: many, Status: 400, Code: "ValidationException"},
		"content type not checked": {Op: "DescribeRule", Body: `{"Name":"missing"}`, Header: func(h http.Header) { h.Set("Content-Type", "text/plain") }, Status: 400, Code: "ResourceNotFoundException"},
		"unknown rule":             {Op: "DescribeRule", Body: `{"Name":"missing"}`, Status: 400, Code: "ResourceNotFoundException"},
	}
	faketest.CheckRaw(t, rawCall(s), tests)
}

// TestHostileDuplicateMembers checks that a request member given twice is
// read as encoding/json reads it: the last one wins.
func TestHostileDuplicateMembers(t *testing.T) {
	s, c := newServer(t)
	status, code := rawCall(s)(t, http.MethodPost, "PutRule", []byte(`{"Name":"first","Name":"last","EventPattern":"{\"source\":[\"a\"]}"}`), nil)
	if status != http.StatusOK || code != "" {
		t.Fatalf("PutRule = %d %q, want 200", status, code)
	}
	out, err := c.ListRules(context.Background(), &eventbridge.ListRulesInput{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range out.Rules {
		names = append(names, aws.ToString(r.Name))
	}
	if len(names) != 1 || names[0] != "last" {
		t.Errorf("rules = %q, want [last]", names)
	}
}

// TestHostileEmit gives Emit hostile events: each fails with an error
// matching ErrInvalidEvent, and nothing is delivered.
func TestHostileEmit(t *testing.T) {
	s, c := newServer(t)
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("all"), EventPattern: aws.String(`{"source":[{"prefix":""}]}`)})
	mustPutTargets(t, c, "all", types.Target{Id: aws.String("sns"), Arn: aws.String(faketest.TopicArn)})
	valid := string(eventstest.Fixture(t, "rotation-2025.json"))
	inputs := map[string]string{
		"empty":               "",
		"null":                "null",
		"array":               "[]",
		"truncated":           valid[:len(valid)/2],
		"10k nested":          strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000),
		"invalid UTF-8":       "\xff",
		"raw NUL":             strings.Replace(valid, `"aws.kms"`, "\"aws\x00kms\"", 1),
		"source a number":     strings.Replace(valid, `"aws.kms"`, `1`, 1),
		"resources an object": strings.Replace(strings.Replace(valid, `"resources": [`, `"resources": {"a":`, 1), "\n  ],", "\n  },", 1),
		"detail-type null":    strings.Replace(valid, `"KMS CMK Rotation"`, `null`, 1),
		"no id":               strings.Replace(valid, `"id":`, `"x-id":`, 1),
		"2 MiB":               `{"id":"` + strings.Repeat("a", 2<<20) + `"}`,
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			n, err := s.Emit([]byte(in))
			if !errors.Is(err, eventbridgetest.ErrInvalidEvent) {
				t.Errorf("Emit error = %.200v, want ErrInvalidEvent", err)
			}
			if n != 0 {
				t.Errorf("Emit delivered to %d targets", n)
			}
		})
	}
	if got := len(s.Delivered(faketest.TopicArn)); got != 0 {
		t.Errorf("deliveries = %d, want 0", got)
	}
}

// TestHostileConcurrentFaults injects faults, emits events and calls the API
// from several goroutines at once (run with -race): every injected fault is
// consumed exactly once and no call or delivery is lost.
func TestHostileConcurrentFaults(t *testing.T) {
	s, _ := newServer(t)
	c := s.Client(func(o *eventbridge.Options) { o.RetryMaxAttempts = 1 })
	ctx := context.Background()
	mustPutRule(t, c, &eventbridge.PutRuleInput{Name: aws.String("kms"), EventPattern: aws.String(faketest.KMSPattern)})
	mustPutTargets(t, c, "kms", types.Target{Id: aws.String("sns"), Arn: aws.String(faketest.TopicArn)})
	rotation := eventstest.Fixture(t, "rotation-2025.json")

	const workers, rounds = 4, 25
	var (
		mu      sync.Mutex
		faulted int
	)
	faketest.Concurrently(workers, rounds, func(w, i int) {
		s.InjectFault("DescribeRule", eventbridgetest.Fault{Code: "ThrottlingException", Times: 1})
		if _, err := s.Emit(rotation); err != nil {
			t.Error(err)
		}
		_, err := c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("kms")})
		if err != nil {
			if !strings.Contains(err.Error(), "ThrottlingException") {
				t.Errorf("worker %d round %d: %v", w, i, err)
			}
			mu.Lock()
			faulted++
			mu.Unlock()
		}
		_ = s.Calls("DescribeRule")
		_ = s.Delivered(faketest.TopicArn)
	})
	// Faults queue: each worker injects one before each of its calls, so
	// every call meets one.
	if faulted != workers*rounds {
		t.Errorf("faulted calls = %d, want %d", faulted, workers*rounds)
	}
	if got, want := s.Calls("DescribeRule"), workers*rounds; got != want {
		t.Errorf("Calls(DescribeRule) = %d, want %d", got, want)
	}
	if got, want := len(s.Delivered(faketest.TopicArn)), workers*rounds; got != want {
		t.Errorf("deliveries = %d, want %d", got, want)
	}
}
