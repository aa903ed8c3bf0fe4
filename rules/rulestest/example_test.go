package rulestest_test

import (
	"fmt"
	"testing"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/rules"
	"github.com/kmswatch/kmswatch/rules/rulestest"
)

const (
	deletionEvent = `{"id":"d1","detail-type":"KMS CMK Deletion","source":"aws.kms","account":"111122223333","detail":{"key-id":"k"}}`
	rotationEvent = `{"id":"r1","detail-type":"KMS CMK Rotation","source":"aws.kms","account":"111122223333","detail":{"key-id":"k"}}`
)

// printT stands in for the *testing.T of a test function and prints what
// the assertions report.
type printT struct{ testing.TB }

func (printT) Helper()                           {}
func (printT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }
func (printT) Fatalf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

func ExampleAssertMatches() {
	var t printT // in a real test: the test's *testing.T
	p, err := rules.KeyDeletion("111122223333")
	if err != nil {
		t.Fatalf("%v", err)
	}
	rulestest.AssertMatches(t, p, []byte(deletionEvent)) // passes silently
	rulestest.AssertMatches(t, p, []byte(rotationEvent))
	// Output:
	// rulestest: pattern {"account":["111122223333"],"detail-type":["KMS CMK Deletion"],"source":["aws.kms"]} does not match event 0 (detail-type "KMS CMK Rotation", id r1)
}

func ExampleAssertNoMatch() {
	var t printT // in a real test: the test's *testing.T
	p, err := rules.KeyRotation(mustARN("arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
	if err != nil {
		t.Fatalf("%v", err)
	}
	rulestest.AssertNoMatch(t, p, []byte(deletionEvent), []byte(rotationEvent))
	fmt.Println("done")
	// Output: done
}

func mustARN(s string) events.ARN {
	a, err := events.ParseARN(s)
	if err != nil {
		panic(err)
	}
	return a
}
