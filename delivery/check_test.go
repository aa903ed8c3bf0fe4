package delivery_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

const (
	account  = "111122223333"
	other    = "444455556666"
	topic    = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	queue    = "arn:aws:sqs:us-west-2:111122223333:kms-events"
	keyID    = "1234abcd-12ab-34cd-56ef-1234567890ab"
	keyARN   = "arn:aws:kms:us-west-2:111122223333:key/" + keyID
	otherKey = "arn:aws:kms:us-west-2:444455556666:key/0987dcba-09fe-87dc-65ba-ab0987654321"
	alarm    = "arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-expiry"
	alarmX   = "arn:aws:cloudwatch:us-west-2:444455556666:alarm:kms-expiry"
	rule     = "arn:aws:events:us-west-2:111122223333:rule/kms-rotation"
)

// fixture reads a policy from testdata/policies.
func fixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "policies", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// policy builds a policy document from statements written as JSON.
func policy(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

func enabledKey(arn, pol string, listed bool, grants ...kmstypes.GrantListEntry) delivery.Key {
	return delivery.Key{
		Metadata: &kmstypes.KeyMetadata{Arn: aws.String(arn), KeyId: aws.String(arn[strings.LastIndex(arn, "/")+1:]),
			KeyManager: kmstypes.KeyManagerTypeCustomer, KeyState: kmstypes.KeyStateEnabled},
		Policy: pol, Grants: grants, GrantsListed: listed,
	}
}

func alarmPath(source, dest string) delivery.Path {
	return delivery.Path{Principal: delivery.CloudWatch, Source: source, Field: "AlarmActions[0]", Destination: dest}
}

func rulePath(dest string) delivery.Path {
	return delivery.Path{Principal: delivery.EventBridge, Source: rule, Field: "Targets[0]", Destination: dest}
}

// finding is the part of a delivery.Finding the table compares; messages
// are checked by the examples.
type finding struct {
	Verdict    delivery.Verdict
	Half       delivery.Half
	Actions    []string
	Statement  string
	ManagedKey bool
	Missing    bool
}

func reduce(fs []delivery.Finding) []finding {
	var out []finding
	for _, f := range fs {
		out = append(out, finding{f.Verdict, f.Half, f.Actions, f.Statement, f.ManagedKey, f.Missing != ""})
	}
	return out
}

var (
	both    = []string{"kms:GenerateDataKey", "kms:Decrypt"}
	decrypt = []string{"kms:Decrypt"}
	gdk     = []string{"kms:GenerateDataKey"}
)

type checkCase struct {
	name string
	// source names where the policies come from.
	source   string
	path     delivery.Path
	in       delivery.Inputs
	want     delivery.Verdict
	findings []finding
	// fixable: merging the returned Fix makes the path deliver.
	fixable bool
}

func topicWith(policy, keyRef string) map[string]map[string]string {
	attrs := map[string]string{"TopicArn": topic, "Policy": policy}
	if keyRef != "" {
		attrs["KmsMasterKeyId"] = keyRef
	}
	return map[string]map[string]string{topic: attrs}
}

func checkCases(t testing.TB) []checkCase {
	defaultKey := fixture(t, "kms-default.json")
	defaultTopic := fixture(t, "sns-default-topic.json")
	snsCompat := fixture(t, "sns-compat-cloudwatch.json")
	ebKey := fixture(t, "eventbridge-target-key.json")
	busKey := fixture(t, "eventbridge-bus-key.json")
	ebTopic := fixture(t, "sns-topic-eventbridge.json")
	ebQueue := fixture(t, "sqs-queue-eventbridge.json")
	cwTopic := fixture(t, "sns-topic-cloudwatch.json")
	gameliftStyle := fixture(t, "sns-key-gamelift-style.json")
	cw := func(action, cond string) string {
		s := `{"Sid":"cw","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":` + action + `,"Resource":"*"`
		if cond != "" {
			s += `,"Condition":` + cond
		}
		return s + "}"
	}
	eb := func(cond string) string {
		s := `{"Sid":"eb","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":["kms:Decrypt","kms:GenerateDataKey"],"Resource":"*"`
		if cond != "" {
			s += `,"Condition":` + cond
		}
		return s + "}"
	}
	keys := func(k ...delivery.Key) []delivery.Key { return k }
	queueWith := func(attrs map[string]string) map[string]map[string]string {
		attrs["QueueArn"] = queue
		return map[string]map[string]string{queue: attrs}
	}
	// topicKey and queueKey are the inputs most cases check a key policy
	// with: the alarm's topic (default topic policy) or the rule's queue
	// (allowing EventBridge), encrypted with keyARN, whose policy holds
	// statements; listed says whether its grants were listed.
	topicKey := func(listed bool, statements ...string) delivery.Inputs {
		return delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, policy(statements...), listed))}
	}
	queueKey := func(listed bool, statements ...string) delivery.Inputs {
		return delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue, "KmsMasterKeyId": keyARN}),
			Keys: keys(enabledKey(keyARN, policy(statements...), listed))}
	}
	return []checkCase{
		// Unencrypted and SSE-SQS destinations: nothing for KMS to refuse.
		{
			name: "alarm to unencrypted topic, default topic policy", want: delivery.Delivers,
			source: "default topic policy: Amazon EventBridge User Guide, Amazon SNS permissions (a new topic's attributes)",
			path:   alarmPath(alarm, topic), in: delivery.Inputs{Topics: topicWith(defaultTopic, "")},
		},
		{
			name: "rule to SSE-SQS queue with the EventBridge statement", want: delivery.Delivers,
			source: "queue statement: Amazon EventBridge User Guide, Amazon SQS permissions",
			path:   rulePath(queue), in: delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue, "SqsManagedSseEnabled": "true"})},
		},
		// Resource policy half.
		{
			name: "alarm in another account, default topic policy", want: delivery.Drops, fixable: true,
			source: "default topic policy: Amazon EventBridge User Guide, Amazon SNS permissions",
			path:   alarmPath(alarmX, topic), in: delivery.Inputs{Topics: topicWith(defaultTopic, "")},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sns:Publish"}}},
		},
		{
			name: "alarm in another account, topic allows its alarms", want: delivery.Delivers,
			source: "Allow_Publish_Alarms: AWS re:Post knowledge center, CloudWatch alarm SNS notification",
			path:   alarmPath(alarmX, topic), in: delivery.Inputs{Topics: topicWith(cwTopic, "")},
		},
		{
			name: "rule to topic with the default policy only", want: delivery.Drops, fixable: true,
			source: "default topic policy; EventBridge does not set AWS:SourceOwner (Amazon SNS Developer Guide, Example cases)",
			path:   rulePath(topic), in: delivery.Inputs{Topics: topicWith(defaultTopic, "")},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sns:Publish"}}},
		},
		{
			name: "rule to topic with Allow_Publish_Events", want: delivery.Delivers,
			source: "Amazon EventBridge User Guide, Troubleshooting: rule runs but no messages in SNS topic",
			path:   rulePath(topic), in: delivery.Inputs{Topics: topicWith(ebTopic, "")},
		},
		{
			name: "rule to topic whose EventBridge statement has a SourceArn condition", want: delivery.Unknown, fixable: true,
			source:   "Amazon EventBridge User Guide, Amazon SNS permissions: no Condition blocks for EventBridge",
			path:     rulePath(topic),
			in:       delivery.Inputs{Topics: topicWith(policy(`{"Sid":"ev","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"`+topic+`","Condition":{"ArnEquals":{"aws:SourceArn":"`+rule+`"}}}`), "")},
			findings: []finding{{Verdict: delivery.Unknown, Half: delivery.ResourcePolicy, Actions: []string{"sns:Publish"}, Statement: `"ev"`}},
		},
		{
			name: "rule to queue without a policy", want: delivery.Drops, fixable: true,
			source: "Amazon EventBridge User Guide, Amazon SQS permissions: a new queue has an empty policy",
			path:   rulePath(queue), in: delivery.Inputs{Queues: queueWith(map[string]string{})},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sqs:SendMessage"}}},
		},
		{
			name: "rule to queue whose statement names another rule", want: delivery.Drops, fixable: true,
			source:   "queue statement: Amazon EventBridge User Guide, Amazon SQS permissions",
			path:     delivery.Path{Principal: delivery.EventBridge, Source: rule + "-2", Destination: queue},
			in:       delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue})},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sqs:SendMessage"}}},
		},
		{
			name: "explicit Deny in the topic policy wins", want: delivery.Drops,
			source: "IAM User Guide, Policy evaluation logic",
			path:   rulePath(topic),
			in: delivery.Inputs{Topics: topicWith(policy(
				`{"Sid":"Allow_Publish_Events","Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sns:Publish","Resource":"`+topic+`"}`,
				`{"Sid":"NoPublish","Effect":"Deny","Principal":"*","Action":"SNS:Publish","Resource":"*"}`), "")},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sns:Publish"}, Statement: `"NoPublish"`}},
		},
		{
			name: "target with a role", want: delivery.Unknown,
			source:   "Amazon EventBridge User Guide, Using resource-based policies: RoleArn for SNS and SQS targets",
			path:     delivery.Path{Principal: delivery.EventBridge, Source: rule, Destination: queue, RoleARN: "arn:aws:iam::111122223333:role/eb"},
			in:       delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue})},
			findings: []finding{{Verdict: delivery.Unknown, Half: delivery.InputsHalf, Missing: true}},
		},
		{
			name: "topic attributes not supplied", want: delivery.Unknown,
			path:     alarmPath(alarm, topic),
			findings: []finding{{Verdict: delivery.Unknown, Half: delivery.InputsHalf, Missing: true}},
		},
		// KMS half: the key policy.
		{
			name: "default key policy, grants listed: drops", want: delivery.Drops, fixable: true,
			source:   "AWS KMS Developer Guide, Default key policy",
			path:     alarmPath(alarm, topic),
			in:       delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, defaultKey, true))},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		{
			name: "default key policy, grants not listed: unknown", want: delivery.Unknown, fixable: true,
			source: "AWS KMS Developer Guide, Default key policy",
			path:   alarmPath(alarm, topic),
			in:     delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, defaultKey, false))},
			findings: []finding{
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: gdk, Missing: true},
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: decrypt, Missing: true},
			},
		},
		{
			name: "default key policy, a grant to CloudWatch", want: delivery.Delivers,
			source: "AWS KMS Developer Guide, Default key policy; grant: AWS KMS API Reference, GrantListEntry",
			path:   alarmPath(alarm, topic),
			in: delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, defaultKey, true, kmstypes.GrantListEntry{
				GrantId: aws.String("g1"), GranteePrincipal: aws.String(delivery.CloudWatch),
				Operations:  []kmstypes.GrantOperation{kmstypes.GrantOperationGenerateDataKey, kmstypes.GrantOperationDecrypt},
				Constraints: &kmstypes.GrantConstraints{EncryptionContextSubset: map[string]string{"aws:sns:topicArn": topic}},
			}))},
		},
		{
			name: "grant constrained on an unknown context key", want: delivery.Unknown,
			source: "AWS KMS API Reference, GrantConstraints",
			path:   alarmPath(alarm, topic),
			in: delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, defaultKey, true, kmstypes.GrantListEntry{
				GrantId: aws.String("g2"), GranteeServicePrincipal: aws.String(delivery.CloudWatch),
				Operations:  []kmstypes.GrantOperation{kmstypes.GrantOperationGenerateDataKey, kmstypes.GrantOperationDecrypt},
				Constraints: &kmstypes.GrantConstraints{EncryptionContextSubset: map[string]string{"purpose": "alerts"}},
			}))},
			findings: []finding{
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: gdk},
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: decrypt},
			},
		},
		{
			name: "SNS guide's statement for event sources", want: delivery.Delivers,
			source: "Amazon SNS Developer Guide, Key management: compatibility with AWS services",
			path:   alarmPath(alarm, topic),
			in:     delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, snsCompat, false))},
		},
		{
			name: "SNS guide's statement does not let EventBridge in", want: delivery.Drops, fixable: true,
			source:   "Amazon SNS Developer Guide, Key management",
			path:     rulePath(topic),
			in:       delivery.Inputs{Topics: topicWith(ebTopic, keyARN), Keys: keys(enabledKey(keyARN, snsCompat, true))},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		{
			name: "EventBridge troubleshooting statement, SQS target", want: delivery.Delivers,
			source: "Amazon EventBridge User Guide, Troubleshooting: events not delivered to the target SQS queue",
			path:   rulePath(queue),
			in:     delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue, "KmsMasterKeyId": keyARN}), Keys: keys(enabledKey(keyARN, ebKey, false))},
		},
		{
			name: "event bus key statement copied onto a target's key", want: delivery.Drops, fixable: true,
			source:   "Amazon EventBridge User Guide, Authorizing EventBridge to use a customer managed key (a bus's own key)",
			path:     rulePath(queue),
			in:       delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue, "KmsMasterKeyId": keyARN}), Keys: keys(enabledKey(keyARN, busKey, true))},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		{
			name: "CloudWatch statement with aws:SourceArn and the topic's encryption context", want: delivery.Delivers,
			source: "Amazon GameLift FlexMatch Developer Guide, SNS topic with server-side encryption (adapted to CloudWatch)",
			path:   alarmPath(alarm, topic),
			in:     delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, gameliftStyle, false))},
		},
		{
			name: "encryption context names another topic", want: delivery.Drops,
			source: "Amazon GameLift FlexMatch Developer Guide, SNS topic with server-side encryption (adapted)",
			path:   alarmPath(alarm, topic+"-2"),
			in: delivery.Inputs{Topics: map[string]map[string]string{topic + "-2": {"Policy": defaultTopic, "KmsMasterKeyId": keyARN}},
				Keys: keys(enabledKey(keyARN, gameliftStyle, true))},
			findings: []finding{
				{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sns:Publish"}},
				{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both},
			},
		},
		{
			name: "explicit Deny in the key policy wins over a grant", want: delivery.Drops,
			source: "IAM User Guide, Policy evaluation logic",
			path:   alarmPath(alarm, topic),
			in: delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(enabledKey(keyARN, policy(
				cw(`"kms:*"`, ""),
				`{"Sid":"NoDecrypt","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*"}`), true, kmstypes.GrantListEntry{
				GranteePrincipal: aws.String(delivery.CloudWatch), Operations: []kmstypes.GrantOperation{kmstypes.GrantOperationDecrypt}}))},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: decrypt, Statement: `"NoDecrypt"`}},
		},
		{
			name: "Deny with NotPrincipal for the account denies the service", want: delivery.Drops,
			source: "IAM User Guide, NotPrincipal",
			path:   alarmPath(alarm, topic),
			in: topicKey(false, cw(`["kms:Decrypt","kms:GenerateDataKey*"]`, ""),
				`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}`),
			findings: []finding{
				{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: gdk, Statement: "Statement[1]"},
				{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: decrypt, Statement: "Statement[1]"},
			},
		},
		{
			name: "Deny with NotPrincipal naming the service spares it", want: delivery.Delivers,
			source: "IAM User Guide, NotPrincipal",
			path:   alarmPath(alarm, topic),
			in: topicKey(false, cw(`"*"`, ""),
				`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root","Service":["cloudwatch.amazonaws.com"]},"Action":"kms:*","Resource":"*"}`),
		},
		{
			name: "Deny with an unmodelled condition: unknown", want: delivery.Unknown,
			path: alarmPath(alarm, topic),
			in: topicKey(false, cw(`"kms:*"`, ""),
				`{"Sid":"Org","Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-123"}}}`),
			findings: []finding{
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: gdk, Statement: `"Org"`},
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: decrypt, Statement: `"Org"`},
			},
		},
		{
			name: "NotAction allows the KMS calls", want: delivery.Delivers,
			source: "IAM User Guide, NotAction",
			path:   alarmPath(alarm, topic),
			in:     topicKey(false, `{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"NotAction":["kms:ScheduleKeyDeletion","kms:PutKeyPolicy"],"Resource":"*"}`),
		},
		{
			name: "NotAction leaving out Decrypt", want: delivery.Drops,
			path:     alarmPath(alarm, topic),
			in:       topicKey(true, `{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"NotAction":"kms:Decrypt","Resource":"*"}`),
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: decrypt}},
		},
		{
			name: "GenerateDataKeyWithoutPlaintext does not cover GenerateDataKey", want: delivery.Drops,
			path:     alarmPath(alarm, topic),
			in:       topicKey(true, cw(`["kms:Decrypt","kms:GenerateDataKeyWithoutPlaintext"]`, "")),
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: gdk}},
		},
		{
			name: "action names are not case sensitive", want: delivery.Delivers,
			path: alarmPath(alarm, topic),
			in:   topicKey(false, cw(`["KMS:decrypt","kms:generatedatakey*"]`, "")),
		},
		{
			name: "Principal * with kms:CallerAccount: unknown", want: delivery.Unknown,
			source: "AWS KMS Developer Guide, kms:CallerAccount (AWS managed key statement)",
			path:   alarmPath(alarm, topic),
			in:     topicKey(true, `{"Sid":"ViaSNS","Effect":"Allow","Principal":{"AWS":"*"},"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":"111122223333","kms:ViaService":"sns.us-west-2.amazonaws.com"}}}`),
			findings: []finding{
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: gdk, Statement: `"ViaSNS"`},
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: decrypt, Statement: `"ViaSNS"`},
			},
			fixable: true,
		},
		{
			name: "kms:ViaService for SNS in the topic's Region", want: delivery.Delivers,
			source: "AWS KMS Developer Guide, kms:ViaService",
			path:   alarmPath(alarm, topic),
			in:     topicKey(false, cw(`"kms:*"`, `{"StringEquals":{"kms:ViaService":"sns.us-west-2.amazonaws.com"}}`)),
		},
		{
			name: "kms:ViaService for another Region", want: delivery.Drops,
			source:   "AWS KMS Developer Guide, kms:ViaService",
			path:     alarmPath(alarm, topic),
			in:       topicKey(true, cw(`"kms:*"`, `{"StringEquals":{"kms:ViaService":"sns.us-east-1.amazonaws.com"}}`)),
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		{
			name: "aws:SourceAccount of the alarm", want: delivery.Delivers,
			source: "aws-mdaa grantCloudWatchAlarmsTopicAccess",
			path:   alarmPath(alarm, topic),
			in:     topicKey(false, cw(`"kms:*"`, `{"StringEquals":{"aws:SourceAccount":"111122223333"}}`)),
		},
		{
			name: "EventBridge statement conditioned on aws:SourceAccount drops", want: delivery.Drops,
			source:   "aws-mdaa: aws:SourceAccount is not carried on EventBridge's calls to a target's key",
			path:     rulePath(queue),
			in:       queueKey(true, eb(`{"StringEquals":{"aws:SourceAccount":"111122223333"}}`)),
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		{
			name: "IfExists on an absent key holds", want: delivery.Delivers,
			source: "IAM User Guide, Condition operators: ...IfExists",
			path:   rulePath(queue),
			in:     queueKey(false, eb(`{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"}}`)),
		},
		{
			name: "ForAnyValue on an absent key fails, Null true holds", want: delivery.Drops,
			source:   "IAM User Guide, Multivalued context keys; Null condition operator",
			path:     rulePath(queue),
			in:       queueKey(true, eb(`{"ForAnyValue:StringEquals":{"aws:SourceArn":"`+rule+`"},"Null":{"aws:SourceArn":"true"}}`)),
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		{
			name: "ForAllValues on an absent key holds", want: delivery.Delivers,
			source: "IAM User Guide, Multivalued context keys",
			path:   rulePath(queue),
			in:     queueKey(false, eb(`{"ForAllValues:StringLike":{"aws:SourceArn":"arn:aws:events:*"}}`)),
		},
		{
			name: "negated operator on an absent key holds", want: delivery.Delivers,
			source: "IAM User Guide, Condition operators",
			path:   rulePath(queue),
			in:     queueKey(false, eb(`{"ArnNotLike":{"aws:SourceArn":"arn:aws:events:*:999999999999:*"}}`)),
		},
		{
			name: "SQS encryption context condition: unknown", want: delivery.Unknown,
			path: rulePath(queue),
			in:   queueKey(true, eb(`{"StringEquals":{"kms:EncryptionContext:aws:sqs:arn":"`+queue+`"}}`)),
			findings: []finding{
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: gdk, Statement: `"eb"`},
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: decrypt, Statement: `"eb"`},
			},
			fixable: true,
		},
		{
			name: "policy variable: unknown", want: delivery.Unknown,
			path: alarmPath(alarm, topic),
			in:   topicKey(true, cw(`"kms:*"`, `{"StringEquals":{"aws:SourceAccount":"${aws:PrincipalAccount}"}}`)),
			findings: []finding{
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: gdk, Statement: `"cw"`},
				{Verdict: delivery.Unknown, Half: delivery.KeyPolicy, Actions: decrypt, Statement: `"cw"`},
			},
			fixable: true,
		},
		{
			name: "Resource naming another key does not apply", want: delivery.Drops,
			path:     alarmPath(alarm, topic),
			in:       topicKey(true, `{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"kms:*","Resource":"`+otherKey+`"}`),
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both}},
		},
		// KMS half: which key, and its kind and state.
		{
			name: "alias/aws/sns drops", want: delivery.Drops, fixable: true,
			source: "Amazon SNS Developer Guide, Key management: use a customer managed key",
			path:   alarmPath(alarm, topic), in: delivery.Inputs{Topics: topicWith(defaultTopic, "alias/aws/sns")},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both, ManagedKey: true}},
		},
		{
			name: "alias/aws/sqs by alias ARN drops", want: delivery.Drops, fixable: true,
			source:   "Amazon SQS Developer Guide, Key management: event sources need a customer managed key",
			path:     rulePath(queue),
			in:       delivery.Inputs{Queues: queueWith(map[string]string{"Policy": ebQueue, "KmsMasterKeyId": "arn:aws:kms:us-west-2:111122223333:alias/aws/sqs"})},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both, ManagedKey: true}},
		},
		{
			name: "key whose KeyManager is AWS drops", want: delivery.Drops, fixable: true,
			path: alarmPath(alarm, topic),
			in: delivery.Inputs{Topics: topicWith(defaultTopic, keyID), Keys: keys(func() delivery.Key {
				k := enabledKey(keyARN, snsCompat, true)
				k.Metadata.KeyManager = kmstypes.KeyManagerTypeAws
				return k
			}())},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both, ManagedKey: true}},
		},
		{
			name: "key ID resolves in the topic's account and Region", want: delivery.Delivers,
			path: alarmPath(alarm, topic),
			in:   delivery.Inputs{Topics: topicWith(defaultTopic, keyID), Keys: keys(enabledKey(keyARN, snsCompat, false))},
		},
		{
			name: "alias name resolves through ListAliases", want: delivery.Delivers,
			path: alarmPath(alarm, topic),
			in: delivery.Inputs{Topics: topicWith(defaultTopic, "alias/kms-alerts"), Keys: keys(enabledKey(keyARN, snsCompat, false)),
				Aliases: []kmstypes.AliasListEntry{{AliasName: aws.String("alias/kms-alerts"), AliasArn: aws.String("arn:aws:kms:us-west-2:111122223333:alias/kms-alerts"), TargetKeyId: aws.String(keyID)}}},
		},
		{
			name: "alias not among the aliases: unknown", want: delivery.Unknown,
			path:     alarmPath(alarm, topic),
			in:       delivery.Inputs{Topics: topicWith(defaultTopic, "alias/kms-alerts"), Keys: keys(enabledKey(keyARN, snsCompat, false))},
			findings: []finding{{Verdict: delivery.Unknown, Half: delivery.InputsHalf, Missing: true}},
		},
		{
			name: "key not described: unknown", want: delivery.Unknown,
			path:     alarmPath(alarm, topic),
			in:       delivery.Inputs{Topics: topicWith(defaultTopic, keyARN)},
			findings: []finding{{Verdict: delivery.Unknown, Half: delivery.InputsHalf, Missing: true}},
		},
		{
			name: "key in another account without its policy: unknown", want: delivery.Unknown,
			path:     alarmPath(alarm, topic),
			in:       delivery.Inputs{Topics: topicWith(defaultTopic, otherKey), Keys: keys(enabledKey(otherKey, "", false))},
			findings: []finding{{Verdict: delivery.Unknown, Half: delivery.InputsHalf, Missing: true}},
		},
		{
			name: "key in another account whose policy allows CloudWatch", want: delivery.Delivers,
			path: alarmPath(alarm, topic),
			in:   delivery.Inputs{Topics: topicWith(defaultTopic, otherKey), Keys: keys(enabledKey(otherKey, snsCompat, false))},
		},
		{
			name: "disabled key drops", want: delivery.Drops,
			source: "AWS KMS Developer Guide, Key states",
			path:   alarmPath(alarm, topic),
			in: delivery.Inputs{Topics: topicWith(defaultTopic, keyARN), Keys: keys(func() delivery.Key {
				k := enabledKey(keyARN, snsCompat, false)
				k.Metadata.KeyState = kmstypes.KeyStateDisabled
				return k
			}())},
			findings: []finding{{Verdict: delivery.Drops, Half: delivery.KeyPolicy}},
		},
		{
			name: "both halves drop", want: delivery.Drops, fixable: true,
			path: rulePath(queue),
			in:   delivery.Inputs{Queues: queueWith(map[string]string{"KmsMasterKeyId": keyARN}), Keys: keys(enabledKey(keyARN, defaultKey, true))},
			findings: []finding{
				{Verdict: delivery.Drops, Half: delivery.ResourcePolicy, Actions: []string{"sqs:SendMessage"}},
				{Verdict: delivery.Drops, Half: delivery.KeyPolicy, Actions: both},
			},
		},
	}
}

