package benchcmp

import (
	"errors"
	"flag"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkDecode runs both decoders on each fixture in one run, so that
// their results pair up (benchstat -col /decoder).
func BenchmarkDecode(b *testing.B) { benchDecoders(b, Fixtures, Events, Lambda) }

// TestDecodersAgree checks that both decoders accept every variant and find
// the same key, so the benchmark compares equal work.
func TestDecodersAgree(t *testing.T) {
	checkDecodersAgree(t, Fixtures, Events, Lambda, func(a, l string) bool {
		return strings.Contains(l, a)
	})
}

// benchDecoders runs the events and lambda decoders on each variant of each
// fixture, named so that benchstat -col /decoder pairs them.
func benchDecoders(b *testing.B, fixtures []string, events, lambda func([]byte) (string, error)) {
	for _, name := range fixtures {
		vs, err := LoadVariants("..", name)
		if err != nil {
			b.Fatal(err)
		}
		benchPair(b, "fixture="+name, events, lambda, func(b *testing.B, decode func([]byte) (string, error)) {
			b.SetBytes(int64(len(vs[0])))
			b.ReportAllocs()
			Loop(b, vs, decode)
		})
	}
}

// benchPair runs bench with the events decoder and then with the lambda
// one, as the sub-benchmarks name/decoder=events and name/decoder=lambda
// that benchstat -col /decoder pairs.
func benchPair[R any](b *testing.B, name string, events, lambda func([]byte) (R, error), bench func(b *testing.B, decode func([]byte) (R, error))) {
	for _, dec := range []struct {
		name string
		fn   func([]byte) (R, error)
	}{{"events", events}, {"lambda", lambda}} {
		b.Run(name+"/decoder="+dec.name, func(b *testing.B) { bench(b, dec.fn) })
	}
}

// checkDecodersAgree decodes the first 50 variants of each fixture with both
// decoders and reports those they fail on or where same says their
// non-empty results differ.
func checkDecodersAgree(t *testing.T, fixtures []string, events, lambda func([]byte) (string, error), same func(a, l string) bool) {
	t.Helper()
	for _, name := range fixtures {
		vs, err := LoadVariants("..", name)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vs[:50] {
			a, err := events(v)
			if err != nil {
				t.Fatalf("%s variant %d: events: %v", name, i, err)
			}
			l, err := lambda(v)
			if err != nil {
				t.Fatalf("%s variant %d: lambda: %v", name, i, err)
			}
			if a == "" || !same(a, l) {
				t.Errorf("%s variant %d: events %q, lambda %q", name, i, a, l)
			}
		}
	}
}

// BenchmarkBatch decodes full 6 MiB Lambda SQS batches with both decoders
// in one run (benchstat -col /decoder). One op is one batch; events/s and
// B/record count the records of the batch.
func BenchmarkBatch(b *testing.B) {
	for _, k := range BatchKinds {
		batch, err := BuildBatch("..", k)
		if err != nil {
			b.Fatal(err)
		}
		lambda := func(data []byte) (int, error) { return LambdaBatch(data, k.SNS) }
		benchPair(b, "batch="+k.Name, EventsBatch, lambda, func(b *testing.B, decode func([]byte) (int, error)) {
			b.SetBytes(int64(len(batch.Data)))
			b.ReportAllocs()
			data := [][]byte{batch.Data}
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			Loop(b, data, decode)
			runtime.ReadMemStats(&ms1)
			recs := float64(batch.Records) * float64(b.N)
			b.ReportMetric(recs/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/recs, "B/record")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/recs, "allocs/record")
		})
	}
}

// TestBatchDecodersAgree checks that each full batch fits the limit and that
// both decoders accept every record and find a key in each, so the
// benchmark compares equal work.
func TestBatchDecodersAgree(t *testing.T) {
	for _, k := range BatchKinds {
		batch, err := BuildBatch("..", k)
		if err != nil {
			t.Fatal(err)
		}
		if len(batch.Data) > BatchLimit || len(batch.Data) < BatchLimit*99/100 {
			t.Errorf("%s: batch of %d bytes, want at most %d and not much less", k.Name, len(batch.Data), BatchLimit)
		}
		ev, err := EventsBatch(batch.Data)
		if err != nil {
			t.Fatalf("%s: events: %v", k.Name, err)
		}
		lb, err := LambdaBatch(batch.Data, k.SNS)
		if err != nil {
			t.Fatalf("%s: lambda: %v", k.Name, err)
		}
		if ev != batch.Records || lb != batch.Records {
			t.Errorf("%s: %d records, events found %d keys, lambda %d", k.Name, batch.Records, ev, lb)
		}
	}
}

// BenchmarkAlarmSNS runs both decoders on each SNS alarm delivery in one
// run, so that their results pair up (benchstat -col /decoder).
func BenchmarkAlarmSNS(b *testing.B) {
	benchDecoders(b, AlarmSNSFixtures, EventsAlarmSNS, LambdaAlarmSNS)
}

// TestAlarmSNSDecodersAgree checks that both decoders accept every variant
// and find the same alarm and key, so the benchmark compares equal work.
func TestAlarmSNSDecodersAgree(t *testing.T) {
	checkDecodersAgree(t, AlarmSNSFixtures, EventsAlarmSNS, LambdaAlarmSNS, func(a, l string) bool {
		return a == l
	})
}

// A decoder that fails is reported, by Check before timing and by Paired
// while timing, rather than timed as a zero and shown as a ratio of zeros.
func TestPairedReportsFailure(t *testing.T) {
	// testing.Benchmark times for -test.benchtime: a few iterations will do.
	old := flag.Lookup("test.benchtime").Value.String()
	if err := flag.Set("test.benchtime", "10x"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { flag.Set("test.benchtime", old) })
	bad := func([]byte) (int, error) { return 0, errors.New("cannot decode") }
	good := func([]byte) (int, error) { return 1, nil }
	vs := [][]byte{[]byte("{}")}
	if err := Check(vs, bad); err == nil || err.Error() != "cannot decode" {
		t.Fatalf("Check(bad) = %v, want the decoder's error", err)
	}
	if err := Check(vs, good); err != nil {
		t.Fatalf("Check(good) = %v", err)
	}
	timed := func(fn func([]byte) (int, error)) func(*testing.B) {
		return func(b *testing.B) { Loop(b, vs, fn) }
	}
	if _, _, ratios, _, _, err := Paired(1, timed(good), timed(bad)); !errors.Is(err, errFailed) || ratios != nil {
		t.Fatalf("Paired with a failing side = %v, %v; want errFailed and no ratios", ratios, err)
	}
	evNs, _, ratios, _, _, err := Paired(2, timed(good), timed(good))
	if err != nil || len(ratios) != 2 || len(evNs) != 2 || ratios[0] <= 0 {
		t.Fatalf("Paired(good, good) = %v, %v, %v", evNs, ratios, err)
	}
}
