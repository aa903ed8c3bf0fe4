package cloudwatchengine

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// StateReason and StateReasonData are written in the form CloudWatch
// writes them, as shown in the user guide's "Alarm events and EventBridge"
// example:
//
//	Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)]
//	was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).
//
//	{"version":"1.0","queryDate":"2019-10-02T17:04:40.985+0000","startDate":"2019-10-02T16:59:00.000+0000",
//	 "statistic":"Average","period":300,"recentDatapoints":[99.50160229693434],"threshold":50.0,
//	 "evaluatedDatapoints":[{"timestamp":"2019-10-02T16:59:00.000+0000","sampleCount":1.0,"value":99.50160229693434}]}
//
// Numbers are printed as Java prints a double (50.0, 8.64E7). The wording
// for missing datapoints treated as breaching ("no datapoints were received
// for 1 period and 1 missing datapoint was treated as [Breaching].") and
// for INSUFFICIENT_DATA ("Insufficient Data: 1 datapoint was unknown.") is
// the one CloudWatch notifications show; the combination of real and filled
// datapoints in one reason is the fake's own wording. reasonDate is the form
// of the dates in a StateReason.
const reasonDate = "02/01/06 15:04:05"

// operatorText is how a reason names each comparison operator.
var operatorText = map[string]string{
	GreaterThanThreshold:          "greater than",
	GreaterThanOrEqualToThreshold: "greater than or equal to",
	LessThanThreshold:             "less than",
	LessThanOrEqualToThreshold:    "less than or equal to",
}

// JavaDouble formats v as Java's Double.toString does: plain with at least
// one decimal between 10^-3 and 10^7, scientific ("8.64E7") outside.
func JavaDouble(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "Infinity"
	case math.IsInf(v, -1):
		return "-Infinity"
	case v == 0:
		if math.Signbit(v) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(v); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(v, 'E', -1, 64) // 8.64E+07
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// JSONNumber is JavaDouble for finite values and null for the others,
// which JSON cannot hold.
func JSONNumber(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return JavaDouble(v)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Reason returns the StateReason of a verdict of a single time series; prev
// is the state being left.
func (r *Rule) Reason(prev string, v Verdict) string {
	real := len(v.Evaluated)
	var b strings.Builder
	switch {
	case v.State == StateInsufficient:
		unknown := r.N - real
		fmt.Fprintf(&b, "Insufficient Data: %d %s %s unknown.", unknown, plural(unknown, "datapoint", "datapoints"), plural(unknown, "was", "were"))
	case real == 0:
		label := "Breaching"
		if r.Treat == TreatNotBreaching {
			label = "NonBreaching"
		}
		fmt.Fprintf(&b, "Threshold Crossed: no datapoints were received for %d %s and %d missing %s %s treated as [%s].",
			v.Filled, plural(v.Filled, "period", "periods"), v.Filled, plural(v.Filled, "datapoint", "datapoints"), plural(v.Filled, "was", "were"), label)
	default:
		alarm := v.State == StateAlarm
		count, minimum, not := v.Breaches, r.M, ""
		if !alarm {
			count, minimum, not = v.Fine, r.N-r.M+1, "not "
		}
		var list []string
		for _, d := range v.Evaluated {
			if r.Breaches(d.Value) == alarm {
				list = append(list, JavaDouble(d.Value)+" ("+time.Unix(d.Start, 0).UTC().Format(reasonDate)+")")
			}
		}
		fmt.Fprintf(&b, "Threshold Crossed: %d out of the last %d datapoints [%s] %s %s%s the threshold (%s)",
			count, r.N, strings.Join(list, ", "), plural(count, "was", "were"), not, operatorText[r.Cmp], JavaDouble(r.Threshold))
		if v.Filled > 0 {
			label := "Breaching"
			if r.Treat == TreatNotBreaching {
				label = "NonBreaching"
			}
			fmt.Fprintf(&b, " and %d missing %s %s treated as [%s]", v.Filled, plural(v.Filled, "datapoint", "datapoints"), plural(v.Filled, "was", "were"), label)
		}
		fmt.Fprintf(&b, " (minimum %d %s for %s -> %s transition).", minimum, plural(minimum, "datapoint", "datapoints"), prev, v.State)
	}
	return b.String()
}

// dataDate is the form of the dates in StateReasonData, as the user guide's
// "Alarm events and EventBridge" example shows them
// ("2019-10-02T17:04:40.985+0000").
const dataDate = "2006-01-02T15:04:05.000-0700"

// reason returns StateReason and StateReasonData for a verdict reached at
// at; prev is the state being left.
func (ev *alarmEval) reason(prev string, v Verdict, at time.Time) (string, string) {
	if ev.kind == kindInsights && len(ev.groupBy) > 0 && v.Series > 0 {
		n := strconv.Itoa(v.Alarming)
		if v.Alarming > MaxReportedContributors {
			return strconv.Itoa(MaxReportedContributors) + "+ time series evaluated to ALARM", ev.reasonData(v, at)
		}
		return fmt.Sprintf("%s out of %d time series evaluated to ALARM", n, v.Series), ev.reasonData(v, at)
	}
	return ev.Reason(prev, v), ev.reasonData(v, at)
}

// reasonData renders StateReasonData.
func (ev *alarmEval) reasonData(v Verdict, at time.Time) string {
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
		b.WriteString(JSONNumber(v.Evaluated[i].Value))
		if i > 0 {
			b.WriteByte(',')
		}
	}
	b.WriteString(`],"threshold":` + JSONNumber(ev.Threshold))
	if len(v.Evaluated)+len(v.FillTimes) > 0 {
		b.WriteString(`,"evaluatedDatapoints":[`)
		first := true
		for _, d := range v.Evaluated {
			if !first {
				b.WriteByte(',')
			}
			first = false
			fmt.Fprintf(&b, `{"timestamp":"%s","sampleCount":%s,"value":%s}`,
				time.Unix(d.Start, 0).UTC().Format(dataDate), JavaDouble(float64(d.Samples)), JSONNumber(d.Value))
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
