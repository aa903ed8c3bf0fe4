package jsonscan

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkSkip validates each event fixture whole: the floor of what any
// reader of the event that checks it is JSON costs.
func BenchmarkSkip(b *testing.B) {
	for _, name := range []string{"rotation-2025.json", "constructed-cloudtrail-schedule-key-deletion.json", "constructed-sns-to-sqs-record.json"} {
		s := fixture(b, name)
		b.Run(name, func(b *testing.B) { benchSkip(b, s) })
	}
}

// fixture is the events package's test fixture name.
func fixture(b *testing.B, name string) string {
	doc, err := os.ReadFile(filepath.Join("..", "..", "events", "testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	return string(doc)
}

// benchSkip validates s whole, once an op.
func benchSkip(b *testing.B, s string) {
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		sc := New(s)
		sc.Skip()
		if sc.End(); sc.Err != nil {
			b.Fatal(sc.Err)
		}
	}
}

// BenchmarkStr reads the strings of a CloudTrail record's detail.
func BenchmarkStr(b *testing.B) {
	s := fixture(b, "constructed-cloudtrail-schedule-key-deletion.json")
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

// BenchmarkSkipNumbers validates a GeoJSON-like geometry, mostly numbers
// with many digits, the part of a citylots2 event no CL2 rule of the
// string kinds reads.
func BenchmarkSkipNumbers(b *testing.B) {
	s := `{"type":"Polygon","coordinates":[[{"x":-122.42485025893909,"y":37.79987617371178,"z":0},{"x":-122.42497841626495,"y":37.79985988225351,"z":0},` +
		`{"x":-122.42500404454923,"y":37.79985662417723,"z":0},{"x":-122.42501748155543,"y":37.79992324159192,"z":0},{"x":-122.42474494351363,"y":37.79995793763353,"z":0},` +
		`{"x":-122.42480702649785,"y":37.80026572899349,"z":0},{"x":-122.42455467486131,"y":37.80029785556764,"z":0},{"x":-122.42447893872841,"y":37.7999233762548,"z":0}]],` +
		`"firstCoordinates":{"x":-122.42485025893909,"y":37.79987617371178,"z":0}}`
	benchSkip(b, s)
}

// BenchmarkAppendStr decodes the body of an SQS record into a reused
// buffer: a JSON document held in a JSON string, so escaped throughout (an
// SNS notification, which holds the event escaped once more).
func BenchmarkAppendStr(b *testing.B) {
	s := fixture(b, "constructed-sns-to-sqs-record.json")
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

// BenchmarkSkipGeometries validates 2,000 GeoJSON polygons shaped like the
// geometry of a citylots2 event (7 to 15 points of two shortest-form
// coordinates and a zero), all different, so that a loop's exits cannot be
// learnt from one document.
func BenchmarkSkipGeometries(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 17))
	docs := make([]string, 2000)
	n := 0
	for i := range docs {
		x0, y0 := -122.52+r.Float64()*0.15, 37.70+r.Float64()*0.11
		points := make([]string, 7+r.IntN(9))
		for p := range points {
			x, y := x0, y0
			if p > 0 {
				x, y = x+r.Float64()*0.0005, y+r.Float64()*0.0005
			}
			points[p] = `{"x":` + strconv.FormatFloat(x, 'f', -1, 64) + `,"y":` + strconv.FormatFloat(y, 'f', -1, 64) + `,"z":0}`
		}
		docs[i] = `{"type":"Polygon","coordinates":[[` + strings.Join(points, ",") + `]],"firstCoordinates":` + points[0] + `}`
		n += len(docs[i])
	}
	b.SetBytes(int64(n / len(docs)))
	i := 0
	for b.Loop() {
		sc := New(docs[i])
		if sc.Skip(); sc.Err != nil {
			b.Fatal(sc.Err)
		}
		if i++; i == len(docs) {
			i = 0
		}
	}
}
