package cloudwatchtest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/delivery"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/fake"
)

// Operation names the fake implements, as they appear in the request path
// and in Calls and InjectFault.
const (
	OpGetMetricData       = "GetMetricData"
	OpGetMetricStatistics = "GetMetricStatistics"
	OpListMetrics         = "ListMetrics"
	OpPutMetricAlarm      = "PutMetricAlarm"
	OpDescribeAlarms      = "DescribeAlarms"
	OpDeleteAlarms        = "DeleteAlarms"
)

const (
	pathPrefix = "/service/GraniteServiceVersion20100801/operation/"
	// maxBody bounds a request body; PutMetricAlarm allows 120 KB and a
	// GetMetricData call with 500 queries stays well below 1 MiB.
	maxBody = 1 << 20
)

// Fault is an error response the server returns instead of handling a
// call (see [Server.InjectFault]); it is the one fault type of the
// library's fakes. With Code empty, a 5xx Status yields
// "InternalServiceError" (500) or "ServiceUnavailable" (others) and any
// other Status yields "Throttling". With Status 0, "InternalServiceError"
// uses 500, "ServiceUnavailable" 503 and every other code 400. An empty
// Message names the fault and the operation.
type Fault = fake.Fault

// faultError is the error response of an injected fault.
func faultError(f Fault, op string) *apiError {
	code, status := f.Code, f.Status
	if code == "" {
		switch {
		case status == http.StatusInternalServerError:
			code = codeInternalServiceError
		case status > http.StatusInternalServerError:
			code = codeServiceUnavailable
		default:
			code = codeThrottling
		}
	}
	if status == 0 {
		switch code {
		case codeInternalServiceError:
			status = http.StatusInternalServerError
		case codeServiceUnavailable:
			status = http.StatusServiceUnavailable
		default:
			status = http.StatusBadRequest
		}
	}
	msg := f.Message
	if msg == "" {
		msg = fmt.Sprintf("cloudwatchtest: injected %s fault for %s", code, op)
	}
	return &apiError{Status: status, Code: code, Message: msg}
}

type options struct {
	fake.Config
	listPageSize int
	sink         EventSink
}

// Option configures a Server; options are applied once, by NewServer.
type Option func(*options)

// WithClock sets the server's "now", used for RecentlyActive, the two-week
// listing and retention windows, Metrics Insights ranges, StartTime rounding,
// alarm timestamps and alarm evaluation (see "Alarm evaluation" in the
// package documentation). The default is time.Now. The server calls now
// from its request goroutines, so now must be safe for concurrent use. See
// also [WithVirtualClock].
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.SetNow(now) }
}

// WithVirtualClock puts the server on c: c.Now is its clock, as with
// [WithClock], and each time c moves, the server runs the alarm
// evaluations that fell due and sends their events to the
// [WithEventBridge] sink at once, not only when it is next called. A
// [alarms.Syncer] whose Clock is c (or c.Jumping()) then runs on the same
// time.
//
// [alarms.Syncer]: https://pkg.go.dev/github.com/kmswatch/kmswatch/alarms#Syncer
func WithVirtualClock(c *clock.Virtual) Option {
	return func(o *options) { o.SetVirtual(c) }
}

// WithAccount sets the account ID of the server: the account of alarm ARNs,
// of ListMetrics OwningAccounts and the only AccountId GetMetricData answers
// for. The default is eventstest.DefaultAccount, the account of the AWS
// documentation's KMS examples.
func WithAccount(id string) Option {
	return func(o *options) { o.Account = id }
}

// WithRegion sets the Region of the server: that of alarm ARNs and of the
// clients [Server.Client] returns. The default is eventstest.DefaultRegion,
// the Region of the AWS documentation's KMS examples.
func WithRegion(region string) Option {
	return func(o *options) { o.Region = region }
}

// WithListMetricsPageSize sets how many metrics a ListMetrics page holds.
// The default is the service's 500; a smaller size exercises pagination.
// Values below 1 keep the default.
func WithListMetricsPageSize(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.listPageSize = n
		}
	}
}

// Server is an in-process CloudWatch endpoint. Its methods are safe for
// concurrent use, including concurrently with requests being served.
type Server struct {
	base *fake.Base
	opts options

	mu        sync.Mutex
	eng       *engine.Engine
	draining  bool             // an unlock is sending the engine's outbox
	deliverTo *delivery.Inputs // SetDeliveryInputs; nil: every action runs
	eventSeq  int
}

