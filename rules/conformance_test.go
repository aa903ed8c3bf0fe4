package rules

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// conformanceFile is one engine's cases, derived from its own test suite
// (testdata/conformance/README.md says how).
type conformanceFile struct {
	Origin string            `json:"origin"`
	Cases  []conformanceCase `json:"cases"`
}

type conformanceCase struct {
	// Source names the upstream test the pattern and event come from.
	Source  string `json:"source"`
	Pattern string `json:"pattern"`
	Event   string `json:"event,omitempty"`
	// Strict runs the case under RejectRepeatedKeys, as the upstream test
	// runs it with overriding off.
	Strict bool `json:"strict,omitempty"`
	// Match is the upstream engine's verdict for Event; Valid, for a case
	// without an event, whether it accepts Pattern.
	Match *bool `json:"match,omitempty"`
	Valid *bool `json:"valid,omitempty"`
	// Deviation says why this matcher gives the other verdict; the test
	// checks that it still does, so a fixed deviation is noticed.
	Deviation string `json:"deviation,omitempty"`
}

// verdict runs one case and reports this matcher's verdict in the case's
// terms: for a Valid case whether the pattern compiles, for a Match case
// whether it matches (a pattern that does not compile never matches).
func (c conformanceCase) verdict(t *testing.T) bool {
	var opts []CompileOption
	if c.Strict {
		opts = append(opts, RejectRepeatedKeys())
	}
	p, err := Compile(c.Pattern, opts...)
	if err != nil && !errors.Is(err, ErrInvalidPattern) && !errors.Is(err, ErrUnsupported) {
		t.Fatalf("Compile error %v is neither ErrInvalidPattern nor ErrUnsupported", err)
	}
	if c.Valid != nil {
		return err == nil
	}
	if err != nil {
		return false
	}
	ok, err := p.Match([]byte(c.Event))
	if err != nil {
		t.Fatalf("Match: %v", err)
	}
	return ok
}

// TestConformance runs the pattern and event cases of aws/event-ruler's and
// timbray/quamina's test suites and checks that the matcher gives their
// verdict, except for the listed deviations, each with its reason.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "conformance", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance data: %v", err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var f conformanceFile
		if err := json.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		agree, deviate := 0, 0
		t.Run(filepath.Base(name), func(t *testing.T) {
			for i, c := range f.Cases {
				want := c.Valid
				if want == nil {
					want = c.Match
				}
				if want == nil {
					t.Fatalf("case %d (%s) has neither match nor valid", i, c.Source)
				}
				got := c.verdict(t)
				if c.Deviation != "" {
					deviate++
					if got == *want {
						t.Errorf("case %d (%s) agrees with %s now; drop its deviation %q\npattern %s\nevent   %s", i, c.Source, f.Origin, c.Deviation, c.Pattern, c.Event)
					}
					continue
				}
				if got == *want {
					agree++
				}
				if diff := cmp.Diff(*want, got); diff != "" {
					t.Errorf("case %d (%s) mismatch (-want +got):\n%s\npattern %s\nevent   %s", i, c.Source, diff, c.Pattern, c.Event)
				}
			}
		})
		t.Logf("%s (%s): %d cases, %d agree, %d listed deviations", filepath.Base(name), f.Origin, len(f.Cases), agree, deviate)
	}
}
