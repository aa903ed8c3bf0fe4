package cloudwatchtest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
)

// rejection is a request an operation answers with an error: its code and
// fragments of its message (see checkError). A zero wantCode is a request
// that succeeds.
type rejection[In any] struct {
	name      string
	in        In
	wantCode  string
	fragments []string
}

// checkRejections sends each request of tests with call to a fresh server
// and checks the error.
func checkRejections[In any](t *testing.T, tests []rejection[In], call func(context.Context, *cloudwatch.Client, *In) error) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, c := newServer(t)
			checkError(t, call(context.Background(), c, &tt.in), tt.wantCode, tt.fragments...)
		})
	}
}
