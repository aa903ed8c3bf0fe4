// Command matchers compares rule-set engines in paired rounds: rules.Set
// against quamina on each route fixture and rule-mix size and on
// event-ruler's CL2 rules over a citylots2-shaped corpus, rules.Set and
// Pattern.Match against those of a baseline revision. Each round benchmarks
// both sides back to back on the same variants; a ratio is the median of the
// per-round ratios, which cancels most of the drift of a shared machine. The
// CL2 comparisons interleave the two sides more finely still: a round there
// is 500 slices of 200 events, each matched by both (pairEPS).
//
// bench/matchers.sh builds it in a temporary module; it is not
// part of any module in the repository.
package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kmswatch/kmswatch/bench"
)

func main() {
	rounds := flag.Int("rounds", 7, "paired rounds per comparison")
	root := flag.String("root", rootDir(), "path of the kmswatch module root")
	counts := flag.String("patterns", "1,10,100,1000", "rule-mix sizes to compare, comma-separated")
	baseline := flag.Bool("baseline", true, "also compare Pattern.Match with the baseline revision")
	onlyCL2 := flag.Bool("cl2", false, "run only the CL2 comparison")
	flag.Parse()
	testing.Init()
	if *onlyCL2 {
		cl2(*rounds)
		return
	}
	keys, err := benchcmp.KeyIDs(*root)
	check(err)

	heading("### rules.Set against quamina", "| fixture | patterns | Set ns/op | Set allocs | quamina ns/op | quamina allocs | Set time ÷ quamina time (median of rounds) |", 1)
	for _, name := range benchcmp.RouteFixtures {
		vs, err := benchcmp.LoadVariants(*root, name)
		check(err)
		for _, field := range strings.Split(*counts, ",") {
			n, err := strconv.Atoi(field)
			check(err)
			mix := benchcmp.RuleMix(n, keys)
			set, err := NewSetEngine(mix)
			check(err)
			q, err := NewQuaminaEngine(mix)
			check(err)
			pair(*rounds, name, strconv.Itoa(n), set.Bench(vs), q.Bench(vs))
		}
	}

	fmt.Println()
	cl2(*rounds)
	if !*baseline {
		return
	}
	fmt.Println()
	heading("### Pattern.Match, one pattern: this revision against the baseline", "| fixture | pattern | new ns/op | new allocs | baseline ns/op | baseline allocs | new time ÷ baseline time (median of rounds) |", 2)
	for _, name := range benchcmp.RouteFixtures {
		vs, err := benchcmp.LoadVariants(*root, name)
		check(err)
		for _, label := range slices.Sorted(maps.Keys(SinglePatterns)) {
			p := SinglePatterns[label]
			nw, err := NewPattern(p)
			check(err)
			old, err := OldPattern(p)
			check(err)
			pair(*rounds, name, label, benchMatch(vs, nw), benchMatch(vs, old))
		}
	}
}

// heading prints the title of a table and its head: the columns, given as
// a Markdown table row, then the row that aligns the first left columns to
// the left and the others to the right.
func heading(title, columns string, left int) {
	n := strings.Count(columns, "|") - 1
	fmt.Printf("%s\n\n%s\n|%s%s\n", title, columns, strings.Repeat("---|", left), strings.Repeat("---:|", n-left))
}

// pair runs a and b in alternation and prints one table row.
func pair(rounds int, fixture, label string, a, b func(*testing.B)) {
	var an, bn, ratios []float64
	var aa, ba int64
	for range rounds {
		ra := testing.Benchmark(a)
		rb := testing.Benchmark(b)
		an = append(an, float64(ra.NsPerOp()))
		bn = append(bn, float64(rb.NsPerOp()))
		ratios = append(ratios, float64(ra.NsPerOp())/float64(rb.NsPerOp()))
		aa, ba = ra.AllocsPerOp(), rb.AllocsPerOp()
	}
	fmt.Printf("| %s | %s | %.0f | %d | %.0f | %d | %.2f |\n", fixture, label, median(an), aa, median(bn), ba, median(ratios))
}

func benchMatch(vs [][]byte, match func([]byte) (bool, error)) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := match(vs[i%len(vs)]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	return xs[len(xs)/2]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "matchers:", err)
		os.Exit(1)
	}
}
