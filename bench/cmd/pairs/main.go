// Command pairs times package events against aws-lambda-go in paired
// rounds: each round benchmarks both decoders back to back on the same
// variants, and the speed-up is the median of the per-round ratios, which
// cancels most of the drift of a shared machine. With -batch it compares
// full 6 MiB Lambda SQS batches instead: events.Process against
// aws-lambda-go's SQSEvent followed by the per-event decode. With -alarms it
// compares SNS deliveries of CloudWatch alarm messages: events.Process
// against aws-lambda-go's SNSEvent followed by json.Unmarshal of each
// Message into CloudWatchAlarmSNSPayload.
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
	batch := flag.Bool("batch", false, "compare full Lambda SQS batches instead of single events")
	alarms := flag.Bool("alarms", false, "compare SNS deliveries of CloudWatch alarm messages instead of single events")
	flag.Parse()
	testing.Init()
	if *alarms {
		if err := pairs(*root, *rounds, benchcmp.AlarmSNSFixtures, benchcmp.EventsAlarmSNS, benchcmp.LambdaAlarmSNS); err != nil {
			fmt.Fprintln(os.Stderr, "pairs:", err)
			os.Exit(1)
		}
		return
	}
	if *batch {
		if err := batches(*root, *rounds); err != nil {
			fmt.Fprintln(os.Stderr, "pairs:", err)
			os.Exit(1)
		}
		return
	}
	if err := pairs(*root, *rounds, benchcmp.Fixtures, benchcmp.Events, benchcmp.Lambda); err != nil {
		fmt.Fprintln(os.Stderr, "pairs:", err)
		os.Exit(1)
	}
}

// pairs prints the paired comparison of ev and lb on each fixture.
func pairs(root string, rounds int, fixtures []string, ev, lb func([]byte) (string, error)) error {
	fmt.Println("| fixture | events ns/op | events allocs | aws-lambda-go ns/op | aws-lambda-go allocs | speed-up (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, name := range fixtures {
		vs, err := benchcmp.LoadVariants(root, name)
		if err != nil {
			return err
		}
		var evNs, lbNs, ratios []float64
		var evAllocs, lbAllocs int64
		for r := 0; r < rounds; r++ {
			e := testing.Benchmark(bench(vs, ev))
			l := testing.Benchmark(bench(vs, lb))
			evNs = append(evNs, float64(e.NsPerOp()))
			lbNs = append(lbNs, float64(l.NsPerOp()))
			ratios = append(ratios, float64(l.NsPerOp())/float64(e.NsPerOp()))
			evAllocs, lbAllocs = e.AllocsPerOp(), l.AllocsPerOp()
		}
		fmt.Printf("| %s | %.0f | %d | %.0f | %d | %.2f× |\n", name, median(evNs), evAllocs, median(lbNs), lbAllocs, median(ratios))
	}
	return nil
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

// batches prints the paired comparison of full batches, one row per kind.
func batches(root string, rounds int) error {
	fmt.Println("| batch | records | MB | events events/s | events MB/s | events B/record | events B per input byte | events allocs/record | aws-lambda-go events/s | aws-lambda-go B/record | aws-lambda-go allocs/record | speed-up (median of rounds) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, k := range benchcmp.BatchKinds {
		b, err := benchcmp.BuildBatch(root, k)
		if err != nil {
			return err
		}
		evFn := benchcmp.EventsBatch
		lbFn := func(data []byte) (int, error) { return benchcmp.LambdaBatch(data, k.SNS) }
		var evNs, lbNs, ratios []float64
		var ev, lb testing.BenchmarkResult
		for r := 0; r < rounds; r++ {
			ev = testing.Benchmark(batchBench(b.Data, evFn))
			lb = testing.Benchmark(batchBench(b.Data, lbFn))
			evNs = append(evNs, float64(ev.NsPerOp()))
			lbNs = append(lbNs, float64(lb.NsPerOp()))
			ratios = append(ratios, float64(lb.NsPerOp())/float64(ev.NsPerOp()))
		}
		n, size := float64(b.Records), float64(len(b.Data))
		fmt.Printf("| %s | %d | %.2f | %.0f | %.0f | %.0f | %.2f | %.1f | %.0f | %.0f | %.1f | %.2f× |\n",
			k.Name, b.Records, size/1e6,
			n*1e9/median(evNs), size*1e3/median(evNs), float64(ev.AllocedBytesPerOp())/n,
			float64(ev.AllocedBytesPerOp())/size, float64(ev.AllocsPerOp())/n,
			n*1e9/median(lbNs), float64(lb.AllocedBytesPerOp())/n, float64(lb.AllocsPerOp())/n,
			median(ratios))
	}
	return nil
}

func batchBench(data []byte, fn func([]byte) (int, error)) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := fn(data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
