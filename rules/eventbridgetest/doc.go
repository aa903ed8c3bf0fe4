/*
Package eventbridgetest provides an in-process Amazon EventBridge endpoint for
tests and offline demonstrations, in the spirit of net/http/httptest.

A [Server] speaks the AWS JSON 1.1 protocol that the real
aws-sdk-go-v2 *eventbridge.Client uses, so code under test keeps its own client
and only its endpoint changes:

	srv := eventbridgetest.NewServer()
	defer srv.Close()
	client := srv.Client() // optFns may change anything, HTTPClient included

Rules are matched with the offline matcher of package rules, and what each
target would receive is recorded in memory:

	srv.Emit(kmsEvent) // as if KMS had sent it
	for _, d := range srv.Delivered("arn:aws:sns:us-west-2:111122223333:kms-events") {
		fmt.Printf("%s: %s\n", d.Rule, d.Body)
	}

# Building a client

Build clients with [Server.Client]: its HTTP client hands each request to
the Server in process, with no socket, while the SDK still serializes and
parses every byte, so a client inside a testing/synctest bubble works and
its retry backoff runs on the bubble's virtual time. optFns may change
anything; wrapping HTTPClient keeps requests in process. [Server.URL]
starts a loopback endpoint, on first call, for clients built by hand.
Over a socket, smithy-go v1.28.9 can close a request body while net/http
still drains it, and the connection then fails in the middle of a large
response ("use of closed network connection"); the in-process client has
no such drain.

# Operations

PutRule, DescribeRule, ListRules, DeleteRule, PutTargets, ListTargetsByRule,
RemoveTargets, PutEvents and TestEventPattern. Any other operation answers
UnknownOperationException. Request bodies are read with encoding/json, so a
member given twice takes its last value and invalid UTF-8 becomes U+FFFD; a
body that is not JSON of the operation's shape, or is over 16 MiB, answers
SerializationException. The Content-Type header is not checked.

  - PutRule validates its input with rules.ValidatePutRuleInput and
    PutTargets with rules.ValidatePutTargetsInput, so the fake and the
    builders enforce the same rules; problems arrive as ValidationException
    with every problem in the message. Within the API model's 4,096
    characters, PutRule enforces the "Event pattern size" quota, 2,048 by
    default ([WithEventPatternQuota] raises it), with LimitExceededException;
    TestEventPattern enforces the model's 4,096. Patterns are compiled with
    rules.Compile: a pattern EventBridge would reject answers
    InvalidEventPatternException; a construct the offline matcher does not
    implement answers UnsupportedByFakeException (HTTP 501) rather than a rule
    that silently never matches.
  - PutRule replaces the whole rule and keeps its targets; State defaults to
    ENABLED. PutTargets replaces targets by Id. LimitExceededException
    answers a rule that would hold more than rules.MaxTargetsPerRule targets,
    whether in one call (the model accepts 100 per call) or several,
    and a bus that would hold more than [MaxRulesPerBus] rules.
  - ListRules (NamePrefix, Limit, NextToken) lists in name order;
    ListTargetsByRule (Limit, NextToken) in the order targets were first put.
    Limit must be 1–100 (default 100). Tokens are opaque; a forged one answers
    InvalidToken.
  - DeleteRule fails with ValidationException ("Rule can't be deleted since it
    has targets.") while targets remain, Force or not: Force only concerns
    managed rules, which the fake never creates. Deleting a rule that does not
    exist succeeds, as in AWS. RemoveTargets ignores Ids the rule does not have.
  - Missing rules and buses answer ResourceNotFoundException. Only the
    "default" bus exists unless [WithEventBuses] adds more; EventBusName may be
    a name or an ARN of this Server's account and Region.
  - Modeled errors decode into the SDK's types (for example
    *types.ResourceNotFoundException); ValidationException, InvalidToken and
    the other common errors arrive as *smithy.GenericAPIError with that code.
    Every error is HTTP 400 unless noted.

# Events

PutEvents checks 1–10 entries, the 1 MB request size ([MaxEventSize]),
Resources items of at most 2,048 characters and a TraceHeader of 1–500
(the model's limits, ValidationException), and that at least one entry has
Source, DetailType and Detail (otherwise the whole request fails, as the
model documentation says); then per entry: Source, DetailType and Detail
present (InvalidArgument), DetailType at most 128 characters (InvalidArgument),
Detail a JSON object (MalformedDetail), a bus that exists (InvalidArgument)
and a source not starting with "aws." (NotAuthorizedForSourceException:
only AWS services may use those). Accepted entries become the envelope
EventBridge delivers — version "0", a fresh id, detail-type, source, the
Server's account, time (the entry's Time or the Server's clock, RFC 3339 in
whole seconds), the Server's Region, resources and detail — and are matched
against every rule on the bus in one pass (each bus keeps its rules' patterns
in a [rules.Set]), then delivered in rule-name order. [Server.Emit] injects an event
exactly as an AWS service would send it (aws.kms sources included) onto the
default bus.

Rule states follow the EventBridge user guide: ENABLED rules match;
DISABLED rules do not; read-only CloudTrail management events (source
"aws.*", detail-type "AWS API Call via CloudTrail", detail.readOnly true) reach
only rules in ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS. Schedule-only
rules never match events.

Each matched target receives, in this order of precedence, its Input
(minified), the value its InputPath selects, its InputTransformer's output (see
[Transform]), or the whole event minified. [Server.Delivered] returns the
result per target ARN, with SQS MessageGroupId kept.

Told how the SNS topics and SQS queues are set up (their policies, their
KMS keys and those keys' policies and grants; [Server.SetDeliveryInputs]),
the server drops what AWS would drop, as [delivery.Check] decides: a target
that refuses EventBridge receives nothing, and the event is recorded as a
[FailedInvocation] ([Server.FailedInvocations]), what AWS counts in the
rule's FailedInvocations metric.

# Limits

  - Delivery is synchronous: when PutEvents or Emit returns, every delivery is
    recorded. AWS delivers asynchronously, with retries, and targets are never
    invoked here, so RetryPolicy, DeadLetterConfig and RoleArn are stored and
    listed but have no effect.
  - The read-only CloudTrail events the user guide says some rules already
    receive in state ENABLED (those not starting with Describe, Get or List)
    are not modelled: every read-only event needs the ALL state.
  - There is no CreateEventBus, archive, replay, schedule, tag, permission or
    partner-event API; ScheduleExpression is stored but never fires.
  - Where AWS behaviour is not documented the fake chooses and says so:
    a missed InputPath delivers JSON null; a PutEvents entry naming a missing
    bus fails with InvalidArgument.

[Server.InjectFault] makes the next calls of an operation fail (for
example with ThrottlingException or a 5xx), or a seeded random share of
them, with the [Fault] type every fake of the library shares, and
[Server.Calls] counts requests, for testing callers' retries.
[WithVirtualClock] puts the Server on the clock.Virtual that a
cloudwatchtest.Server and an alarms.Syncer can share.

Everything in the package is safe for concurrent use.
*/
package eventbridgetest
