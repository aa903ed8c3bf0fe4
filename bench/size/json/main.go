// Command json decodes one KMS event from standard input with encoding/json
// alone and prints its key ID: the baseline of the size comparison.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

type event struct {
	Version    string    `json:"version"`
	ID         string    `json:"id"`
	DetailType string    `json:"detail-type"`
	Source     string    `json:"source"`
	Account    string    `json:"account"`
	Time       time.Time `json:"time"`
	Region     string    `json:"region"`
	Resources  []string  `json:"resources"`
	Detail     struct {
		KeyID string `json:"key-id"`
	} `json:"detail"`
}

func main() {
	data, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var ev event
	if err := json.Unmarshal(data, &ev); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ev.DetailType, ev.Detail.KeyID)
}