// NewServer returns a CloudWatch fake. It opens no socket: [Server.Client]
// reaches it in process, and [Server.URL] starts a loopback endpoint when
// first called. Call Close when done.
func NewServer(opts ...Option) *Server {
	o := options{Config: fake.DefaultConfig(), listPageSize: 500}
	for _, fn := range opts {
		fn(&o)
	}
	s := &Server{opts: o}
	s.base = fake.New("cloudwatchtest", o.Config, http.HandlerFunc(s.serveHTTP))
	s.eng = engine.New(s.base.Now, notifier{s})
	s.base.OnAdvance(func(time.Time) {
		s.mu.Lock()
		s.eng.Advance()
		s.unlock()
	})
	return s
}

// URL returns the base URL of a loopback HTTP endpoint serving the server,
// started on first call, for a client built by hand
// (cloudwatch.Options.BaseEndpoint); [Server.Client] needs none.
func (s *Server) URL() string { return s.base.URL() }

// Close stops the server acting on its virtual clock and shuts the
// loopback endpoint down, if URL started it, blocking until its requests
// finish.
func (s *Server) Close() { s.base.Close() }

// Account returns the account ID the server uses (see [WithAccount]).
func (s *Server) Account() string { return s.base.Account() }

// Region returns the Region the server uses (see [WithRegion]).
func (s *Server) Region() string { return s.base.Region() }

// Client returns a real *cloudwatch.Client that talks to the server in
// process (see "Building a client" in the package documentation): the
// server's Region, static credentials, and an HTTPClient that hands each
// request to the server without a socket. Retries follow the SDK defaults
// (3 attempts with exponential backoff) unless optFns change them; optFns
// may wrap HTTPClient to watch or pace requests.
func (s *Server) Client(optFns ...func(*cloudwatch.Options)) *cloudwatch.Client {
	return cloudwatch.NewFromConfig(s.base.ClientConfig(), optFns...)
}

// Seed adds observations to the metric identified by namespace, metricName
// and the dimension set dims (order does not matter). Several points at the
// same instant are separate samples. Seed does not validate its input: what
// the service would reject cannot be queried through the API anyway.
// Alarm evaluations due before the server clock's now run first, so they do
// not see points that arrive later.
func (s *Server) Seed(namespace, metricName string, dims []types.Dimension, points ...Point) {
	pts := make([]engine.Point, len(points))
	for i, p := range points {
		pts[i] = engine.Point(p)
	}
	s.mu.Lock()
	defer s.unlock()
	s.eng.PutMetricData(namespace, metricName, dimsFromTypes(dims), pts)
}

// InjectFault makes the next f.Times calls of operation (for example
// "PutMetricAlarm") fail with f, or, with f.Probability set, a random share
// of its calls (see [Fault]). Faults for one operation queue up in the order
// they were injected.
func (s *Server) InjectFault(operation string, f Fault) { s.base.InjectFault(operation, f) }

// ClearFaults drops the faults still queued for operation.
func (s *Server) ClearFaults(operation string) { s.base.ClearFaults(operation) }

// Calls returns how many requests operation has received, faulted and
// rejected ones included.
func (s *Server) Calls(operation string) int { return s.base.Calls(operation) }

// Alarms returns a snapshot of the stored metric alarms, sorted by name, in
// the form DescribeAlarms returns them, after the evaluations due up to the
// server clock have run.
func (s *Server) Alarms() []types.MetricAlarm {
	s.mu.Lock()
	defer s.unlock()
	s.eng.Advance()
	alarms := s.eng.Alarms()
	out := make([]types.MetricAlarm, 0, len(alarms))
	for _, a := range alarms {
		w := wireAlarmOf(a)
		out = append(out, w.toTypes())
	}
	return out
}

func (s *Server) now() time.Time { return s.base.Now() }

// handler runs one operation on its request body and returns the response
// value or the error to answer with.
type handler func(s *Server, body []byte) (any, *apiError)

// op is the handler of an operation whose request body decodes into In.
func op[In any](run func(*Server, *In) (any, *apiError)) handler {
	return func(s *Server, body []byte) (any, *apiError) {
		var in In
		if err := decode(body, &in); err != nil {
			return nil, err
		}
		return run(s, &in)
	}
}

