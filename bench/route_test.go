package benchcmp

import (
	"strconv"
	"testing"

	"github.com/kmswatch/kmswatch/rules"
)

// newSet builds a rules.Set from a rule mix.
func newSet(tb testing.TB, mix []Rule) *rules.Set {
	tb.Helper()
	s := rules.NewSet()
	for _, r := range mix {
		if err := s.Add(r.Name, rules.JSON(r.Pattern)); err != nil {
			tb.Fatalf("%s: %v", r.Name, err)
		}
	}
	return s
}

// TestRuleMix checks that every rule of the largest mix is a valid pattern,
// and that on every fixture some rules match and most do not, as in real
// routing.
func TestRuleMix(t *testing.T) {
	keys, err := KeyIDs("..")
	if err != nil {
		t.Fatal(err)
	}
	set := newSet(t, RuleMix(1000, keys))
	for _, name := range RouteFixtures {
		vs, err := LoadVariants("..", name)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, v := range vs {
			got, err := set.Matches(v)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(got) == 0 || got[0] != "rule-0" {
				t.Fatalf("%s: matches %q, want rule-0 first", name, got)
			}
			total += len(got)
		}
		if avg := float64(total) / float64(len(vs)); avg < 1 || avg > 100 {
			t.Errorf("%s: %.1f of 1,000 rules match on average, want between 1 and 100", name, avg)
		}
	}
}

// BenchmarkSet matches each fixture's variants against rule mixes of every
// size with rules.Set.AppendMatches; bench/matchers.sh pairs it
// with quamina.
func BenchmarkSet(b *testing.B) {
	keys, err := KeyIDs("..")
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range RouteFixtures {
		vs, err := LoadVariants("..", name)
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range PatternCounts {
			set := newSet(b, RuleMix(n, keys))
			b.Run("fixture="+name+"/patterns="+strconv.Itoa(n), func(b *testing.B) {
				dst := make([]string, 0, n)
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					var err error
					if dst, err = set.AppendMatches(dst[:0], vs[i%len(vs)]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
