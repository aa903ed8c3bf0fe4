// Package readerbody keeps the in-process fakes' own SDK clients clear of a
// smithy-go request-body defect, and forces that defect's interleaving in
// tests.
//
// smithy-go (v1.28.9) hands the transport a request body whose WriteTo
// returns io.EOF once the body is closed, and closes it as soon as the HTTP
// client's Do returns, that is when the response headers have arrived.
// net/http's Transport, after writing ContentLength bytes, drains the body
// once more to check for extra bytes, through WriteTo when the body has one.
// When the response arrives first (the server has read the whole body, but
// the transport's write goroutine has not run since), that drain gets
// io.EOF, which io.Copy passes on as an error; the transport takes it for a
// failed request write and closes the connection while the response body is
// still being read: "use of closed network connection" after status 200.
//
// Nothing a server does can prevent it: the drain writes nothing to the
// network, so the server cannot see whether it has happened before it
// answers. Only the client can: a body whose WriteTo is hidden is drained
// with Read, and a closed body's Read returns io.EOF, which io.Copy treats
// as the end. [Wrap] hides it.
package readerbody

import (
	"io"
	"net/http"
)

// Doer is the HTTP client of an SDK client's Options (HTTPClient).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Wrap returns a Doer that hands next every request body as a plain
// io.ReadCloser, without WriteTo.
func Wrap(next Doer) Doer { return readerBody{next} }

type readerBody struct{ next Doer }

func (c readerBody) Do(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return c.next.Do(r)
	}
	cp := *r
	cp.Body = struct{ io.ReadCloser }{r.Body}
	return c.next.Do(&cp)
}
