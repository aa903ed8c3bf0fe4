// Package eventbridgeengine is the EventBridge fake without its protocol:
// event buses, rules and their targets, PutEvents ingestion, matching
// (with the offline matcher of package rules), rule states, target inputs
// and transformers, and the record of what each target received or failed
// to receive. It knows nothing of HTTP or of the AWS JSON 1.1 wire format
// and uses no SDK types; rules/eventbridgetest decodes requests into this
// package's types, calls an [Engine] and encodes its answers.
package eventbridgeengine

import (
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/kmswatch/kmswatch/rules"
)

// DefaultEventBus is the bus every account has and the one AWS services, KMS
// included, deliver to.
const DefaultEventBus = "default"

// Config is what an [Engine] is made of.
type Config struct {
	// Account and Region go into ARNs and into the envelope of put events.
	Account, Region string
	// Now stamps events put without a Time and the ingestion time of
	// transformers. It must be safe for concurrent use.
	Now func() time.Time
	// NewID makes event IDs; nil means [RandomID]. It is called with the
	// engine's lock held.
	NewID func() string
	// PatternQuota is the "Event pattern size" quota PutRule enforces, in
	// characters; the quota's default value is
	// rules.DefaultEventPatternQuota (EventBridge quotas page, L-664C5505).
	PatternQuota int
	// Buses are the custom event buses besides [DefaultEventBus].
	Buses []string
}

// Engine holds the state of one fake EventBridge account and Region. All
// methods are safe for concurrent use.
type Engine struct {
	cfg Config

	mu         sync.Mutex
	buses      map[string]*bus
	deliveries map[string][]Delivery
	failed     map[string][]FailedInvocation
	refuses    Refusal
}

// New returns an Engine with the buses cfg names, no rules and nothing
// delivered.
func New(cfg Config) *Engine {
	if cfg.NewID == nil {
		cfg.NewID = RandomID
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Engine{
		cfg:        cfg,
		buses:      map[string]*bus{DefaultEventBus: newBus(DefaultEventBus)},
		deliveries: map[string][]Delivery{},
		failed:     map[string][]FailedInvocation{},
	}
	for _, n := range cfg.Buses {
		e.buses[n] = newBus(n)
	}
	return e
}

// RandomID returns a random version 4 UUID, the shape EventBridge uses for
// event IDs.
func RandomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never returns an error.
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Error codes the engine answers with; the messages are those AWS sends
// where they are known.
const (
	CodeValidation          = "ValidationException"
	CodeResourceNotFound    = "ResourceNotFoundException"
	CodeLimitExceeded       = "LimitExceededException"
	CodeInvalidEventPattern = "InvalidEventPatternException"
	CodeNotAuthorizedSource = "NotAuthorizedForSourceException"
	CodeInvalidArgument     = "InvalidArgument"
	CodeMalformedDetail     = "MalformedDetail"
	CodeInternalFailure     = "InternalFailure"
	CodeInvalidToken        = "InvalidToken"
	// CodeUnsupportedByFake answers a pattern construct the offline matcher
	// cannot evaluate: accepting it would mean a rule that silently never
	// matches.
	CodeUnsupportedByFake = "UnsupportedByFakeException"

	messageRuleHasTargets      = "Rule can't be deleted since it has targets."
	messageLimitExceeded       = "The requested resource exceeds the maximum number allowed."
	messageNotAuthorizedSource = "Not authorized for the source."
	messageMalformedDetail     = "Detail is malformed."
)

// Error is an error the service answers a call with: its error code (one
// of the Code constants) and message. Every error the engine's methods
// return for a call is an *Error.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func errorf(code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

type bus struct {
	name  string
	rules map[string]*rule
	// patterns holds the event pattern of every rule that has one, under
	// the rule's name, so an event is matched against all of the bus's
	// rules in one pass.
	patterns *rules.Set
}

func newBus(name string) *bus {
	return &bus{name: name, rules: map[string]*rule{}, patterns: rules.NewSet()}
}

func (e *Engine) ruleARN(busName, name string) string {
	prefix := "arn:aws:events:" + e.cfg.Region + ":" + e.cfg.Account + ":rule/"
	if busName == DefaultEventBus {
		return prefix + name
	}
	return prefix + busName + "/" + name
}

func (e *Engine) busARN(name string) string {
	return "arn:aws:events:" + e.cfg.Region + ":" + e.cfg.Account + ":event-bus/" + name
}

// lookupBus resolves an EventBusName member (empty, a name or an ARN).
// Callers hold e.mu.
func (e *Engine) lookupBus(name string) (*bus, error) {
	if name == "" {
		name = DefaultEventBus
	}
	key := name
	if strings.HasPrefix(name, "arn:") {
		key = ""
		if rest, ok := strings.CutPrefix(name, e.busARN("")); ok {
			key = rest
		}
	}
	b, ok := e.buses[key]
	if !ok {
		return nil, errorf(CodeResourceNotFound, "Event bus %s does not exist.", name)
	}
	return b, nil
}

// lookupRule resolves a rule on a bus. Callers hold e.mu.
func (e *Engine) lookupRule(busName, name string) (*bus, *rule, error) {
	b, err := e.lookupBus(busName)
	if err != nil {
		return nil, nil, err
	}
	r, ok := b.rules[name]
	if !ok {
		return nil, nil, errorf(CodeResourceNotFound, "Rule %s does not exist on EventBus %s.", name, b.name)
	}
	return b, r, nil
}
