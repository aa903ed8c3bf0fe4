package benchcmp

import (
	"errors"
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

// Check runs fn once on each of vs and returns its first error, so that a
// decoder that fails is reported before it is timed.
func Check[R any](vs [][]byte, fn func([]byte) (R, error)) error {
	for _, v := range vs {
		if _, err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// errFailed reports a benchmark that failed while it was timed.
var errFailed = errors.New("a paired benchmark failed (run its decoder on the input to see why)")

// Paired benchmarks ev and lb back to back, rounds times, so that a shared
// machine's drift falls on both alike. It returns each round's ns/op of
// both, the ratios lb/ev, and the last round's results; or errFailed when
// a benchmark failed (testing.Benchmark reports that as a zero result),
// instead of a ratio of zeros.
func Paired(rounds int, ev, lb func(*testing.B)) (evNs, lbNs, ratios []float64, lastEv, lastLb testing.BenchmarkResult, err error) {
	for range rounds {
		lastEv, lastLb = testing.Benchmark(ev), testing.Benchmark(lb)
		if lastEv.N == 0 || lastLb.N == 0 {
			return nil, nil, nil, lastEv, lastLb, errFailed
		}
		evNs = append(evNs, float64(lastEv.NsPerOp()))
		lbNs = append(lbNs, float64(lastLb.NsPerOp()))
		ratios = append(ratios, float64(lastLb.NsPerOp())/float64(lastEv.NsPerOp()))
	}
	return evNs, lbNs, ratios, lastEv, lastLb, nil
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
