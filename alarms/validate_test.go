package alarms

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	logtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

// fieldRule is the part of a Problem the tests pin down; messages are
// checked separately.
type fieldRule struct {
	Field string
	Rule  kmswatch.Rule
}

// problems returns the field and rule of each problem of err.
func problems(err error) []fieldRule { return problemtest.Of[fieldRule](err) }

// oneEvaluation returns the part of a valid alarm that the valid* alarms
// share: named name, comparing one evaluation period with threshold. The
// caller sets the metric (a single metric or Metrics).
func oneEvaluation(name string, op types.ComparisonOperator, threshold float64) *cloudwatch.PutMetricAlarmInput {
	return &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String(name),
		EvaluationPeriods:  aws.Int32(1),
		ComparisonOperator: op,
		Threshold:          aws.Float64(threshold),
	}
}

func validSingle() *cloudwatch.PutMetricAlarmInput {
	in := oneEvaluation("a", types.ComparisonOperatorLessThanOrEqualToThreshold, tenDaysSecs)
	in.Namespace = aws.String("AWS/KMS")
	in.MetricName = aws.String("SecondsUntilKeyMaterialExpiration")
	in.Dimensions = []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(testKeyID)}}
	in.Statistic = types.StatisticMinimum
	in.Period = aws.Int32(60)
	return in
}

