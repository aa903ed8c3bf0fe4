// Package golden compares test output with golden files under a package's
// testdata directory and rewrites them when tests run with -update.
//
// It registers the -update flag once for every test binary that imports it,
// so each package's tests share one spelling and one behaviour. It is for
// tests only: no non-test code may import it.
package golden

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files with the output of the tests")

// Update reports whether the tests run with -update, for tests that keep
// generated files in sync by other means than [Check]. It is safe for
// concurrent use once flags are parsed.
func Update() bool { return *update }

// Check compares got with the golden file at path and reports a difference
// as a test error. With -update it first writes got to path, creating the
// directory if needed, so the comparison then checks the write. It is safe
// for concurrent use by parallel tests with distinct paths.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update in this package to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got), run go test -update in this package if the change is intended:\n%s", path, diff)
	}
}

// JSON renders v as JSON indented by two spaces and ending in a newline.
// Characters such as "<" and "&" are kept as they are, so patterns and
// expressions stay readable. A value that cannot be rendered fails the test.
// It is safe for concurrent use.
func JSON(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatalf("rendering %T as JSON: %v", v, err)
	}
	return b.Bytes()
}

// CheckJSON renders v with [JSON] and compares it with the golden file at
// path, as [Check] does.
func CheckJSON(t testing.TB, path string, v any) {
	t.Helper()
	Check(t, path, JSON(t, v))
}
