// Package validate collects validation problems so that every builder in the
// module reports all of them at once, in one typed error.
//
// Public packages re-export [Error] and [Problem] with type aliases (for example
// alarms.ValidationError), so callers can match them with errors.As without
// importing an internal package. Each check's message is built from the same
// arguments the check compares against, so the text can never drift from the rule.
//
// An [Error] is plain data, safe to read from several goroutines; a [Collector]
// belongs to one goroutine while it collects.
package validate

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Rule names the kind of rule a [Problem] breaks.
type Rule string

// The rules the checks in this package report.
const (
	RuleRequired    Rule = "required"
	RuleForbidden   Rule = "forbidden"
	RuleLength      Rule = "length"
	RuleRange       Rule = "range"
	RulePattern     Rule = "pattern"
	RuleEnum        Rule = "enum"
	RuleCount       Rule = "count"
	RuleUnique      Rule = "unique"
	RuleCombination Rule = "combination"
	RuleEncoding    Rule = "encoding"
)

// ErrInvalid is matched by every [*Error] with errors.Is.
var ErrInvalid = errors.New("invalid input")

// Problem is one broken rule on one field.
type Problem struct {
	// Field is the path of the offending field, such as "AlarmName" or
	// "Metrics[1].Id".
	Field string
	// Rule is the kind of rule broken.
	Rule Rule
	// Message says what the rule is and what was found.
	Message string
}

func (p Problem) String() string { return p.Field + ": " + p.Message }

// Error reports every problem found in one value. It is safe to share once
// returned; nothing mutates it afterwards.
type Error struct {
	// Subject names what was validated, such as "PutMetricAlarmInput".
	Subject string
	// Problems lists the problems in the order the checks ran.
	Problems []Problem
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "invalid %s: ", e.Subject)
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is [ErrInvalid].
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Field returns the problems reported for field.
func (e *Error) Field(field string) []Problem {
	var out []Problem
	for _, p := range e.Problems {
		if p.Field == field {
			out = append(out, p)
		}
	}
	return out
}

// Collector gathers problems. The zero value is not usable; call [New].
// A Collector is not safe for concurrent use.
type Collector struct {
	subject  string
	problems []Problem
}

// New returns a Collector for the named subject.
func New(subject string) *Collector { return &Collector{subject: subject} }

// Add records a problem with a preformatted message.
func (c *Collector) Add(field string, rule Rule, format string, args ...any) {
	c.problems = append(c.problems, Problem{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// Merge adds the problems of err when it is an [*Error], prefixing their
// fields with prefix (for nested values); any other non-nil error is recorded
// as a problem on prefix.
func (c *Collector) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var ve *Error
	if !errors.As(err, &ve) {
		c.Add(prefix, RuleCombination, "%v", err)
		return
	}
	for _, p := range ve.Problems {
		if prefix != "" {
			p.Field = prefix + "." + p.Field
		}
		c.problems = append(c.problems, p)
	}
}

// OK reports whether no problem has been recorded.
func (c *Collector) OK() bool { return len(c.problems) == 0 }

// Err returns nil when no problem was recorded, and an [*Error] otherwise.
func (c *Collector) Err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &Error{Subject: c.subject, Problems: append([]Problem(nil), c.problems...)}
}

// Required records a problem when present is false.
func (c *Collector) Required(field string, present bool) {
	if !present {
		c.Add(field, RuleRequired, "is required")
	}
}

// Forbidden records a problem when present is true; why says what excludes it.
func (c *Collector) Forbidden(field string, present bool, why string) {
	if present {
		c.Add(field, RuleForbidden, "must not be set %s", why)
	}
}

// Length checks that s holds between min and max characters (Unicode code
// points, as the AWS models count them) and is valid UTF-8.
func (c *Collector) Length(field, s string, min, max int) {
	if !utf8.ValidString(s) {
		c.Add(field, RuleEncoding, "must be valid UTF-8")
		return
	}
	if n := utf8.RuneCountInString(s); n < min || n > max {
		c.Add(field, RuleLength, "length must be between %d and %d characters, got %d", min, max, n)
	}
}

// MaxLength checks that s holds at most max characters; empty is allowed.
func (c *Collector) MaxLength(field, s string, max int) { c.Length(field, s, 0, max) }

// Range checks min <= v <= max.
func (c *Collector) Range(field string, v, min, max int64) {
	if v < min || v > max {
		c.Add(field, RuleRange, "must be between %d and %d, got %d", min, max, v)
	}
}

// Count checks that a list holds between min and max items.
func (c *Collector) Count(field string, n, min, max int) {
	if n < min || n > max {
		c.Add(field, RuleCount, "must hold between %d and %d items, got %d", min, max, n)
	}
}

// Pattern checks that s matches re; the message quotes the expression itself.
func (c *Collector) Pattern(field, s string, re *regexp.Regexp) {
	if !re.MatchString(s) {
		c.Add(field, RulePattern, "must match %s, got %q", re.String(), s)
	}
}

// Enum checks that s is one of allowed.
func (c *Collector) Enum(field, s string, allowed ...string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.Add(field, RuleEnum, "must be one of %s, got %q", strings.Join(allowed, ", "), s)
}

// NoControl records a problem when s holds an ASCII control character.
func (c *Collector) NoControl(field, s string) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			c.Add(field, RulePattern, "must not contain ASCII control characters (found 0x%02x at byte %d)", s[i], i)
			return
		}
	}
}
