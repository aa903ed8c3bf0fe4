package gztest

import (
	"bytes"
	"compress/gzip"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompressRoundTrips(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":    {},
		"log file": []byte(`{"Records":[{"eventSource":"kms.amazonaws.com"}]}`),
		"binary":   bytes.Repeat([]byte{0, 0xff, 0x1f, 0x8b}, 1000),
	} {
		t.Run(name, func(t *testing.T) {
			zr, err := gzip.NewReader(bytes.NewReader(Compress(t, data)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(data, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
