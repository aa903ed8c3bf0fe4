package events_test

import (
	"testing"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
)

// benchVariants is how many distinct copies of each payload a benchmark
// cycles through.
const benchVariants = 1000

// BenchmarkParse decodes each event fixture, cycling through 1,000 variants
// with fresh UUIDs and key-material IDs.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{
		"rotation-2025.json", "rotation-2016.json", "expiration-2025.json", "deletion-2025.json",
		"cloudtrail-schedule-key-deletion.json", "cloudtrail-decrypt-pending-deletion.json",
		"cloudtrail-rotatekey-service-event.json", "cloudtrail-delete-expired-key-material.json",
	} {
		vs := eventstest.Variants(fixture(b, name), benchVariants)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(vs[0])))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := events.Parse(vs[i%len(vs)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkUnwrap decodes the delivery wrappers, cycling through variants.
func BenchmarkUnwrap(b *testing.B) {
	for _, name := range []string{"rotation-2025.json", "sns-notification.json", "sns-to-sqs-record.json", "lambda-sqs-batch.json"} {
		vs := eventstest.Variants(fixture(b, name), benchVariants)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(vs[0])))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if batch, _ := events.Unwrap(vs[i%len(vs)]); batch == nil {
					b.Fatal("nil batch")
				}
			}
		})
	}
}

// BenchmarkMarshal encodes the documented rotation event.
func BenchmarkMarshal(b *testing.B) {
	ev, err := events.Parse(fixture(b, "rotation-2025.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := ev.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}
