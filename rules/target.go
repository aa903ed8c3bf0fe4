package rules

import (
	"strconv"
	"strings"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/kmsvocab"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Resource-name limits of the target services (SNS CreateTopic, SQS
// CreateQueue and Lambda CreateFunction API references).
const (
	maxTopicName     = 256 // letters, digits, hyphens, underscores; ".fifo" counted
	maxQueueName     = 80  // the same characters; ".fifo" counted
	maxFunctionName  = 64  // the same characters
	maxLambdaVersion = 128 // a version number, an alias or $LATEST
)

// The forms quoted in target ARN errors.
const (
	topicARNForm    = "arn:<partition>:sns:<region>:<account>:<topic-name>"
	queueARNForm    = "arn:<partition>:sqs:<region>:<account>:<queue-name>"
	functionARNForm = "arn:<partition>:lambda:<region>:<account>:function:<function-name>[:<version-or-alias>]"
)

// SNSTopic returns a target that publishes to the SNS topic. topicARN must
// be an SNS topic ARN, such as "arn:aws:sns:us-west-2:111122223333:kms-alerts";
// anything else (a topic name, a subscription ARN, another service's ARN)
// is a [*kmswatch.ValidationError] on "topicARN".
func SNSTopic(id, topicARN string) (Target, error) {
	err := checkTargetARN("rules.SNSTopic", "topicARN", topicARN, "sns", "an SNS topic ARN", topicARNForm, func(res string) string {
		return resourceName(res, maxTopicName, true)
	})
	if err != nil {
		return Target{}, err
	}
	return Target{ID: id, ARN: topicARN}, nil
}

// SQSQueue returns a target that sends to the SQS queue. queueARN must be
// an SQS queue ARN, such as "arn:aws:sqs:us-west-2:111122223333:kms-events";
// a queue name or URL is a [*kmswatch.ValidationError] on "queueARN".
// messageGroupID is required for a FIFO queue (name ending in ".fifo") and
// must be empty otherwise; [Rule.PutTargetsInput] checks that.
func SQSQueue(id, queueARN, messageGroupID string) (Target, error) {
	err := checkTargetARN("rules.SQSQueue", "queueARN", queueARN, "sqs", "an SQS queue ARN", queueARNForm, func(res string) string {
		return resourceName(res, maxQueueName, true)
	})
	if err != nil {
		return Target{}, err
	}
	return Target{ID: id, ARN: queueARN, MessageGroupID: messageGroupID}, nil
}

// LambdaFunction returns a target that invokes the Lambda function. The
// function's resource policy must allow events.amazonaws.com to invoke it.
// functionARN must be a Lambda function ARN, optionally with a version or
// alias, such as "arn:aws:lambda:us-west-2:111122223333:function:kms-handler";
// a function name is a [*kmswatch.ValidationError] on "functionARN".
func LambdaFunction(id, functionARN string) (Target, error) {
	err := checkTargetARN("rules.LambdaFunction", "functionARN", functionARN, "lambda", "a Lambda function ARN", functionARNForm, functionResource)
	if err != nil {
		return Target{}, err
	}
	return Target{ID: id, ARN: functionARN}, nil
}

// checkTargetARN returns the *kmswatch.ValidationError of subject on field
// when arn is not an ARN of service whose resource passes resource, or nil.
// what and form name the expected ARN in the message.
func checkTargetARN(subject, field, arn, service, what, form string, resource func(string) string) error {
	why := checkServiceARN(arn, service, resource)
	if why == "" {
		return nil
	}
	c := validate.New(subject)
	c.Add(field, kmswatch.RulePattern, "must be %s of the form %s, got %q: %s", what, form, arn, why)
	return c.Err()
}

// checkServiceARN returns why s is not an ARN of service in a Region and
// an account whose resource passes resource, or "".
func checkServiceARN(s, service string, resource func(string) string) string {
	a, why := kmsvocab.SplitARN(s)
	switch {
	case why != "":
		return why
	case a.Service != service:
		return "service is " + kmsvocab.QuoteOrEmpty(a.Service) + ", want " + service
	case !kmsvocab.ValidRegion(a.Region):
		return "region " + kmsvocab.QuoteOrEmpty(a.Region) + " is not a region code"
	case !kmsvocab.ValidAccount(a.Account):
		return "account " + kmsvocab.QuoteOrEmpty(a.Account) + " is not 12 digits"
	}
	return resource(a.Resource)
}

// resourceName returns why name is not a topic or queue name of at most
// max characters (letters, digits, hyphens and underscores, with a
// ".fifo" suffix where fifo allows it), or "".
func resourceName(name string, max int, fifo bool) string {
	base := name
	if fifo {
		base = strings.TrimSuffix(name, fifoQueueSuffix)
	}
	if base == "" || len(name) > max || !nameChars(base) {
		return "name " + kmsvocab.QuoteOrEmpty(name) + " is not 1–" + strconv.Itoa(max) + " letters, digits, hyphens and underscores"
	}
	return ""
}

// functionResource returns why res is not "function:<name>" or
// "function:<name>:<version-or-alias>", or "".
func functionResource(res string) string {
	rest, ok := strings.CutPrefix(res, "function:")
	if !ok {
		return "resource " + kmsvocab.QuoteOrEmpty(res) + ` does not start with "function:"`
	}
	name, qualifier, qualified := strings.Cut(rest, ":")
	if name == "" || len(name) > maxFunctionName || !nameChars(name) {
		return "function name " + kmsvocab.QuoteOrEmpty(name) + " is not 1–" + strconv.Itoa(maxFunctionName) + " letters, digits, hyphens and underscores"
	}
	if qualified && qualifier != "$LATEST" && (qualifier == "" || len(qualifier) > maxLambdaVersion || !nameChars(qualifier)) {
		return "version or alias " + kmsvocab.QuoteOrEmpty(qualifier) + " is not $LATEST or 1–" + strconv.Itoa(maxLambdaVersion) + " letters, digits, hyphens and underscores"
	}
	return ""
}

func nameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}
