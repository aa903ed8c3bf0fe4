package main

import (
	"slices"
	"testing"

	"github.com/kmswatch/kmswatch/bench"
	oldrules "github.com/kmswatch/kmswatch/bench/baseline/rules"
	"github.com/kmswatch/kmswatch/rules"
	"quamina.net/go/quamina/v2"
)

// An Engine matches an event against a rule mix and returns the names of
// the rules that match, sorted, for comparing engines.
type Engine interface {
	Names(event []byte) ([]string, error)
	Bench(variants [][]byte) func(*testing.B)
}

// SetEngine is rules.Set.
type SetEngine struct{ s *rules.Set }

func NewSetEngine(mix []benchcmp.Rule) (*SetEngine, error) {
	s := rules.NewSet()
	for _, r := range mix {
		if err := s.Add(r.Name, rules.JSON(r.Pattern)); err != nil {
			return nil, err
		}
	}
	return &SetEngine{s}, nil
}

func (e *SetEngine) Names(event []byte) ([]string, error) {
	got, err := e.s.Matches(event)
	slices.Sort(got)
	return got, err
}

func (e *SetEngine) Bench(vs [][]byte) func(*testing.B) { return benchEach(vs, e.Each()) }

// Each returns a function that matches one event.
func (e *SetEngine) Each() func([]byte) error { return eachAppend(e.s.AppendMatches) }

// eachAppend returns a function that matches one event with a Set's append
// method, reusing one result slice, as a router does.
func eachAppend(appendMatches func([]string, []byte) ([]string, error)) func([]byte) error {
	dst := make([]string, 0, 80)
	return func(event []byte) error {
		var err error
		dst, err = appendMatches(dst[:0], event)
		return err
	}
}

// benchEach times match over the variants.
func benchEach(vs [][]byte, match func([]byte) error) func(*testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if err := match(vs[i%len(vs)]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// KnownValidEngine is rules.Set read with AppendMatchesKnownValid, which
// stops reading an event once its patterns' fields are read.
type KnownValidEngine struct{ s *rules.Set }

func (e *KnownValidEngine) Names(event []byte) ([]string, error) {
	got, err := e.s.AppendMatchesKnownValid(nil, event)
	slices.Sort(got)
	return got, err
}

func (e *KnownValidEngine) Bench(vs [][]byte) func(*testing.B) { return benchEach(vs, e.Each()) }

// Each returns a function that matches one event.
func (e *KnownValidEngine) Each() func([]byte) error {
	return eachAppend(e.s.AppendMatchesKnownValid)
}

// QuaminaEngine is quamina with the same rules, named the same way.
type QuaminaEngine struct{ q *quamina.Quamina }

func NewQuaminaEngine(mix []benchcmp.Rule) (*QuaminaEngine, error) {
	q, err := quamina.New()
	if err != nil {
		return nil, err
	}
	for _, r := range mix {
		if err := q.AddPattern(r.Name, r.Pattern); err != nil {
			return nil, err
		}
	}
	return &QuaminaEngine{q}, nil
}

func (e *QuaminaEngine) Names(event []byte) ([]string, error) {
	xs, err := e.q.MatchesForEvent(event)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, x.(string))
	}
	slices.Sort(out)
	return out, err
}

func (e *QuaminaEngine) Bench(vs [][]byte) func(*testing.B) { return benchEach(vs, e.Each()) }

// Each returns a function that matches one event.
func (e *QuaminaEngine) Each() func([]byte) error {
	return func(event []byte) error {
		_, err := e.q.MatchesForEvent(event)
		return err
	}
}

// SinglePatterns are the patterns Pattern.Match is timed with: the mix's
// rule 0, which every fixture matches, and a CloudTrail pattern with $or,
// suffix and wildcard, which only the two CloudTrail fixtures match.
var SinglePatterns = map[string]string{
	"account": `{"source":["aws.kms"],"account":["111122223333"]}`,
	"cloudtrail": `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["kms.amazonaws.com"],` +
		`"$or":[{"eventName":["ScheduleKeyDeletion","DisableKey"]},{"errorMessage":[{"suffix":"is pending deletion."}]}],` +
		`"resources":{"ARN":[{"wildcard":"arn:aws:kms:*:111122223333:key/*"}]}}}`,
}

func NewPattern(p string) (func([]byte) (bool, error), error) {
	c, err := rules.Compile([]byte(p))
	if err != nil {
		return nil, err
	}
	return c.Match, nil
}

func OldPattern(p string) (func([]byte) (bool, error), error) {
	c, err := oldrules.Compile([]byte(p))
	if err != nil {
		return nil, err
	}
	return c.Match, nil
}
