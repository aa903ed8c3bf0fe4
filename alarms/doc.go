// Package alarms builds the CloudWatch alarms the AWS documentation
// recommends for KMS keys, validates them against CloudWatch's rules before
// anything is sent, and keeps one alarm per key in step with a fleet of keys
// as keys come and go.
//
// Builders return the SDK's own input types (*cloudwatch.PutMetricAlarmInput,
// and *cloudwatchlogs.PutMetricFilterInput where an alarm needs a log metric
// filter), so callers pass them to their own clients. The package never
// creates a client or loads credentials; [Syncer] takes any value with the
// three CloudWatch methods of [API], which *cloudwatch.Client has.
//
// Every builder takes an [Options] value (the log-metric builders a
// [LogOptions] that embeds it). A zero field means the builder's documented
// default; every default can be overridden there, and any field of the
// returned input can be changed afterwards and checked again with
// [ValidateAlarm]. An option a builder cannot honour is reported, never
// ignored.
//
// # Expiry alarms
//
// [KeyMaterialExpiry] builds the alarm for one key with imported key
// material: AWS/KMS SecondsUntilKeyMaterialExpiration for its KeyId,
// statistic Minimum, LessThanOrEqualToThreshold a time.Duration given in
// seconds (10 days, [DefaultExpiryWithin], is 864000), a 1-minute period and
// 1 evaluation period, as the KMS developer guide's recipe has it.
// TreatMissingData defaults to breaching: KMS stops publishing the metric
// once the material has expired, so notBreaching would clear the alarm at
// the moment the key breaks ([DefaultExpiryTreatMissingData] explains the
// trade-off). [KeyMaterialExpiries] builds the alarm for many keys at once,
// for example for the keys metrics.DiscoverKeys lists.
//
//	in, err := alarms.KeyMaterialExpiry(keyID, alarms.DefaultExpiryWithin,
//		alarms.Options{AlarmActions: []string{topicARN}, OKActions: []string{topicARN}})
//	if err != nil { ... } // a *kmswatch.ValidationError listing every problem
//	_, err = client.PutMetricAlarm(ctx, in)
//
// # Every key at once: the Metrics Insights alternative
//
// [FleetKeyMaterialExpiry] builds one alarm on a Metrics Insights query that groups
// SecondsUntilKeyMaterialExpiration by KeyId, so every key that publishes the metric,
// including keys created later, is a contributor with its own state, and nothing needs
// to be kept in sync. Its limits (CloudWatch user guide,
// docs/reference.md#69-metrics-insights-alarms and
// docs/reference.md#81-request-rate-quotas):
//
//   - at most 200 Metrics Insights alarms per Region (not adjustable);
//   - a query processes at most 10,000 metrics and returns at most 500
//     series; the query orders by soonest expiry, so the keys that matter
//     most are kept; beyond either limit the alarm reports PARTIAL_DATA;
//   - at most 100 contributors are reported in ALARM;
//   - alarm evaluation reads only the last 3 hours, so a key whose material
//     has expired (and whose metric has stopped) drops out rather than
//     breaching: the alarm warns before expiry, not after;
//   - the KMS pages still say one alarm cannot cover every key; that
//     describes single-metric alarms.
//
// Price (us-east-1 list prices, indicative, docs/reference.md#82-alarm-pricing): a
// per-key alarm is a standard-resolution alarm at USD 0.10 per alarm metric per month,
// with the first 10 alarm metrics free; a Metrics Insights alarm costs USD 0.10 per
// metric the query analyzes per month with no free tier. Both therefore cost about USD
// 0.10 per key per month; per-key alarms are cheaper for fleets of up to ten keys, and
// the Insights alarm saves the PutMetricAlarm calls and the syncing.
//
// # Key pending deletion and the CIS CloudWatch.7 filter
//
// [PendingDeletionUse] returns the CloudWatch Logs metric filter the KMS
// developer guide documents for requests that fail because the key is
// pending deletion (pattern [PendingDeletionFilterPattern], metric
// CloudTrailLogMetrics/KMSKeyPendingDeletionErrorCount) and its alarm. It
// needs a CloudTrail trail delivering to a CloudWatch Logs log group.
// [CISKeyDisableOrDeletion] returns the filter and alarm of CIS AWS
// Foundations Benchmark 4.7 / Security Hub control CloudWatch.7 for
// DisableKey and ScheduleKeyDeletion. Security Hub accepts no other pattern,
// so [CISKeyDisableOrDeletionFilterPattern] is emitted byte for byte and
// cannot be overridden. Create each filter before its alarm.
//
// # Request-rate quota alarm
//
// [RequestQuota] alarms when KMS requests counted against one request quota
// (the shared symmetric or RSA cryptographic quota, the ECC quota under the
// Resource name Service Quotas shows, or a per-API quota) exceed a
// percentage of it, with the AWS/Usage CallCount metric and
// the expression [QuotaExpression], m1/SERVICE_QUOTA(m1)*100. Its comment
// says what about the time base is not verified.
//
// # Validation
//
// [ValidateAlarm] and [ValidateMetricFilter] check an input against the service's rules
// (docs/reference.md#62-putmetricalarm,
// docs/reference.md#63-metricdataquery--getmetricdata and
// docs/reference.md#31-alarm-on-use-of-a-key-pending-deletion): name and description
// lengths and characters; valid periods and the Period × EvaluationPeriods limits;
// DatapointsToAlarm ≤ EvaluationPeriods; statistic versus extended statistic; threshold
// versus anomaly-detection ThresholdMetricId, and the threshold's sign and unit for the
// KMS metrics; action ARN shapes and the restrictions on them; dimension counts and
// lengths; metric-math ids and ReturnData; TreatMissingData; tags; the PromQL form. All
// problems come back together in one [*kmswatch.ValidationError] (errors.As), each a
// [kmswatch.Problem] naming the field of the input ("Period",
// "Metrics[1].MetricStat.Period") and the [kmswatch.Rule], with its message built from
// the same limits the check uses.
//
// Builders validate what they build before returning it and report each
// problem on the argument the caller can change: "keyRef", "within",
// "resource", "logGroup" or a field of opts ("opts.Period",
// "opts.AlarmActions[0]"); [NewPlan] reports "prefix" and
// "desired[i].Period".
//
// # Plan and apply
//
// A [Syncer] owns the alarms whose names start with its Prefix (for the
// per-key expiry alarms, [ExpiryPrefix]). [Syncer.Plan] reads them with
// DescribeAlarms (paginated) and [NewPlan] sorts the desired alarms into
// create, update (only when a field PutMetricAlarm would change differs, see
// [Diff]), delete (owned alarms no longer desired) and unchanged.
// [Syncer.Apply] creates and updates first, paced at 3 PutMetricAlarm
// requests per second by default (the account quota; configurable), then
// deletes in DeleteAlarms batches of 100. The pace covers every HTTP
// request, the SDK client's own retries included, and no one-second window
// holds more requests than the rate. Apply retries throttling and 5xx
// errors with exponential backoff, goes on past a change that fails for
// good, honours context cancellation, and returns what was done, what was
// not and an [ApplyError] listing every failed call. Only names the plan
// lists are deleted, and only inside the prefix; a second apply after a
// success makes no calls but the reads. Plan and Sync validate every input
// before the first call.
//
// A plan that would delete every owned alarm because desired is empty, or
// more than half of them and more than 5, is refused with a
// [*MassDeleteError] and nothing is deleted, unless the Syncer's
// AllowMassDelete says the caller means it: a key discovery that came back
// empty or short must not silently remove the monitoring of the keys it
// missed.
//
//	s := &alarms.Syncer{Client: client, Prefix: alarms.ExpiryPrefix}
//	plan, result, err := s.Sync(ctx, desired)
//
// # Concurrency
//
// Every function and method is safe for concurrent use, provided no other
// goroutine changes its arguments meanwhile. Builders return new inputs on
// each call; Options, Plans and Results are plain data, safe to read from
// several goroutines but not to change while others read them or while a
// Syncer applies a Plan. A [Syncer] may be shared: concurrent Sync, Plan,
// Apply and Existing calls share its rate limits, and it calls its Client
// from several goroutines at once, which *cloudwatch.Client allows.
package alarms
