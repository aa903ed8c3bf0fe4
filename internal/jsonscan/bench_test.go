package jsonscan

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkSkip validates each event fixture whole: the floor of what any
// reader of the event that checks it is JSON costs.
func BenchmarkSkip(b *testing.B) {
	for _, name := range []string{"rotation-2025.json", "cloudtrail-schedule-key-deletion.json"} {
		doc, err := os.ReadFile(filepath.Join("..", "..", "events", "testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		s := string(doc)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				sc := New(s)
				sc.Skip()
				if sc.End(); sc.Err != nil {
					b.Fatal(sc.Err)
				}
			}
		})
	}
}
