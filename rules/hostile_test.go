package rules_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/bounded"
	"github.com/kmswatch/kmswatch/rules"
)

func nest(n int, open, close string) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

const hostileEvent = `{"source":"aws.kms","detail-type":"KMS CMK Deletion","account":"111122223333","region":"us-west-2","resources":["arn:aws:kms:us-west-2:111122223333:key/k"],"detail":{"key-id":"k"}}`

// TestHostileCompile feeds Compile hostile patterns; each must fail with a
// *PatternError (ErrInvalidPattern) or, for a construct the matcher lacks, an
// *UnsupportedError, or compile and match as stated.
func TestHostileCompile(t *testing.T) {
	tests := map[string]struct {
		pattern string
		want    error // nil: compiles, and matches hostileEvent when match is set
		match   bool
	}{
		"empty":                          {pattern: "", want: rules.ErrInvalidPattern},
		"whitespace":                     {pattern: " \n", want: rules.ErrInvalidPattern},
		"null":                           {pattern: "null", want: rules.ErrInvalidPattern},
		"array":                          {pattern: "[]", want: rules.ErrInvalidPattern},
		"string":                         {pattern: `"source"`, want: rules.ErrInvalidPattern},
		"empty object":                   {pattern: "{}", want: rules.ErrInvalidPattern},
		"truncated":                      {pattern: `{"source":["aws.k`, want: rules.ErrInvalidPattern},
		"trailing data":                  {pattern: `{"source":["aws.kms"]}{}`, want: rules.ErrInvalidPattern},
		"2 MiB value":                    {pattern: `{"source":["` + strings.Repeat("a", 2<<20) + `"]}`, want: rules.ErrInvalidPattern},
		"100k-element list":              {pattern: `{"source":[` + strings.TrimSuffix(strings.Repeat(`"a",`, 100_000), ",") + `]}`, want: rules.ErrInvalidPattern},
		"10k nested objects":             {pattern: nest(10_000, `{"a":`, "}"), want: rules.ErrInvalidPattern},
		"10k nested arrays":              {pattern: `{"a":` + nest(10_000, "[", "]") + `}`, want: rules.ErrInvalidPattern},
		"10k nested $or":                 {pattern: nest(10_000, `{"$or":[`, "]}"), want: rules.ErrInvalidPattern},
		"repeated key, last wins":        {pattern: `{"source":["aws.ec2"],"source":["aws.kms"]}`, match: true},
		"repeated nested key, last wins": {pattern: `{"detail":{"key-id":["a"],"key-id":["k"]}}`, match: true},
		"value null":                     {pattern: `{"source":null}`, want: rules.ErrInvalidPattern},
		"value string":                   {pattern: `{"source":"aws.kms"}`, want: rules.ErrInvalidPattern},
		"value number":                   {pattern: `{"source":1}`, want: rules.ErrInvalidPattern},
		"value true":                     {pattern: `{"source":true}`, want: rules.ErrInvalidPattern},
		"empty list":                     {pattern: `{"source":[]}`, want: rules.ErrInvalidPattern},
		"nested list":                    {pattern: `{"source":[["aws.kms"]]}`, want: rules.ErrInvalidPattern},
		"empty nested object":            {pattern: `{"detail":{}}`, want: rules.ErrInvalidPattern},
		"prefix number":                  {pattern: `{"source":[{"prefix":1}]}`, want: rules.ErrInvalidPattern},
		"prefix null":                    {pattern: `{"source":[{"prefix":null}]}`, want: rules.ErrInvalidPattern},
		"prefix array":                   {pattern: `{"source":[{"prefix":["aws"]}]}`, want: rules.ErrInvalidPattern},
		"exists string":                  {pattern: `{"source":[{"exists":"true"}]}`, want: rules.ErrInvalidPattern},
		"numeric wrong types":            {pattern: `{"a":[{"numeric":[">","1"]}]}`, want: rules.ErrInvalidPattern},
		"numeric null":                   {pattern: `{"a":[{"numeric":null}]}`, want: rules.ErrInvalidPattern},
		"anything-but null":              {pattern: `{"source":[{"anything-but":null}]}`, want: rules.ErrInvalidPattern},
		"operator object empty":          {pattern: `{"source":[{}]}`, want: rules.ErrInvalidPattern},
		"$or null":                       {pattern: `{"$or":null}`, want: rules.ErrInvalidPattern},
		"$or object":                     {pattern: `{"$or":{}}`, want: rules.ErrInvalidPattern},
		"$or one element":                {pattern: `{"$or":[{"source":["aws.kms"]}]}`, want: rules.ErrInvalidPattern},
		"unknown operator":               {pattern: `{"source":[{"contains":"kms"}]}`, want: rules.ErrUnsupported},
		"raw NUL":                        {pattern: "{\"source\":[\"aws\x00kms\"]}", want: rules.ErrInvalidPattern},
		"raw control character":          {pattern: "{\"source\":[\"aws\x01kms\"]}", want: rules.ErrInvalidPattern},
		"NUL byte only":                  {pattern: "\x00", want: rules.ErrInvalidPattern},
		"invalid UTF-8 outside":          {pattern: "\xff", want: rules.ErrInvalidPattern},
		"null in list matches null only": {pattern: `{"source":[null]}`},
		"escaped NUL value":              {pattern: `{"source":["aws\u0000kms"]}`},
		"invalid UTF-8 value":            {pattern: "{\"source\":[\"\xff\"]}"},
		"invalid UTF-8 key":              {pattern: "{\"\xff\":[\"x\"]}"},
		"long key":                       {pattern: `{"` + strings.Repeat("k", 4000) + `":["x"]}`},
		"matches":                        {pattern: `{"source":["aws.kms"],"detail":{"key-id":["k"]}}`, match: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				p   *rules.Pattern
				err error
			)
			bounded.Run(t, func() { p, err = rules.Compile([]byte(tc.pattern)) })
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("Compile error = %.200v, want errors.Is %v", err, tc.want)
				}
				var pe *rules.PatternError
				var ue *rules.UnsupportedError
				if !errors.As(err, &pe) && !errors.As(err, &ue) {
					t.Errorf("Compile error %v (%T) is neither *PatternError nor *UnsupportedError", err, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Compile: %.200v", err)
			}
			got, err := p.Match([]byte(hostileEvent))
			if err != nil || got != tc.match {
				t.Errorf("Match = %t, %v; want %t, nil", got, err, tc.match)
			}
		})
	}
}

