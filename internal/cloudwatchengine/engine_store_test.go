package cloudwatchengine

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEngineStore(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	e := New(func() time.Time { return now }, nil)
	dims := []Dim{{"KeyId", "a"}}
	e.PutMetricData("AWS/KMS", "m", dims, []Point{{now, 2}, {now.Add(-time.Minute), 1}, {now, 3}})
	e.SetQuota("AWS/Usage", "CallCount", nil, 100)
	gen, first := e.Publish("AWS/KMS", "p", dims)
	again, second := e.Publish("AWS/KMS", "p", dims)
	quota, hasQuota := e.Quota("AWS/Usage", "CallCount", nil)
	_, otherQuota := e.Quota("AWS/Usage", "Other", nil)
	got := map[string]any{
		"points":            e.Metric(SeriesKey("AWS/KMS", "m", dims)).Points,
		"unknown metric":    e.Metric(SeriesKey("AWS/KMS", "m", nil)) == nil,
		"metrics":           e.NumMetrics(),
		"first publish":     first,
		"same generator":    gen == again && !second,
		"generator's clock": gen.Now(),
		"quota":             quota,
		"has quota":         hasQuota,
		"other quota":       otherQuota,
	}
	want := map[string]any{
		"points":            []Point{{now.Add(-time.Minute), 1}, {now, 2}, {now, 3}},
		"unknown metric":    true,
		"metrics":           2,
		"first publish":     true,
		"same generator":    true,
		"generator's clock": now,
		"quota":             100.0,
		"has quota":         true,
		"other quota":       false,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
