package main

import (
	"testing"

	"github.com/kmswatch/kmswatch/internal/exampletest"
)

func TestRun(t *testing.T) { exampletest.Golden(t, run, nil, "offline.golden") }

func TestRunRejectsArguments(t *testing.T) { exampletest.Fails(t, run, []string{"-offline"}) }
