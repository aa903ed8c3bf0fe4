package delivery

import (
	"strings"
)

// tri is a three-valued truth: what a condition, a statement or a policy
// evaluates to when some of the request is not known.
type tri int

const (
	no tri = iota
	unknown
	yes
)

func and(a, b tri) tri { return min(a, b) }

// request is what the check knows of one call a service makes on a
// delivery path: the calling principal, the action, the resource, and the
// condition keys. A key in values is present with that value; a key in
// absent is known not to be in the request; a key in neither is one the
// check does not model, and any condition on it is undecidable. Keys are
// lower case: IAM condition key names are not case sensitive.
type request struct {
	principal string
	action    string
	resource  string // empty when the resource ARN is not known
	values    map[string]string
	absent    map[string]bool
	// why says, for a key the check does not model on this path, why not;
	// it becomes part of the unknown's reason.
	why map[string]string
}

// outcome is one statement's contribution to a decision.
type outcome struct {
	st   Statement
	why  string // for unknown outcomes: the condition that was undecidable
	eff  Effect
	hits tri
}

// decision is a policy's answer for one request.
type decision struct {
	denied       *Statement // a Deny statement that applies
	maybeDenied  []outcome  // Deny statements that may apply
	allowed      *Statement // an Allow statement that applies
	maybeAllowed []outcome  // Allow statements that may apply
}

// evaluate applies IAM's rule for one policy: an explicit Deny wins over any
// Allow; without a Deny, an Allow grants; without either the request is not
// allowed by this policy.
func evaluate(p *Policy, r request) decision {
	var d decision
	for i := range p.Statements {
		st := p.Statements[i]
		hit, why := applies(st, r)
		if hit == no {
			continue
		}
		switch {
		case st.Effect == Deny && hit == yes:
			if d.denied == nil {
				d.denied = &p.Statements[i]
			}
		case st.Effect == Deny:
			d.maybeDenied = append(d.maybeDenied, outcome{st: st, why: why, eff: Deny, hits: hit})
		case hit == yes:
			if d.allowed == nil {
				d.allowed = &p.Statements[i]
			}
		default:
			d.maybeAllowed = append(d.maybeAllowed, outcome{st: st, why: why, eff: Allow, hits: hit})
		}
	}
	return d
}

// applies reports whether a statement covers the request, and when that is
// undecidable, why.
func applies(st Statement, r request) (tri, string) {
	if !principalMatches(st, r.principal) || !actionMatches(st, r.action) {
		return no, ""
	}
	res := resourceMatches(st, r.resource)
	if res == no {
		return no, ""
	}
	why := ""
	if res == unknown {
		why = "its Resource names specific ARNs and the resource's ARN is not known"
	}
	for _, c := range st.Conditions {
		v, w := conditionHolds(c, r)
		if v == no {
			return no, ""
		}
		if v == unknown && why == "" {
			why = w
		}
		res = and(res, v)
	}
	return res, why
}

func principalMatches(st Statement, principal string) bool {
	if st.Principal != nil {
		return st.Principal.matches(principal)
	}
	return !st.NotPrincipal.matches(principal)
}

