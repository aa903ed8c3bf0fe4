// Package fake is the scaffolding every in-process AWS fake shares
// (metrics/cloudwatchtest, rules/eventbridgetest and those to come): its
// identity and clock, its lifecycle, the in-process transport its SDK
// clients use, fault injection and call counting, the request-size limit
// and the error response its handlers return. A fake is then a protocol
// adapter (decode the request, call its engine, encode the answer) that
// embeds a *[Base].
package fake

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/internal/identity"
)

// Config is what every fake's options set: its identity and its clock.
type Config struct {
	// Account and Region are the fake's identity, in ARNs and events.
	Account, Region string
	// Now is the fake's clock.
	Now func() time.Time
	// Virtual, when set, is the clock behind Now; the fake acts on its
	// moves (see [Base.OnAdvance]).
	Virtual *clock.Virtual
}

// DefaultConfig is the identity of the AWS documentation's KMS examples
// (internal/identity) on the system clock.
func DefaultConfig() Config {
	return Config{Account: identity.Account, Region: identity.Region, Now: time.Now}
}

// SetVirtual makes v the clock.
func (c *Config) SetVirtual(v *clock.Virtual) {
	c.Virtual = v
	c.Now = v.Now
}

// SetNow makes now the clock, dropping a virtual clock set before.
func (c *Config) SetNow(now func() time.Time) {
	c.Virtual = nil
	c.Now = now
}

// Base is the part of a fake that does not depend on its protocol. Its
// methods are safe for concurrent use.
type Base struct {
	name    string
	cfg     Config
	handler http.Handler

	once      sync.Once
	ts        *httptest.Server
	stopClock func()

	mu       sync.Mutex
	calls    map[string]int
	faults   map[string][]*queuedFault
	requests int
}

// New returns the scaffolding of the fake called name (the package name,
// as in "cloudwatchtest"), serving handler. It opens no socket: SDK
// clients built from [Base.ClientConfig] reach handler in process, and
// [Base.URL] starts a loopback listener only when asked.
func New(name string, cfg Config, handler http.Handler) *Base {
	return &Base{name: name, cfg: cfg, handler: handler, calls: map[string]int{}, faults: map[string][]*queuedFault{}}
}

// OnAdvance runs fn after every move of the virtual clock, if the fake has
// one, until Close: a fake that owes something at a time (an alarm
// evaluation, an event) delivers it when the clock gets there, not only on
// its next request.
func (b *Base) OnAdvance(fn func(now time.Time)) {
	if b.cfg.Virtual != nil {
		b.stopClock = b.cfg.Virtual.OnAdvance(fn)
	}
}

// Account returns the fake's account ID.
func (b *Base) Account() string { return b.cfg.Account }

// Region returns the fake's Region.
func (b *Base) Region() string { return b.cfg.Region }

// Now reads the fake's clock, in UTC.
func (b *Base) Now() time.Time { return b.cfg.Now().UTC() }

// URL starts, on first use, a loopback HTTP server for handler and returns
// its base URL, for clients built by hand.
func (b *Base) URL() string {
	b.once.Do(func() { b.ts = httptest.NewServer(b.handler) })
	return b.ts.URL
}

// Close stops acting on the clock and shuts the loopback server down, if
// URL started it, blocking until its requests finish.
func (b *Base) Close() {
	if b.stopClock != nil {
		b.stopClock()
	}
	b.once.Do(func() {})
	if b.ts != nil {
		b.ts.Close()
	}
}

// ClientConfig is the configuration of the fake's own SDK clients (pass it
// to the service's NewFromConfig): the fake's Region, static test
// credentials, an endpoint the in-process transport ignores (its name says
// where requests go), and an HTTP client whose requests go to handler in
// process: no socket, no connection pool, no goroutine of its own, so the
// SDK client above it still serializes and parses every byte while the
// exchange is as deterministic as a function call (and runs inside a
// testing/synctest bubble, where network I/O would stall virtual time).
func (b *Base) ClientConfig() aws.Config {
	return aws.Config{
		Region:       b.cfg.Region,
		BaseEndpoint: aws.String("http://" + b.name + ".in-process.invalid"),
		Credentials:  credentials.NewStaticCredentialsProvider("AKID"+b.name, b.name+"-secret", ""),
		HTTPClient:   &http.Client{Transport: Transport{Handler: b.handler}},
	}
}

