package cloudwatchengine

// Alarm states (StateValue in the CloudWatch API reference).
const (
	StateOK           = "OK"
	StateAlarm        = "ALARM"
	StateInsufficient = "INSUFFICIENT_DATA"
)

// TreatMissingData values (PutMetricAlarm, API reference).
const (
	TreatBreaching      = "breaching"
	TreatNotBreaching   = "notBreaching"
	TreatIgnore         = "ignore"
	TreatMissingMissing = "missing"
)

// Comparison operators of a static threshold (ComparisonOperator, API
// reference).
const (
	GreaterThanThreshold          = "GreaterThanThreshold"
	GreaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
	LessThanThreshold             = "LessThanThreshold"
	LessThanOrEqualToThreshold    = "LessThanOrEqualToThreshold"
)

// Rule is how an alarm judges its evaluation range: M out of N datapoints
// on the alarming side of a threshold, and what missing datapoints count as.
type Rule struct {
	N, M            int // EvaluationPeriods, DatapointsToAlarm
	Treat           string
	Cmp             string
	Threshold       float64
	Extended        bool    // the statistic is an extended one
	Pct             float64 // percentile in percent, when Extended
	LowSampleIgnore bool    // EvaluateLowSampleCountPercentile is "ignore"
}

// Verdict is the outcome of one evaluation.
type Verdict struct {
	State     string // "" keeps the current state
	Evaluated []Datapoint
	Filled    int // missing datapoints filled in with TreatMissingData
	FillTimes []int64
	Breaches  int // real breaching datapoints evaluated
	Fine      int // real non-breaching datapoints evaluated
	Err       string
	Partial   bool
	Series    int // Metrics Insights: time series evaluated
	Alarming  int // Metrics Insights: time series in ALARM
}

// Breaches reports whether value is on the alarming side of the threshold.
func (r *Rule) Breaches(value float64) bool {
	switch r.Cmp {
	case GreaterThanThreshold:
		return value > r.Threshold
	case GreaterThanOrEqualToThreshold:
		return value >= r.Threshold
	case LessThanThreshold:
		return value < r.Threshold
	case LessThanOrEqualToThreshold:
		return value <= r.Threshold
	}
	return false
}

// LowSamples reports whether a percentile datapoint has too few samples to
// be statistically significant.
func (r *Rule) LowSamples(d Datapoint) bool {
	if !r.Extended || !r.LowSampleIgnore {
		return false
	}
	// 10/p and 10/(1-p) with p as a fraction, computed in percent so
	// that p90 needs exactly 100 samples.
	need := 1000 / r.Pct
	if r.Pct >= 50 {
		need = 1000 / (100 - r.Pct)
	}
	return float64(d.Samples) < need
}

// Judge applies the M out of N and missing-data rules to dps (most recent
// first) and writes the verdict to v. The Evaluated and FillTimes of v are
// scratch space: the verdict's are appended to them, emptied. Judge writes
// through v, rather than returning a Verdict, so that the evaluation loop
// that calls it stays small enough to be inlined.
func (r *Rule) Judge(dps []Datapoint, v *Verdict) {
	*v = Verdict{Evaluated: v.Evaluated[:0], FillTimes: v.FillTimes[:0]}
	for _, d := range dps {
		if !d.Present {
			continue
		}
		if len(v.Evaluated) == r.N {
			break
		}
		v.Evaluated = append(v.Evaluated, d)
		if r.LowSamples(d) {
			v.Breaches, v.Fine = 0, 0
			return
		}
		if r.Breaches(d.Value) {
			v.Breaches++
		} else {
			v.Fine++
		}
	}
	if len(v.Evaluated) < r.N {
		missing := r.N - len(v.Evaluated)
		switch r.Treat {
		case TreatBreaching, TreatNotBreaching:
			v.Filled = missing
			for _, d := range dps {
				if len(v.FillTimes) == missing {
					break
				}
				if !d.Present {
					v.FillTimes = append(v.FillTimes, d.Start)
				}
			}
			bad := v.Breaches
			if r.Treat == TreatBreaching {
				bad += missing
			}
			v.State = StateOK
			if bad >= r.M {
				v.State = StateAlarm
			}
			return
		}
		switch {
		case v.Breaches >= r.M:
			v.State = StateAlarm
		case v.Fine > 0:
			v.State = StateOK
		case r.Treat == TreatIgnore:
			v.State = ""
		default:
			v.State = StateInsufficient
		}
		return
	}
	v.State = StateOK
	if v.Breaches >= r.M {
		v.State = StateAlarm
	}
}
