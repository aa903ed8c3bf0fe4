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
		if err := set.Add(r.name, rules.JSON(r.pattern)); err != nil {
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
	if err := set.Add("deletions", rules.JSON(`{"detail-type":["KMS CMK Deletion"]}`)); err != nil {
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

func ExampleSet_Add() {
	deletions, err := rules.KeyDeletion("111122223333")
	if err != nil {
		fmt.Println(err)
		return
	}
	allKMS, err := rules.Compile(`{"source":["aws.kms"]}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fromFile := []byte(`{"detail-type":["KMS CMK Rotation"]}`)

	set := rules.NewSet()
	for _, r := range []struct {
		name    string
		pattern rules.Source
	}{
		{"key-deletion", deletions},        // a built EventPattern
		{"all-kms", allKMS},                // a compiled *Pattern, shared, not copied
		{"rotation", rules.JSON(fromFile)}, // JSON as []byte (or string)
	} {
		if err := set.Add(r.name, r.pattern); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(set.Add("none", nil))
	names, err := set.Matches([]byte(deletionEvent))
	fmt.Println(names, err)
	// Output:
	// invalid event pattern: pattern: no pattern (nil Source)
	// [key-deletion all-kms] <nil>
}

func ExampleEventPattern_Bytes() {
	deletions, err := rules.KeyDeletion("111122223333")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Bytes is the pattern's JSON, as a file or a template holds it.
	fmt.Printf("%s\n", deletions.Bytes())
	// Output:
	// {"account":["111122223333"],"detail-type":["KMS CMK Deletion"],"source":["aws.kms"]}
}

func ExampleSet_AppendMatchesKnownValid() {
	set := rules.NewSet()
	if err := set.Add("deletions", rules.JSON(`{"detail-type":["KMS CMK Deletion"]}`)); err != nil {
		fmt.Println(err)
		return
	}
	// An event EventBridge delivered is valid JSON: the method stops
	// reading it after "detail-type", the one field the Set reads.
	names, err := set.AppendMatchesKnownValid(nil, []byte(deletionEvent))
	fmt.Println(names, err)
	// So what follows that field goes unchecked: only AppendMatches
	// refuses this event.
	bad := []byte(`{"detail-type":"KMS CMK Deletion","detail":{`)
	names, err = set.AppendMatchesKnownValid(nil, bad)
	fmt.Println(names, err)
	names, err = set.AppendMatches(nil, bad)
	fmt.Println(names, err)
	// Output:
	// [deletions] <nil>
	// [deletions] <nil>
	// [] invalid event (byte 44): not valid JSON: unexpected end of JSON input looking for beginning of object key string
}
