package eventbridgeengine

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/kmswatch/kmswatch/internal/jsonenc"
)

// Predefined InputTransformer variables (EventBridge user guide, "Amazon
// EventBridge input transformation").
const (
	varRuleArn       = "aws.events.rule-arn"
	varRuleName      = "aws.events.rule-name"
	varIngestionTime = "aws.events.event.ingestion-time"
	varEvent         = "aws.events.event"
	varEventJSON     = "aws.events.event.json"
)

// InputTransformer is a target's InputTransformer: InputPathsMap names
// values of the event by JSON path, and InputTemplate says what the target
// receives, with those values and the predefined variables in place of
// their <name> placeholders.
type InputTransformer struct {
	InputPathsMap map[string]string
	InputTemplate string
}

// Invocation is what the predefined variables of a transformer expand to:
// the rule that matched and when the event was ingested (RFC 3339).
type Invocation struct {
	RuleArn, RuleName, IngestionTime string
}

// targetInput returns what a target receives for an event: the constant
// Input (minified), the value InputPath selects, the filled-in
// InputTransformer template, or the whole event.
func targetInput(t Target, event []byte, decoded map[string]any, inv Invocation) []byte {
	switch {
	case t.Input != nil:
		return minify([]byte(*t.Input))
	case t.InputPath != nil:
		v, ok := lookupPath(decoded, *t.InputPath)
		if !ok {
			// The user guide does not say; the fake sends JSON null so a
			// test sees the path missed rather than an empty body.
			return []byte("null")
		}
		b, _ := jsonenc.Marshal(v)
		return b
	case t.InputTransformer != nil:
		return transform(t.InputTransformer, event, decoded, inv)
	default:
		return bytes.Clone(event)
	}
}

// Transform applies an InputTransformer to an event the way EventBridge does
// before invoking a target, and returns what the target receives. inv fills
// the predefined variables
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
func Transform(it *InputTransformer, event []byte, inv Invocation) []byte {
	if it == nil {
		return bytes.Clone(event)
	}
	var decoded map[string]any
	dec := json.NewDecoder(bytes.NewReader(event))
	dec.UseNumber()
	_ = dec.Decode(&decoded) // a non-object event leaves decoded nil: every path misses.
	return transform(it, event, decoded, inv)
}

// transform is Transform on an event already decoded with UseNumber.
func transform(it *InputTransformer, event []byte, decoded map[string]any, inv Invocation) []byte {
	template := it.InputTemplate
	vars := map[string]any{}
	defined := map[string]bool{}
	for name, path := range it.InputPathsMap {
		defined[name] = true
		if v, ok := lookupPath(decoded, path); ok {
			vars[name] = v
		}
	}
	predefined := map[string]any{
		varRuleArn:       inv.RuleArn,
		varRuleName:      inv.RuleName,
		varIngestionTime: inv.IngestionTime,
	}
	// The event variables keep the event's own member order; they are built
	// only when the template can use them.
	if decoded != nil && strings.Contains(template, "<"+varEvent) {
		predefined[varEventJSON] = json.RawMessage(minify(event))
		predefined[varEvent] = json.RawMessage(withoutDetail(event))
	}
	for _, name := range []string{varRuleArn, varRuleName, varIngestionTime, varEvent, varEventJSON} {
		// Reserved names cannot be redefined by InputPathsMap.
		defined[name] = true
		delete(vars, name)
		if v, ok := predefined[name]; ok {
			vars[name] = v
		}
	}
	out := fill(template, vars, defined)
	return minify(out)
}

// fill substitutes placeholders, tracking whether each one sits inside a
// JSON string literal of the template.
func fill(template string, vars map[string]any, defined map[string]bool) []byte {
	var out bytes.Buffer
	inString, escaped := false, false
	for i := 0; i < len(template); {
		c := template[i]
		if c == '<' {
			if end := strings.IndexByte(template[i+1:], '>'); end >= 0 {
				name := template[i+1 : i+1+end]
				if defined[name] {
					v, ok := vars[name]
					out.Write(render(v, ok, inString))
					i += end + 2
					escaped = false
					continue
				}
			}
		}
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		}
		out.WriteByte(c)
		i++
	}
	return out.Bytes()
}

func render(v any, ok, inString bool) []byte {
	switch s, isString := v.(string); {
	case !ok && inString:
		return nil
	case !ok:
		return []byte("null")
	case isString && inString:
		return []byte(s)
	default:
		b, _ := jsonenc.Marshal(v)
		return b
	}
}

// withoutDetail returns a JSON object event, minified, without its top-level
// detail member.
func withoutDetail(event []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(event))
	var out bytes.Buffer
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	out.WriteByte('{')
	first := true
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil
		}
		if key == "detail" {
			continue
		}
		if !first {
			out.WriteByte(',')
		}
		first = false
		k, _ := jsonenc.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(minify(value))
	}
	out.WriteByte('}')
	return out.Bytes()
}

// minify compacts b when it is valid JSON and returns a copy otherwise.
func minify(b []byte) []byte {
	var out bytes.Buffer
	if json.Valid(b) && json.Compact(&out, b) == nil {
		return out.Bytes()
	}
	return bytes.Clone(b)
}

// lookupPath evaluates a JSON path against a decoded event. ok is false when
// the path is malformed or selects nothing.
func lookupPath(root any, path string) (any, bool) {
	rest, ok := strings.CutPrefix(path, "$")
	if !ok {
		return nil, false
	}
	current := []any{root}
	wildcard := false
	for rest != "" {
		var seg string
		var index int
		var isIndex, isWild bool
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			seg, rest = rest[1:1+end], rest[1+end:]
			if seg == "" {
				return nil, false
			}
			isWild = seg == "*"
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, false
			}
			inner := rest[1:end]
			rest = rest[end+1:]
			if inner == "*" {
				isWild = true
				break
			}
			n, err := strconv.Atoi(inner)
			if err != nil || n < 0 {
				return nil, false
			}
			index, isIndex = n, true
		default:
			return nil, false
		}
		wildcard = wildcard || isWild
		var next []any
		for _, v := range current {
			switch {
			case isWild:
				next = append(next, children(v)...)
			case isIndex:
				if a, ok := v.([]any); ok && index < len(a) {
					next = append(next, a[index])
				}
			default:
				if m, ok := v.(map[string]any); ok {
					if c, ok := m[seg]; ok {
						next = append(next, c)
					}
				}
			}
		}
		current = next
	}
	switch {
	case wildcard && len(current) > 0:
		return current, true
	case len(current) == 1:
		return current[0], true
	default:
		return nil, false
	}
}

// children returns the elements of an array or the values of an object, the
// latter in key order so wildcard results are deterministic.
func children(v any) []any {
	switch t := v.(type) {
	case []any:
		return t
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = t[k]
		}
		return out
	default:
		return nil
	}
}
