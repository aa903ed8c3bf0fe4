package eventbridgeengine

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ec2Event is the example event of the EventBridge user guide page "Amazon
// EventBridge input transformation"; the first cases below are that page's
// template/output table.
const ec2Event = `{
  "version": "0",
  "id": "7bf73129-1428-4cd3-a780-95db273d1602",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "123456789012",
  "time": "2015-11-11T21:29:54Z",
  "region": "us-east-1",
  "resources": ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
  "detail": {"instance-id": "i-0123456789", "state": "RUNNING", "count": 3, "tags": {"a": "x", "b": "y"}, "quote": "say \"hi\""}
}`

var exampleInvocation = Invocation{
	RuleArn:       "arn:aws:events:us-east-2:123456789012:rule/example",
	RuleName:      "example",
	IngestionTime: "2015-11-11T21:29:55Z",
}

func TestTransform(t *testing.T) {
	guidePaths := map[string]string{"timestamp": "$.time", "instance": "$.detail.instance-id", "state": "$.detail.state"}
	tests := []struct {
		name     string
		paths    map[string]string
		template string
		want     string
	}{
		// The user guide's table.
		{"simple string", guidePaths, `"instance <instance> is in <state>"`, `"instance i-0123456789 is in RUNNING"`},
		{"string with escaped quotes", guidePaths, `"instance \"<instance>\" is in <state>"`, `"instance \"i-0123456789\" is in RUNNING"`},
		{"simple JSON", guidePaths, "{\n  \"instance\" : <instance>,\n  \"state\": <state>\n}", `{"instance":"i-0123456789","state":"RUNNING"}`},
		{"JSON with strings and variables", guidePaths, `{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"}`,
			`{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \"i-0123456789\" is in RUNNING"}`},
		{"JSON with a mix of variables and static information", guidePaths, `{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}`,
			`{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}`},
		{"reserved variables in JSON", guidePaths, `{"ruleArn" : <aws.events.rule-arn>, "ruleName" : <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>}`,
			`{"ruleArn":"arn:aws:events:us-east-2:123456789012:rule/example","ruleName":"example","at":"2015-11-11T21:29:55Z"}`},
		{"reserved variable in a string", guidePaths, `"<aws.events.rule-name> triggered"`, `"example triggered"`},

		// Value kinds and positions.
		{"number as value", map[string]string{"n": "$.detail.count"}, `{"n": <n>}`, `{"n":3}`},
		{"number in string", map[string]string{"n": "$.detail.count"}, `"count <n>"`, `"count 3"`},
		{"object as value", map[string]string{"tags": "$.detail.tags"}, `{"t": <tags>}`, `{"t":{"a":"x","b":"y"}}`},
		{"object in string", map[string]string{"tags": "$.detail.tags"}, `"tags <tags>"`, `"tags {"a":"x","b":"y"}"`},
		{"string with quotes as value is escaped", map[string]string{"q": "$.detail.quote"}, `{"q": <q>}`, `{"q":"say \"hi\""}`},
		{"string with quotes in string is not escaped", map[string]string{"q": "$.detail.quote"}, `"q: <q>"`, `"q: say "hi""`},
		{"array index", map[string]string{"r": "$.resources[0]"}, `{"r": <r>}`, `{"r":"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"}`},
		{"array wildcard", map[string]string{"r": "$.resources[*]"}, `{"r": <r>}`, `{"r":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"]}`},
		{"object wildcard", map[string]string{"v": "$.detail.tags.*"}, `{"v": <v>}`, `{"v":["x","y"]}`},
		{"whole event", nil, `{"e": <aws.events.event.json>}`, `{"e":{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"detail":{"instance-id":"i-0123456789","state":"RUNNING","count":3,"tags":{"a":"x","b":"y"},"quote":"say \"hi\""}}}`},
		{"event without detail", nil, `<aws.events.event>`,
			`{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"]}`},

		// Missing paths, unknown names and text templates.
		{"missing path as value", map[string]string{"x": "$.detail.nope"}, `{"x": <x>, "s": "<x>"}`, `{"x":null,"s":""}`},
		{"malformed path", map[string]string{"x": "detail.state"}, `{"x": <x>}`, `{"x":null}`},
		{"index out of range", map[string]string{"x": "$.resources[3]"}, `{"x": <x>}`, `{"x":null}`},
		{"unknown placeholder kept", guidePaths, `"<b>bold</b> <state>"`, `"<b>bold</b> RUNNING"`},
		{"plain text template", guidePaths, `<instance> is in state <state>`, `"i-0123456789" is in state "RUNNING"`},
		{"reserved name cannot be redefined", map[string]string{"aws.events.rule-name": "$.source"}, `<aws.events.rule-name>`, `"example"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := &InputTransformer{InputPathsMap: tt.paths, InputTemplate: tt.template}
			got := Transform(it, []byte(ec2Event), exampleInvocation)
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTransformNotJSONEvent(t *testing.T) {
	it := &InputTransformer{InputPathsMap: map[string]string{"s": "$.source"}, InputTemplate: `{"s": <s>, "e": <aws.events.event.json>}`}
	got := Transform(it, []byte("not json"), exampleInvocation)
	if diff := cmp.Diff(`{"s":null,"e":null}`, string(got)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if got := Transform(nil, []byte(`{"a": 1}`), Invocation{}); string(got) != `{"a": 1}` {
		t.Errorf("Transform(nil) = %s, want the event unchanged", got)
	}
}
