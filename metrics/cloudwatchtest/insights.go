package cloudwatchtest

import (
	"fmt"
	"time"

	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/insights"
)

// evalInsights answers a Metrics Insights query; s.mu is held.
func (s *Server) evalInsights(pq plannedQuery, start, end, now time.Time) []seriesResult {
	q := pq.insights
	ans := s.eng.Insights(q, start, end, now, time.Duration(*pq.q.Period)*time.Second)
	var messages []wireMessage
	if ans.Groups > insights.MaxSeries && q.SeriesLimit() == insights.MaxSeries {
		messages = append(messages, wireMessage{Code: "MaxQueryTimeSeries",
			Value: fmt.Sprintf("The query returned %d time series; only the first %d are included.", ans.Groups, insights.MaxSeries)})
	}
	if ans.Truncated {
		messages = append(messages, wireMessage{Code: "MaxQueryMetrics",
			Value: fmt.Sprintf("The query matched more than %d metrics; only %d were processed.", engine.MaxInsightsMetrics, engine.MaxInsightsMetrics)})
	}
	out := make([]seriesResult, 0, len(ans.Series))
	for _, r := range ans.Series {
		label := r.Label
		if len(q.GroupBy) == 0 {
			label = deref(pq.q.Label)
		}
		out = append(out, seriesResult{id: *pq.q.ID, label: label, points: r.Points, messages: messages})
	}
	if len(out) == 0 {
		out = append(out, seriesResult{id: *pq.q.ID, label: deref(pq.q.Label), messages: messages})
	}
	return out
}
