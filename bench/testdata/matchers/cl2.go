package main

import (
	"fmt"
	"math"
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
	cl2Heading("### CL2: rules.Set against quamina", "Set", "quamina")
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
	cl2Heading("### CL2: rules.Set.AppendMatchesKnownValid (events known to be valid JSON) against quamina", "Set", "quamina")
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
	cl2Heading("### CL2: this revision's rules.Set against the baseline's", "new", "baseline")
	for _, c := range benchcmp.CL2Cases() {
		old, err := NewOldSetEngine(c.Rules)
		check(err)
		pairEPS(rounds, c.Name, corpus, sets[c.Name].Each(), old.Each())
	}
	fmt.Println()
	cl2Heading("### CL2: larger rule sets against the 25 quamina can express, rules.Set", "larger Set", "25-rule Set")
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

// cl2Heading prints the title and columns of a pairEPS table comparing
// engine a with engine b.
func cl2Heading(title, a, b string) {
	heading(title, "| rules | "+a+" events/s | "+a+" allocs | "+b+" events/s | "+b+" allocs | "+
		"÷, median of slices | ÷, "+a+" reads first | ÷, "+b+" reads first | "+
		a+" events/s ÷ "+b+" events/s (both orders: geometric mean) |", 1)
}

// pairEPS times a and b over the corpus in short interleaved slices and
// prints one row in events/s: per engine the median over the slices; the
// median of the per-slice ratios, of those in which a reads the events
// first, and of those in which b does; and the ratio of the row, the
// geometric mean of the last two. Interleaving a fraction of a
// millisecond at a time gives both engines the same share of whatever else
// the machine runs, which alternating one-second benchmarks does not, and
// the medians leave out the slices in which the process was descheduled.
// The engine that goes first in a slice reads its events out of cache, so
// the order alternates from slice to slice. The slices of each order give
// ratios apart from those of the other when one engine reads more of each
// event than the other (a Set that checks all 870 bytes of a CL2 event
// against quamina, which reads about the first hundred), and the median of
// all slices then falls in the gap between the two groups, where a few
// slices more or less on either side move it by 0.05 or more; each engine
// reads first in half the slices, so the geometric mean of the two orders'
// medians gives both the same share of cold reads. Allocations per event are
// counted apart.
func pairEPS(rounds int, label string, corpus [][]byte, a, b func([]byte) error) {
	var ae, be, ratios []float64
	var order [2][]float64 // the ratios of the slices a reads first, and b
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
		order[s%2] = append(order[s%2], ea/eb)
	}
	fmt.Printf("| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f |\n", label, median(ae), allocs(corpus, a), median(be), allocs(corpus, b),
		median(ratios), median(order[0]), median(order[1]), math.Sqrt(median(order[0])*median(order[1])))
}

// allocs is the average number of allocations of match per event.
func allocs(corpus [][]byte, match func([]byte) error) float64 {
	i := 0
	return testing.AllocsPerRun(1000, func() {
		check(match(corpus[i%len(corpus)]))
		i++
	})
}
