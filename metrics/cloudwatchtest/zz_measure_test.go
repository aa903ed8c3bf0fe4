package cloudwatchtest_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

func TestZZMeasureHandBuilt(t *testing.T) {
	srv, seeder := newServer(t)
	seedLarge(t, srv, seeder)
	c := cloudwatch.New(cloudwatch.Options{
		Region:           cloudwatchtest.Region,
		BaseEndpoint:     aws.String(srv.URL()),
		Credentials:      credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
		RetryMaxAttempts: 1,
	})
	for name, op := range largeCalls {
		failures := 0
		var last error
		for range *largeCallsPerOp {
			n, err := op.call(context.Background(), c)
			if err != nil || n != op.want {
				failures++
				last = err
			}
		}
		t.Logf("hand-built %s: %d of %d failed; last %v", name, failures, *largeCallsPerOp, last)
	}
}
