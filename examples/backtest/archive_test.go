package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/events/eventstest"
	"github.com/kmswatch/kmswatch/internal/fakeid"
	"github.com/kmswatch/kmswatch/internal/gztest"
)

// The generated archive: records of a few kinds, spread over two accounts
// and three regions, written as CloudTrail writes them to S3.

// kind is what a generated record is.
type kind int

const (
	kindDecrypt kind = iota
	kindEncrypt
	kindGenerateDataKey
	kindPendingDeletion // a Decrypt refused because the key is pending deletion
	kindScheduleKeyDeletion
	kindRotateKey // a service event
	kindConsoleLogin
	numKinds
)

var (
	accounts = []string{"111122223333", "444455556666"}
	regions  = []string{"us-west-2", "eu-west-1", "ap-southeast-2"}
)

// genRecord is one generated record and the facts about it the expected
// counts are computed from.
type genRecord struct {
	kind    kind
	account string
	region  string
	id      string
	json    []byte
}

// newRecord builds record n of the archive. Kinds, accounts and regions
// cycle with different periods so that every combination occurs.
func newRecord(tb testing.TB, n int) genRecord {
	r := genRecord{
		kind:    kind(n % int(numKinds)),
		account: accounts[n/int(numKinds)%len(accounts)],
		region:  regions[n/3%len(regions)],
		id:      fakeid.UUID(fmt.Sprint("record-", n)),
	}
	opts := []eventstest.Option{
		eventstest.KeyID(fakeid.UUID(fmt.Sprint("key-", n%17))),
		eventstest.Account(r.account),
		eventstest.Region(r.region),
		eventstest.Time(eventstest.DefaultTime.Add(time.Duration(n) * time.Second)),
	}
	var ev *events.CloudTrail
	switch r.kind {
	case kindDecrypt:
		ev = eventstest.APICall("Decrypt", opts...)
	case kindEncrypt:
		ev = eventstest.APICall("Encrypt", opts...)
	case kindGenerateDataKey:
		ev = eventstest.APICall("GenerateDataKey", opts...)
	case kindPendingDeletion:
		ev = eventstest.PendingDeletionCall(opts...)
	case kindScheduleKeyDeletion:
		ev = eventstest.APICall("ScheduleKeyDeletion", opts...)
		ev.Detail.ReadOnly = false
	case kindRotateKey:
		ev = eventstest.APICall("RotateKey", opts...)
		ev.Detail.EventType = events.EventTypeServiceEvent
		ev.Detail.UserIdentity = events.UserIdentity{AccountID: r.account, InvokedBy: "kms.amazonaws.com"}
		ev.Detail.ReadOnly = false
	case kindConsoleLogin:
		ev = eventstest.APICall("ConsoleLogin", opts...)
		ev.Detail.EventType = "AwsConsoleSignIn"
		ev.Detail.EventSource = "signin.amazonaws.com"
		ev.Detail.Resources = nil
		ev.Detail.ReadOnly = false
	}
	ev.Detail.EventID = r.id
	var doc struct{ Detail json.RawMessage }
	if err := json.Unmarshal(eventstest.JSON(tb, ev), &doc); err != nil {
		tb.Fatal(err)
	}
	r.json = doc.Detail
	return r
}

// genFile is one log file of the archive.
type genFile struct {
	path    string
	records []genRecord
}

// logFile encodes records as a CloudTrail log file.
func logFile(records []genRecord) []byte {
	var b bytes.Buffer
	b.WriteString(`{"Records":[`)
	for i, r := range records {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(r.json)
	}
	b.WriteString("]}")
	return b.Bytes()
}

// writeArchive writes files log files of perFile records each under dir,
// laid out as CloudTrail delivers them to S3
// (AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<name>.json.gz).
// With mixed set every fourth file is plain JSON, as after gunzip. It
// returns the files in the order a directory walk meets them.
func writeArchive(tb testing.TB, dir string, files, perFile int, mixed bool) []genFile {
	var out []genFile
	n := 0
	for f := range files {
		recs := make([]genRecord, perFile)
		for i := range recs {
			recs[i] = newRecord(tb, n)
			n++
		}
		account, region := accounts[f%len(accounts)], regions[f%len(regions)]
		name := fmt.Sprintf("%s_CloudTrail_%s_20250523T%04dZ_%08x.json", account, region, f, f*2654435761%(1<<32))
		data := logFile(recs)
		if !mixed || f%4 != 3 {
			name += ".gz"
			data = gztest.Compress(tb, data)
		}
		path := filepath.Join(dir, "AWSLogs", account, "CloudTrail", region, "2025", "05", "23", name)
		writeFile(tb, path, data)
		out = append(out, genFile{path, recs})
	}
	sortByPath(out)
	return out
}

func writeFile(tb testing.TB, path string, data []byte) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// sortByPath sorts files in the order of a directory walk, which for the
// archive's names (no name is a prefix of a sibling's) is that of the paths.
func sortByPath(files []genFile) {
	slices.SortFunc(files, func(a, b genFile) int { return strings.Compare(a.path, b.path) })
}
