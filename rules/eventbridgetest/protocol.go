package eventbridgetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/kmswatch/kmswatch/internal/eventbridgeengine"
	"github.com/kmswatch/kmswatch/internal/fake"
	"github.com/kmswatch/kmswatch/internal/jsonenc"
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

// Error codes the protocol layer sends itself; the engine's errors keep
// their own codes (see responseError). The SDK decodes the modeled codes into
// the matching types.*Exception; ValidationException,
// SerializationException and UnknownOperationException are common AWS
// errors it returns as *smithy.GenericAPIError with that code.
const (
	codeValidation       = eventbridgeengine.CodeValidation
	codeSerialization    = "SerializationException"
	codeUnknownOperation = "UnknownOperationException"
	messageInjectedFault = "Injected fault."
	// statusUnsupportedByFake is the status of UnsupportedByFakeException,
	// a pattern construct the offline matcher does not implement.
	statusUnsupportedByFake = http.StatusNotImplemented
)

// apiError is a service error as AWS JSON 1.1 sends it.
type apiError = fake.Error

func errorf(code, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Code: code, Message: fmt.Sprintf(format, args...)}
}

// responseError is the response for an error of a handler: its own
// *apiError, or an error of the engine (HTTP 400, but 501 for
// UnsupportedByFakeException).
func responseError(err error) *apiError {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae
	}
	var ee *eventbridgeengine.Error
	if !errors.As(err, &ee) {
		return &apiError{Status: http.StatusInternalServerError, Code: "InternalException", Message: err.Error()}
	}
	status := http.StatusBadRequest
	if ee.Code == eventbridgeengine.CodeUnsupportedByFake {
		status = statusUnsupportedByFake
	}
	return &apiError{Status: status, Code: ee.Code, Message: ee.Message}
}

// validationError is the response for an error of the validators of
// package rules.
func validationError(err error) *apiError {
	return errorf(codeValidation, "%v", err)
}

// handler runs one operation on its request body and returns the response
// body value or the error to answer with (see responseError).
type handler func(s *Server, body []byte) (any, error)

// op is the handler of an operation whose request body decodes into In.
func op[In any](run func(*Server, *In) (any, error)) handler {
	return func(s *Server, body []byte) (any, error) {
		var in In
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		return run(s, &in)
	}
}

var handlers = map[string]handler{
	"PutRule":           op((*Server).putRule),
	"DescribeRule":      op((*Server).describeRule),
	"ListRules":         op((*Server).listRules),
	"DeleteRule":        op((*Server).deleteRule),
	"PutTargets":        op((*Server).putTargets),
	"ListTargetsByRule": op((*Server).listTargetsByRule),
	"RemoveTargets":     op((*Server).removeTargets),
	"PutEvents":         op((*Server).putEvents),
	"TestEventPattern":  op((*Server).testEventPattern),
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
	out, err := h(s, body)
	if err != nil {
		writeError(w, responseError(err))
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
	writeJSON(w, e.Status, struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}{e.Code, e.Message})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := jsonenc.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		// A struct of strings always encodes.
		body, _ = jsonenc.Marshal(struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}{"InternalException", "eventbridgetest could not encode its response: " + err.Error()})
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.Header().Set("X-Amzn-Requestid", eventbridgeengine.RandomID())
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
