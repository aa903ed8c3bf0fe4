package rules_test

import (
	"fmt"

	"github.com/kmswatch/kmswatch/rules"
)

func ExampleSet() {
	set := rules.NewSet()
	for _, r := range []struct{ name, pattern string }{
		{"all-kms", `{"source":["aws.kms"]}`},
		{"deletions", `{"source":["aws.kms"],"detail-type":["KMS CMK Deletion"]}`},
		{"rotations", `{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"]}`},
		// A second pattern under one name: either may match.
		{"rotations", `{"detail":{"key-id":["1234abcd-12ab-34cd-56ef-1234567890ab"]}}`},
		{"other-account", `{"account":["444455556666"]}`},
	} {
		if err := set.Add(r.name, []byte(r.pattern)); err != nil {
			fmt.Println(err)
			return
		}
	}
	names, err := set.Matches([]byte(deletionEvent))
	fmt.Println(names, err)

	set.Remove("all-kms")
	names, err = set.Matches([]byte(deletionEvent))
	fmt.Println(names, err)
	// Output:
	// [all-kms deletions rotations] <nil>
	// [deletions rotations] <nil>
}

func ExampleSet_AppendMatches() {
	set := rules.NewSet()
	if err := set.Add("deletions", []byte(`{"detail-type":["KMS CMK Deletion"]}`)); err != nil {
		fmt.Println(err)
		return
	}
	// Reusing one slice across events, matching allocates nothing.
	dst := make([]string, 0, 8)
	for _, event := range []string{deletionEvent, `{"detail-type":"KMS CMK Rotation"}`, `{"detail-type":`} {
		var err error
		dst, err = set.AppendMatches(dst[:0], []byte(event))
		fmt.Println(dst, err)
	}
	// Output:
	// [deletions] <nil>
	// [] <nil>
	// [] invalid event (byte 15): not valid JSON: unexpected end of JSON input looking for beginning of value
}

func ExampleEventPattern_Bytes() {
	deletions, err := rules.KeyDeletion("111122223333")
	if err != nil {
		fmt.Println(err)
		return
	}
	set := rules.NewSet()
	if err := set.Add("key-deletion", deletions.Bytes()); err != nil {
		fmt.Println(err)
		return
	}
	names, err := set.Matches([]byte(deletionEvent))
	fmt.Println(names, err)
	// Output:
	// [key-deletion] <nil>
}
