// Command events decodes one KMS event from standard input with package
// events and prints its key ID; run.sh compares its stripped size with the
// same program using encoding/json alone.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/kmswatch/kmswatch/events"
)

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ev, err := events.Parse(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ev.Head().DetailType, ev.KeyID())
}
