/*
Package metrics describes the CloudWatch metrics of AWS KMS, builds the
aws-sdk-go-v2 inputs that query them, and turns the outputs into answers such
as "key 1234abcd-… has 9 days of imported key material left".

The package never creates a client or loads credentials. Builders return the
SDK's own types (types.Metric, types.MetricStat, types.MetricDataQuery,
*cloudwatch.GetMetricDataInput, *cloudwatch.GetMetricStatisticsInput,
*cloudwatch.ListMetricsInput) for the caller's own *cloudwatch.Client, and the
functions that call AWS take the SDK's narrow per-operation interfaces
(cloudwatch.GetMetricDataAPIClient, cloudwatch.ListMetricsAPIClient), which a
*cloudwatch.Client satisfies.

# Metrics

A [Metric] is a descriptor: namespace, name, dimensions, unit and the
statistic that answers the question the metric is for, with a one-line reason
([Metric.Why]). There is a constructor for every AWS/KMS metric and for the
AWS/Usage CallCount metric of KMS request quotas; [SecondsUntilKeyMaterialExpiration]
is the one most callers need:

	m, err := metrics.SecondsUntilKeyMaterialExpiration("1234abcd-12ab-34cd-56ef-1234567890ab")

Constructors validate their input. The KeyId dimension holds a bare key id,
so a key ARN given where a key id is expected is accepted and reduced to its
id ([KeyID]); alias names are rejected, since only KMS can resolve them.
Metrics whose dimension stores an ARN (SuccessfulRequest) require the ARN.

# Periods and time ranges

[CheckPeriod] accepts what CloudWatch accepts: 1, 5, 10, 20 or 30 seconds for
high-resolution metrics, or a multiple of 60 seconds. [AlignedRange] and
[LastRange] round a range to the boundaries CloudWatch itself uses (End up to
the period, Start down to the period and to 1 minute, 5 minutes or 1 hour
depending on its age) and reject ranges for which no data is kept at that
period.

# Querying many keys

[ExpiryBatch] (or [NewBatch] for any metrics) builds the GetMetricData inputs
for any number of keys, split into ceil(n/500) calls, the fewest the API's
500-queries-per-call limit allows: 10,000 keys take 20 calls. Query Ids are
"q0", "q1", … and [Batch.Metric] maps an Id back to its metric. [Fetch] sends
them, following NextToken with the SDK paginator; [Batch.Read] merges outputs
the caller fetched itself.

# Reading answers

[Result.Expiries] gives one [Expiry] per key: the latest minimum seconds left,
the same as a time.Duration ([Expiry.Left]) and the projected expiry instant
([Expiry.ExpiresAt]). A key without datapoints has HasData false and those
methods report false, so "no data" is never mistaken for "expires now".
Partial data is surfaced, not dropped: each [Series] keeps its StatusCode and
messages, [Result.Messages] keeps the operation-level ones, and
[Result.Partial] says whether anything may be missing.

# Every key at once

[ExpiryInsights] is the Metrics Insights query
SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId)
GROUP BY KeyId ORDER BY MIN() ASC, which covers every key publishing the
metric, including keys created later (up to 500 series). [InsightsQuery]
builds other queries and quotes every value a caller passes.
[InsightsExpiries] reads its answer.

# Discovery

[DiscoverKeys] lists the keys that publish SecondsUntilKeyMaterialExpiration
(ListMetrics, paginated); [DiscoverMetrics] lists any AWS/KMS metrics.

# Errors

Bad input yields a [*kmswatch.ValidationError] that lists every problem at
once, each naming the rule and the parameter at fault as the function's
signature spells it ("keyRefs[3]", "period", "r.Start"), or for a method of
[InsightsQuery] the receiver's field ("Where[0].Value"); it matches
[kmswatch.ErrInvalid] with errors.Is. API
errors are returned wrapped, so errors.As still finds the SDK's types.

# Concurrency

Every function and method is safe for concurrent use, provided no other
goroutine changes its arguments meanwhile; SortSoonestFirst sorts the slice it
is given in place. Fetch, DiscoverKeys and DiscoverMetrics are as safe as the
client they are given, and *cloudwatch.Client is safe for concurrent use.
Metrics, Batches and query values are immutable once built and safe for
concurrent use. A Result is plain data: read it from many goroutines, but do
not change it while others read.
*/
package metrics
