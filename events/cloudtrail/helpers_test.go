package cloudtrail_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"testing"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/cloudtrail"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/fakeid"
)

// record returns the CloudTrail record ev carries: its detail, as a log file
// holds it.
func record(tb testing.TB, ev *events.CloudTrail) []byte {
	tb.Helper()
	var doc struct{ Detail json.RawMessage }
	if err := json.Unmarshal(eventstest.JSON(tb, ev), &doc); err != nil {
		tb.Fatal(err)
	}
	return doc.Detail
}

// sampleRecords returns n distinct KMS records of several kinds.
func sampleRecords(tb testing.TB, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		opts := []eventstest.Option{eventstest.KeyID(fakeid.UUID("key" + strconv.Itoa(i%5)))}
		var ev *events.CloudTrail
		switch i % 3 {
		case 0:
			ev = eventstest.APICall("Decrypt", opts...)
		case 1:
			ev = eventstest.PendingDeletionCall(opts...)
		default:
			ev = eventstest.APICall("RotateKey", opts...)
			ev.Detail.EventType = events.EventTypeServiceEvent
		}
		ev.Detail.EventID = fakeid.UUID("event" + strconv.Itoa(i))
		out[i] = record(tb, ev)
	}
	return out
}

// logFile encodes records as a log file.
func logFile(records ...[]byte) []byte {
	return append(append([]byte(`{"Records":[`), bytes.Join(records, []byte(","))...), "]}"...)
}

// result is everything a Reader returned for one file.
type result struct {
	Records [][]byte
	Skipped []error // *RecordError values, in order
	Err     error   // the error that ended the file, nil for io.EOF
}

// readAll reads r to the end, copying the records.
func readAll(r *cloudtrail.Reader) result {
	var res result
	for {
		rec, err := r.Next()
		var re *cloudtrail.RecordError
		switch {
		case err == io.EOF:
			return res
		case errors.As(err, &re):
			res.Skipped = append(res.Skipped, err)
		case err != nil:
			res.Err = err
			if again, err2 := r.Next(); again != nil || err2 != err {
				res.Err = errors.New("the error is not sticky")
			}
			return res
		default:
			res.Records = append(res.Records, bytes.Clone(rec))
		}
	}
}
