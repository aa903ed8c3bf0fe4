package cloudwatchengine

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/internal/insights"
)

func TestInsights(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	store := map[string]*Series{}
	add := func(name string, dims []Dim, values ...float64) {
		m := &Series{Namespace: "AWS/KMS", Name: name, Dims: SortedDims(dims)}
		for i, v := range values {
			m.Points = append(m.Points, Point{Time: now.Add(time.Duration(i-len(values)) * time.Minute), Value: v})
		}
		store[SeriesKey(m.Namespace, m.Name, m.Dims)] = m
	}
	const metric = "SecondsUntilKeyMaterialExpiration"
	add(metric, []Dim{{"KeyId", "a"}}, 5, 3)
	add(metric, []Dim{{"KeyId", "b"}}, 9)
	add(metric, []Dim{{"KeyId", "c"}}, 1, 7)
	add(metric, []Dim{{"KeyId", "d"}, {"Other", "x"}}, 2)
	add(metric, nil, 4) // no KeyId: left out of GROUP BY KeyId
	add("OtherMetric", []Dim{{"KeyId", "a"}}, 100)
	hour := now.Add(-time.Hour)
	tests := []struct {
		name, query string
		want        InsightsAnswer
	}{
		{"one series over all", `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM "AWS/KMS"`,
			InsightsAnswer{Groups: 1, Series: []InsightsSeries{{Points: []Bucket{{Start: hour, Value: 1}}}}}},
		{"group by, ordered, limited", `SELECT MAX(SecondsUntilKeyMaterialExpiration) FROM "AWS/KMS" GROUP BY KeyId ORDER BY MAX() DESC LIMIT 2`,
			InsightsAnswer{Groups: 4, Series: []InsightsSeries{
				{Label: "b", Points: []Bucket{{Start: hour, Value: 9}}},
				{Label: "c", Points: []Bucket{{Start: hour, Value: 7}}}}}},
		{"schema selects the exact dimension set", `SELECT COUNT(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId`,
			InsightsAnswer{Groups: 3, Series: []InsightsSeries{
				{Label: "a", Points: []Bucket{{Start: hour, Value: 2}}},
				{Label: "b", Points: []Bucket{{Start: hour, Value: 1}}},
				{Label: "c", Points: []Bucket{{Start: hour, Value: 2}}}}}},
		{"where !=, also the series without the key", `SELECT SUM(SecondsUntilKeyMaterialExpiration) FROM "AWS/KMS" WHERE KeyId != 'a'`,
			InsightsAnswer{Groups: 1, Series: []InsightsSeries{{Points: []Bucket{{Start: hour, Value: 23}}}}}},
		{"nothing matches", `SELECT AVG(Missing) FROM "AWS/KMS"`, InsightsAnswer{Series: []InsightsSeries{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := insights.Parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := Insights(q, store, hour, now, now, time.Hour)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
