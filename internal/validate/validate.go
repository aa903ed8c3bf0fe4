// Package validate collects validation problems so that every builder in the
// module reports all of them at once, in one [*kmswatch.ValidationError].
//
// Each check's message is built from the same arguments the check compares
// against, so the text can never drift from the rule. Problems are named with
// the root package's vocabulary: c.Add(field, kmswatch.RuleRange, …).
//
// A [Collector] belongs to one goroutine while it collects; the error it
// returns is plain data, safe to read from several goroutines.
package validate

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch"
)

// Collector gathers problems. The zero value is not usable; call [New].
// A Collector is not safe for concurrent use.
type Collector struct {
	subject  string
	problems []kmswatch.Problem
}

// New returns a Collector for the named subject.
func New(subject string) *Collector { return &Collector{subject: subject} }

// Add records a problem with a preformatted message.
func (c *Collector) Add(field string, rule kmswatch.Rule, format string, args ...any) {
	c.problems = append(c.problems, kmswatch.Problem{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// Merge adds the problems of err when it is a [*kmswatch.ValidationError],
// prefixing their fields with prefix (for nested values: "Metrics[1]" and
// "Period" give "Metrics[1].Period"; an empty field gives prefix itself);
// any other non-nil error is recorded as a problem on prefix.
func (c *Collector) Merge(prefix string, err error) {
	c.merge(prefix, err, func(field string) string { return Join(prefix, field) })
}

// MergeAs adds the problems of err, which a call reported relative to its
// parameter param, as problems on path: the caller passed path as that
// parameter. A problem on "keyRef" becomes one on "keyRefs[3]" for
// MergeAs("keyRef", "keyRefs[3]", err); problems on other fields keep
// theirs. Any other non-nil error is recorded as a problem on path.
func (c *Collector) MergeAs(param, path string, err error) {
	c.merge(path, err, func(field string) string {
		if rest, ok := strings.CutPrefix(field, param); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			return path + rest
		}
		return field
	})
}

// merge adds the problems of err with their fields moved by field, or
// records any other non-nil error as a problem on path.
func (c *Collector) merge(path string, err error, field func(string) string) {
	if err == nil {
		return
	}
	var ve *kmswatch.ValidationError
	if !errors.As(err, &ve) {
		c.Add(path, kmswatch.RuleCombination, "%v", err)
		return
	}
	for _, p := range ve.Problems {
		p.Field = field(p.Field)
		c.problems = append(c.problems, p)
	}
}

// Join returns the path of field inside prefix: "prefix.field", "prefix[i]"
// for an index field "[i]", or either alone when the other is empty.
func Join(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case field[0] == '[':
		return prefix + field
	}
	return prefix + "." + field
}

// Problems returns the problems recorded so far; the caller must not change
// them.
func (c *Collector) Problems() []kmswatch.Problem { return c.problems }

// Has reports whether a problem was recorded on path or inside it ("opts"
// holds "opts.Period" and "opts.Tags[0].Key").
func (c *Collector) Has(path string) bool {
	for _, p := range c.problems {
		if Within(p.Field, path) {
			return true
		}
	}
	return false
}

// Within reports whether field is path or a path inside it.
func Within(field, path string) bool {
	rest, ok := strings.CutPrefix(field, path)
	return ok && (rest == "" || path == "" || rest[0] == '.' || rest[0] == '[')
}

// OK reports whether no problem has been recorded.
func (c *Collector) OK() bool { return len(c.problems) == 0 }

// Err returns nil when no problem was recorded, and a
// [*kmswatch.ValidationError] otherwise.
func (c *Collector) Err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return &kmswatch.ValidationError{Subject: c.subject, Problems: append([]kmswatch.Problem(nil), c.problems...)}
}

// Required records a problem when present is false.
func (c *Collector) Required(field string, present bool) {
	if !present {
		c.Add(field, kmswatch.RuleRequired, "is required")
	}
}

// NotNil records a problem when present is false, for a pointer argument
// that must be set, and returns present, so that a check can stop before
// reading through the pointer.
func (c *Collector) NotNil(field string, present bool) bool {
	if !present {
		c.Add(field, kmswatch.RuleRequired, "must not be nil")
	}
	return present
}

// Input checks in, the argument of a validating function about subject,
// with check and returns the problems as one error, or nil. A nil in is the
// one problem, on the empty field: check does not run.
func Input[T any](subject string, in *T, check func(c *Collector, in *T)) error {
	c := New(subject)
	if c.NotNil("", in != nil) {
		check(c, in)
	}
	return c.Err()
}

// Forbidden records a problem when present is true; why says what excludes it.
func (c *Collector) Forbidden(field string, present bool, why string) {
	if present {
		c.Add(field, kmswatch.RuleForbidden, "must not be set %s", why)
	}
}

// Length checks that s holds between min and max characters (Unicode code
// points, as the AWS models count them) and is valid UTF-8.
func (c *Collector) Length(field, s string, min, max int) {
	if !utf8.ValidString(s) {
		c.Add(field, kmswatch.RuleEncoding, "must be valid UTF-8")
		return
	}
	if n := utf8.RuneCountInString(s); n < min || n > max {
		c.Add(field, kmswatch.RuleLength, "length must be between %d and %d characters, got %d", min, max, n)
	}
}

// MaxLength checks that s holds at most max characters; empty is allowed.
func (c *Collector) MaxLength(field, s string, max int) { c.Length(field, s, 0, max) }

// Range checks min <= v <= max.
func (c *Collector) Range(field string, v, min, max int64) {
	if v < min || v > max {
		c.Add(field, kmswatch.RuleRange, "must be between %d and %d, got %d", min, max, v)
	}
}

// Count checks that a list holds between min and max items.
func (c *Collector) Count(field string, n, min, max int) {
	if n < min || n > max {
		c.Add(field, kmswatch.RuleCount, "must hold between %d and %d items, got %d", min, max, n)
	}
}

// Pattern checks that s matches re; the message quotes the expression itself.
func (c *Collector) Pattern(field, s string, re *regexp.Regexp) {
	if !re.MatchString(s) {
		c.Add(field, kmswatch.RulePattern, "must match %s, got %q", re.String(), s)
	}
}

// Enum checks that s is one of allowed.
func (c *Collector) Enum(field, s string, allowed ...string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.Add(field, kmswatch.RuleEnum, "must be one of %s, got %q", strings.Join(allowed, ", "), s)
}

// Strings returns values, of a string enum type such as an AWS SDK enum's
// Values(), as strings: the allowed list of [Collector.Enum].
func Strings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// NoControl records a problem when s holds an ASCII control character.
func (c *Collector) NoControl(field, s string) {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			c.Add(field, kmswatch.RulePattern, "must not contain ASCII control characters (found 0x%02x at byte %d)", s[i], i)
			return
		}
	}
}
