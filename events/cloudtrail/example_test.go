package cloudtrail_test

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kmswatch/kmswatch/events/cloudtrail"
)

// A log file as CloudTrail writes it to S3 (here plain, not gzip), with one
// KMS call, one entry that is not a record and one console sign-in.
const logFileText = `{"Records":[
{"eventVersion":"1.11","eventTime":"2025-05-23T03:11:54Z","eventSource":"kms.amazonaws.com","eventName":"Decrypt","awsRegion":"us-west-2","eventID":"c389225e-4549-4bc2-8bd6-86bdb79d9f6c","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333"},
"not a record",
{"eventVersion":"1.08","eventTime":"2025-05-23T03:12:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","eventID":"3fcfb182-98f8-4744-bd45-10a395ab61cb","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
]}`

func ExampleReader() {
	r := cloudtrail.NewReader(strings.NewReader(logFileText))
	var event []byte
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		var skipped *cloudtrail.RecordError
		if errors.As(err, &skipped) {
			fmt.Println("skipped:", skipped)
			continue
		}
		if err != nil {
			fmt.Println("malformed file:", err)
			return
		}
		if event, err = r.AppendEvent(event[:0]); err != nil {
			fmt.Println("cannot map:", err)
			continue
		}
		envelope, _, _ := strings.Cut(string(event), `,"detail":`)
		fmt.Println(envelope + `,"detail":…}`)
	}
	// Output:
	// {"version":"0","id":"c389225e-4549-4bc2-8bd6-86bdb79d9f6c","detail-type":"AWS API Call via CloudTrail","source":"aws.kms","account":"111122223333","time":"2025-05-23T03:11:54Z","region":"us-west-2","resources":[],"detail":…}
	// skipped: cloudtrail: record 1 at byte 279: record is not a JSON object
	// {"version":"0","id":"3fcfb182-98f8-4744-bd45-10a395ab61cb","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin","account":"111122223333","time":"2025-05-23T03:12:00Z","region":"us-east-1","resources":[],"detail":…}
}

func ExampleAppendEvent() {
	record := `{"eventTime":"2025-05-23T03:11:54Z","eventSource":"kms.amazonaws.com","eventName":"RotateKey","awsRegion":"us-west-2","eventID":"e1","eventType":"AwsServiceEvent","recipientAccountId":"111122223333"}`
	event, err := cloudtrail.AppendEvent(nil, []byte(record))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(event))

	_, err = cloudtrail.AppendEvent(nil, []byte(`{"eventType":"AwsApiCall","eventSource":"kms.amazonaws.com"}`))
	fmt.Println(err)
	// Output:
	// {"version":"0","id":"e1","detail-type":"AWS Service Event via CloudTrail","source":"aws.kms","account":"111122223333","time":"2025-05-23T03:11:54Z","region":"us-west-2","resources":[],"detail":{"eventTime":"2025-05-23T03:11:54Z","eventSource":"kms.amazonaws.com","eventName":"RotateKey","awsRegion":"us-west-2","eventID":"e1","eventType":"AwsServiceEvent","recipientAccountId":"111122223333"}}
	// events: invalid event: eventTime is required; awsRegion is required; recipientAccountId is required; eventID is required
}
