package rules_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

const (
	putRuleName = "kms-lifecycle"
	putTopic    = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	putQueue    = "arn:aws:sqs:us-west-2:111122223333:kms-events"
)

// putInputs builds the inputs of the KeyLifecycle rule with an SNS and an
// SQS target.
func putInputs(t *testing.T) (*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput) {
	t.Helper()
	r := rules.Rule{Name: putRuleName, Pattern: must[rules.EventPattern](t)(rules.KeyLifecycle(testAccount))}
	sns := must[rules.Target](t)(rules.SNSTopic("notify", putTopic))
	sqs := must[rules.Target](t)(rules.SQSQueue("queue", putQueue, ""))
	return must[*eventbridge.PutRuleInput](t)(r.PutRuleInput()), must[*eventbridge.PutTargetsInput](t)(r.PutTargetsInput(sns, sqs))
}

// failTargets answers PutTargets with the given failed entries, as
// EventBridge does when it cannot attach some targets, and passes every
// other operation to next.
func failTargets(t *testing.T, next *eventbridgetest.Server, body string) *eventbridge.Client {
	t.Helper()
	u, err := url.Parse(next.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Amz-Target") != "AWSEvents.PutTargets" {
			proxy.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return next.Client(func(o *eventbridge.Options) {
		o.BaseEndpoint = aws.String(srv.URL)
		o.HTTPClient = srv.Client()
	})
}

// TestPut creates rules with the real *eventbridge.Client against the
// in-process EventBridge and checks the ARN, the error and what the service
// holds afterwards.
func TestPut(t *testing.T) {
	const wantARN = "arn:aws:events:us-west-2:111122223333:rule/" + putRuleName
	tests := map[string]struct {
		// setUp injects faults or returns a client other than the fake's own.
		setUp   func(t *testing.T, srv *eventbridgetest.Server) *eventbridge.Client
		wantARN string
		// wantErr is matched with errors.Is; wantCode is the API error code.
		wantErr     error
		wantCode    string
		wantFailed  *rules.FailedTargetsError
		wantTargets []string // target ids the rule holds afterwards
		wantCalls   [2]int   // PutRule and PutTargets requests the fake saw
	}{
		"created": {
			wantARN:     wantARN,
			wantTargets: []string{"notify", "queue"},
			wantCalls:   [2]int{1, 1},
		},
		"PutRule refused": {
			setUp: func(t *testing.T, srv *eventbridgetest.Server) *eventbridge.Client {
				srv.InjectFault("PutRule", eventbridgetest.Fault{Code: "AccessDeniedException", Message: "not allowed", Times: 1})
				return srv.Client()
			},
			wantCode:  "AccessDeniedException",
			wantCalls: [2]int{1, 0},
		},
		"PutTargets refused": {
			setUp: func(t *testing.T, srv *eventbridgetest.Server) *eventbridge.Client {
				srv.InjectFault("PutTargets", eventbridgetest.Fault{Code: "AccessDeniedException", Message: "not allowed", Times: 1})
				return srv.Client()
			},
			wantARN:   wantARN,
			wantCode:  "AccessDeniedException",
			wantCalls: [2]int{1, 1},
		},
		"PutTargets retried after a server fault": {
			setUp: func(t *testing.T, srv *eventbridgetest.Server) *eventbridge.Client {
				srv.InjectFault("PutTargets", eventbridgetest.Fault{Code: "InternalException", Status: 500, Times: 1})
				return srv.Client()
			},
			wantARN:     wantARN,
			wantTargets: []string{"notify", "queue"},
			wantCalls:   [2]int{1, 2},
		},
		"failed entries": {
			setUp: func(t *testing.T, srv *eventbridgetest.Server) *eventbridge.Client {
				return failTargets(t, srv, `{"FailedEntryCount":2,"FailedEntries":[`+
					`{"TargetId":"notify","ErrorCode":"ConcurrentModificationException","ErrorMessage":"Rule was modified."},`+
					`{"TargetId":"queue","ErrorCode":"InternalException","ErrorMessage":"Try again."}]}`)
			},
			wantARN: wantARN,
			wantErr: rules.ErrTargetsFailed,
			wantFailed: &rules.FailedTargetsError{Rule: putRuleName, RuleARN: wantARN, Count: 2, Targets: []rules.FailedTarget{
				{TargetID: "notify", ErrorCode: "ConcurrentModificationException", ErrorMessage: "Rule was modified."},
				{TargetID: "queue", ErrorCode: "InternalException", ErrorMessage: "Try again."},
			}},
			wantCalls: [2]int{1, 0},
		},
		"failed count without entries": {
			setUp: func(t *testing.T, srv *eventbridgetest.Server) *eventbridge.Client {
				return failTargets(t, srv, `{"FailedEntryCount":1}`)
			},
			wantARN:    wantARN,
			wantErr:    rules.ErrTargetsFailed,
			wantFailed: &rules.FailedTargetsError{Rule: putRuleName, RuleARN: wantARN, Count: 1},
			wantCalls:  [2]int{1, 0},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			srv := eventbridgetest.NewServer()
			t.Cleanup(srv.Close)
			client := srv.Client()
			if tc.setUp != nil {
				client = tc.setUp(t, srv)
			}
			ruleIn, targetsIn := putInputs(t)

			arn, err := rules.Put(context.Background(), client, ruleIn, targetsIn)

			if arn != tc.wantARN {
				t.Errorf("ARN = %q, want %q", arn, tc.wantARN)
			}
			switch {
			case tc.wantErr == nil && tc.wantCode == "" && err != nil:
				t.Fatalf("Put: %v", err)
			case tc.wantErr != nil && !errors.Is(err, tc.wantErr):
				t.Errorf("Put error = %v, want one matching %v", err, tc.wantErr)
			case tc.wantCode != "":
				var apiErr smithy.APIError
				if !errors.As(err, &apiErr) || apiErr.ErrorCode() != tc.wantCode {
					t.Errorf("Put error = %v, want API error %s", err, tc.wantCode)
				}
			}
			if tc.wantFailed != nil {
				var got *rules.FailedTargetsError
				if !errors.As(err, &got) {
					t.Fatalf("Put error = %v, want a *FailedTargetsError", err)
				}
				if diff := cmp.Diff(tc.wantFailed, got); diff != "" {
					t.Errorf("FailedTargetsError mismatch (-want +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(tc.wantCalls, [2]int{srv.Calls("PutRule"), srv.Calls("PutTargets")}); diff != "" {
				t.Errorf("calls (PutRule, PutTargets) mismatch (-want +got):\n%s", diff)
			}
			if tc.wantARN == "" {
				return
			}
			listed, err := srv.Client().ListTargetsByRule(context.Background(), &eventbridge.ListTargetsByRuleInput{Rule: aws.String(putRuleName)})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, tg := range listed.Targets {
				ids = append(ids, aws.ToString(tg.Id))
			}
			if diff := cmp.Diff(tc.wantTargets, ids); diff != "" {
				t.Errorf("targets held mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPutRejectsBadInput checks that Put reports every problem of its
// inputs at once, without calling EventBridge.
func TestPutRejectsBadInput(t *testing.T) {
	srv := eventbridgetest.NewServer()
	t.Cleanup(srv.Close)
	tests := map[string]struct {
		client rules.PutAPI
		edit   func(*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput) (*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput)
		want   []kmswatch.Problem
	}{
		"nothing": {
			edit: func(*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput) (*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput) {
				return nil, nil
			},
			want: []kmswatch.Problem{
				{Field: "c", Rule: "required", Message: "is required"},
				{Field: "rule", Rule: "required", Message: "is required"},
				{Field: "targets", Rule: "required", Message: "is required"},
			},
		},
		"targets of another rule on another bus": {
			client: srv.Client(),
			edit: func(r *eventbridge.PutRuleInput, ts *eventbridge.PutTargetsInput) (*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput) {
				ts.Rule = aws.String("other")
				ts.EventBusName = aws.String("team-bus")
				return r, ts
			},
			want: []kmswatch.Problem{
				{Field: "targets.Rule", Rule: "combination", Message: `must name the rule of rule.Name "kms-lifecycle", got "other"`},
				{Field: "targets.EventBusName", Rule: "combination", Message: `must name the event bus of rule.EventBusName "default", got "team-bus"`},
			},
		},
		"inputs the API would reject": {
			client: srv.Client(),
			edit: func(r *eventbridge.PutRuleInput, ts *eventbridge.PutTargetsInput) (*eventbridge.PutRuleInput, *eventbridge.PutTargetsInput) {
				r.State = "PAUSED"
				ts.Targets = nil
				return r, ts
			},
			want: []kmswatch.Problem{
				{Field: "rule.State", Rule: "enum"},
				{Field: "targets.Targets", Rule: "count"},
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ruleIn, targetsIn := tc.edit(putInputs(t))
			arn, err := rules.Put(context.Background(), tc.client, ruleIn, targetsIn)
			var ve *kmswatch.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, kmswatch.ErrInvalid) {
				t.Fatalf("Put = %q, %v; want a *ValidationError", arn, err)
			}
			got := ve.Problems
			if tc.want[0].Message == "" { // messages are checked by the validators' own tests
				for i := range got {
					got[i].Message = ""
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if arn != "" {
				t.Errorf("ARN = %q, want none", arn)
			}
		})
	}
	if n := srv.Calls("PutRule") + srv.Calls("PutTargets"); n != 0 {
		t.Errorf("EventBridge received %d calls, want none", n)
	}
}

// TestPutBusByARN checks that a bus named by ARN in one input and by name in
// the other is the same bus.
func TestPutBusByARN(t *testing.T) {
	srv := eventbridgetest.NewServer(eventbridgetest.WithEventBuses("team-bus"))
	t.Cleanup(srv.Close)
	ruleIn, targetsIn := putInputs(t)
	ruleIn.EventBusName = aws.String("arn:aws:events:us-west-2:111122223333:event-bus/team-bus")
	targetsIn.EventBusName = aws.String("team-bus")
	arn, err := rules.Put(context.Background(), srv.Client(), ruleIn, targetsIn)
	if err != nil {
		t.Fatal(err)
	}
	if want := "arn:aws:events:us-west-2:111122223333:rule/team-bus/" + putRuleName; arn != want {
		t.Errorf("ARN = %q, want %q", arn, want)
	}
}

func TestFailedTargetsErrorMessage(t *testing.T) {
	tests := map[string]struct {
		err  *rules.FailedTargetsError
		want string
	}{
		"entries": {
			err: &rules.FailedTargetsError{Rule: "r", Count: 2, Targets: []rules.FailedTarget{
				{TargetID: "a", ErrorCode: "C1", ErrorMessage: "m1"}, {TargetID: "b", ErrorCode: "C2", ErrorMessage: "m2"},
			}},
			want: "rules: targets not attached to rule r (2 failed): target a: C1: m1; target b: C2: m2",
		},
		"count only": {
			err:  &rules.FailedTargetsError{Rule: "r", Count: 1},
			want: "rules: targets not attached to rule r (1 failed)",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.err.Error()); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// Put's interface is satisfied by the SDK client itself.
var _ rules.PutAPI = (*eventbridge.Client)(nil)
