package eventbridgetest

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch/internal/eventbridgeengine"
)

// Transform applies an InputTransformer to an event the way EventBridge does
// before invoking a target, and returns what the target receives. ruleArn,
// ruleName and ingestionTime fill the predefined variables
// <aws.events.rule-arn>, <aws.events.rule-name> and
// <aws.events.event.ingestion-time>; <aws.events.event> is the event without
// its detail and <aws.events.event.json> the whole event.
//
// Each InputPathsMap value is a JSON path in the syntax the user guide lists:
// $ followed by .name segments (names may hold letters, digits, dashes,
// underscores and slashes), [n] array indices and * or [*] wildcards, which
// select a JSON array of every match. A placeholder <name> for a variable is
// replaced by the variable's value:
//
//   - inside a JSON string in the template, strings go in as they are, not
//     escaped (as the user guide warns), and other values as minified JSON;
//   - anywhere else, the value goes in as JSON, so strings gain quotes:
//     {"key": <key-id>} becomes {"key": "1234abcd-..."}.
//
// A path that selects nothing leaves its variable undefined; the user guide
// says only that it "won't appear in the output", so the fake substitutes
// nothing inside a string and null elsewhere, which keeps JSON templates
// valid (unverified against the service). Text in angle brackets that names
// no variable is copied unchanged. When the result is valid JSON it is
// minified, as EventBridge does; otherwise it is returned as built.
//
// Transform never fails: an event that is not JSON leaves every variable
// undefined. It is safe for concurrent use.
func Transform(it *types.InputTransformer, event []byte, ruleArn, ruleName, ingestionTime string) []byte {
	return eventbridgeengine.Transform(transformerOf(it), event, eventbridgeengine.Invocation{RuleArn: ruleArn, RuleName: ruleName, IngestionTime: ingestionTime})
}

// transformerOf is the engine's form of it; nil stays nil.
func transformerOf(it *types.InputTransformer) *eventbridgeengine.InputTransformer {
	if it == nil {
		return nil
	}
	return &eventbridgeengine.InputTransformer{InputPathsMap: it.InputPathsMap, InputTemplate: aws.ToString(it.InputTemplate)}
}
