// Package cloudwatchtest provides an in-process Amazon CloudWatch endpoint for
// tests and offline examples, in the spirit of net/http/httptest: the real
// aws-sdk-go-v2 *cloudwatch.Client talks to it over HTTP, so request
// serialization, error decoding, retries and paginators all run as they do
// against AWS.
//
//	srv := cloudwatchtest.NewServer()
//	defer srv.Close()
//	srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", dims, points...)
//	out, err := srv.Client().GetMetricData(ctx, input)
//
// A Server and all its methods are safe for concurrent use, as are the
// package's functions; Fault and Point are plain values.
//
// # Protocol
//
// The server speaks Smithy RPC v2 CBOR, the protocol cloudwatch v1.75.6 uses:
// POST /service/GraniteServiceVersion20100801/operation/<Operation> with the
// header "smithy-protocol: rpc-v2-cbor" and a CBOR body keyed by member name;
// timestamps are CBOR tag 1 epoch seconds. Errors carry "__type" (the
// modeled shape id, such as com.amazonaws.cloudwatch#InvalidParameterValueException)
// and the message in the body, plus the awsQuery-compatible header
// x-amzn-query-error ("InvalidParameterValue;Sender"), so the SDK returns the
// typed error (*types.InvalidParameterValueException) whose ErrorCode is the
// awsQuery code ("InvalidParameterValue"), as it does against AWS.
// Unmodeled errors such as Throttling arrive as a smithy.APIError with that
// ErrorCode.
//
// # Building a client
//
// Build clients with [Server.Client]: its HTTP client hands each request to
// the server in process, with no socket, while the SDK still serializes and
// parses every byte. Nothing in the exchange waits on the network, so a
// client inside a testing/synctest bubble works, and its retry backoff and
// a Syncer's pacing run on the bubble's virtual time. optFns may change
// anything; wrapping HTTPClient (to watch or pace requests) keeps requests
// in process.
//
// [Server.URL] starts a loopback endpoint, on first call, for a client
// built by hand. Over a socket a smithy-go defect can show: smithy-go
// v1.28.9 closes a request body as soon as the response headers arrive, its
// body then answers WriteTo with io.EOF, and when net/http's Transport still
// has to drain that body it takes the io.EOF for a failed write and closes
// the connection in the middle of the response: "use of closed network
// connection" after status 200. With retries off, 21 of 10,000 large
// responses (100 alarms, or 1,440 datapoints) failed so on a loaded
// two-core machine; the SDK's default retryer retries the failure. The
// in-process client has no such drain.
//
// # Operations
//
//   - GetMetricData: MetricStat queries aggregated per Period with Minimum,
//     Maximum, Sum, Average, SampleCount or any documented extended
//     statistic: pN, tmN, wmN, tcN, tsN, IQM and the TM, WM, TC, TS and PR
//     ranges such as TM(10%:90%) or PR(:300), with at most 10 decimal
//     places (nearest rank; a period whose bounds keep no value has no
//     datapoint); one
//     Metrics Insights query per call (see below); StartTime rounding,
//     retention by period, ScanBy, MaxDatapoints with NextToken pagination,
//     labels (the metric name by default; the dynamic labels
//     ${PROP('Dim.<name>')}, ${PROP('MetricName')}, ${PROP('Namespace')},
//     ${PROP('Period')} and ${PROP('Stat')} are resolved for MetricStat
//     queries), StatusCode Complete or PartialData, per-result Messages.
//   - GetMetricStatistics: Statistics or ExtendedStatistics (percentiles, as
//     the API reference says) per period,
//     at most 1,440 datapoints per call.
//   - ListMetrics: Namespace, MetricName and dimension filters,
//     RecentlyActive PT3H, 500 metrics per page (see WithListMetricsPageSize)
//     with NextToken; metrics without data in the last two weeks are not
//     listed.
//   - PutMetricAlarm (single-metric, metric math, Metrics Insights and
//     PromQL alarms, with the rules of the API reference that a server can
//     check: actions, periods, evaluation range (at most 3 hours for
//     Metrics Insights alarms), M of N, thresholds, anomaly detection alarms
//     returning the metric and its band, extended statistics, mutually
//     exclusive members, 120 KB payload, 200 Insights alarms),
//     DescribeAlarms (MaxRecords, AlarmNames, AlarmNamePrefix, StateValue,
//     ActionPrefix, AlarmTypes, NextToken) and DeleteAlarms. DeleteAlarms
//     deletes the names that exist even when others do not, as the API
//     reference says ("the alarms you specify with correct names are still
//     deleted"); when any name is unknown the call still fails, with
//     ResourceNotFound listing the unknown names once each, so callers
//     learn which names were wrong. Whether the service reports them this
//     way or answers success was not verified.
//   - DescribeAlarmHistory (AlarmName, HistoryItemType, StartDate, EndDate,
//     ScanBy, AlarmTypes, AlarmContributorId, MaxRecords 1-100 with
//     NextToken), SetAlarmState, EnableAlarmActions, DisableAlarmActions and
//     DescribeAlarmContributors: see "Alarm evaluation".
//
// Other operations fail with UnknownOperationException. The Op constants
// name the operations for InjectFault and Calls. Errors carry CloudWatch's
// own awsQuery codes (InvalidParameterValue, MissingParameter,
// ResourceNotFound, Throttling and so on), which callers read from
// smithy.APIError.ErrorCode as they would from AWS.
//
// # Validation
//
// Requests are checked the way the service checks the members the fake
// reads, in phases: model lengths, sizes, ranges and enums (ValidationError,
// "N validation errors detected: ..."), required members
// (MissingParameter), mutually exclusive or inconsistent members
// (InvalidParameterCombination), then period rules and other values
// (InvalidParameterValue). A response carries one code, that of the earliest
// failing phase, and lists every problem of that phase in its message.
// Member paths use the service's "MetricDataQueries.member.1.Id" form. A
// NextToken replayed with other parameters is InvalidNextToken; the
// Metrics Insights alarm quota is LimitExceeded.
//
// # Metrics Insights
//
// The supported subset is
//
//	SELECT AVG|COUNT|MAX|MIN|SUM(metric)
//	FROM "namespace" | SCHEMA("namespace"[, key ...])
//	[WHERE key = 'value' | key != 'value' [AND ...]]
//	[GROUP BY key[, key ...]]
//	[ORDER BY AVG|COUNT|MAX|MIN|SUM() [ASC|DESC]]
//	[LIMIT n]
//
// Keywords are case-insensitive; identifiers are bare words or double-quoted
// (namespaces containing "/" must be quoted); label values are single-quoted.
// Inside quotes a backslash escapes the quote character and itself (the
// service's escaping rule was not verified). Anything else is rejected with
// a ValidationError naming the offset. The query reads the last two weeks;
// each group becomes a MetricDataResult with the query's Id and the group's
// values, joined by a space, as Label (without GROUP BY, one series
// labelled with the query's Label); ORDER BY defaults to ascending
// (unverified) and ranks groups by the function over the whole range; at
// most 500 series are returned; a query that matches no data returns one
// empty series with the query's Id and Label. The MetricDataQuery must set
// Period; as Metrics Insights has no sub-minute data, a period under 60
// seconds is answered at 1 minute (Metrics Insights quotas page).
//
// # Alarm evaluation
//
// Alarms are evaluated against the server clock ([WithClock], or
// [WithVirtualClock] with a clock.Virtual a test moves by hand). Before each
// request, and in [Server.Alarms] and [Server.Actions], every evaluation
// that was due up to the clock's now runs, so a test can jump days ahead and
// then ask; on a virtual clock they also run as soon as the clock moves, so
// the [WithEventBridge] sink receives each state change event when it
// happens. Each rule follows the CloudWatch user guide ("Using Amazon
// CloudWatch alarms") or the API reference, cited beside the code that
// implements it:
//
//   - Evaluations fall on each whole minute (every 10 seconds for Period 10,
//     20 or 30) and read a sliding window of periods ending at that instant.
//   - The evaluation range is EvaluationPeriods+2 periods (the guide's
//     example retrieves 5 datapoints for 3 evaluation periods; the exact
//     size is not documented), at most 3 hours for Metrics Insights alarms.
//   - M out of N: with EvaluationPeriods real datapoints in the range the
//     most recent of them decide; with fewer, TreatMissingData fills the
//     missing ones "as few times as possible", all real datapoints in the
//     range count, and missing and ignore follow the guide's tables
//     (ALARM on M real breaching datapoints, OK on any real non-breaching
//     one, else INSUFFICIENT_DATA or the current state). Alarms on
//     AWS/DynamoDB metrics ignore missing data.
//   - Alarms start in INSUFFICIENT_DATA ("Unchecked: Initial alarm
//     creation"); an update keeps the state. StateReason and
//     StateReasonData are written in CloudWatch's form ("Threshold Crossed:
//     1 out of the last 1 datapoints [...] was less than or equal to the
//     threshold (864000.0) (minimum 1 datapoint for OK -> ALARM
//     transition).", the JSON with version, queryDate, startDate,
//     statistic, period, recentDatapoints, threshold and
//     evaluatedDatapoints). StateTransitionedTimestamp moves when the state
//     changes, StateUpdatedTimestamp also when EvaluationState does.
//   - EvaluateLowSampleCountPercentile ignore keeps the state while a
//     percentile datapoint has fewer than 10/(1-p) samples (10/p below
//     p50).
//   - Metric math alarms evaluate numbers, query ids, + - * /, parentheses,
//     SERVICE_QUOTA(id) (the value set with [Server.SetServiceQuota]; without
//     one the alarm's EvaluationState is EVALUATION_ERROR, as for a metric
//     without a quota) and PERIOD(id); series combine on the periods both
//     have, and a division by zero leaves the period empty.
//   - Metrics Insights alarms run the query over the range; with GROUP BY,
//     each series is a contributor with its own state, the alarm is in
//     ALARM while any contributor is, StateReason reads "1 out of 500 time
//     series evaluated to ALARM", and DescribeAlarmContributors lists the
//     contributors in ALARM (at most 100) with their GROUP BY values as
//     attributes. A query cut to 500 series or 10,000 metrics sets
//     EvaluationState PARTIAL_DATA. With no series at all, TreatMissingData
//     decides as for a single metric.
//   - On each state change the alarm's history gets a StateUpdate item
//     (HistoryData {"version":"1.0","oldState":{...},"newState":{...}}),
//     and, while ActionsEnabled, the ARNs of the new state's actions are
//     recorded ([Server.Actions]) with an Action history item and the body
//     CloudWatch sends: the SNS alarm message for a topic, the alarm-action
//     payload for a Lambda function; nothing is invoked. Told how the SNS
//     topics are encrypted and what their keys' and topics' policies say
//     ([Server.SetDeliveryInputs]), the server drops the SNS actions AWS
//     would drop, as [delivery.Check] decides: no Action and no body, and
//     the failed-action history item CloudWatch writes. [WithEventBridge]
//     also sends each change as the "CloudWatch Alarm State Change" event
//     (source aws.cloudwatch) to an EventBridge such as an
//     *eventbridgetest.Server. PutMetricAlarm adds a ConfigurationUpdate
//     item. SetAlarmState changes the state until the next evaluation,
//     running actions as any change does.
//   - A contributor of a multi-time-series alarm that enters ALARM, or
//     returns from it to OK, runs the new state's SNS, Lambda, EC2 and
//     OpsItem actions with its own bodies (AlarmContributorId and
//     AlarmContributorAttributes in the SNS message, alarmContributor in the
//     Lambda payload) and an Action history item under its
//     AlarmContributorId, and is sent as a "CloudWatch Alarm Contributor
//     State Change" event; the alarm's own changes run the other kinds, as
//     "Acting on alarm changes" divides them.
//   - [Server.SimulateKeyMaterial] publishes SecondsUntilKeyMaterialExpiration
//     once a minute for a key, as KMS does, from 3 hours before the call (the
//     range a Metrics Insights alarm reads) until the material expires, is
//     reimported or the key is deleted; the points are computed from the
//     clock, so jumping months costs nothing.
//
// Not modelled: PromQL and anomaly detection alarms (stored, never
// evaluated), composite and log alarms, WallClockWindow evaluation windows
// (evaluated as sliding windows), warm-up periods, alarm mute rules, metric
// math functions other than SERVICE_QUOTA and PERIOD, StateUpdate history
// items of individual contributors, the two-week limit of alarm history, delays before data
// reach an alarm, and actions that repeat while an Auto Scaling alarm
// stays in ALARM. The wording of a reason that combines real and filled-in
// datapoints is the fake's own.
//
// # Faults
//
// InjectFault makes the next calls of one operation fail with a chosen code
// and status, for example Fault{Code: "Throttling", Times: 2} or
// Fault{Status: 503}, so callers' retry paths run against the SDK's real
// retryer. With Fault.Probability a seeded random share of the calls fails
// instead, as on a throttled account. Calls counts every request, faulted
// ones included. [Fault] is the one fault type of the library's fakes:
// rules/eventbridgetest injects the same value the same way.
//
// # Limits
//
//   - Metric math expressions, SEARCH, anomaly detection bands and
//     cross-account queries are not evaluated: a math expression fails with
//     ValidationError, and an AccountId other than the server's account returns no data.
//   - Seeded points carry no unit, so a Unit in a query is validated but does
//     not filter.
//   - Metrics Insights WHERE supports = and != only (not LIKE, IN, OR or
//     parentheses).
//   - Alarm evaluation models what "Alarm evaluation" lists; metric math
//     expressions of alarms are parsed when evaluated, so an expression the
//     fake cannot evaluate is accepted by PutMetricAlarm and then sets
//     EvaluationState EVALUATION_ERROR.
//   - Tags are validated and dropped; composite and log alarms are not
//     stored.
//   - The message codes for Metrics Insights truncation ("MaxQueryTimeSeries",
//     "MaxQueryMetrics") are the fake's own.
package cloudwatchtest
