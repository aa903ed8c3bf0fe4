package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// BenchmarkBacktest compares, on one generated archive of 100 gzip log
// files of 1,000 records each (100,000 records), the backtest's wall time
// with that of gzip -dc on the same files. The target is a ratio of
// at most 1.5:
//
//	go test -run '^$' -bench Backtest -count 6 ./examples/backtest | benchstat -
//
// "rules" runs the test rules through the matcher; "no-rules" reads, maps
// and counts every record with an empty rule set, which isolates the cost
// of reading from that of matching.
func BenchmarkBacktest(b *testing.B) {
	const files, perFile = 100, 1000
	dir := b.TempDir()
	archive := filepath.Join(dir, "archive")
	gen := writeArchive(b, archive, files, perFile, false)
	paths := make([]string, len(gen))
	var jsonBytes int64
	for i, f := range gen {
		paths[i] = f.path
		jsonBytes += int64(len(logFile(f.records)))
	}
	rules := writeRules(b, dir)
	noRules := filepath.Join(dir, "none.json")
	writeFile(b, noRules, []byte("{}"))

	report := func(b *testing.B) {
		b.SetBytes(jsonBytes)
		b.ReportMetric(float64(files*perFile)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	}
	b.Run("gzip-dc", func(b *testing.B) {
		gz, err := exec.LookPath("gzip")
		if err != nil {
			b.Skip("no gzip in PATH")
		}
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		defer null.Close()
		for b.Loop() {
			cmd := exec.Command(gz, append([]string{"-dc"}, paths...)...)
			cmd.Stdout = null // a file, so gzip writes to it with no pipe through this process
			if err := cmd.Run(); err != nil {
				b.Fatal(err)
			}
		}
		report(b)
	})
	for _, bc := range []struct{ name, rules string }{{"rules", rules}, {"no-rules", noRules}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if code := run([]string{"-tsv", "-rules", bc.rules, archive}, io.Discard, io.Discard, false); code != 0 {
					b.Fatalf("exit status %d", code)
				}
			}
			report(b)
		})
	}
}
