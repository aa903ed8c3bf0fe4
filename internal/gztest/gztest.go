// Package gztest gzips test input, such as the CloudTrail log files S3
// holds compressed. It is for tests only: no non-test code may import it.
package gztest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// Compress returns data gzipped, failing tb if the writer reports an error.
func Compress(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}
