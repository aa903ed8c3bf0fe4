// Command lambda decodes one KMS event from standard input with
// aws-lambda-go's events.CloudWatchEvent and a second json.Unmarshal, for
// reference in the size comparison.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/aws/aws-lambda-go/events"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var ev events.CloudWatchEvent
	if err := json.Unmarshal(data, &ev); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var d struct {
		KeyID string `json:"key-id"`
	}
	if err := json.Unmarshal(ev.Detail, &d); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ev.DetailType, d.KeyID)
}
