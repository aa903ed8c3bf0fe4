package rules_test

import (
	"errors"
	"fmt"

	"github.com/kmswatch/kmswatch/rules"
)

// A field given twice: EventBridge uses the last one, and so does Match;
// Lint says which condition is dropped.
func ExampleLint() {
	pattern := `{"source":["aws.kms"],"detail":{"eventName":["Decrypt"],"eventName":["Encrypt"]}}`
	findings, err := rules.Lint(pattern)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Println(f)
	}
	ok, _ := rules.Match(pattern, []byte(`{"source":"aws.kms","detail":{"eventName":"Decrypt"}}`))
	fmt.Println("Decrypt matches:", ok)
	// Output:
	// detail.eventName (byte 32): ignored: detail.eventName (byte 56) gives the same field again and EventBridge uses only the last; to match either condition, put both in one list
	// Decrypt matches: false
}

func ExampleRejectRepeatedKeys() {
	_, err := rules.Compile(`{"a":[1],"$or":[{"a":[2]},{"b":[3]}]}`, rules.RejectRepeatedKeys())
	fmt.Println(errors.Is(err, rules.ErrInvalidPattern))
	fmt.Println(err)
	// Output:
	// true
	// invalid event pattern: $or[0].a (byte 17): field "a" is already given at byte 1; repeated keys are rejected
}
