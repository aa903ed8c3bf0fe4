package benchcmp

import (
	"strings"
	"testing"
)

// BenchmarkDecode runs both decoders on each fixture in one run, so that
// their results pair up (benchstat -col /decoder).
func BenchmarkDecode(b *testing.B) {
	for _, name := range Fixtures {
		vs, err := LoadVariants("..", name)
		if err != nil {
			b.Fatal(err)
		}
		for _, dec := range []struct {
			name string
			fn   func([]byte) (string, error)
		}{{"events", Events}, {"lambda", Lambda}} {
			b.Run("fixture="+name+"/decoder="+dec.name, func(b *testing.B) {
				b.SetBytes(int64(len(vs[0])))
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := dec.fn(vs[i%len(vs)]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestDecodersAgree checks that both decoders accept every variant and find
// the same key, so the benchmark compares equal work.
func TestDecodersAgree(t *testing.T) {
	for _, name := range Fixtures {
		vs, err := LoadVariants("..", name)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vs[:50] {
			a, err := Events(v)
			if err != nil {
				t.Fatalf("%s variant %d: events: %v", name, i, err)
			}
			l, err := Lambda(v)
			if err != nil {
				t.Fatalf("%s variant %d: lambda: %v", name, i, err)
			}
			if a == "" || !strings.Contains(l, a) {
				t.Errorf("%s variant %d: events key %q, lambda key %q", name, i, a, l)
			}
		}
	}
}
