package metrics

import (
	"errors"

	"github.com/kmswatch/kmswatch/internal/validate"
)

// ValidationError is the error every constructor and builder in this package
// returns for bad input. It lists all problems found, each naming the field
// and the rule. Match it with errors.As; it also matches [ErrInvalid] with
// errors.Is. A returned *ValidationError is never mutated and is safe to
// share between goroutines.
type ValidationError = validate.Error

// Problem is one broken rule on one field of a [ValidationError].
type Problem = validate.Problem

// Rule names the kind of rule a [Problem] breaks.
type Rule = validate.Rule

// The rules a [Problem] can report.
const (
	RuleRequired    = validate.RuleRequired
	RuleForbidden   = validate.RuleForbidden
	RuleLength      = validate.RuleLength
	RuleRange       = validate.RuleRange
	RulePattern     = validate.RulePattern
	RuleEnum        = validate.RuleEnum
	RuleCount       = validate.RuleCount
	RuleUnique      = validate.RuleUnique
	RuleCombination = validate.RuleCombination
	RuleEncoding    = validate.RuleEncoding
)

// ErrInvalid is matched by every [ValidationError] with errors.Is.
var ErrInvalid = validate.ErrInvalid

// ErrNilInput is returned, wrapped, when a function is given a nil client,
// batch or input.
var ErrNilInput = errors.New("nil input")
