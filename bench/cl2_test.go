package benchcmp

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kmswatch/kmswatch/rules"
)

// cl2Events is the corpus size of the CL2 tests and benchmarks.
const cl2Events = 20000

// TestCL2 checks the corpus and the rules: events are valid JSON of about
// 870 bytes, every rule compiles, and every rule matches some events and
// misses others, except ANYTHING_BUT_SUFFIX/3 (geometry.type not ending in
// "olygon"), which matches no event in event-ruler's benchmark either.
func TestCL2(t *testing.T) {
	corpus := CL2Corpus(5000, false)
	total := 0
	for i, e := range corpus {
		if !json.Valid(e) {
			t.Fatalf("event %d is not valid JSON: %s", i, e)
		}
		total += len(e)
	}
	if avg := total / len(corpus); avg < 820 || avg > 920 {
		t.Errorf("events average %d bytes, want about 870", avg)
	}
	if len(CL2Rules(func(CL2Group) bool { return true })) != 70 {
		t.Fatal("CL2Groups do not hold 70 rules")
	}
	for _, g := range CL2Groups {
		for i, p := range g.Rules {
			s := rules.NewSet()
			if err := s.Add("r", rules.JSON(p)); err != nil {
				t.Fatalf("%s/%d: %v", g.Name, i, err)
			}
			n := 0
			for _, e := range corpus {
				names, err := s.Matches(e)
				if err != nil {
					t.Fatal(err)
				}
				n += len(names)
			}
			none := g.Name == "ANYTHING_BUT_SUFFIX" && i == 3
			if (n == 0) != none || n == len(corpus) {
				t.Errorf("%s/%d matches %d of %d events", g.Name, i, n, len(corpus))
			}
		}
	}
}

// BenchmarkCL2 runs rules.Set over the corpus, one Set per CL2 group, then
// the 25 rules quamina can express, the 65 without COMPLEX_ARRAYS and all
// 70 in one Set each. b.N counts events; events/s is reported.
func BenchmarkCL2(b *testing.B) {
	corpus := CL2Corpus(cl2Events, false)
	for _, c := range CL2Cases() {
		s := rules.NewSet()
		for _, r := range c.Rules {
			if err := s.Add(r.Name, rules.JSON(r.Pattern)); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("rules=%s", c.Name), func(b *testing.B) {
			dst := make([]string, 0, 80)
			b.ReportAllocs()
			b.SetBytes(870)
			for i := 0; b.Loop(); i++ {
				var err error
				if dst, err = s.AppendMatches(dst[:0], corpus[i%len(corpus)]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
