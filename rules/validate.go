package rules

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge/types"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Limits of the EventBridge API for classic event buses
// (docs/reference.md#71-eventbridge-api-limits: botocore 1.43.11 events model and the
// EventBridge quotas page).
const (
	// MaxTargetsPerRule is the most targets one rule can have; the quota is
	// not adjustable, although the API model allows 100 per call.
	MaxTargetsPerRule = 5
	// MaxEventPatternLength is the API model's limit on EventPattern, in
	// characters.
	MaxEventPatternLength = 4096
	// DefaultEventPatternQuota is the default, adjustable service quota
	// "Event pattern size" (L-664C5505), in characters.
	DefaultEventPatternQuota = 2048

	maxNameLength               = 64
	maxDescriptionLength        = 512
	maxScheduleExpressionLength = 256
	maxARNLength                = 1600
	maxEventBusNameLength       = 1600
	maxTagKeyLength             = 128
	maxTagValueLength           = 256
	maxInputLength              = 8192
	maxInputPathLength          = 256
	maxInputTemplateLength      = 8192
	maxInputPathsMapEntries     = 100
	maxInputPathsMapKeyLength   = 256 // InputTransformerPathKey, 1–256
	maxMessageGroupIDLength     = 100 // MessageGroupId
	maxRetryAttempts            = 185
	minEventAgeSeconds          = 60
	maxEventAgeSeconds          = 86400
	reservedPathsMapKeyPrefix   = "AWS."
	jsonPathRoot                = "$"
	partnerBusPrefix            = "aws.partner/"
	fifoQueueSuffix             = ".fifo"
	sqsARNPrefix                = "arn:aws"
	sqsARNService               = ":sqs:"
)

var (
	// namePattern is the model pattern of rule names and target ids.
	namePattern = regexp.MustCompile(`^[\.\-_A-Za-z0-9]+$`)
	// pathsMapKeyPattern is the model pattern of InputPathsMap keys
	// (InputTransformerPathKey, botocore events service-2.json).
	pathsMapKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	// eventBusNamePattern is the model pattern of EventBusName (name or ARN).
	eventBusNamePattern = regexp.MustCompile(`^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus/)?[/\.\-_A-Za-z0-9]+$`)
)

func ruleStates() []string {
	var out []string
	for _, s := range types.RuleState("").Values() {
		out = append(out, string(s))
	}
	return out
}

// ValidatePutRuleInput checks in against the PutRule limits of the API model
// (docs/reference.md#71-eventbridge-api-limits) and returns a
// [*kmswatch.ValidationError] listing every problem, or nil. It checks the
// EventPattern's length, not its content: [Compile] does that. It is safe for
// concurrent use.
func ValidatePutRuleInput(in *eventbridge.PutRuleInput) error {
	return validate.Input("eventbridge.PutRuleInput", in, checkPutRuleInput)
}

func checkPutRuleInput(c *validate.Collector, in *eventbridge.PutRuleInput) {
	checkName(c, "Name", in.Name)
	if in.Description != nil {
		c.MaxLength("Description", *in.Description, maxDescriptionLength)
	}
	if in.EventBusName != nil {
		checkEventBusName(c, "EventBusName", *in.EventBusName)
	}
	if in.EventPattern == nil && in.ScheduleExpression == nil {
		c.Add("EventPattern", kmswatch.RuleRequired, "is required when ScheduleExpression is not set")
	}
	if in.EventPattern != nil {
		c.Length("EventPattern", *in.EventPattern, 1, MaxEventPatternLength)
	}
	if in.ScheduleExpression != nil {
		c.MaxLength("ScheduleExpression", *in.ScheduleExpression, maxScheduleExpressionLength)
	}
	if in.RoleArn != nil {
		c.Length("RoleArn", *in.RoleArn, 1, maxARNLength)
	}
	if in.State != "" {
		c.Enum("State", string(in.State), ruleStates()...)
	}
	if in.State == types.RuleStateEnabledWithAllCloudtrailManagementEvents && in.EventBusName != nil && isPartnerBus(*in.EventBusName) {
		c.Add("State", kmswatch.RuleCombination, "%s is valid on the default and custom event buses only, not on partner bus %q", in.State, *in.EventBusName)
	}
	for i, tag := range in.Tags {
		p := "Tags[" + strconv.Itoa(i) + "]"
		c.Required(p+".Key", tag.Key != nil)
		c.Required(p+".Value", tag.Value != nil)
		if tag.Key != nil {
			c.Length(p+".Key", *tag.Key, 1, maxTagKeyLength)
		}
		if tag.Value != nil {
			c.MaxLength(p+".Value", *tag.Value, maxTagValueLength)
		}
	}
}

