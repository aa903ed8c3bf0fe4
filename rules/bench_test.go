package rules

import (
	"strings"
	"testing"

	"github.com/kmswatch/kmswatch/events/eventstest"
)

const benchPattern = `{"source":["aws.kms"],"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["kms.amazonaws.com"],"$or":[{"eventName":["ScheduleKeyDeletion","DisableKey","DeleteImportedKeyMaterial"]},{"errorMessage":[{"suffix":"is pending deletion."}]}],"resources":{"ARN":[{"wildcard":"arn:aws:kms:*:111122223333:key/*"}]}}}`

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile([]byte(benchPattern)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMatch matches a compiled pattern against a CloudTrail fixture;
// most of the cost is decoding the event.
func BenchmarkMatch(b *testing.B) {
	p, err := Compile([]byte(benchPattern))
	if err != nil {
		b.Fatal(err)
	}
	event := eventstest.Fixture(b, "constructed-cloudtrail-decrypt-pending-deletion.json")
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	for b.Loop() {
		ok, err := p.Match(event)
		if err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkWildcardHostile matches a many-star wildcard against a long value
// that almost matches, the case that makes backtracking matchers
// exponential; here the cost stays linear in the value's length.
func BenchmarkWildcardHostile(b *testing.B) {
	w, reason := compileWildcard(strings.Repeat("*a", 30) + "*b*")
	if w == nil {
		b.Fatal(reason)
	}
	value := strings.Repeat("a", 100_000)
	b.SetBytes(int64(len(value)))
	b.ReportAllocs()
	for b.Loop() {
		if w.match(value) {
			b.Fatal("matched")
		}
	}
}
