package readerbody

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// raceWait bounds every wait of LateDrainTransport, so that a change in
// net/http or smithy-go that breaks the forced interleaving fails a test
// instead of hanging it. Every wait ends long before it when the
// interleaving holds, whatever the load: it is not a timing assumption.
const raceWait = time.Minute

// LateDrainTransport forces, on every request, the interleaving behind the
// defect (see the package documentation), for tests: the transport's drain
// of a request body waits until the response headers are in and the SDK
// has closed the body (seen as WriteTo failing: at the end of the stream it
// writes nothing, so probing it is harmless), and reading the response body
// waits until the drain is over and, if the drain failed, until the
// transport has closed the connection. A body that offers Read only is
// passed through untouched. Use one per test.
type LateDrainTransport struct {
	base       *http.Transport
	connClosed chan struct{}
	closeOnce  sync.Once
}

// NewLateDrainTransport returns a LateDrainTransport over a new
// http.Transport. Call CloseIdleConnections when done.
func NewLateDrainTransport() *LateDrainTransport {
	t := &LateDrainTransport{connClosed: make(chan struct{})}
	t.base = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &notifyConn{Conn: c, closed: func() { t.closeOnce.Do(func() { close(t.connClosed) }) }}, nil
	}}
	return t
}

// CloseIdleConnections closes the underlying transport's idle connections.
func (t *LateDrainTransport) CloseIdleConnections() { t.base.CloseIdleConnections() }

// RoundTrip implements http.RoundTripper.
func (t *LateDrainTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	wt, ok := r.Body.(io.WriterTo)
	if !ok {
		return t.base.RoundTrip(r)
	}
	b := &lateDrainBody{ReadCloser: r.Body, wt: wt, responded: make(chan struct{}), drained: make(chan error, 1)}
	cp := *r
	cp.Body = b
	resp, err := t.base.RoundTrip(&cp)
	close(b.responded)
	if err != nil {
		return nil, err
	}
	resp.Body = &afterDrainBody{ReadCloser: resp.Body, drained: b.drained, connClosed: t.connClosed}
	return resp, nil
}

type notifyConn struct {
	net.Conn
	closed func()
}

// Close closes the connection and only then reports it closed: a reader
// woken by the report must find the socket closed, not race its closing
// and read the whole response first.
func (c *notifyConn) Close() error {
	err := c.Conn.Close()
	c.closed()
	return err
}

type lateDrainBody struct {
	io.ReadCloser
	wt        io.WriterTo
	responded chan struct{}
	drained   chan error
}

func (b *lateDrainBody) WriteTo(w io.Writer) (int64, error) {
	deadline := time.After(raceWait)
	select {
	case <-b.responded:
	case <-deadline:
	}
	for {
		n, err := b.wt.WriteTo(w)
		if err != nil || n > 0 {
			b.drained <- err
			return n, err
		}
		select {
		case <-deadline:
			b.drained <- nil
			return 0, nil
		case <-time.After(time.Millisecond):
		}
	}
}

type afterDrainBody struct {
	io.ReadCloser
	once       sync.Once
	drained    chan error
	connClosed chan struct{}
}

func (b *afterDrainBody) Read(p []byte) (int, error) {
	b.once.Do(func() {
		select {
		case err := <-b.drained:
			if err != nil {
				select {
				case <-b.connClosed:
				case <-time.After(raceWait):
				}
			}
		case <-time.After(raceWait):
		}
	})
	return b.ReadCloser.Read(p)
}
