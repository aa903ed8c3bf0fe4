package cloudwatchtest

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
)

// alarmOf converts a validated PutMetricAlarm configuration to the
// engine's alarm; the engine keeps c to describe the alarm.
func alarmOf(c *alarmConfig) *engine.Alarm {
	a := &engine.Alarm{
		Name:                    *c.AlarmName,
		ActionsEnabled:          c.ActionsEnabled == nil || *c.ActionsEnabled,
		OKActions:               c.OKActions,
		AlarmActions:            c.AlarmActions,
		InsufficientDataActions: c.InsufficientDataActions,
		ExtendedStatistic:       c.ExtendedStatistic != nil,
		EvaluationPeriods:       int(deref(c.EvaluationPeriods)),
		DatapointsToAlarm:       int(deref(c.DatapointsToAlarm)),
		Threshold:               deref(c.Threshold),
		ComparisonOperator:      deref(c.ComparisonOperator),
		TreatMissingData:        deref(c.TreatMissingData),
		LowSampleCountIgnore:    deref(c.EvaluateLowSampleCountPercentile) == "ignore",
		EvaluationCriteria:      c.EvaluationCriteria != nil,
		Config:                  c,
	}
	if c.MetricName != nil {
		stat := deref(c.Statistic)
		if c.ExtendedStatistic != nil {
			stat = *c.ExtendedStatistic
		}
		a.Metric = &engine.MetricStat{Namespace: deref(c.Namespace), Name: *c.MetricName, Dims: dimsFromWire(c.Dimensions), Period: int64(deref(c.Period)), Stat: stat}
	}
	for _, q := range c.Metrics {
		eq := engine.Query{ID: deref(q.ID), Expression: deref(q.Expression), ReturnData: q.ReturnData == nil || *q.ReturnData, Period: int64(deref(q.Period))}
		if ms := q.MetricStat; ms != nil {
			m := deref(ms.Metric)
			eq.Stat = &engine.MetricStat{Namespace: deref(m.Namespace), Name: deref(m.MetricName), Dims: dimsFromWire(m.Dimensions), Period: int64(deref(ms.Period)), Stat: deref(ms.Stat)}
		}
		a.Metrics = append(a.Metrics, eq)
	}
	return a
}

// configOf returns the configuration a was put with.
func configOf(a *engine.Alarm) *alarmConfig { return a.Config.(*alarmConfig) }

// wireAlarmOf returns a as DescribeAlarms returns it. The engine changes
// a's state in place, so the result holds copies: it is encoded after s.mu
// is released.
func wireAlarmOf(a *engine.Alarm) wireAlarm {
	enabled, updated := a.ActionsEnabled, a.ConfigurationUpdated
	stateUpdated, transitioned, data := a.StateUpdated, a.StateTransitioned, a.StateReasonData
	w := wireAlarm{
		alarmConfig:                        *configOf(a),
		AlarmArn:                           a.ARN,
		AlarmConfigurationUpdatedTimestamp: &updated,
		StateValue:                         a.StateValue,
		StateReason:                        a.StateReason,
		StateUpdatedTimestamp:              &stateUpdated,
		StateTransitionedTimestamp:         &transitioned,
		EvaluationState:                    a.EvaluationState,
	}
	w.ActionsEnabled = &enabled
	if data != "" {
		w.StateReasonData = &data
	}
	return w
}

