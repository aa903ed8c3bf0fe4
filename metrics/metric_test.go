package metrics

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/golden"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

const (
	testKeyID  = "1234abcd-12ab-34cd-56ef-1234567890ab"
	testKeyARN = "arn:aws:kms:us-west-2:111122223333:key/" + testKeyID
)

// describe flattens a Metric for comparison.
type described struct {
	Namespace, Name string
	Dims            []Dimension
	Unit            types.StandardUnit
	Stat            types.Statistic
}

func describe(m Metric) described {
	return described{m.Namespace(), m.Name(), m.Dimensions(), m.Unit(), m.Statistic()}
}

func TestConstructors(t *testing.T) {
	long := strings.Repeat("x", maxDimensionValue+1)
	tests := map[string]struct {
		build    func() (Metric, error)
		want     described
		problems []kmswatch.Problem
	}{
		"expiry from key id": {
			build: func() (Metric, error) { return SecondsUntilKeyMaterialExpiration(testKeyID) },
			want:  described{NamespaceKMS, MetricSecondsUntilKeyMaterialExpiration, []Dimension{{DimensionKeyID, testKeyID}}, types.StandardUnitSeconds, types.StatisticMinimum},
		},
		"expiry from key ARN takes the id": {
			build: func() (Metric, error) { return SecondsUntilKeyMaterialExpiration(testKeyARN) },
			want:  described{NamespaceKMS, MetricSecondsUntilKeyMaterialExpiration, []Dimension{{DimensionKeyID, testKeyID}}, types.StandardUnitSeconds, types.StatisticMinimum},
		},
		"expiry from multi-Region key id": {
			build: func() (Metric, error) {
				return SecondsUntilKeyMaterialExpiration("mrk-1234abcd12ab34cd56ef1234567890ab")
			},
			want: described{NamespaceKMS, MetricSecondsUntilKeyMaterialExpiration, []Dimension{{DimensionKeyID, "mrk-1234abcd12ab34cd56ef1234567890ab"}}, types.StandardUnitSeconds, types.StatisticMinimum},
		},
		"expiry empty": {
			build:    func() (Metric, error) { return SecondsUntilKeyMaterialExpiration("") },
			problems: []kmswatch.Problem{{Field: "keyRef", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 0"}},
		},
		"expiry over-long": {
			build:    func() (Metric, error) { return SecondsUntilKeyMaterialExpiration(long) },
			problems: []kmswatch.Problem{{Field: "keyRef", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 1025"}},
		},
		"expiry alias": {
			build:    func() (Metric, error) { return SecondsUntilKeyMaterialExpiration("alias/prod") },
			problems: []kmswatch.Problem{{Field: "keyRef", Rule: kmswatch.RulePattern, Message: `must be a key id or key ARN, got alias "alias/prod"; resolve it with KMS DescribeKey first`}},
		},
		"expiry alias ARN": {
			build: func() (Metric, error) {
				return SecondsUntilKeyMaterialExpiration("arn:aws:kms:us-west-2:111122223333:alias/prod")
			},
			problems: []kmswatch.Problem{{Field: "keyRef", Rule: kmswatch.RulePattern, Message: `must be a key id or a key ARN of the form arn:<partition>:kms:<region>:<account>:key/<key-id>, got "arn:aws:kms:us-west-2:111122223333:alias/prod"`}},
		},
		"expiry control character": {
			build:    func() (Metric, error) { return SecondsUntilKeyMaterialExpiration("ab\ncd") },
			problems: []kmswatch.Problem{{Field: "keyRef", Rule: kmswatch.RulePattern, Message: "must not contain ASCII control characters (found 0x0a at byte 2)"}},
		},
		"successful request": {
			build: func() (Metric, error) { return SuccessfulRequest(testKeyARN, "Decrypt") },
			want:  described{NamespaceKMS, MetricSuccessfulRequest, []Dimension{{DimensionKeyARN, testKeyARN}, {DimensionOperation, "Decrypt"}}, types.StandardUnitCount, types.StatisticSum},
		},
		"successful request needs ARN and rejects ReEncrypt": {
			build: func() (Metric, error) { return SuccessfulRequest(testKeyID, "ReEncrypt") },
			problems: []kmswatch.Problem{
				{Field: "keyARN", Rule: kmswatch.RulePattern, Message: `must be a key ARN of the form arn:<partition>:kms:<region>:<account>:key/<key-id>, got "` + testKeyID + `"`},
				{Field: "operation", Rule: kmswatch.RuleCombination, Message: "ReEncrypt is published with SourceKeyArn and DestinationKeyArn instead of KeyArn; use SuccessfulReEncryptRequest"},
			},
		},
		"re-encrypt": {
			build: func() (Metric, error) { return SuccessfulReEncryptRequest(testKeyARN, testKeyARN+"2") },
			want: described{NamespaceKMS, MetricSuccessfulRequest, []Dimension{
				{DimensionSourceKeyARN, testKeyARN}, {DimensionDestinationKeyARN, testKeyARN + "2"}, {DimensionOperation, "ReEncrypt"},
			}, types.StandardUnitCount, types.StatisticSum},
		},
		"cloudhsm throttle": {
			build: func() (Metric, error) { return CloudHSMKeyStoreThrottle("cks-1234567890abcdef0", "Decrypt") },
			want: described{NamespaceKMS, MetricCloudHSMKeyStoreThrottle, []Dimension{
				{DimensionCustomKeyStoreID, "cks-1234567890abcdef0"}, {DimensionKMSOperation, "Decrypt"}, {DimensionKeySpec, "SYMMETRIC_DEFAULT"},
			}, types.StandardUnitCount, types.StatisticSum},
		},
		"external throttle reports every empty dimension": {
			build: func() (Metric, error) { return ExternalKeyStoreThrottle("", "", "") },
			problems: []kmswatch.Problem{
				{Field: "customKeyStoreID", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 0"},
				{Field: "kmsOperation", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 0"},
				{Field: "keySpec", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 0"},
			},
		},
		"certificate days": {
			build: func() (Metric, error) { return XksProxyCertificateDaysToExpire("cks-1", "proxy.example.com") },
			want:  described{NamespaceKMS, MetricXksProxyCertificateDaysToExpire, []Dimension{{DimensionCustomKeyStoreID, "cks-1"}, {DimensionCertificateName, "proxy.example.com"}}, "", types.StatisticMinimum},
		},
		"credential age": {
			build: func() (Metric, error) { return XksProxyCredentialAge("cks-1") },
			want:  described{NamespaceKMS, MetricXksProxyCredentialAge, []Dimension{{DimensionCustomKeyStoreID, "cks-1"}}, "", types.StatisticMaximum},
		},
		"proxy errors": {
			build: func() (Metric, error) {
				return XksProxyErrors("cks-1", "Decrypt", "Decrypt", "AES_256", "Retryable errors", "None")
			},
			want: described{NamespaceKMS, MetricXksProxyErrors, []Dimension{
				{DimensionCustomKeyStoreID, "cks-1"}, {DimensionKMSOperation, "Decrypt"}, {DimensionXksOperation, "Decrypt"},
				{DimensionKeySpec, "AES_256"}, {DimensionErrorType, "Retryable errors"}, {DimensionExceptionName, "None"},
			}, types.StandardUnitCount, types.StatisticSum},
		},
		"key manager states": {
			build: func() (Metric, error) { return XksExternalKeyManagerStates("cks-1", ExternalKeyManagerDegraded) },
			want: described{NamespaceKMS, MetricXksExternalKeyManagerStates, []Dimension{
				{DimensionCustomKeyStoreID, "cks-1"}, {DimensionXksExternalKeyManagerState, "Degraded"},
			}, types.StandardUnitCount, types.StatisticMaximum},
		},
		"proxy latency": {
			build: func() (Metric, error) { return XksProxyLatency("cks-1", "Encrypt", "Encrypt", "AES_256") },
			want: described{NamespaceKMS, MetricXksProxyLatency, []Dimension{
				{DimensionCustomKeyStoreID, "cks-1"}, {DimensionKMSOperation, "Encrypt"}, {DimensionXksOperation, "Encrypt"}, {DimensionKeySpec, "AES_256"},
			}, types.StandardUnitMilliseconds, types.StatisticAverage},
		},
		"call count": {
			build: func() (Metric, error) { return CallCount(QuotaCryptographicOperationsSymmetric) },
			want: described{NamespaceUsage, MetricCallCount, []Dimension{
				{DimensionService, "KMS"}, {DimensionType, "API"}, {DimensionResource, "CryptographicOperationsSymmetric"}, {DimensionClass, "None"},
			}, "", types.StatisticSum},
		},
		"call count empty resource": {
			build:    func() (Metric, error) { return CallCount("") },
			problems: []kmswatch.Problem{{Field: "resource", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 1024 characters, got 0"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			m, err := tc.build()
			problemtest.Exact(t, err, tc.problems)
			if tc.problems != nil {
				return
			}
			if diff := cmp.Diff(tc.want, describe(m)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if m.Why() == "" {
				t.Error("Why() is empty")
			}
		})
	}
}

func TestMetricSDKAndDimension(t *testing.T) {
	m, err := SecondsUntilKeyMaterialExpiration(testKeyARN)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "metric-expiry.json"), m.SDK())
	if v, ok := m.Dimension(DimensionKeyID); !ok || v != testKeyID {
		t.Errorf("Dimension(KeyId) = %q, %v; want %q, true", v, ok, testKeyID)
	}
	if _, ok := m.Dimension("Nope"); ok {
		t.Error("Dimension(Nope) found")
	}
	dims := m.Dimensions()
	dims[0].Value = "changed"
	if v, _ := m.Dimension(DimensionKeyID); v != testKeyID {
		t.Errorf("changing Dimensions() result changed the metric to %q", v)
	}
}

func TestKeyID(t *testing.T) {
	tests := map[string]struct {
		in, want string
		err      bool
	}{
		"id":                {in: testKeyID, want: testKeyID},
		"arn":               {in: testKeyARN, want: testKeyID},
		"china arn":         {in: "arn:aws-cn:kms:cn-north-1:111122223333:key/" + testKeyID, want: testKeyID},
		"mrk arn":           {in: "arn:aws:kms:us-east-1:111122223333:key/mrk-abc", want: "mrk-abc"},
		"alias":             {in: "alias/x", err: true},
		"other service arn": {in: "arn:aws:s3:::bucket/key", err: true},
		"arn without id":    {in: "arn:aws:kms:us-west-2:111122223333:key/", err: true},
		"arn no region":     {in: "arn:aws:kms::111122223333:key/" + testKeyID, err: true},
		"partial resource":  {in: "key/" + testKeyID, err: true},
		"empty":             {in: "", err: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := KeyID(tc.in)
			if (err != nil) != tc.err {
				t.Fatalf("KeyID(%q) error = %v, want error %v", tc.in, err, tc.err)
			}
			if got != tc.want {
				t.Errorf("KeyID(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
