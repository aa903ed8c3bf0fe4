package cloudtrail

import (
	"encoding/binary"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch/events"
)

// maxDepth bounds object and array nesting, counted from the log file's
// root. It is the limit package events applies to one event (PutEvents
// documents 1100 levels, reference §7.1), so every record EventBridge could
// deliver fits while hostile input stops early.
const maxDepth = 1100

// minBuffer is the size of the first read buffer. It grows by doubling only
// while one record does not fit, never past twice the record limit.
const minBuffer = 64 << 10

// scanner is a validating JSON reader over a stream. It holds a window of
// the input in buf: everything before keep (or before pos when keep is -1)
// may be dropped on the next refill, so memory stays bounded by the largest
// token kept, not by the input. The first error is sticky: once err is set
// every method returns and loops end.
type scanner struct {
	buf  []byte
	pos  int       // next byte to scan
	keep int       // index of the first byte to keep on refill, -1 for none
	base int64     // stream offset of buf[0]
	src  io.Reader // nil at the end of input
	err  error
	// pending is a read error returned together with bytes not yet
	// scanned; it becomes err when more input is needed.
	pending error
	depth   int
	limit   int  // longest token kept, in bytes
	over    bool // the kept token grew past limit and was released
	escaped bool // the last string str read held an escape

	// fields holds the members of the current record that the envelope
	// mapping reads, as offsets from keep (see field).
	fields [numFields]span
}

// span locates one member's value inside the kept record.
type span struct {
	start, end int
	kind       spanKind
}

type spanKind uint8

const (
	spanAbsent    spanKind = iota // member missing or null
	spanString                    // a JSON string, quotes included
	spanNotString                 // any other value
)

// offset returns the stream offset of buf[pos].
func (s *scanner) offset() int64 { return s.base + int64(s.pos) }

// fail records a syntax error at pos and stops the scan.
func (s *scanner) fail(msg string) {
	if s.err == nil {
		s.err = &events.SyntaxError{Offset: s.offset(), Msg: msg}
	}
	s.src = nil
	s.pos = len(s.buf)
}

// failChar reports an unexpected byte, or the end of input, at pos, in
// encoding/json's wording.
func (s *scanner) failChar(context string) {
	if s.err != nil {
		return
	}
	if s.pos >= len(s.buf) {
		s.fail("unexpected end of JSON input " + context)
		return
	}
	s.fail("invalid character " + strconv.QuoteRune(rune(s.buf[s.pos])) + " " + context)
}

// more reads more input into buf, dropping what need not be kept and
// growing buf only while the kept token fits the limit. It reports whether
// at least one more byte was read. A read error is held back until the
// bytes read with it have been scanned.
func (s *scanner) more() bool {
	for s.err == nil && s.src != nil {
		if s.pending != nil {
			s.err = s.pending
			return false
		}
		drop := s.pos
		if s.keep >= 0 {
			drop = s.keep
		}
		if drop > 0 {
			n := copy(s.buf, s.buf[drop:])
			s.buf = s.buf[:n]
			s.pos -= drop
			if s.keep >= 0 {
				s.keep -= drop
			}
			s.base += int64(drop)
		}
		if len(s.buf) == cap(s.buf) {
			if s.keep >= 0 && s.pos > s.limit {
				// The kept token is over the limit: stop keeping it and go
				// on scanning so that the next token can still be read.
				s.over, s.keep = true, -1
				continue
			}
			grown := make([]byte, len(s.buf), max(minBuffer, 2*cap(s.buf)))
			copy(grown, s.buf)
			s.buf = grown
		}
		n, err := s.src.Read(s.buf[len(s.buf):cap(s.buf)])
		s.buf = s.buf[:len(s.buf)+n]
		if err == io.EOF {
			s.src = nil
		} else if err != nil {
			s.pending = &ReadError{Offset: s.base + int64(len(s.buf)), Err: err}
		}
		if n > 0 {
			return true
		}
	}
	return false
}

