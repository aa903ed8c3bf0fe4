package alarms

import "github.com/kmswatch/kmswatch/internal/validate"

// ValidationError reports every problem found in one alarm, metric filter or
// plan, all at once. Match it with errors.As; errors.Is(err, ErrInvalid) also
// holds. Use its Field method to pick the problems of one field.
type ValidationError = validate.Error

// Problem is one broken rule on one field of a [ValidationError]. Field uses
// the SDK's field names and Go-like paths, such as "Metrics[1].Id".
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

// ErrInvalid is matched with errors.Is by every [ValidationError].
var ErrInvalid = validate.ErrInvalid
