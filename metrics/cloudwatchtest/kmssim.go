package cloudwatchtest

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
)

// Names of the metric KMS publishes for keys with imported key material
// (KMS developer guide, "Monitoring with CloudWatch"; docs/reference.md#41-metrics).
const (
	kmsNamespace    = "AWS/KMS"
	kmsExpiryMetric = "SecondsUntilKeyMaterialExpiration"
	kmsKeyDimension = "KeyId"
)

// KeyMaterial is a KMS key with imported key material whose
// SecondsUntilKeyMaterialExpiration metric the server publishes, as KMS does: once a
// minute, on the whole minute, dimension KeyId, the number of seconds left until the
// material expires, and nothing once it has expired or the key is deleted. Publishing
// is computed from the server clock rather than stored, so a test can move the clock by
// months at no cost. How often KMS really publishes is not documented
// (docs/reference.md#69-metrics-insights-alarms); once a minute matches the documented
// 1-minute alarm period (docs/reference.md#42-documented-alarm-recipes).
//
// Its methods are safe for concurrent use.
type KeyMaterial struct {
	s   *Server
	gen *engine.Generator
	id  string
}

// SimulateKeyMaterial starts publishing SecondsUntilKeyMaterialExpiration
// for keyID (a bare key id, as the KeyId dimension holds it) whose imported
// key material expires at expiresAt, and stops at expiresAt:
//
//	srv.SimulateKeyMaterial(keyID, now.Add(9*24*time.Hour)) // expires in 9 days
//
// For a key the server has not simulated before, the material is taken to
// have been imported 3 hours (the range a Metrics Insights alarm reads)
// before the current minute of the server clock: the points of that
// range are published as if KMS had been publishing all along, so a query
// right after the call returns datapoints and an alarm put next evaluates
// on them. Evaluations that already ran are not run again.
//
// Calling it again for the same key replaces the expiry from the current
// minute on, like [KeyMaterial.Reimport]: the import happens now and what
// the earlier material published stands.
func (s *Server) SimulateKeyMaterial(keyID string, expiresAt time.Time) *KeyMaterial {
	s.mu.Lock()
	gen, first := s.eng.Publish(kmsNamespace, kmsExpiryMetric, []engine.Dim{{Name: kmsKeyDimension, Value: keyID}})
	s.unlock()
	km := &KeyMaterial{s: s, gen: gen, id: keyID}
	back := int64(0)
	if first {
		back = int64(backfill / time.Second)
	}
	km.importAt(expiresAt, back)
	return km
}

// backfill is how far back [Server.SimulateKeyMaterial] publishes the
// material of a new key: the last 3 hours, which is what a Metrics Insights
// alarm evaluates (user guide, "Metrics Insights quotas"), and enough for
// the evaluation range of an alarm on the per-minute metric with up to 178
// evaluation periods.
const backfill = 3 * time.Hour

// KeyID returns the key id the material belongs to.
func (k *KeyMaterial) KeyID() string { return k.id }

// Dimensions returns the metric's dimensions, for alarms and queries.
func (k *KeyMaterial) Dimensions() []types.Dimension {
	name, value := kmsKeyDimension, k.id
	return []types.Dimension{{Name: &name, Value: &value}}
}

// Reimport replaces the key material from the current minute on: the
// metric counts down to expiresAt instead. A zero expiresAt imports
// material that does not expire, for which KMS publishes nothing.
func (k *KeyMaterial) Reimport(expiresAt time.Time) { k.importAt(expiresAt, 0) }

// importAt replaces the key material from backfill seconds before the
// current minute on.
func (k *KeyMaterial) importAt(expiresAt time.Time, backfill int64) {
	k.s.mu.Lock()
	defer k.s.unlock()
	k.s.eng.Import(k.gen, expiresAt, backfill)
}

// Delete stops publishing after the current minute, as when the key or its
// key material is deleted.
func (k *KeyMaterial) Delete() {
	k.s.mu.Lock()
	defer k.s.unlock()
	k.s.eng.Unpublish(k.gen)
}
