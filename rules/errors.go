package rules

import (
	"errors"
	"fmt"

	"github.com/kmswatch/kmswatch/internal/errtext"
)

// Sentinel errors matched with errors.Is by the typed errors of this package.
var (
	// ErrInvalidPattern is matched by every [*PatternError].
	ErrInvalidPattern = errors.New("invalid event pattern")
	// ErrUnsupported is matched by every [*UnsupportedError].
	ErrUnsupported = errors.New("unsupported event pattern construct")
	// ErrInvalidEvent is matched by every [*EventError].
	ErrInvalidEvent = errors.New("invalid event")
)

// PatternError reports an event pattern that EventBridge would reject: bad
// JSON, a value of the wrong type, an operator used wrongly, or a pattern over
// the matcher's size or nesting limits. It is safe to share once returned.
type PatternError struct {
	// Path locates the offending value, such as "detail.eventName[1]" or
	// "$or[0].detail"; empty for the pattern as a whole.
	Path string
	// Offset is the byte offset in the pattern JSON where the problem was
	// found, or -1 when it does not apply.
	Offset int64
	// Reason says what was wrong.
	Reason string
}

// Error implements error. Path and Reason can hold keys and values of the
// pattern; each is cut short past a few hundred bytes, with its length, so
// that a hostile pattern cannot make a huge message. The fields keep them
// whole.
func (e *PatternError) Error() string {
	where := errtext.Clip(e.Path)
	if where == "" {
		where = "pattern"
	}
	if e.Offset >= 0 {
		return fmt.Sprintf("%v: %s (byte %d): %s", ErrInvalidPattern, where, e.Offset, errtext.Clip(e.Reason))
	}
	return fmt.Sprintf("%v: %s: %s", ErrInvalidPattern, where, errtext.Clip(e.Reason))
}

// Is reports whether target is [ErrInvalidPattern].
func (e *PatternError) Is(target error) bool { return target == ErrInvalidPattern }

// UnsupportedError reports a construct the offline matcher does not
// implement, such as an operator it does not know. The matcher returns it
// instead of silently not matching, because EventBridge may accept the
// construct. It is safe to share once returned.
type UnsupportedError struct {
	// Path locates the construct, as in [PatternError.Path].
	Path string
	// Construct names what is not supported, such as `operator "contains"`.
	Construct string
}

// Error implements error. Construct and Path are cut short like those of
// [PatternError.Error].
func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("%v: %s at %s", ErrUnsupported, errtext.Clip(e.Construct), errtext.Clip(e.Path))
}

// Is reports whether target is [ErrUnsupported].
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

// EventError reports event JSON that cannot be matched: not valid JSON, not a
// JSON object, trailing data, or over the size limit. It is safe to share once
// returned.
type EventError struct {
	// Offset is the byte offset where the problem was found, or -1.
	Offset int64
	// Reason says what was wrong.
	Reason string
	// Err is the underlying decoding error, if any.
	Err error
}

// Error implements error. Reason is cut short like that of
// [PatternError.Error].
func (e *EventError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%v (byte %d): %s", ErrInvalidEvent, e.Offset, errtext.Clip(e.Reason))
	}
	return fmt.Sprintf("%v: %s", ErrInvalidEvent, errtext.Clip(e.Reason))
}

// Is reports whether target is [ErrInvalidEvent].
func (e *EventError) Is(target error) bool { return target == ErrInvalidEvent }

// Unwrap returns the underlying decoding error.
func (e *EventError) Unwrap() error { return e.Err }
