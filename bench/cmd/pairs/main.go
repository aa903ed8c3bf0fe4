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
	var err error
	switch {
	case *alarms:
		err = pairs(*root, *rounds, benchcmp.AlarmSNSFixtures, benchcmp.EventsAlarmSNS, benchcmp.LambdaAlarmSNS)
	case *batch:
		err = batches(*root, *rounds)
	default:
		err = pairs(*root, *rounds, benchcmp.Fixtures, benchcmp.Events, benchcmp.Lambda)
	}
	if err != nil {
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
		if err := check(name, vs, ev, lb); err != nil {
			return err
		}
		evNs, lbNs, ratios, e, l, err := benchcmp.Paired(rounds, bench(vs, ev), bench(vs, lb))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Printf("| %s | %.0f | %d | %.0f | %d | %.2f× |\n", name, benchcmp.Median(evNs), e.AllocsPerOp(), benchcmp.Median(lbNs), l.AllocsPerOp(), benchcmp.Median(ratios))
	}
	return nil
}

// check runs both decoders once on each variant of the input name and
// returns the first error, naming the input and the decoder, so that a
// decoder that fails is reported rather than timed.
func check[R, S any](name string, vs [][]byte, ev func([]byte) (R, error), lb func([]byte) (S, error)) error {
	if err := benchcmp.Check(vs, ev); err != nil {
		return fmt.Errorf("%s: package events: %w", name, err)
	}
	if err := benchcmp.Check(vs, lb); err != nil {
		return fmt.Errorf("%s: aws-lambda-go: %w", name, err)
	}
	return nil
}

// bench is the benchmark of fn over the variants vs.
func bench[R any](vs [][]byte, fn func([]byte) (R, error)) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		benchcmp.Loop(b, vs, fn)
	}
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
		data := [][]byte{b.Data}
		if err := check(k.Name, data, evFn, lbFn); err != nil {
			return err
		}
		evNs, lbNs, ratios, ev, lb, err := benchcmp.Paired(rounds, bench(data, evFn), bench(data, lbFn))
		if err != nil {
			return fmt.Errorf("%s: %w", k.Name, err)
		}
		n, size := float64(b.Records), float64(len(b.Data))
		fmt.Printf("| %s | %d | %.2f | %.0f | %.0f | %.0f | %.2f | %.1f | %.0f | %.0f | %.1f | %.2f× |\n",
			k.Name, b.Records, size/1e6,
			n*1e9/benchcmp.Median(evNs), size*1e3/benchcmp.Median(evNs), float64(ev.AllocedBytesPerOp())/n,
			float64(ev.AllocedBytesPerOp())/size, float64(ev.AllocsPerOp())/n,
			n*1e9/benchcmp.Median(lbNs), float64(lb.AllocedBytesPerOp())/n, float64(lb.AllocsPerOp())/n,
			benchcmp.Median(ratios))
	}
	return nil
}
