package delivery

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/errtext"
)

// MaxPolicySize is the largest policy document [ParsePolicy] reads: 32 KiB,
// the key policy quota in the AWS KMS Developer Guide ("Key policy document
// size"), which is also more than an SNS or SQS policy may hold.
const MaxPolicySize = 32 * 1024

// Policy is an IAM policy document as GetKeyPolicy, GetTopicAttributes and
// GetQueueAttributes return it, read into the elements the check evaluates.
type Policy struct {
	Version    string
	ID         string
	Statements []Statement
}

// Effect is a statement's Effect element.
type Effect string

// The two effects IAM knows.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Statement is one statement of a policy. Single-or-list elements (Action,
// Resource, a principal type's values, condition values) are always lists
// here. Exactly one of Principal and NotPrincipal, one of Action and
// NotAction and one of Resource and NotResource is set.
type Statement struct {
	// Index is the statement's position in the document, for statements
	// without a Sid.
	Index        int
	Sid          string
	Effect       Effect
	Principal    *Principals
	NotPrincipal *Principals
	Action       []string
	NotAction    []string
	Resource     []string
	NotResource  []string
	// Conditions holds one entry per operator and key, sorted by operator
	// then key so that evaluation and messages do not depend on map order.
	Conditions []Condition
}

// Name is how messages refer to the statement: its Sid when it has one,
// otherwise "Statement[i]".
func (s Statement) Name() string {
	if s.Sid != "" {
		return strconv.Quote(s.Sid)
	}
	return "Statement[" + strconv.Itoa(s.Index) + "]"
}

// Principals is a Principal or NotPrincipal element. "*" (every principal,
// which IAM treats like {"AWS": "*"}) sets All; the object form lists values
// per principal type ("AWS", "Service", "Federated", "CanonicalUser").
type Principals struct {
	All    bool
	ByType map[string][]string
}

// Condition is one operator and key of a Condition element with its values,
// numbers and booleans kept as their JSON text.
type Condition struct {
	// Operator is as written, for example "ForAnyValue:StringLikeIfExists".
	Operator string
	Key      string
	Values   []string
}

// PolicyError reports a policy document that is not valid JSON or not a
// policy. It matches [kmswatch.ErrInvalid] with errors.Is.
type PolicyError struct {
	// Path locates the offending element, for example
	// "Statement[1].Principal"; empty for the document as a whole.
	Path string
	// Message says what is wrong.
	Message string
	// Err is the underlying JSON error, if any.
	Err error
}

func (e *PolicyError) Error() string {
	if e.Path == "" {
		return "policy: " + e.Message
	}
	return "policy: " + e.Path + ": " + e.Message
}

// Unwrap returns the underlying JSON error.
func (e *PolicyError) Unwrap() error { return e.Err }

// Is reports whether target is [kmswatch.ErrInvalid].
func (e *PolicyError) Is(target error) bool { return target == kmswatch.ErrInvalid }

