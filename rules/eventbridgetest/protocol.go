package eventbridgetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/kmswatch/kmswatch/internal/fake"
)

// AWS JSON 1.1 framing: the operation travels in X-Amz-Target as
// "AWSEvents.<Operation>" and bodies use this content type.
const (
	targetPrefix    = "AWSEvents."
	jsonContentType = "application/x-amz-json-1.1"
	// maxRequestBody bounds what the fake reads: well above the 1 MB
	// PutEvents limit, so JSON escaping never turns a valid request away
	// before the size check that reports it.
	maxRequestBody = 16 << 20
)

// Error codes and messages the fake sends; the messages are those AWS
// sends where they are known. The SDK decodes the modeled ones into the
// matching types.*Exception; ValidationException, SerializationException and
// UnknownOperationException are common AWS errors it returns as
// *smithy.GenericAPIError with that code.
const (
	codeValidation             = "ValidationException"
	codeResourceNotFound       = "ResourceNotFoundException"
	codeLimitExceeded          = "LimitExceededException"
	codeInvalidEventPattern    = "InvalidEventPatternException"
	codeSerialization          = "SerializationException"
	codeUnknownOperation       = "UnknownOperationException"
	codeNotAuthorizedSource    = "NotAuthorizedForSourceException"
	codeInvalidArgument        = "InvalidArgument"
	codeMalformedDetail        = "MalformedDetail"
	codeInternalFailure        = "InternalFailure"
	codeInvalidToken           = "InvalidToken"
	codeUnsupportedByFake      = "UnsupportedByFakeException"
	statusUnsupportedByFake    = http.StatusNotImplemented
	messageInjectedFault       = "Injected fault."
	messageRuleHasTargets      = "Rule can't be deleted since it has targets."
	messageLimitExceeded       = "The requested resource exceeds the maximum number allowed."
	messageNotAuthorizedSource = "Not authorized for the source."
	messageMalformedDetail     = "Detail is malformed."
)

// apiError is a service error as AWS JSON 1.1 sends it.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.code + ": " + e.message }

func errorf(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

// handler runs one decoded operation and returns the response body value.
type handler func(s *Server, body []byte) (any, *apiError)

var handlers = map[string]handler{
	"PutRule":           (*Server).putRule,
	"DescribeRule":      (*Server).describeRule,
	"ListRules":         (*Server).listRules,
	"DeleteRule":        (*Server).deleteRule,
	"PutTargets":        (*Server).putTargets,
	"ListTargetsByRule": (*Server).listTargetsByRule,
	"RemoveTargets":     (*Server).removeTargets,
	"PutEvents":         (*Server).putEvents,
	"TestEventPattern":  (*Server).testEventPattern,
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), targetPrefix)
	if r.Method != http.MethodPost || !ok {
		writeError(w, errorf(codeUnknownOperation, "Expected a POST with X-Amz-Target %s<Operation>.", targetPrefix))
		return
	}
	if fault, faulted, _ := s.base.Call(op); faulted {
		writeError(w, faultError(fault))
		return
	}
	h, ok := handlers[op]
	if !ok {
		writeError(w, errorf(codeUnknownOperation, "Operation %s is not supported by eventbridgetest.", op))
		return
	}
	body, err := fake.ReadBody(r, maxRequestBody)
	if err != nil {
		writeError(w, errorf(codeSerialization, "Request body could not be read or is over %d bytes.", maxRequestBody))
		return
	}
	out, aerr := h(s, body)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// decode unmarshals a request body, mapping malformed JSON to the error AWS
// returns for it.
func decode(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errorf(codeSerialization, "Request body is not valid JSON for this operation: %v", err)
	}
	return nil
}

func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.status, struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{e.code, e.message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := fake.MarshalJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		// A struct of strings always encodes.
		body, _ = fake.MarshalJSON(struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}{"InternalException", "eventbridgetest could not encode its response: " + err.Error()})
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("X-Amzn-Requestid", randomID())
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
