package rules

import (
	"strings"
	"unicode"
)

// equals-ignore-case, and prefix, suffix and anything-but with it, follow
// aws/event-ruler's EqualsIgnoreCaseParser exactly rather than Unicode case
// folding. For each UTF-16 code unit of the pattern value, the event value
// must hold, at that position, the UTF-8 of that unit's lower case or of its
// upper case, both taken alone with Java's toLowerCase(Locale.ROOT) and
// toUpperCase(Locale.ROOT). The relation is therefore asymmetric and full
// case mappings count: pattern "ß" matches "ß" and "SS" (its upper case) but
// not "ss" or "ẞ"; pattern "SS" never matches "ß"; "Σ" matches "σ" and "Σ"
// but not the final form "ς"; "İ" matches "İ" and "i̇" (i and a combining
// dot) but not "i". A character outside the Basic Multilingual Plane is two
// UTF-16 units, each a lone surrogate that Java encodes as "?", so such a
// pattern character matches the two bytes "??" and never the character
// itself.

// foldUnit is what one UTF-16 unit of an equals-ignore-case value accepts:
// the UTF-8 of its lower case or of its upper case (equal for most units).
type foldUnit struct {
	lower, upper string
}

// foldValue is a compiled equals-ignore-case value.
type foldValue struct {
	units []foldUnit
	// even is set when each unit's two forms have the same length, so a
	// match has a single possible alignment.
	even bool
	// ascii is set when the value is ASCII: then it matches exactly the
	// strings equal to it under ASCII case folding.
	ascii bool
	text  string // the value as written
}

// javaUpper holds the characters of the Basic Multilingual Plane whose Java
// toUpperCase(Locale.ROOT) is more than one character (the unconditional
// mappings of Unicode's SpecialCasing.txt); every other character maps as
// unicode.ToUpper does. The only such lower-case mapping is İ's, handled in
// javaLower.
var javaUpper = map[rune]string{
	0x00DF: "\u0053\u0053",
	0x0149: "\u02bc\u004e",
	0x01F0: "\u004a\u030c",
	0x0390: "\u0399\u0308\u0301",
	0x03B0: "\u03a5\u0308\u0301",
	0x0587: "\u0535\u0552",
	0x1E96: "\u0048\u0331",
	0x1E97: "\u0054\u0308",
	0x1E98: "\u0057\u030a",
	0x1E99: "\u0059\u030a",
	0x1E9A: "\u0041\u02be",
	0x1F50: "\u03a5\u0313",
	0x1F52: "\u03a5\u0313\u0300",
	0x1F54: "\u03a5\u0313\u0301",
	0x1F56: "\u03a5\u0313\u0342",
	0x1F80: "\u1f08\u0399",
	0x1F81: "\u1f09\u0399",
	0x1F82: "\u1f0a\u0399",
	0x1F83: "\u1f0b\u0399",
	0x1F84: "\u1f0c\u0399",
	0x1F85: "\u1f0d\u0399",
	0x1F86: "\u1f0e\u0399",
	0x1F87: "\u1f0f\u0399",
	0x1F88: "\u1f08\u0399",
	0x1F89: "\u1f09\u0399",
	0x1F8A: "\u1f0a\u0399",
	0x1F8B: "\u1f0b\u0399",
	0x1F8C: "\u1f0c\u0399",
	0x1F8D: "\u1f0d\u0399",
	0x1F8E: "\u1f0e\u0399",
	0x1F8F: "\u1f0f\u0399",
	0x1F90: "\u1f28\u0399",
	0x1F91: "\u1f29\u0399",
	0x1F92: "\u1f2a\u0399",
	0x1F93: "\u1f2b\u0399",
	0x1F94: "\u1f2c\u0399",
	0x1F95: "\u1f2d\u0399",
	0x1F96: "\u1f2e\u0399",
	0x1F97: "\u1f2f\u0399",
	0x1F98: "\u1f28\u0399",
	0x1F99: "\u1f29\u0399",
	0x1F9A: "\u1f2a\u0399",
	0x1F9B: "\u1f2b\u0399",
	0x1F9C: "\u1f2c\u0399",
	0x1F9D: "\u1f2d\u0399",
	0x1F9E: "\u1f2e\u0399",
	0x1F9F: "\u1f2f\u0399",
	0x1FA0: "\u1f68\u0399",
	0x1FA1: "\u1f69\u0399",
	0x1FA2: "\u1f6a\u0399",
	0x1FA3: "\u1f6b\u0399",
	0x1FA4: "\u1f6c\u0399",
	0x1FA5: "\u1f6d\u0399",
	0x1FA6: "\u1f6e\u0399",
	0x1FA7: "\u1f6f\u0399",
	0x1FA8: "\u1f68\u0399",
	0x1FA9: "\u1f69\u0399",
	0x1FAA: "\u1f6a\u0399",
	0x1FAB: "\u1f6b\u0399",
	0x1FAC: "\u1f6c\u0399",
	0x1FAD: "\u1f6d\u0399",
	0x1FAE: "\u1f6e\u0399",
	0x1FAF: "\u1f6f\u0399",
	0x1FB2: "\u1fba\u0399",
	0x1FB3: "\u0391\u0399",
	0x1FB4: "\u0386\u0399",
	0x1FB6: "\u0391\u0342",
	0x1FB7: "\u0391\u0342\u0399",
	0x1FBC: "\u0391\u0399",
	0x1FC2: "\u1fca\u0399",
	0x1FC3: "\u0397\u0399",
	0x1FC4: "\u0389\u0399",
	0x1FC6: "\u0397\u0342",
	0x1FC7: "\u0397\u0342\u0399",
	0x1FCC: "\u0397\u0399",
	0x1FD2: "\u0399\u0308\u0300",
	0x1FD3: "\u0399\u0308\u0301",
	0x1FD6: "\u0399\u0342",
	0x1FD7: "\u0399\u0308\u0342",
	0x1FE2: "\u03a5\u0308\u0300",
	0x1FE3: "\u03a5\u0308\u0301",
	0x1FE4: "\u03a1\u0313",
	0x1FE6: "\u03a5\u0342",
	0x1FE7: "\u03a5\u0308\u0342",
	0x1FF2: "\u1ffa\u0399",
	0x1FF3: "\u03a9\u0399",
	0x1FF4: "\u038f\u0399",
	0x1FF6: "\u03a9\u0342",
	0x1FF7: "\u03a9\u0342\u0399",
	0x1FFC: "\u03a9\u0399",
	0xFB00: "\u0046\u0046",
	0xFB01: "\u0046\u0049",
	0xFB02: "\u0046\u004c",
	0xFB03: "\u0046\u0046\u0049",
	0xFB04: "\u0046\u0046\u004c",
	0xFB05: "\u0053\u0054",
	0xFB06: "\u0053\u0054",
	0xFB13: "\u0544\u0546",
	0xFB14: "\u0544\u0535",
	0xFB15: "\u0544\u053b",
	0xFB16: "\u054e\u0546",
	0xFB17: "\u0544\u053d",
}

