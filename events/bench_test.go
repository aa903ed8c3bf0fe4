package events_test

import (
	"testing"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/fakeid"
)

// benchVariants is how many distinct copies of each payload a benchmark
// cycles through.
const benchVariants = 1000

// BenchmarkParse decodes each event fixture, cycling through 1,000 variants
// with fresh UUIDs and key-material IDs.
func BenchmarkParse(b *testing.B) {
	for _, name := range []string{
		"rotation-2025.json", "rotation-2016.json", "constructed-expiration-key-material-id.json", "constructed-deletion-key-origin.json",
		"constructed-cloudtrail-schedule-key-deletion.json", "constructed-cloudtrail-decrypt-pending-deletion.json",
		"constructed-cloudtrail-rotatekey-service-event.json", "constructed-cloudtrail-delete-expired-key-material.json",
	} {
		vs := fakeid.Variants(fixture(b, name), benchVariants)
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
	for _, name := range []string{"rotation-2025.json", "constructed-sns-notification.json", "constructed-sns-to-sqs-record.json", "constructed-lambda-sqs-batch.json"} {
		vs := fakeid.Variants(fixture(b, name), benchVariants)
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
