package eventbridgetest_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/rules/eventbridgetest"
)

// TestTransform checks what Transform hands to the engine: the paths, the
// template, the event and the predefined variables (the engine's tests
// cover the transformations themselves).
func TestTransform(t *testing.T) {
	event := []byte(`{"source": "app", "detail": {"n": 1}}`)
	tests := []struct {
		name  string
		it    *types.InputTransformer
		event []byte
		want  string
	}{
		{"paths and predefined variables", &types.InputTransformer{
			InputPathsMap: map[string]string{"s": "$.source", "n": "$.detail.n"},
			InputTemplate: aws.String(`{"s": <s>, "n": <n>, "arn": <aws.events.rule-arn>, "name": "<aws.events.rule-name>", "at": <aws.events.event.ingestion-time>}`),
		}, event, `{"s":"app","n":1,"arn":"arn:aws:events:us-east-2:123456789012:rule/example","name":"example","at":"2015-11-11T21:29:55Z"}`},
		{"no template is an empty one", &types.InputTransformer{InputPathsMap: map[string]string{"s": "$.source"}}, event, ``},
		{"event not JSON", &types.InputTransformer{InputPathsMap: map[string]string{"s": "$.source"}, InputTemplate: aws.String(`{"s": <s>, "e": <aws.events.event.json>}`)},
			[]byte("not json"), `{"s":null,"e":null}`},
		{"no transformer", nil, []byte(`{"a": 1}`), `{"a": 1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := eventbridgetest.Transform(tt.it, tt.event, "arn:aws:events:us-east-2:123456789012:rule/example", "example", "2015-11-11T21:29:55Z")
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