// Transport is an http.RoundTripper that serves each request with Handler
// on the calling goroutine and returns what it wrote.
type Transport struct{ Handler http.Handler }

// RoundTrip implements http.RoundTripper. The request body is read whole
// before Handler runs, as a server receives it, so the handler never sees
// a body its client closes early.
func (t Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	in := r.Clone(r.Context())
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(r.Body)
		_ = r.Body.Close() // a RoundTripper closes the body, even on error
		if err != nil {
			return nil, fmt.Errorf("in-process transport: reading the request body: %w", err)
		}
		in.Body = io.NopCloser(bytes.NewReader(body))
		in.ContentLength = int64(len(body))
	} else {
		in.Body = http.NoBody
	}
	in.RequestURI = r.URL.RequestURI()
	in.RemoteAddr = "in-process"
	w := httptest.NewRecorder()
	t.Handler.ServeHTTP(w, in)
	resp := w.Result()
	resp.Request = r
	return resp, nil
}

// ErrBodyTooLarge reports a request body over the fake's limit.
var ErrBodyTooLarge = errors.New("request body too large")

// ReadBody reads r's body, at most limit bytes: a longer body is
// ErrBodyTooLarge, so a fake never holds more than its protocol allows.
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrBodyTooLarge, limit)
	}
	return body, nil
}

// Error is an error response of a fake: its HTTP status, the service's
// error code and the message. Each fake writes it in its protocol's form.
type Error struct {
	Status  int
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Fault is an error response a fake returns instead of handling a call. It
// is a plain value. Code is the service's error code (for example
// "Throttling" for CloudWatch, "ThrottlingException" for EventBridge);
// Status is the HTTP status; Message is the error message. Each fake
// documents what an empty Code, Status or Message becomes.
//
// Times is how many consecutive calls receive it: the next Times calls of
// the operation (values below 1 mean 1).
//
// Probability, when between 0 and 1 (exclusive), makes the fault random
// instead of consecutive: each call fails with that probability, drawn
// from a generator seeded with Seed so that a run repeats, and the fault
// stays in place until it has failed Times calls (for ever when Times is
// below 1), holding back the faults queued after it. This models a
// throttled account, where some calls of a steady stream are rejected.
type Fault struct {
	Code        string
	Status      int
	Message     string
	Times       int
	Probability float64
	Seed        uint64
}

// queuedFault is an injected fault with the calls it has still to fail
// (negative: no limit) and, for a random fault, its generator.
type queuedFault struct {
	Fault
	left int
	rng  *rand.Rand
}

// InjectFault queues f for operation: faults of one operation apply in the
// order they were injected (see [Fault]).
func (b *Base) InjectFault(operation string, f Fault) {
	q := &queuedFault{Fault: f, left: f.Times}
	if random := f.Probability > 0 && f.Probability < 1; random {
		q.rng = rand.New(rand.NewPCG(f.Seed, f.Seed))
		if q.left < 1 {
			q.left = -1 // for ever
		}
	} else if q.left < 1 {
		q.left = 1
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.faults[operation] = append(b.faults[operation], q)
}

// ClearFaults drops the faults still queued for operation.
func (b *Base) ClearFaults(operation string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.faults, operation)
}

// Calls returns how many requests operation has received, faulted and
// rejected ones included.
func (b *Base) Calls(operation string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls[operation]
}

// Call counts a request for operation and returns the fault it is to fail
// with, if any, and the request's sequence number (from 1), for request
// IDs.
func (b *Base) Call(operation string) (f Fault, faulted bool, seq int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls[operation]++
	b.requests++
	q := b.faults[operation]
	if len(q) == 0 {
		return Fault{}, false, b.requests
	}
	head := q[0]
	if head.rng != nil && head.rng.Float64() >= head.Probability {
		return Fault{}, false, b.requests
	}
	if head.left > 0 {
		head.left--
		if head.left == 0 {
			b.faults[operation] = q[1:]
		}
	}
	return head.Fault, true, b.requests
}
