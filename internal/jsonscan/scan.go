// Package jsonscan is the validating, single-pass JSON reader shared by
// package events and package rules. It accepts exactly the JSON that
// encoding/json accepts, except that nesting deeper than [MaxDepth] is
// refused, and it allocates only to decode strings that hold escapes or
// invalid UTF-8.
package jsonscan

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds object and array nesting. PutEvents documents 1000 levels
// and its API reference 1100; the larger figure keeps every event AWS can
// deliver while stopping hostile input early (docs/reference.md#71-eventbridge-api-limits).
const MaxDepth = 1100

// Scanner is a validating, single-pass JSON reader over one document held in
// a string. Strings without escapes are returned as substrings of the input,
// so a decoded event costs one copy of the input rather than one allocation
// per field. The first syntax error is sticky: once Err is set every method
// returns zero values and loops end.
type Scanner struct {
	Data  string // the document
	Pos   int    // offset of the next byte to read
	depth int
	Err   *Error // the first syntax error, or nil
}

// New returns a Scanner at the start of the document s.
func New(s string) Scanner { return Scanner{Data: s} }

// NewNested returns a Scanner at the start of s, a value nested depth
// levels deep in a larger document read piece by piece, so that MaxDepth
// still counts from that document's root.
func NewNested(s string, depth int) Scanner { return Scanner{Data: s, depth: depth} }

// Error reports malformed JSON: the byte offset in the document and what
// was wrong, in encoding/json's wording.
type Error struct {
	Offset int64
	Msg    string
}

// Error implements error.
func (e *Error) Error() string {
	return "invalid JSON at byte " + strconv.FormatInt(e.Offset, 10) + ": " + e.Msg
}

// fail records a syntax error at sc.Pos and stops the scan.
func (sc *Scanner) fail(msg string) {
	if sc.Err == nil {
		sc.Err = &Error{Offset: int64(sc.Pos), Msg: msg}
	}
	sc.Pos = len(sc.Data)
}

// failChar reports an unexpected byte (or the end of input) at sc.Pos.
func (sc *Scanner) failChar(context string) {
	if sc.Pos >= len(sc.Data) {
		sc.fail("unexpected end of JSON input " + context)
		return
	}
	sc.fail("invalid character " + quoteChar(sc.Data[sc.Pos]) + " " + context)
}

// quoteChar quotes a byte for an error message the way encoding/json does.
func quoteChar(c byte) string { return strconv.QuoteRune(rune(c)) }

// WS skips JSON white space. (A table lookup here made events.Parse 6%
// slower, paired against a switch; the skip loops below use the table.)
func (sc *Scanner) WS() {
	for sc.Pos < len(sc.Data) {
		switch sc.Data[sc.Pos] {
		case ' ', '\t', '\n', '\r':
			sc.Pos++
		default:
			return
		}
	}
}