// TestHostileMatchEvent feeds Pattern.Match hostile events: the error is an
// *EventError (ErrInvalidEvent), never a panic; accepted events decode as
// encoding/json decodes them.
func TestHostileMatchEvent(t *testing.T) {
	p, err := rules.Compile([]byte(`{"source":["aws.kms"],"resources":["arn:last"]}`))
	if err != nil {
		t.Fatal(err)
	}
	many := `{"source":"aws.kms","resources":[` + strings.Repeat(`"x",`, 100_000) + `"arn:last"]}`
	tests := map[string]struct {
		event string
		want  error
		match bool
	}{
		"empty":                                  {event: "", want: rules.ErrInvalidEvent},
		"null":                                   {event: "null", want: rules.ErrInvalidEvent},
		"array":                                  {event: "[]", want: rules.ErrInvalidEvent},
		"number":                                 {event: "1", want: rules.ErrInvalidEvent},
		"truncated":                              {event: `{"source":"aws.k`, want: rules.ErrInvalidEvent},
		"trailing data":                          {event: `{"source":"aws.kms"} {}`, want: rules.ErrInvalidEvent},
		"3 MiB":                                  {event: `{"source":"` + strings.Repeat("a", 3<<20) + `"}`, want: rules.ErrInvalidEvent},
		"10k nested, over encoding/json's limit": {event: `{"detail":` + nest(10_001, "[", "]") + `}`, want: rules.ErrInvalidEvent},
		"1,101 nested, over EventBridge's limit": {event: `{"source":"aws.kms","resources":["arn:last"],"detail":` + strings.Repeat(`{"a":`, 1_100) + "1" + strings.Repeat("}", 1_100) + `}`, want: rules.ErrInvalidEvent},
		"raw NUL":                                {event: "{\"source\":\"aws\x00kms\"}", want: rules.ErrInvalidEvent},
		"raw control character":                  {event: "{\"source\":\"aws\x1fkms\"}", want: rules.ErrInvalidEvent},
		"invalid UTF-8 outside":                  {event: "\xff{}", want: rules.ErrInvalidEvent},
		"source number":                          {event: `{"source":1,"resources":["arn:last"]}`},
		"source object":                          {event: `{"source":{"a":"aws.kms"},"resources":["arn:last"]}`},
		"resources object":                       {event: `{"source":"aws.kms","resources":{"0":"arn:last"}}`},
		"resources null":                         {event: `{"source":"aws.kms","resources":null}`},
		"nulls everywhere":                       {event: `{"source":null,"resources":[null],"detail":null}`},
		"invalid UTF-8 value":                    {event: "{\"source\":\"\xff\",\"resources\":[\"arn:last\"]}"},
		"100k resources, last matches":           {event: many, match: true},
		"deep detail within limit":               {event: `{"source":"aws.kms","resources":["arn:last"],"detail":` + strings.Repeat(`{"a":`, 1_098) + "1" + strings.Repeat("}", 1_098) + `}`, match: true},
		"duplicate source, KMS last":             {event: `{"source":"aws.ec2","source":"aws.kms","resources":["arn:last"]}`, match: true},
		"duplicate source, KMS first":            {event: `{"source":"aws.kms","source":"aws.ec2","resources":["arn:last"]}`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				got bool
				err error
			)
			bounded.Run(t, func() { got, err = p.Match([]byte(tc.event)) })
			if tc.want != nil {
				var ee *rules.EventError
				if !errors.Is(err, tc.want) || !errors.As(err, &ee) {
					t.Fatalf("Match error = %.200v, want *EventError matching %v", err, tc.want)
				}
				return
			}
			if err != nil || got != tc.match {
				t.Fatalf("Match = %t, %.200v; want %t, nil", got, err, tc.match)
			}
			// Where the event is valid JSON, the outcome follows encoding/json's
			// reading of it (the last of duplicate members wins).
			var v map[string]any
			if err := json.Unmarshal([]byte(tc.event), &v); err != nil {
				t.Fatalf("encoding/json rejects an event Match accepted: %v", err)
			}
			if src, _ := v["source"].(string); (src == "aws.kms") != got && name != "resources object" && name != "resources null" {
				t.Errorf("Match = %t, but encoding/json reads source %q", got, src)
			}
		})
	}
}