// matches reports whether a service principal is among ps. "*" and
// {"AWS": "*"} name every principal, services included (IAM user guide,
// "AWS JSON policy elements: Principal", All principals).
func (ps *Principals) matches(service string) bool {
	if ps.All || contains(ps.ByType["AWS"], "*") {
		return true
	}
	for _, s := range ps.ByType["Service"] {
		if strings.EqualFold(s, service) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// actionMatches applies Action or NotAction. Action names are not case
// sensitive and may hold * and ? wildcards ("kms:*", "kms:GenerateDataKey*").
func actionMatches(st Statement, action string) bool {
	if st.Action != nil {
		return anyLike(st.Action, action, true)
	}
	return !anyLike(st.NotAction, action, true)
}

// resourceMatches applies Resource or NotResource to the resource's ARN; in
// a key policy "*" means the key itself.
func resourceMatches(st Statement, arn string) tri {
	list, negate := st.Resource, false
	if list == nil {
		list, negate = st.NotResource, true
	}
	var hit tri
	switch {
	case contains(list, "*"):
		hit = yes
	case arn == "":
		return unknown
	case anyLike(list, arn, false):
		hit = yes
	}
	if negate {
		return yes - hit
	}
	return hit
}

func anyLike(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if like(p, s, fold) {
			return true
		}
	}
	return false
}

// like matches s against an IAM pattern where * matches any run of
// characters and ? any one character.
func like(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	// Iterative wildcard matching with one backtrack point: linear in
	// practice, never exponential.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// arnLike matches an ARN the way ArnEquals and ArnLike do: each of the six
// colon-separated fields separately, with wildcards, case sensitive (IAM
// user guide, "IAM JSON policy elements: Condition operators", Amazon
// Resource Name (ARN) condition operators).
func arnLike(pattern, arn string) bool {
	pp := strings.SplitN(pattern, ":", 6)
	ap := strings.SplitN(arn, ":", 6)
	if len(pp) != 6 || len(ap) != 6 {
		return false
	}
	for i := range pp {
		if !like(pp[i], ap[i], false) {
			return false
		}
	}
	return true
}

// conditionHolds evaluates one operator and key. The rules are the IAM user
// guide's ("IAM JSON policy elements: Condition operators" and "Multivalued
// context keys"): a key absent from the request makes a positive operator
// false and a negated one true; ...IfExists makes an absent key true; Null
// tests presence; ForAllValues is true for an absent key and ForAnyValue
// false. Every key the check models is single-valued, so with the key
// present the set forms reduce to the plain operator.
func conditionHolds(c Condition, r request) (tri, string) {
	op := c.Operator
	set := ""
	for _, prefix := range []string{"ForAnyValue:", "ForAllValues:"} {
		if rest, ok := strings.CutPrefix(op, prefix); ok {
			set, op = prefix, rest
		}
	}
	ifExists := false
	if rest, ok := strings.CutSuffix(op, "IfExists"); ok && op != "IfExists" {
		op, ifExists = rest, true
	}
	key := strings.ToLower(c.Key)
	value, present := r.values[key]
	known := present || r.absent[key]
	desc := c.Operator + " on " + c.Key
	if !known {
		if w, ok := r.why[key]; ok {
			return unknown, desc + ": " + w
		}
		return unknown, desc + ": the check does not model this condition key"
	}
	for _, v := range c.Values {
		if strings.Contains(v, "${") {
			return unknown, desc + ": policy variables are not evaluated"
		}
	}
	if op == "Null" {
		if set != "" || ifExists {
			return unknown, desc + ": not a valid operator"
		}
		want := strings.ToLower(c.Values[0])
		if len(c.Values) != 1 || (want != "true" && want != "false") {
			return unknown, desc + ": Null takes true or false"
		}
		return boolTri((want == "true") == !present), ""
	}
	match, negated, ok := operator(op)
	if !ok {
		return unknown, desc + ": the check does not evaluate this operator"
	}
	if !present {
		switch {
		case ifExists, set == "ForAllValues:":
			return yes, ""
		case set == "ForAnyValue:":
			return no, ""
		}
		return boolTri(negated), ""
	}
	hit := false
	for _, v := range c.Values {
		if match(v, value) {
			hit = true
			break
		}
	}
	return boolTri(hit != negated), ""
}

func boolTri(b bool) tri {
	if b {
		return yes
	}
	return no
}

// operator returns the matcher for a string or ARN operator and whether
// it is negated; other operators (numeric, date, IP, binary, Bool) are not
// evaluated, since no key the check models takes them.
func operator(op string) (match func(pattern, value string) bool, negated, ok bool) {
	switch op {
	case "StringEquals", "StringNotEquals":
		match = func(p, v string) bool { return p == v }
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		match = strings.EqualFold
	case "StringLike", "StringNotLike":
		match = func(p, v string) bool { return like(p, v, false) }
	case "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike":
		match = arnLike
	default:
		return nil, false, false
	}
	return match, strings.Contains(op, "Not"), true
}
