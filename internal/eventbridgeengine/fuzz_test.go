package eventbridgeengine

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func seedFixtures(f *testing.F) [][]byte {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "events", "testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// FuzzTransform checks that Transform never panics, is deterministic, and
// leaves a template without placeholders unchanged apart from minifying.
func FuzzTransform(f *testing.F) {
	templates := []string{
		`"instance <instance> is in <state>"`,
		`{"instance" : <instance>, "state": [ 9, <state>, true ], "s": "a \"<state>\" b"}`,
		`{"e": <aws.events.event.json>, "r": <aws.events.rule-arn>, "x": <aws.events.event>}`,
		`<key> rotated`,
		`"unterminated <state`,
	}
	paths := []string{"$.detail.key-id", "$.resources[0]", "$.detail.*", "$.resources[*]", "$..x", "$[", "$.a[1][2].b"}
	for _, ev := range seedFixtures(f) {
		for i, tpl := range templates {
			f.Add(ev, tpl, paths[i%len(paths)])
		}
	}
	f.Fuzz(func(t *testing.T, event []byte, template, path string) {
		it := &InputTransformer{
			InputPathsMap: map[string]string{"instance": path, "state": "$.detail.state", "key": path},
			InputTemplate: template,
		}
		inv := Invocation{RuleArn: "arn", RuleName: "name", IngestionTime: "2026-01-01T00:00:00Z"}
		a := Transform(it, event, inv)
		b := Transform(it, event, inv)
		if !bytes.Equal(a, b) {
			t.Fatalf("Transform is not deterministic: %q then %q", a, b)
		}
		if !strings.Contains(template, "<") && !bytes.Equal(a, minify([]byte(template))) {
			t.Fatalf("template without placeholders changed: %q -> %q", template, a)
		}
		_, _ = lookupPath(nil, path)
	})
}