func validInsights() *cloudwatch.PutMetricAlarmInput {
	in := oneEvaluation("fleet", types.ComparisonOperatorLessThanOrEqualToThreshold, tenDaysSecs)
	in.Metrics = []types.MetricDataQuery{{
		Id: aws.String("q1"), Period: aws.Int32(300), ReturnData: aws.Bool(true),
		Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId LIMIT 500`),
	}}
	return in
}

func validMath() *cloudwatch.PutMetricAlarmInput {
	in := oneEvaluation("m", types.ComparisonOperatorGreaterThanThreshold, 80)
	in.Metrics = []types.MetricDataQuery{
		{Id: aws.String("m1"), ReturnData: aws.Bool(false), MetricStat: &types.MetricStat{
			Metric: &types.Metric{Namespace: aws.String("AWS/Usage"), MetricName: aws.String("CallCount")},
			Period: aws.Int32(60), Stat: aws.String("Sum"),
		}},
		{Id: aws.String("e1"), Expression: aws.String("m1*2")},
	}
	return in
}

func TestValidateAlarm(t *testing.T) {
	tests := []struct {
		name string
		base func() *cloudwatch.PutMetricAlarmInput
		edit func(in *cloudwatch.PutMetricAlarmInput)
		want []fieldRule
	}{
		{name: "valid single metric", base: validSingle, edit: func(*cloudwatch.PutMetricAlarmInput) {}},
		{name: "valid metric math", base: validMath, edit: func(*cloudwatch.PutMetricAlarmInput) {}},
		{name: "name missing", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = nil },
			want: []fieldRule{{"AlarmName", kmswatch.RuleRequired}}},
		{name: "name too long and control character", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmName = aws.String(strings.Repeat("x", 256) + "\n")
		}, want: []fieldRule{{"AlarmName", kmswatch.RuleLength}, {"AlarmName", kmswatch.RulePattern}}},
		{name: "name not UTF-8", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.AlarmName = aws.String("a\xff") },
			want: []fieldRule{{"AlarmName", kmswatch.RuleEncoding}}},
		{name: "name of 255 multibyte characters is fine", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmName = aws.String(strings.Repeat("é", 255))
		}},
		{name: "description too long", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmDescription = aws.String(strings.Repeat("d", 1025))
		}, want: []fieldRule{{"AlarmDescription", kmswatch.RuleLength}}},
		{name: "no metric at all", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.MetricName, in.Namespace, in.Dimensions, in.Statistic, in.Period = nil, nil, nil, "", nil
		}, want: []fieldRule{{"MetricName", kmswatch.RuleRequired}}},
		{name: "MetricName and Metrics together", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.MetricName = aws.String("CallCount")
		}, want: []fieldRule{{"MetricName", kmswatch.RuleCombination}}},
		{name: "period 90 is not valid", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Period = aws.Int32(90) },
			want: []fieldRule{{"Period", kmswatch.RuleRange}}},
		{name: "high-resolution periods are valid", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Period = aws.Int32(30) }},
		{name: "period missing", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Period = nil },
			want: []fieldRule{{"Period", kmswatch.RuleRequired}}},
		{name: "one day at 60 s is the limit", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.EvaluationPeriods = aws.Int32(1440)
		}},
		{name: "over one day at 60 s", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.EvaluationPeriods = aws.Int32(1441)
		}, want: []fieldRule{{"EvaluationPeriods", kmswatch.RuleRange}}},
		{name: "seven days at one hour is the limit", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Period, in.EvaluationPeriods = aws.Int32(3600), aws.Int32(168)
		}},
		{name: "over seven days at one hour", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Period, in.EvaluationPeriods = aws.Int32(3600), aws.Int32(169)
		}, want: []fieldRule{{"EvaluationPeriods", kmswatch.RuleRange}}},
		{name: "evaluation periods zero", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.EvaluationPeriods = aws.Int32(0) },
			want: []fieldRule{{"EvaluationPeriods", kmswatch.RuleRange}}},
		{name: "datapoints above evaluation periods", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.EvaluationPeriods, in.DatapointsToAlarm = aws.Int32(2), aws.Int32(3)
		}, want: []fieldRule{{"DatapointsToAlarm", kmswatch.RuleRange}}},
		{name: "negative threshold on a KMS metric", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Threshold = aws.Float64(-1)
		}, want: []fieldRule{{"Threshold", kmswatch.RuleRange}}},
		{name: "negative threshold elsewhere is allowed", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Namespace, in.Threshold = aws.String("Custom/Temp"), aws.Float64(-5)
		}},
		{name: "NaN threshold", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Threshold = aws.Float64(math.NaN()) },
			want: []fieldRule{{"Threshold", kmswatch.RuleRange}}},
		{name: "wrong unit for SecondsUntilKeyMaterialExpiration", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Unit = types.StandardUnitMilliseconds
		}, want: []fieldRule{{"Unit", kmswatch.RuleEnum}}},
		{name: "unknown unit", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Unit = "Fortnights" },
			want: []fieldRule{{"Unit", kmswatch.RuleEnum}, {"Unit", kmswatch.RuleEnum}}},
		{name: "statistic and extended statistic", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.ExtendedStatistic = aws.String("p99")
		}, want: []fieldRule{{"ExtendedStatistic", kmswatch.RuleCombination}}},
		{name: "neither statistic", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Statistic = "" },
			want: []fieldRule{{"Statistic", kmswatch.RuleRequired}}},
		{name: "unknown statistic", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Statistic = "Median" },
			want: []fieldRule{{"Statistic", kmswatch.RuleEnum}}},
		{name: "extended statistics accepted", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Statistic, in.ExtendedStatistic = "", aws.String("TM(10%:90%)")
			in.EvaluateLowSampleCountPercentile = aws.String("ignore")
		}},
		{name: "bad extended statistic", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Statistic, in.ExtendedStatistic = "", aws.String("p999")
		}, want: []fieldRule{{"ExtendedStatistic", kmswatch.RulePattern}}},
		{name: "malformed extended statistic range", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Statistic, in.ExtendedStatistic = "", aws.String("TM(abc:def)")
		}, want: []fieldRule{{"ExtendedStatistic", kmswatch.RulePattern}}},
		{name: "malformed MetricStat.Stat", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].MetricStat.Stat = aws.String("PR(10%:)")
		}, want: []fieldRule{{"Metrics[0].MetricStat.Stat", kmswatch.RulePattern}}},
		{name: "Insights query the parser rejects", base: validInsights, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].Expression = aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM AWS/KMS`)
		}, want: []fieldRule{{"Metrics[0].Expression", kmswatch.RulePattern}}},
		{name: "Insights window of 3 hours", base: validInsights, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].Period, in.EvaluationPeriods = aws.Int32(600), aws.Int32(18)
		}},
		{name: "Insights window over 3 hours", base: validInsights, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].Period, in.EvaluationPeriods = aws.Int32(600), aws.Int32(19)
		}, want: []fieldRule{{"EvaluationPeriods", kmswatch.RuleRange}}},
		{name: "low-sample setting without percentile", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.EvaluateLowSampleCountPercentile = aws.String("sometimes")
		}, want: []fieldRule{{"EvaluateLowSampleCountPercentile", kmswatch.RuleForbidden}, {"EvaluateLowSampleCountPercentile", kmswatch.RuleEnum}}},
		{name: "namespace starting with a colon", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Namespace = aws.String(":x")
		}, want: []fieldRule{{"Namespace", kmswatch.RulePattern}}},
		{name: "dimension problems", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Dimensions = append(in.Dimensions,
				types.Dimension{Name: aws.String("KeyId"), Value: aws.String(strings.Repeat("v", 1025))},
				types.Dimension{Name: aws.String("")})
		}, want: []fieldRule{{"Dimensions[1].Name", kmswatch.RuleUnique}, {"Dimensions[1].Value", kmswatch.RuleLength},
			{"Dimensions[2].Name", kmswatch.RuleLength}, {"Dimensions[2].Value", kmswatch.RuleRequired}}},
		{name: "too many dimensions", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Namespace = aws.String("Custom")
			in.Dimensions = nil
			for i := range 31 {
				in.Dimensions = append(in.Dimensions, types.Dimension{Name: aws.String(strings.Repeat("n", i+1)), Value: aws.String("v")})
			}
		}, want: []fieldRule{{"Dimensions", kmswatch.RuleCount}}},
		{name: "treat missing data unknown", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.TreatMissingData = aws.String("NotBreaching")
		}, want: []fieldRule{{"TreatMissingData", kmswatch.RuleEnum}}},
		{name: "comparison operator missing and threshold missing", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.ComparisonOperator, in.Threshold = "", nil
		}, want: []fieldRule{{"ComparisonOperator", kmswatch.RuleRequired}, {"Threshold", kmswatch.RuleRequired}}},
		{name: "anomaly operator with a threshold", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.ComparisonOperator = types.ComparisonOperatorLessThanLowerThreshold
		}, want: []fieldRule{{"Threshold", kmswatch.RuleForbidden}, {"ThresholdMetricId", kmswatch.RuleRequired}}},
		{name: "anomaly alarm", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].ReturnData = aws.Bool(true)
			in.Metrics[1] = types.MetricDataQuery{Id: aws.String("ad1"), Expression: aws.String("ANOMALY_DETECTION_BAND(m1, 2)")}
			in.ComparisonOperator, in.Threshold, in.ThresholdMetricId = types.ComparisonOperatorGreaterThanUpperThreshold, nil, aws.String("ad1")
		}},
		{name: "threshold metric id naming a plain expression", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.ComparisonOperator, in.Threshold, in.ThresholdMetricId = types.ComparisonOperatorGreaterThanUpperThreshold, nil, aws.String("e1")
		}, want: []fieldRule{{"Metrics", kmswatch.RuleCount}, {"ThresholdMetricId", kmswatch.RuleCombination}}},
		{name: "math with single-metric fields", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Namespace, in.Period, in.Statistic = aws.String("AWS/Usage"), aws.Int32(60), types.StatisticSum
		}, want: []fieldRule{{"Namespace", kmswatch.RuleForbidden}, {"Period", kmswatch.RuleForbidden}, {"Statistic", kmswatch.RuleForbidden}}},
		{name: "math id rules", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].Id = aws.String("M1")
			in.Metrics[1].Id = aws.String("M1")
		}, want: []fieldRule{{"Metrics[0].Id", kmswatch.RulePattern}, {"Metrics[1].Id", kmswatch.RulePattern}, {"Metrics[1].Id", kmswatch.RuleUnique}}},
		{name: "math item with both expression and metric", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].Expression = aws.String("m2")
		}, want: []fieldRule{{"Metrics[0]", kmswatch.RuleCombination}}},
		{name: "two items return data", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) { in.Metrics[0].ReturnData = nil },
			want: []fieldRule{{"Metrics", kmswatch.RuleCount}}},
		{name: "metric stat missing parts", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[0].MetricStat = &types.MetricStat{}
		}, want: []fieldRule{{"Metrics[0].MetricStat.Metric", kmswatch.RuleRequired}, {"Metrics[0].MetricStat.Stat", kmswatch.RuleRequired},
			{"Metrics[0].MetricStat.Period", kmswatch.RuleRequired}}},
		{name: "metric stats with different periods", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			m2 := in.Metrics[0]
			m2.Id = aws.String("m2")
			m2.MetricStat = &types.MetricStat{Metric: m2.MetricStat.Metric, Period: aws.Int32(300), Stat: aws.String("Sum")}
			in.Metrics = append(in.Metrics, m2)
		}, want: []fieldRule{{"Metrics[2].MetricStat.Period", kmswatch.RuleCombination}}},
		{name: "too many queries", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			for i := range 20 {
				in.Metrics = append(in.Metrics, types.MetricDataQuery{Id: aws.String("x" + string(rune('a'+i))), Expression: aws.String("m1"), ReturnData: aws.Bool(false)})
			}
		}, want: []fieldRule{{"Metrics", kmswatch.RuleCount}, {"Metrics", kmswatch.RuleCount}}},
		{name: "expression too long", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Metrics[1].Expression = aws.String(strings.Repeat("m", 2049))
		}, want: []fieldRule{{"Metrics[1].Expression", kmswatch.RuleLength}}},
		{name: "evaluation interval outside PromQL", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.EvaluationInterval = aws.Int32(60)
		}, want: []fieldRule{{"EvaluationInterval", kmswatch.RuleForbidden}}},
		{name: "valid PromQL alarm", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			*in = cloudwatch.PutMetricAlarmInput{
				AlarmName:          aws.String("p"),
				EvaluationCriteria: &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{Query: aws.String("up == 0")}},
				EvaluationInterval: aws.Int32(60),
			}
		}},
		{name: "PromQL with a threshold and no interval", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			*in = cloudwatch.PutMetricAlarmInput{
				AlarmName: aws.String("p"),
				EvaluationCriteria: &types.EvaluationCriteriaMemberPromQLCriteria{Value: types.AlarmPromQLCriteria{
					Query: aws.String("up == 0"), PendingPeriod: aws.Int32(90000)}},
				Threshold: aws.Float64(1),
			}
		}, want: []fieldRule{{"Threshold", kmswatch.RuleForbidden}, {"EvaluationInterval", kmswatch.RuleRequired},
			{"EvaluationCriteria.PromQLCriteria.PendingPeriod", kmswatch.RuleRange}}},
		{name: "actions of each kind", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmActions = []string{testTopic, testLambda,
				"arn:aws:ssm:us-west-2:111122223333:opsitem:2#CATEGORY=Security",
				"arn:aws:ssm-incidents::111122223333:responseplan/kms",
				"arn:aws:aiops:us-west-2:111122223333:investigation-group:abc123"}
			in.OKActions = []string{"arn:aws:autoscaling:us-west-2:111122223333:scalingPolicy:1a2b-3c:autoScalingGroupName/g:policyName/p",
				"arn:aws:automate:us-west-2:ec2:stop", "arn:aws-us-gov:sns:us-gov-west-1:111122223333:t"}
		}},
		{name: "action problems", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmActions = []string{testTopic, testTopic, "arn:aws:sqs:us-west-2:111122223333:q", "", "a", "b"}
			in.OKActions = []string{"arn:aws:aiops:us-west-2:111122223333:investigation-group:abc123"}
		}, want: []fieldRule{{"AlarmActions", kmswatch.RuleCount}, {"AlarmActions[1]", kmswatch.RuleUnique}, {"AlarmActions[2]", kmswatch.RulePattern},
			{"AlarmActions[3]", kmswatch.RuleLength}, {"AlarmActions[3]", kmswatch.RulePattern}, {"AlarmActions[4]", kmswatch.RulePattern},
			{"AlarmActions[5]", kmswatch.RulePattern}, {"OKActions[0]", kmswatch.RulePattern}}},
		{name: "EC2 action on a math alarm", base: validMath, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.AlarmActions = []string{"arn:aws:automate:us-west-2:ec2:reboot"}
		}, want: []fieldRule{{"AlarmActions[0]", kmswatch.RuleCombination}}},
		{name: "tag problems", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.Tags = []types.Tag{{Key: aws.String(strings.Repeat("k", 129)), Value: aws.String("")}, {Value: aws.String(strings.Repeat("v", 257))}}
		}, want: []fieldRule{{"Tags[0].Key", kmswatch.RuleLength}, {"Tags[1].Key", kmswatch.RuleRequired}, {"Tags[1].Value", kmswatch.RuleLength}}},
		{name: "warm-up without duration", base: validSingle, edit: func(in *cloudwatch.PutMetricAlarmInput) {
			in.WarmUpConfiguration = &types.WarmUpConfiguration{}
		}, want: []fieldRule{{"WarmUpConfiguration.WarmUpPeriodDurationInMinutes", kmswatch.RuleRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.base()
			tt.edit(in)
			err := ValidateAlarm(in)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if (err != nil) != errors.Is(err, kmswatch.ErrInvalid) {
				t.Errorf("errors.Is(err, kmswatch.ErrInvalid) = %v for %v", errors.Is(err, kmswatch.ErrInvalid), err)
			}
		})
	}
}

