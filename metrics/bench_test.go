package metrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// answers fakes what GetMetricData returns for b: one datapoint per query.
func answers(b *Batch) []*cloudwatch.GetMetricDataOutput {
	outs := make([]*cloudwatch.GetMetricDataOutput, len(b.Inputs()))
	for k, in := range b.Inputs() {
		out := &cloudwatch.GetMetricDataOutput{MetricDataResults: make([]types.MetricDataResult, len(in.MetricDataQueries))}
		for j, q := range in.MetricDataQueries {
			out.MetricDataResults[j] = types.MetricDataResult{
				Id: q.Id, Label: q.Id, StatusCode: types.StatusCodeComplete,
				Timestamps: []time.Time{testNow.Truncate(time.Minute)}, Values: []float64{float64(86400 * (j + 1))},
			}
		}
		outs[k] = out
	}
	return outs
}

var benchSizes = []int{1000, 10000}

// benchRounds runs body as a sub-benchmark for each of benchSizes, with the
// expiry batch for that many keys and the answers to its inputs.
func benchRounds(b *testing.B, body func(b *testing.B, ids []string, batch *Batch, outs []*cloudwatch.GetMetricDataOutput)) {
	for _, n := range benchSizes {
		ids := keyIDs(n)
		batch, err := ExpiryBatch(ids, testRange, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		outs := answers(batch)
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			body(b, ids, batch, outs)
		})
	}
}

// BenchmarkExpiryBatch measures building the GetMetricData inputs for n keys.
func BenchmarkExpiryBatch(b *testing.B) {
	benchRounds(b, func(b *testing.B, ids []string, round *Batch, _ []*cloudwatch.GetMetricDataOutput) {
		for b.Loop() {
			if _, err := ExpiryBatch(ids, testRange, time.Minute); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(round.Inputs())), "calls")
	})
}

// BenchmarkReadExpiries measures turning the answers for n keys into one
// Expiry per key.
func BenchmarkReadExpiries(b *testing.B) {
	benchRounds(b, func(b *testing.B, ids []string, batch *Batch, outs []*cloudwatch.GetMetricDataOutput) {
		n := len(ids)
		for b.Loop() {
			r, err := batch.Read(outs...)
			if err != nil {
				b.Fatal(err)
			}
			if es := r.Expiries(); len(es) != n || !es[n-1].HasData {
				b.Fatalf("got %d expiries", len(es))
			}
		}
	})
}

// BenchmarkBuildAndRead is the whole round for n keys: build the inputs,
// read the answers, sort soonest first.
func BenchmarkBuildAndRead(b *testing.B) {
	benchRounds(b, func(b *testing.B, ids []string, round *Batch, outs []*cloudwatch.GetMetricDataOutput) {
		for b.Loop() {
			batch, err := ExpiryBatch(ids, testRange, time.Minute)
			if err != nil {
				b.Fatal(err)
			}
			r, err := batch.Read(outs...)
			if err != nil {
				b.Fatal(err)
			}
			es := r.Expiries()
			SortSoonestFirst(es)
			if aws.ToString(outs[0].MetricDataResults[0].Id) != "q0" || es[0].KeyID != ids[0] {
				b.Fatalf("soonest is %s, want %s", es[0].KeyID, ids[0])
			}
		}
		b.ReportMetric(float64(len(round.Inputs())), "calls")
	})
}