// ensure reports whether n bytes from pos are available.
func (s *scanner) ensure(n int) bool {
	for len(s.buf)-s.pos < n {
		if !s.more() {
			return false
		}
	}
	return true
}

// peek skips white space and returns the next byte, or 0 at the end of the
// input (a NUL byte in the input also reads as 0, with pos < len(buf)).
func (s *scanner) peek() byte {
	if s.pos < len(s.buf) && s.buf[s.pos] > ' ' {
		return s.buf[s.pos]
	}
	return s.skipSpace()
}

// skipSpace is peek's loop over white space and refills.
func (s *scanner) skipSpace() byte {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return c
			}
		}
		if !s.more() {
			return 0
		}
	}
}

// atEnd checks that only white space is left.
func (s *scanner) atEnd() bool {
	if s.peek() != 0 || s.pos < len(s.buf) {
		s.failChar("after top-level value")
	}
	return s.err == nil
}

// enter counts one more level of nesting and fails past maxDepth.
func (s *scanner) enter() bool {
	s.depth++
	if s.depth > maxDepth {
		s.fail("exceeded max depth")
		return false
	}
	return true
}

// value validates any JSON value at the next non-space byte.
func (s *scanner) value() {
	switch c := s.peek(); {
	case c == '"':
		s.str()
	case c == '{':
		s.object(false)
	case c == '[':
		s.array()
	case c == '-' || c >= '0' && c <= '9':
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.failChar("looking for beginning of value")
	}
}

// object validates the object at pos ('{'). With record set, the object is
// a CloudTrail record: it must be kept from keep, and the values of its
// top-level members that the envelope mapping reads are located in fields.
func (s *scanner) object(record bool) {
	s.pos++
	if !s.enter() {
		return
	}
	c := s.peek()
	if c == '}' {
		s.pos++
		s.depth--
		return
	}
	for {
		if c != '"' {
			s.failChar("looking for beginning of object key string")
			return
		}
		keyStart := s.pos - s.keep
		s.str()
		f := -1
		if record && !s.over && s.err == nil {
			f = field(s.buf[s.keep+keyStart:s.pos], s.escaped)
		}
		if s.peek() != ':' {
			s.failChar("after object key")
			return
		}
		s.pos++
		if f < 0 {
			s.value()
		} else {
			start := s.peek()
			valStart := s.pos - s.keep
			s.value()
			sp := span{start: valStart, end: s.pos - s.keep, kind: spanNotString}
			switch start {
			case '"':
				sp.kind = spanString
			case 'n':
				sp = span{} // null counts as absent, as in package events
			}
			if !s.over {
				s.fields[f] = sp
			}
		}
		if s.err != nil {
			return
		}
		switch s.peek() {
		case ',':
			s.pos++
			c = s.peek()
		case '}':
			s.pos++
			s.depth--
			return
		default:
			s.failChar("after object key:value pair")
			return
		}
	}
}

// array validates the array at pos ('[').
func (s *scanner) array() {
	s.pos++
	if !s.enter() {
		return
	}
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return
	}
	for {
		s.value()
		if s.err != nil {
			return
		}
		switch s.peek() {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return
		default:
			s.failChar("after array element")
			return
		}
	}
}

// plain marks the bytes a string holds without further checks: everything
// but '"', '\\' and control characters. Like encoding/json, the scanner
// does not reject invalid UTF-8; decoders replace it with U+FFFD.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// special reports whether any of the eight bytes in w is '"', '\\' or a
// control character (the classic "has zero byte" and "has byte less than"
// word tricks; exact for these constants).
func special(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quote := w ^ (ones * '"')
	backslash := w ^ (ones * '\\')
	return ((quote-ones)&^quote|(backslash-ones)&^backslash|(w-ones*0x20)&^w)&highs != 0
}

