package main

import (
	"fmt"
	"testing"

	"github.com/kmswatch/kmswatch/bench"
	oldrules "github.com/kmswatch/kmswatch/bench/setbaseline/rules"
)

// cl2Events is the size of the generated citylots2-shaped corpus.
const cl2Events = 20000

// OldSetEngine is the Set baseline revision's rules.Set, for before/after.
type OldSetEngine struct{ s *oldrules.Set }

func NewOldSetEngine(mix []benchcmp.Rule) (*OldSetEngine, error) {
	s := oldrules.NewSet()
	for _, r := range mix {
		if err := s.Add(r.Name, []byte(r.Pattern)); err != nil {
			return nil, err
		}
	}
	return &OldSetEngine{s}, nil
}

func (e *OldSetEngine) Bench(vs [][]byte) func(*testing.B) { return benchAppend(vs, e.s.AppendMatches) }

// cl2 prints the CL2 tables: each group quamina can express and their
// 25-rule union, rules.Set against quamina; then every case, this
// revision's Set against the baseline's; then the 65- and 70-rule Sets
// against the 25-rule one.
func cl2(rounds int) {
	corpus := benchcmp.CL2Corpus(cl2Events, false)
	reordered := benchcmp.CL2Corpus(cl2Events, true)
	fmt.Println("### CL2: rules.Set against quamina")
	fmt.Println()
	fmt.Println("| rules | Set events/s | Set allocs | quamina events/s | quamina allocs | Set events/s ÷ quamina events/s (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	sets := map[string]*SetEngine{}
	for _, c := range benchcmp.CL2Cases() {
		set, err := NewSetEngine(c.Rules)
		check(err)
		sets[c.Name] = set
		if !c.Quamina {
			continue
		}
		q, err := NewQuaminaEngine(c.Rules)
		check(err)
		pairEPS(rounds, c.Name, set.Bench(corpus), q.Bench(corpus))
		pairEPS(rounds, c.Name+", geometry first", set.Bench(reordered), q.Bench(reordered))
	}
	fmt.Println()
	fmt.Println("### CL2: rules.Set.AppendMatchesKnownValid (events known to be valid JSON) against quamina")
	fmt.Println()
	fmt.Println("| rules | Set events/s | Set allocs | quamina events/s | quamina allocs | Set events/s ÷ quamina events/s (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, c := range benchcmp.CL2Cases() {
		if !c.Quamina {
			continue
		}
		q, err := NewQuaminaEngine(c.Rules)
		check(err)
		kv := &KnownValidEngine{sets[c.Name].s}
		pairEPS(rounds, c.Name, kv.Bench(corpus), q.Bench(corpus))
		pairEPS(rounds, c.Name+", geometry first", kv.Bench(reordered), q.Bench(reordered))
	}
	fmt.Println()
	fmt.Println("### CL2: this revision's rules.Set against the baseline's")
	fmt.Println()
	fmt.Println("| rules | new events/s | new allocs | baseline events/s | baseline allocs | new events/s ÷ baseline events/s (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, c := range benchcmp.CL2Cases() {
		old, err := NewOldSetEngine(c.Rules)
		check(err)
		pairEPS(rounds, c.Name, sets[c.Name].Bench(corpus), old.Bench(corpus))
	}
	fmt.Println()
	fmt.Println("### CL2: larger rule sets against the 25 quamina can express, rules.Set")
	fmt.Println()
	fmt.Println("| rules | events/s | allocs | 25-rule events/s | 25-rule allocs | events/s ÷ 25-rule events/s (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, name := range []string{"all-but-complex-65", "all-70"} {
		pairEPS(rounds, name, sets[name].Bench(corpus), sets["quamina-25"].Bench(corpus))
	}
}

// pairEPS runs a and b in alternation and prints one row in events/s.
func pairEPS(rounds int, label string, a, b func(*testing.B)) {
	var ae, be, ratios []float64
	var aa, ba int64
	for range rounds {
		ra := testing.Benchmark(a)
		rb := testing.Benchmark(b)
		ea, eb := 1e9/float64(ra.NsPerOp()), 1e9/float64(rb.NsPerOp())
		ae, be = append(ae, ea), append(be, eb)
		ratios = append(ratios, ea/eb)
		aa, ba = ra.AllocsPerOp(), rb.AllocsPerOp()
	}
	fmt.Printf("| %s | %.0f | %d | %.0f | %d | %.2f |\n", label, median(ae), aa, median(be), ba, median(ratios))
}
