// Package cloudwatchengine holds the parts of the CloudWatch fake that know
// nothing of HTTP or of the service's wire format: the Engine, which owns the
// metric store (stored series and the KMS publications computed from the
// clock) and the service quotas, metric identity,
// the statistics and period bucketing, retention and start-time rounding,
// Metrics Insights query answers, the metric math parser, and how an alarm
// judges its evaluation range and words its StateReason.
// metrics/cloudwatchtest converts its wire structures to these types and
// answers the protocol around them.
package cloudwatchengine
