package cloudwatchtest

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/internal/identity"
	"github.com/kmswatch/kmswatch/internal/readerbody"
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

// Fault is an error response the server returns instead of handling a call.
// It is a plain value.
// Code is the awsQuery error code (for example "Throttling" or
// "InternalServiceError"); Status is the HTTP status; Message is the error
// message; Times is how many consecutive calls receive it (values below 1
// mean 1). With Code empty, a 5xx Status yields "InternalServiceError" (500)
// or "ServiceUnavailable" (others) and any other Status yields "Throttling".
// With Status 0, "InternalServiceError" uses 500, "ServiceUnavailable" 503
// and every other code 400.
//
// Probability, when between 0 and 1 (exclusive), makes the fault random
// instead of consecutive: each call fails with that probability, drawn from
// a generator seeded with Seed so that a run repeats, and the fault stays in
// place until it has failed Times calls (for ever when Times is below 1),
// holding back the faults queued after it. This models a throttled account,
// where some calls of a steady stream are rejected.
type Fault struct {
	Code        string
	Status      int
	Message     string
	Times       int
	Probability float64
	Seed        uint64
}

func (f Fault) apiError(op string) *apiError {
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
	return &apiError{status: status, code: code, message: msg}
}

type options struct {
	now             func() time.Time
	listPageSize    int
	account, region string
	sink            EventSink
}

// Option configures a Server; options are applied once, by NewServer.
type Option func(*options)

// WithClock sets the server's "now", used for RecentlyActive, the two-week
// listing and retention windows, Metrics Insights ranges, StartTime rounding,
// alarm timestamps and alarm evaluation (see "Alarm evaluation" in the
// package documentation; [Clock] is a virtual clock to pass here). The
// default is time.Now. The server calls now from
// its request goroutines, so now must be safe for concurrent use.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithAccount sets the account ID of the server: the account of alarm ARNs,
// of ListMetrics OwningAccounts and the only AccountId GetMetricData answers
// for. The default is eventstest.DefaultAccount, the account of the AWS
// documentation's KMS examples.
func WithAccount(id string) Option {
	return func(o *options) { o.account = id }
}

// WithRegion sets the Region of the server: that of alarm ARNs and of the
// clients [Server.Client] returns. The default is eventstest.DefaultRegion,
// the Region of the AWS documentation's KMS examples.
func WithRegion(region string) Option {
	return func(o *options) { o.region = region }
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
	ts   *httptest.Server
	opts options

	mu      sync.Mutex
	series  map[string]*series
	alarms  map[string]*wireAlarm
	faults  map[string][]*queuedFault
	calls   map[string]int
	request int

	// Alarm evaluation (evaluate.go, history.go).
	evalOrder []*wireAlarm // every alarm, sorted by name
	pending   []stateChange
	history   []historyItem
	outbox    []outgoingEvent // state change events not yet sent to the sink
	draining  bool            // an unlock is sending the outbox
	actions   []Action
	deliverTo *delivery.Inputs // SetDeliveryInputs; nil: every action runs
	quotas    map[string]float64
	eventSeq  int
}

