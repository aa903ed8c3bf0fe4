package rules

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSetAddErrors(t *testing.T) {
	tests := map[string]struct {
		pattern string
		want    error
	}{
		"not JSON":         {`{"source":`, ErrInvalidPattern},
		"empty object":     {`{}`, ErrInvalidPattern},
		"unknown operator": {`{"a":[{"contains":"x"}]}`, ErrUnsupported},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := NewSet()
			if err := s.Add("ok", JSON(`{"source":["aws.kms"]}`)); err != nil {
				t.Fatal(err)
			}
			err := s.Add("bad", JSON(tc.pattern))
			_, cerr := Compile([]byte(tc.pattern))
			if !errors.Is(err, tc.want) || err.Error() != cerr.Error() {
				t.Fatalf("Add error = %v, want the Compile error %v", err, cerr)
			}
			// A failed Add leaves the set as it was.
			got, err := s.Matches([]byte(`{"source":"aws.kms","a":"x"}`))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"ok"}, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetAddSources(t *testing.T) {
	const text = `{"source":["aws.kms"]}`
	built, err := KeyLifecycle("111122223333")
	if err != nil {
		t.Fatal(err)
	}
	compiled, err := Compile(text)
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct {
		pattern Source
		want    error // nil: added
	}{
		"JSON from a string":  {JSON(text), nil},
		"JSON from []byte":    {JSON([]byte(text)), nil},
		"EventPattern":        {built, nil},
		"compiled *Pattern":   {compiled, nil},
		"nil Source":          {nil, ErrInvalidPattern},
		"nil *Pattern":        {(*Pattern)(nil), ErrInvalidPattern},
		"invalid JSON string": {JSON(`{"source":`), ErrInvalidPattern},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s := NewSet()
			err := s.Add(name, tc.pattern)
			if !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Fatalf("Add error = %v, want %v", err, tc.want)
			}
			var want []string
			if tc.want == nil {
				want = []string{name}
			}
			got, err := s.Matches([]byte(`{"source":"aws.kms","account":"111122223333","detail-type":"KMS CMK Deletion"}`))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetNamesAndRemove(t *testing.T) {
	s := NewSet()
	add := func(name, pattern string) {
		t.Helper()
		if err := s.Add(name, JSON(pattern)); err != nil {
			t.Fatal(err)
		}
	}
	add("c", `{"a":["x"]}`)
	add("a", `{"b":[{"prefix":"y"}]}`)
	add("b", `{"a":[{"equals-ignore-case":"X"}]}`)
	add("c", `{"b":["y"]}`) // a second pattern: c matches on either
	event := []byte(`{"a":"x","b":"yes"}`)
	match := func() []string {
		t.Helper()
		got, err := s.Matches(event)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if diff := cmp.Diff([]string{"c", "a", "b"}, match()); diff != "" {
		t.Errorf("first-added order: mismatch (-want +got):\n%s", diff)
	}
	if !s.Remove("c") || s.Remove("c") || s.Remove("never") {
		t.Error("Remove reports true exactly once for an added name")
	}
	if diff := cmp.Diff([]string{"a", "b"}, match()); diff != "" {
		t.Errorf("after Remove: mismatch (-want +got):\n%s", diff)
	}
	add("c", `{"a":["x"]}`) // re-added names go last
	if diff := cmp.Diff([]string{"a", "b", "c"}, match()); diff != "" {
		t.Errorf("after re-adding: mismatch (-want +got):\n%s", diff)
	}
}

func TestSetAppendMatchesAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items at random under -race")
	}
	s := NewSet()
	for i := range 200 {
		if err := s.Add("k"+strconv.Itoa(i), JSON(`{"detail":{"key-id":["`+strconv.Itoa(i)+`"]},"source":["aws.kms"]}`)); err != nil {
			t.Fatal(err)
		}
	}
	event := []byte(`{"source":"aws.kms","detail":{"key-id":"7","other":[1,2,{"x":"\u00e9"}]}}`)
	dst := make([]string, 0, 4)
	allocs := testing.AllocsPerRun(100, func() {
		var err error
		if dst, err = s.AppendMatches(dst[:0], event); err != nil || len(dst) != 1 {
			t.Fatal(dst, err)
		}
	})
	if allocs != 0 {
		t.Errorf("AppendMatches allocates %.1f times per event, want 0", allocs)
	}
}

// TestSetConcurrentAdd matches from several goroutines while names are added
// and removed; run with -race. Every match sees a consistent set: the fixed
// rule always matches.
func TestSetConcurrentAdd(t *testing.T) {
	s := NewSet()
	if err := s.Add("fixed", JSON(`{"source":["aws.kms"]}`)); err != nil {
		t.Fatal(err)
	}
	event := []byte(`{"source":"aws.kms","detail":{"key-id":"3"}}`)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				got, err := s.Matches(event)
				if err != nil || len(got) == 0 || got[0] != "fixed" {
					t.Errorf("Matches = %q, %v", got, err)
					return
				}
			}
		}()
	}
	for i := range 100 {
		name := "k" + strconv.Itoa(i%10)
		if err := s.Add(name, JSON(`{"detail":{"key-id":["`+strconv.Itoa(i%10)+`"]}}`)); err != nil {
			t.Fatal(err)
		}
		if i%3 == 0 {
			s.Remove(name)
		}
	}
	wg.Wait()
}

