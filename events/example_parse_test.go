package events_test

import (
	"errors"
	"fmt"

	"github.com/kmswatch/kmswatch/events"
)

func ExampleParse() {
	data := readTestdata("rotation-2025.json")
	ev, err := events.Parse(data)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(ev.Head().DetailType, ev.KeyARN())
	switch ev := ev.(type) {
	case *events.Rotation:
		fmt.Println(ev.Detail.RotationType, ev.Detail.CurrentKeyMaterialID)
	case *events.Deletion:
		fmt.Println("deleted", ev.Detail.KeyID)
	}
	// Output:
	// KMS CMK Rotation arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
	// ON_DEMAND 96083e4fb6dbc41d77578a213a6b6669c044dd4c143e96755396d2bf11fd6068
}

func ExampleParse_errors() {
	for _, name := range []string{"constructed-missing-key-id.json", "constructed-not-kms-source.json", "malformed-truncated.json", "constructed-unknown-detail-type.json"} {
		data := readTestdata(name)
		ev, err := events.Parse(data)
		var fe *events.FieldError
		switch {
		case errors.As(err, &fe):
			fmt.Printf("field: %s %s (rule %s)\n", fe.Field, fe.Message, fe.Rule)
		case errors.Is(err, events.ErrNotKMS):
			fmt.Println("skip:", err)
		case errors.Is(err, events.ErrSyntax):
			fmt.Println("bad JSON:", err)
		case errors.Is(err, events.ErrUnknownDetailType):
			fmt.Println("new kind of event for key", ev.KeyID())
		}
	}
	// Output:
	// field: detail.key-id is required (rule required)
	// skip: events: source is "aws.ec2", want "aws.kms"
	// bad JSON: events: invalid JSON at byte 100: unexpected end of JSON input in string literal
	// new kind of event for key 1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleParser_Parse() {
	p := events.Parser{MaxSize: 256 << 10} // the pre-2026 EventBridge limit
	_, err := p.Parse(make([]byte, 300<<10))
	fmt.Println(errors.Is(err, events.ErrTooLarge), err)
	// Output:
	// true events: input is 307200 bytes, over the limit of 262144
}

func ExampleParseRotation() {
	data := readTestdata("rotation-2016.json")
	ev, err := events.ParseRotation(data)
	if err != nil {
		panic(err)
	}
	// The 2016 shape carries only key-id.
	fmt.Printf("%s %q\n", ev.Detail.KeyID, ev.Detail.RotationType)
	// Output:
	// 1234abcd-12ab-34cd-56ef-1234567890ab ""
}

func ExampleParseExpiration() {
	data := readTestdata("constructed-expiration-key-material-id.json")
	ev, err := events.ParseExpiration(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Time.Format("2006-01-02"), ev.Detail.KeyID, ev.Detail.KeyMaterialID[:8])
	// Output:
	// 2025-07-01 1234abcd-12ab-34cd-56ef-1234567890ab 96083e4f
}

func ExampleParseDeletion() {
	data := readTestdata("constructed-deletion-aws-us-gov.json")
	ev, err := events.ParseDeletion(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.KeyARN().Partition, ev.Region, ev.Detail.KeyID)
	// Output:
	// aws-us-gov us-gov-west-1 1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleParseCloudTrail() {
	data := readTestdata("constructed-cloudtrail-decrypt-pending-deletion.json")
	ev, err := events.ParseCloudTrail(data)
	if err != nil {
		panic(err)
	}
	rec := ev.Detail
	fmt.Println(rec.EventName, rec.ErrorCode, rec.ReadOnly, rec.UserIdentity.Type)
	if arn, ok := rec.PendingDeletion(); ok {
		fmt.Println("used while pending deletion:", arn)
	}
	// Output:
	// Decrypt KMSInvalidStateException true AssumedRole
	// used while pending deletion: arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleParser_ParseRotation() {
	data := readTestdata("rotation-2025.json")
	small := events.Parser{MaxSize: 512}
	_, err := small.ParseRotation(data)
	fmt.Println(errors.Is(err, events.ErrTooLarge))
	var p events.Parser // the default limit, 1 MiB
	ev, err := p.ParseRotation(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Detail.RotationType)
	// Output:
	// true
	// ON_DEMAND
}

func ExampleParser_ParseExpiration() {
	data := readTestdata("constructed-expiration-key-material-id.json")
	p := events.Parser{MaxSize: 256 << 10} // the pre-2026 EventBridge limit
	ev, err := p.ParseExpiration(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Detail.KeyID)
	// Output:
	// 1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleParser_ParseDeletion() {
	data := readTestdata("rotation-2025.json")
	p := events.Parser{MaxSize: 256 << 10}
	_, err := p.ParseDeletion(data)
	fmt.Println(err)
	// Output:
	// events: detail-type is "KMS CMK Rotation", want "KMS CMK Deletion"
}

func ExampleParser_ParseCloudTrail() {
	data := readTestdata("constructed-cloudtrail-schedule-key-deletion.json")
	p := events.Parser{MaxSize: 256 << 10}
	ev, err := p.ParseCloudTrail(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Detail.EventName)
	// Output:
	// ScheduleKeyDeletion
}

func ExampleEnvelope_MarshalJSON() {
	ev := &events.Deletion{
		Header: events.Header{
			Version: "0", DetailType: events.DetailTypeDeletion, Source: events.SourceKMS,
			Account: "111122223333", Region: "eu-west-1",
		},
		Detail: events.DeletionDetail{KeyID: "mrk-0123456789abcdef0123456789abcdef"},
	}
	out, err := ev.MarshalJSON()
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"version":"0","detail-type":"KMS CMK Deletion","source":"aws.kms","account":"111122223333","region":"eu-west-1","detail":{"key-id":"mrk-0123456789abcdef0123456789abcdef"}}
}
