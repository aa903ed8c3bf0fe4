// Command decode prints a KMS event read from a file or standard input, in
// any delivery shape package events understands: the EventBridge event, an
// SQS body, an SNS notification, SNS-to-SQS, or a Lambda SQS or SNS batch.
//
// Usage:
//
//	decode [file]
//
// For each event it prints the kind, key ID, key ARN and the detail fields.
// Bad input gets a message on standard error and exit status 1; the good
// records of a batch are still printed.
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/kmswatch/kmswatch/events"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program, with its environment passed in so that tests
// can drive it. It returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var (
		data []byte
		err  error
		name = "standard input"
	)
	switch len(args) {
	case 0:
		data, err = io.ReadAll(stdin)
	case 1:
		name = args[0]
		data, err = os.ReadFile(name)
	default:
		fmt.Fprintln(stderr, "usage: decode [file]")
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "decode:", err)
		return 1
	}
	batch, err := events.Unwrap(data)
	if batch == nil {
		fmt.Fprintf(stderr, "decode: %s: %v\n", name, err)
		return 1
	}
	for i, r := range batch.Records {
		switch {
		case r.Event != nil:
			printEvent(stdout, i, len(batch.Records), r)
		case r.Alarm != nil:
			printAlarm(stdout, i, len(batch.Records), r)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "decode: %s:\n%v\n", name, err)
		return 1
	}
	return 0
}

// printAlarm prints an alarm notification that is not an EventBridge event:
// an SNS alarm message or a Lambda alarm action.
func printAlarm(out io.Writer, i, n int, r events.Record) {
	w, field := record(out, "alarm", i, n, r)
	s := r.Alarm.Summary()
	field("alarm", s.Name)
	field("state", string(s.State))
	field("account", s.Account)
	field("region", s.Region)
	field("reason", s.Reason)
	for _, id := range r.Alarm.KeyIDs() {
		field("key id", id)
	}
	w.Flush()
}

// record prints the heading of the i-th of n records, a kind, and returns
// the writer of its fields, to flush when done, with field, which prints
// one field unless its value is empty.
func record(out io.Writer, kind string, i, n int, r events.Record) (w *tabwriter.Writer, field func(name, value string)) {
	fmt.Fprintf(out, "%s %d of %d (%s", kind, i+1, n, r.Delivery)
	if r.MessageID != "" {
		fmt.Fprintf(out, ", message %s", r.MessageID)
	}
	fmt.Fprintln(out, ")")
	w = tabwriter.NewWriter(out, 0, 4, 1, ' ', 0)
	return w, func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "  %s:\t%s\n", name, value)
		}
	}
}

func printEvent(out io.Writer, i, n int, r events.Record) {
	w, field := record(out, "event", i, n, r)
	ev := r.Event
	h := ev.Head()
	field("kind", string(h.DetailType))
	field("key id", ev.KeyID())
	field("key ARN", ev.KeyARN().String())
	field("id", h.ID)
	field("account", h.Account)
	field("region", h.Region)
	if !h.Time.IsZero() {
		field("time", h.Time.Format(time.RFC3339))
	}
	switch ev := ev.(type) {
	case *events.Rotation:
		d := ev.Detail
		field("key-origin", string(d.KeyOrigin))
		field("rotation-type", string(d.RotationType))
		field("previous-key-material-id", d.PreviousKeyMaterialID)
		field("current-key-material-id", d.CurrentKeyMaterialID)
		extra(field, d.Extra)
	case *events.Expiration:
		field("key-material-id", ev.Detail.KeyMaterialID)
		extra(field, ev.Detail.Extra)
	case *events.Deletion:
		field("key-origin", string(ev.Detail.KeyOrigin))
		extra(field, ev.Detail.Extra)
	case *events.CloudTrail:
		d := ev.Detail
		field("eventName", d.EventName)
		field("eventType", string(d.EventType))
		field("readOnly", strconv.FormatBool(d.ReadOnly))
		field("user", d.UserIdentity.ARN)
		field("sourceIPAddress", d.SourceIPAddress)
		field("errorCode", d.ErrorCode)
		field("errorMessage", d.ErrorMessage)
		field("key-material-id", d.KeyMaterialID)
		if arn, ok := d.PendingDeletion(); ok {
			field("pending deletion", arn.String())
		}
	case *events.Unknown:
		field("detail", string(ev.Detail.Raw))
	}
	w.Flush()
}

func extra(field func(name, value string), ms []events.Member) {
	for _, m := range ms {
		field(m.Name, string(m.Value))
	}
}
