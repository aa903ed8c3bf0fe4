// Package rules builds Amazon EventBridge rules for AWS KMS events and proves
// offline that their event patterns match the events they should.
//
// # Overview
//
// KMS sends three events of its own to the default event bus (detail-types
// "KMS CMK Rotation", "KMS Imported Key Material Expiration" and
// "KMS CMK Deletion") and CloudTrail delivers every KMS API call as
// "AWS API Call via CloudTrail" or "AWS Service Event via CloudTrail". This
// package covers the three steps of routing them:
//
//   - match an EventBridge event pattern against an event's JSON without an
//     AWS account ([Match], [Compile]);
//   - check rule and target inputs against the EventBridge API's limits,
//     reporting every problem at once ([ValidatePutRuleInput],
//     [ValidatePutTargetsInput]).
//
// # Matching
//
// [Match] evaluates a pattern against one event; [Compile] parses a pattern
// once into a [*Pattern] that is safe for concurrent use:
//
//	p, err := rules.Compile([]byte(`{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`))
//	if err != nil {
//		return err // *rules.PatternError or *rules.UnsupportedError
//	}
//	ok, err := p.Match(eventJSON) // *rules.EventError unless eventJSON is a JSON object
//
// The matcher follows the EventBridge user guide ("Event patterns" and
// "Content filtering in Amazon EventBridge event patterns"):
//
//	construct                 pattern                                         matches
//	exact string              "state": ["terminated"]                         the string, case-sensitive
//	exact number              "count": [5]                                    a JSON number of equal value (5, 5.0, 5e0)
//	exact boolean / null      "enabled": [true], "id": [null]                 that literal; null does not match a missing field
//	empty string              "name": [""]                                    the empty string only
//	OR within a list          "source": ["aws.ec2", "aws.kms"]                any listed value
//	AND across fields         "source": [...], "region": [...]                every field
//	nested objects            "detail": {"state": [...]}                      the same nesting in the event
//	event arrays              "resources": ["arn:..."]                        any element; nested arrays are flattened
//	arrays of objects         "detail": {"resources": {"ARN": [...]}}         any one element satisfying the whole sub-pattern
//	prefix                    [{"prefix": "arn:aws:kms:"}]                    strings starting with it
//	prefix, ignoring case     [{"prefix": {"equals-ignore-case": "kms"}}]     same, under Unicode case folding
//	suffix                    [{"suffix": "is pending deletion."}]            strings ending with it
//	suffix, ignoring case     [{"suffix": {"equals-ignore-case": ".PNG"}}]    same, under Unicode case folding
//	equals-ignore-case        [{"equals-ignore-case": "on_demand"}]           strings equal under case folding
//	anything-but              [{"anything-but": "x"}], [{"anything-but": 5}]  any present value except those
//	                          [{"anything-but": ["a", 1]}]                    (strings and numbers only)
//	anything-but prefix       [{"anything-but": {"prefix": "us-"}}]           any value not starting with it
//	anything-but suffix       [{"anything-but": {"suffix": ".png"}}]          any value not ending with it
//	anything-but ignoring case [{"anything-but": {"equals-ignore-case": ["A"]}}] any value not equal under folding
//	anything-but wildcard     [{"anything-but": {"wildcard": ["*/tmp/*"]}}]   any value the wildcards do not match
//	exists                    [{"exists": true}], [{"exists": false}]         a leaf value is present / absent
//	wildcard                  [{"wildcard": "arn:aws:kms:*:111122223333:key/*"}] '*' is any run; \* and \\ escape
//	numeric                   [{"numeric": [">", 0, "<=", 5]}], ["=", 3]      JSON numbers in the range
//	cidr                      [{"cidr": "10.0.0.0/24"}], "2001:db8::/32"      IPv4 or IPv6 address strings in the block
//	$or                       "$or": [{...}, {...}]                           any alternative (2 or more), at any level
//
// Notes on the semantics chosen where the guide is silent:
//
//   - "exists" looks at leaf values only: a field holding an object or an
//     empty array does not exist, as in EventBridge.
//   - anything-but needs the field to be present; with an array it matches
//     when any element is not excluded. A value of another JSON type
//     (null, a boolean, a number against a string list) is not excluded.
//   - Exact numbers compare by value (float64), so 5 matches 5.0. Numeric
//     ranges accept any finite float64, not only EventBridge's documented
//     range.
//   - A sub-pattern applied to an array of objects must be satisfied by one
//     element, so fields are never matched across two elements.
//   - The empty pattern {} matches every event.
//
// Errors never turn into a silent non-match. An invalid pattern yields a
// [*PatternError] naming the path (such as "detail.eventName[1]") and byte
// offset; a construct this matcher does not implement (an unknown operator
// such as "contains", anything-but over "numeric", or a list under
// anything-but prefix/suffix) yields an [*UnsupportedError]; event JSON that
// is not one JSON object yields an [*EventError]. Work on hostile input is
// bounded: patterns are limited to 64 KiB and 64 levels of nesting, events to
// 2 MiB, and wildcards match without backtracking, so a match costs time
// proportional to the sizes of pattern and event.
//
// # Validation
//
// [ValidatePutRuleInput] and [ValidatePutTargetsInput] check inputs against
// the limits of the EventBridge API model and quotas and return a
// [*ValidationError] listing every [Problem] found.
package rules
