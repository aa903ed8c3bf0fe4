package golden

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// recorder is a testing.TB that keeps what Check reports instead of failing
// the test running it.
type recorder struct {
	testing.TB
	errors, fatals []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
	runtime.Goexit()
}

// record runs f with a recorder on its own goroutine, so that Fatalf can
// stop it as it stops a test.
func record(t *testing.T, f func(testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

func check(t *testing.T, path string, got []byte) *recorder {
	return record(t, func(tb testing.TB) { Check(tb, path, got) })
}

func setUpdate(t *testing.T, on bool) {
	old := Update()
	if err := flag.Set("update", fmt.Sprint(on)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = flag.Set("update", fmt.Sprint(old)) })
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "same.golden")
	if err := os.WriteFile(same, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		path       string
		got        string
		wantErrors []string // substrings, one per reported error
		wantFatals []string
	}{
		"equal":   {path: same, got: "a\nb\n"},
		"differs": {path: same, got: "a\nc\n", wantErrors: []string{"same.golden mismatch (-want +got), run go test -update"}},
		"missing": {path: filepath.Join(dir, "none.golden"), got: "a", wantFatals: []string{"run go test -update in this package to create it"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			setUpdate(t, false)
			r := check(t, tc.path, []byte(tc.got))
			if diff := cmp.Diff(len(tc.wantErrors), len(r.errors)); diff != "" {
				t.Errorf("error count mismatch (-want +got):\n%s\nerrors: %q", diff, r.errors)
			}
			if diff := cmp.Diff(len(tc.wantFatals), len(r.fatals)); diff != "" {
				t.Errorf("fatal count mismatch (-want +got):\n%s\nfatals: %q", diff, r.fatals)
			}
			for i := range min(len(tc.wantErrors), len(r.errors)) {
				if !strings.Contains(r.errors[i], tc.wantErrors[i]) {
					t.Errorf("error %q does not contain %q", r.errors[i], tc.wantErrors[i])
				}
			}
			for i := range min(len(tc.wantFatals), len(r.fatals)) {
				if !strings.Contains(r.fatals[i], tc.wantFatals[i]) {
					t.Errorf("fatal %q does not contain %q", r.fatals[i], tc.wantFatals[i])
				}
			}
		})
	}
}

func TestCheckDiffNamesLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.golden")
	if err := os.WriteFile(path, []byte("kept\nold\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setUpdate(t, false)
	r := check(t, path, []byte("kept\nnew\n"))
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], "-") || !strings.Contains(r.errors[0], "old") || !strings.Contains(r.errors[0], "new") {
		t.Errorf("errors = %q, want one diff naming the old and the new line", r.errors)
	}
}

func TestCheckUpdate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "dir", "x.golden")
	setUpdate(t, true)
	if r := check(t, path, []byte("fresh\n")); len(r.errors)+len(r.fatals) != 0 {
		t.Fatalf("Check with -update reported %q %q", r.errors, r.fatals)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("fresh\n", string(b)); diff != "" {
		t.Errorf("written file mismatch (-want +got):\n%s", diff)
	}
	setUpdate(t, false)
	if r := check(t, path, []byte("stale\n")); len(r.errors) != 1 {
		t.Errorf("Check after -update is off: errors %q, want one mismatch", r.errors)
	}
}

func TestJSON(t *testing.T) {
	tests := map[string]struct {
		v    any
		want string
	}{
		"html kept": {v: map[string]string{"p": "a && b <= c"}, want: "{\n  \"p\": \"a && b <= c\"\n}\n"},
		"nested":    {v: struct{ A []int }{[]int{1, 2}}, want: "{\n  \"A\": [\n    1,\n    2\n  ]\n}\n"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, string(JSON(t, tc.v))); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONFailsOnUnrenderable(t *testing.T) {
	r := record(t, func(tb testing.TB) { JSON(tb, make(chan int)) })
	if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], "rendering chan int as JSON") {
		t.Errorf("fatals = %q, want one naming the type", r.fatals)
	}
}

func TestCheckJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.json")
	if err := os.WriteFile(path, []byte("{\n  \"k\": 1\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	setUpdate(t, false)
	for name, tc := range map[string]struct {
		v          any
		wantErrors int
	}{
		"equal":   {v: map[string]int{"k": 1}},
		"differs": {v: map[string]int{"k": 2}, wantErrors: 1},
	} {
		t.Run(name, func(t *testing.T) {
			r := record(t, func(tb testing.TB) { CheckJSON(tb, path, tc.v) })
			if len(r.errors) != tc.wantErrors || len(r.fatals) != 0 {
				t.Errorf("errors %q, fatals %q; want %d errors", r.errors, r.fatals, tc.wantErrors)
			}
		})
	}
}

// TestOnlyTestsImport keeps the package out of every build but tests: its
// flag would otherwise appear in programs and libraries. Test-support
// packages may import it (internal/exampletest does) when only tests reach
// them: every package that imports it outside tests, directly or through
// others, must be internal to the module and not a program.
func TestOnlyTestsImport(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	out, err := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}} {{.Name}} {{join .Imports " "}}`, "github.com/kmswatch/kmswatch/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const self = "github.com/kmswatch/kmswatch/internal/golden"
	if !strings.Contains(string(out), "github.com/kmswatch/kmswatch/events ") {
		t.Fatalf("go list did not list package events:\n%s", out)
	}
	importers := map[string][]string{} // import path -> the packages importing it outside tests
	program := map[string]bool{}
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		program[fields[0]] = fields[1] == "main"
		for _, imp := range fields[2:] {
			importers[imp] = append(importers[imp], fields[0])
		}
	}
	var exposed []string
	seen := map[string]bool{self: true}
	for queue := []string{self}; len(queue) > 0; queue = queue[1:] {
		for _, p := range importers[queue[0]] {
			if seen[p] {
				continue
			}
			seen[p] = true
			queue = append(queue, p)
			if program[p] || !strings.Contains(p, "/internal/") {
				exposed = append(exposed, p)
			}
		}
	}
	slices.Sort(exposed)
	if diff := cmp.Diff([]string(nil), exposed); diff != "" {
		t.Errorf("programs or libraries outside tests reach %s (-want +got):\n%s", self, diff)
	}
}