// toTypes converts a stored alarm to the SDK type, as DescribeAlarms would
// deliver it through the client.
func (a *wireAlarm) toTypes() types.MetricAlarm {
	out := types.MetricAlarm{
		AlarmName:                          clonePtr(a.AlarmName),
		AlarmArn:                           clonePtr(&a.AlarmArn),
		AlarmDescription:                   clonePtr(a.AlarmDescription),
		AlarmConfigurationUpdatedTimestamp: clonePtr(a.AlarmConfigurationUpdatedTimestamp),
		ActionsEnabled:                     clonePtr(a.ActionsEnabled),
		OKActions:                          slices.Clone(a.OKActions),
		AlarmActions:                       slices.Clone(a.AlarmActions),
		InsufficientDataActions:            slices.Clone(a.InsufficientDataActions),
		StateValue:                         types.StateValue(a.StateValue),
		StateReason:                        clonePtr(&a.StateReason),
		StateUpdatedTimestamp:              clonePtr(a.StateUpdatedTimestamp),
		StateTransitionedTimestamp:         clonePtr(a.StateTransitionedTimestamp),
		StateReasonData:                    clonePtr(a.StateReasonData),
		EvaluationState:                    types.EvaluationState(a.EvaluationState),
		MetricName:                         clonePtr(a.MetricName),
		Namespace:                          clonePtr(a.Namespace),
		Statistic:                          types.Statistic(deref(a.Statistic)),
		ExtendedStatistic:                  clonePtr(a.ExtendedStatistic),
		Dimensions:                         dimensionsToTypes(a.Dimensions),
		Period:                             clonePtr(a.Period),
		Unit:                               types.StandardUnit(deref(a.Unit)),
		EvaluationPeriods:                  clonePtr(a.EvaluationPeriods),
		DatapointsToAlarm:                  clonePtr(a.DatapointsToAlarm),
		Threshold:                          clonePtr(a.Threshold),
		ComparisonOperator:                 types.ComparisonOperator(deref(a.ComparisonOperator)),
		TreatMissingData:                   clonePtr(a.TreatMissingData),
		EvaluateLowSampleCountPercentile:   clonePtr(a.EvaluateLowSampleCountPercentile),
		ThresholdMetricId:                  clonePtr(a.ThresholdMetricID),
		EvaluationInterval:                 clonePtr(a.EvaluationInterval),
	}
	for _, q := range a.Metrics {
		out.Metrics = append(out.Metrics, queryToTypes(q))
	}
	if w := a.EvaluationWindow; w != nil {
		switch {
		case w.WallClockWindow != nil:
			out.EvaluationWindow = &types.EvaluationWindowMemberWallClockWindow{
				Value: types.WallClockWindow{Timezone: clonePtr(w.WallClockWindow.Timezone)}}
		case w.SlidingWindow != nil:
			out.EvaluationWindow = &types.EvaluationWindowMemberSlidingWindow{}
		}
	}
	if c := a.EvaluationCriteria; c != nil && c.PromQLCriteria != nil {
		out.EvaluationCriteria = &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{
			Query:          clonePtr(c.PromQLCriteria.Query),
			PendingPeriod:  clonePtr(c.PromQLCriteria.PendingPeriod),
			RecoveryPeriod: clonePtr(c.PromQLCriteria.RecoveryPeriod),
		}}
	}
	if w := a.WarmUpConfiguration; w != nil {
		out.WarmUpConfiguration = &types.WarmUpConfiguration{
			WarmUpPeriodDurationInMinutes:            clonePtr(w.WarmUpPeriodDurationInMinutes),
			OnlyStartEvaluatingAfterWarmUpPeriodEnds: clonePtr(w.OnlyStartEvaluatingAfterWarmUpPeriodEnds),
		}
	}
	if c := a.ActionConfiguration; c != nil {
		out.ActionConfiguration = &types.ActionConfiguration{}
		if t := c.AlarmTagsPropagation; t != nil {
			out.ActionConfiguration.AlarmTagsPropagation = &types.AlarmTagsPropagation{
				Enabled:         clonePtr(t.Enabled),
				IncludedTagKeys: slices.Clone(t.IncludedTagKeys),
				ExcludedTagKeys: slices.Clone(t.ExcludedTagKeys),
			}
		}
	}
	return out
}

func queryToTypes(q wireQuery) types.MetricDataQuery {
	out := types.MetricDataQuery{
		Id:         clonePtr(q.ID),
		Expression: clonePtr(q.Expression),
		Label:      clonePtr(q.Label),
		ReturnData: clonePtr(q.ReturnData),
		Period:     clonePtr(q.Period),
		AccountId:  clonePtr(q.AccountID),
	}
	if ms := q.MetricStat; ms != nil {
		out.MetricStat = &types.MetricStat{
			Period: clonePtr(ms.Period),
			Stat:   clonePtr(ms.Stat),
			Unit:   types.StandardUnit(deref(ms.Unit)),
		}
		if m := ms.Metric; m != nil {
			out.MetricStat.Metric = &types.Metric{
				Namespace:  clonePtr(m.Namespace),
				MetricName: clonePtr(m.MetricName),
				Dimensions: dimensionsToTypes(m.Dimensions),
			}
		}
	}
	return out
}

func dimensionsToTypes(in []wireDimension) []types.Dimension {
	if in == nil {
		return nil
	}
	out := make([]types.Dimension, len(in))
	for i, d := range in {
		out[i] = types.Dimension{Name: clonePtr(d.Name), Value: clonePtr(d.Value)}
	}
	return out
}

// clonePtr returns a pointer to a copy of *p, so snapshots never alias the
// server's state.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