// TestHostileFilters builds patterns from typed filters holding hostile
// values. Pattern reports bad values as a *ValidationError naming the field;
// it does not limit sizes, so an oversized pattern is accepted there and
// reported by Rule.PutRuleInput, never truncated.
func TestHostileFilters(t *testing.T) {
	huge := strings.Repeat("a", 2<<20)
	many := make([]string, 100_000)
	for i := range many {
		many[i] = "111122223333"
	}
	tests := map[string]struct {
		build   func() (rules.EventPattern, error)
		invalid bool // Pattern fails; otherwise PutRuleInput fails when oversize
		over    bool
	}{
		"KeyEvents bad detail-type":         {build: rules.KeyEvents{DetailTypes: []events.DetailType{"\x00"}}.Pattern, invalid: true},
		"APICalls empty prefix":             {build: rules.APICalls{ErrorCodes: []rules.StringMatch{rules.Prefix("")}}.Pattern, invalid: true},
		"APICalls empty wildcard":           {build: rules.APICalls{ErrorMessages: []rules.StringMatch{rules.Wildcard("")}}.Pattern, invalid: true},
		"APICalls bad detail-type":          {build: rules.APICalls{DetailTypes: []events.DetailType{"KMS CMK Rotation"}}.Pattern, invalid: true},
		"KeyEvents invalid UTF-8 region":    {build: rules.KeyEvents{Regions: []string{"us-west-2\xff"}}.Pattern, invalid: true},
		"KeyEvents invalid UTF-8 key":       {build: rules.KeyEvents{Keys: []rules.StringMatch{rules.Exactly("arn:\xff")}}.Pattern, invalid: true},
		"APICalls invalid UTF-8 suffix":     {build: rules.APICalls{ErrorMessages: []rules.StringMatch{rules.Suffix("\xfe pending deletion.")}}.Pattern, invalid: true},
		"APICalls invalid UTF-8 event name": {build: rules.APICalls{EventNames: []string{"Decrypt\xff"}}.Pattern, invalid: true},
		"KeyEvents empty region":            {build: rules.KeyEvents{Regions: []string{""}}.Pattern, invalid: true},
		"KeyEvents 2 MiB region":            {build: rules.KeyEvents{Regions: []string{huge}}.Pattern, over: true},
		"KeyEvents 100k accounts":           {build: rules.KeyEvents{Accounts: many}.Pattern, over: true},
		"KeyEvents 2 MiB key ID":            {build: rules.KeyEvents{KeyIDs: []string{huge}}.Pattern, over: true},
		"APICalls 2 MiB error message":      {build: rules.APICalls{ErrorMessages: []rules.StringMatch{rules.Suffix(huge)}}.Pattern, over: true},
		"APICalls NUL event name kept":      {build: rules.APICalls{EventNames: []string{"Decrypt\x00"}}.Pattern},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var (
				p   rules.EventPattern
				err error
			)
			bounded.Run(t, func() { p, err = tc.build() })
			var ve *kmswatch.ValidationError
			if tc.invalid {
				if !errors.Is(err, kmswatch.ErrInvalid) || !errors.As(err, &ve) {
					t.Errorf("Pattern error = %.300v, want *ValidationError", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Pattern: %.300v", err)
			}
			_, err = rules.Rule{Name: "r", Pattern: p}.PutRuleInput()
			if tc.over != (err != nil) {
				t.Fatalf("PutRuleInput error = %.300v, want an error: %t", err, tc.over)
			}
			if tc.over && (!errors.Is(err, kmswatch.ErrInvalid) || !errors.As(err, &ve)) {
				t.Errorf("PutRuleInput error = %.300v, want *ValidationError", err)
			}
		})
	}
}