// str validates the string at pos ('"') and leaves pos after its closing
// quote.
func (s *scanner) str() {
	s.pos++
	s.escaped = false
	for {
		b, i := s.buf, s.pos
		// Eight bytes at a time while none needs a look: most of a log
		// file is string content.
		for i+8 <= len(b) && !special(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && plain[b[i]] {
			i++
		}
		s.pos = i
		if i == len(b) {
			if !s.more() {
				s.failChar("in string literal")
				return
			}
			continue
		}
		switch c := b[i]; {
		case c == '"':
			s.pos++
			return
		case c == '\\':
			s.escaped = true
			if !s.escape() {
				return
			}
		default:
			s.fail("invalid character " + strconv.QuoteRune(rune(c)) + " in string literal")
			return
		}
	}
}

// escape validates the escape sequence at pos ('\\').
func (s *scanner) escape() bool {
	if !s.ensure(2) {
		s.pos = len(s.buf)
		s.failChar("in string escape code")
		return false
	}
	s.pos++
	switch s.buf[s.pos] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos++
		return true
	case 'u':
		s.pos++
		for range 4 {
			if s.pos >= len(s.buf) && !s.more() {
				s.failChar("in \\u hexadecimal character escape")
				return false
			}
			if !isHex(s.buf[s.pos]) {
				s.failChar("in \\u hexadecimal character escape")
				return false
			}
			s.pos++
		}
		return true
	}
	s.failChar("in string escape code")
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// next returns the byte at pos, reading more input if needed, or reports
// false at the end.
func (s *scanner) next() (byte, bool) {
	if s.pos >= len(s.buf) && !s.more() {
		return 0, false
	}
	return s.buf[s.pos], true
}

// digits consumes a run of decimal digits and reports how many there were.
func (s *scanner) digits() int {
	n := 0
	for {
		c, ok := s.next()
		if !ok || c < '0' || c > '9' {
			return n
		}
		s.pos++
		n++
	}
}

// number validates the number at pos.
func (s *scanner) number() {
	if s.buf[s.pos] == '-' {
		s.pos++
	}
	switch c, ok := s.next(); {
	case !ok:
		s.failChar("in numeric literal")
		return
	case c == '0':
		s.pos++
	case c >= '1' && c <= '9':
		s.digits()
	default:
		s.failChar("in numeric literal")
		return
	}
	if c, ok := s.next(); ok && c == '.' {
		s.pos++
		if s.digits() == 0 {
			s.failChar("after decimal point in numeric literal")
			return
		}
	}
	if c, ok := s.next(); ok && (c == 'e' || c == 'E') {
		s.pos++
		if c, ok := s.next(); ok && (c == '+' || c == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			s.failChar("in exponent of numeric literal")
		}
	}
}

// literal validates true, false or null at pos.
func (s *scanner) literal(word string) {
	for i := range len(word) {
		c, ok := s.next()
		if !ok || c != word[i] {
			s.failChar("in literal " + word + " (expecting " + strconv.QuoteRune(rune(word[i])) + ")")
			return
		}
		s.pos++
	}
}

// unquote decodes a JSON string token (quotes included) that the scanner
// has validated. Tokens without escapes cost no copy of their content.
func unquote(tok []byte) string {
	tok = tok[1 : len(tok)-1]
	i := 0
	for i < len(tok) && tok[i] != '\\' {
		i++
	}
	if i == len(tok) {
		return string(tok)
	}
	out := make([]byte, i, len(tok))
	copy(out, tok)
	for i < len(tok) {
		c := tok[i]
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		e := tok[i+1]
		i += 2
		switch e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(tok[i:])
			i += 4
			if utf16.IsSurrogate(r) {
				dec := utf8.RuneError
				if i+6 <= len(tok) && tok[i] == '\\' && tok[i+1] == 'u' {
					dec = utf16.DecodeRune(r, hex4(tok[i+2:]))
				}
				if dec != utf8.RuneError {
					i += 6
				}
				r = dec
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/'
			out = append(out, e)
		}
	}
	return string(out)
}

// hex4 decodes four hexadecimal digits the scanner has validated.
func hex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c <= 'F':
			c -= 'A' - 10
		default:
			c -= 'a' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
