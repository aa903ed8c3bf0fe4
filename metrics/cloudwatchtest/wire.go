package cloudwatchtest

import (
	"time"

	"github.com/fxamacker/cbor/v2"
)

// The wire types mirror the Smithy members of the CloudWatch model (member
// names are the CBOR map keys in RPC v2 CBOR). Pointers mark members whose
// absence the service distinguishes from a zero value.

type wireDimension struct {
	Name  *string `cbor:"Name,omitempty"`
	Value *string `cbor:"Value,omitempty"`
}

type wireMetric struct {
	Namespace  *string         `cbor:"Namespace,omitempty"`
	MetricName *string         `cbor:"MetricName,omitempty"`
	Dimensions []wireDimension `cbor:"Dimensions,omitempty"`
}

type wireMetricStat struct {
	Metric *wireMetric `cbor:"Metric,omitempty"`
	Period *int32      `cbor:"Period,omitempty"`
	Stat   *string     `cbor:"Stat,omitempty"`
	Unit   *string     `cbor:"Unit,omitempty"`
}

type wireQuery struct {
	ID         *string         `cbor:"Id,omitempty"`
	MetricStat *wireMetricStat `cbor:"MetricStat,omitempty"`
	Expression *string         `cbor:"Expression,omitempty"`
	Label      *string         `cbor:"Label,omitempty"`
	ReturnData *bool           `cbor:"ReturnData,omitempty"`
	Period     *int32          `cbor:"Period,omitempty"`
	AccountID  *string         `cbor:"AccountId,omitempty"`
}

type wireLabelOptions struct {
	Timezone *string `cbor:"Timezone,omitempty"`
}

type getMetricDataInput struct {
	Queries       []wireQuery       `cbor:"MetricDataQueries,omitempty"`
	StartTime     *time.Time        `cbor:"StartTime,omitempty"`
	EndTime       *time.Time        `cbor:"EndTime,omitempty"`
	NextToken     *string           `cbor:"NextToken,omitempty"`
	ScanBy        *string           `cbor:"ScanBy,omitempty"`
	MaxDatapoints *int32            `cbor:"MaxDatapoints,omitempty"`
	LabelOptions  *wireLabelOptions `cbor:"LabelOptions,omitempty"`
}

type wireMessage struct {
	Code  string `cbor:"Code,omitempty"`
	Value string `cbor:"Value,omitempty"`
}

type wireResult struct {
	ID         string        `cbor:"Id"`
	Label      string        `cbor:"Label"`
	Timestamps []time.Time   `cbor:"Timestamps"`
	Values     []float64     `cbor:"Values"`
	StatusCode string        `cbor:"StatusCode"`
	Messages   []wireMessage `cbor:"Messages,omitempty"`
}

type getMetricDataOutput struct {
	Results   []wireResult  `cbor:"MetricDataResults"`
	NextToken string        `cbor:"NextToken,omitempty"`
	Messages  []wireMessage `cbor:"Messages,omitempty"`
}

type getMetricStatisticsInput struct {
	Namespace          *string         `cbor:"Namespace,omitempty"`
	MetricName         *string         `cbor:"MetricName,omitempty"`
	Dimensions         []wireDimension `cbor:"Dimensions,omitempty"`
	StartTime          *time.Time      `cbor:"StartTime,omitempty"`
	EndTime            *time.Time      `cbor:"EndTime,omitempty"`
	Period             *int32          `cbor:"Period,omitempty"`
	Statistics         []string        `cbor:"Statistics,omitempty"`
	ExtendedStatistics []string        `cbor:"ExtendedStatistics,omitempty"`
	Unit               *string         `cbor:"Unit,omitempty"`
}

type wireDatapoint struct {
	Timestamp          time.Time          `cbor:"Timestamp"`
	SampleCount        *float64           `cbor:"SampleCount,omitempty"`
	Average            *float64           `cbor:"Average,omitempty"`
	Sum                *float64           `cbor:"Sum,omitempty"`
	Minimum            *float64           `cbor:"Minimum,omitempty"`
	Maximum            *float64           `cbor:"Maximum,omitempty"`
	Unit               string             `cbor:"Unit,omitempty"`
	ExtendedStatistics map[string]float64 `cbor:"ExtendedStatistics,omitempty"`
}

type getMetricStatisticsOutput struct {
	Label      string          `cbor:"Label"`
	Datapoints []wireDatapoint `cbor:"Datapoints"`
}

