package main

import "github.com/kmswatch/kmswatch/rules"

// ruleSet matches one event against many named patterns. Its methods are
// those of *rules.Set, so that newRuleSet can return rules.NewSet().
type ruleSet interface {
	// Add adds a pattern under name; several patterns under one name are
	// ORed.
	Add(name string, pattern []byte) error
	// AppendMatches appends the names whose patterns match the event, each
	// once, in the order they were first added.
	AppendMatches(dst []string, event []byte) ([]string, error)
}

// newRuleSet returns an empty rule set.
func newRuleSet() ruleSet { return &patternList{} }

// patternList is a ruleSet that tries each compiled rules.Pattern in turn.
// It is safe for concurrent AppendMatches once every Add has returned.
type patternList struct {
	names    []string
	patterns [][]*rules.Pattern // by name, in the order of names
}

func (l *patternList) Add(name string, pattern []byte) error {
	p, err := rules.Compile(pattern)
	if err != nil {
		return err
	}
	for i, n := range l.names {
		if n == name {
			l.patterns[i] = append(l.patterns[i], p)
			return nil
		}
	}
	l.names = append(l.names, name)
	l.patterns = append(l.patterns, []*rules.Pattern{p})
	return nil
}

func (l *patternList) AppendMatches(dst []string, event []byte) ([]string, error) {
	for i, ps := range l.patterns {
		for _, p := range ps {
			ok, err := p.Match(event)
			if err != nil {
				return dst, err
			}
			if ok {
				dst = append(dst, l.names[i])
				break
			}
		}
	}
	return dst, nil
}
