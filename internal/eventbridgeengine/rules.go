package eventbridgeengine

import (
	"encoding/base64"
	"errors"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/kmswatch/kmswatch/rules"
)

// Limits that depend on stored state or concern operations the validators
// of package rules do not cover (docs/reference.md#71-eventbridge-api-limits,
// EventBridge quota page and API model).
const (
	// MaxRulesPerBus is the default quota on rules per event bus.
	MaxRulesPerBus = 300
	// maxPageSize is the model's upper bound on Limit for the List
	// operations, also used as the page size when Limit is absent.
	maxPageSize = 100
	// maxRemoveIDs is the model's bound on RemoveTargets Ids.
	maxRemoveIDs = 100
)

// Rule states (the RuleState enum of the API).
const (
	StateEnabled  = "ENABLED"
	StateDisabled = "DISABLED"
	// StateEnabledWithAllCloudTrail also receives read-only CloudTrail
	// management events.
	StateEnabledWithAllCloudTrail = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
)

// Rule is a rule as PutRule stores it and DescribeRule and ListRules
// return it: the optional members are kept exactly as sent.
type Rule struct {
	Name               string
	EventPattern       *string
	ScheduleExpression *string
	// State is one of the State constants; PutRule stores [StateEnabled]
	// for an empty one.
	State       string
	Description *string
	RoleArn     *string
	// Arn and EventBus (the bus's name) are set by the engine.
	Arn      string
	EventBus string
}

// rule is a stored rule with its targets, in the order they were first put.
type rule struct {
	Rule
	targets []Target
}

// CompilePattern compiles an event pattern with the offline matcher,
// mapping its errors to what PutRule and TestEventPattern answer.
func CompilePattern(pattern string) (*rules.Pattern, error) {
	p, err := rules.Compile(pattern)
	if err != nil {
		return nil, patternError(err)
	}
	return p, nil
}

// patternError is the API error for an error of rules.Compile or
// rules.Set.Add: InvalidEventPatternException for a pattern EventBridge
// rejects, UnsupportedByFakeException for one the matcher cannot evaluate.
func patternError(err error) error {
	if errors.Is(err, rules.ErrUnsupported) {
		return &Error{Code: CodeUnsupportedByFake, Message: err.Error()}
	}
	return errorf(CodeInvalidEventPattern, "Event pattern is not valid. Reason: %v", err)
}

// PutRule creates or replaces the rule r.Name on the bus busName (empty, a
// name or an ARN) and returns its ARN. It replaces the whole rule but keeps
// its targets. Within the model's 4,096 characters, the "Event pattern
// size" quota applies (default 2,048, adjustable; EventBridge quotas page):
// going over a service quota is what LimitExceededException reports.
func (e *Engine) PutRule(busName string, r Rule) (string, error) {
	var compiled *rules.Pattern
	if r.EventPattern != nil {
		if n := utf8.RuneCountInString(*r.EventPattern); n > e.cfg.PatternQuota {
			return "", errorf(CodeLimitExceeded, "Event pattern is %d characters; the Event pattern size quota is %d.", n, e.cfg.PatternQuota)
		}
		var err error
		if compiled, err = CompilePattern(*r.EventPattern); err != nil {
			return "", err
		}
	}
	if r.State == "" {
		r.State = StateEnabled
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := e.lookupBus(busName)
	if err != nil {
		return "", err
	}
	stored, exists := b.rules[r.Name]
	if !exists {
		if len(b.rules) >= MaxRulesPerBus {
			return "", errorf(CodeLimitExceeded, messageLimitExceeded)
		}
		stored = &rule{}
		b.rules[r.Name] = stored
	}
	b.patterns.Remove(r.Name)
	if compiled != nil {
		// Add shares the pattern compiled above, so it does not fail here.
		if err := b.patterns.Add(r.Name, compiled); err != nil {
			return "", patternError(err)
		}
	}
	r.Arn, r.EventBus = e.ruleARN(b.name, r.Name), b.name
	stored.Rule = r
	return r.Arn, nil
}

// DescribeRule returns the rule name on the bus busName.
func (e *Engine) DescribeRule(busName, name string) (Rule, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, r, err := e.lookupRule(busName, name)
	if err != nil {
		return Rule{}, err
	}
	return r.Rule, nil
}

// Page is the Limit and NextToken of a List call; nil members are absent.
type Page struct {
	Limit     *int32
	NextToken *string
}

// page is a checked [Page].
type page struct {
	limit int
	after string // the last key of the previous page
}

// parsePage checks Limit and NextToken. Tokens are opaque to callers; they
// carry the operation and the last key returned, so a token from another
// operation or a tampered one is rejected.
func parsePage(op string, in Page) (page, error) {
	p := page{limit: maxPageSize}
	if in.Limit != nil {
		if l := *in.Limit; l < 1 || l > maxPageSize {
			return p, errorf(CodeValidation, "1 validation error detected: Value '%d' at 'limit' failed to satisfy constraint: Member must have value between 1 and %d", l, maxPageSize)
		}
		p.limit = int(*in.Limit)
	}
	if in.NextToken == nil {
		return p, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(*in.NextToken)
	after, ok := strings.CutPrefix(string(raw), op+"\x00")
	if err != nil || !ok {
		return p, errorf(CodeInvalidToken, "The NextToken %q is not valid for %s.", *in.NextToken, op)
	}
	p.after = after
	return p, nil
}

func nextToken(op, last string) *string {
	t := base64.RawURLEncoding.EncodeToString([]byte(op + "\x00" + last))
	return &t
}

// listPage answers the List operation op: it checks in's Limit and
// NextToken, then, under the lock, has after return the items that follow
// the token's key (all of them for a first page) in listing order, and cuts
// them to a page, with the token of the next page when more remain; key
// names an item in a token.
func listPage[T any](e *Engine, op string, in Page, after func(key string) ([]T, error), key func(T) string) ([]T, *string, error) {
	p, err := parsePage(op, in)
	if err != nil {
		return nil, nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	items, err := after(p.after)
	if err != nil || len(items) <= p.limit {
		return items, nil, err
	}
	items = items[:p.limit]
	return items, nextToken(op, key(items[len(items)-1])), nil
}

// ListRules returns a page of the rules of the bus busName whose names
// start with prefix, in name order, and the token of the next page, nil on
// the last one.
func (e *Engine) ListRules(busName, prefix string, in Page) ([]Rule, *string, error) {
	return listPage(e, "ListRules", in, func(after string) ([]Rule, error) {
		b, err := e.lookupBus(busName)
		if err != nil {
			return nil, err
		}
		names := make([]string, 0, len(b.rules))
		for n := range b.rules {
			if strings.HasPrefix(n, prefix) && n > after {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		out := make([]Rule, len(names))
		for i, n := range names {
			out[i] = b.rules[n].Rule
		}
		return out, nil
	}, func(r Rule) string { return r.Name })
}

// DeleteRule deletes the rule name from the bus busName. A rule that does
// not exist is a success, as in AWS; a rule with targets is not deleted,
// whatever Force says: Force only concerns managed rules, which the fake
// never creates (DeleteRule API reference).
func (e *Engine) DeleteRule(busName, name string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	b, err := e.lookupBus(busName)
	if err != nil {
		return err
	}
	r, ok := b.rules[name]
	if !ok {
		return nil
	}
	if len(r.targets) > 0 {
		return errorf(CodeValidation, messageRuleHasTargets)
	}
	delete(b.rules, name)
	b.patterns.Remove(name)
	return nil
}
