package delivery_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/kmswatch/kmswatch/delivery"
)

// FuzzParsePolicy checks that any document either parses or is a
// *PolicyError, and that Check evaluates any parsed policy, as key policy
// and as topic policy, without panicking and with a verdict.
func FuzzParsePolicy(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "policies", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{"Statement":{"Effect":"Deny","NotPrincipal":{"Service":["x"]},"NotAction":"kms:*","NotResource":"*","Condition":{"ForAllValues:ArnNotLikeIfExists":{"aws:SourceArn":["arn:*:*:*:*:*"]},"Null":{"kms:ViaService":false}}}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		_, err := delivery.ParsePolicy(doc)
		if err != nil {
			var pe *delivery.PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *PolicyError", err)
			}
			return
		}
		key := enabledKey(keyARN, doc, true)
		in := delivery.Inputs{
			Topics: map[string]map[string]string{topic: {"Policy": doc, "KmsMasterKeyId": keyARN}},
			Queues: map[string]map[string]string{queue: {"Policy": doc, "KmsMasterKeyId": keyARN}},
			Keys:   []delivery.Key{key},
		}
		res, err := delivery.Check([]delivery.Path{alarmPath(alarmX, topic), rulePath(topic), rulePath(queue)}, in)
		if err != nil {
			t.Fatalf("a parsed policy was refused: %v", err)
		}
		for _, r := range res {
			switch r.Verdict {
			case delivery.Delivers, delivery.Drops, delivery.Unknown:
			default:
				t.Fatalf("verdict %q", r.Verdict)
			}
		}
	})
}