// NewServer starts a CloudWatch fake on a loopback address. Call Close when
// done.
func NewServer(opts ...Option) *Server {
	s := newState(opts...)
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// newState returns a Server with empty state and no endpoint, for NewServer
// and for tests that call the handlers directly.
func newState(opts ...Option) *Server {
	o := options{now: time.Now, listPageSize: 500, account: identity.Account, region: identity.Region}
	for _, fn := range opts {
		fn(&o)
	}
	return &Server{
		opts:   o,
		series: map[string]*series{},
		alarms: map[string]*wireAlarm{},
		faults: map[string][]*queuedFault{},
		calls:  map[string]int{},
		quotas: map[string]float64{},
	}
}

// URL returns the endpoint's base URL, for cloudwatch.Options.BaseEndpoint.
func (s *Server) URL() string { return s.ts.URL }

// Close shuts the server down and blocks until outstanding requests finish.
func (s *Server) Close() { s.ts.Close() }

// Account returns the account ID the server uses (see [WithAccount]).
func (s *Server) Account() string { return s.opts.account }

// Region returns the Region the server uses (see [WithRegion]).
func (s *Server) Region() string { return s.opts.region }

// Client returns a real *cloudwatch.Client that talks to the server: the
// server's Region, static credentials, BaseEndpoint set to URL. Retries follow the
// SDK defaults (3 attempts with exponential backoff) unless optFns change
// them. Whatever HTTPClient optFns leave in place is wrapped so that request
// bodies reach it as plain readers (see "Request bodies" in the package
// documentation).
func (s *Server) Client(optFns ...func(*cloudwatch.Options)) *cloudwatch.Client {
	base := func(o *cloudwatch.Options) {
		o.Region = s.opts.region
		o.BaseEndpoint = aws.String(s.ts.URL)
		o.Credentials = credentials.NewStaticCredentialsProvider("AKIDCLOUDWATCHTEST", "secret", "")
		o.HTTPClient = s.ts.Client()
	}
	wrap := func(o *cloudwatch.Options) {
		if o.HTTPClient == nil {
			o.HTTPClient = s.ts.Client()
		}
		o.HTTPClient = readerbody.Wrap(o.HTTPClient)
	}
	fns := append([]func(*cloudwatch.Options){base}, optFns...)
	return cloudwatch.New(cloudwatch.Options{}, append(fns, wrap)...)
}

// Seed adds observations to the metric identified by namespace, metricName
// and the dimension set dims (order does not matter). Several points at the
// same instant are separate samples. Seed does not validate its input: what
// the service would reject cannot be queried through the API anyway.
// Alarm evaluations due before the server clock's now run first, so they do
// not see points that arrive later.
func (s *Server) Seed(namespace, metricName string, dims []types.Dimension, points ...Point) {
	ds := dimsFromTypes(dims)
	k := seriesKey(namespace, metricName, ds)
	s.mu.Lock()
	defer s.unlock()
	s.advance()
	m, ok := s.series[k]
	if !ok {
		m = &series{namespace: namespace, name: metricName, dims: ds}
		s.series[k] = m
	}
	for _, p := range points {
		m.points = append(m.points, Point{Time: p.Time.UTC(), Value: p.Value})
	}
	s.dataChanged()
	sort.SliceStable(m.points, func(i, j int) bool { return m.points[i].Time.Before(m.points[j].Time) })
}

// InjectFault makes the next f.Times calls of operation (for example
// "PutMetricAlarm") fail with f, or, with f.Probability set, a random share
// of its calls (see [Fault]). Faults for one operation queue up in the order
// they were injected.
func (s *Server) InjectFault(operation string, f Fault) {
	q := &queuedFault{Fault: f, left: f.Times}
	if random := f.Probability > 0 && f.Probability < 1; random {
		q.rng = rand.New(rand.NewPCG(f.Seed, f.Seed))
		if q.left < 1 {
			q.left = -1 // for ever
		}
	} else if q.left < 1 {
		q.left = 1
	}
	s.mu.Lock()
	defer s.unlock()
	s.faults[operation] = append(s.faults[operation], q)
}

// queuedFault is an injected fault with the calls it has still to fail
// (negative: no limit) and, for a random fault, its generator.
type queuedFault struct {
	Fault
	left int
	rng  *rand.Rand
}

// Calls returns how many requests operation has received, faulted and
// rejected ones included.
func (s *Server) Calls(operation string) int {
	s.mu.Lock()
	defer s.unlock()
	return s.calls[operation]
}

// Alarms returns a snapshot of the stored metric alarms, sorted by name, in
// the form DescribeAlarms returns them, after the evaluations due up to the
// server clock have run.
func (s *Server) Alarms() []types.MetricAlarm {
	s.mu.Lock()
	defer s.unlock()
	s.advance()
	names := make([]string, 0, len(s.alarms))
	for n := range s.alarms {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]types.MetricAlarm, 0, len(names))
	for _, n := range names {
		out = append(out, s.alarms[n].toTypes())
	}
	return out
}

