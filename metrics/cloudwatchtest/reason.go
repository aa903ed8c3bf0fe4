package cloudwatchtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
)

// dataDate is the form of the dates in StateReasonData, as the user guide's
// "Alarm events and EventBridge" example shows them
// ("2019-10-02T17:04:40.985+0000").
const dataDate = "2006-01-02T15:04:05.000-0700"

// reason returns StateReason and StateReasonData for a verdict reached at
// at; prev is the state being left.
func (ev *alarmEval) reason(prev string, v engine.Verdict, at time.Time) (string, string) {
	if ev.kind == kindInsights && len(ev.groupBy) > 0 && v.Series > 0 {
		n := strconv.Itoa(v.Alarming)
		if v.Alarming > maxReportedContributors {
			return strconv.Itoa(maxReportedContributors) + "+ time series evaluated to ALARM", ev.reasonData(v, at)
		}
		return fmt.Sprintf("%s out of %d time series evaluated to ALARM", n, v.Series), ev.reasonData(v, at)
	}
	return ev.Reason(prev, v), ev.reasonData(v, at)
}

// reasonData renders StateReasonData.
func (ev *alarmEval) reasonData(v engine.Verdict, at time.Time) string {
	var b strings.Builder
	b.WriteString(`{"version":"1.0","queryDate":"`)
	b.WriteString(at.Format(dataDate))
	b.WriteByte('"')
	start := at.Add(-time.Duration(int64(ev.N)*ev.period) * time.Second)
	if len(v.Evaluated) > 0 {
		start = time.Unix(v.Evaluated[len(v.Evaluated)-1].Start, 0).UTC()
	}
	b.WriteString(`,"startDate":"` + start.Format(dataDate) + `"`)
	if ev.kind == kindMetric {
		b.WriteString(`,"statistic":` + strconv.Quote(ev.stat))
	}
	b.WriteString(`,"period":` + strconv.FormatInt(ev.period, 10))
	b.WriteString(`,"recentDatapoints":[`)
	for i := len(v.Evaluated) - 1; i >= 0; i-- {
		b.WriteString(engine.JSONNumber(v.Evaluated[i].Value))
		if i > 0 {
			b.WriteByte(',')
		}
	}
	b.WriteString(`],"threshold":` + engine.JSONNumber(ev.Threshold))
	if len(v.Evaluated)+len(v.FillTimes) > 0 {
		b.WriteString(`,"evaluatedDatapoints":[`)
		first := true
		for _, d := range v.Evaluated {
			if !first {
				b.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&b, `{"timestamp":"%s","sampleCount":%s,"value":%s}`,
				time.Unix(d.Start, 0).UTC().Format(dataDate), engine.JavaDouble(float64(d.Samples)), engine.JSONNumber(d.Value))
		}
		for _, t := range v.FillTimes {
			if !first {
				b.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&b, `{"timestamp":"%s"}`, time.Unix(t, 0).UTC().Format(dataDate))
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}