// TestHostileRuleInputs checks Rule's builders and the validators with
// hostile values, nil inputs and nil nested members.
func TestHostileRuleInputs(t *testing.T) {
	pattern, err := rules.KeyLifecycle("111122223333")
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("a", 2<<20)
	targets := make([]rules.Target, 100_000)
	topic := must[rules.Target](t)(rules.SNSTopic("t", "arn:aws:sns:us-east-1:111122223333:t"))
	for i := range targets {
		targets[i] = topic
	}
	sdkTargets := make([]types.Target, 100_000)
	tests := map[string]func() error{
		"PutRuleInput zero rule":  func() error { _, err := rules.Rule{}.PutRuleInput(); return err },
		"PutRuleInput 2 MiB name": func() error { _, err := rules.Rule{Name: huge, Pattern: pattern}.PutRuleInput(); return err },
		"PutRuleInput NUL name":   func() error { _, err := rules.Rule{Name: "a\x00", Pattern: pattern}.PutRuleInput(); return err },
		"PutRuleInput invalid UTF-8 description": func() error {
			_, err := rules.Rule{Name: "a", Description: strings.Repeat("\xff", 600), Pattern: pattern}.PutRuleInput()
			return err
		},
		"PutRuleInput huge tag": func() error {
			_, err := rules.Rule{Name: "a", Pattern: pattern, Tags: map[string]string{huge: huge}}.PutRuleInput()
			return err
		},
		"PutRuleInput negative size": func() error {
			_, err := rules.Rule{Name: "a", Pattern: pattern, MaxPatternSize: -1}.PutRuleInput()
			return err
		},
		"PutRuleInput bad state": func() error {
			_, err := rules.Rule{Name: "a", Pattern: pattern, State: "\x00"}.PutRuleInput()
			return err
		},
		"PutTargetsInput none": func() error { _, err := rules.Rule{Name: "a", Pattern: pattern}.PutTargetsInput(); return err },
		"PutTargetsInput 100k": func() error {
			_, err := rules.Rule{Name: "a", Pattern: pattern}.PutTargetsInput(targets...)
			return err
		},
		"PutTargetsInput zero target": func() error {
			_, err := rules.Rule{Name: "a", Pattern: pattern}.PutTargetsInput(rules.Target{})
			return err
		},
		"PutTargetsInput empty transformer": func() error {
			tg := must[rules.Target](t)(rules.SNSTopic("t", "arn:aws:sns:us-east-1:111122223333:t"))
			tg.InputTransformer = &types.InputTransformer{}
			_, err := rules.Rule{Name: "a", Pattern: pattern}.PutTargetsInput(tg)
			return err
		},
		"PutTargetsInput negative retries": func() error {
			tg := must[rules.Target](t)(rules.SNSTopic("t", "arn:aws:sns:us-east-1:111122223333:t"))
			tg.MaxRetries = aws.Int32(-1)
			tg.MaxEventAge = -time.Second
			_, err := rules.Rule{Name: "a", Pattern: pattern}.PutTargetsInput(tg)
			return err
		},
		"PutRuleInput AnyOf()": func() error { _, err := rules.Rule{Name: "a", Pattern: rules.AnyOf()}.PutRuleInput(); return err },
		"PutRuleInput AnyOf of empties": func() error {
			_, err := rules.Rule{Name: "a", Pattern: rules.AnyOf(rules.EventPattern{}, rules.EventPattern{})}.PutRuleInput()
			return err
		},
		"SNSTopic 2 MiB ARN": func() error { _, err := rules.SNSTopic("t", "arn:aws:sns:us-east-1:111122223333:"+huge); return err },
		"SQSQueue NUL": func() error {
			_, err := rules.SQSQueue("q", "arn:aws:sqs:us-east-1:111122223333:q\x00", "")
			return err
		},
		"LambdaFunction invalid UTF-8": func() error {
			_, err := rules.LambdaFunction("f", "arn:aws:lambda:us-east-1:111122223333:function:\xff")
			return err
		},
		"KeyRotation zero ARN":       func() error { _, err := rules.KeyRotation(events.ARN{}); return err },
		"KeyDeletion bad account":    func() error { _, err := rules.KeyDeletion("1\x00", events.ARN{}); return err },
		"CheckSize negative limit":   func() error { return pattern.CheckSize(-1) },
		"ValidatePutRuleInput nil":   func() error { return rules.ValidatePutRuleInput(nil) },
		"ValidatePutRuleInput empty": func() error { return rules.ValidatePutRuleInput(&eventbridge.PutRuleInput{}) },
		"ValidatePutRuleInput nil tag members": func() error {
			return rules.ValidatePutRuleInput(&eventbridge.PutRuleInput{Name: aws.String("a"), EventPattern: aws.String("{}"), Tags: []types.Tag{{}}})
		},
		"ValidatePutRuleInput 2 MiB pattern": func() error {
			return rules.ValidatePutRuleInput(&eventbridge.PutRuleInput{Name: aws.String("a"), EventPattern: aws.String(huge)})
		},
		"ValidatePutTargetsInput nil":   func() error { return rules.ValidatePutTargetsInput(nil) },
		"ValidatePutTargetsInput empty": func() error { return rules.ValidatePutTargetsInput(&eventbridge.PutTargetsInput{}) },
		"ValidatePutTargetsInput 100k nil targets": func() error {
			return rules.ValidatePutTargetsInput(&eventbridge.PutTargetsInput{Rule: aws.String("a"), Targets: sdkTargets})
		},
		"ValidatePutTargetsInput nil nested members": func() error {
			return rules.ValidatePutTargetsInput(&eventbridge.PutTargetsInput{Rule: aws.String("a"), Targets: []types.Target{{
				Id: aws.String("t"), Arn: aws.String("arn:aws:sns:us-east-1:111122223333:t"),
				InputTransformer: &types.InputTransformer{InputPathsMap: map[string]string{"": ""}},
				RetryPolicy:      &types.RetryPolicy{},
				DeadLetterConfig: &types.DeadLetterConfig{},
				SqsParameters:    &types.SqsParameters{},
			}}})
		},
	}
	bounded.Invalid(t, tests)
}
