package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"io"

	"github.com/kmswatch/kmswatch/events"
)

// DefaultMaxRecordSize is the default limit on one record: 1 MiB, the EventBridge
// maximum event size (docs/reference.md#71-eventbridge-api-limits). A larger record
// could not be delivered as an event, so a backtest could not match it either.
const DefaultMaxRecordSize = events.DefaultMaxSize

// Reader reads the records of one CloudTrail log file in the format
// CloudTrail delivers to Amazon S3: a JSON object whose Records member is
// an array of records, gzip-compressed (as CloudTrail writes it) or plain
// (as after gunzip). It tells the two apart by the gzip magic bytes.
//
// The file is streamed: a Reader holds one record at a time, so its memory
// stays under about twice [Reader.MaxRecordSize] (at least 64 KiB) plus the
// decompressor's state whatever the file's size. Every byte is validated as
// JSON on the way, by the scanner package events uses, except that of a
// value too large to hold (over MaxRecordSize, and the buffer) only the part
// held is validated and the rest is passed over by its strings and
// brackets. Members other than Records are validated and skipped,
// and a Records member that is null holds no records. The name Records is
// matched exactly, after unescaping (encoding/json would also take
// "records").
//
// A Reader is not safe for concurrent use; use one per file.
type Reader struct {
	// MaxRecordSize limits one record, in bytes of JSON; 0 or less means
	// DefaultMaxRecordSize. Set it before the first call of Next.
	MaxRecordSize int

	in      io.Reader
	s       scanner
	state   readState
	err     error // sticky: io.EOF or the error that ended the file
	index   int   // records seen, including skipped ones
	records bool  // a Records member was found
	notLog  error // a Records member that is not an array, reported at the end
	rec     []byte
}

type readState uint8

const (
	stStart readState = iota
	stFirstMember
	stNextMember
	stFirstRecord
	stNextRecord
	stEnd
)

// NewReader returns a Reader that reads a log file from r. It reads nothing
// until the first call of Next.
func NewReader(r io.Reader) *Reader {
	return &Reader{in: r}
}

// Offset returns the number of bytes of JSON (after decompression) the
// Reader has consumed.
func (r *Reader) Offset() int64 { return r.s.offset() }

// Next returns the next record as raw JSON, an object. The slice is valid
// until the next call of Next. After the last record Next returns io.EOF.
//
// A [*RecordError] reports one record that was skipped, for being over
// MaxRecordSize ([events.ErrTooLarge]) or not an object ([ErrNotObject]);
// call Next again for the rest. Any other error ends the file and is
// returned again by later calls: [events.ErrSyntax] for malformed JSON,
// [ErrNotLogFile] for JSON that is not a log file, [ErrNoInput] for a
// Reader without input, a [*ReadError] when reading or decompressing fails
// (a truncated gzip file is [io.ErrUnexpectedEOF]). Records returned before
// such an error are valid.
func (r *Reader) Next() ([]byte, error) {
	r.rec = nil
	if r.err != nil {
		return nil, r.err
	}
	s := &r.s
	if r.state == stStart {
		r.start()
	}
	for s.err == nil {
		switch r.state {
		case stFirstMember, stNextMember:
			r.member()
		case stFirstRecord:
			if s.peek() == ']' {
				r.closeRecords()
				continue
			}
			r.state = stNextRecord
			return r.record()
		case stNextRecord:
			switch s.peek() {
			case ',':
				s.pos++
				return r.record()
			case ']':
				r.closeRecords()
			default:
				s.failChar("after array element")
			}
		case stEnd:
			if !s.atEnd() {
				break
			}
			if r.notLog != nil {
				s.err = r.notLog
				break
			}
			if !r.records {
				s.err = &FormatError{Offset: s.offset(), Reason: "no Records member"}
				break
			}
			r.err = io.EOF
			return nil, r.err
		}
	}
	r.err = s.err
	return nil, r.err
}

