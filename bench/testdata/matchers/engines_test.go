package main

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kmswatch/kmswatch/bench"
)

// TestEnginesAgree checks that rules.Set and quamina find the same rules on
// every variant of every fixture at every mix size, and that this revision's
// Pattern.Match agrees with the baseline's, so the benchmarks compare equal
// work.
func TestEnginesAgree(t *testing.T) {
	keys, err := benchcmp.KeyIDs(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range benchcmp.RouteFixtures {
		vs, err := benchcmp.LoadVariants(root, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range benchcmp.PatternCounts {
			mix := benchcmp.RuleMix(n, keys)
			set, err := NewSetEngine(mix)
			if err != nil {
				t.Fatal(err)
			}
			q, err := NewQuaminaEngine(mix)
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range vs {
				want, err := q.Names(v)
				if err != nil {
					t.Fatal(err)
				}
				got, err := set.Names(v)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s variant %d, %d patterns: mismatch (-quamina +Set):\n%s", name, i, n, diff)
				}
			}
		}
		for label, p := range SinglePatterns {
			nw, _ := NewPattern(p)
			old, _ := OldPattern(p)
			for i, v := range vs[:100] {
				a, errA := nw(v)
				b, errB := old(v)
				if a != b || errA != nil || errB != nil {
					t.Fatalf("%s variant %d, pattern %s: Pattern.Match %t, %v; baseline %t, %v", name, i, label, a, errA, b, errB)
				}
			}
		}
	}
}

// TestCL2EnginesAgree checks that rules.Set (with AppendMatches and with
// AppendMatchesKnownValid), quamina and the baseline's Set find the same
// CL2 rules on the corpus.
func TestCL2EnginesAgree(t *testing.T) {
	corpus := append(benchcmp.CL2Corpus(1000, false), benchcmp.CL2Corpus(1000, true)...)
	for _, c := range benchcmp.CL2Cases() {
		set, err := NewSetEngine(c.Rules)
		if err != nil {
			t.Fatal(err)
		}
		old, err := NewOldSetEngine(c.Rules)
		if err != nil {
			t.Fatal(err)
		}
		var q *QuaminaEngine
		if c.Quamina {
			if q, err = NewQuaminaEngine(c.Rules); err != nil {
				t.Fatal(err)
			}
		}
		for i, e := range corpus {
			got, err := set.Names(e)
			if err != nil {
				t.Fatal(err)
			}
			want, err := old.s.Matches(e)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(want)
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s event %d: mismatch (-baseline +Set):\n%s", c.Name, i, diff)
			}
			kv, err := (&KnownValidEngine{set.s}).Names(e)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, kv, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s event %d: mismatch (-AppendMatches +AppendMatchesKnownValid):\n%s", c.Name, i, diff)
			}
			if q == nil {
				continue
			}
			if want, err = q.Names(e); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("%s event %d: mismatch (-quamina +Set):\n%s", c.Name, i, diff)
			}
		}
	}
}

// root is the kmswatch module root as seen from the temporary module.
var root = rootDir()