// space marks JSON white space.
var space = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// plainInString marks the bytes a string can hold that need no check when
// skipping it: all but '"', '\\' and control characters. Invalid UTF-8 is
// accepted, as encoding/json accepts it.
var plainInString = func() (t [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Peek skips white space and returns the next byte, or 0 at the end.
func (sc *Scanner) Peek() byte {
	sc.WS()
	if sc.Pos < len(sc.Data) {
		return sc.Data[sc.Pos]
	}
	return 0
}

// End checks that only white space follows the top-level value.
func (sc *Scanner) End() {
	if sc.Peek() != 0 || sc.Pos < len(sc.Data) {
		sc.failChar("after top-level value")
	}
}

// BeginObject consumes '{'. It reports false, without consuming anything,
// when the next value is not an object.
func (sc *Scanner) BeginObject() bool { return sc.begin('{') }

// begin consumes the opening delimiter open of an object or array, counting
// the nesting depth. It reports false, without consuming anything, when the
// next byte is not open, and false with an error past MaxDepth.
func (sc *Scanner) begin(open byte) bool {
	if sc.Peek() != open {
		return false
	}
	sc.Pos++
	sc.depth++
	if sc.depth > MaxDepth {
		sc.fail("exceeded max depth")
		return false
	}
	return true
}

// NextKey reads the next member name of an object opened by beginObject,
// leaving the scanner at the member's value. It reports false at the closing
// brace (which it consumes) or on error. first must be true for the first
// call on an object.
func (sc *Scanner) NextKey(first bool) (string, bool) { return sc.NextKeyOf(first, ^uint64(0)) }

// NextKeyOf is NextKey for a reader that reads only the members whose
// names have one of the lengths in lens (bit n for length n, bit 63 for 63
// and more): it passes over the other members whose values are strings,
// numbers, objects or arrays, checking them as Skip does, and returns the
// next member name that could be one it reads, or any member it did not
// pass over. first is as for NextKey.
//
// Members are read here in the form machines write: the comma (unless
// first), a name of printable ASCII without escapes, the colon, with no
// white space between; nextKey reads any other.
func (sc *Scanner) NextKeyOf(first bool, lens uint64) (string, bool) {
	s, i := sc.Data, sc.Pos
	for {
		if !first {
			if i >= len(s) || s[i] != ',' {
				break
			}
			i++
		}
		if i >= len(s) || s[i] != '"' {
			break
		}
		j := i + 1
		for j+8 <= len(s) {
			w := load64(s, j)
			if m := stops(w, msb); m != 0 {
				n := bits.TrailingZeros64(m)
				j += n >> 3
				if byte(w>>(n&^7)) == '"' {
					goto quote // the stop, taken from the word
				}
				break
			}
			j += 8
		}
		for j < len(s) && plainASCII[s[j]] {
			j++
		}
		if j >= len(s) || s[j] != '"' {
			break
		}
	quote:
		if j+1 >= len(s) || s[j+1] != ':' {
			break
		}
		key := s[i+1 : j]
		sc.Pos = j + 2
		if lens>>min(len(key), 63)&1 != 0 || sc.Pos >= len(s) {
			return key, true
		}
		end := sc.skipQuick(s[sc.Pos])
		if end < 0 {
			return key, true // for the caller's Skip, which reports errors
		}
		sc.Pos, i, first = end, end, false
	}
	return sc.nextKey(first)
}

// nextKey is NextKey for a member NextKeyOf does not read.
func (sc *Scanner) nextKey(first bool) (string, bool) {
	c := sc.Peek()
	if !first {
		switch c {
		case ',':
			sc.Pos++
			c = sc.Peek()
			if c != '"' {
				sc.failChar("looking for beginning of object key string")
				return "", false
			}
		case '}':
			sc.Pos++
			sc.depth--
			return "", false
		default:
			sc.failChar("after object key:value pair")
			return "", false
		}
	} else if c == '}' {
		sc.Pos++
		sc.depth--
		return "", false
	}
	if c != '"' {
		sc.failChar("looking for beginning of object key string")
		return "", false
	}
	key := sc.Str()
	if sc.Peek() != ':' {
		sc.failChar("after object key")
		return "", false
	}
	sc.Pos++
	return key, sc.Err == nil
}

// NextShortKey is NextKeyOf for objects whose members are mostly of
// one-byte names, such as a GeoJSON point's "x", "y" and "z": it returns
// such a name written compactly (the comma unless first, the quoted byte
// and the colon) at once, and leaves the rest to NextKeyOf. lens must hold
// length 1.
func (sc *Scanner) NextShortKey(first bool, lens uint64) (string, bool) {
	s, i := sc.Data, sc.Pos
	if !first {
		if i >= len(s) || s[i] != ',' {
			if i < len(s) && s[i] == '}' {
				sc.Pos = i + 1
				sc.depth--
				return "", false
			}
			return sc.NextKeyOf(first, lens)
		}
		i++
	}
	if i+3 < len(s) && s[i] == '"' && s[i+2] == '"' && s[i+3] == ':' && plainASCII[s[i+1]] {
		sc.Pos = i + 4
		return s[i+1 : i+2], true
	}
	return sc.NextKeyOf(first, lens)
}

// CloseAt consumes the '}' or ']' at offset i, which the caller has found
// there with only the innermost object's or array's members before it read
// (the scanner's position may lag behind), ending that object or array as
// NextKey or NextElem would: the scanner is left just past it.
func (sc *Scanner) CloseAt(i int) {
	sc.Pos = i + 1
	sc.depth--
}

// OpenAt consumes the '{' or '[' at offset i, which the caller has found
// there as the next value, as BeginObject or BeginArray would: the scanner
// is left just past it. It reports false, with an error, past MaxDepth.
func (sc *Scanner) OpenAt(i int) bool {
	sc.Pos = i + 1
	if sc.depth++; sc.depth > MaxDepth {
		sc.fail("exceeded max depth")
		return false
	}
	return true
}

// CanOpen reports whether an object or array can open at the scanner's
// depth (OpenAt would not fail): for a reader that checks the values
// there itself, without opening them.
func (sc *Scanner) CanOpen() bool { return sc.depth < MaxDepth }

// BeginArray consumes '['; like beginObject it reports false otherwise.
func (sc *Scanner) BeginArray() bool { return sc.begin('[') }

// NextElem reports whether another array element follows, consuming the
// separating comma or the closing bracket. first must be true for the first
// call on an array.
func (sc *Scanner) NextElem(first bool) bool {
	if !first && sc.Pos < len(sc.Data) && sc.Data[sc.Pos] == ',' {
		sc.Pos++ // the common separator, written compactly
		return sc.Err == nil
	}
	switch c := sc.Peek(); {
	case c == ']':
		sc.Pos++
		sc.depth--
		return false
	case first:
		return sc.Err == nil
	case c == ',':
		sc.Pos++
		return sc.Err == nil
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

// Str reads a string at sc.Pos (which must hold '"'). Strings without escapes
// or invalid UTF-8 are substrings of the input; others are decoded the way
// encoding/json does, invalid UTF-8 becoming U+FFFD.
func (sc *Scanner) Str() string {
	start := sc.Pos + 1
	i := start
	// Fast path: printable ASCII up to the closing quote, the common case
	// for every field of a KMS event, eight bytes at a time.
	for i+8 <= len(sc.Data) {
		if m := stops(load64(sc.Data, i), msb); m != 0 {
			i += bits.TrailingZeros64(m) / 8
			break
		}
		i += 8
	}
	for i < len(sc.Data) && plainASCII[sc.Data[i]] {
		i++
	}
	if i < len(sc.Data) && sc.Data[i] == '"' {
		sc.Pos = i + 1
		return sc.Data[start:i]
	}
	ascii := true
	for i < len(sc.Data) {
		c := sc.Data[i]
		switch {
		case c == '"':
			sc.Pos = i + 1
			v := sc.Data[start:i]
			if !ascii && !utf8.ValidString(v) {
				return sc.slowStr(start)
			}
			return v
		case c == '\\':
			return sc.slowStr(start)
		case c < 0x20:
			sc.Pos = i
			sc.fail("invalid character " + quoteChar(c) + " in string literal")
			return ""
		case c >= utf8.RuneSelf:
			ascii = false
		}
		i++
	}
	sc.Pos = len(sc.Data)
	sc.fail("unexpected end of JSON input in string literal")
	return ""
}

// slowStr decodes a string with escapes or invalid UTF-8 starting at start
// (just after the opening quote). Strings of up to 64 decoded bytes cost
// one allocation, the result.
func (sc *Scanner) slowStr(start int) string {
	var tmp [64]byte
	buf, ok := sc.appendStr(tmp[:0], start)
	if !ok {
		return ""
	}
	return string(buf)
}

// AppendStr appends the decoded value of the string at sc.Pos (which must
// hold '"') to dst, as [Scanner.Str] decodes it, and returns the extended
// buffer. Decoding into a buffer the caller reuses spares the allocation
// Str makes for a string that holds escapes. On a syntax error it returns
// dst unchanged.
func (sc *Scanner) AppendStr(dst []byte) []byte {
	if sc.Err != nil {
		return dst
	}
	if buf, ok := sc.appendStr(dst, sc.Pos+1); ok {
		return buf
	}
	return dst
}

// appendStr decodes the string whose contents start at start, appending to
// buf. Runs of plain bytes are found a word at a time and copied whole: an
// SQS body is a JSON document held in a JSON string, an escape every few
// bytes and plain text between them.
func (sc *Scanner) appendStr(buf []byte, start int) ([]byte, bool) {
	s, i := sc.Data, start
	for {
		// Copy plain bytes a word at a time: store the whole word, keep the
		// part before the first stop.
		for i+8 <= len(s) {
			w := load64(s, i)
			if cap(buf)-len(buf) < 8 {
				buf = slices.Grow(buf, 8)
			}
			n := len(buf)
			binary.LittleEndian.PutUint64(buf[n:n+8], w)
			m := stops(w, msb)
			if m == 0 {
				buf, i = buf[:n+8], i+8
				continue
			}
			k := bits.TrailingZeros64(m) / 8
			buf, i = buf[:n+k], i+k
			// The escapes of a JSON text held in a string, \" and \\, are
			// the usual stop: take them here, in the room the word left.
			if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
				buf, i = append(buf, s[i+1]), i+2
				continue
			}
			break
		}
		for i < len(s) && plainASCII[s[i]] {
			buf = append(buf, s[i])
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		switch {
		case c == '"':
			sc.Pos = i + 1
			return buf, true
		case c < 0x20:
			sc.Pos = i
			sc.fail("invalid character " + quoteChar(c) + " in string literal")
			return nil, false
		case c == '\\':
			if i+1 >= len(sc.Data) {
				sc.Pos = len(sc.Data)
				sc.fail("unexpected end of JSON input in string escape code")
				return nil, false
			}
			e := sc.Data[i+1]
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
					return nil, false
				}
				i += 4
				if utf16.IsSurrogate(r) {
					r2, ok2 := rune(-1), false
					if i+6 <= len(sc.Data) && sc.Data[i] == '\\' && sc.Data[i+1] == 'u' {
						r2, ok2 = sc.hex4(i + 2)
						if !ok2 {
							return nil, false
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
				sc.Pos = i - 1
				sc.fail("invalid character " + quoteChar(e) + " in string escape code")
				return nil, false
			}
		default:
			r, size := utf8.DecodeRuneInString(sc.Data[i:])
			if r == utf8.RuneError && size == 1 {
				buf = utf8.AppendRune(buf, r)
			} else {
				buf = append(buf, sc.Data[i:i+size]...)
			}
			i += size
		}
	}
	sc.Pos = len(sc.Data)
	sc.fail("unexpected end of JSON input in string literal")
	return nil, false
}

// Word-at-a-time search: with lsb in every byte, x - lsb borrows into the
// high bit of the lowest zero byte of x, and &^ x drops the bytes whose high
// bit was set already. Bits above the first hit may be false, so only the
// lowest set bit is used.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// load64 reads the eight bytes of s at i, little-endian; the compiler
// merges the byte loads into one.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// stops marks, with its high bit, each byte of w that ends a run of plain
// string contents: '"', '\\', a control character, or (when high is msb)
// a byte of 0x80 or more. Only the lowest mark is exact: below it no byte
// is zero after either xor or under 0x20, so no subtraction borrows, and
// a byte of 0x80 or more, which keeps its high bit through the xors, is
// cleared by the one &^ w.
func stops(w, high uint64) uint64 {
	q := w ^ (lsb * '"')
	b := w ^ (lsb * '\\')
	return (((q-lsb)|(b-lsb)|(w-lsb*0x20))&^w | w&high) & msb
}

// hex4 decodes the four hex digits of a \u escape starting at i.
func (sc *Scanner) hex4(i int) (rune, bool) {
	var r rune
	for j := 0; j < 4; j++ {
		if i+j >= len(sc.Data) {
			sc.Pos = len(sc.Data)
			sc.fail("unexpected end of JSON input in \\u hexadecimal character escape")
			return 0, false
		}
		c := sc.Data[i+j]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			sc.Pos = i + j
			sc.fail("invalid character " + quoteChar(c) + " in \\u hexadecimal character escape")
			return 0, false
		}
		r = r*16 + rune(c)
	}
	return r, true
}

// skipStr validates a string at sc.Pos without decoding it.
func (sc *Scanner) skipStr() {
	i := sc.Pos + 1
	for i < len(sc.Data) {
		for i < len(sc.Data) && plainInString[sc.Data[i]] {
			i++
		}
		if i >= len(sc.Data) {
			break
		}
		c := sc.Data[i]
		switch {
		case c == '"':
			sc.Pos = i + 1
			return
		case c == '\\':
			if i+1 >= len(sc.Data) {
				sc.Pos = len(sc.Data)
				sc.fail("unexpected end of JSON input in string escape code")
				return
			}
			switch sc.Data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if _, ok := sc.hex4(i + 2); !ok {
					return
				}
				i += 6
			default:
				sc.Pos = i + 1
				sc.fail("invalid character " + quoteChar(sc.Data[i+1]) + " in string escape code")
				return
			}
		case c < 0x20:
			sc.Pos = i
			sc.fail("invalid character " + quoteChar(c) + " in string literal")
			return
		default:
			i++
		}
	}
	sc.Pos = len(sc.Data)
	sc.fail("unexpected end of JSON input in string literal")
}

// Literal consumes want (true, false or null) at sc.Pos.
func (sc *Scanner) Literal(want string) {
	for j := 0; j < len(want); j++ {
		if sc.Pos >= len(sc.Data) || sc.Data[sc.Pos] != want[j] {
			sc.failChar("in literal " + want + " (expecting " + quoteChar(want[j]) + ")")
			return
		}
		sc.Pos++
	}
}

// number validates a JSON number at sc.Pos.
func (sc *Scanner) number() {
	s, i := sc.Data, sc.Pos
	digits := func(ctx string) {
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			sc.Pos = i
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
	if sc.Err == nil && i < len(s) && s[i] == '.' {
		i++
		digits("after decimal point in numeric literal")
	}
	if sc.Err == nil && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		digits("in exponent of numeric literal")
	}
	if sc.Err == nil {
		sc.Pos = i
	}
}

// Skip validates and passes over one value of any kind.
//
// Strings, numbers, objects and arrays are first passed over by skipString,
// skipNumber and skipFast, loops that only decide whether they are valid; when they are not
// (or nest too deeply), the value is scanned again by skipSlow, which reports the error exactly as
// the rest of the scanner words it.
func (sc *Scanner) Skip() {
	if c := sc.Peek(); sc.Err == nil {
		if end := sc.skipQuick(c); end >= 0 {
			sc.Pos = end
			return
		}
	}
	sc.skipSlow()
}

// skipQuick passes over the valid string, number, object or array at
// sc.Pos, whose first byte is c, and returns the offset just past it; or
// returns -1 for anything else, which skipSlow then reads.
func (sc *Scanner) skipQuick(c byte) int {
	switch {
	case c == '"':
		return skipString(sc.Data, sc.Pos)
	case c == '{' || c == '[':
		if end, ok := skipFast(sc.Data, sc.Pos, MaxDepth-sc.depth); ok {
			return end
		}
	case c == '-' || '0' <= c && c <= '9':
		return skipNumber(sc.Data, sc.Pos)
	}
	return -1
}

// skipFast passes over the object or array at s[i] and returns the offset
// just past it, or false if it is not valid JSON or nests more than room
// levels deep. The common shapes, plain member names and numbers, are read
// inline, a fraction's digits eight at a time; skipString, skipKey and
// skipNumber take the rest.
func skipFast(s string, i, room int) (int, bool) {
	// Bit d of objects records whether nesting level d is an object; obj
	// whether the innermost one is.
	var objects [MaxDepth/64 + 1]uint64
	var d uint
	obj := false
	for {
		// At a value.
		if c := s[i]; c-'0' < 10 || c == '-' {
			// A number: -?digits, a fraction, an exponent (skipNumber).
			// A digit after a leading 0 is refused as what follows the
			// number.
			j := i
			if c == '-' {
				j++
				if uint(j) >= uint(len(s)) || s[j]-'0' >= 10 {
					return 0, false
				}
			}
			if s[j] == '0' {
				j++
			} else { // s[j] is a digit: the loop starts after it
				for j++; uint(j) < uint(len(s)) && s[j]-'0' < 10; j++ {
				}
			}
			if uint(j) < uint(len(s)) && s[j] == '.' {
				j++
				k := j
				// digitsEnd, inline: a call here costs every number of
				// every skipped object. The byte after the digits is
				// taken from the word, so no load waits on the search,
				// and a comma in an object goes on to the next name.
				var stop byte
				for j+8 <= len(s) {
					w := load64(s, j)
					if y := nonDigits(w); y != 0 {
						n := bits.TrailingZeros64(y)
						j += n >> 3
						stop = byte(w >> (n &^ 7))
						goto fraction
					}
					j += 8
				}
				for j < len(s) && s[j]-'0' < 10 {
					j++
				}
				if j < len(s) {
					stop = s[j]
				}
			fraction:
				if j == k {
					return 0, false
				}
				if stop|0x20 == 'e' {
					if j = skipNumber(s, i); j < 0 {
						return 0, false
					}
				} else if stop == ',' && obj {
					i = j + 1
					goto key
				}
			} else if uint(j) < uint(len(s)) && s[j]|0x20 == 'e' {
				if j = skipNumber(s, i); j < 0 {
					return 0, false
				}
			}
			i = j
		} else {
			switch c {
			case '{', '[':
				d++
				if int(d) > room {
					return 0, false
				}
				i++
				obj = c == '{'
				if obj {
					objects[d/64] |= 1 << (d % 64)
					if uint(i) < uint(len(s)) && s[i] == '"' {
						goto key // a member name at once
					}
				} else {
					objects[d/64] &^= 1 << (d % 64)
				}
				for i < len(s) && space[s[i]] {
					i++
				}
				if i >= len(s) {
					return 0, false
				}
				if s[i] == c+2 { // '}' or ']'
					i++
					d--
					obj = objects[d/64]&(1<<(d%64)) != 0
					break
				}
				if obj {
					goto key
				}
				continue
			case '"':
				if i = skipString(s, i); i < 0 {
					return 0, false
				}
			case 't':
				if len(s)-i < 4 || s[i:i+4] != "true" {
					return 0, false
				}
				i += 4
			case 'f':
				if len(s)-i < 5 || s[i:i+5] != "false" {
					return 0, false
				}
				i += 5
			case 'n':
				if len(s)-i < 4 || s[i:i+4] != "null" {
					return 0, false
				}
				i += 4
			default:
				return 0, false
			}
		}
		// After a value: a separator and the next value, or closing brackets.
		for {
			if d == 0 {
				return i, true
			}
			if uint(i) >= uint(len(s)) {
				return 0, false
			}
			if c := s[i]; c == ',' {
				i++
				if obj {
					goto key
				}
				for i < len(s) && space[s[i]] {
					i++
				}
				if i >= len(s) {
					return 0, false
				}
				break
			} else if obj && c == '}' || !obj && c == ']' {
				// '}', ',', '{' and a name's quote in an array of objects:
				// the next object opens at this same depth, so the nesting
				// state stays as it is.
				if obj && d > 1 && uint(i+3) < uint(len(s)) && s[i+1] == ',' && s[i+2] == '{' && s[i+3] == '"' && objects[(d-1)/64]&(1<<((d-1)%64)) == 0 {
					i += 3
					goto key
				}
				i++
				d--
				obj = objects[d/64]&(1<<(d%64)) != 0
			} else if space[c] {
				for i++; i < len(s) && space[s[i]]; i++ {
				}
			} else {
				return 0, false
			}
		}
		continue
	key:
		// A member name, the colon and the white space up to the value: a
		// name without escapes or control characters followed at once by
		// a colon and the value is read here, the rest by skipKey.
		if uint(i+4) < uint(len(s)) {
			// A one-byte name: '"', the byte, '"', ':' and a value.
			if w := s[i : i+4]; uint32(w[0])|uint32(w[2])<<16|uint32(w[3])<<24 == '"'|'"'<<16|':'<<24 && plainInString[w[1]] && !space[s[i+4]] {
				i += 4
				continue
			}
		}
		if uint(i) < uint(len(s)) && s[i] == '"' {
			j := i + 1
			for j < len(s) && plainInString[s[j]] {
				j++
			}
			if uint(j+2) < uint(len(s)) && s[j] == '"' && s[j+1] == ':' && !space[s[j+2]] {
				i = j + 2
				continue
			}
		}
		for i < len(s) && space[s[i]] {
			i++
		}
		if i >= len(s) {
			return 0, false
		}
		if i = skipKey(s, i); i < 0 {
			return 0, false
		}
	}
}

// skipKey passes over a member name at s[i], the colon and the white space
// up to the member's value, or returns -1.
func skipKey(s string, i int) int {
	if s[i] != '"' {
		return -1
	}
	if i = skipString(s, i); i < 0 {
		return -1
	}
	for i < len(s) && space[s[i]] {
		i++
	}
	if i >= len(s) || s[i] != ':' {
		return -1
	}
	i++
	for i < len(s) && space[s[i]] {
		i++
	}
	if i >= len(s) {
		return -1
	}
	return i
}

// skipString passes over the string at s[i], or returns -1. Invalid UTF-8
// is accepted, so only quotes, backslashes and control characters stop the
// word-at-a-time search.
func skipString(s string, i int) int {
	i++
	for {
		for i+8 <= len(s) {
			w := load64(s, i)
			if m := stops(w, 0); m != 0 {
				n := bits.TrailingZeros64(m)
				i += n >> 3
				if byte(w>>(n&^7)) == '"' {
					return i + 1 // the stop, taken from the word
				}
				break
			}
			i += 8
		}
		for i < len(s) && plainInString[s[i]] {
			i++
		}
		if i >= len(s) {
			return -1
		}
		switch s[i] {
		case '"':
			return i + 1
		case '\\':
			if i+1 >= len(s) {
				return -1
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if len(s)-i < 6 {
					return -1
				}
				for _, h := range []byte(s[i+2 : i+6]) {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return -1
					}
				}
				i += 6
			default:
				return -1
			}
		default:
			return -1 // a control character
		}
	}
}

// nonDigits marks, with its high bit, each byte of w that is not an ASCII
// digit; only the lowest mark is exact (below it no byte carries or
// borrows). Adding 0x46 sets the high bit of the bytes from ':' (0x3a) to
// 0xb9, subtracting '0' that of the bytes under '0' and from 0xb0 on: every
// byte but the digits, in three steps of latency (four operations).
func nonDigits(w uint64) uint64 {
	return ((w + lsb*0x46) | (w - lsb*'0')) & msb
}

// digitsEnd returns the offset of the first byte of s from i on that is not
// an ASCII digit, or len(s): a fraction's digits, eight at a time (a GeoJSON
// coordinate has fifteen or so). The lowest non-digit mark of a word is
// exact: a carry out of a byte disturbs only the bytes above it.
func digitsEnd(s string, i int) int {
	for i+8 <= len(s) {
		if y := nonDigits(load64(s, i)); y != 0 {
			return i + bits.TrailingZeros64(y)>>3
		}
		i += 8
	}
	for i < len(s) && s[i]-'0' < 10 {
		i++
	}
	return i
}

// DigitsEnd returns the offset of the first byte of s from i on that is
// not an ASCII digit, or len(s), reading eight bytes at a time.
func DigitsEnd(s string, i int) int { return digitsEnd(s, i) }

// Load64 returns the eight bytes of s from i on, the first in the low byte,
// for a reader of its own that tests words as the scanner does.
func Load64(s string, i int) uint64 { return load64(s, i) }

// NonDigits marks, with its high bit, each byte of w that is not an ASCII
// digit; it is zero when all eight are digits, and its lowest mark is
// exact (see nonDigits).
func NonDigits(w uint64) uint64 { return nonDigits(w) }

// NumberEnd returns the offset just past the number literal at s[i], where
// Skip would leave the scanner, or -1 when no valid literal starts there
// (Skip reports why).
func NumberEnd(s string, i int) int {
	if i >= len(s) {
		return -1
	}
	return skipNumber(s, i)
}

// skipNumber passes over the number at s[i], or returns -1. It reads a
// fraction eight digits at a time (digitsEnd), the rest a byte at a time;
// the integer part's loop starts after its first digit, which the test
// for a leading 0 has seen already.
func skipNumber(s string, i int) int {
	if s[i] == '-' {
		if i++; i >= len(s) {
			return -1
		}
	}
	if c := s[i]; c == '0' {
		i++
	} else if c-'1' < 9 {
		for i++; i < len(s) && s[i]-'0' < 10; i++ {
		}
	} else {
		return -1
	}
	if i < len(s) && s[i] == '.' {
		k := i + 1
		if i = digitsEnd(s, k); i == k {
			return -1 // no digit after the point
		}
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		k := i
		for i < len(s) && s[i]-'0' < 10 {
			i++
		}
		if i == k {
			return -1
		}
	}
	return i
}

// skipSlow validates and passes over one value of any kind, reporting the
// first error. Recursion is bounded by MaxDepth.
func (sc *Scanner) skipSlow() {
	switch c := sc.Peek(); c {
	case '{':
		if !sc.BeginObject() {
			return
		}
		for first := true; ; first = false {
			if _, ok := sc.NextKey(first); !ok {
				return
			}
			sc.Skip()
		}
	case '[':
		if !sc.BeginArray() {
			return
		}
		for first := true; sc.NextElem(first); first = false {
			sc.Skip()
		}
	case '"':
		sc.skipStr()
	case 't':
		sc.Literal("true")
	case 'f':
		sc.Literal("false")
	case 'n':
		sc.Literal("null")
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			sc.number()
			return
		}
		sc.failChar("looking for beginning of value")
	}
}

// Raw skips one value and returns its text.
func (sc *Scanner) Raw() string {
	sc.WS()
	start := sc.Pos
	sc.Skip()
	if sc.Err != nil {
		return ""
	}
	return sc.Data[start:sc.Pos]
}
