package events

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds object and array nesting. PutEvents documents 1000 levels
// and its API reference 1100; the larger figure keeps every event AWS can
// deliver while stopping hostile input early (reference §7.1).
const maxDepth = 1100

// scanner is a validating, single-pass JSON reader over one document held in
// a string. Strings without escapes are returned as substrings of the input,
// so a decoded event costs one copy of the input rather than one allocation
// per field. The first syntax error is sticky: once err is set every method
// returns zero values and loops end.
type scanner struct {
	s     string
	pos   int
	depth int
	err   *SyntaxError
}

// fail records a syntax error at sc.pos and stops the scan.
func (sc *scanner) fail(msg string) {
	if sc.err == nil {
		sc.err = &SyntaxError{Offset: int64(sc.pos), Msg: msg}
	}
	sc.pos = len(sc.s)
}

// failChar reports an unexpected byte (or the end of input) at sc.pos.
func (sc *scanner) failChar(context string) {
	if sc.pos >= len(sc.s) {
		sc.fail("unexpected end of JSON input " + context)
		return
	}
	sc.fail("invalid character " + quoteChar(sc.s[sc.pos]) + " " + context)
}

// quoteChar quotes a byte for an error message the way encoding/json does.
func quoteChar(c byte) string { return strconv.QuoteRune(rune(c)) }

