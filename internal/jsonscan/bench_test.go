package jsonscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkSkip validates each event fixture whole: the floor of what any
// reader of the event that checks it is JSON costs.
func BenchmarkSkip(b *testing.B) {
	for _, name := range []string{"rotation-2025.json", "constructed-cloudtrail-schedule-key-deletion.json", "constructed-sns-to-sqs-record.json"} {
		doc, err := os.ReadFile(filepath.Join("..", "..", "events", "testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		s := string(doc)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				sc := New(s)
				sc.Skip()
				if sc.End(); sc.Err != nil {
					b.Fatal(sc.Err)
				}
			}
		})
	}
}

// BenchmarkStr reads the strings of a CloudTrail record's detail.
func BenchmarkStr(b *testing.B) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "events", "testdata", "constructed-cloudtrail-schedule-key-deletion.json"))
	if err != nil {
		b.Fatal(err)
	}
	s := string(doc)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		sc := New(s)
		readAll(&sc)
		if sc.Err != nil {
			b.Fatal(sc.Err)
		}
	}
}

// readAll reads every value, decoding strings.
func readAll(sc *Scanner) {
	switch sc.Peek() {
	case '{':
		sc.BeginObject()
		for first := true; ; first = false {
			if _, ok := sc.NextKey(first); !ok {
				return
			}
			readAll(sc)
		}
	case '[':
		sc.BeginArray()
		for first := true; sc.NextElem(first); first = false {
			readAll(sc)
		}
	case '"':
		sc.Str()
	default:
		sc.Skip()
	}
}

// BenchmarkAppendStr decodes the body of an SQS record into a reused
// buffer: a JSON document held in a JSON string, so escaped throughout (an
// SNS notification, which holds the event escaped once more).
func BenchmarkAppendStr(b *testing.B) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "events", "testdata", "constructed-sns-to-sqs-record.json"))
	if err != nil {
		b.Fatal(err)
	}
	s := string(doc)
	at := strings.Index(s, `"body": "`) + len(`"body": `)
	body := New(s[at:])
	b.SetBytes(int64(len(body.Raw())))
	var buf []byte
	for b.Loop() {
		sc := New(s)
		sc.Pos = at
		if buf = sc.AppendStr(buf[:0]); sc.Err != nil {
			b.Fatal(sc.Err)
		}
	}
}
