package metrics_test

import (
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/metrics"
)

func ExampleSecondsUntilKeyMaterialExpiration() {
	// A key ARN is reduced to the key id the KeyId dimension holds.
	m, err := metrics.SecondsUntilKeyMaterialExpiration("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Namespace(), m.Name(), m.Dimensions(), m.Unit(), m.Statistic())
	fmt.Println(m.Why())
	// Output:
	// AWS/KMS SecondsUntilKeyMaterialExpiration [{KeyId 1234abcd-12ab-34cd-56ef-1234567890ab}] Seconds Minimum
	// a countdown: the smallest value in a period is the nearest expiry (KMS developer guide, monitoring-cloudwatch)
}

func ExampleKeyID() {
	for _, ref := range []string{
		"1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:kms:us-west-2:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
		"alias/payments",
	} {
		id, err := metrics.KeyID(ref)
		fmt.Printf("%q %v\n", id, err)
	}
	// Output:
	// "1234abcd-12ab-34cd-56ef-1234567890ab" <nil>
	// "mrk-1234abcd12ab34cd56ef1234567890ab" <nil>
	// "" invalid metrics.KeyID: keyRef: must be a key id or key ARN, got alias "alias/payments"; resolve it with KMS DescribeKey first
}

func ExampleExternalKeyStoreThrottle_invalid() {
	_, err := metrics.ExternalKeyStoreThrottle("", "Decrypt", "")
	var ve *kmswatch.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Printf("%s (%s): %s\n", p.Field, p.Rule, p.Message)
		}
	}
	fmt.Println(errors.Is(err, kmswatch.ErrInvalid))
	// Output:
	// customKeyStoreID (length): length must be between 1 and 1024 characters, got 0
	// keySpec (length): length must be between 1 and 1024 characters, got 0
	// true
}

func ExampleSuccessfulRequest() {
	m, err := metrics.SuccessfulRequest("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", "Decrypt")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), m.Dimensions(), m.Statistic())
	// Output:
	// SuccessfulRequest [{KeyArn arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab} {Operation Decrypt}] Sum
}

func ExampleSuccessfulReEncryptRequest() {
	m, err := metrics.SuccessfulReEncryptRequest(
		"arn:aws:kms:us-west-2:111122223333:key/1111aaaa-12ab-34cd-56ef-1234567890ab",
		"arn:aws:kms:us-west-2:111122223333:key/2222bbbb-12ab-34cd-56ef-1234567890ab")
	if err != nil {
		panic(err)
	}
	for _, d := range m.Dimensions() {
		fmt.Println(d.Name)
	}
	// Output:
	// SourceKeyArn
	// DestinationKeyArn
	// Operation
}

func ExampleCloudHSMKeyStoreThrottle() {
	m, err := metrics.CloudHSMKeyStoreThrottle("cks-1234567890abcdef0", "Decrypt")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), m.Dimensions(), m.Statistic())
	// Output:
	// CloudHSMKeyStoreThrottle [{CustomKeyStoreId cks-1234567890abcdef0} {KmsOperation Decrypt} {KeySpec SYMMETRIC_DEFAULT}] Sum
}

func ExampleExternalKeyStoreThrottle() {
	m, err := metrics.ExternalKeyStoreThrottle("cks-1234567890abcdef0", "Encrypt", "AES_256")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), m.Statistic())
	// Output:
	// ExternalKeyStoreThrottle Sum
}

func ExampleXksProxyCertificateDaysToExpire() {
	m, err := metrics.XksProxyCertificateDaysToExpire("cks-1234567890abcdef0", "proxy.example.com")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), m.Dimensions(), m.Statistic())
	// Output:
	// XksProxyCertificateDaysToExpire [{CustomKeyStoreId cks-1234567890abcdef0} {CertificateName proxy.example.com}] Minimum
}

func ExampleXksProxyCredentialAge() {
	m, err := metrics.XksProxyCredentialAge("cks-1234567890abcdef0")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), m.Statistic())
	// Output:
	// XksProxyCredentialAge Maximum
}

func ExampleXksProxyErrors() {
	m, err := metrics.XksProxyErrors("cks-1234567890abcdef0", "Decrypt", "Decrypt", "AES_256", "Retryable errors", "None")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), len(m.Dimensions()), m.Statistic())
	// Output:
	// XksProxyErrors 6 Sum
}

func ExampleXksExternalKeyManagerStates() {
	m, err := metrics.XksExternalKeyManagerStates("cks-1234567890abcdef0", metrics.ExternalKeyManagerUnavailable)
	if err != nil {
		panic(err)
	}
	state, _ := m.Dimension(metrics.DimensionXksExternalKeyManagerState)
	fmt.Println(m.Name(), state, m.Statistic())
	// Output:
	// XksExternalKeyManagerStates Unavailable Maximum
}

func ExampleXksProxyLatency() {
	m, err := metrics.XksProxyLatency("cks-1234567890abcdef0", "Decrypt", "Decrypt", "AES_256")
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Name(), m.Unit(), m.Statistic())
	// Output:
	// XksProxyLatency Milliseconds Average
}

func ExampleCallCount() {
	m, err := metrics.CallCount(metrics.QuotaCryptographicOperationsSymmetric)
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Namespace(), m.Name(), m.Dimensions(), m.Statistic())
	// Output:
	// AWS/Usage CallCount [{Service KMS} {Type API} {Resource CryptographicOperationsSymmetric} {Class None}] Sum
}

func ExampleMetric_SDK() {
	m, err := metrics.SecondsUntilKeyMaterialExpiration("1234abcd-12ab-34cd-56ef-1234567890ab")
	if err != nil {
		panic(err)
	}
	sdk := m.SDK()
	fmt.Println(aws.ToString(sdk.Namespace), aws.ToString(sdk.MetricName), aws.ToString(sdk.Dimensions[0].Name), aws.ToString(sdk.Dimensions[0].Value))
	// Output:
	// AWS/KMS SecondsUntilKeyMaterialExpiration KeyId 1234abcd-12ab-34cd-56ef-1234567890ab
}
