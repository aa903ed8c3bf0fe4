package cloudtrail_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/kmswatch/kmswatch/events/cloudtrail"
	"github.com/kmswatch/kmswatch/internal/gztest"
)

// BenchmarkReader reads a log file of 3,000 KMS records, plain and gzip,
// next to decompression alone, the floor for a gzip file:
//
//	go test -run '^$' -bench Reader -count 6 ./events/cloudtrail | benchstat -
//
// "events" also maps every record with AppendEvent.
func BenchmarkReader(b *testing.B) {
	plain := logFile(sampleRecords(b, 3000)...)
	gz := gztest.Compress(b, plain)
	read := func(b *testing.B, data []byte, events bool) {
		b.SetBytes(int64(len(plain)))
		var ev []byte
		for b.Loop() {
			r := cloudtrail.NewReader(bytes.NewReader(data))
			for {
				_, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				if events {
					if ev, err = r.AppendEvent(ev[:0]); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
	}
	b.Run("gunzip-only", func(b *testing.B) {
		b.SetBytes(int64(len(plain)))
		for b.Loop() {
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := io.Copy(io.Discard, zr); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("gzip", func(b *testing.B) { read(b, gz, false) })
	b.Run("gzip-events", func(b *testing.B) { read(b, gz, true) })
	b.Run("plain", func(b *testing.B) { read(b, plain, false) })
	b.Run("plain-events", func(b *testing.B) { read(b, plain, true) })
}
