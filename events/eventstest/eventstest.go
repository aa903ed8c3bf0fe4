// Package eventstest helps callers test code that consumes KMS events: it
// holds KMS event payloads and delivery wrappers as fixtures, and builds
// events with chosen key IDs, times, regions and accounts, as JSON in any
// delivery shape.
//
// # Fixtures
//
// Four fixtures are the examples of the KMS developer guide, byte for byte
// (docs/reference.md#15-current-example-payloads,
// docs/reference.md#16-how-the-documented-examples-changed): rotation-2025.json (the
// current rotation example), rotation-2016.json, expiration-2022.json and
// deletion-2022.json (the last revisions whose expiration and deletion examples could
// be read). Every other fixture is constructed, and its name starts with
// "constructed-": variants in other partitions and with multi-Region keys, CloudTrail
// records from the KMS CloudTrail pages wrapped in an assembled EventBridge envelope,
// SNS, SQS and Lambda deliveries, and invalid events. Two carry fields no documented
// example has, which the reference marks unverified:
// constructed-expiration-key-material-id.json (key-material-id) and
// constructed-deletion-key-origin.json (key-origin).
//
// The CloudWatch alarm fixtures name their sources the same way.
// alarm-state-change-*.json, alarm-contributor-state-change-insights.json
// and alarm-configuration-change-update.json are the examples of the
// CloudWatch User Guide page "Alarm events and EventBridge" (single metric,
// metric math, anomaly detection, composite, Metrics Insights at alarm level
// and per contributor, a metric alarm's update). alarm-lambda-metric.json
// and alarm-lambda-composite.json are the examples of "Invoke a Lambda
// function from an alarm", written there with Python quoting and here as
// JSON. sns-alarm-message-contributor-log-alarm.json is the contributor
// notification of the Log Alarms page, which AWS prints cut short, without
// its comment lines. sns-alarm-single-metric-aws-lambda-go.json and
// sns-alarm-metric-math-aws-lambda-go.json are aws-lambda-go's SNS alarm
// examples (events/testdata). The constructed-*alarm* fixtures are the same
// shapes for KMS keys: per-key and fleet (Metrics Insights, GROUP BY
// AWS.AccountId, KeyId) expiry alarms, through SNS, SQS and Lambda.
//
// # Constructors
//
// [Rotation], [Expiration], [Deletion], [APICall] and [PendingDeletionCall]
// build events in the documented shapes; they add an undocumented field only
// when an [Option] asks for it ([KeyMaterialID] on an expiration).
//
// # Tests and programs
//
// [Fixture] and [JSON] take a test's *testing.T (any [TB]) and fail it on
// error; programs, such as examples and local tools, use [ReadFixture] and
// the event's own MarshalJSON, which return errors. [SNSNotification] and
// [SQSBatch] cannot fail and take neither. The package does not import
// testing, so programs that use it do not link it.
//
// Everything here is safe for concurrent use. It imports only the standard
// library, package events and internal packages.
package eventstest

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"time"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/fakeid"
	"github.com/kmswatch/kmswatch/internal/identity"
)

//go:embed fixtures/*.json
var fixtures embed.FS

// TB is the part of testing.TB that [Fixture] and [JSON] use; *testing.T,
// *testing.B and *testing.F satisfy it. Declaring it here keeps package
// testing out of programs that use only the constructors and error forms.
type TB interface {
	Helper()
	Fatal(args ...any)
}

