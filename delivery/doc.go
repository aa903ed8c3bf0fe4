// Package delivery finds the alarm actions and rule targets whose messages
// an SNS topic or SQS queue would drop: a KMS key policy that does not let
// the sending service use the topic's or queue's key, an AWS managed key
// whose policy cannot let it in, or a topic or queue policy that does not
// let it send. Nothing fails when such a path is set up; the first sign is
// a notification that never arrives.
//
// The check is a pure function of what the caller read: GetTopicAttributes
// and GetQueueAttributes results, and for each key DescribeKey,
// GetKeyPolicy and, if read, ListGrants, plus ListAliases. [AlarmInputPaths],
// [AlarmPaths] and [TargetPaths] turn a PutMetricAlarmInput, a MetricAlarm
// from DescribeAlarms or a PutTargetsInput into [Path] values; [Check]
// answers each with [Delivers], [Drops] (with the principal, the missing
// actions and the statement or AWS managed key at fault) or [Unknown]
// (naming the input that is missing or the condition it cannot decide). It
// never guesses. For a drop, [Result.Fix] holds the key policy and resource
// policy statements that make the path deliver ([KeyPolicyStatement],
// [ResourcePolicyStatement]), as JSON text; the library applies nothing.
//
// # Rules and their sources
//
// The same rules, as a table with what is left unknown, are in
// docs/reference.md#delivery-paths-to-kms-encrypted-sns-topics-and-sqs-queues.
//
// Principals. CloudWatch publishes alarm notifications to SNS as
// cloudwatch.amazonaws.com (Amazon SNS Developer Guide, "Key management",
// Enable compatibility between event sources from AWS services and
// encrypted topics). EventBridge sends to SNS and SQS targets as
// events.amazonaws.com (Amazon EventBridge User Guide, "Using
// resource-based policies for Amazon EventBridge"). A target with a RoleArn
// is sent as that role, whose IAM policies are not inputs: unknown.
//
// KMS actions. Publishing to an encrypted topic and sending to an encrypted
// queue calls kms:GenerateDataKey and kms:Decrypt on the key (Amazon SQS
// Developer Guide, "Key management", Configure KMS permissions for
// producers; Amazon SNS Developer Guide, "Key management"). The SNS guide
// grants event sources kms:GenerateDataKey* and kms:Decrypt; the EventBridge
// user guide ("Troubleshooting Amazon EventBridge": My events are not
// delivered to the target Amazon SQS queue; My rule runs, but I don't see
// any messages published into my Amazon SNS topic) kms:GenerateDataKey and
// kms:Decrypt. Both cover GenerateDataKey.
//
// Resource policy. EventBridge needs sqs:SendMessage in the queue's policy
// and sns:Publish in the topic's policy (Amazon EventBridge User Guide,
// "Using resource-based policies for Amazon EventBridge"); a new queue has
// no policy. CloudWatch needs sns:Publish in the topic's policy: the default
// topic policy allows the topic owner's account through AWS:SourceOwner,
// which covers alarms in that account, while a topic in another account
// needs a statement for the alarm's account (AWS re:Post knowledge center,
// "Why didn't I receive an SNS notification for my CloudWatch alarm
// trigger?").
//
// Key resolution. KmsMasterKeyId may be a key ID, key ARN, alias name or
// alias ARN (Amazon SQS Developer Guide, "Encryption at rest", KMS key ID;
// AWS Config rule sns-encrypted-kms). A key ID or alias name is in the
// topic's or queue's account and Region; aliases resolve through the
// supplied ListAliases entries. No KmsMasterKeyId means an unencrypted
// topic, or an unencrypted or SSE-SQS (SqsManagedSseEnabled) queue: nothing
// for KMS to refuse. SNS has no service-owned-key mode.
//
// AWS managed keys. alias/aws/sns and alias/aws/sqs, and any key whose
// DescribeKey KeyManager is AWS, always drop these paths: their policies
// cannot be changed (Amazon SQS Developer Guide, "Key management": event
// sources need a customer managed key; Amazon SNS Developer Guide, "Key
// management": use a customer managed key). A key that is Disabled,
// PendingDeletion, PendingImport, PendingReplicaDeletion or Unavailable
// drops; Creating and Updating are unknown.
//
// Grants. A grant can allow what the key policy does not. Without
// [Key.GrantsListed], a key policy that does not allow the service gives
// unknown ("drops unless a grant allows it"), not a drop. A key without a
// supplied policy, such as a key in another account, is unknown.
//
// Evaluation. An explicit Deny wins over any Allow (IAM User Guide, "Policy
// evaluation logic"). Action, NotAction, Resource and NotResource patterns
// with * and ? count as IAM counts them ("kms:*", "kms:GenerateDataKey*");
// Principal "*" and {"AWS": "*"} include service principals (IAM User
// Guide, "AWS JSON policy elements: Principal"); NotPrincipal excludes only
// what it lists. Conditions follow the IAM User Guide ("Condition
// operators", "Multivalued context keys"): String and Arn operators, their
// IfExists forms, Null, ForAnyValue and ForAllValues. A key absent from the
// request makes a positive operator false and a negated one true.
//
// Condition keys modelled:
//
//   - kms:ViaService: sns.<region>.amazonaws.com or sqs.<region>.amazonaws.com
//     (AWS KMS Developer Guide, "kms:ViaService", services table).
//   - kms:EncryptionContext:aws:sns:topicArn: the topic ARN, the encryption
//     context SNS sends (Amazon GameLift FlexMatch Developer Guide, "Set up
//     an SNS topic with server-side encryption", conditions a key policy on
//     it). kms:EncryptionContext:aws:sqs:arn is unknown: SQS's encryption
//     context is not stated on an AWS documentation page the check could
//     confirm. Any other encryption context key is unknown.
//   - aws:SourceArn, aws:SourceAccount: the alarm and its account on
//     CloudWatch's calls, to the topic and to the key (Amazon SNS Developer
//     Guide, "Example cases for Amazon SNS access control", lists CloudWatch
//     among the services that set aws:SourceAccount and aws:SourceOwner;
//     AWS-published construct library aws-mdaa,
//     grantCloudWatchAlarmsTopicAccess, conditions the key grant on both).
//     On EventBridge's SendMessage, aws:SourceArn is the rule (Amazon
//     EventBridge User Guide, Amazon SQS permissions). EventBridge's calls to
//     a target's key carry neither (the same construct library: such
//     conditions make every delivery drop). Do not confuse this with the
//     event bus encryption page ("Authorizing EventBridge to use a customer
//     managed key"), which recommends them for a bus's own key: that is a
//     different call. On an EventBridge topic policy aws:SourceArn is
//     unknown: the EventBridge user guide says Condition blocks cannot be
//     used there.
//   - kms:CallerAccount: unknown; which account KMS sees for a service
//     principal's call is not documented.
//
// Any other condition key, an operator other than those above (numeric,
// date, IP, Bool) on a modelled key, and a policy variable make the
// statement's effect unknown, and the path unknown unless another statement
// decides it.
//
// Policies are read by [ParsePolicy], a small reader for the policy grammar
// (no maintained Go library for IAM policy JSON is served by the module
// proxy). Bad policy JSON is a [*PolicyError] from ParsePolicy and a
// [*kmswatch.ValidationError] from Check; neither panics.
package delivery
