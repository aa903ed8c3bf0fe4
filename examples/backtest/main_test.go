package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/gztest"
)

// testRules are the rules of the tests, in rules.json order, each with the
// predicate over a generated record's facts that says, independently of
// the mapping and the matcher, whether the rule must match it.
var testRules = []struct {
	name, pattern string
	want          func(genRecord) bool
}{
	{"kms-decrypt", `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventName":["Decrypt"]}}`,
		func(r genRecord) bool { return r.kind == kindDecrypt || r.kind == kindPendingDeletion }},
	{"pending-deletion-use", `{"detail":{"errorMessage":[{"suffix":" is pending deletion."}]}}`,
		func(r genRecord) bool { return r.kind == kindPendingDeletion }},
	{"service-events", `{"source":["aws.kms"],"detail-type":["AWS Service Event via CloudTrail"]}`,
		func(r genRecord) bool { return r.kind == kindRotateKey }},
	{"console-sign-in", `{"source":["aws.signin"],"detail-type":["AWS Console Sign In via CloudTrail"]}`,
		func(r genRecord) bool { return r.kind == kindConsoleLogin }},
	{"second-account-in-ireland", `{"account":["444455556666"],"region":["eu-west-1"]}`,
		func(r genRecord) bool { return r.account == "444455556666" && r.region == "eu-west-1" }},
	{"key-lifecycle-as-string", `"{\"detail\":{\"eventName\":[\"ScheduleKeyDeletion\",\"RotateKey\"]}}"`,
		func(r genRecord) bool { return r.kind == kindScheduleKeyDeletion || r.kind == kindRotateKey }},
	{"never", `{"source":["aws.s3"]}`,
		func(genRecord) bool { return false }},
}

// writeRules writes rules.json with testRules.
func writeRules(t testing.TB, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("{\n")
	for i, r := range testRules {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "  %q: %s", r.name, r.pattern)
	}
	b.WriteString("\n}\n")
	path := filepath.Join(dir, "rules.json")
	writeFile(t, path, []byte(b.String()))
	return path
}

// expected computes, from the generated facts alone, each rule's count and
// first event ids in archive order.
func expected(files []genFile) (counts []int, firsts [][]string) {
	counts = make([]int, len(testRules))
	firsts = make([][]string, len(testRules))
	for _, f := range files {
		for _, r := range f.records {
			for i, rule := range testRules {
				if rule.want(r) {
					counts[i]++
					if len(firsts[i]) < samplesPerRule {
						firsts[i] = append(firsts[i], r.id)
					}
				}
			}
		}
	}
	return counts, firsts
}

func wantTSV(counts []int) string {
	var b strings.Builder
	for i, r := range testRules {
		fmt.Fprintf(&b, "%s\t%d\n", r.name, counts[i])
	}
	return b.String()
}

