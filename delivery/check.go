package delivery

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Inputs is what the caller read from AWS, as the SDK returned it. Nothing
// is fetched: what is not here is reported as missing, never guessed.
type Inputs struct {
	// Topics maps an SNS topic ARN to the Attributes GetTopicAttributes
	// returned for it (Policy, KmsMasterKeyId, ...).
	Topics map[string]map[string]string
	// Queues maps an SQS queue ARN to the Attributes GetQueueAttributes
	// returned for it with AttributeNames [All]. A queue without a Policy
	// attribute has no policy (a new queue's policy is empty).
	Queues map[string]map[string]string
	// Keys are the KMS keys the topics and queues may name.
	Keys []Key
	// Aliases are ListAliases entries, all pages, of the accounts and
	// Regions whose aliases a KmsMasterKeyId may name.
	Aliases []kmstypes.AliasListEntry
}

// Key is what the caller read about one KMS key.
type Key struct {
	// Metadata is DescribeKey's KeyMetadata; Arn is required.
	Metadata *kmstypes.KeyMetadata
	// Policy is GetKeyPolicy's Policy (the policy named "default"); empty
	// when it was not read, for example for a key in another account.
	Policy string
	// Grants are ListGrants entries for the key, all pages.
	Grants []kmstypes.GrantListEntry
	// GrantsListed says that ListGrants was called and Grants is complete.
	// Without it, a key policy that does not allow a service leaves the
	// path unknown: a grant may allow what the policy does not.
	GrantsListed bool
}

// Verdict is the answer for one path.
type Verdict string

// The three answers.
const (
	// Delivers: every call on the path is allowed.
	Delivers Verdict = "delivers"
	// Drops: a call on the path is refused; AWS drops the message.
	Drops Verdict = "drops"
	// Unknown: the inputs do not decide; the findings say what is missing
	// or which condition could not be evaluated.
	Unknown Verdict = "unknown"
)

// Half is the side of a path a finding is about.
type Half string

// The sides of a path.
const (
	// ResourcePolicy is the topic's or queue's own policy (sns:Publish,
	// sqs:SendMessage).
	ResourcePolicy Half = "resource policy"
	// KeyPolicy is the KMS key the topic or queue is encrypted with: its
	// state, policy and grants (kms:GenerateDataKey, kms:Decrypt).
	KeyPolicy Half = "key policy"
	// InputsHalf is a finding about what the caller supplied.
	InputsHalf Half = "inputs"
)

// Finding is one reason a path drops or is unknown.
type Finding struct {
	// Verdict is Drops or Unknown.
	Verdict Verdict
	Half    Half
	// Principal is the service principal refused or undecided.
	Principal string
	// Actions are the actions not allowed.
	Actions []string
	// Statement names the statement at fault (its Sid, or Statement[i]).
	Statement string
	// Key is the key ARN or alias at fault.
	Key string
	// ManagedKey is set when the key is an AWS managed key, whose policy
	// cannot be changed to let the service in.
	ManagedKey bool
	// Missing names the input that was not supplied.
	Missing string
	// Message says all of the above in a sentence.
	Message string
}

// Fix holds the policy statements that make a dropping path deliver, as
// JSON text to merge into the caller's policies; the library applies
// nothing. An empty field means that half needs no new statement.
type Fix struct {
	// KeyPolicyStatement goes into the key policy, or, when the key is an
	// AWS managed key, into the policy of the customer managed key that
	// replaces it.
	KeyPolicyStatement string
	// ResourcePolicyStatement goes into the topic's or queue's policy.
	ResourcePolicyStatement string
}

// Result is the answer for one path.
type Result struct {
	Path     Path
	Verdict  Verdict
	Findings []Finding
	Fix      Fix
}

