package eventbridgetest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/internal/eventbridgeengine"
	"github.com/kmswatch/kmswatch/internal/fake"
	"github.com/kmswatch/kmswatch/rules"
)

// DefaultEventBus is the bus every account has ("default") and the one AWS
// services, KMS included, deliver to.
const DefaultEventBus = eventbridgeengine.DefaultEventBus

// Server is an in-process EventBridge endpoint. Create it with [NewServer],
// point a real *eventbridge.Client at it with [Server.Client] (or at
// [Server.URL] with BaseEndpoint), and read what rules delivered with
// [Server.Delivered]. All methods are safe for concurrent use.
type Server struct {
	// The Server is the AWS JSON 1.1 protocol around eng, which holds the
	// buses, rules, targets and deliveries.
	base   *fake.Base
	cfg    fake.Config
	engCfg eventbridgeengine.Config
	eng    *eventbridgeengine.Engine
}

// Option configures a [Server].
type Option func(*Server)

// WithAccount sets the account ID used in ARNs and in the account field of
// events put with PutEvents. The default is eventstest.DefaultAccount, the
// account of the AWS documentation's KMS examples, so that the eventstest
// fixtures match rules created on a default Server.
func WithAccount(id string) Option { return func(s *Server) { s.cfg.Account = id } }

// WithRegion sets the Region used in ARNs, in events put with PutEvents and by
// [Server.Client]. The default is eventstest.DefaultRegion.
func WithRegion(region string) Option { return func(s *Server) { s.cfg.Region = region } }

// WithClock sets the clock that stamps events put without a Time and the
// aws.events.event.ingestion-time transformer variable. The default is
// time.Now. The function must be safe for concurrent use. See also
// [WithVirtualClock].
func WithClock(now func() time.Time) Option { return func(s *Server) { s.cfg.SetNow(now) } }

// WithVirtualClock puts the Server on c, the clock a
// cloudwatchtest.Server and an alarms.Syncer can share: c.Now stamps
// events as with [WithClock].
func WithVirtualClock(c *clock.Virtual) Option { return func(s *Server) { s.cfg.SetVirtual(c) } }

// WithIDs sets the generator of event IDs. The default returns random
// version 4 UUIDs; [SequentialIDs] gives reproducible ones. The function is
// called with the Server's lock held, so it need not be safe for concurrent
// use on its own.
func WithIDs(next func() string) Option { return func(s *Server) { s.engCfg.NewID = next } }

// WithEventBuses creates custom event buses besides [DefaultEventBus]. The
// fake does not implement CreateEventBus; requests naming any other bus fail
// with ResourceNotFoundException, as they do in AWS.
func WithEventBuses(names ...string) Option {
	return func(s *Server) { s.engCfg.Buses = append(s.engCfg.Buses, names...) }
}

// WithEventPatternQuota sets the "Event pattern size" service quota, in
// characters, that PutRule enforces. The default is
// [rules.DefaultEventPatternQuota] (2,048), the quota's default value
// (EventBridge quotas page, quota code L-664C5505); raise it to model an
// account where the quota was increased. The API model's maximum,
// [rules.MaxEventPatternLength] (4,096), applies whatever the quota.
func WithEventPatternQuota(chars int) Option {
	return func(s *Server) { s.engCfg.PatternQuota = chars }
}

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

// NewServer returns a Server. It opens no socket: [Server.Client] reaches
// it in process, and [Server.URL] starts a loopback endpoint when first
// called. Call [Server.Close] when done.
func NewServer(opts ...Option) *Server {
	s := &Server{
		cfg: fake.DefaultConfig(),
		// The quota's default value (EventBridge quotas page, L-664C5505).
		engCfg: eventbridgeengine.Config{PatternQuota: rules.DefaultEventPatternQuota},
	}
	for _, o := range opts {
		o(s)
	}
	s.engCfg.Account, s.engCfg.Region, s.engCfg.Now = s.cfg.Account, s.cfg.Region, s.cfg.Now
	s.eng = eventbridgeengine.New(s.engCfg)
	s.base = fake.New("eventbridgetest", s.cfg, http.HandlerFunc(s.serveHTTP))
	return s
}

// URL returns the base URL of a loopback HTTP endpoint serving the Server,
// started on first call, for a client built by hand
// (eventbridge.Options.BaseEndpoint); [Server.Client] needs none.
func (s *Server) URL() string { return s.base.URL() }

// Close shuts the loopback endpoint down, if URL started it, blocking
// until its requests end.
func (s *Server) Close() { s.base.Close() }

// Account returns the account ID the Server uses in ARNs and events.
func (s *Server) Account() string { return s.base.Account() }

// Region returns the Region the Server uses in ARNs and events.
func (s *Server) Region() string { return s.base.Region() }

// Client returns a real *eventbridge.Client that talks to this Server in
// process (see "Building a client" in the package documentation), with
// static test credentials and the Server's Region. optFns run next, so
// callers can change, for example, the retryer, or wrap HTTPClient to
// watch requests.
func (s *Server) Client(optFns ...func(*eventbridge.Options)) *eventbridge.Client {
	return eventbridge.NewFromConfig(s.base.ClientConfig(), optFns...)
}

// Calls returns how many requests for the named operation (for example
// "PutEvents") the Server has received, failed ones included.
func (s *Server) Calls(op string) int { return s.base.Calls(op) }

// Fault is an error response the Server returns instead of handling a
// call (see [Server.InjectFault]); it is the one fault type of the
// library's fakes. Code is the error code sent as __type, for example
// "ThrottlingException" or "InternalException"; empty sends
// "ThrottlingException", or "InternalException" with a 5xx Status. Status
// zero sends 400, the status AWS JSON 1.1 services use for client errors
// including throttling; use 500 or 503 for server faults, which the SDK
// retries. An empty Message sends "Injected fault.".
type Fault = fake.Fault

// InjectFault makes the next f.Times calls to op fail with f (values below
// 1 mean 1), or, with f.Probability set, a random share of its calls (see
// [Fault]). Faults for one operation queue up in the order they were
// injected; [Server.ClearFaults] drops them.
func (s *Server) InjectFault(op string, f Fault) { s.base.InjectFault(op, f) }

// ClearFaults drops the faults still queued for op.
func (s *Server) ClearFaults(op string) { s.base.ClearFaults(op) }

// faultError is the error response of an injected fault.
func faultError(f Fault) *apiError {
	e := &apiError{Status: f.Status, Code: f.Code, Message: f.Message}
	if e.Status == 0 {
		e.Status = http.StatusBadRequest
	}
	if e.Code == "" {
		e.Code = "ThrottlingException"
		if e.Status >= http.StatusInternalServerError {
			e.Code = "InternalException"
		}
	}
	if e.Message == "" {
		e.Message = messageInjectedFault
	}
	return e
}