func TestBacktestCleanArchive(t *testing.T) {
	dir := t.TempDir()
	files := writeArchive(t, filepath.Join(dir, "archive"), 8, 120, true)
	rules := writeRules(t, dir)
	counts, firsts := expected(files)
	for i, c := range counts {
		if c == 0 && testRules[i].name != "never" {
			t.Fatalf("the generated archive gives rule %s no match; the test would prove little", testRules[i].name)
		}
	}

	t.Run("tsv", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-tsv", "-rules", rules, filepath.Join(dir, "archive")}, &stdout, &stderr, false); code != 0 {
			t.Fatalf("exit status %d, stderr:\n%s", code, &stderr)
		}
		if diff := cmp.Diff(wantTSV(counts), stdout.String()); diff != "" {
			t.Errorf("stdout mismatch (-want +got):\n%s", diff)
		}
		if stderr.Len() != 0 {
			t.Errorf("stderr is not a terminal, yet got %q", &stderr)
		}
	})

	t.Run("table", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-rules", rules, filepath.Join(dir, "archive")}, &stdout, &stderr, false); code != 0 {
			t.Fatalf("exit status %d, stderr:\n%s", code, &stderr)
		}
		lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
		if len(lines) != len(testRules)+3 {
			t.Fatalf("got %d lines, want a header, one per rule, a blank line and a summary:\n%s", len(lines), &stdout)
		}
		for i, r := range testRules {
			got := strings.Fields(lines[i+1])
			want := append([]string{r.name, fmt.Sprint(counts[i])}, firsts[i]...)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rule %s mismatch (-want +got):\n%s", r.name, diff)
			}
		}
		wantSummary := fmt.Sprintf("8 files, %d records (", 8*120)
		if last := lines[len(lines)-1]; !strings.HasPrefix(last, wantSummary) || !strings.HasSuffix(last, "; 0 records skipped, 0 files unreadable or malformed") {
			t.Errorf("summary = %q, want it to start %q and report nothing skipped", last, wantSummary)
		}
	})

	t.Run("progress on a terminal", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-tsv", "-rules", rules, filepath.Join(dir, "archive")}, &stdout, &stderr, true); code != 0 {
			t.Fatalf("exit status %d, stderr:\n%s", code, &stderr)
		}
		want := regexp.MustCompile(`\r\x1b\[K8 files, 960 records, [0-9.]+ MB/s\n$`)
		if !want.Match(stderr.Bytes()) {
			t.Errorf("stderr = %q, want the final progress line matching %s", &stderr, want)
		}
		if diff := cmp.Diff(wantTSV(counts), stdout.String()); diff != "" {
			t.Errorf("stdout mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("files and directories mixed", func(t *testing.T) {
		// A file named on the command line and a directory that holds it:
		// the file is read twice, as asked.
		var stdout, stderr bytes.Buffer
		args := []string{"-tsv", "-rules", rules, files[0].path, filepath.Join(dir, "archive")}
		if code := run(args, &stdout, &stderr, false); code != 0 {
			t.Fatalf("exit status %d, stderr:\n%s", code, &stderr)
		}
		twice := append([]genFile{files[0]}, files...)
		c, _ := expected(twice)
		if diff := cmp.Diff(wantTSV(c), stdout.String()); diff != "" {
			t.Errorf("stdout mismatch (-want +got):\n%s", diff)
		}
	})
}

