package delivery_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/delivery"
)

func TestParsePolicy(t *testing.T) {
	tests := map[string]struct {
		doc  string
		want []delivery.Statement
	}{
		"single statement object, string fields": {
			doc: `{"Statement":{"Effect":"Allow","Principal":"*","Action":"kms:Decrypt","Resource":"*"}}`,
			want: []delivery.Statement{{Effect: delivery.Allow, Principal: &delivery.Principals{All: true},
				Action: []string{"kms:Decrypt"}, Resource: []string{"*"}}},
		},
		"every principal type, single and list": {
			doc: `{"Statement":[{"Sid":"s","Effect":"Deny","Principal":{"AWS":["arn:aws:iam::111122223333:root","444455556666"],"Service":"events.amazonaws.com","Federated":"cognito-identity.amazonaws.com","CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},"NotAction":["kms:*"],"NotResource":"arn:aws:kms:*"}]}`,
			want: []delivery.Statement{{Sid: "s", Effect: delivery.Deny, Principal: &delivery.Principals{ByType: map[string][]string{
				"AWS":           {"arn:aws:iam::111122223333:root", "444455556666"},
				"Service":       {"events.amazonaws.com"},
				"Federated":     {"cognito-identity.amazonaws.com"},
				"CanonicalUser": {"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
			}}, NotAction: []string{"kms:*"}, NotResource: []string{"arn:aws:kms:*"}}},
		},
		"NotPrincipal and conditions of every value form": {
			doc: `{"Version":"2012-10-17","Id":"x","Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"*"},"Action":"sns:Publish","Resource":"*",
				"Condition":{"StringEqualsIfExists":{"aws:SourceAccount":"111122223333"},"ForAnyValue:StringLike":{"kms:EncryptionContextKeys":["aws:*","x"]},"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":10}}}]}`,
			want: []delivery.Statement{{Effect: delivery.Allow, NotPrincipal: &delivery.Principals{ByType: map[string][]string{"AWS": {"*"}}},
				Action: []string{"sns:Publish"}, Resource: []string{"*"}, Conditions: []delivery.Condition{
					{Operator: "Bool", Key: "aws:SecureTransport", Values: []string{"true"}},
					{Operator: "ForAnyValue:StringLike", Key: "kms:EncryptionContextKeys", Values: []string{"aws:*", "x"}},
					{Operator: "NumericLessThan", Key: "s3:max-keys", Values: []string{"10"}},
					{Operator: "StringEqualsIfExists", Key: "aws:SourceAccount", Values: []string{"111122223333"}},
				}}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := delivery.ParsePolicy(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, p.Statements); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParsePolicyFixtures reads every AWS documentation fixture.
func TestParsePolicyFixtures(t *testing.T) {
	for _, name := range []string{"kms-default.json", "sns-compat-cloudwatch.json", "eventbridge-target-key.json",
		"eventbridge-bus-key.json", "sns-default-topic.json", "sns-topic-eventbridge.json", "sqs-queue-eventbridge.json",
		"sns-topic-cloudwatch.json", "sns-key-gamelift-style.json"} {
		p, err := delivery.ParsePolicy(fixture(t, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(p.Statements) == 0 {
			t.Errorf("%s: no statements", name)
		}
	}
}

func TestParsePolicyErrors(t *testing.T) {
	tests := map[string]struct {
		doc, path, message string
	}{
		"not JSON":             {`{`, "", "not a JSON object"},
		"not an object":        {`[]`, "", "not a JSON object"},
		"no statement":         {`{"Version":"2012-10-17"}`, "Statement", "missing"},
		"unknown element":      {`{"Statement":[],"Extra":1}`, "Extra", "unknown policy element"},
		"statement not a list": {`{"Statement":"x"}`, "Statement", "must be an object or a list"},
		"null statement":       {`{"Statement":[null]}`, "Statement[0]", "must be an object"},
		"bad effect":           {`{"Statement":[{"Effect":"Maybe"}]}`, "Statement[0].Effect", `must be "Allow" or "Deny"`},
		"no effect":            {`{"Statement":[{"Principal":"*","Action":"a","Resource":"*"}]}`, "Statement[0].Effect", "missing"},
		"both principals":      {`{"Statement":[{"Effect":"Allow","Principal":"*","NotPrincipal":"*","Action":"a","Resource":"*"}]}`, "Statement[0]", "exactly one of Principal and NotPrincipal"},
		"no action":            {`{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*"}]}`, "Statement[0]", "exactly one of Action and NotAction"},
		"no resource":          {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a"}]}`, "Statement[0]", "exactly one of Resource and NotResource"},
		"principal string":     {`{"Statement":[{"Effect":"Allow","Principal":"me","Action":"a","Resource":"*"}]}`, "Statement[0].Principal", `must be "*" or an object`},
		"principal type":       {`{"Statement":[{"Effect":"Allow","Principal":{"User":"x"},"Action":"a","Resource":"*"}]}`, "Statement[0].Principal", "unknown principal type"},
		"null action":          {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":null,"Resource":"*"}]}`, "Statement[0].Action", "not null"},
		"empty action list":    {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"}]}`, "Statement[0].Action", "non-empty list"},
		"number in actions":    {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":["a",1],"Resource":"*"}]}`, "Statement[0].Action", "list of strings"},
		"condition not object": {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a","Resource":"*","Condition":[]}]}`, "Statement[0].Condition", "must map operators"},
		"condition null value": {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a","Resource":"*","Condition":{"StringEquals":{"k":null}}}]}`, "Statement[0].Condition", "must not be"},
		"condition object value": {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a","Resource":"*","Condition":{"StringEquals":{"k":{"a":1}}}}]}`,
			"Statement[0].Condition", "string, number or boolean"},
		"unknown statement element": {`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"a","Resource":"*","Comment":"x"}]}`, "Statement[0].Comment", "unknown statement element"},
		"too large":                 {`{"Statement":[` + strings.Repeat(" ", delivery.MaxPolicySize) + `]}`, "", "bytes, more than"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := delivery.ParsePolicy(tc.doc)
			var pe *delivery.PolicyError
			if !errors.As(err, &pe) || !errors.Is(err, kmswatch.ErrInvalid) {
				t.Fatalf("err = %v, want a *delivery.PolicyError", err)
			}
			if pe.Path != tc.path || !strings.Contains(pe.Message, tc.message) {
				t.Errorf("got %q at %q, want %q at %q", pe.Message, pe.Path, tc.message, tc.path)
			}
		})
	}
}
