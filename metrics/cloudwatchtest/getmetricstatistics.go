package cloudwatchtest

import (
	"time"

	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/statistic"
)

func (s *Server) getMetricStatistics(in *getMetricStatisticsInput) (any, *apiError) {
	if err := validateGetMetricStatistics(in); err != nil {
		return nil, err
	}
	now := s.now()
	start := engine.RoundStart(*in.StartTime, now)
	end := in.EndTime.UTC()
	period := time.Duration(*in.Period) * time.Second
	from := start
	if cutoff := now.Add(-engine.Retention(period)); cutoff.After(from) {
		from = cutoff
	}
	out := getMetricStatisticsOutput{Label: *in.MetricName, Datapoints: []wireDatapoint{}}
	unit := deref(in.Unit)
	s.mu.Lock()
	m := s.eng.Metric(engine.SeriesKey(*in.Namespace, *in.MetricName, dimsFromWire(in.Dimensions)))
	var pts []engine.Point
	if m != nil {
		pts = m.Window(from, end)
	}
	s.unlock()
	if len(pts) == 0 {
		return out, nil
	}
	// One bucketing per statistic keeps aggregate's contract simple; the
	// buckets line up because they share start and period.
	byStat := map[string][]engine.Bucket{}
	for _, st := range append(append([]string{}, in.Statistics...), in.ExtendedStatistics...) {
		byStat[st] = engine.Buckets(pts, start, period, st)
	}
	ref := byStat[firstStat(in)]
	for i, b := range ref {
		dp := wireDatapoint{Timestamp: b.Start, Unit: unit}
		if dp.Unit == "" {
			dp.Unit = "None"
		}
		for _, st := range in.Statistics {
			v := byStat[st][i].Value
			switch st {
			case engine.SampleCount:
				dp.SampleCount = &v
			case engine.Average:
				dp.Average = &v
			case engine.Sum:
				dp.Sum = &v
			case engine.Minimum:
				dp.Minimum = &v
			case engine.Maximum:
				dp.Maximum = &v
			}
		}
		for _, st := range in.ExtendedStatistics {
			if dp.ExtendedStatistics == nil {
				dp.ExtendedStatistics = map[string]float64{}
			}
			dp.ExtendedStatistics[st] = byStat[st][i].Value
		}
		out.Datapoints = append(out.Datapoints, dp)
	}
	return out, nil
}

func firstStat(in *getMetricStatisticsInput) string {
	if len(in.Statistics) > 0 {
		return in.Statistics[0]
	}
	return in.ExtendedStatistics[0]
}

func validateGetMetricStatistics(in *getMetricStatisticsInput) *apiError {
	var p problems
	p.checkNamespace("Namespace", in.Namespace)
	p.checkName("MetricName", in.MetricName)
	p.checkDimensions("Dimensions", in.Dimensions)
	p.checkRequired("StartTime", in.StartTime != nil)
	p.checkRequired("EndTime", in.EndTime != nil)
	if p.checkRequired("Period", in.Period != nil) {
		p.checkMin("Period", int64(*in.Period), 1)
		if *in.Period >= 1 && !validPeriod(*in.Period) {
			p.add(codeInvalidParameterValue, msgInvalidPeriod, *in.Period, "Period")
		}
	}
	p.checkSize("Statistics", len(in.Statistics), maxStatistics)
	p.checkSize("ExtendedStatistics", len(in.ExtendedStatistics), maxExtendedStats)
	for i, st := range in.Statistics {
		p.checkEnum(member("Statistics", i), st, statisticValues)
	}
	for i, st := range in.ExtendedStatistics {
		// GetMetricStatisticsInput.ExtendedStatistics takes percentiles
		// only: "Specify values between p0.0 and p100" (cloudwatch@v1.75.6
		// api_op_GetMetricStatistics.go).
		if e, err := engine.Extended(st); err != nil || e.Kind != statistic.Percentile {
			p.add(codeInvalidParameterValue, msgInvalidValue, truncate(st), member("ExtendedStatistics", i)+" (a percentile, p0 to p100)")
		}
	}
	switch {
	case len(in.Statistics) == 0 && len(in.ExtendedStatistics) == 0:
		p.add(codeMissingParameter, "Either the parameter Statistics or ExtendedStatistics is required.")
	case len(in.Statistics) > 0 && len(in.ExtendedStatistics) > 0:
		p.add(codeInvalidParameterCombination, msgMutuallyExcl, "Statistics", "ExtendedStatistics")
	}
	if in.Unit != nil {
		p.checkEnum("Unit", *in.Unit, unitValues)
	}
	if in.StartTime != nil && in.EndTime != nil {
		if !in.StartTime.Before(*in.EndTime) {
			p.add(codeInvalidParameterValue, "The parameter StartTime must be less than the parameter EndTime.")
		} else if in.Period != nil && *in.Period > 0 {
			if n := in.EndTime.Sub(*in.StartTime) / (time.Duration(*in.Period) * time.Second); n > maxStatsDatapoints {
				p.add(codeInvalidParameterCombination, "You have requested up to %d datapoints, which exceeds the limit of %d.", int64(n), maxStatsDatapoints)
			}
		}
	}
	return p.err()
}