// ParsePolicy reads a policy document. It accepts what IAM accepts for the
// elements the check uses: Statement as one object or a list; Principal and
// NotPrincipal as "*" or an object whose values are a string or a list;
// Action, NotAction, Resource, NotResource as a string or a list; Condition
// operators with any values (strings, numbers, booleans, or lists of them).
// Anything else, including an unknown statement element, an Effect other
// than Allow or Deny, or both halves of a pair (Action and NotAction), is a
// [*PolicyError]; ParsePolicy never panics. It is safe for concurrent use.
func ParsePolicy(doc string) (*Policy, error) {
	if len(doc) > MaxPolicySize {
		return nil, &PolicyError{Message: fmt.Sprintf("document is %d bytes, more than the %d a key policy may hold", len(doc), MaxPolicySize)}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(doc), &top); err != nil {
		return nil, &PolicyError{Message: "not a JSON object: " + err.Error(), Err: err}
	}
	p := &Policy{}
	for name, raw := range top {
		switch name {
		case "Version":
			if err := json.Unmarshal(raw, &p.Version); err != nil {
				return nil, &PolicyError{Path: "Version", Message: "must be a string", Err: err}
			}
		case "Id":
			if err := json.Unmarshal(raw, &p.ID); err != nil {
				return nil, &PolicyError{Path: "Id", Message: "must be a string", Err: err}
			}
		case "Statement":
		default:
			return nil, &PolicyError{Path: name, Message: "unknown policy element " + errtext.Quote(name)}
		}
	}
	raw, ok := top["Statement"]
	if !ok {
		return nil, &PolicyError{Path: "Statement", Message: "missing"}
	}
	var list []json.RawMessage
	if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] == '{' {
		list = []json.RawMessage{raw}
	} else if err := json.Unmarshal(raw, &list); err != nil {
		return nil, &PolicyError{Path: "Statement", Message: "must be an object or a list of objects", Err: err}
	}
	for i, r := range list {
		st, err := parseStatement(i, r)
		if err != nil {
			return nil, err
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

func parseStatement(i int, raw json.RawMessage) (Statement, error) {
	st := Statement{Index: i}
	path := "Statement[" + strconv.Itoa(i) + "]"
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return st, &PolicyError{Path: path, Message: "must be an object", Err: err}
	}
	for name, v := range m {
		ep := path + "." + name
		var err error
		switch name {
		case "Sid":
			if json.Unmarshal(v, &st.Sid) != nil {
				err = errors.New("must be a string")
			}
		case "Effect":
			var e string
			if json.Unmarshal(v, &e) != nil || (e != string(Allow) && e != string(Deny)) {
				err = errors.New(`must be "Allow" or "Deny"`)
			}
			st.Effect = Effect(e)
		case "Principal":
			st.Principal, err = parsePrincipals(v)
		case "NotPrincipal":
			st.NotPrincipal, err = parsePrincipals(v)
		case "Action":
			st.Action, err = stringOrList(v)
		case "NotAction":
			st.NotAction, err = stringOrList(v)
		case "Resource":
			st.Resource, err = stringOrList(v)
		case "NotResource":
			st.NotResource, err = stringOrList(v)
		case "Condition":
			st.Conditions, err = parseConditions(v)
		default:
			err = errors.New("unknown statement element")
		}
		if err != nil {
			return st, &PolicyError{Path: ep, Message: err.Error()}
		}
	}
	switch {
	case st.Effect == "":
		return st, &PolicyError{Path: path + ".Effect", Message: "missing"}
	case (st.Principal == nil) == (st.NotPrincipal == nil):
		return st, &PolicyError{Path: path, Message: "needs exactly one of Principal and NotPrincipal"}
	case (st.Action == nil) == (st.NotAction == nil):
		return st, &PolicyError{Path: path, Message: "needs exactly one of Action and NotAction"}
	case (st.Resource == nil) == (st.NotResource == nil):
		return st, &PolicyError{Path: path, Message: "needs exactly one of Resource and NotResource"}
	}
	return st, nil
}

// stringOrList reads a string or a non-empty list of strings; it never
// returns a nil slice without an error, so callers can tell "absent" (nil)
// from "present".
func stringOrList(raw json.RawMessage) ([]string, error) {
	if isNull(raw) {
		return nil, errors.New("must be a string or a non-empty list of strings, not null")
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil || len(list) == 0 {
		return nil, errors.New("must be a string or a non-empty list of strings")
	}
	out := make([]string, len(list))
	for i, r := range list {
		if isNull(r) || json.Unmarshal(r, &out[i]) != nil {
			return nil, errors.New("must be a string or a non-empty list of strings")
		}
	}
	return out, nil
}

// isNull reports whether raw is the JSON literal null, which encoding/json
// would otherwise read into a string as "".
func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func parsePrincipals(raw json.RawMessage) (*Principals, error) {
	var star string
	if err := json.Unmarshal(raw, &star); err == nil {
		if star != "*" {
			return nil, errors.New(`must be "*" or an object`)
		}
		return &Principals{All: true}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || len(m) == 0 {
		return nil, errors.New(`must be "*" or a non-empty object`)
	}
	p := &Principals{ByType: map[string][]string{}}
	for typ, v := range m {
		switch typ {
		case "AWS", "Service", "Federated", "CanonicalUser":
		default:
			return nil, fmt.Errorf("unknown principal type %s", errtext.Quote(typ))
		}
		vals, err := stringOrList(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", typ, err)
		}
		p.ByType[typ] = vals
	}
	return p, nil
}

func parseConditions(raw json.RawMessage) ([]Condition, error) {
	var ops map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &ops); err != nil {
		return nil, errors.New("must map operators to objects of condition keys")
	}
	var out []Condition
	for op, keys := range ops {
		if keys == nil {
			return nil, fmt.Errorf("%s: must be an object of condition keys", errtext.Quote(op))
		}
		for key, v := range keys {
			vals, err := conditionValues(v)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", op, errtext.Quote(key), err)
			}
			out = append(out, Condition{Operator: op, Key: key, Values: vals})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Operator != out[j].Operator {
			return out[i].Operator < out[j].Operator
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// conditionValues reads a condition's value: a scalar or a list of scalars.
// Strings are kept as strings, numbers and booleans as their JSON text
// ("Bool": {"aws:SecureTransport": true} and "true" mean the same to IAM).
func conditionValues(raw json.RawMessage) ([]string, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		list = []json.RawMessage{raw}
	}
	if len(list) == 0 {
		return nil, errors.New("must not be an empty list")
	}
	out := make([]string, 0, len(list))
	for _, r := range list {
		if isNull(r) {
			return nil, errors.New("must not be null")
		}
		var s string
		if err := json.Unmarshal(r, &s); err == nil {
			out = append(out, s)
			continue
		}
		var v any
		if err := json.Unmarshal(r, &v); err != nil {
			return nil, errors.New("must be a string, number or boolean")
		}
		switch v.(type) {
		case float64, bool:
			out = append(out, string(bytes.TrimSpace(r)))
		default:
			return nil, errors.New("must be a string, number or boolean, or a list of them")
		}
	}
	return out, nil
}
