// Command pairs times package events against aws-lambda-go in paired
// rounds: each round benchmarks both decoders back to back on the same
// variants, and the speed-up is the median of the per-round ratios, which
// cancels most of the drift of a shared machine.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/kmswatch/kmswatch/bench"
)

func main() {
	rounds := flag.Int("rounds", 10, "paired rounds per fixture")
	root := flag.String("root", "..", "path of the kmswatch module root")
	flag.Parse()
	testing.Init()
	fmt.Println("| fixture | events ns/op | events allocs | aws-lambda-go ns/op | aws-lambda-go allocs | speed-up (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, name := range benchcmp.Fixtures {
		vs, err := benchcmp.LoadVariants(*root, name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pairs:", err)
			os.Exit(1)
		}
		var evNs, lbNs, ratios []float64
		var evAllocs, lbAllocs int64
		for r := 0; r < *rounds; r++ {
			e := testing.Benchmark(bench(vs, benchcmp.Events))
			l := testing.Benchmark(bench(vs, benchcmp.Lambda))
			evNs = append(evNs, float64(e.NsPerOp()))
			lbNs = append(lbNs, float64(l.NsPerOp()))
			ratios = append(ratios, float64(l.NsPerOp())/float64(e.NsPerOp()))
			evAllocs, lbAllocs = e.AllocsPerOp(), l.AllocsPerOp()
		}
		fmt.Printf("| %s | %.0f | %d | %.0f | %d | %.2f× |\n", name, median(evNs), evAllocs, median(lbNs), lbAllocs, median(ratios))
	}
}

func bench(vs [][]byte, fn func([]byte) (string, error)) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := fn(vs[i%len(vs)]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
