package eventbridgetest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// rawCall posts body to the fake as AWS JSON 1.1 operation op, with the
// headers changed by hdr, under a bounded context so a hang fails the test.
// It returns the status and the error's __type ("" on success).
func rawCall(t *testing.T, s *eventbridgetest.Server, method, op string, body []byte, hdr func(http.Header)) (int, string) {
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

// TestHostileRequests sends raw, hostile request bodies and headers; each is
// answered with an error status and an error code the SDK decodes, never a
// panic, a hang or silent success.
func TestHostileRequests(t *testing.T) {
	s, _ := newServer(t)
	many := `{"Entries":[` + strings.TrimSuffix(strings.Repeat(`{"Source":"a","DetailType":"t","Detail":"{}"},`, 100_000), ",") + `]}`
	tests := map[string]struct {
		method string
		op     string
		body   string
		hdr    func(http.Header)
		status int
		code   string
	}{
		"GET":                      {method: http.MethodGet, op: "PutRule", status: 400, code: "UnknownOperationException"},
		"no target header":         {op: "PutRule", hdr: func(h http.Header) { h.Del("X-Amz-Target") }, status: 400, code: "UnknownOperationException"},
		"other service prefix":     {op: "PutRule", hdr: func(h http.Header) { h.Set("X-Amz-Target", "Logs.PutRule") }, status: 400, code: "UnknownOperationException"},
		"unknown operation":        {op: "Nope", body: `{}`, status: 400, code: "UnknownOperationException"},
		"operation with space":     {op: "Put Rule", body: `{}`, status: 400, code: "UnknownOperationException"},
		"truncated JSON":           {op: "PutRule", body: `{"Name":"r","EventPattern":"{\"sou`, status: 400, code: "SerializationException"},
		"CBOR body":                {op: "PutRule", body: "\xa1\x64Name\x61r", status: 400, code: "SerializationException"},
		"trailing data":            {op: "PutRule", body: `{"Name":"r"} {}`, status: 400, code: "SerializationException"},
		"top-level array":          {op: "PutRule", body: `[]`, status: 400, code: "SerializationException"},
		"10k nested arrays":        {op: "PutRule", body: `{"Name":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + `}`, status: 400, code: "SerializationException"},
		"10001 nested objects":     {op: "PutEvents", body: strings.Repeat(`{"a":`, 10_001) + "1" + strings.Repeat("}", 10_001), status: 400, code: "SerializationException"},
		"name a number":            {op: "PutRule", body: `{"Name":1,"EventPattern":"{}"}`, status: 400, code: "SerializationException"},
		"pattern an object":        {op: "PutRule", body: `{"Name":"r","EventPattern":{"source":["a"]}}`, status: 400, code: "SerializationException"},
		"targets an object":        {op: "PutTargets", body: `{"Rule":"r","Targets":{"Id":"t"}}`, status: 400, code: "SerializationException"},
		"entries a string":         {op: "PutEvents", body: `{"Entries":"x"}`, status: 400, code: "SerializationException"},
		"limit a string":           {op: "ListRules", body: `{"Limit":"3"}`, status: 400, code: "SerializationException"},
		"raw NUL in string":        {op: "PutRule", body: "{\"Name\":\"r\x00\"}", status: 400, code: "SerializationException"},
		"raw control character":    {op: "PutRule", body: "{\"Name\":\"r\x01\"}", status: 400, code: "SerializationException"},
		"17 MiB body":              {op: "PutEvents", body: `{"Entries":[{"Detail":"` + strings.Repeat("a", 17<<20) + `"}]}`, status: 400, code: "SerializationException"},
		"empty body":               {op: "PutRule", status: 400, code: "ValidationException"},
		"null body":                {op: "PutRule", body: `null`, status: 400, code: "ValidationException"},
		"every member null":        {op: "PutRule", body: `{"Name":null,"EventPattern":null,"State":null,"Tags":null}`, status: 400, code: "ValidationException"},
		"null target members":      {op: "PutTargets", body: `{"Rule":"r","Targets":[null,{"Id":null,"Arn":null}]}`, status: 400, code: "ValidationException"},
		"escaped NUL in name":      {op: "PutRule", body: `{"Name":"r\u0000","EventPattern":"{\"source\":[\"a\"]}"}`, status: 400, code: "ValidationException"},
		"invalid UTF-8 name":       {op: "PutRule", body: "{\"Name\":\"r\xff\",\"EventPattern\":\"{\\\"source\\\":[\\\"a\\\"]}\"}", status: 400, code: "ValidationException"},
		"1000-character name":      {op: "PutRule", body: `{"Name":"` + strings.Repeat("r", 1000) + `","EventPattern":"{\"source\":[\"a\"]}"}`, status: 400, code: "ValidationException"},
		"pattern not JSON":         {op: "PutRule", body: `{"Name":"r","EventPattern":"{"}`, status: 400, code: "InvalidEventPatternException"},
		"pattern nested 10k":       {op: "PutRule", body: `{"Name":"r","EventPattern":"` + strings.Repeat(`{\"a\":`, 10_000) + `[1]` + strings.Repeat("}", 10_000) + `"}`, status: 400, code: "ValidationException"},
		"pattern repeated keys":    {op: "PutRule", body: `{"Name":"r","EventPattern":"{\"source\":[\"a\"],\"source\":[\"b\"]}"}`, status: 200},
		"100k entries":             {op: "PutEvents", body: many, status: 400, code: "ValidationException"},
		"content type not checked": {op: "DescribeRule", body: `{"Name":"missing"}`, hdr: func(h http.Header) { h.Set("Content-Type", "text/plain") }, status: 400, code: "ResourceNotFoundException"},
		"unknown rule":             {op: "DescribeRule", body: `{"Name":"missing"}`, status: 400, code: "ResourceNotFoundException"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			status, code := rawCall(t, s, method, tc.op, []byte(tc.body), tc.hdr)
			if status != tc.status || code != tc.code {
				t.Errorf("response = %d %q, want %d %q", status, code, tc.status, tc.code)
			}
		})
	}
}

// TestHostileDuplicateMembers checks that a request member given twice is
// read as encoding/json reads it: the last one wins.
func TestHostileDuplicateMembers(t *testing.T) {
	s, c := newServer(t)
	status, code := rawCall(t, s, http.MethodPost, "PutRule", []byte(`{"Name":"first","Name":"last","EventPattern":"{\"source\":[\"a\"]}"}`), nil)
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
		wg      sync.WaitGroup
		mu      sync.Mutex
		faulted int
		errs    = make(chan error, workers*rounds*2)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range rounds {
				s.InjectFault("DescribeRule", eventbridgetest.Fault{Code: "ThrottlingException", Times: 1})
				if _, err := s.Emit(rotation); err != nil {
					errs <- err
				}
				_, err := c.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String("kms")})
				if err != nil {
					if !strings.Contains(err.Error(), "ThrottlingException") {
						errs <- fmt.Errorf("worker %d round %d: %w", w, i, err)
					}
					mu.Lock()
					faulted++
					mu.Unlock()
				}
				_ = s.Calls("DescribeRule")
				_ = s.Delivered(faketest.TopicArn)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
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
