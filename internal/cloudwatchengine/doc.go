// Package cloudwatchengine is the CloudWatch of the fake without its
// protocol: nothing here knows HTTP or the service's wire format.
//
// The Engine owns the metric store (stored series and the KMS publications
// computed from the clock), the service quotas and the metric alarms, which
// it compiles when they are put, evaluates as the clock moves, and whose
// state changes it records: history items, the actions that ran and the
// events to send, rendered by the adapter's Notifier. Around it are metric
// identity, the statistics and period bucketing, retention and start-time
// rounding, Metrics Insights query answers, the metric math parser, and how
// an alarm judges its evaluation range and words its StateReason.
//
// metrics/cloudwatchtest decodes the protocol, converts its wire structures
// to these types, calls the Engine under its lock, and encodes the answers
// and the notification documents.
package cloudwatchengine