// TestValidateMessagesFromLimits checks that messages quote the limits the
// checks use, so text and rule cannot drift apart.
func TestValidateMessagesFromLimits(t *testing.T) {
	in := validSingle()
	in.AlarmName = aws.String(strings.Repeat("x", maxAlarmNameLen+1))
	in.Period = aws.Int32(60)
	in.EvaluationPeriods = aws.Int32(maxShortEvaluationRange/60 + 1)
	in.AlarmActions = []string{"arn:aws:sqs:us-west-2:111122223333:q"}
	var ve *kmswatch.ValidationError
	if !errors.As(ValidateAlarm(in), &ve) {
		t.Fatal("want a *kmswatch.ValidationError")
	}
	got := map[string]string{}
	for _, p := range ve.Problems {
		got[p.Field] = p.Message
	}
	want := map[string]string{
		"AlarmName":         "length must be between 1 and 255 characters, got 256",
		"EvaluationPeriods": "Period × EvaluationPeriods must be at most 86400 seconds when the period is under 3600 seconds, got 60 × 1441 = 86460",
		"AlarmActions[0]": "must be the ARN of one of: SNS topic, Lambda function, SSM OpsItem, Incident Manager response plan, " +
			"Auto Scaling policy, EC2 action, EC2 SWF action, Q Developer investigation group; got \"arn:aws:sqs:us-west-2:111122223333:q\"",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages mismatch (-want +got):\n%s", diff)
	}
}