// Fixture returns the named fixture, for example "rotation-2025.json" (see
// [FixtureNames]). It fails tb when there is no such fixture.
func Fixture(tb TB, name string) []byte {
	tb.Helper()
	b, err := ReadFixture(name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// ReadFixture returns the named fixture, like [Fixture], for programs. For
// an unknown name the error matches [fs.ErrNotExist].
func ReadFixture(name string) ([]byte, error) {
	b, err := fixtures.ReadFile("fixtures/" + name)
	if err != nil {
		return nil, fmt.Errorf("eventstest: no fixture %q: %w", name, fs.ErrNotExist)
	}
	return b, nil
}

// FixtureNames returns the names of all fixtures, sorted: the documented
// examples and the constructed fixtures (named "constructed-..."), valid
// events, deliveries and invalid events alike.
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

// Defaults of the constructors: the values of the KMS developer guide's examples
// (docs/reference.md#15-current-example-payloads). DefaultAccount and DefaultRegion are
// also the identity cloudwatchtest and eventbridgetest serve by default, so events,
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
	keyID, account, region, id, material string
	at                                   time.Time
	materials                            int
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

// Seq sets the key-material IDs of a rotation to ones derived from n, so
// that a series of events carries distinct material IDs.
func Seq(n int) Option { return func(s *spec) { s.materials = n } }

// KeyMaterialID gives an [Expiration] a key-material-id, a field no
// documented expiration example carries (docs/reference.md#14-detail-fields marks it
// unverified), and sets the current-key-material-id of a [Rotation]. Without
// it an expiration has only the documented key-id.
func KeyMaterialID(id string) Option { return func(s *spec) { s.material = id } }

func build(dt events.DetailType, opts []Option) (events.Header, spec) {
	s := spec{keyID: DefaultKeyID, account: DefaultAccount, region: DefaultRegion, at: DefaultTime}
	for _, o := range opts {
		o(&s)
	}
	if s.id == "" {
		s.id = fakeid.UUID(s.keyID + s.at.String() + string(dt))
	}
	h := events.Header{
		Version: "0", ID: s.id, DetailType: dt, Source: events.SourceKMS,
		Account: s.account, Time: s.at, Region: s.region,
		Resources: []string{events.KeyARN(s.region, s.account, s.keyID).String()},
	}
	return h, s
}

// Rotation returns an on-demand "KMS CMK Rotation" event in the shape of the current
// documented example (docs/reference.md#15-current-example-payloads), with made-up
// key-material IDs (see [Seq] and [KeyMaterialID]).
func Rotation(opts ...Option) *events.Rotation {
	h, s := build(events.DetailTypeRotation, opts)
	current := s.material
	if current == "" {
		current = fakeid.MaterialID(2*s.materials + 1)
	}
	return &events.Rotation{Header: h, Detail: events.RotationDetail{
		KeyID: s.keyID, KeyOrigin: events.KeyOriginAWSKMS, RotationType: events.RotationOnDemand,
		PreviousKeyMaterialID: fakeid.MaterialID(2 * s.materials), CurrentKeyMaterialID: current,
	}}
}

// Expiration returns a "KMS Imported Key Material Expiration" event in the
// documented shape, whose detail holds only key-id; [KeyMaterialID] adds a
// key-material-id.
func Expiration(opts ...Option) *events.Expiration {
	h, s := build(events.DetailTypeExpiration, opts)
	return &events.Expiration{Header: h, Detail: events.ExpirationDetail{KeyID: s.keyID, KeyMaterialID: s.material}}
}

// Deletion returns a "KMS CMK Deletion" event.
func Deletion(opts ...Option) *events.Deletion {
	h, s := build(events.DetailTypeDeletion, opts)
	return &events.Deletion{Header: h, Detail: events.DeletionDetail{KeyID: s.keyID}}
}

// APICall returns an "AWS API Call via CloudTrail" event for a successful
// call of eventName on the key, made by an IAM role. Like the records on the
// KMS CloudTrail pages it carries managementEvent true (kept in
// Detail.Extra, as [events.Parse] keeps it).
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
		RequestID:         fakeid.UUID(h.ID + "request"), EventID: fakeid.UUID(h.ID + "event"),
		ReadOnly:           true,
		Resources:          []events.CloudTrailResource{{AccountID: s.account, Type: events.ResourceTypeKMSKey, ARN: arn}},
		EventType:          events.EventTypeAPICall,
		RecipientAccountID: s.account, EventCategory: "Management",
		Extra: []events.Member{{Name: "managementEvent", Value: json.RawMessage("true")}},
		KeyID: s.keyID,
	}}
}

// PendingDeletionCall returns an "AWS API Call via CloudTrail" event for a Decrypt call
// that failed because the key is pending deletion
// (docs/reference.md#25-unusable-key-error-text).
func PendingDeletionCall(opts ...Option) *events.CloudTrail {
	ev := APICall("Decrypt", opts...)
	ev.Detail.ErrorCode = "KMSInvalidStateException"
	ev.Detail.ErrorMessage = ev.Detail.Resources[0].ARN + " is pending deletion."
	return ev
}

// JSON returns ev as EventBridge delivers it. It fails tb if ev cannot be
// encoded; programs call ev.MarshalJSON, which returns the error instead.
func JSON(tb TB, ev events.Event) []byte {
	tb.Helper()
	b, err := ev.MarshalJSON()
	if err != nil {
		tb.Fatal(fmt.Sprintf("eventstest: encoding %T: %v", ev, err))
	}
	return b
}

// SNSNotification wraps an event document as an SNS notification, the way
// an SNS topic delivers it to Lambda, HTTP or (without raw delivery) SQS.
func SNSNotification(event []byte) []byte {
	return marshal(snsNotification(event))
}

func snsNotification(event []byte) map[string]any {
	return map[string]any{
		"Type":             "Notification",
		"MessageId":        fakeid.UUID("sns" + string(event)),
		"TopicArn":         "arn:aws:sns:" + DefaultRegion + ":" + DefaultAccount + ":kms-events",
		"Message":          string(event),
		"Timestamp":        DefaultTime.Format(time.RFC3339),
		"SignatureVersion": "1",
		"Signature":        "EXAMPLE",
	}
}

// SQSBatch wraps SQS message bodies as a Lambda SQS event,
// {"Records":[...]}, with message IDs "msg-0", "msg-1", and so on.
func SQSBatch(bodies ...[]byte) []byte {
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
	return marshal(map[string]any{"Records": recs})
}

// marshal encodes a tree of maps, slices and strings, which cannot fail.
// Like every JSON encoder it writes invalid UTF-8 in a string as U+FFFD;
// SNS and SQS accept only valid Unicode in messages anyway.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("eventstest: " + err.Error()) // unreachable: maps, slices and strings always encode
	}
	return b
}