// Check answers, for each path, whether the service's messages reach the
// topic or queue. It evaluates both halves of the path: the topic's or
// queue's policy and the KMS key it is encrypted with. The rules, and their
// sources, are in the package documentation.
//
// Check is a pure function of its arguments. Bad input (a path that is not
// CloudWatch to SNS or EventBridge to SNS or SQS, a key without an ARN, a
// policy that is not valid JSON) is a [*kmswatch.ValidationError] naming
// every problem; Check never panics. It is safe for concurrent use.
func Check(paths []Path, in Inputs) ([]Result, error) {
	c := validate.New("delivery.Check")
	for i, p := range paths {
		f := "paths[" + strconv.Itoa(i) + "]"
		svc := serviceOf(p.Destination)
		switch {
		case p.Principal != CloudWatch && p.Principal != EventBridge:
			c.Enum(f+".Principal", p.Principal, CloudWatch, EventBridge)
		case p.Principal == CloudWatch && svc != "sns":
			c.Add(f+".Destination", kmswatch.RulePattern, "must be an SNS topic ARN, got %q", p.Destination)
		case svc != "sns" && svc != "sqs":
			c.Add(f+".Destination", kmswatch.RulePattern, "must be an SNS topic or SQS queue ARN, got %q", p.Destination)
		}
		if arnParts(p.Source) == nil {
			c.Add(f+".Source", kmswatch.RulePattern, "must be the alarm's or rule's ARN, got %q", p.Source)
		}
	}
	pols := map[string]*Policy{}
	parse := func(field, doc string) {
		if doc == "" {
			return
		}
		p, err := ParsePolicy(doc)
		var pe *PolicyError
		if errors.As(err, &pe) {
			c.Add(field, kmswatch.RuleEncoding, "%s", pe.Error())
			return
		}
		pols[doc] = p
	}
	for _, arn := range sortedKeys(in.Topics) {
		parse("in.Topics["+strconv.Quote(arn)+"].Policy", in.Topics[arn]["Policy"])
	}
	for _, arn := range sortedKeys(in.Queues) {
		parse("in.Queues["+strconv.Quote(arn)+"].Policy", in.Queues[arn]["Policy"])
	}
	for i, k := range in.Keys {
		f := "in.Keys[" + strconv.Itoa(i) + "]"
		if k.Metadata == nil || aws.ToString(k.Metadata.Arn) == "" {
			c.Required(f+".Metadata.Arn", false)
		}
		parse(f+".Policy", k.Policy)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	out := make([]Result, len(paths))
	for i, p := range paths {
		out[i] = checkPath(p, in, pols)
	}
	return out, nil
}

func sortedKeys(m map[string]map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// pathCheck gathers the findings for one path.
type pathCheck struct {
	p        Path
	in       Inputs
	pols     map[string]*Policy
	dest     []string // the destination ARN's fields
	service  string   // "sns" or "sqs"
	findings []Finding
	fixKey   bool
	fixRes   bool
}

func (pc *pathCheck) add(f Finding) {
	f.Principal = pc.p.Principal
	pc.findings = append(pc.findings, f)
}

func checkPath(p Path, in Inputs, pols map[string]*Policy) Result {
	pc := &pathCheck{p: p, in: in, pols: pols, dest: arnParts(p.Destination)}
	pc.service = pc.dest[2]
	attrs, what := in.Topics[p.Destination], "GetTopicAttributes"
	if pc.service == "sqs" {
		attrs, what = in.Queues[p.Destination], "GetQueueAttributes"
	}
	switch {
	case attrs == nil:
		pc.add(Finding{Verdict: Unknown, Half: InputsHalf, Missing: what + " for " + p.Destination,
			Message: "no " + what + " result for " + p.Destination + " was supplied"})
	case p.RoleARN != "":
		pc.add(Finding{Verdict: Unknown, Half: InputsHalf, Missing: "the IAM policies of " + p.RoleARN,
			Message: "the target has RoleArn " + p.RoleARN + ": EventBridge sends as that role, not as " + EventBridge + ", and the role's IAM policies are not among the inputs"})
	default:
		pc.resourceHalf(attrs)
		pc.keyHalf(attrs)
	}
	r := Result{Path: p, Verdict: Delivers, Findings: pc.findings}
	for _, f := range pc.findings {
		if f.Verdict == Drops {
			r.Verdict = Drops
			break
		}
		r.Verdict = Unknown
	}
	if pc.fixKey {
		r.Fix.KeyPolicyStatement = KeyPolicyStatement(p)
	}
	if pc.fixRes {
		r.Fix.ResourcePolicyStatement = ResourcePolicyStatement(p)
	}
	return r
}

// resourceAction is the call the service makes on the topic or queue.
func (pc *pathCheck) resourceAction() string {
	if pc.service == "sqs" {
		return "sqs:SendMessage"
	}
	return "sns:Publish"
}

func (pc *pathCheck) resourceHalf(attrs map[string]string) {
	p := pc.p
	action := pc.resourceAction()
	doc, ok := attrs["Policy"]
	if !ok && pc.service == "sns" {
		pc.add(Finding{Verdict: Unknown, Half: ResourcePolicy, Missing: "the Policy attribute of " + p.Destination,
			Message: "the topic attributes have no Policy (GetTopicAttributes always returns one)"})
		return
	}
	// Every path needs an Allow in the topic's or queue's policy: the
	// default topic policy's statement for the owner account (Principal
	// "*", AWS:SourceOwner) covers CloudWatch alarms of the same account,
	// not of another; EventBridge needs its own statement (Amazon
	// EventBridge User Guide, "Using resource-based policies for Amazon
	// EventBridge"), and a new queue has no policy at all.
	if doc == "" {
		pc.fixRes = true
		pc.add(Finding{Verdict: Drops, Half: ResourcePolicy, Actions: []string{action},
			Message: p.Destination + " has no policy, so nothing allows " + p.Principal + " " + action})
		return
	}
	d := evaluate(pc.pols[doc], pc.resourceRequest(action))
	switch {
	case d.denied != nil:
		pc.add(Finding{Verdict: Drops, Half: ResourcePolicy, Actions: []string{action}, Statement: d.denied.Name(),
			Message: "statement " + d.denied.Name() + " of the policy of " + p.Destination + " denies " + p.Principal + " " + action})
		return
	case len(d.maybeDenied) > 0:
		o := d.maybeDenied[0]
		pc.add(Finding{Verdict: Unknown, Half: ResourcePolicy, Actions: []string{action}, Statement: o.st.Name(),
			Message: "Deny statement " + o.st.Name() + " of the policy of " + p.Destination + " may apply: " + o.why})
		return
	case d.allowed != nil:
		return
	case len(d.maybeAllowed) > 0:
		o := d.maybeAllowed[0]
		pc.add(Finding{Verdict: Unknown, Half: ResourcePolicy, Actions: []string{action}, Statement: o.st.Name(),
			Message: "only statement " + o.st.Name() + " of the policy of " + p.Destination + " may allow " + p.Principal + " " + action + ": " + o.why})
		pc.fixRes = true
	default:
		pc.fixRes = true
		pc.add(Finding{Verdict: Drops, Half: ResourcePolicy, Actions: []string{action},
			Message: "no statement of the policy of " + p.Destination + " allows " + p.Principal + " " + action})
	}
}

// resourceRequest is the context of the service's call to the topic or
// queue.
func (pc *pathCheck) resourceRequest(action string) request {
	p := pc.p
	r := request{principal: p.Principal, action: action, resource: p.Destination,
		values: map[string]string{}, absent: map[string]bool{}, why: map[string]string{}}
	switch {
	case p.Principal == EventBridge && pc.service == "sns":
		// The services that set aws:SourceAccount and aws:SourceOwner when
		// they publish to a topic are listed in the Amazon SNS Developer
		// Guide ("Example cases for Amazon SNS access control");
		// EventBridge is not among them, and the Amazon EventBridge User
		// Guide (Amazon SNS permissions) says Condition blocks cannot be
		// used in topic policies for EventBridge.
		r.absent["aws:sourceaccount"], r.absent["aws:sourceowner"] = true, true
		r.why["aws:sourcearn"] = "the Amazon EventBridge User Guide (Amazon SNS permissions) says Condition blocks cannot be used in SNS topic policies for EventBridge"
	case p.Principal == CloudWatch:
		// CloudWatch sets aws:SourceAccount and aws:SourceOwner to the
		// alarm's account (Amazon SNS Developer Guide, "Example cases for
		// Amazon SNS access control") and aws:SourceArn to the alarm (AWS
		// re:Post knowledge center, "Why didn't I receive an SNS
		// notification for my CloudWatch alarm trigger?").
		r.values["aws:sourcearn"] = p.Source
		r.values["aws:sourceaccount"] = arnParts(p.Source)[4]
		r.values["aws:sourceowner"] = arnParts(p.Source)[4]
	default:
		// EventBridge's SendMessage carries the rule as aws:SourceArn
		// (Amazon EventBridge User Guide, Amazon SQS permissions).
		r.values["aws:sourcearn"] = p.Source
	}
	return r
}

// The KMS operations SNS and SQS call with the key when a message is
// published or sent: GenerateDataKey for the data key and Decrypt to use
// it (Amazon SQS Developer Guide, "Key management", Configure KMS
// permissions for producers; Amazon SNS Developer Guide, "Key management").
var kmsActions = []string{"kms:GenerateDataKey", "kms:Decrypt"}

// managedAliases are the AWS managed keys' aliases for SNS and SQS. Their
// policies cannot be changed and do not let service principals in (Amazon
// SQS Developer Guide, "Key management": event sources need a customer
// managed key; Amazon SNS Developer Guide, "Key management": use a customer
// managed key).
var managedAliases = map[string]bool{"alias/aws/sns": true, "alias/aws/sqs": true}

func (pc *pathCheck) keyHalf(attrs map[string]string) {
	ref := attrs["KmsMasterKeyId"]
	if ref == "" {
		// No key: an unencrypted topic, or an unencrypted or SSE-SQS
		// queue (SqsManagedSseEnabled), which needs no KMS permission.
		return
	}
	keyARN, alias, ok := pc.resolve(ref)
	if !ok {
		return
	}
	if managedAliases[alias] {
		pc.managed(alias)
		return
	}
	var key *Key
	for i := range pc.in.Keys {
		if aws.ToString(pc.in.Keys[i].Metadata.Arn) == keyARN {
			key = &pc.in.Keys[i]
			break
		}
	}
	other := ""
	if f := arnParts(keyARN); f != nil && f[4] != pc.dest[4] {
		other = " (a key in account " + f[4] + ")"
	}
	if key == nil {
		pc.add(Finding{Verdict: Unknown, Half: InputsHalf, Key: keyARN, Missing: "DescribeKey and GetKeyPolicy for " + keyARN,
			Message: "no DescribeKey or GetKeyPolicy result for " + keyARN + other + " was supplied"})
		return
	}
	if key.Metadata.KeyManager == kmstypes.KeyManagerTypeAws {
		pc.managed(keyARN)
		return
	}
	switch st := key.Metadata.KeyState; st {
	case kmstypes.KeyStateEnabled:
	case kmstypes.KeyStateDisabled, kmstypes.KeyStatePendingDeletion, kmstypes.KeyStatePendingImport,
		kmstypes.KeyStatePendingReplicaDeletion, kmstypes.KeyStateUnavailable:
		pc.add(Finding{Verdict: Drops, Half: KeyPolicy, Key: keyARN,
			Message: keyARN + " is " + string(st) + ": KMS refuses to use it"})
		return
	default:
		pc.add(Finding{Verdict: Unknown, Half: KeyPolicy, Key: keyARN,
			Message: keyARN + " is in state " + strconv.Quote(string(st)) + ", which may or may not allow its use"})
		return
	}
	if key.Policy == "" {
		pc.add(Finding{Verdict: Unknown, Half: InputsHalf, Key: keyARN, Missing: "GetKeyPolicy for " + keyARN,
			Message: "the policy of " + keyARN + other + " was not supplied"})
		return
	}
	pol := pc.pols[key.Policy]
	ecKey, ecValue := pc.encryptionContext()
	var missing []string
	for _, action := range kmsActions {
		r := pc.kmsRequest(action, keyARN)
		d := evaluate(pol, r)
		// A Deny in the key policy wins over any grant; otherwise a grant
		// can allow what the policy does not (AWS KMS Developer Guide,
		// "Determining access to an AWS KMS key").
		switch {
		case d.denied != nil:
			pc.add(Finding{Verdict: Drops, Half: KeyPolicy, Key: keyARN, Actions: []string{action}, Statement: d.denied.Name(),
				Message: "statement " + d.denied.Name() + " of the policy of " + keyARN + " denies " + pc.p.Principal + " " + action})
			continue
		case len(d.maybeDenied) > 0:
			o := d.maybeDenied[0]
			pc.add(Finding{Verdict: Unknown, Half: KeyPolicy, Key: keyARN, Actions: []string{action}, Statement: o.st.Name(),
				Message: "Deny statement " + o.st.Name() + " of the policy of " + keyARN + " may apply to " + action + ": " + o.why})
			continue
		case d.allowed != nil:
			continue
		}
		g, gwhy := grantAllows(key.Grants, r, ecKey, ecValue)
		switch {
		case g == yes:
		case len(d.maybeAllowed) > 0:
			o := d.maybeAllowed[0]
			pc.fixKey = true
			pc.add(Finding{Verdict: Unknown, Half: KeyPolicy, Key: keyARN, Actions: []string{action}, Statement: o.st.Name(),
				Message: "only statement " + o.st.Name() + " of the policy of " + keyARN + " may allow " + pc.p.Principal + " " + action + ": " + o.why})
		case g == unknown:
			pc.add(Finding{Verdict: Unknown, Half: KeyPolicy, Key: keyARN, Actions: []string{action},
				Message: "the policy of " + keyARN + " does not allow " + pc.p.Principal + " " + action + " and a grant may: " + gwhy})
		case !key.GrantsListed:
			pc.fixKey = true
			pc.add(Finding{Verdict: Unknown, Half: KeyPolicy, Key: keyARN, Actions: []string{action}, Missing: "ListGrants for " + keyARN,
				Message: "the policy of " + keyARN + " does not allow " + pc.p.Principal + " " + action + ": drops unless a grant allows it (ListGrants was not supplied)"})
		default:
			missing = append(missing, action)
		}
	}
	if len(missing) > 0 {
		pc.fixKey = true
		pc.add(Finding{Verdict: Drops, Half: KeyPolicy, Key: keyARN, Actions: missing,
			Message: "neither the policy nor a grant of " + keyARN + " allows " + pc.p.Principal + " " + strings.Join(missing, " and ")})
	}
}

func (pc *pathCheck) managed(key string) {
	pc.fixKey = true
	pc.add(Finding{Verdict: Drops, Half: KeyPolicy, Key: key, ManagedKey: true, Actions: slices.Clone(kmsActions),
		Message: pc.p.Destination + " is encrypted with the AWS managed key " + key + ", whose policy cannot be changed to allow " + pc.p.Principal + "; encrypt it with a customer managed key that allows it"})
}

// resolve turns KmsMasterKeyId (a key ID, key ARN, alias name or alias ARN;
// Amazon SQS Developer Guide, "Encryption at rest", KMS key ID) into a key
// ARN, through the supplied aliases. A key ID or alias name is in the
// topic's or queue's account and Region. An AWS managed alias is returned
// as alias, without a key ARN.
func (pc *pathCheck) resolve(ref string) (keyARN, alias string, ok bool) {
	region, account := pc.dest[3], pc.dest[4]
	prefix := "arn:" + pc.dest[1] + ":kms:"
	aliasARN := ""
	switch f := arnParts(ref); {
	case f != nil && strings.HasPrefix(f[5], "alias/"):
		aliasARN, alias = ref, f[5]
	case f != nil && strings.HasPrefix(f[5], "key/"):
		return ref, "", true
	case strings.HasPrefix(ref, "alias/"):
		aliasARN, alias = prefix+region+":"+account+":"+ref, ref
	default:
		return prefix + region + ":" + account + ":key/" + ref, "", true
	}
	if managedAliases[alias] {
		return "", alias, true
	}
	for _, a := range pc.in.Aliases {
		if aws.ToString(a.AliasArn) == aliasARN && aws.ToString(a.TargetKeyId) != "" {
			f := arnParts(aliasARN)
			return "arn:" + f[1] + ":kms:" + f[3] + ":" + f[4] + ":key/" + aws.ToString(a.TargetKeyId), alias, true
		}
	}
	pc.add(Finding{Verdict: Unknown, Half: InputsHalf, Key: aliasARN, Missing: "the ListAliases entry for " + aliasARN,
		Message: "KmsMasterKeyId names " + aliasARN + ", which is not among the supplied aliases"})
	return "", alias, false
}

// encryptionContext is the one pair of the encryption context the check
// knows SNS sends with the key: the topic ARN under aws:sns:topicArn. For
// SQS it knows none.
func (pc *pathCheck) encryptionContext() (key, value string) {
	if pc.service == "sqs" {
		return "", ""
	}
	return "aws:sns:topicArn", pc.p.Destination
}

// kmsRequest is the context of SNS's or SQS's call to KMS on the path.
func (pc *pathCheck) kmsRequest(action, keyARN string) request {
	p := pc.p
	r := request{principal: p.Principal, action: action, resource: keyARN,
		values: map[string]string{}, absent: map[string]bool{}, why: map[string]string{}}
	// The call reaches KMS through SNS or SQS: kms:ViaService is
	// sns.<region>.amazonaws.com or sqs.<region>.amazonaws.com in every
	// partition (AWS KMS Developer Guide, "kms:ViaService").
	r.values["kms:viaservice"] = pc.service + "." + pc.dest[3] + ".amazonaws.com"
	if pc.service == "sns" {
		r.values["kms:encryptioncontext:aws:sns:topicarn"] = p.Destination
	} else {
		r.absent["kms:encryptioncontext:aws:sns:topicarn"] = true
		r.why["kms:encryptioncontext:aws:sqs:arn"] = "SQS's encryption context is not stated on an AWS documentation page the check could confirm"
	}
	r.why["kms:calleraccount"] = "which account KMS sees for a service principal's call is not documented"
	if p.Principal == CloudWatch {
		// CloudWatch's calls carry the alarm (AWS-published construct
		// library aws-mdaa, grantCloudWatchAlarmsTopicAccess).
		r.values["aws:sourcearn"] = p.Source
		r.values["aws:sourceaccount"] = arnParts(p.Source)[4]
	} else {
		// EventBridge's calls to an encrypted target's key do not carry
		// aws:SourceArn or aws:SourceAccount (the same library: conditions
		// on them make every delivery drop). They are the event-bus
		// encryption page's advice for a bus's own key, a different call.
		r.absent["aws:sourcearn"] = true
		r.absent["aws:sourceaccount"] = true
	}
	return r
}

// grantAllows reports whether a grant lets the principal do the request's
// action, given the one encryption context pair known to be in it.
func grantAllows(grants []kmstypes.GrantListEntry, r request, ecKey, ecValue string) (tri, string) {
	op := strings.TrimPrefix(r.action, "kms:")
	best, why := no, ""
	for _, g := range grants {
		if aws.ToString(g.GranteePrincipal) != r.principal && aws.ToString(g.GranteeServicePrincipal) != r.principal {
			continue
		}
		if !slices.Contains(g.Operations, kmstypes.GrantOperation(op)) {
			continue
		}
		v, w := grantConstraintsHold(g.Constraints, r, ecKey, ecValue)
		if v == yes {
			return yes, ""
		}
		if v == unknown && best == no {
			best, why = unknown, "grant "+aws.ToString(g.GrantId)+": "+w
		}
	}
	return best, why
}

func grantConstraintsHold(c *kmstypes.GrantConstraints, r request, ecKey, ecValue string) (tri, string) {
	if c == nil {
		return yes, ""
	}
	res := yes
	why := ""
	if c.SourceArn != nil {
		src, present := r.values["aws:sourcearn"]
		if !present || src != *c.SourceArn {
			return no, ""
		}
	}
	for k, v := range c.EncryptionContextSubset {
		switch {
		case ecKey != "" && k == ecKey && v == ecValue:
		case ecKey != "" && k == ecKey:
			return no, ""
		default:
			res, why = unknown, "its encryption context constraint names "+strconv.Quote(k)+", which the check does not know to be in the request"
		}
	}
	if len(c.EncryptionContextEquals) > 0 {
		if v, ok := c.EncryptionContextEquals[ecKey]; ecKey != "" && (!ok || v != ecValue) {
			return no, ""
		}
		res, why = unknown, "its EncryptionContextEquals constraint needs the whole encryption context, of which the check knows one pair"
	}
	return res, why
}