type wireDimensionFilter struct {
	Name  *string `cbor:"Name,omitempty"`
	Value *string `cbor:"Value,omitempty"`
}

type listMetricsInput struct {
	Namespace             *string               `cbor:"Namespace,omitempty"`
	MetricName            *string               `cbor:"MetricName,omitempty"`
	Dimensions            []wireDimensionFilter `cbor:"Dimensions,omitempty"`
	NextToken             *string               `cbor:"NextToken,omitempty"`
	RecentlyActive        *string               `cbor:"RecentlyActive,omitempty"`
	IncludeLinkedAccounts *bool                 `cbor:"IncludeLinkedAccounts,omitempty"`
	OwningAccount         *string               `cbor:"OwningAccount,omitempty"`
}

type listMetricsOutput struct {
	Metrics        []wireMetric `cbor:"Metrics"`
	NextToken      string       `cbor:"NextToken,omitempty"`
	OwningAccounts []string     `cbor:"OwningAccounts,omitempty"`
}

type wireTag struct {
	Key   *string `cbor:"Key,omitempty"`
	Value *string `cbor:"Value,omitempty"`
}

type wireWallClockWindow struct {
	Timezone *string `cbor:"Timezone,omitempty"`
}

// wireEvaluationWindow is the EvaluationWindow union: exactly one member is
// set on the wire.
type wireEvaluationWindow struct {
	WallClockWindow *wireWallClockWindow `cbor:"WallClockWindow,omitempty"`
	SlidingWindow   *struct{}            `cbor:"SlidingWindow,omitempty"`
}

type wirePromQLCriteria struct {
	Query          *string `cbor:"Query,omitempty"`
	PendingPeriod  *int32  `cbor:"PendingPeriod,omitempty"`
	RecoveryPeriod *int32  `cbor:"RecoveryPeriod,omitempty"`
}

// wireEvaluationCriteria is the EvaluationCriteria union.
type wireEvaluationCriteria struct {
	PromQLCriteria *wirePromQLCriteria `cbor:"PromQLCriteria,omitempty"`
}

type wireWarmUp struct {
	WarmUpPeriodDurationInMinutes            *int32 `cbor:"WarmUpPeriodDurationInMinutes,omitempty"`
	OnlyStartEvaluatingAfterWarmUpPeriodEnds *bool  `cbor:"OnlyStartEvaluatingAfterWarmUpPeriodEnds,omitempty"`
}

type wireTagsPropagation struct {
	Enabled         *bool    `cbor:"Enabled,omitempty"`
	IncludedTagKeys []string `cbor:"IncludedTagKeys,omitempty"`
	ExcludedTagKeys []string `cbor:"ExcludedTagKeys,omitempty"`
}

type wireActionConfiguration struct {
	AlarmTagsPropagation *wireTagsPropagation `cbor:"AlarmTagsPropagation,omitempty"`
}

// alarmConfig holds the PutMetricAlarm members that are stored and echoed by
// DescribeAlarms (Tags are accepted but, as in the service, not described).
type alarmConfig struct {
	AlarmName                        *string                  `cbor:"AlarmName,omitempty"`
	AlarmDescription                 *string                  `cbor:"AlarmDescription,omitempty"`
	ActionsEnabled                   *bool                    `cbor:"ActionsEnabled,omitempty"`
	OKActions                        []string                 `cbor:"OKActions,omitempty"`
	AlarmActions                     []string                 `cbor:"AlarmActions,omitempty"`
	InsufficientDataActions          []string                 `cbor:"InsufficientDataActions,omitempty"`
	MetricName                       *string                  `cbor:"MetricName,omitempty"`
	Namespace                        *string                  `cbor:"Namespace,omitempty"`
	Statistic                        *string                  `cbor:"Statistic,omitempty"`
	ExtendedStatistic                *string                  `cbor:"ExtendedStatistic,omitempty"`
	Dimensions                       []wireDimension          `cbor:"Dimensions,omitempty"`
	Period                           *int32                   `cbor:"Period,omitempty"`
	Unit                             *string                  `cbor:"Unit,omitempty"`
	EvaluationPeriods                *int32                   `cbor:"EvaluationPeriods,omitempty"`
	DatapointsToAlarm                *int32                   `cbor:"DatapointsToAlarm,omitempty"`
	Threshold                        *float64                 `cbor:"Threshold,omitempty"`
	ComparisonOperator               *string                  `cbor:"ComparisonOperator,omitempty"`
	TreatMissingData                 *string                  `cbor:"TreatMissingData,omitempty"`
	EvaluateLowSampleCountPercentile *string                  `cbor:"EvaluateLowSampleCountPercentile,omitempty"`
	Metrics                          []wireQuery              `cbor:"Metrics,omitempty"`
	ThresholdMetricID                *string                  `cbor:"ThresholdMetricId,omitempty"`
	EvaluationWindow                 *wireEvaluationWindow    `cbor:"EvaluationWindow,omitempty"`
	WarmUpConfiguration              *wireWarmUp              `cbor:"WarmUpConfiguration,omitempty"`
	EvaluationCriteria               *wireEvaluationCriteria  `cbor:"EvaluationCriteria,omitempty"`
	EvaluationInterval               *int32                   `cbor:"EvaluationInterval,omitempty"`
	ActionConfiguration              *wireActionConfiguration `cbor:"ActionConfiguration,omitempty"`
}