// TestBacktestBadFiles checks that unreadable and malformed files and bad
// records are reported with their paths and counted, and that every good
// record is still counted.
func TestBacktestBadFiles(t *testing.T) {
	dir := t.TempDir()
	archive := filepath.Join(dir, "archive")
	files := writeArchive(t, archive, 5, 40, true)
	rules := writeRules(t, dir)

	bad := filepath.Join(archive, "bad")
	good := newRecord(t, 1000) // a Decrypt, counted by kms-decrypt
	truncated := gztest.Compress(t, logFile(files[0].records))
	writeFile(t, filepath.Join(bad, "a-truncated.json.gz"), truncated[:len(truncated)/2])
	writeFile(t, filepath.Join(bad, "b-syntax.json"), []byte(`{"Records":[`+string(good.json)+`,{"eventType":}]}`))
	writeFile(t, filepath.Join(bad, "c-not-a-log.json"), []byte(`{"awsAccountId":"111122223333"}`))
	writeFile(t, filepath.Join(bad, "d-bad-records.json"),
		[]byte(`{"Records":[42,`+string(good.json)+`,{"eventType":"AwsCloudTrailInsight","eventID":"x"},{"eventType":"AwsApiCall"}]}`))
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(bad, "e-dangling.json.gz")); err != nil {
		t.Fatal(err)
	}
	// Not log files: skipped in a directory walk without a word.
	writeFile(t, filepath.Join(bad, "111122223333_CloudTrail-Digest_us-west-2_trail_us-west-2_20250523T031154Z.json.gz"), []byte("not even gzip"))
	writeFile(t, filepath.Join(bad, "README.txt"), []byte("hello"))

	var stdout, stderr bytes.Buffer
	missing := filepath.Join(dir, "missing")
	code := run([]string{"-tsv", "-rules", rules, archive, missing}, &stdout, &stderr, false)
	if code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}

	// Good records: the archive, the records complete in what the truncated
	// file decompresses to, the syntax file's first record (read before the
	// error) and the bad-records file's one good record.
	partial := completeRecords(t, truncated[:len(truncated)/2], files[0].records)
	if len(partial) == 0 || len(partial) == len(files[0].records) {
		t.Fatalf("the truncated file holds %d complete records; the test wants some but not all", len(partial))
	}
	counts, _ := expected(append(files, genFile{records: slices.Concat(partial, []genRecord{good, good})}))
	if diff := cmp.Diff(wantTSV(counts), stdout.String()); diff != "" {
		t.Errorf("stdout mismatch (-want +got):\n%s", diff)
	}

	wantErrors := []string{
		filepath.Join(bad, "a-truncated.json.gz") + ": cloudtrail: reading after byte ",
		"unexpected EOF",
		filepath.Join(bad, "b-syntax.json") + ": events: invalid JSON at byte ",
		filepath.Join(bad, "c-not-a-log.json") + ": cloudtrail: not a log file at byte 31: no Records member",
		filepath.Join(bad, "d-bad-records.json") + ": record 0: cloudtrail: record is not a JSON object",
		filepath.Join(bad, "d-bad-records.json") + `: record 2: cloudtrail: eventType "AwsCloudTrailInsight" has no EventBridge detail-type`,
		filepath.Join(bad, "d-bad-records.json") + ": record 3: events: invalid event: eventSource is required; eventTime is required; awsRegion is required; recipientAccountId is required; eventID is required",
		filepath.Join(bad, "e-dangling.json.gz") + ": open ",
		missing + ": stat ",
	}
	for _, w := range wantErrors {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, &stderr)
		}
	}
	if n := strings.Count(stderr.String(), "\n"); n != 8 {
		t.Errorf("stderr has %d lines, want 8 (five bad files, three bad records):\n%s", n, &stderr)
	}

	stdout.Reset()
	stderr.Reset()
	run([]string{"-rules", rules, archive, missing}, &stdout, &stderr, false)
	if !strings.HasSuffix(stdout.String(), "; 3 records skipped, 5 files unreadable or malformed\n") {
		t.Errorf("summary does not count the 3 bad records and 5 bad files:\n%s", &stdout)
	}
}

func TestBacktestUsage(t *testing.T) {
	dir := t.TempDir()
	rules := writeRules(t, dir)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, []byte(content))
		return p
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no rules flag", []string{dir}, "usage: backtest"},
		{"no paths", []string{"-rules", rules}, "usage: backtest"},
		{"unknown flag", []string{"-x", "-rules", rules, dir}, "flag provided but not defined"},
		{"rules file missing", []string{"-rules", filepath.Join(dir, "none.json"), dir}, "none.json: no such file"},
		{"rules not an object", []string{"-rules", write("list.json", `[]`), dir}, "want a JSON object"},
		{"rule given twice", []string{"-rules", write("twice.json", `{"a":{"source":["x"]},"a":{"source":["y"]}}`), dir}, `rule "a" is given twice`},
		{"invalid pattern", []string{"-rules", write("bad.json", `{"a":{"source":"aws.kms"}}`), dir}, `rule "a": invalid event pattern: source`},
		{"trailing data", []string{"-rules", write("trail.json", `{} {}`), dir}, "data after the rules object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr, false); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", &stderr, tt.wantErr)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout = %q, want nothing", &stdout)
			}
		})
	}
}

// completeRecords returns the records of a log file written by logFile that
// are complete in what compress/gzip decompresses of a truncated copy.
func completeRecords(t *testing.T, truncated []byte, records []genRecord) []genRecord {
	zr, err := gzip.NewReader(bytes.NewReader(truncated))
	if err != nil {
		t.Fatal(err)
	}
	prefix, _ := io.ReadAll(zr) // ends in io.ErrUnexpectedEOF
	end := len(`{"Records":[`)
	for i, r := range records {
		end += len(r.json)
		if i > 0 {
			end++ // the comma before it
		}
		if end > len(prefix) {
			return records[:i]
		}
	}
	return records
}
