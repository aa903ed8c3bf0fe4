package eventbridgetest_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/readerbody"
)

// TestLargeResponseWhenRequestBodyClosedEarly forces, on every request, the
// interleaving in which the SDK closes the request body before net/http
// drains it (see internal/readerbody). Server.Client must deliver a large
// ListRules answer whatever the interleaving; a client built by hand around
// the same transport shows that the interleaving is really forced.
func TestLargeResponseWhenRequestBodyClosedEarly(t *testing.T) {
	srv, seeder := newServer(t)
	for i := range 100 {
		mustPutRule(t, seeder, &eventbridge.PutRuleInput{Name: aws.String(fmt.Sprintf("rule-%03d", i)), EventPattern: aws.String(kmsAll)})
	}
	clients := map[string]struct {
		build      func(http.RoundTripper) *eventbridge.Client
		wantClosed bool
	}{
		"Server.Client": {
			build: func(rt http.RoundTripper) *eventbridge.Client {
				return srv.Client(func(o *eventbridge.Options) {
					o.RetryMaxAttempts = 1
					o.HTTPClient = &http.Client{Transport: rt}
				})
			},
		},
		"client built by hand (SDK defect shows)": {
			build: func(rt http.RoundTripper) *eventbridge.Client {
				return eventbridge.New(eventbridge.Options{
					Region:           srv.Region(),
					BaseEndpoint:     aws.String(srv.URL()),
					Credentials:      credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
					HTTPClient:       &http.Client{Transport: rt},
					RetryMaxAttempts: 1,
				})
			},
			wantClosed: true,
		},
	}
	for name, cl := range clients {
		t.Run(name, func(t *testing.T) {
			rt := readerbody.NewLateDrainTransport()
			t.Cleanup(rt.CloseIdleConnections)
			out, err := cl.build(rt).ListRules(context.Background(), &eventbridge.ListRulesInput{Limit: aws.Int32(100)})
			n := 0
			if err == nil {
				n = len(out.Rules)
			}
			want := []any{100, false}
			if cl.wantClosed {
				want = []any{0, true}
			}
			got := []any{n, errors.Is(err, net.ErrClosed)}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("[rules connection-closed] mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}
