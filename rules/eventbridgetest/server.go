package eventbridgetest

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/kmswatch/kmswatch/delivery"
	"github.com/kmswatch/kmswatch/internal/identity"
	"github.com/kmswatch/kmswatch/internal/readerbody"
	"github.com/kmswatch/kmswatch/rules"
)

// DefaultEventBus is the bus every account has and the one AWS services, KMS
// included, deliver to.
const DefaultEventBus = "default"

// Server is an in-process EventBridge endpoint. Create it with [NewServer],
// point a real *eventbridge.Client at it with [Server.Client] (or at
// [Server.URL] with BaseEndpoint), and read what rules delivered with
// [Server.Delivered]. All methods are safe for concurrent use.
type Server struct {
	srv *httptest.Server

	account string
	region  string
	now     func() time.Time
	newID   func() string
	// patternQuota is the "Event pattern size" quota, in characters.
	patternQuota int

	mu         sync.Mutex
	buses      map[string]*bus
	calls      map[string]int
	faults     map[string]*Fault
	deliveries map[string][]Delivery
	deliverTo  *delivery.Inputs // SetDeliveryInputs; nil: every target receives
	failed     map[string][]FailedInvocation
}

// Option configures a [Server].
type Option func(*Server)

// WithAccount sets the account ID used in ARNs and in the account field of
// events put with PutEvents. The default is eventstest.DefaultAccount, the
// account of the AWS documentation's KMS examples, so that the eventstest
// fixtures match rules created on a default Server.
func WithAccount(id string) Option { return func(s *Server) { s.account = id } }

// WithRegion sets the Region used in ARNs, in events put with PutEvents and by
// [Server.Client]. The default is eventstest.DefaultRegion.
func WithRegion(region string) Option { return func(s *Server) { s.region = region } }

// WithClock sets the clock that stamps events put without a Time and the
// aws.events.event.ingestion-time transformer variable. The default is
// time.Now. The function must be safe for concurrent use.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithIDs sets the generator of event IDs. The default returns random
// version 4 UUIDs; [SequentialIDs] gives reproducible ones. The function is
// called with the Server's lock held, so it need not be safe for concurrent
// use on its own.
func WithIDs(next func() string) Option { return func(s *Server) { s.newID = next } }

// WithEventBuses creates custom event buses besides [DefaultEventBus]. The
// fake does not implement CreateEventBus; requests naming any other bus fail
// with ResourceNotFoundException, as they do in AWS.
func WithEventBuses(names ...string) Option {
	return func(s *Server) {
		for _, n := range names {
			s.buses[n] = newBus(n)
		}
	}
}

// WithEventPatternQuota sets the "Event pattern size" service quota, in
// characters, that PutRule enforces. The default is
// [rules.DefaultEventPatternQuota] (2,048), the quota's default value
// (EventBridge quotas page, quota code L-664C5505); raise it to model an
// account where the quota was increased. The API model's maximum,
// [rules.MaxEventPatternLength] (4,096), applies whatever the quota.
func WithEventPatternQuota(chars int) Option { return func(s *Server) { s.patternQuota = chars } }

// SequentialIDs returns a generator of UUID-shaped IDs counting up from
// 00000000-0000-0000-0000-000000000001, for deterministic tests and output.
// The generator is not safe for concurrent use; [WithIDs] serialises calls.
func SequentialIDs() func() string {
	var n uint64
	return func() string {
		n++
		return fmt.Sprintf("00000000-0000-0000-0000-%012x", n)
	}
}

// randomID returns a random version 4 UUID, the shape EventBridge uses for
// event IDs.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// NewServer starts a Server on a loopback port. Call [Server.Close] when done.
func NewServer(opts ...Option) *Server {
	s := newState(opts...)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// newState returns a Server with the default bus and no endpoint, for
// NewServer and for tests that call serveHTTP directly.
func newState(opts ...Option) *Server {
	s := &Server{
		account: identity.Account,
		region:  identity.Region,
		now:     time.Now,
		newID:   randomID,
		// The quota's default value (EventBridge quotas page, L-664C5505).
		patternQuota: rules.DefaultEventPatternQuota,
		buses:        map[string]*bus{DefaultEventBus: newBus(DefaultEventBus)},
		calls:        map[string]int{},
		faults:       map[string]*Fault{},
		deliveries:   map[string][]Delivery{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// URL returns the endpoint's base URL, for eventbridge.Options.BaseEndpoint.
func (s *Server) URL() string { return s.srv.URL }

// Close shuts the endpoint down and blocks until outstanding requests end.
func (s *Server) Close() { s.srv.Close() }

// Account returns the account ID the Server uses in ARNs and events.
func (s *Server) Account() string { return s.account }

// Region returns the Region the Server uses in ARNs and events.
func (s *Server) Region() string { return s.region }

// Client returns a real *eventbridge.Client that talks to this Server with
// static test credentials and the Server's Region. optFns run next, so
// callers can change, for example, the retryer. Whatever HTTPClient they
// leave in place is wrapped last so that request bodies reach it as plain
// readers (see "Building a client" in the package documentation).
func (s *Server) Client(optFns ...func(*eventbridge.Options)) *eventbridge.Client {
	wrap := func(o *eventbridge.Options) {
		if o.HTTPClient == nil {
			o.HTTPClient = s.srv.Client()
		}
		o.HTTPClient = readerbody.Wrap(o.HTTPClient)
	}
	return eventbridge.New(eventbridge.Options{
		Region:       s.region,
		BaseEndpoint: aws.String(s.srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEVENTBRIDGETEST", "eventbridgetest-secret", ""),
		HTTPClient:   s.srv.Client(),
	}, append(optFns, wrap)...)
}

// Calls returns how many requests for the named operation (for example
// "PutEvents") the Server has received, failed ones included.
func (s *Server) Calls(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// Fault makes calls to an operation fail with a service error, to exercise
// callers' retry and error handling.
type Fault struct {
	// Code is the error code sent as __type, for example
	// "ThrottlingException" or "InternalException".
	Code string
	// Message is the error message; empty sends "Injected fault.".
	Message string
	// Status is the HTTP status; zero sends 400, the status AWS JSON 1.1
	// services use for client errors including throttling. Use 500 or 503
	// for server faults, which the SDK retries.
	Status int
	// Times is how many consecutive calls fail before the operation works
	// again.
	Times int
}

// InjectFault makes the next f.Times calls to op fail with f. A Fault with
// Times <= 0 clears any fault on op.
func (s *Server) InjectFault(op string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times <= 0 {
		delete(s.faults, op)
		return
	}
	s.faults[op] = &f
}

// takeFault consumes one injected failure for op, if any. Callers hold s.mu.
func (s *Server) takeFault(op string) (Fault, bool) {
	f, ok := s.faults[op]
	if !ok {
		return Fault{}, false
	}
	out := *f
	f.Times--
	if f.Times <= 0 {
		delete(s.faults, op)
	}
	return out, true
}