// ws skips JSON white space.
func (sc *scanner) ws() {
	for sc.pos < len(sc.s) {
		switch sc.s[sc.pos] {
		case ' ', '\t', '\n', '\r':
			sc.pos++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, or 0 at the end.
func (sc *scanner) peek() byte {
	sc.ws()
	if sc.pos < len(sc.s) {
		return sc.s[sc.pos]
	}
	return 0
}

// end checks that only white space follows the top-level value.
func (sc *scanner) end() {
	if sc.peek() != 0 || sc.pos < len(sc.s) {
		sc.failChar("after top-level value")
	}
}

// beginObject consumes '{'. It reports false, without consuming anything,
// when the next value is not an object.
func (sc *scanner) beginObject() bool { return sc.begin('{') }

// begin consumes the opening delimiter open of an object or array, counting
// the nesting depth. It reports false, without consuming anything, when the
// next byte is not open, and false with an error past maxDepth.
func (sc *scanner) begin(open byte) bool {
	if sc.peek() != open {
		return false
	}
	sc.pos++
	sc.depth++
	if sc.depth > maxDepth {
		sc.fail("exceeded max depth")
		return false
	}
	return true
}

// nextKey reads the next member name of an object opened by beginObject,
// leaving the scanner at the member's value. It reports false at the closing
// brace (which it consumes) or on error. first must be true for the first
// call on an object.
func (sc *scanner) nextKey(first bool) (string, bool) {
	c := sc.peek()
	if !first {
		switch c {
		case ',':
			sc.pos++
			c = sc.peek()
			if c != '"' {
				sc.failChar("looking for beginning of object key string")
				return "", false
			}
		case '}':
			sc.pos++
			sc.depth--
			return "", false
		default:
			sc.failChar("after object key:value pair")
			return "", false
		}
	} else if c == '}' {
		sc.pos++
		sc.depth--
		return "", false
	}
	if c != '"' {
		sc.failChar("looking for beginning of object key string")
		return "", false
	}
	key := sc.str()
	if sc.peek() != ':' {
		sc.failChar("after object key")
		return "", false
	}
	sc.pos++
	return key, sc.err == nil
}

// beginArray consumes '['; like beginObject it reports false otherwise.
func (sc *scanner) beginArray() bool { return sc.begin('[') }

// nextElem reports whether another array element follows, consuming the
// separating comma or the closing bracket. first must be true for the first
// call on an array.
func (sc *scanner) nextElem(first bool) bool {
	switch c := sc.peek(); {
	case c == ']':
		sc.pos++
		sc.depth--
		return false
	case first:
		return sc.err == nil
	case c == ',':
		sc.pos++
		return sc.err == nil
	default:
		sc.failChar("after array element")
		return false
	}
}

// plainASCII marks the bytes a string can hold unescaped without further
// checks: printable ASCII other than '"' and '\\'.
var plainASCII = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string at sc.pos (which must hold '"'). Strings without escapes
// or invalid UTF-8 are substrings of the input; others are decoded the way
// encoding/json does, invalid UTF-8 becoming U+FFFD.
func (sc *scanner) str() string {
	start := sc.pos + 1
	i := start
	// Fast path: printable ASCII up to the closing quote, the common case
	// for every field of a KMS event.
	for i < len(sc.s) && plainASCII[sc.s[i]] {
		i++
	}
	if i < len(sc.s) && sc.s[i] == '"' {
		sc.pos = i + 1
		return sc.s[start:i]
	}
	ascii := true
	for i < len(sc.s) {
		c := sc.s[i]
		switch {
		case c == '"':
			sc.pos = i + 1
			v := sc.s[start:i]
			if !ascii && !utf8.ValidString(v) {
				return sc.slowStr(start)
			}
			return v
		case c == '\\':
			return sc.slowStr(start)
		case c < 0x20:
			sc.pos = i
			sc.fail("invalid character " + quoteChar(c) + " in string literal")
			return ""
		case c >= utf8.RuneSelf:
			ascii = false
		}
		i++
	}
	sc.pos = len(sc.s)
	sc.fail("unexpected end of JSON input in string literal")
	return ""
}

// slowStr decodes a string with escapes or invalid UTF-8 starting at start
// (just after the opening quote).
func (sc *scanner) slowStr(start int) string {
	buf := make([]byte, 0, 32)
	i := start
	for i < len(sc.s) {
		c := sc.s[i]
		switch {
		case c == '"':
			sc.pos = i + 1
			return string(buf)
		case c < 0x20:
			sc.pos = i
			sc.fail("invalid character " + quoteChar(c) + " in string literal")
			return ""
		case c == '\\':
			if i+1 >= len(sc.s) {
				sc.pos = len(sc.s)
				sc.fail("unexpected end of JSON input in string escape code")
				return ""
			}
			e := sc.s[i+1]
			i += 2
			switch e {
			case '"', '\\', '/':
				buf = append(buf, e)
			case 'b':
				buf = append(buf, '\b')
			case 'f':
				buf = append(buf, '\f')
			case 'n':
				buf = append(buf, '\n')
			case 'r':
				buf = append(buf, '\r')
			case 't':
				buf = append(buf, '\t')
			case 'u':
				r, ok := sc.hex4(i)
				if !ok {
					return ""
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if i+6 <= len(sc.s) && sc.s[i] == '\\' && sc.s[i+1] == 'u' {
						r2, ok2 = sc.hex4(i + 2)
						if !ok2 {
							return ""
						}
					}
					if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
						i += 6
						r = dec
					} else {
						r = utf8.RuneError
					}
				}
				buf = utf8.AppendRune(buf, r)
			default:
				sc.pos = i - 1
				sc.fail("invalid character " + quoteChar(e) + " in string escape code")
				return ""
			}
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			i++
		default:
			r, size := utf8.DecodeRuneInString(sc.s[i:])
			i += size
			buf = utf8.AppendRune(buf, r)
		}
	}
	sc.pos = len(sc.s)
	sc.fail("unexpected end of JSON input in string literal")
	return ""
}

// hex4 decodes the four hex digits of a \u escape starting at i.
func (sc *scanner) hex4(i int) (rune, bool) {
	var r rune
	for j := 0; j < 4; j++ {
		if i+j >= len(sc.s) {
			sc.pos = len(sc.s)
			sc.fail("unexpected end of JSON input in \\u hexadecimal character escape")
			return 0, false
		}
		c := sc.s[i+j]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			sc.pos = i + j
			sc.fail("invalid character " + quoteChar(c) + " in \\u hexadecimal character escape")
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// skipStr validates a string at sc.pos without decoding it.
func (sc *scanner) skipStr() {
	i := sc.pos + 1
	for i < len(sc.s) {
		c := sc.s[i]
		switch {
		case c == '"':
			sc.pos = i + 1
			return
		case c == '\\':
			if i+1 >= len(sc.s) {
				sc.pos = len(sc.s)
				sc.fail("unexpected end of JSON input in string escape code")
				return
			}
			switch sc.s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := sc.hex4(i + 2); !ok {
					return
				}
				i += 6
			default:
				sc.pos = i + 1
				sc.fail("invalid character " + quoteChar(sc.s[i+1]) + " in string escape code")
				return
			}
		case c < 0x20:
			sc.pos = i
			sc.fail("invalid character " + quoteChar(c) + " in string literal")
			return
		default:
			i++
		}
	}
	sc.pos = len(sc.s)
	sc.fail("unexpected end of JSON input in string literal")
}

// literal consumes want (true, false or null) at sc.pos.
func (sc *scanner) literal(want string) {
	for j := 0; j < len(want); j++ {
		if sc.pos >= len(sc.s) || sc.s[sc.pos] != want[j] {
			sc.failChar("in literal " + want + " (expecting " + quoteChar(want[j]) + ")")
			return
		}
		sc.pos++
	}
}

// number validates a JSON number at sc.pos.
func (sc *scanner) number() {
	s, i := sc.s, sc.pos
	digits := func(ctx string) {
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			sc.pos = i
			sc.failChar(ctx)
			return
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else {
		digits("in numeric literal")
	}
	if sc.err == nil && i < len(s) && s[i] == '.' {
		i++
		digits("after decimal point in numeric literal")
	}
	if sc.err == nil && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		digits("in exponent of numeric literal")
	}
	if sc.err == nil {
		sc.pos = i
	}
}

// skip validates and passes over one value of any kind. Recursion is
// bounded by maxDepth.
func (sc *scanner) skip() {
	switch c := sc.peek(); c {
	case '{':
		if !sc.beginObject() {
			return
		}
		for first := true; ; first = false {
			if _, ok := sc.nextKey(first); !ok {
				return
			}
			sc.skip()
		}
	case '[':
		if !sc.beginArray() {
			return
		}
		for first := true; sc.nextElem(first); first = false {
			sc.skip()
		}
	case '"':
		sc.skipStr()
	case 't':
		sc.literal("true")
	case 'f':
		sc.literal("false")
	case 'n':
		sc.literal("null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			sc.number()
			return
		}
		sc.failChar("looking for beginning of value")
	}
}

// raw skips one value and returns its text.
func (sc *scanner) raw() string {
	sc.ws()
	start := sc.pos
	sc.skip()
	if sc.err != nil {
		return ""
	}
	return sc.s[start:sc.pos]
}