func (s *Server) now() time.Time { return s.opts.now().UTC() }

// takeFault counts the call and pops the next fault for op, if any.
func (s *Server) takeFault(op string) (Fault, bool, int) {
	s.mu.Lock()
	defer s.unlock()
	s.calls[op]++
	s.request++
	q := s.faults[op]
	if len(q) == 0 {
		return Fault{}, false, s.request
	}
	f := q[0]
	if f.rng != nil && f.rng.Float64() >= f.Probability {
		return Fault{}, false, s.request
	}
	if f.left > 0 {
		f.left--
		if f.left == 0 {
			s.faults[op] = q[1:]
		}
	}
	return f.Fault, true, s.request
}

type handler func(s *Server, body []byte) (any, *apiError)

var handlers = map[string]handler{
	OpGetMetricData:       (*Server).getMetricData,
	OpGetMetricStatistics: (*Server).getMetricStatistics,
	OpListMetrics:         (*Server).listMetrics,
	OpPutMetricAlarm:      (*Server).putMetricAlarm,
	OpDescribeAlarms:      (*Server).describeAlarms,
	OpDeleteAlarms:        (*Server).deleteAlarms,

	OpDescribeAlarmHistory:      (*Server).describeAlarmHistory,
	OpSetAlarmState:             (*Server).setAlarmState,
	OpEnableAlarmActions:        (*Server).enableAlarmActions,
	OpDisableAlarmActions:       (*Server).disableAlarmActions,
	OpDescribeAlarmContributors: (*Server).describeAlarmContributors,
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.URL.Path, pathPrefix)
	if !ok || op == "" || strings.Contains(op, "/") {
		writeError(w, "", &apiError{status: http.StatusNotFound, code: codeUnknownOperation,
			message: fmt.Sprintf("cloudwatchtest: path %q is not /service/GraniteServiceVersion20100801/operation/<Operation>", r.URL.Path)})
		return
	}
	s.mu.Lock()
	s.advance()
	s.unlock()
	f, faulted, id := s.takeFault(op)
	reqID := "cloudwatchtest-" + strconv.Itoa(id)
	if faulted {
		writeError(w, reqID, f.apiError(op))
		return
	}
	if err := checkEnvelope(r); err != nil {
		writeError(w, reqID, err)
		return
	}
	h, ok := handlers[op]
	if !ok {
		writeError(w, reqID, &apiError{status: http.StatusBadRequest, code: codeUnknownOperation,
			message: fmt.Sprintf("cloudwatchtest does not implement operation %s", op)})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		writeError(w, reqID, &apiError{status: http.StatusRequestEntityTooLarge, code: codeSerialization,
			message: fmt.Sprintf("request body: %v", err)})
		return
	}
	out, aerr := h(s, body)
	if aerr != nil {
		writeError(w, reqID, aerr)
		return
	}
	payload, merr := encMode.Marshal(out)
	if merr != nil {
		writeError(w, reqID, &apiError{status: http.StatusInternalServerError, code: codeInternalServiceError,
			message: fmt.Sprintf("encode %s response: %v", op, merr)})
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
		return &apiError{status: http.StatusBadRequest, code: codeSerialization, message: fmt.Sprintf(format, args...)}
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
	body, _ := encMode.Marshal(errorBody{Type: e.shapeType(), Message: e.message, MessageCap: e.message})
	header(w, reqID)
	w.Header().Set("X-Amzn-Query-Error", e.queryErrorHeader())
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}

// decode unmarshals a request body into v. An empty body is an empty input.
func decode(body []byte, v any) *apiError {
	if len(body) == 0 {
		return nil
	}
	if err := decMode.Unmarshal(body, v); err != nil {
		return &apiError{status: http.StatusBadRequest, code: codeSerialization,
			message: fmt.Sprintf("cannot decode request body: %v", err)}
	}
	return nil
}
