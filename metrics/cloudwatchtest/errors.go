package cloudwatchtest

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kmswatch/kmswatch/internal/fake"
)

// Error codes the fake returns. They are the awsQuery error codes CloudWatch
// sends in the x-amzn-query-error header; the SDK reports them from
// smithy.APIError.ErrorCode.
const (
	codeInvalidParameterValue       = "InvalidParameterValue"
	codeInvalidParameterCombination = "InvalidParameterCombination"
	codeMissingParameter            = "MissingParameter"
	codeResourceNotFound            = "ResourceNotFound"
	codeLimitExceeded               = "LimitExceeded"
	codeInvalidNextToken            = "InvalidNextToken"
	codeValidationError             = "ValidationError"
	codeInternalServiceError        = "InternalServiceError"
	codeThrottling                  = "Throttling"
	codeServiceUnavailable          = "ServiceUnavailable"
	codeUnknownOperation            = "UnknownOperationException"
	codeSerialization               = "SerializationException"
	codeInvalidFormat               = "InvalidFormat"
)

const modelNamespace = "com.amazonaws.cloudwatch#"

// modeledErrors maps an awsQuery error code to the Smithy error shape the SDK
// deserializes it into (schemas.go, AWSQueryError traits).
var modeledErrors = map[string]string{
	codeInvalidParameterValue:       "InvalidParameterValueException",
	codeInvalidParameterCombination: "InvalidParameterCombinationException",
	codeMissingParameter:            "MissingRequiredParameterException",
	codeResourceNotFound:            "ResourceNotFound",
	codeLimitExceeded:               "LimitExceededFault",
	codeInvalidNextToken:            "InvalidNextToken",
	codeValidationError:             "ValidationException",
	codeInternalServiceError:        "InternalServiceFault",
	codeInvalidFormat:               "InvalidFormatFault",
}

// apiError is an error response: status, awsQuery code and message.
type apiError = fake.Error

// shapeType is the "__type" value of e: the modeled shape id when the code
// has a shape, else an unmodeled id the SDK turns into a
// smithy.GenericAPIError.
func shapeType(e *apiError) string {
	if shape, ok := modeledErrors[e.Code]; ok {
		return modelNamespace + shape
	}
	if e.Code == codeThrottling {
		return "com.amazon.coral.availability#ThrottlingException"
	}
	return e.Code
}

// queryErrorHeader is the x-amzn-query-error value of e,
// "Code;Sender|Receiver".
func queryErrorHeader(e *apiError) string {
	fault := "Sender"
	if e.Status >= http.StatusInternalServerError {
		fault = "Receiver"
	}
	return e.Code + ";" + fault
}

// problem is one failed check on a request member.
type problem struct {
	code    string
	message string
}

// problems aggregates the failed checks of one request. CloudWatch reports a
// single error code per response and checks in phases (model constraints,
// then required members, then combinations, then values), so the response
// carries the code of the earliest phase that failed and the messages of
// every problem of that phase.
type problems []problem

// phases orders error codes by the phase that reports them.
var phases = []string{codeValidationError, codeMissingParameter, codeInvalidParameterCombination, codeInvalidParameterValue}

func phase(code string) int {
	for i, c := range phases {
		if c == code {
			return i
		}
	}
	return len(phases)
}

func (p *problems) add(code, format string, args ...any) {
	*p = append(*p, problem{code: code, message: fmt.Sprintf(format, args...)})
}

func (p problems) err() *apiError {
	if len(p) == 0 {
		return nil
	}
	code := p[0].code
	for _, q := range p[1:] {
		if phase(q.code) < phase(code) {
			code = q.code
		}
	}
	var msgs []string
	for _, q := range p {
		if q.code == code {
			msgs = append(msgs, q.message)
		}
	}
	msg := strings.Join(msgs, "; ")
	if code == codeValidationError {
		noun := "error"
		if len(msgs) > 1 {
			noun = "errors"
		}
		msg = fmt.Sprintf("%d validation %s detected: %s", len(msgs), noun, msg)
	}
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: msg}
}

// Message formats shared by the checks, so that every message about the same
// rule reads the same.
const (
	msgRequired      = "The parameter %s is required."
	msgLengthMin     = "Value '%s' at '%s' failed to satisfy constraint: Member must have length greater than or equal to %d"
	msgLengthMax     = "Value '%s' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d"
	msgSizeMax       = "The collection %s must not have a size greater than %d."
	msgMinValue      = "Value '%d' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %d"
	msgMaxValue      = "Value '%d' at '%s' failed to satisfy constraint: Member must have value less than or equal to %d"
	msgEnum          = "Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]"
	msgPattern       = "Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: %s"
	msgInvalidValue  = "The value %s for parameter %s is not valid."
	msgMutuallyExcl  = "The parameters %s and %s are mutually exclusive."
	msgExactlyOne    = "Exactly one of %s must be specified."
	msgUnsupported   = "cloudwatchtest does not support %s (%s)."
	msgInvalidPeriod = "The value %d for parameter %s is not a valid period: use 1, 5, 10, 20, 30, 60 or a multiple of 60."
)