// start detects gzip and opens the top-level object.
func (r *Reader) start() {
	s := &r.s
	s.keep = -1
	s.limit = r.MaxRecordSize
	if s.limit <= 0 {
		s.limit = DefaultMaxRecordSize
	}
	if r.in == nil {
		s.err = ErrNoInput
		return
	}
	var magic [2]byte
	n, err := io.ReadFull(r.in, magic[:])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		s.err = &ReadError{Err: err}
		return
	}
	s.src = io.MultiReader(bytes.NewReader(magic[:n]), r.in)
	if n == 2 && magic == [2]byte{0x1f, 0x8b} {
		zr, err := gzip.NewReader(s.src)
		if err != nil {
			s.err = &ReadError{Err: err}
			return
		}
		s.src = zr
	}
	if s.peek() != '{' {
		offset := s.offset()
		s.value(modeSkip)
		if s.err == nil && s.atEnd() {
			s.err = &FormatError{Offset: offset, Reason: "the top-level value is not an object"}
		}
		return
	}
	s.pos++
	s.enter()
	r.state = stFirstMember
}

// member reads one member of the top-level object, or its end. A Records
// array is entered; any other value is validated and skipped.
func (r *Reader) member() {
	s := &r.s
	c := s.peek()
	if r.state == stNextMember {
		switch c {
		case ',':
			s.pos++
			c = s.peek()
		case '}':
			s.pos++
			s.depth--
			r.state = stEnd
			return
		default:
			s.failChar("after object key:value pair")
			return
		}
	} else if c == '}' {
		s.pos++
		s.depth--
		r.state = stEnd
		return
	}
	if c != '"' {
		s.failChar("looking for beginning of object key string")
		return
	}
	key, held := s.value(modeKey)
	isRecords := held && key == "Records"
	if s.err != nil {
		return
	}
	if s.peek() != ':' {
		s.failChar("after object key")
		return
	}
	s.pos++
	r.state = stNextMember
	if !isRecords {
		s.value(modeSkip)
		return
	}
	r.records = true
	switch s.peek() {
	case '[':
		s.pos++
		if s.enter() {
			r.state = stFirstRecord
		}
	case 'n':
		s.value(modeSkip) // null: no records
	default:
		// Reported at the end, so that malformed JSON later in the file
		// is reported as such.
		if r.notLog == nil {
			r.notLog = &FormatError{Offset: s.offset(), Reason: "Records is not an array"}
		}
		s.value(modeSkip)
	}
}

// closeRecords consumes the ']' of the Records array.
func (r *Reader) closeRecords() {
	r.s.pos++
	r.s.depth--
	r.state = stNextMember
}

// record reads one element of Records.
func (r *Reader) record() ([]byte, error) {
	s := &r.s
	index := r.index
	r.index++
	c := s.peek()
	offset := s.offset()
	if c != '{' {
		s.value(modeSkip)
		if s.err != nil {
			r.err = s.err
			return nil, r.err
		}
		return nil, &RecordError{Index: index, Offset: offset, Err: ErrNotObject}
	}
	_, held := s.value(modeRecord)
	if s.err != nil {
		r.err = s.err
		return nil, r.err
	}
	if !held || s.pos-s.keep > s.limit {
		size := s.offset() - offset
		s.keep = -1
		return nil, &RecordError{Index: index, Offset: offset, Err: &events.SizeError{Size: int(size), Limit: s.limit}}
	}
	r.rec = s.buf[s.keep:s.pos]
	// The record stays in buf until the next call of Next, which is the
	// first to read more input.
	s.keep = -1
	return r.rec, nil
}

// AppendEvent appends to dst the EventBridge event for the record the last
// call of Next returned, as [AppendEvent] does, without scanning the record
// again. It returns [ErrNoRecord] when that call returned no record.
func (r *Reader) AppendEvent(dst []byte) ([]byte, error) {
	if r.rec == nil {
		return dst, ErrNoRecord
	}
	return appendEvent(dst, r.rec, &r.s.fields)
}