type putMetricAlarmInput struct {
	alarmConfig
	Tags []wireTag `cbor:"Tags,omitempty"`
}

// wireAlarm is a MetricAlarm as DescribeAlarms returns it.
type wireAlarm struct {
	alarmConfig
	AlarmArn                           string     `cbor:"AlarmArn,omitempty"`
	AlarmConfigurationUpdatedTimestamp *time.Time `cbor:"AlarmConfigurationUpdatedTimestamp,omitempty"`
	StateValue                         string     `cbor:"StateValue,omitempty"`
	StateReason                        string     `cbor:"StateReason,omitempty"`
	StateUpdatedTimestamp              *time.Time `cbor:"StateUpdatedTimestamp,omitempty"`
	StateTransitionedTimestamp         *time.Time `cbor:"StateTransitionedTimestamp,omitempty"`
	StateReasonData                    *string    `cbor:"StateReasonData,omitempty"`
	EvaluationState                    string     `cbor:"EvaluationState,omitempty"`
}

type describeAlarmsInput struct {
	AlarmNames          []string `cbor:"AlarmNames,omitempty"`
	AlarmNamePrefix     *string  `cbor:"AlarmNamePrefix,omitempty"`
	AlarmTypes          []string `cbor:"AlarmTypes,omitempty"`
	ChildrenOfAlarmName *string  `cbor:"ChildrenOfAlarmName,omitempty"`
	ParentsOfAlarmName  *string  `cbor:"ParentsOfAlarmName,omitempty"`
	StateValue          *string  `cbor:"StateValue,omitempty"`
	ActionPrefix        *string  `cbor:"ActionPrefix,omitempty"`
	MaxRecords          *int32   `cbor:"MaxRecords,omitempty"`
	NextToken           *string  `cbor:"NextToken,omitempty"`
}

type describeAlarmsOutput struct {
	MetricAlarms []wireAlarm `cbor:"MetricAlarms"`
	NextToken    string      `cbor:"NextToken,omitempty"`
}

// alarmNamesInput is the request of DeleteAlarms, EnableAlarmActions and
// DisableAlarmActions.
type alarmNamesInput struct {
	AlarmNames []string `cbor:"AlarmNames,omitempty"`
}

// errorBody is the RPC v2 CBOR error document: "__type" carries the shape id
// and the message member name differs between error shapes ("message" or
// "Message"), so both are written.
type errorBody struct {
	Type       string `cbor:"__type"`
	Message    string `cbor:"message,omitempty"`
	MessageCap string `cbor:"Message,omitempty"`
}

var (
	// decMode bounds what a request can make the decoder allocate; the
	// defaults of fxamacker/cbor already reject deep nesting and huge
	// lengths, and duplicate keys are rejected as a Smithy server does.
	decMode = mustDecMode(cbor.DecOptions{
		DupMapKey:       cbor.DupMapKeyEnforcedAPF,
		MaxNestedLevels: 32,
		TimeTag:         cbor.DecTagRequired,
	})
	// encMode writes timestamps as tag 1 epoch seconds, which is what the
	// SDK's RPC v2 CBOR deserializer requires.
	encMode = mustEncMode(cbor.EncOptions{
		Time:    cbor.TimeUnixDynamic,
		TimeTag: cbor.EncTagRequired,
	})
)

func mustDecMode(o cbor.DecOptions) cbor.DecMode {
	m, err := o.DecMode()
	if err != nil {
		panic(err) // static options: a failure is a programming error
	}
	return m
}

func mustEncMode(o cbor.EncOptions) cbor.EncMode {
	m, err := o.EncMode()
	if err != nil {
		panic(err) // static options: a failure is a programming error
	}
	return m
}
