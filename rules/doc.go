// Package rules builds Amazon EventBridge rules for AWS KMS events and proves
// offline that their event patterns match the events they should.
//
// # Overview
//
// KMS sends three events of its own to the default event bus (detail-types
// "KMS CMK Rotation", "KMS Imported Key Material Expiration" and
// "KMS CMK Deletion") and CloudTrail delivers every KMS API call as
// "AWS API Call via CloudTrail" or "AWS Service Event via CloudTrail". This
// package covers the steps of routing them to SNS, SQS or Lambda:
//
//   - build an event pattern: a preset ([KeyLifecycle], [KeyRotation],
//     [MaterialExpiry], [KeyDeletion], [PendingDeletionUse]), or the typed
//     filters [KeyEvents] and [APICalls] combined with [AnyOf]; [AlarmStates]
//     selects the "CloudWatch Alarm State Change" events of alarms, such as
//     those of package alarms;
//   - turn it into the SDK's own inputs with [Rule.PutRuleInput] and
//     [Rule.PutTargetsInput], and pass them to your *eventbridge.Client;
//   - prove offline that the pattern matches the events it should and no
//     others ([Match], [Compile], and the test helpers of package
//     rules/rulestest).
//
// The package never creates a client or loads credentials; it calls AWS only
// in [Put], through the caller's client.
//
// # Building rules
//
// A preset returns an [EventPattern]; a [Rule] adds the name, bus, state and
// size limit; targets come from [SNSTopic], [SQSQueue] and [LambdaFunction]:
//
//	pattern, err := rules.PendingDeletionUse("111122223333")
//	if err != nil {
//		return err
//	}
//	rule := rules.Rule{Name: "kms-pending-deletion-use", Pattern: pattern}
//	putRule, err := rule.PutRuleInput() // state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
//	if err != nil {
//		return err // *kmswatch.ValidationError listing every problem
//	}
//	topic, err := rules.SNSTopic("notify", topicARN) // a topic name is an error
//	if err != nil {
//		return err
//	}
//	topic.InputTransformer = rules.APICallMessage() // one readable line naming the key
//	putTargets, err := rule.PutTargetsInput(topic)
//
// Patterns render to canonical JSON (keys sorted, no HTML escaping), so equal
// patterns compare equal as text and golden files stay stable. Their size is
// checked against the default quota of 2,048 characters; set
// [Rule.MaxPatternSize] (at most the API model's 4,096) when your account's
// quota was raised.
//
// Rule state matters for CloudTrail patterns: a rule in state ENABLED never
// receives read-only management events such as Decrypt, so a pattern that can
// match them ([EventPattern.MatchesReadOnlyManagementEvents]) gets state
// ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS by default, and asking for
// ENABLED is reported as a problem.
//
// # Matching
//
// [Match] evaluates a pattern against one event; [Compile] parses a pattern
// once into a [*Pattern] that is safe for concurrent use. Both, like
// rulestest's assertions, take a pattern in whichever form the caller holds
// it ([PatternSource]): a built [EventPattern], or its JSON as a string or
// []byte, without conversion:
//
//	p, err := rules.Compile(`{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`)
//	if err != nil {
//		return err // *rules.PatternError or *rules.UnsupportedError
//	}
//	ok, err := p.Match(eventJSON) // *rules.EventError unless eventJSON is a JSON object
//
// The matcher implements the constructs of the EventBridge user guide
// ("Event patterns" and "Content filtering in Amazon EventBridge event
// patterns"). Where the guide and aws/event-ruler, the open-source matcher
// behind EventBridge, disagree, it says so below: it follows event-ruler on
// exact numbers and the guide on the range of numeric matching.
//
//	construct              pattern                                            matches
//	exact string           "state": ["terminated"]                            the string, case-sensitive
//	exact number           "count": [300]                                     a JSON number of equal value (300, 300.0, 3.0e2)
//	exact boolean, null    "enabled": [true], "id": [null]                    that literal; null does not match a missing field
//	empty string           "name": [""]                                       the empty string only
//	OR within a list       "source": ["aws.ec2", "aws.kms"]                   any listed value
//	AND across fields      "source": [...], "region": [...]                   every field
//	nested objects         "detail": {"state": [...]}                         the same nesting in the event
//	event arrays           "resources": ["arn:..."]                           any element; nested arrays are flattened
//	arrays of objects      "detail": {"resources": {"ARN": [...]}}            one element satisfying the whole sub-pattern
//	prefix                 [{"prefix": "arn:aws:kms:"}]                       strings starting with it
//	prefix, any case       [{"prefix": {"equals-ignore-case": "kms"}}]        same, in either case (see below)
//	suffix                 [{"suffix": "is pending deletion."}]               strings ending with it
//	suffix, any case       [{"suffix": {"equals-ignore-case": ".PNG"}}]       same, in either case (see below)
//	equals-ignore-case     [{"equals-ignore-case": "on_demand"}]              the string in either case (see below)
//	exactly                [{"exactly": "on_demand"}]                         the string, as event-ruler spells exact
//	anything-but           [{"anything-but": "x"}], {"anything-but": 5}       any present value except those
//	                       [{"anything-but": ["a", 1]}]                       (a list of strings or of numbers)
//	anything-but prefix    [{"anything-but": {"prefix": "us-"}}]              any value not starting with it
//	                       [{"anything-but": {"prefix": ["us-", "eu-"]}}]     (or with any of a list)
//	anything-but suffix    [{"anything-but": {"suffix": ".png"}}]             any value not ending with it
//	                       [{"anything-but": {"suffix": [".png", ".jpg"]}}]   (or with any of a list)
//	anything-but any case  [{"anything-but": {"equals-ignore-case": ["A"]}}]  any value equals-ignore-case rejects
//	anything-but wildcard  [{"anything-but": {"wildcard": ["*/tmp/*"]}}]      any value no wildcard matches
//	exists                 [{"exists": true}], [{"exists": false}]            a leaf value is present / absent
//	wildcard               [{"wildcard": "arn:aws:kms:*:key/*"}]              '*' is any run; \* and \\ escape
//	numeric                [{"numeric": [">", 0, "<=", 5]}], ["=", 3]         JSON numbers in the range
//	cidr                   [{"cidr": "10.0.0.0/24"}], "2001:db8::/32"         IPv4 or IPv6 address strings in it
//	$or                    "$or": [{...}, {...}]                              any alternative (2 or more), at any level
//
// Where the guide is silent, validity follows aws/event-ruler, the
// open-source matcher behind EventBridge: empty objects and empty lists are
// rejected, "$or" needs at least two alternatives and may not use operator
// names as field names, numeric takes "=" alone or a lower bound before an
// upper bound (lower below upper), and an anything-but list holds only
// strings or only numbers. Matching semantics chosen there:
//
//   - "exists" looks at leaf values only: a field holding an object or an
//     empty array does not exist, as in EventBridge.
//   - anything-but needs the field to be present; with an array it matches
//     when any element is not excluded. A value of another JSON type
//     (null, a boolean, a number against a string list) is not excluded.
//   - Exact numbers compare by value, as event-ruler does: 300 in a pattern
//     matches 300, 300.0 and 3.0e2 in an event. The user guide describes
//     exact numbers as matched by their text, which event-ruler (and so
//     EventBridge) no longer does; values are compared as float64, so
//     integers beyond 2^53 that differ only in low digits compare equal,
//     and a string "300" never matches the number 300.
//   - Numeric ranges and anything-but numbers follow the EventBridge user
//     guide ("Numeric matching"), which limits numeric matching to -5.0e9
//     to +5.0e9 inclusive: a bound or anything-but number outside it is a
//     [*PatternError], and a numeric range never matches an event number
//     outside it. Within the range numbers compare as float64, so digits
//     past the guide's six to the right of the decimal point still count
//     (1.0000001 is above 1). aws/event-ruler differs on both counts: it
//     now compares the whole float64 range, and it leaves out of numeric
//     comparison a number whose decimal text is not exactly the float64 it
//     rounds to (0.10000000000000001), which this matcher compares as 0.1.
//   - A sub-pattern applied to an array of objects must be satisfied by one
//     element, so fields are never matched across two elements.
//   - equals-ignore-case (alone, and in prefix, suffix and anything-but) is
//     event-ruler's relation, not Unicode case folding: for each character
//     of the pattern value (each UTF-16 unit) the event must hold, at that
//     place, the character's lower case or its upper case, each taken alone
//     as Java's toLowerCase and toUpperCase with Locale.ROOT give them. Full
//     case mappings count and the relation is not symmetric: pattern "ß"
//     matches "ß" and "SS" but not "ss", "Ss" or "ẞ"; pattern "SS" never
//     matches "ß"; "Σ" matches "σ" and "Σ" but not the final "ς"; "k"
//     does not match the Kelvin sign "K", although the Kelvin sign matches
//     "k". A character outside the
//     Basic Multilingual Plane, such as an emoji, is two UTF-16 units that
//     Java encodes as "??", so in a pattern value it matches the text "??"
//     and never itself. For ASCII values all this is plain ASCII case
//     insensitivity.
//   - A field given twice for the same event follows EventBridge: the last
//     one counts (the user guide says so of repeated keys, and event-ruler
//     does the same). A key repeated in one object replaces the earlier
//     match list ({"a":[1],"a":[2]} is {"a":[2]}) and an object given twice
//     is merged. "$or" follows document order as event-ruler does: each
//     alternative starts from the fields given before it and may replace
//     them, and a field given after the "$or" goes into every alternative,
//     so {"a":[1],"$or":[{"a":[2]},{"b":[3]}]} matches a=2, or a=1 with b=3,
//     while {"$or":[{"a":[2]},{"b":[3]}],"a":[1]} requires a=1. Since a
//     repeated key usually meant "and", [Lint] reports every one, and the
//     option [RejectRepeatedKeys] makes them errors, as event-ruler's strict
//     mode does.
//
// Errors never turn into a silent non-match. An invalid pattern yields a
// [*PatternError] naming the path (such as "detail.eventName[1]") and byte
// offset; a construct this matcher does not implement (an unknown operator
// such as "contains", or anything-but over "numeric") yields an
// [*UnsupportedError]; event JSON that
// is not one JSON object yields an [*EventError]. Work on hostile input is
// bounded: patterns are limited to 16 KiB (4,096 characters of up to 4 bytes
// each) and 64 levels of nesting, events to 2 MiB, and wildcards match
// without backtracking, so a match costs at worst time proportional to the
// pattern's size times the event's. A pattern with repeated keys expands
// to at most 1,024 alternatives (an [*UnsupportedError] past that); an event
// is read as encoding/json reads it, so a repeated
// member takes its last value and invalid UTF-8 becomes U+FFFD; nesting
// deeper than 1,100 levels, the most PutEvents accepts, is an [*EventError].
// The whole event is validated, including the fields no pattern reads.
//
// # Rule sets
//
// A [*Set] holds many named patterns and matches them against an event in
// one pass, with exactly the semantics of [Pattern.Match] for each:
//
//	set := rules.NewSet()
//	err := set.Add("deletions", rules.JSON(`{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`))
//	...
//	names, err := set.Matches(eventJSON) // the names whose patterns match, in the order added
//
// The event is read once by the same validating scanner package events
// uses, descending only into the fields some pattern names (the event is
// still validated whole). Each pattern is indexed under its most selective
// match list, so only the patterns whose indexed list matches a value of
// the event are evaluated. Exact strings and numbers, prefixes, suffixes,
// their ASCII equals-ignore-case forms and wildcards with one star at an
// end (or none) are looked up; numeric ranges are decided all at once
// between the cuts their bounds make; anything-but of those string forms
// is decided by what it excludes; other conditions (other wildcards, cidr,
// booleans, null, anything-but numbers, non-ASCII equals-ignore-case) are
// tested against each value of their field. A pattern with no match list
// to index (only exists tests, or only $or at the top) is evaluated on
// every event. Numbers are parsed once per event however many patterns
// compare them, and fields are told apart by their node in the Set's path
// trie rather than by name. [Set.AppendMatches] allocates nothing when its
// destination has room. BENCHMARKS.md compares a Set with quamina and
// with larger rule sets.
//
// For events already known to be valid JSON (delivered by EventBridge, or
// accepted by package events), [Set.AppendMatchesKnownValid] stops reading
// after the last top-level field its patterns read; on such events it
// returns what AppendMatches does.
//
// # Validation
//
// [ValidatePutRuleInput] and [ValidatePutTargetsInput] check any PutRule or
// PutTargets input, including ones built elsewhere, against the limits of
// the EventBridge API model and quotas (name and id patterns, lengths, at
// most [MaxTargetsPerRule] targets with unique ids, mutually exclusive input
// options, retry policy ranges, message group ids for FIFO queues). They and
// the builders return a [*kmswatch.ValidationError] listing every
// [kmswatch.Problem] found, each naming the rule broken and the value at
// fault as the caller spelled it: a field of the SDK input for the Validate
// functions ("Targets[0].Arn"), a field of the [Rule] or a parameter for its
// methods ("Pattern", `Tags["team"]`, "targets[0].MessageGroupID"), a
// parameter for the presets ("account", "keys[0]"); errors.Is(err,
// [kmswatch.ErrInvalid]) holds for all of them.
//
// # Concurrency
//
// Every function and method is safe for concurrent use, provided no other
// goroutine changes its arguments meanwhile. EventPattern, StringMatch and
// [*Pattern] are immutable; a [*Set] may be added to and removed from while
// other goroutines match against it; Rule, Target and the filters
// KeyEvents, APICalls and AlarmStates are plain values, safe to share once
// built. The SDK inputs the builders return are new on each call and belong
// to the caller.
package rules