// ValidatePutTargetsInput checks in against the PutTargets limits of the API model and
// quotas (docs/reference.md#71-eventbridge-api-limits): rule name, at most
// [MaxTargetsPerRule] targets with unique ids, ARNs, input options (Input, InputPath
// and InputTransformer are mutually exclusive), retry policy, dead-letter queue, and a
// message group id for SQS FIFO queues. It returns a [*kmswatch.ValidationError]
// listing every problem, or nil. It is safe for concurrent use.
func ValidatePutTargetsInput(in *eventbridge.PutTargetsInput) error {
	return validate.Input("eventbridge.PutTargetsInput", in, checkPutTargetsInput)
}

func checkPutTargetsInput(c *validate.Collector, in *eventbridge.PutTargetsInput) {
	checkName(c, "Rule", in.Rule)
	if in.EventBusName != nil {
		checkEventBusName(c, "EventBusName", *in.EventBusName)
	}
	c.Count("Targets", len(in.Targets), 1, MaxTargetsPerRule)
	seen := map[string]int{}
	for i := range in.Targets {
		p := "Targets[" + strconv.Itoa(i) + "]"
		t := &in.Targets[i]
		checkName(c, p+".Id", t.Id)
		if t.Id != nil {
			if j, dup := seen[*t.Id]; dup {
				c.Add(p+".Id", kmswatch.RuleUnique, "must be unique within the rule, %q is also Targets[%d].Id", *t.Id, j)
			} else {
				seen[*t.Id] = i
			}
		}
		checkTarget(c, p, t)
	}
}

func checkName(c *validate.Collector, field string, name *string) {
	c.Required(field, name != nil)
	if name == nil {
		return
	}
	c.Length(field, *name, 1, maxNameLength)
	if *name != "" {
		c.Pattern(field, *name, namePattern)
	}
}

func checkEventBusName(c *validate.Collector, field, name string) {
	c.Length(field, name, 1, maxEventBusNameLength)
	if name != "" {
		c.Pattern(field, name, eventBusNamePattern)
	}
}

func isPartnerBus(name string) bool {
	if i := strings.Index(name, ":event-bus/"); i >= 0 {
		name = name[i+len(":event-bus/"):]
	}
	return strings.HasPrefix(name, partnerBusPrefix)
}

