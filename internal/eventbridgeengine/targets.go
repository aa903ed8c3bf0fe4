package eventbridgeengine

import (
	"slices"

	"github.com/kmswatch/kmswatch/rules"
)

// Target is a target of a rule: what delivery reads of it, and the target
// as the caller sent it (Raw), which ListTargets returns untouched so that
// the fake echoes every member without modelling the shapes it does not
// use.
type Target struct {
	ID      string
	Arn     string
	RoleArn string
	// Input, InputPath and InputTransformer choose what the target
	// receives (its Input, InputPath or InputTransformer, or the whole event); at most one is set.
	Input            *string
	InputPath        *string
	InputTransformer *InputTransformer
	// MessageGroupID is SqsParameters.MessageGroupId, for FIFO queues.
	MessageGroupID string
	Raw            []byte
}

// PutTargets adds targets to the rule ruleName of the bus busName,
// replacing those with the same ID. A rule that would hold more than
// rules.MaxTargetsPerRule targets is LimitExceededException, whether they
// come in one call or several.
func (e *Engine) PutTargets(busName, ruleName string, targets []Target) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, r, err := e.lookupRule(busName, ruleName)
	if err != nil {
		return err
	}
	merged := append([]Target(nil), r.targets...)
	for _, t := range targets {
		if i := indexOfTarget(merged, t.ID); i >= 0 {
			merged[i] = t
			continue
		}
		merged = append(merged, t)
	}
	if len(merged) > rules.MaxTargetsPerRule {
		return errorf(CodeLimitExceeded, messageLimitExceeded)
	}
	r.targets = merged
	return nil
}

func indexOfTarget(ts []Target, id string) int {
	for i, t := range ts {
		if t.ID == id {
			return i
		}
	}
	return -1
}

// ListTargets returns a page of the targets of the rule ruleName, in the
// order they were first put, and the token of the next page, nil on the
// last one. The token names the last ID returned, so a page boundary
// survives targets being replaced.
func (e *Engine) ListTargets(busName, ruleName string, in Page) ([]Target, *string, error) {
	return listPage(e, "ListTargetsByRule", in, func(after string) ([]Target, error) {
		_, r, err := e.lookupRule(busName, ruleName)
		if err != nil {
			return nil, err
		}
		start := 0
		if after != "" {
			i := indexOfTarget(r.targets, after)
			if i < 0 {
				return nil, errorf(CodeInvalidToken, "The NextToken is no longer valid: target %s was removed.", after)
			}
			start = i + 1
		}
		return slices.Clone(r.targets[start:]), nil
	}, func(t Target) string { return t.ID })
}

// RemoveTargets removes the targets with the given IDs from the rule
// ruleName; an ID the rule does not have is not an error, as in AWS.
func (e *Engine) RemoveTargets(busName, ruleName string, ids []string) error {
	if n := len(ids); n < 1 || n > maxRemoveIDs {
		return errorf(CodeValidation, "1 validation error detected: Value at 'ids' failed to satisfy constraint: Member must have length between 1 and %d, got %d", maxRemoveIDs, n)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	_, r, err := e.lookupRule(busName, ruleName)
	if err != nil {
		return err
	}
	drop := map[string]bool{}
	for _, id := range ids {
		drop[id] = true
	}
	kept := r.targets[:0:0]
	for _, t := range r.targets {
		if !drop[t.ID] {
			kept = append(kept, t)
		}
	}
	r.targets = kept
	return nil
}