func TestCheck(t *testing.T) {
	for _, tc := range checkCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := delivery.Check([]delivery.Path{tc.path}, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Verdict != tc.want {
				t.Errorf("verdict %s, want %s; findings: %+v", got[0].Verdict, tc.want, got[0].Findings)
			}
			if diff := cmp.Diff(tc.findings, reduce(got[0].Findings)); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
			for _, f := range got[0].Findings {
				if f.Message == "" || f.Principal != tc.path.Principal {
					t.Errorf("finding %+v: want a message and principal %s", f, tc.path.Principal)
				}
			}
		})
	}
}

// TestFixDelivers merges each returned Fix into the policies (replacing an
// AWS managed key by a customer managed key with the default policy) and
// checks that the path then delivers.
func TestFixDelivers(t *testing.T) {
	defaultKey := fixture(t, "kms-default.json")
	for _, tc := range checkCases(t) {
		if !tc.fixable {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			got, err := delivery.Check([]delivery.Path{tc.path}, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			fix := got[0].Fix
			if fix == (delivery.Fix{}) {
				t.Fatalf("no fix for %s: %+v", got[0].Verdict, got[0].Findings)
			}
			in := applyFix(t, tc.path, tc.in, fix, defaultKey)
			again, err := delivery.Check([]delivery.Path{tc.path}, in)
			if err != nil {
				t.Fatal(err)
			}
			if again[0].Verdict != delivery.Delivers {
				t.Errorf("after the fix: %s, %+v\nfix: %+v", again[0].Verdict, again[0].Findings, fix)
			}
		})
	}
}