var handlers = map[string]handler{
	OpGetMetricData:       op((*Server).getMetricData),
	OpGetMetricStatistics: op((*Server).getMetricStatistics),
	OpListMetrics:         op((*Server).listMetrics),
	// PutMetricAlarm also bounds the size of the request payload.
	OpPutMetricAlarm: func(s *Server, body []byte) (any, *apiError) {
		return op(func(s *Server, in *putMetricAlarmInput) (any, *apiError) {
			return s.putMetricAlarm(in, len(body))
		})(s, body)
	},
	OpDescribeAlarms: op((*Server).describeAlarms),
	OpDeleteAlarms:   op((*Server).deleteAlarms),

	OpDescribeAlarmHistory:      op((*Server).describeAlarmHistory),
	OpSetAlarmState:             op((*Server).setAlarmState),
	OpEnableAlarmActions:        op((*Server).enableAlarmActions),
	OpDisableAlarmActions:       op((*Server).disableAlarmActions),
	OpDescribeAlarmContributors: op((*Server).describeAlarmContributors),
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.URL.Path, pathPrefix)
	if !ok || op == "" || strings.Contains(op, "/") {
		writeError(w, "", &apiError{Status: http.StatusNotFound, Code: codeUnknownOperation,
			Message: fmt.Sprintf("cloudwatchtest: path %q is not /service/GraniteServiceVersion20100801/operation/<Operation>", r.URL.Path)})
		return
	}
	s.mu.Lock()
	s.eng.Advance()
	s.unlock()
	f, faulted, id := s.base.Call(op)
	reqID := "cloudwatchtest-" + strconv.Itoa(id)
	if faulted {
		writeError(w, reqID, faultError(f, op))
		return
	}
	if err := checkEnvelope(r); err != nil {
		writeError(w, reqID, err)
		return
	}
	h, ok := handlers[op]
	if !ok {
		writeError(w, reqID, &apiError{Status: http.StatusBadRequest, Code: codeUnknownOperation,
			Message: fmt.Sprintf("cloudwatchtest does not implement operation %s", op)})
		return
	}
	body, err := fake.ReadBody(r, maxBody)
	if err != nil {
		writeError(w, reqID, &apiError{Status: http.StatusRequestEntityTooLarge, Code: codeSerialization,
			Message: fmt.Sprintf("request body: %v", err)})
		return
	}
	out, aerr := h(s, body)
	if aerr != nil {
		writeError(w, reqID, aerr)
		return
	}
	payload, merr := encMode.Marshal(out)
	if merr != nil {
		writeError(w, reqID, &apiError{Status: http.StatusInternalServerError, Code: codeInternalServiceError,
			Message: fmt.Sprintf("encode %s response: %v", op, merr)})
		return
	}
	header(w, reqID)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(payload)
}

// checkEnvelope applies the RPC v2 CBOR request rules: POST, the
// smithy-protocol header, and a CBOR content type when there is a body.
func checkEnvelope(r *http.Request) *apiError {
	bad := func(format string, args ...any) *apiError {
		return &apiError{Status: http.StatusBadRequest, Code: codeSerialization, Message: fmt.Sprintf(format, args...)}
	}
	if r.Method != http.MethodPost {
		return bad("method %s is not POST", r.Method)
	}
	if p := r.Header.Get("Smithy-Protocol"); p != "rpc-v2-cbor" {
		return bad("header smithy-protocol is %q, want \"rpc-v2-cbor\"", p)
	}
	if ct := r.Header.Get("Content-Type"); r.ContentLength != 0 && ct != "application/cbor" {
		return bad("header Content-Type is %q, want \"application/cbor\"", ct)
	}
	return nil
}

func header(w http.ResponseWriter, reqID string) {
	h := w.Header()
	h.Set("Smithy-Protocol", "rpc-v2-cbor")
	h.Set("Content-Type", "application/cbor")
	if reqID != "" {
		h.Set("X-Amzn-Requestid", reqID)
	}
}

func writeError(w http.ResponseWriter, reqID string, e *apiError) {
	// A struct of strings always encodes.
	body, _ := encMode.Marshal(errorBody{Type: shapeType(e), Message: e.Message, MessageCap: e.Message})
	header(w, reqID)
	w.Header().Set("X-Amzn-Query-Error", queryErrorHeader(e))
	w.WriteHeader(e.Status)
	_, _ = w.Write(body)
}

// decode unmarshals a request body into v. An empty body is an empty input.
func decode(body []byte, v any) *apiError {
	if len(body) == 0 {
		return nil
	}
	if err := decMode.Unmarshal(body, v); err != nil {
		return &apiError{Status: http.StatusBadRequest, Code: codeSerialization,
			Message: fmt.Sprintf("cannot decode request body: %v", err)}
	}
	return nil
}