func TestValidateAlarmNil(t *testing.T) {
	want := []fieldRule{{"", kmswatch.RuleRequired}}
	if diff := cmp.Diff(want, problems(ValidateAlarm(nil))); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestValidateMetricFilter(t *testing.T) {
	valid := func() *cloudwatchlogs.PutMetricFilterInput {
		return &cloudwatchlogs.PutMetricFilterInput{
			FilterName:    aws.String("f"),
			FilterPattern: aws.String(PendingDeletionFilterPattern),
			LogGroupName:  aws.String(testLogGrp),
			MetricTransformations: []logtypes.MetricTransformation{{
				MetricName: aws.String("m"), MetricNamespace: aws.String("ns"), MetricValue: aws.String("1"),
			}},
		}
	}
	tests := []struct {
		name string
		edit func(in *cloudwatchlogs.PutMetricFilterInput)
		want []fieldRule
	}{
		{name: "valid", edit: func(*cloudwatchlogs.PutMetricFilterInput) {}},
		{name: "empty pattern is allowed", edit: func(in *cloudwatchlogs.PutMetricFilterInput) { in.FilterPattern = aws.String("") }},
		{name: "required fields", edit: func(in *cloudwatchlogs.PutMetricFilterInput) {
			*in = cloudwatchlogs.PutMetricFilterInput{}
		}, want: []fieldRule{{"FilterName", kmswatch.RuleRequired}, {"FilterPattern", kmswatch.RuleRequired}, {"LogGroupName", kmswatch.RuleRequired},
			{"MetricTransformations", kmswatch.RuleCount}}},
		{name: "patterns and lengths", edit: func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.FilterName = aws.String("a:b")
			in.FilterPattern = aws.String(strings.Repeat("p", 1025))
			in.LogGroupName = aws.String("bad group")
			in.MetricTransformations[0].MetricName = aws.String("m$")
			in.MetricTransformations[0].MetricNamespace = aws.String(strings.Repeat("n", 256))
			in.MetricTransformations[0].MetricValue = aws.String(strings.Repeat("1", 101))
			in.MetricTransformations[0].Dimensions = map[string]string{"a": "$.a", "b": "$.b", "c": "$.c", "d": "$.d"}
		}, want: []fieldRule{{"FilterName", kmswatch.RulePattern}, {"FilterPattern", kmswatch.RuleLength}, {"LogGroupName", kmswatch.RulePattern},
			{"MetricTransformations[0].MetricName", kmswatch.RulePattern}, {"MetricTransformations[0].MetricNamespace", kmswatch.RuleLength},
			{"MetricTransformations[0].MetricValue", kmswatch.RuleLength}, {"MetricTransformations[0].Dimensions", kmswatch.RuleCount}}},
		{name: "two transformations", edit: func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.MetricTransformations = append(in.MetricTransformations, in.MetricTransformations[0])
		}, want: []fieldRule{{"MetricTransformations", kmswatch.RuleCount}}},
		{name: "finite default value is allowed", edit: func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.MetricTransformations[0].DefaultValue = aws.Float64(0)
		}},
		{name: "NaN default value", edit: func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.MetricTransformations[0].DefaultValue = aws.Float64(math.NaN())
		}, want: []fieldRule{{"MetricTransformations[0].DefaultValue", kmswatch.RuleRange}}},
		{name: "infinite default value", edit: func(in *cloudwatchlogs.PutMetricFilterInput) {
			in.MetricTransformations[0].DefaultValue = aws.Float64(math.Inf(-1))
		}, want: []fieldRule{{"MetricTransformations[0].DefaultValue", kmswatch.RuleRange}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.edit(in)
			if diff := cmp.Diff(tt.want, problems(ValidateMetricFilter(in))); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestActionARNShapes(t *testing.T) {
	tests := map[string]string{ // ARN -> kind, "" when rejected
		"arn:aws:sns:us-east-1:111122223333:alerts":                                                          "SNS topic",
		"arn:aws:sns:us-east-1:111122223333:alerts.fifo":                                                     "SNS topic",
		"arn:aws-cn:sns:cn-north-1:111122223333:alerts":                                                      "SNS topic",
		"arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts":                                               "SNS topic",
		"arn:aws:sns:us-east-1:11112222333:alerts":                                                           "",
		"arn:aws:sns:useast1:111122223333:alerts":                                                            "",
		"arn:aws:sns:us-east-1:111122223333:al/erts":                                                         "",
		"arn:aws:sns:us-east-1:111122223333:":                                                                "",
		"arn:azure:sns:us-east-1:111122223333:alerts":                                                        "",
		"arn:aws:lambda:eu-west-1:111122223333:function:f":                                                   "Lambda function",
		"arn:aws:lambda:eu-west-1:111122223333:function:f:$LATEST":                                           "Lambda function",
		"arn:aws:lambda:eu-west-1:111122223333:function:f:1:2":                                               "",
		"arn:aws:lambda:eu-west-1:111122223333:layer:f":                                                      "",
		"arn:aws:ssm:us-east-1:111122223333:opsitem:1":                                                       "SSM OpsItem",
		"arn:aws:ssm:us-east-1:111122223333:opsitem:2#CATEGORY=Security":                                     "SSM OpsItem",
		"arn:aws:ssm:us-east-1:111122223333:parameter/x":                                                     "",
		"arn:aws:ssm-incidents::111122223333:responseplan/kms":                                               "Incident Manager response plan",
		"arn:aws:ssm-incidents:us-east-1:111122223333:responseplan/kms":                                      "",
		"arn:aws:autoscaling:us-east-1:111122223333:scalingPolicy:ab-12:autoScalingGroupName/g:policyName/p": "Auto Scaling policy",
		"arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:ab-12":                                  "",
		"arn:aws:automate:us-east-1:ec2:recover":                                                             "EC2 action",
		"arn:aws:automate:us-east-1:ec2:hibernate":                                                           "",
		"arn:aws:swf:us-east-1:111122223333:action/actions/AWS_EC2.InstanceId.Stop/1.0":                      "EC2 SWF action",
		"arn:aws:swf:us-east-1:111122223333:action/actions/AWS_EC2.InstanceId.Stop/2.0":                      "",
		"arn:aws:aiops:us-east-1:111122223333:investigation-group:abc123":                                    "Q Developer investigation group",
		"arn:aws:sqs:us-east-1:111122223333:queue":                                                           "",
		"not an arn": "",
	}
	for a, want := range tests {
		t.Run(a, func(t *testing.T) {
			k, ok := matchAction(a)
			got := ""
			if ok {
				got = k.name
			}
			if got != want {
				t.Errorf("matchAction(%q) = %q, want %q", a, got, want)
			}
		})
	}
}