// applyFix returns copies of the inputs with the fix merged in.
func applyFix(t *testing.T, p delivery.Path, in delivery.Inputs, fix delivery.Fix, defaultKey string) delivery.Inputs {
	t.Helper()
	out := delivery.Inputs{Topics: map[string]map[string]string{}, Queues: map[string]map[string]string{}, Aliases: in.Aliases}
	for k, v := range in.Topics {
		out.Topics[k] = clone(v)
	}
	for k, v := range in.Queues {
		out.Queues[k] = clone(v)
	}
	attrs := out.Topics[p.Destination]
	if attrs == nil {
		attrs = out.Queues[p.Destination]
	}
	if fix.ResourcePolicyStatement != "" {
		attrs["Policy"] = merge(t, attrs["Policy"], fix.ResourcePolicyStatement, true)
	}
	for _, k := range in.Keys {
		k.Grants = append(k.Grants[:0:0], k.Grants...)
		out.Keys = append(out.Keys, k)
	}
	if fix.KeyPolicyStatement == "" {
		return out
	}
	ref := attrs["KmsMasterKeyId"]
	managed := strings.Contains(ref, "alias/aws/")
	for _, k := range out.Keys {
		managed = managed || k.Metadata.KeyManager == kmstypes.KeyManagerTypeAws
	}
	if managed {
		attrs["KmsMasterKeyId"] = keyARN
		out.Keys = []delivery.Key{enabledKey(keyARN, merge(t, defaultKey, fix.KeyPolicyStatement, false), true)}
		return out
	}
	for i := range out.Keys {
		k := &out.Keys[i]
		if strings.Contains(ref, *k.Metadata.KeyId) || ref == *k.Metadata.Arn {
			md := *k.Metadata
			k.Metadata = &md
			// The fix goes in; a statement that only might have allowed
			// the call is replaced by it.
			k.Policy = merge(t, withoutUndecided(t, k.Policy), fix.KeyPolicyStatement, false)
		}
	}
	return out
}

