// Package cloudwatchengine holds the parts of the CloudWatch fake that know
// nothing of HTTP or of the service's wire format: metric identity, the
// statistics CloudWatch computes, and how it buckets observations into
// periods and rounds query windows. metrics/cloudwatchtest converts its wire
// structures to these types and answers the protocol around them.
package cloudwatchengine
