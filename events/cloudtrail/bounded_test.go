package cloudtrail

import (
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/kmswatch/kmswatch/events"
)

// generated streams a log file of n copies of rec, with a huge member
// before Records, made on the fly so the test itself holds no file.
type generated struct {
	head, rec, tail string
	n               int
	pending         strings.Reader
}

func (g *generated) Read(p []byte) (int, error) {
	for g.pending.Len() == 0 {
		switch {
		case g.head != "":
			g.pending.Reset(g.head)
			g.head = ""
		case g.n > 0:
			g.n--
			sep := ","
			if g.n == 0 {
				sep = ""
			}
			g.pending.Reset(g.rec + sep)
		case g.tail != "":
			g.pending.Reset(g.tail)
			g.tail = ""
		default:
			return 0, io.EOF
		}
	}
	return g.pending.Read(p)
}

// TestReaderBoundedMemory reads files far larger than the buffer limit,
// plain and gzip, with a huge member outside Records and a huge record, and
// checks the buffer never grows past the bound the Reader documents.
func TestReaderBoundedMemory(t *testing.T) {
	const limit = 256 << 10
	rec := `{"eventType":"AwsApiCall","eventSource":"kms.amazonaws.com","eventTime":"2025-05-23T03:11:54Z","awsRegion":"us-west-2","recipientAccountId":"111122223333","eventID":"e","pad":"` + strings.Repeat("p", 900) + `"}`
	huge := strings.Repeat("h", 4<<20)
	newFile := func() *generated {
		return &generated{
			head: `{"note":"` + huge + `","Records":[` + `{"blob":"` + huge + `"},`,
			rec:  rec,
			n:    10_000, // 10 MB of records, 20 times the bound
			tail: `]}`,
		}
	}
	for _, compressed := range []bool{false, true} {
		name := "plain"
		if compressed {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			var src io.Reader = newFile()
			if compressed {
				pr, pw := io.Pipe()
				go func() {
					zw := gzip.NewWriter(pw)
					_, err := io.Copy(zw, newFile())
					if err == nil {
						err = zw.Close()
					}
					pw.CloseWithError(err)
				}()
				src = pr
			}
			r := NewReader(src)
			r.MaxRecordSize = limit
			var records, maxCap int
			var skipped []error
			for {
				got, err := r.Next()
				maxCap = max(maxCap, cap(r.s.buf))
				if err == io.EOF {
					break
				}
				var re *RecordError
				if errors.As(err, &re) {
					skipped = append(skipped, err)
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != rec {
					t.Fatalf("record %d differs from the one written", records)
				}
				records++
			}
			if records != 10_000 {
				t.Errorf("read %d records, want 10000", records)
			}
			if len(skipped) != 1 || !errors.Is(skipped[0], events.ErrTooLarge) {
				t.Errorf("skipped %v, want the huge record only, as too large", skipped)
			}
			if bound := 2 * limit; maxCap > bound {
				t.Errorf("buffer grew to %d bytes, over the bound of %d", maxCap, bound)
			}
			if r.Offset() < 10_000*int64(len(rec)) {
				t.Errorf("Offset %d is less than the records' size", r.Offset())
			}
		})
	}
}