// TestSetFieldNamesAlike matches fields whose names share their length and
// first and last bytes (a linear search compares those first), one-byte
// names, the empty name and long names, and event names longer than the
// comparison's length holds, against Pattern.Match.
func TestSetFieldNamesAlike(t *testing.T) {
	long := "a" + strings.Repeat("b", 8000) + "a"
	names := []string{"abc", "axc", "a", "b", "", "ab", "aa", long}
	s := NewSet()
	var patterns []*Pattern
	for i, n := range names {
		p := `{` + strconv.Quote(n) + `:["` + strconv.Itoa(i) + `"]}`
		c, err := Compile([]byte(p))
		if err != nil {
			t.Fatal(err)
		}
		patterns = append(patterns, c)
		if err := s.Add(strconv.Itoa(i), c); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range append(names, "abd", "bbc", "c", "ba", "a"+strings.Repeat("c", 8000)+"a", "a"+strings.Repeat("b", 70000)+"a") {
		for i := range names {
			event := []byte(`{"z":1,` + strconv.Quote(n) + `:"` + strconv.Itoa(i) + `"}`)
			got, err := s.Matches(event)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for j, p := range patterns {
				if ok, _ := p.Match(event); ok {
					want = append(want, strconv.Itoa(j))
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("field %.10q value %d: Set and Pattern.Match differ (-Match +Set):\n%s", n, i, diff)
			}
			if (n == names[i]) != (len(got) == 1) {
				t.Errorf("field %.10q value %d: Set matches %v", n, i, got)
			}
		}
	}
}

// TestSetManyAffixes indexes more prefixes and suffixes of one length than
// are compared packed (they go to a map from the seventeenth on), with and
// without equals-ignore-case, and checks the Set against Pattern.Match.
func TestSetManyAffixes(t *testing.T) {
	s := NewSet()
	var patterns []*Pattern
	var values []string
	for i := range 2*shortAffixes + 3 {
		a := string(rune('A'+i%26)) + string(rune('a'+i/26))
		values = append(values, a+"mid"+a, strings.ToLower(a)+"x", "x"+a, a)
		for j, op := range []string{`{"prefix":%q}`, `{"suffix":%q}`, `{"prefix":{"equals-ignore-case":%q}}`, `{"suffix":{"equals-ignore-case":%q}}`} {
			p, err := Compile([]byte(`{"f":[` + strings.Replace(op, "%q", strconv.Quote(a), 1) + `]}`))
			if err != nil {
				t.Fatal(err)
			}
			patterns = append(patterns, p)
			if err := s.Add(strconv.Itoa(i*4+j), p); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, v := range append(values, "", "Q", "zz") {
		event := []byte(`{"f":` + strconv.Quote(v) + `}`)
		got, err := s.Matches(event)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{}
		for i, p := range patterns {
			if ok, _ := p.Match(event); ok {
				want = append(want, strconv.Itoa(i))
			}
		}
		if diff := cmp.Diff(want, append([]string{}, got...)); diff != "" {
			t.Errorf("value %q: Set and Pattern.Match differ (-Match +Set):\n%s", v, diff)
		}
	}
}

// TestLowerWord checks the word-at-a-time lowering of the fold indexes
// against lowerASCII for every byte value at every place of a word, next
// to neighbours that could carry into it.
func TestLowerWord(t *testing.T) {
	var tr eventTree
	for pos := range 8 {
		for c := range 256 {
			for _, fill := range []byte{0x00, 'A', 'Z', 0x7f, 0xff} {
				b := bytes.Repeat([]byte{fill}, 8)
				b[pos] = byte(c)
				s := string(b)
				want := packKey(tr.lowerASCII(s))
				if got := lowerWord(packKey(s)); got != want {
					t.Fatalf("lowerWord(%q) = %#x, want %#x", s, got, want)
				}
			}
		}
	}
}

// TestWords checks the head and tail words of strings that lie in the
// event at every offset (those shorter than eight bytes are read from one
// word of the event where it holds one) and of one that does not.
func TestWords(t *testing.T) {
	data := "0123456789abcdefghij"
	var tr eventTree
	tr.sc.Data = data
	for i := 0; i <= len(data); i++ {
		for j := i; j <= len(data); j++ {
			s := data[i:j]
			head, tail := tr.words(s)
			m := min(len(s), 8)
			if want := packKey(s[:m]); head != want {
				t.Fatalf("words(data[%d:%d]) head = %#x, want %#x", i, j, head, want)
			}
			if want := packKey(s[len(s)-m:]); tail != want {
				t.Fatalf("words(data[%d:%d]) tail = %#x, want %#x", i, j, tail, want)
			}
		}
	}
	other := strings.Clone("abc")
	if head, tail := tr.words(other); head != packKey("abc") || tail != head {
		t.Fatalf("words of a string outside the event = %#x, %#x", head, tail)
	}
}

// TestSetErrorLeavesNoMatch checks that an event whose error comes after a
// value the Set has matched already leaves no match behind for the next
// event (the names of a small Set are recorded as bits during the scan).
func TestSetErrorLeavesNoMatch(t *testing.T) {
	s := NewSet()
	if err := s.Add("not-x", JSON(`{"a":[{"anything-but":"x"}]}`)); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if got, err := s.Matches([]byte(`{"a":"y","b":tru}`)); err == nil || len(got) != 0 {
			t.Fatalf("invalid event: got %q, %v; want no names and an error", got, err)
		}
		if got, err := s.Matches([]byte(`{"a":"x"}`)); err != nil || len(got) != 0 {
			t.Fatalf(`{"a":"x"} after an invalid event: got %q, %v; want no names`, got, err)
		}
	}
}
