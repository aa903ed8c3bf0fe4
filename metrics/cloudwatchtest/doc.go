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
// # Request bodies
//
// Client wraps its HTTP client so that request bodies reach the transport
// as plain readers. smithy-go v1.28.9 closes a request body as soon as the
// response headers arrive, and its body then answers WriteTo with io.EOF;
// when net/http's Transport still has to drain that body (it reads it once
// more after writing it, to detect extra bytes) it takes the io.EOF for a
// failed write and closes the connection in the middle of the response
// body. Large responses, such as 100 alarms, then failed now and then with
// "use of closed network connection" after status 200. A client built by
// hand from URL does not get the wrapper and can still meet this.
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
// # Faults
//
// InjectFault makes the next calls of one operation fail with a chosen code
// and status, for example Fault{Code: "Throttling", Times: 2} or
// Fault{Status: 503}, so callers' retry paths run against the SDK's real
// retryer. Calls counts every request, faulted ones included.
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
//   - Alarms are stored, never evaluated: their state stays as created.
//     Metric math expressions in alarm Metrics are stored unparsed; Metrics
//     Insights expressions are parsed.
//   - Tags are validated and dropped; composite and log alarms are not
//     stored.
//   - The message codes for Metrics Insights truncation ("MaxQueryTimeSeries",
//     "MaxQueryMetrics") are the fake's own.
package cloudwatchtest
