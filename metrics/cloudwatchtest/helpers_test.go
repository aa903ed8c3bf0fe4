package cloudwatchtest_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"

	"github.com/kmswatch/kmswatch/internal/faketest"
	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

// now is the fixed clock of the tests.
var now = faketest.Now

const (
	kms    = "AWS/KMS"
	expiry = "SecondsUntilKeyMaterialExpiration"
)

func fixedNow() time.Time { return now }

// fastRetries keeps the SDK's standard retryer and only removes the delay,
// so fault tests do not sleep.
func fastRetries(o *cloudwatch.Options) { o.Retryer = faketest.NoBackoff(0) }

// serverSide removes the SDK's client-side input validation so that the
// server's own checks of required members are exercised.
func serverSide(o *cloudwatch.Options) {
	o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
		if _, ok := st.Initialize.Get("OperationInputValidation"); !ok {
			return nil // operations without required members have none
		}
		_, err := st.Initialize.Remove("OperationInputValidation")
		return err
	})
}

func newServer(t testing.TB, opts ...cloudwatchtest.Option) (*cloudwatchtest.Server, *cloudwatch.Client) {
	t.Helper()
	s := cloudwatchtest.NewServer(append([]cloudwatchtest.Option{cloudwatchtest.WithClock(fixedNow)}, opts...)...)
	t.Cleanup(s.Close)
	return s, s.Client(fastRetries, serverSide)
}

func keyDims(keyID string) []types.Dimension {
	return []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(keyID)}}
}

func expiryStat(keyID string, period int32, stat string) *types.MetricStat {
	return &types.MetricStat{
		Metric: &types.Metric{Namespace: aws.String(kms), MetricName: aws.String(expiry), Dimensions: keyDims(keyID)},
		Period: aws.Int32(period),
		Stat:   aws.String(stat),
	}
}

// points returns one point per minute ending at end, with the given values
// in time order.
func points(end time.Time, values ...float64) []cloudwatchtest.Point {
	out := make([]cloudwatchtest.Point, len(values))
	for i, v := range values {
		out[i] = cloudwatchtest.Point{Time: end.Add(-time.Duration(len(values)-1-i) * time.Minute), Value: v}
	}
	return out
}

// errorCode returns the API error code of err, or "" when err is nil.
func errorCode(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not a smithy.APIError", err, err)
	}
	return ae.ErrorCode()
}

// checkError asserts the code and that the message mentions each fragment.
func checkError(t *testing.T, err error, code string, fragments ...string) {
	t.Helper()
	if got := errorCode(t, err); got != code {
		t.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
	if err == nil {
		return
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}
