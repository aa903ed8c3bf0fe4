package rules_test

import (
	"errors"
	"fmt"

	"github.com/kmswatch/kmswatch/rules"
)

const deletionEvent = `{
  "version": "0",
  "id": "e9ad5ae3-1f2b-4a5d-8c9e-0123456789ab",
  "detail-type": "KMS CMK Deletion",
  "source": "aws.kms",
  "account": "111122223333",
  "time": "2022-08-10T16:37:50Z",
  "region": "us-west-2",
  "resources": ["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
  "detail": {"key-id": "1234abcd-12ab-34cd-56ef-1234567890ab"}
}`

func ExampleMatch() {
	pattern := `{
	  "source": ["aws.kms"],
	  "detail-type": ["KMS CMK Deletion"],
	  "resources": [{"wildcard": "arn:aws:kms:*:111122223333:key/*"}]
	}`
	ok, err := rules.Match(pattern, []byte(deletionEvent)) // a string, an EventPattern or []byte

	fmt.Println(ok, err)
	// Output: true <nil>
}

func ExampleCompile() {
	p, err := rules.Compile(`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation","KMS CMK Deletion"]}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, event := range []string{
		deletionEvent,
		`{"source":"aws.kms","detail-type":"KMS Imported Key Material Expiration"}`,
	} {
		ok, err := p.Match([]byte(event))
		fmt.Println(ok, err)
	}
	// Output:
	// true <nil>
	// false <nil>
}

func ExamplePatternError() {
	_, err := rules.Compile(`{"detail":{"key-id":"1234abcd"}}`)
	var pe *rules.PatternError
	fmt.Println(errors.As(err, &pe), pe.Path)
	fmt.Println(err)
	// Output:
	// true detail.key-id
	// invalid event pattern: detail.key-id (byte 20): must be an object or an array, got string
}

func ExampleUnsupportedError() {
	_, err := rules.Match(`{"detail":{"key-id":[{"contains":"abcd"}]}}`, []byte(deletionEvent))
	fmt.Println(errors.Is(err, rules.ErrUnsupported))
	fmt.Println(err)
	// Output:
	// true
	// unsupported event pattern construct: operator "contains" at detail.key-id[0]
}

func ExampleEventError() {
	_, err := rules.Match(`{"source":["aws.kms"]}`, []byte(`[]`))
	fmt.Println(errors.Is(err, rules.ErrInvalidEvent))
	fmt.Println(err)
	// Output:
	// true
	// invalid event (byte 0): event must be a JSON object, got an array
}
