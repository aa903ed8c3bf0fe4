package rules

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzMatch checks that any pattern and event either match, do not match, or
// fail with one of the package's typed errors, without panicking; the size
// and depth limits keep each call bounded.
func FuzzMatch(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "events", "testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	patterns := []string{
		`{"source":["aws.kms"]}`,
		`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"],"detail":{"rotation-type":["ON_DEMAND"],"key-origin":["EXTERNAL"]}}`,
		`{"source":["aws.kms"],"detail":{"eventSource":["kms.amazonaws.com"],"$or":[{"eventName":["ScheduleKeyDeletion"]},{"errorMessage":[{"suffix":"is pending deletion."}]}]}}`,
		`{"resources":[{"wildcard":"arn:aws:kms:*:111122223333:key/*"}]}`,
		`{"detail":{"readOnly":[true],"sourceIPAddress":[{"cidr":"192.0.2.0/24"}],"x":[{"numeric":[">",0,"<=",5]}]}}`,
		`{"detail":{"a":[{"anything-but":{"equals-ignore-case":["X"]}},{"exists":false},{"prefix":{"equals-ignore-case":"k"}}]}}`,
		`{"detail":{"a":[{"equals-ignore-case":"Straße İ Σ 😀"}],"b":[{"suffix":{"equals-ignore-case":"ǅΐ"}}]}}`,
		`{"source":["a"],"detail":{"x":[1]},"$or":[{"detail":{"x":[2]}},{"source":["b"]}],"source":["aws.kms"],"detail":{"y":[3]}}`,
	}
	for _, name := range files {
		event, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range patterns {
			f.Add([]byte(p), event)
		}
	}
	f.Fuzz(func(t *testing.T, pattern, event []byte) {
		if _, err := Lint(pattern); err != nil && !errors.Is(err, ErrInvalidPattern) && !errors.Is(err, ErrUnsupported) {
			t.Fatalf("Lint: untyped error %v", err)
		}
		_, err := Match(pattern, event)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrInvalidPattern) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrInvalidEvent) {
			t.Fatalf("untyped error: %v", err)
		}
	})
}

// FuzzWildcard checks the backtracking-free wildcard matcher against a plain
// recursive reference on short inputs.
func FuzzWildcard(f *testing.F) {
	for _, s := range [][2]string{{"dir/*.png", "dir/file.png"}, {"*a*b*", "xaybz"}, {`a\*b`, "a*b"}, {"ab*ab", "abab"}, {"*", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 16 || len(s) > 32 {
			return
		}
		w, _ := compileWildcard(pattern)
		if w == nil {
			return
		}
		if got, want := w.match(s), globRef(globTokens(pattern), s); got != want {
			t.Fatalf("wildcard %q on %q = %v, want %v", pattern, s, got, want)
		}
	})
}

// globTokens parses a valid wildcard into literal bytes and stars (-1).
func globTokens(p string) []int {
	var out []int
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '*':
			out = append(out, -1)
		case '\\':
			i++
			out = append(out, int(p[i]))
		default:
			out = append(out, int(p[i]))
		}
	}
	return out
}

func globRef(p []int, s string) bool {
	if len(p) == 0 {
		return s == ""
	}
	if p[0] == -1 {
		for i := 0; i <= len(s); i++ {
			if globRef(p[1:], s[i:]) {
				return true
			}
		}
		return false
	}
	return s != "" && int(s[0]) == p[0] && globRef(p[1:], s[1:])
}
