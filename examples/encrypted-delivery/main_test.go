package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/kmswatch/kmswatch/internal/golden"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	golden.Check(t, filepath.Join("testdata", "offline.golden"), out.Bytes())
}
