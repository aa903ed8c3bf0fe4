package main

import (
	"fmt"
	"testing"
	"time"

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

// Each returns a function that matches one event.
func (e *OldSetEngine) Each() func([]byte) error { return eachAppend(e.s.AppendMatches) }

// cl2 prints the CL2 tables: each group quamina can express and their
// 25-rule union, rules.Set against quamina; then every case, this
// revision's Set against the baseline's; then the 65- and 70-rule Sets
// against the 25-rule one.
func cl2(rounds int) {
	corpus := benchcmp.CL2Corpus(cl2Events, false)
	reordered := benchcmp.CL2Corpus(cl2Events, true)
	heading("### CL2: rules.Set against quamina", "| rules | Set events/s | Set allocs | quamina events/s | quamina allocs | Set events/s ÷ quamina events/s (median of interleaved slices) |", 1)
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
		pairEPS(rounds, c.Name, corpus, set.Each(), q.Each())
		pairEPS(rounds, c.Name+", geometry first", reordered, set.Each(), q.Each())
	}
	fmt.Println()
	heading("### CL2: rules.Set.AppendMatchesKnownValid (events known to be valid JSON) against quamina", "| rules | Set events/s | Set allocs | quamina events/s | quamina allocs | Set events/s ÷ quamina events/s (median of interleaved slices) |", 1)
	for _, c := range benchcmp.CL2Cases() {
		if !c.Quamina {
			continue
		}
		q, err := NewQuaminaEngine(c.Rules)
		check(err)
		kv := &KnownValidEngine{sets[c.Name].s}
		pairEPS(rounds, c.Name, corpus, kv.Each(), q.Each())
		pairEPS(rounds, c.Name+", geometry first", reordered, kv.Each(), q.Each())
	}
	fmt.Println()
	heading("### CL2: this revision's rules.Set against the baseline's", "| rules | new events/s | new allocs | baseline events/s | baseline allocs | new events/s ÷ baseline events/s (median of interleaved slices) |", 1)
	for _, c := range benchcmp.CL2Cases() {
		old, err := NewOldSetEngine(c.Rules)
		check(err)
		pairEPS(rounds, c.Name, corpus, sets[c.Name].Each(), old.Each())
	}
	fmt.Println()
	heading("### CL2: larger rule sets against the 25 quamina can express, rules.Set", "| rules | events/s | allocs | 25-rule events/s | 25-rule allocs | events/s ÷ 25-rule events/s (median of interleaved slices) |", 1)
	for _, name := range []string{"all-but-complex-65", "all-70"} {
		pairEPS(rounds, name, corpus, sets[name].Each(), sets["quamina-25"].Each())
	}
}

// Interleaving: a round of pairEPS is pairSlices slices of sliceEvents
// consecutive events of the corpus, each slice matched by both engines.
const (
	pairSlices  = 500
	sliceEvents = 200
)

// pairEPS times a and b over the corpus in short interleaved slices and
// prints one row in events/s: per engine the median over the slices, and
// the median of the per-slice ratios. Interleaving a fraction of a
// millisecond at a time gives both engines the same share of whatever else
// the machine runs, which alternating one-second benchmarks does not, and
// the medians leave out the slices in which the process was descheduled.
// The engine that goes first in a slice reads its events out of cache, so
// the order alternates from slice to slice. Allocations per event are
// counted apart.
func pairEPS(rounds int, label string, corpus [][]byte, a, b func([]byte) error) {
	var ae, be, ratios []float64
	eps := func(match func([]byte) error, from int) float64 {
		start := time.Now()
		for i := from; i < from+sliceEvents; i++ {
			check(match(corpus[i%len(corpus)]))
		}
		return sliceEvents / time.Since(start).Seconds()
	}
	for s := range rounds * pairSlices {
		from := s * sliceEvents
		var ea, eb float64
		if s%2 == 0 {
			ea = eps(a, from)
			eb = eps(b, from)
		} else {
			eb = eps(b, from)
			ea = eps(a, from)
		}
		ae, be = append(ae, ea), append(be, eb)
		ratios = append(ratios, ea/eb)
	}
	fmt.Printf("| %s | %.0f | %.0f | %.0f | %.0f | %.2f |\n", label, median(ae), allocs(corpus, a), median(be), allocs(corpus, b), median(ratios))
}

// allocs is the average number of allocations of match per event.
func allocs(corpus [][]byte, match func([]byte) error) float64 {
	i := 0
	return testing.AllocsPerRun(1000, func() {
		check(match(corpus[i%len(corpus)]))
		i++
	})
}
