package cloudtrail

import (
	"bytes"
	"io"
	"strconv"
	"unsafe"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// maxDepth bounds object and array nesting, counted from the log file's root. It is the
// limit package events applies to one event (PutEvents documents 1100 levels,
// docs/reference.md#71-eventbridge-api-limits), so every record EventBridge could
// deliver fits while hostile input stops early.
const maxDepth = jsonscan.MaxDepth

// minBuffer is the size of the first read buffer. It grows by doubling only
// while one record does not fit, never past twice the record limit.
const minBuffer = 64 << 10

// scanner reads a log file as a stream. It holds a window of the input in
// buf: everything before keep (or before pos when keep is -1) may be
// dropped on the next refill, so memory stays bounded by the largest value
// kept, not by the input. It reads the log file's own object and Records
// array itself and hands each value in them, held whole in buf, to
// internal/jsonscan, the JSON reader package events uses (see value). The
// first error is sticky: once err is set every method returns and loops
// end.
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
	limit   int  // longest value kept, in bytes
	over    bool // the kept value grew past limit and was released

	// fields holds the members of the current record that the envelope
	// mapping reads, as offsets from keep (see locate).
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
				// The kept value is over the limit: check what is held of
				// it, stop keeping it and go on so that the next value can
				// still be read.
				s.checkHeld()
				if s.err != nil {
					return false
				}
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

// enter counts one more level of nesting of the log file's own object and
// Records array.
func (s *scanner) enter() bool {
	s.depth++
	if s.depth > maxDepth {
		s.fail("exceeded max depth")
		return false
	}
	return true
}

// mode says what value does with a value besides validating it.
type mode uint8

const (
	modeSkip   mode = iota // pass over it
	modeRecord             // locate the members the mapping reads in fields
	modeKey                // decode it, a string, as an object key
)

// value validates the JSON value at the next non-space byte and leaves pos
// after it. The value is validated (and, by mode, read) by the shared
// scanner, internal/jsonscan, over the bytes held in buf from its start:
// when they run out before the value ends, more input is read and the value
// scanned again, which happens for about one value per buffer. A value
// longer than limit is not held: its first limit bytes are validated as it
// is released, and the rest is passed over by split, which follows only
// strings and brackets. value reports whether the value was held and
// validated in full; with modeRecord keep is then its start. With modeKey
// it also returns the decoded key, which aliases buf when it holds no
// escape: compare it, do not keep it.
func (s *scanner) value(m mode) (key string, held bool) {
	c := s.peek()
	s.keep, s.over = s.pos, false
	// A number or literal ends at the byte after it, which must be read.
	scalar := !isOpen[c] && c != '"'
	passed := false
	for {
		n := len(s.buf) - s.keep
		sc := jsonscan.NewNested(bytesString(s.buf[s.keep:]), s.depth)
		switch {
		case m == modeRecord && c == '{':
			locate(&sc, &s.fields)
		case m == modeKey && c == '"':
			key = sc.Str()
		default:
			sc.Skip()
		}
		ranOut := sc.Err != nil && sc.Err.Offset >= int64(n) || sc.Err == nil && scalar && sc.Pos == n
		if ranOut && !passed {
			if n > s.limit {
				s.pos = s.keep
				s.split(c)
				if s.err != nil || s.over {
					s.keep, s.over = -1, false
					return "", false
				}
				passed = true // the value ended within twice the limit
				continue
			}
			if s.fill() {
				continue
			}
			if s.err != nil {
				s.keep = -1
				return "", false
			}
		}
		if sc.Err != nil {
			s.pos = s.keep + int(sc.Err.Offset)
			s.keep = -1
			s.fail(sc.Err.Msg)
			return "", false
		}
		s.pos = s.keep + sc.Pos
		if m != modeRecord {
			s.keep = -1
		}
		return key, true
	}
}

// fill reads input until buf is full, growing it first when the held value
// fills it already, so that a value is scanned again only when its buffer
// is full or has doubled: the cost stays linear in the value's size however
// little each Read returns. It stops early at the end of the input or at a
// read error, and reports whether it read anything.
func (s *scanner) fill() bool {
	read := false
	for {
		s.pos = len(s.buf)
		if !s.more() {
			if read && s.err != nil {
				// A read error: hold it back until what was read before
				// it has been scanned, as more does.
				s.pending, s.err = s.err, nil
			}
			return read
		}
		read = true
		if len(s.buf) == cap(s.buf) || s.pending != nil {
			s.pos = len(s.buf)
			return true
		}
	}
}

// bytesString returns b as a string without copying. The string is read
// only while b, part of buf, is neither refilled nor written.
func bytesString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// checkHeld validates the held bytes of a value that is about to be
// released for being longer than limit, and fails on a syntax error among
// them. Their end cuts the value short, so running out is no error.
func (s *scanner) checkHeld() {
	held := s.buf[s.keep:s.pos]
	sc := jsonscan.NewNested(bytesString(held), s.depth)
	sc.Skip()
	if sc.Err != nil && sc.Err.Offset < int64(len(held)) {
		s.pos = s.keep + int(sc.Err.Offset)
		s.fail(sc.Err.Msg)
	}
}

// isOpen marks the bytes that open an object or array; isScalar those a
// number or a literal (true, false, null) is made of, and the letters of
// any malformed one.
var isOpen, isScalar = func() (open, scalar [256]bool) {
	open['{'], open['['] = true, true
	for c := range 256 {
		scalar[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '+' || c == '-' || c == '.'
	}
	return open, scalar
}()

// split moves pos past the value that starts with c at pos: a string past
// its closing quote, an object or array past its closing bracket, anything
// else past its run of scalar bytes. It checks no more than it needs to find
// the end: a closing bracket of the wrong kind, or nesting past
// jsonscan.MaxDepth from the file's root, ends the value early so that
// jsonscan reports it.
// Refills keep the bytes from keep on, as more does.
func (s *scanner) split(c byte) {
	switch {
	case c == '"':
		s.pos++
		s.skipString()
		return
	case !isOpen[c]:
		for {
			for s.pos < len(s.buf) && isScalar[s.buf[s.pos]] {
				s.pos++
			}
			if s.pos < len(s.buf) || !s.more() {
				return
			}
		}
	}
	var objects [jsonscan.MaxDepth/64 + 1]uint64 // bit d: level d is an object
	depth, room := 0, jsonscan.MaxDepth-s.depth
	for {
		for s.pos < len(s.buf) {
			c := s.buf[s.pos]
			s.pos++
			switch c {
			case '"':
				if !s.skipString() {
					return
				}
			case '{', '[':
				if depth++; depth > room {
					return
				}
				if c == '{' {
					objects[depth/64] |= 1 << (depth % 64)
				} else {
					objects[depth/64] &^= 1 << (depth % 64)
				}
			case '}', ']':
				if inObject := objects[depth/64]&(1<<(depth%64)) != 0; inObject != (c == '}') {
					return
				}
				if depth--; depth == 0 {
					return
				}
			}
		}
		if !s.more() {
			return
		}
	}
}

// skipString moves pos past the closing quote of the string whose content
// starts at pos, or to the end of the input, and reports whether it found
// the quote. It only finds the quote (jsonscan checks the content): the
// first '"' after an even run of backslashes, found with bytes.IndexByte.
func (s *scanner) skipString() bool {
	carry := 0 // the run of backslashes read before pos, mod 2
	for {
		b, start := s.buf, s.pos
		for i := start; ; {
			q := bytes.IndexByte(b[i:], '"')
			if q < 0 {
				carry = backslashes(b, start, len(b), carry) % 2
				s.pos = len(b)
				break
			}
			q += i
			if backslashes(b, start, q, carry)%2 == 0 {
				s.pos = q + 1
				return true
			}
			i = q + 1 // an escaped quote
		}
		if !s.more() {
			return false
		}
	}
}

// backslashes counts the backslashes that end b[start:end], adding carry,
// the count before start, when they all do.
func backslashes(b []byte, start, end, carry int) int {
	j := end
	for j > start && b[j-1] == '\\' {
		j--
	}
	if j == start {
		return end - j + carry
	}
	return end - j
}

// locate validates the record at sc, an object, and records in f where
// the values of the members the mapping reads are, as offsets in sc.Data.
// A member given twice counts with its last value, as in encoding/json.
func locate(sc *jsonscan.Scanner, f *[numFields]span) {
	*f = [numFields]span{}
	if !sc.BeginObject() {
		return
	}
	for first := true; ; first = false {
		key, ok := sc.NextKey(first)
		if !ok {
			return
		}
		i := field(key)
		if i < 0 {
			sc.Skip()
			continue
		}
		c := sc.Peek()
		start := sc.Pos
		sc.Skip()
		switch c {
		case '"':
			f[i] = span{start: start, end: sc.Pos, kind: spanString}
		case 'n':
			f[i] = span{} // null counts as absent, as in package events
		default:
			f[i] = span{start: start, end: sc.Pos, kind: spanNotString}
		}
	}
}

// unquote decodes a JSON string token (quotes included) that has been
// validated.
func unquote(tok []byte) string {
	sc := jsonscan.New(string(tok))
	return sc.Str()
}
