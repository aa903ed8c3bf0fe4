package benchcmp

import (
	"slices"
	"testing"
)

// Loop runs fn b.N times over vs, one variant after another, and fails b
// on fn's first error. Benchmarks of both decoders time the same loop.
func Loop[R any](b *testing.B, vs [][]byte, fn func([]byte) (R, error)) {
	for i := 0; i < b.N; i++ {
		if _, err := fn(vs[i%len(vs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// Paired benchmarks ev and lb back to back, rounds times, so that a shared
// machine's drift falls on both alike. It returns each round's ns/op of
// both, the ratios lb/ev, and the last round's results.
func Paired(rounds int, ev, lb func(*testing.B)) (evNs, lbNs, ratios []float64, lastEv, lastLb testing.BenchmarkResult) {
	for range rounds {
		lastEv, lastLb = testing.Benchmark(ev), testing.Benchmark(lb)
		evNs = append(evNs, float64(lastEv.NsPerOp()))
		lbNs = append(lbNs, float64(lastLb.NsPerOp()))
		ratios = append(ratios, float64(lastLb.NsPerOp())/float64(lastEv.NsPerOp()))
	}
	return evNs, lbNs, ratios, lastEv, lastLb
}

// Median returns the median of xs, leaving xs as it is.
func Median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