func javaLower(r rune) string {
	if r == 'İ' {
		return "i\u0307"
	}
	return string(unicode.ToLower(r))
}

func javaUpperOf(r rune) string {
	if s, ok := javaUpper[r]; ok {
		return s
	}
	return string(unicode.ToUpper(r))
}

// compileFold compiles an equals-ignore-case value.
func compileFold(s string) *foldValue {
	f := &foldValue{even: true, ascii: isASCII(s), text: s}
	for _, r := range s {
		if r > 0xFFFF {
			// Two lone surrogates, each encoded by Java as "?".
			f.units = append(f.units, foldUnit{"?", "?"}, foldUnit{"?", "?"})
			continue
		}
		u := foldUnit{javaLower(r), javaUpperOf(r)}
		f.even = f.even && len(u.lower) == len(u.upper)
		f.units = append(f.units, u)
	}
	return f
}

// maxAlignments bounds the alignments tracked on the stack; more spill to
// the heap, which only values built to be ambiguous need.
const maxAlignments = 16

// ends returns the offsets in s at which a match of the whole value that
// starts at offset 0 can end, appended to dst.
func (f *foldValue) ends(dst []int, s string) []int {
	if f.even {
		i := 0
		for _, u := range f.units {
			switch {
			case strings.HasPrefix(s[i:], u.lower):
				i += len(u.lower)
			case strings.HasPrefix(s[i:], u.upper):
				i += len(u.upper)
			default:
				return dst
			}
		}
		return append(dst, i)
	}
	var a, b [maxAlignments]int
	cur, next := append(a[:0], 0), b[:0]
	for _, u := range f.units {
		next = next[:0]
		for _, i := range cur {
			for _, form := range [2]string{u.lower, u.upper} {
				if strings.HasPrefix(s[i:], form) && !containsInt(next, i+len(form)) {
					next = append(next, i+len(form))
				}
			}
		}
		if len(next) == 0 {
			return dst
		}
		cur, next = next, cur
	}
	return append(dst, cur...)
}

// starts is ends from the right: the offsets at which a match of the whole
// value that ends at len(s) can start.
func (f *foldValue) starts(dst []int, s string) []int {
	var a, b [maxAlignments]int
	cur, next := append(a[:0], len(s)), b[:0]
	for k := len(f.units) - 1; k >= 0; k-- {
		u := f.units[k]
		next = next[:0]
		for _, i := range cur {
			for _, form := range [2]string{u.lower, u.upper} {
				if strings.HasSuffix(s[:i], form) && !containsInt(next, i-len(form)) {
					next = append(next, i-len(form))
				}
			}
		}
		if len(next) == 0 {
			return dst
		}
		cur, next = next, cur
	}
	return append(dst, cur...)
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// equal reports whether s matches the value as a whole.
func (f *foldValue) equal(s string) bool {
	if f.ascii {
		return len(s) == len(f.text) && asciiEqualFold(s, f.text)
	}
	var buf [maxAlignments]int
	return containsInt(f.ends(buf[:0], s), len(s))
}

// prefixOf reports whether s starts with a match of the value.
func (f *foldValue) prefixOf(s string) bool {
	if f.ascii {
		return len(s) >= len(f.text) && asciiEqualFold(s[:len(f.text)], f.text)
	}
	var buf [maxAlignments]int
	return len(f.ends(buf[:0], s)) > 0
}

// suffixOf reports whether s ends with a match of the value.
func (f *foldValue) suffixOf(s string) bool {
	if f.ascii {
		return len(s) >= len(f.text) && asciiEqualFold(s[len(s)-len(f.text):], f.text)
	}
	var buf [maxAlignments]int
	return len(f.starts(buf[:0], s)) > 0
}

// asciiEqualFold compares a string with an ASCII value of the same length
// under ASCII case folding, which is the whole relation for ASCII values:
// every byte of s must be one of the value's byte's two cases.
func asciiEqualFold(s, ascii string) bool {
	for i := 0; i < len(s); i++ {
		a, b := s[i], ascii[i]
		if a == b {
			continue
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}
