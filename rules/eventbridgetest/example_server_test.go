package eventbridgetest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/smithy-go"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// A rule routes KMS rotation events to an SNS topic with a readable message;
// the fixture is replayed as if KMS had sent it.
func Example() {
	ctx := context.Background()
	srv := eventbridgetest.NewServer()
	defer srv.Close()
	client := srv.Client()

	_, err := client.PutRule(ctx, &eventbridge.PutRuleInput{
		Name:         aws.String("kms-rotation"),
		EventPattern: aws.String(`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"]}`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = client.PutTargets(ctx, &eventbridge.PutTargetsInput{
		Rule: aws.String("kms-rotation"),
		Targets: []types.Target{{
			Id:  aws.String("sns"),
			Arn: aws.String("arn:aws:sns:us-west-2:111122223333:kms-events"),
			InputTransformer: &types.InputTransformer{
				InputPathsMap: map[string]string{"key": "$.resources[0]", "how": "$.detail.rotation-type"},
				InputTemplate: aws.String(`"Key <key> was rotated (<how>)."`),
			},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	event, err := os.ReadFile("../../events/testdata/rotation-2025.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := srv.Emit(event); err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range srv.Delivered("arn:aws:sns:us-west-2:111122223333:kms-events") {
		fmt.Printf("%s -> %s: %s\n", d.Rule, d.TargetID, d.Body)
	}
	// Output:
	// kms-rotation -> sns: "Key arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab was rotated (ON_DEMAND)."
}

// PutEvents builds the envelope EventBridge delivers; a fixed clock and
// sequential IDs make it reproducible.
func ExampleServer_Delivered() {
	ctx := context.Background()
	srv := eventbridgetest.NewServer(
		eventbridgetest.WithClock(func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }),
		eventbridgetest.WithIDs(eventbridgetest.SequentialIDs()),
	)
	defer srv.Close()
	client := srv.Client()

	if _, err := client.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("audit"), EventPattern: aws.String(`{"source":["com.example.audit"]}`)}); err != nil {
		fmt.Println(err)
		return
	}
	queue := "arn:aws:sqs:us-west-2:111122223333:audit"
	if _, err := client.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("audit"), Targets: []types.Target{{Id: aws.String("q"), Arn: aws.String(queue)}}}); err != nil {
		fmt.Println(err)
		return
	}
	out, err := client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{
		{Source: aws.String("com.example.audit"), DetailType: aws.String("Key Reviewed"), Detail: aws.String(`{"key": "alias/app"}`)},
		{Source: aws.String("aws.kms"), DetailType: aws.String("KMS CMK Deletion"), Detail: aws.String(`{}`)},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("failed entries:", out.FailedEntryCount, aws.ToString(out.Entries[1].ErrorCode))
	for _, d := range srv.Delivered(queue) {
		fmt.Printf("%s\n", d.Body)
	}
	// Output:
	// failed entries: 1 NotAuthorizedForSourceException
	// {"version":"0","id":"00000000-0000-0000-0000-000000000001","detail-type":"Key Reviewed","source":"com.example.audit","account":"111122223333","time":"2026-01-02T03:04:05Z","region":"us-west-2","resources":[],"detail":{"key":"alias/app"}}
}

// Emit rejects what EventBridge could not have delivered.
func ExampleServer_Emit() {
	srv := eventbridgetest.NewServer()
	defer srv.Close()

	n, err := srv.Emit([]byte(`{"source":"aws.kms","detail-type":"KMS CMK Deletion"}`))
	fmt.Println(n, errors.Is(err, eventbridgetest.ErrInvalidEvent))
	fmt.Println(err)
	// Output:
	// 0 true
	// eventbridgetest: invalid event: event lacks the required fields id, account, time, region, resources
}

// InjectFault exercises a caller's handling of throttling.
func ExampleServer_InjectFault() {
	srv := eventbridgetest.NewServer()
	defer srv.Close()
	client := srv.Client(func(o *eventbridge.Options) { o.RetryMaxAttempts = 1 })

	srv.InjectFault("ListRules", eventbridgetest.Fault{Code: "ThrottlingException", Message: "Rate exceeded", Times: 1})
	_, err := client.ListRules(context.Background(), &eventbridge.ListRulesInput{})
	var throttled *types.ThrottlingException
	fmt.Println(errors.As(err, &throttled), throttled.ErrorMessage())

	_, err = client.ListRules(context.Background(), &eventbridge.ListRulesInput{})
	fmt.Println(err, srv.Calls("ListRules"))
	// Output:
	// true Rate exceeded
	// <nil> 2
}

// ClearFaults drops the faults still queued for an operation.
func ExampleServer_ClearFaults() {
	srv := eventbridgetest.NewServer()
	defer srv.Close()
	srv.InjectFault("ListRules", eventbridgetest.Fault{Status: 503, Times: 10})
	srv.ClearFaults("ListRules")
	_, err := srv.Client().ListRules(context.Background(), &eventbridge.ListRulesInput{})
	fmt.Println(err)
	// Output: <nil>
}

// On a virtual clock, shared with a cloudwatchtest.Server or an
// alarms.Syncer, events put without a Time are stamped with its time.
func ExampleWithVirtualClock() {
	clk := clock.NewVirtual(time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	srv := eventbridgetest.NewServer(eventbridgetest.WithVirtualClock(clk), eventbridgetest.WithIDs(eventbridgetest.SequentialIDs()))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	if _, err := client.PutRule(ctx, &eventbridge.PutRuleInput{Name: aws.String("all"), EventPattern: aws.String(`{"source":["app"]}`)}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String("all"), Targets: []types.Target{{Id: aws.String("q"), Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:q"), InputPath: aws.String("$.time")}}}); err != nil {
		fmt.Println(err)
		return
	}
	clk.Advance(90 * 24 * time.Hour)
	entry := types.PutEventsRequestEntry{Source: aws.String("app"), DetailType: aws.String("tick"), Detail: aws.String("{}")}
	if _, err := client.PutEvents(ctx, &eventbridge.PutEventsInput{Entries: []types.PutEventsRequestEntry{entry}}); err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range srv.Delivered("arn:aws:sqs:us-west-2:111122223333:q") {
		fmt.Println(string(d.Body))
	}
	// Output: "2027-02-22T12:00:00Z"
}

// Custom buses must exist before rules can be put on them.
func ExampleWithEventBuses() {
	srv := eventbridgetest.NewServer(eventbridgetest.WithEventBuses("security"), eventbridgetest.WithAccount("444455556666"), eventbridgetest.WithRegion("eu-west-1"))
	defer srv.Close()
	out, err := srv.Client().PutRule(context.Background(), &eventbridge.PutRuleInput{
		Name:         aws.String("kms"),
		EventBusName: aws.String("security"),
		EventPattern: aws.String(`{"source":["aws.kms"]}`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(aws.ToString(out.RuleArn))
	// Output:
	// arn:aws:events:eu-west-1:444455556666:rule/security/kms
}

func ExampleSequentialIDs() {
	next := eventbridgetest.SequentialIDs()
	fmt.Println(next())
	fmt.Println(next())
	// Output:
	// 00000000-0000-0000-0000-000000000001
	// 00000000-0000-0000-0000-000000000002
}

// Code that builds its own client only needs the endpoint changed.
func ExampleServer_URL() {
	srv := eventbridgetest.NewServer()
	defer srv.Close()

	client := eventbridge.New(eventbridge.Options{
		Region:       srv.Region(),
		BaseEndpoint: aws.String(srv.URL()),
		Credentials:  aws.AnonymousCredentials{},
	})
	out, err := client.TestEventPattern(context.Background(), &eventbridge.TestEventPatternInput{
		EventPattern: aws.String(`{"source":["aws.kms"],"account":["` + srv.Account() + `"]}`),
		Event:        aws.String(`{"id":"1","account":"111122223333","source":"aws.kms","time":"2025-05-23T03:11:54Z","region":"us-west-2","resources":[],"detail-type":"KMS CMK Rotation","detail":{}}`),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Result)
	// Output:
	// true
}

// A pattern over the default 2,048-character quota fails on a default
// Server and is accepted where the quota was raised; the API model's 4,096
// applies to both.
func ExampleWithEventPatternQuota() {
	ctx := context.Background()
	pattern := `{"source":["aws.kms"],"detail":{"keyId":["` + strings.Repeat("k", 2100) + `"]}}`
	for _, server := range []struct {
		name string
		opts []eventbridgetest.Option
	}{
		{"default quota", nil},
		{"quota raised to 4096", []eventbridgetest.Option{eventbridgetest.WithEventPatternQuota(rules.MaxEventPatternLength)}},
	} {
		srv := eventbridgetest.NewServer(server.opts...)
		_, err := srv.Client(func(o *eventbridge.Options) { o.Retryer = aws.NopRetryer{} }).PutRule(ctx, &eventbridge.PutRuleInput{
			Name: aws.String("big"), EventPattern: aws.String(pattern),
		})
		var ae smithy.APIError
		switch {
		case errors.As(err, &ae):
			fmt.Printf("%s: %s\n", server.name, ae.ErrorCode())
		case err != nil:
			fmt.Println(err)
		default:
			fmt.Printf("%s: accepted\n", server.name)
		}
		srv.Close()
	}
	// Output:
	// default quota: LimitExceededException
	// quota raised to 4096: accepted
}
