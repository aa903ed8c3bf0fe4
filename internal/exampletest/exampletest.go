// Package exampletest runs the programs under examples/ in their tests: each
// program's run function (an [exampleenv.Run]) is called with arguments
// and a buffer, as main calls it with the command line and standard output.
// It is for those tests only.
package exampletest

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/kmswatch/kmswatch/internal/exampleenv"
	"github.com/kmswatch/kmswatch/internal/golden"
)

// Output runs run with args and returns what it wrote; an error fails the
// test, with the output so far.
func Output(t testing.TB, run exampleenv.Run, args []string) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), &out, args); err != nil {
		t.Fatalf("run(%q): %v\n%s", args, err, out.String())
	}
	return out.Bytes()
}

// Golden runs run with args and compares its output with the golden file
// testdata/name, which go test -update rewrites.
func Golden(t testing.TB, run exampleenv.Run, args []string, name string) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), Output(t, run, args))
}

// Fails runs run with args, which must fail, and returns what it wrote
// before failing and its error; success fails the test.
func Fails(t testing.TB, run exampleenv.Run, args []string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), &out, args)
	if err == nil {
		t.Fatalf("run(%q) succeeded, want an error:\n%s", args, out.String())
	}
	return out.String(), err
}
