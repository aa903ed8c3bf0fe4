package main

import (
	"testing"

	"github.com/google/go-cmp/cmp"
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

// root is the kmswatch module root as seen from the temporary module.
var root = rootDir()
