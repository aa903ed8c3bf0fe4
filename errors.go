package kmswatch

import (
	"errors"
	"strings"
)

// ErrInvalid is matched with errors.Is by every [*ValidationError], whichever
// package returned it.
var ErrInvalid = errors.New("invalid input")

// ValidationError reports every problem found in the arguments of one call,
// all at once. Every package of the module returns it for bad input, so one
// errors.As target serves them all:
//
//	var ve *kmswatch.ValidationError
//	if errors.As(err, &ve) {
//		for _, p := range ve.Problems {
//			log.Println(p.Field, p.Rule, p.Message)
//		}
//	}
//
// It also matches [ErrInvalid] with errors.Is. A returned *ValidationError is
// never changed afterwards and is safe to read from several goroutines.
type ValidationError struct {
	// Subject names what the problems' paths are relative to: the function
	// called, such as "alarms.KeyMaterialExpiry", or the type of the value
	// a Validate function or method checks, such as
	// "cloudwatch.PutMetricAlarmInput" (see the package documentation).
	Subject string
	// Problems lists every problem found, in the order the checks ran.
	Problems []Problem
}

// Error returns "invalid <Subject>: " followed by each problem as
// "<Field>: <Message>", separated by "; ".
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("invalid ")
	b.WriteString(e.Subject)
	b.WriteString(": ")
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports whether target is [ErrInvalid].
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Field returns the problems reported on path, such as "opts.Period" or
// "Metrics[1].MetricStat.Period", in the order they were found.
func (e *ValidationError) Field(path string) []Problem {
	var out []Problem
	for _, p := range e.Problems {
		if p.Field == path {
			out = append(out, p)
		}
	}
	return out
}

// Problem is one broken rule on one field.
type Problem struct {
	// Field is the path of the offending value, relative to the call's
	// arguments: a parameter name ("keyRef", "within", "opts.Period",
	// "desired[0].Period"), or for a Validate function or method a field
	// of the value checked ("Period", "Metrics[1].MetricStat.Period"). It
	// is empty when the value as a whole is at fault (a nil input).
	Field string
	// Rule is the kind of rule broken.
	Rule Rule
	// Message says what the rule is and what was found, built from the
	// same limits the check compares against. It does not repeat Field.
	Message string
}

// String returns "<Field>: <Message>", or the message alone when Field is
// empty.
func (p Problem) String() string {
	if p.Field == "" {
		return p.Message
	}
	return p.Field + ": " + p.Message
}

// Rule names the kind of rule a [Problem] breaks, so that a program can tell
// a missing value from one out of range without parsing messages.
type Rule string

// The rules a [Problem] can report.
const (
	// RuleRequired: a required value is missing.
	RuleRequired Rule = "required"
	// RuleForbidden: a value is set where it is not allowed.
	RuleForbidden Rule = "forbidden"
	// RuleLength: a string is too short or too long.
	RuleLength Rule = "length"
	// RuleRange: a number or duration is out of range.
	RuleRange Rule = "range"
	// RulePattern: a string does not have the required form.
	RulePattern Rule = "pattern"
	// RuleEnum: a value is not one of a closed set.
	RuleEnum Rule = "enum"
	// RuleCount: a list holds too few or too many items.
	RuleCount Rule = "count"
	// RuleUnique: a value repeats one that must not repeat.
	RuleUnique Rule = "unique"
	// RuleCombination: values are valid alone but not together.
	RuleCombination Rule = "combination"
	// RuleEncoding: a string is not valid UTF-8 or not valid JSON.
	RuleEncoding Rule = "encoding"
	// RuleType: a value has the wrong type, such as a JSON number where a
	// string is required.
	RuleType Rule = "type"
)
