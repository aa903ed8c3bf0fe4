package eventbridgeengine_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/eventbridgeengine"
	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/rules"
)

// newEngine returns an engine with sequential event IDs on a fixed clock,
// the custom bus "orders", and the rules given as name → pattern, each
// with one target to faketest.TopicArn.
func newEngine(t *testing.T, patterns map[string]string) *eventbridgeengine.Engine {
	t.Helper()
	n := 0
	e := eventbridgeengine.New(eventbridgeengine.Config{
		Account: "111122223333", Region: "us-west-2", Now: func() time.Time { return faketest.Now },
		NewID:        func() string { n++; return fmt.Sprintf("id-%d", n) },
		PatternQuota: rules.DefaultEventPatternQuota, Buses: []string{"orders"},
	})
	for name, p := range patterns {
		mustPutRule(t, e, "", eventbridgeengine.Rule{Name: name, EventPattern: &p})
		mustPutTargets(t, e, name, eventbridgeengine.Target{ID: "t", Arn: faketest.TopicArn})
	}
	return e
}

func mustPutRule(t *testing.T, e *eventbridgeengine.Engine, bus string, r eventbridgeengine.Rule) {
	t.Helper()
	if _, err := e.PutRule(bus, r); err != nil {
		t.Fatalf("PutRule(%s): %v", r.Name, err)
	}
}

func mustPutTargets(t *testing.T, e *eventbridgeengine.Engine, rule string, targets ...eventbridgeengine.Target) {
	t.Helper()
	if err := e.PutTargets("", rule, targets); err != nil {
		t.Fatalf("PutTargets(%s): %v", rule, err)
	}
}

// event is a KMS-shaped event with the given source, detail-type and
// detail.
func event(source, detailType, detail string) []byte {
	return []byte(`{"version":"0","id":"e1","detail-type":"` + detailType + `","source":"` + source +
		`","account":"111122223333","time":"2026-11-24T11:00:00Z","region":"us-west-2","resources":[],"detail":` + detail + `}`)
}