func checkTarget(c *validate.Collector, p string, t *types.Target) {
	c.Required(p+".Arn", t.Arn != nil)
	if t.Arn != nil {
		c.Length(p+".Arn", *t.Arn, 1, maxARNLength)
	}
	if t.RoleArn != nil {
		c.Length(p+".RoleArn", *t.RoleArn, 1, maxARNLength)
	}
	var inputs []string
	if t.Input != nil {
		inputs = append(inputs, "Input")
		c.MaxLength(p+".Input", *t.Input, maxInputLength)
		if !json.Valid([]byte(*t.Input)) {
			c.Add(p+".Input", kmswatch.RuleEncoding, "must be valid JSON text")
		}
	}
	if t.InputPath != nil {
		inputs = append(inputs, "InputPath")
		c.MaxLength(p+".InputPath", *t.InputPath, maxInputPathLength)
	}
	if t.InputTransformer != nil {
		inputs = append(inputs, "InputTransformer")
		checkInputTransformer(c, p+".InputTransformer", t.InputTransformer)
	}
	if len(inputs) > 1 {
		c.Add(p, kmswatch.RuleCombination, "Input, InputPath and InputTransformer are mutually exclusive, got %s", strings.Join(inputs, " and "))
	}
	if r := t.RetryPolicy; r != nil {
		if r.MaximumRetryAttempts != nil {
			c.Range(p+".RetryPolicy.MaximumRetryAttempts", int64(*r.MaximumRetryAttempts), 0, maxRetryAttempts)
		}
		if r.MaximumEventAgeInSeconds != nil {
			c.Range(p+".RetryPolicy.MaximumEventAgeInSeconds", int64(*r.MaximumEventAgeInSeconds), minEventAgeSeconds, maxEventAgeSeconds)
		}
	}
	if d := t.DeadLetterConfig; d != nil && d.Arn != nil {
		c.Length(p+".DeadLetterConfig.Arn", *d.Arn, 1, maxARNLength)
	}
	if t.SqsParameters != nil && t.SqsParameters.MessageGroupId != nil {
		c.MaxLength(p+".SqsParameters.MessageGroupId", *t.SqsParameters.MessageGroupId, maxMessageGroupIDLength)
	}
	if t.Arn != nil && isFIFOQueue(*t.Arn) && (t.SqsParameters == nil || t.SqsParameters.MessageGroupId == nil || *t.SqsParameters.MessageGroupId == "") {
		c.Add(p+".SqsParameters.MessageGroupId", kmswatch.RuleRequired, "is required for an SQS FIFO queue target (%s ends in %q)", *t.Arn, fifoQueueSuffix)
	}
}

func isFIFOQueue(arn string) bool {
	return strings.HasPrefix(arn, sqsARNPrefix) && strings.Contains(arn, sqsARNService) && strings.HasSuffix(arn, fifoQueueSuffix)
}

func checkInputTransformer(c *validate.Collector, p string, it *types.InputTransformer) {
	c.Required(p+".InputTemplate", it.InputTemplate != nil)
	if it.InputTemplate != nil {
		c.Length(p+".InputTemplate", *it.InputTemplate, 1, maxInputTemplateLength)
	}
	if n := len(it.InputPathsMap); n > maxInputPathsMapEntries {
		c.Add(p+".InputPathsMap", kmswatch.RuleCount, "must hold at most %d entries, got %d", maxInputPathsMapEntries, n)
	}
	for _, key := range slices.Sorted(maps.Keys(it.InputPathsMap)) {
		kp := p + ".InputPathsMap[" + strconv.Quote(key) + "]"
		if n := utf8.RuneCountInString(key); n < 1 || n > maxInputPathsMapKeyLength {
			c.Add(kp, kmswatch.RuleLength, "key length must be between 1 and %d characters, got %d", maxInputPathsMapKeyLength, n)
		}
		// The documented reserved prefix is reported by name; the model
		// pattern, which has no dot, rejects it too.
		switch {
		case strings.HasPrefix(key, reservedPathsMapKeyPrefix):
			c.Add(kp, kmswatch.RulePattern, "key must not start with %q", reservedPathsMapKeyPrefix)
		case key != "" && !pathsMapKeyPattern.MatchString(key):
			c.Add(kp, kmswatch.RulePattern, "key must match %s, got %q", pathsMapKeyPattern, key)
		}
		path := it.InputPathsMap[key]
		c.MaxLength(kp, path, maxInputPathLength)
		if !strings.HasPrefix(path, jsonPathRoot) {
			c.Add(kp, kmswatch.RulePattern, "must be a JSON path starting with %q, got %q", jsonPathRoot, path)
		}
	}
}
