// Package eventstest helps callers test code that consumes KMS events: it
// holds the documented payloads and delivery wrappers as fixtures, and
// builds events with chosen key IDs, times, regions and accounts, as JSON in
// any delivery shape.
//
// Everything here is safe for concurrent use. It imports only the standard
// library and package events (and an internal package holding the default
// identity).
package eventstest

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/identity"
)

//go:embed fixtures/*.json
var fixtures embed.FS

// Fixture returns the named fixture, for example "rotation-2025.json"; the
// names are those of events/testdata (see [FixtureNames]). It fails tb when
// there is no such fixture.
func Fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := fixtures.ReadFile("fixtures/" + name)
	if err != nil {
		tb.Fatalf("eventstest: no fixture %q", name)
	}
	return b
}

// FixtureNames returns the names of all fixtures, sorted. Besides the valid
// events and deliveries they include malformed and hostile inputs, whose
// names start with "malformed-" and "hostile-".
func FixtureNames() []string {
	entries, err := fs.ReadDir(fixtures, "fixtures")
	if err != nil {
		panic(err) // the embedded directory always exists
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// Defaults of the constructors: the values of the KMS developer guide's
// examples (reference §1.5). DefaultAccount and DefaultRegion are also the
// identity cloudwatchtest and eventbridgetest serve by default, so events,
// alarms and rules from all three agree.
const (
	DefaultKeyID   = "1234abcd-12ab-34cd-56ef-1234567890ab"
	DefaultAccount = identity.Account
	DefaultRegion  = identity.Region
)

// DefaultTime is the time of the constructors' events: that of the
// documented rotation example.
var DefaultTime = time.Date(2025, 5, 23, 3, 11, 54, 0, time.UTC)

// An Option sets a field of a constructed event.
type Option func(*spec)

type spec struct {
	keyID, account, region, id string
	at                         time.Time
	materials                  int
}

// KeyID sets the key ID ("mrk-…" for a multi-Region key).
func KeyID(id string) Option { return func(s *spec) { s.keyID = id } }

// Time sets the event time.
func Time(t time.Time) Option { return func(s *spec) { s.at = t } }

// Region sets the region; the key ARN's partition follows it.
func Region(r string) Option { return func(s *spec) { s.region = r } }

// Account sets the account ID.
func Account(a string) Option { return func(s *spec) { s.account = a } }

// ID sets the event ID; by default it is derived from the key ID and time.
func ID(id string) Option { return func(s *spec) { s.id = id } }

// Seq sets the key-material IDs of a rotation or expiration to ones derived
// from n, so that a series of events carries distinct material IDs.
func Seq(n int) Option { return func(s *spec) { s.materials = n } }

func build(dt events.DetailType, opts []Option) (events.Header, spec) {
	s := spec{keyID: DefaultKeyID, account: DefaultAccount, region: DefaultRegion, at: DefaultTime}
	for _, o := range opts {
		o(&s)
	}
	if s.id == "" {
		s.id = UUID(s.keyID + s.at.String() + string(dt))
	}
	h := events.Header{
		Version: "0", ID: s.id, DetailType: dt, Source: events.SourceKMS,
		Account: s.account, Time: s.at, Region: s.region,
		Resources: []string{events.KeyARN(s.region, s.account, s.keyID).String()},
	}
	return h, s
}

// UUID returns a version-4-shaped UUID derived from seed, the same for the
// same seed, so that tests and benchmarks get distinct but stable IDs.
func UUID(seed string) string {
	// FNV-1a of the seed and of the seed reversed gives 128 bits.
	rev := []byte(seed)
	slices.Reverse(rev)
	s := fmt.Sprintf("%016x%016x", fnv(seed), fnv("~"+string(rev)))
	return s[0:8] + "-" + s[8:12] + "-4" + s[13:16] + "-8" + s[17:20] + "-" + s[20:32]
}

// MaterialID returns a 64-hex-digit key-material ID derived from n.
func MaterialID(n int) string {
	u := UUID("material-" + strconv.Itoa(n))
	v := UUID("material2-" + strconv.Itoa(n))
	hex := make([]byte, 0, 64)
	for _, s := range []string{u, v} {
		for i := 0; i < len(s); i++ {
			if s[i] != '-' {
				hex = append(hex, s[i])
			}
		}
	}
	return string(hex[:64])
}

// Rotation returns an on-demand "KMS CMK Rotation" event in the 2025 shape.
func Rotation(opts ...Option) *events.Rotation {
	h, s := build(events.DetailTypeRotation, opts)
	return &events.Rotation{Header: h, Detail: events.RotationDetail{
		KeyID: s.keyID, KeyOrigin: events.KeyOriginAWSKMS, RotationType: events.RotationOnDemand,
		PreviousKeyMaterialID: MaterialID(2 * s.materials), CurrentKeyMaterialID: MaterialID(2*s.materials + 1),
	}}
}

// Expiration returns a "KMS Imported Key Material Expiration" event with a
// key-material-id.
func Expiration(opts ...Option) *events.Expiration {
	h, s := build(events.DetailTypeExpiration, opts)
	return &events.Expiration{Header: h, Detail: events.ExpirationDetail{KeyID: s.keyID, KeyMaterialID: MaterialID(s.materials)}}
}

// Deletion returns a "KMS CMK Deletion" event.
func Deletion(opts ...Option) *events.Deletion {
	h, s := build(events.DetailTypeDeletion, opts)
	return &events.Deletion{Header: h, Detail: events.DeletionDetail{KeyID: s.keyID}}
}

// APICall returns an "AWS API Call via CloudTrail" event for a successful
// call of eventName on the key, made by an IAM role.
func APICall(eventName string, opts ...Option) *events.CloudTrail {
	h, s := build(events.DetailTypeAPICall, opts)
	h.Resources = []string{}
	arn := events.KeyARN(s.region, s.account, s.keyID).String()
	return &events.CloudTrail{Header: h, Detail: events.CloudTrailRecord{
		EventVersion: "1.11",
		UserIdentity: events.UserIdentity{Type: "AssumedRole", AccountID: s.account, ARN: "arn:aws:sts::" + s.account + ":assumed-role/app/session"},
		EventTime:    s.at, EventSource: events.EventSourceKMS, EventName: eventName, AWSRegion: s.region,
		SourceIPAddress: "192.0.2.0", UserAgent: "eventstest",
		RequestParameters: json.RawMessage(`{"keyId":` + strconv.Quote(s.keyID) + `}`),
		ResponseElements:  json.RawMessage(`null`),
		RequestID:         UUID(h.ID + "request"), EventID: UUID(h.ID + "event"),
		ReadOnly:           true,
		Resources:          []events.CloudTrailResource{{AccountID: s.account, Type: events.ResourceTypeKMSKey, ARN: arn}},
		EventType:          events.EventTypeAPICall,
		RecipientAccountID: s.account, EventCategory: "Management",
		KeyID: s.keyID,
	}}
}

// PendingDeletionCall returns an "AWS API Call via CloudTrail" event for a
// Decrypt call that failed because the key is pending deletion (reference §2.5).
func PendingDeletionCall(opts ...Option) *events.CloudTrail {
	ev := APICall("Decrypt", opts...)
	ev.Detail.ErrorCode = "KMSInvalidStateException"
	ev.Detail.ErrorMessage = ev.Detail.Resources[0].ARN + " is pending deletion."
	return ev
}

// JSON returns ev as EventBridge delivers it. It fails tb if ev cannot be
// encoded.
func JSON(tb testing.TB, ev events.Event) []byte {
	tb.Helper()
	b, err := ev.MarshalJSON()
	if err != nil {
		tb.Fatalf("eventstest: encoding %T: %v", ev, err)
	}
	return b
}

// SNSNotification wraps an event document as an SNS notification, the way
// an SNS topic delivers it to Lambda, HTTP or (without raw delivery) SQS.
func SNSNotification(tb testing.TB, event []byte) []byte {
	tb.Helper()
	return mustMarshal(tb, snsNotification(event))
}

func snsNotification(event []byte) map[string]any {
	return map[string]any{
		"Type":             "Notification",
		"MessageId":        UUID("sns" + string(event)),
		"TopicArn":         "arn:aws:sns:" + DefaultRegion + ":" + DefaultAccount + ":kms-events",
		"Message":          string(event),
		"Timestamp":        DefaultTime.Format(time.RFC3339),
		"SignatureVersion": "1",
		"Signature":        "EXAMPLE",
	}
}

// SQSBatch wraps SQS message bodies as a Lambda SQS event,
// {"Records":[...]}, with message IDs "msg-0", "msg-1", and so on.
func SQSBatch(tb testing.TB, bodies ...[]byte) []byte {
	tb.Helper()
	recs := make([]map[string]any, len(bodies))
	for i, b := range bodies {
		recs[i] = map[string]any{
			"messageId":      "msg-" + strconv.Itoa(i),
			"receiptHandle":  "handle-" + strconv.Itoa(i),
			"body":           string(b),
			"attributes":     map[string]string{"ApproximateReceiveCount": "1"},
			"eventSource":    "aws:sqs",
			"eventSourceARN": "arn:aws:sqs:" + DefaultRegion + ":" + DefaultAccount + ":kms-events",
			"awsRegion":      DefaultRegion,
		}
	}
	return mustMarshal(tb, map[string]any{"Records": recs})
}

func mustMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("eventstest: %v", err)
	}
	return b
}

// identifier matches the identifiers Variants replaces: UUIDs (event and
// key IDs), multi-Region key IDs and 64-hex-digit key-material IDs.
var identifier = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|[0-9a-f]{64}`)

// Variants returns n copies of doc in which every UUID, multi-Region key ID
// and key-material ID is replaced by a fresh value of the same length,
// consistently within a copy and differently between copies. Benchmarks
// cycle through them so that no run decodes the same bytes twice in a row.
func Variants(doc []byte, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		suffix := "#" + strconv.Itoa(i)
		out[i] = identifier.ReplaceAllFunc(doc, func(m []byte) []byte {
			seed := string(m) + suffix
			switch {
			case len(m) == 64:
				return []byte(MaterialID(int(fnv(seed) >> 1)))
			case m[0] == 'm':
				return []byte("mrk-" + MaterialID(int(fnv(seed) >> 1))[:32])
			}
			return []byte(UUID(seed))
		})
	}
	return out
}

// fnv is 64-bit FNV-1a.
func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