// TestRouting checks which rules an event reaches by rule state, and what
// each kind of target receives.
func TestRouting(t *testing.T) {
	str := func(s string) *string { return &s }
	readOnly := event("aws.kms", "AWS API Call via CloudTrail", `{"readOnly":true,"eventName":"Decrypt"}`)
	rotation := event("aws.kms", "KMS CMK Rotation", `{"key-id":"k1"}`)
	tests := []struct {
		name   string
		state  string
		target eventbridgeengine.Target
		event  []byte
		want   []string // bodies the target receives
	}{
		{"enabled, whole event", "", eventbridgeengine.Target{}, rotation, []string{string(rotation)}},
		{"disabled", eventbridgeengine.StateDisabled, eventbridgeengine.Target{}, rotation, []string{}},
		{"read-only CloudTrail event, ENABLED", eventbridgeengine.StateEnabled, eventbridgeengine.Target{}, readOnly, []string{}},
		{"read-only CloudTrail event, all management events", eventbridgeengine.StateEnabledWithAllCloudTrail, eventbridgeengine.Target{Input: str(`{ "a": 1 }`)}, readOnly, []string{`{"a":1}`}},
		{"InputPath", "", eventbridgeengine.Target{InputPath: str("$.detail.key-id")}, rotation, []string{`"k1"`}},
		{"InputPath that misses", "", eventbridgeengine.Target{InputPath: str("$.detail.nope")}, rotation, []string{`null`}},
		{"transformer", "", eventbridgeengine.Target{InputTransformer: &eventbridgeengine.InputTransformer{
			InputPathsMap: map[string]string{"k": "$.detail.key-id"},
			InputTemplate: `"<k> by <aws.events.rule-name> at <aws.events.event.ingestion-time>"`,
		}}, rotation, []string{`"k1 by r at 2026-11-24T12:00:00Z"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEngine(t, nil)
			mustPutRule(t, e, "", eventbridgeengine.Rule{Name: "r", EventPattern: str(faketest.KMSPattern), State: tt.state})
			tt.target.ID, tt.target.Arn = "t", faketest.TopicArn
			mustPutTargets(t, e, "r", tt.target)
			if _, err := e.Emit(tt.event); err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, d := range e.Delivered(faketest.TopicArn) {
				got = append(got, string(d.Body))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("bodies mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDeliveryRecord checks the record of one PutEvents entry matched by
// two rules: the envelope built from the entry, a delivery per target in
// rule-name order, and a refusing target's failed invocation instead of a
// delivery.
func TestDeliveryRecord(t *testing.T) {
	e := newEngine(t, map[string]string{"b-app": `{"source":["app"]}`, "a-app": `{"source":["app"]}`})
	mustPutTargets(t, e, "a-app", eventbridgeengine.Target{ID: "fifo", Arn: faketest.QueueArn, MessageGroupID: "g"})
	e.SetRefusal(func(ruleArn string, tg eventbridgeengine.Target) []string {
		if tg.Arn == faketest.QueueArn {
			return []string{"no policy for " + ruleArn}
		}
		return nil
	})
	src, dt, detail := "app", "Order Placed", `{"total": 250}`
	given := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	res, failed, err := e.PutEvents([]eventbridgeengine.Entry{{Source: &src, DetailType: &dt, Detail: &detail, Time: &given}})
	if err != nil || failed != 0 {
		t.Fatalf("PutEvents = %v, %d failed, %v", res, failed, err)
	}
	body := `{"version":"0","id":"id-1","detail-type":"Order Placed","source":"app","account":"111122223333","time":"2026-01-02T03:04:05Z","region":"us-west-2","resources":[],"detail":{"total":250}}`
	route := func(rule string) (string, string) { return rule, "arn:aws:events:us-west-2:111122223333:rule/" + rule }
	a, aArn := route("a-app")
	b, bArn := route("b-app")
	want := []eventbridgeengine.Delivery{
		{EventBus: "default", Rule: a, RuleArn: aArn, TargetID: "t", TargetArn: faketest.TopicArn, EventID: "id-1", Body: []byte(body)},
		{EventBus: "default", Rule: b, RuleArn: bArn, TargetID: "t", TargetArn: faketest.TopicArn, EventID: "id-1", Body: []byte(body)},
	}
	if diff := cmp.Diff(want, e.Delivered(faketest.TopicArn)); diff != "" {
		t.Errorf("deliveries mismatch (-want +got):\n%s", diff)
	}
	wantFailed := []eventbridgeengine.FailedInvocation{{EventBus: "default", Rule: a, RuleArn: aArn, TargetID: "fifo", TargetArn: faketest.QueueArn, EventID: "id-1", Reasons: []string{"no policy for " + aArn}}}
	if diff := cmp.Diff(wantFailed, e.FailedInvocations(faketest.QueueArn)); diff != "" {
		t.Errorf("failed invocations mismatch (-want +got):\n%s", diff)
	}
	e.ClearDelivered()
	if n := len(e.Delivered(faketest.TopicArn)); n != 0 {
		t.Errorf("%d deliveries after ClearDelivered", n)
	}
}

// afterFirstTarget gives the rule "kms" a second target and returns the
// ListTargets token of the page after its first.
func afterFirstTarget(t *testing.T, e *eventbridgeengine.Engine) *string {
	t.Helper()
	mustPutTargets(t, e, "kms", eventbridgeengine.Target{ID: "u", Arn: faketest.TopicArn})
	one := int32(1)
	_, next, err := e.ListTargets("", "kms", eventbridgeengine.Page{Limit: &one})
	if err != nil || next == nil {
		t.Fatalf("ListTargets = token %v, %v; want a next page", next, err)
	}
	return next
}

// TestErrors checks the error code and message of every call the engine
// refuses, on an engine with the rule "kms" and its target.
func TestErrors(t *testing.T) {
	str := func(s string) *string { return &s }
	limit := func(n int32) *int32 { return &n }
	entry := func(mutate func(*eventbridgeengine.Entry)) []eventbridgeengine.Entry {
		en := eventbridgeengine.Entry{Source: str("app"), DetailType: str("t"), Detail: str("{}")}
		mutate(&en)
		return []eventbridgeengine.Entry{en}
	}
	putEvents := func(entries []eventbridgeengine.Entry) func(*eventbridgeengine.Engine) error {
		return func(e *eventbridgeengine.Engine) error { _, _, err := e.PutEvents(entries); return err }
	}
	tests := []struct {
		name    string
		call    func(*eventbridgeengine.Engine) error
		code    string
		message string // a substring of the message
	}{
		{"pattern over the quota", func(e *eventbridgeengine.Engine) error {
			_, err := e.PutRule("", eventbridgeengine.Rule{Name: "big", EventPattern: str(`{"source":["` + strings.Repeat("a", rules.DefaultEventPatternQuota) + `"]}`)})
			return err
		}, eventbridgeengine.CodeLimitExceeded, "Event pattern size quota is 2048"},
		{"malformed pattern", func(e *eventbridgeengine.Engine) error {
			_, err := e.PutRule("", eventbridgeengine.Rule{Name: "bad", EventPattern: str(`{"source":"aws.kms"}`)})
			return err
		}, eventbridgeengine.CodeInvalidEventPattern, "Event pattern is not valid."},
		{"construct the matcher does not implement", func(e *eventbridgeengine.Engine) error {
			_, err := e.PutRule("", eventbridgeengine.Rule{Name: "u", EventPattern: str(`{"detail":{"x":[{"contains":"a"}]}}`)})
			return err
		}, eventbridgeengine.CodeUnsupportedByFake, "contains"},
		{"missing bus", func(e *eventbridgeengine.Engine) error {
			_, err := e.PutRule("nope", eventbridgeengine.Rule{Name: "r"})
			return err
		}, eventbridgeengine.CodeResourceNotFound, "Event bus nope does not exist."},
		{"bus ARN of another account", func(e *eventbridgeengine.Engine) error {
			_, err := e.DescribeRule("arn:aws:events:us-west-2:444455556666:event-bus/default", "kms")
			return err
		}, eventbridgeengine.CodeResourceNotFound, "does not exist"},
		{"missing rule", func(e *eventbridgeengine.Engine) error {
			_, err := e.DescribeRule("orders", "kms")
			return err
		}, eventbridgeengine.CodeResourceNotFound, "Rule kms does not exist on EventBus orders."},
		{"rule beyond the per-bus quota", func(e *eventbridgeengine.Engine) error {
			for i := range eventbridgeengine.MaxRulesPerBus {
				if _, err := e.PutRule("orders", eventbridgeengine.Rule{Name: fmt.Sprint("r", i)}); err != nil {
					return err
				}
			}
			_, err := e.PutRule("orders", eventbridgeengine.Rule{Name: "one-more"})
			return err
		}, eventbridgeengine.CodeLimitExceeded, "maximum number allowed"},
		{"DeleteRule while targets remain", func(e *eventbridgeengine.Engine) error { return e.DeleteRule("", "kms") },
			eventbridgeengine.CodeValidation, "Rule can't be deleted since it has targets."},
		{"sixth target", func(e *eventbridgeengine.Engine) error {
			var six []eventbridgeengine.Target
			for i := range rules.MaxTargetsPerRule + 1 {
				six = append(six, eventbridgeengine.Target{ID: fmt.Sprint("t", i), Arn: faketest.TopicArn})
			}
			return e.PutTargets("", "kms", six)
		}, eventbridgeengine.CodeLimitExceeded, "maximum number allowed"},
		{"RemoveTargets without Ids", func(e *eventbridgeengine.Engine) error { return e.RemoveTargets("", "kms", nil) },
			eventbridgeengine.CodeValidation, "between 1 and 100, got 0"},
		{"Limit 0", func(e *eventbridgeengine.Engine) error {
			_, _, err := e.ListRules("", "", eventbridgeengine.Page{Limit: limit(0)})
			return err
		}, eventbridgeengine.CodeValidation, "Value '0' at 'limit'"},
		{"forged token", func(e *eventbridgeengine.Engine) error {
			_, _, err := e.ListRules("", "", eventbridgeengine.Page{NextToken: str("forged")})
			return err
		}, eventbridgeengine.CodeInvalidToken, "not valid for ListRules"},
		{"token of the other List operation", func(e *eventbridgeengine.Engine) error {
			_, _, err := e.ListRules("", "", eventbridgeengine.Page{NextToken: afterFirstTarget(t, e)})
			return err
		}, eventbridgeengine.CodeInvalidToken, "not valid for ListRules"},
		{"token naming a removed target", func(e *eventbridgeengine.Engine) error {
			next := afterFirstTarget(t, e)
			if err := e.RemoveTargets("", "kms", []string{"t"}); err != nil {
				return err
			}
			_, _, err := e.ListTargets("", "kms", eventbridgeengine.Page{NextToken: next})
			return err
		}, eventbridgeengine.CodeInvalidToken, "target t was removed"},
		{"no entries", putEvents(nil), eventbridgeengine.CodeValidation, "between 1 and 10, got 0"},
		{"no complete entry", putEvents(entry(func(en *eventbridgeengine.Entry) { en.Detail = nil })),
			eventbridgeengine.CodeValidation, "no entry in the request has all three"},
		{"resource over 2,048 characters", putEvents(entry(func(en *eventbridgeengine.Entry) { en.Resources = []string{strings.Repeat("r", 2049)} })),
			eventbridgeengine.CodeValidation, "entries.1.member.resources.1.member"},
		{"empty TraceHeader", putEvents(entry(func(en *eventbridgeengine.Entry) { en.TraceHeader = str("") })),
			eventbridgeengine.CodeValidation, "entries.1.member.traceHeader"},
		{"request over 1 MiB", putEvents(entry(func(en *eventbridgeengine.Entry) {
			en.Detail = str(`{"p":"` + strings.Repeat("x", eventbridgeengine.MaxEventSize) + `"}`)
		})),
			eventbridgeengine.CodeValidation, "over the limit"},
		{"TestEventPattern with an event without envelope", func(*eventbridgeengine.Engine) error {
			_, err := eventbridgeengine.TestEventPattern(faketest.KMSPattern, `{"source":"aws.kms"}`)
			return err
		}, eventbridgeengine.CodeValidation, "event lacks the required fields id, account, time, region, resources, detail-type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call(newEngine(t, map[string]string{"kms": faketest.KMSPattern}))
			var ee *eventbridgeengine.Error
			if !errors.As(err, &ee) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if ee.Code != tt.code || !strings.Contains(ee.Message, tt.message) {
				t.Errorf("error %s: %s; want code %s, message containing %q", ee.Code, ee.Message, tt.code, tt.message)
			}
		})
	}
}

// TestEntryResults checks the outcome of each entry of one PutEvents call:
// failed entries do not fail the request.
func TestEntryResults(t *testing.T) {
	str := func(s string) *string { return &s }
	entries := []eventbridgeengine.Entry{
		{Source: str("app"), DetailType: str("t"), Detail: str(`{}`)},
		{Source: str("app"), Detail: str(`{}`)},
		{Source: str("app"), DetailType: str(strings.Repeat("d", 129)), Detail: str(`{}`)},
		{Source: str("aws.kms"), DetailType: str("t"), Detail: str(`{}`)},
		{Source: str("app"), DetailType: str("t"), Detail: str(`[1]`)},
		{Source: str("app"), DetailType: str("t"), Detail: str(`{}`), EventBusName: str("nope")},
		{Source: str("app"), DetailType: str("t"), Detail: str(`{}`), EventBusName: str("arn:aws:events:us-west-2:111122223333:event-bus/orders")},
	}
	got, failed, err := newEngine(t, nil).PutEvents(entries)
	if err != nil {
		t.Fatal(err)
	}
	want := []eventbridgeengine.EntryResult{
		{EventID: "id-1"},
		{ErrorCode: eventbridgeengine.CodeInvalidArgument, ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is a required argument."},
		{ErrorCode: eventbridgeengine.CodeInvalidArgument, ErrorMessage: "Parameter DetailType is not valid. Reason: DetailType is 129 characters, over 128."},
		{ErrorCode: eventbridgeengine.CodeNotAuthorizedSource, ErrorMessage: "Not authorized for the source."},
		{ErrorCode: eventbridgeengine.CodeMalformedDetail, ErrorMessage: "Detail is malformed."},
		{ErrorCode: eventbridgeengine.CodeInvalidArgument, ErrorMessage: "Parameter EventBusName is not valid. Reason: Event bus nope does not exist."},
		{EventID: "id-2"},
	}
	if diff := cmp.Diff(want, got); diff != "" || failed != 5 {
		t.Errorf("%d failed, want 5; results mismatch (-want +got):\n%s", failed, diff)
	}
}

// allPages lists every page of list, two items a page.
func allPages[T any](t *testing.T, list func(eventbridgeengine.Page) ([]T, *string, error)) []T {
	t.Helper()
	two := int32(2)
	var all []T
	for page := (eventbridgeengine.Page{Limit: &two}); ; {
		got, next, err := list(page)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, got...)
		if page.NextToken = next; next == nil {
			return all
		}
	}
}

// TestListPages checks that ListRules and ListTargets page in their orders
// (rule names; targets as first put) and that a replaced target keeps its
// place.
func TestListPages(t *testing.T) {
	e := newEngine(t, map[string]string{"kms-c": faketest.KMSPattern, "kms-a": faketest.KMSPattern, "app": faketest.KMSPattern, "kms-b": faketest.KMSPattern})
	mustPutTargets(t, e, "kms-a", eventbridgeengine.Target{ID: "z", Arn: faketest.TopicArn}, eventbridgeengine.Target{ID: "a", Arn: faketest.TopicArn})
	mustPutTargets(t, e, "kms-a", eventbridgeengine.Target{ID: "t", Arn: faketest.QueueArn})
	var got []string
	for _, r := range allPages(t, func(p eventbridgeengine.Page) ([]eventbridgeengine.Rule, *string, error) {
		return e.ListRules("", "kms-", p)
	}) {
		got = append(got, r.Name+" "+r.State)
	}
	for _, tg := range allPages(t, func(p eventbridgeengine.Page) ([]eventbridgeengine.Target, *string, error) {
		return e.ListTargets("", "kms-a", p)
	}) {
		got = append(got, tg.ID+" "+tg.Arn)
	}
	want := []string{"kms-a ENABLED", "kms-b ENABLED", "kms-c ENABLED", "t " + faketest.QueueArn, "z " + faketest.TopicArn, "a " + faketest.TopicArn}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages mismatch (-want +got):\n%s", diff)
	}
}