func clone(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// withoutUndecided drops the statements the cases use to make a path
// unknown, so that the merged fix is what decides.
func withoutUndecided(t *testing.T, doc string) string {
	var p map[string]any
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	keep := []any{}
	for _, s := range p["Statement"].([]any) {
		sid, _ := s.(map[string]any)["Sid"].(string)
		if sid != "ViaSNS" && sid != "eb" && sid != "cw" {
			keep = append(keep, s)
		}
	}
	p["Statement"] = keep
	b, _ := json.Marshal(p)
	return string(b)
}

// merge adds a statement to a policy document; an empty document becomes a
// policy with only that statement. With replaceUndecided, statements for
// the same service principal are removed first.
func merge(t *testing.T, doc, stmt string, replaceUndecided bool) string {
	t.Helper()
	if doc == "" {
		return policy(stmt)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		t.Fatal(err)
	}
	var s any
	if err := json.Unmarshal([]byte(stmt), &s); err != nil {
		t.Fatal(err)
	}
	var list []any
	switch v := p["Statement"].(type) {
	case []any:
		for _, old := range v {
			if sid, _ := old.(map[string]any)["Sid"].(string); replaceUndecided && sid == "ev" {
				continue
			}
			list = append(list, old)
		}
	default:
		list = []any{v}
	}
	p["Statement"] = append(list, s)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCheckInvalid(t *testing.T) {
	tests := map[string]struct {
		paths  []delivery.Path
		in     delivery.Inputs
		fields []string
	}{
		"bad paths": {
			paths: []delivery.Path{
				{Principal: "sns.amazonaws.com", Source: alarm, Destination: topic},
				{Principal: delivery.CloudWatch, Source: alarm, Destination: queue},
				{Principal: delivery.EventBridge, Source: "rule", Destination: "arn:aws:lambda:us-west-2:111122223333:function:f"},
			},
			fields: []string{"paths[0].Principal", "paths[1].Destination", "paths[2].Destination", "paths[2].Source"},
		},
		"bad policies and a key without an ARN": {
			in: delivery.Inputs{
				Topics: map[string]map[string]string{topic: {"Policy": "{"}},
				Queues: map[string]map[string]string{queue: {"Policy": `{"Statement":{"Effect":"Maybe"}}`}},
				Keys:   []delivery.Key{{Metadata: &kmstypes.KeyMetadata{}, Policy: `[]`}},
			},
			fields: []string{`in.Topics["` + topic + `"].Policy`, `in.Queues["` + queue + `"].Policy`, "in.Keys[0].Metadata.Arn", "in.Keys[0].Policy"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := delivery.Check(tc.paths, tc.in)
			got := problemtest.Fields(t, err)
			if diff := cmp.Diff(tc.fields, got); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
