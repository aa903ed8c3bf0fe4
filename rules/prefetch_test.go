package rules

import (
	"bytes"
	"testing"
)

// TestPrefetchEvent holds prefetchEvent to asking only: any length, any
// alignment, the event unchanged, and the match after it the same.
func TestPrefetchEvent(t *testing.T) {
	buf := bytes.Repeat([]byte("0123456789abcdef"), 400)
	for _, n := range []int{0, 1, 2, 63, 64, 65, 127, 128, 129, 1023, 1024, 1025, 6400} {
		for _, off := range []int{0, 1, 31, 63} {
			if off+n > len(buf) {
				continue
			}
			e := buf[off : off+n : off+n]
			want := bytes.Clone(e)
			prefetchEvent(e)
			if !bytes.Equal(e, want) {
				t.Fatalf("prefetchEvent changed %d bytes at %d", n, off)
			}
		}
	}
	s := NewSet()
	if err := s.Add("a", JSON(`{"source":["aws.kms"]}`)); err != nil {
		t.Fatal(err)
	}
	got, err := s.AppendMatches(nil, []byte(`{"source":"aws.kms","detail":{"x":[`+string(bytes.Repeat([]byte("1,"), 1000))+`1]}}`))
	if err != nil || len(got) != 1 || got[0] != "a" {
		t.Fatalf("AppendMatches = %v, %v; want [a]", got, err)
	}
}
