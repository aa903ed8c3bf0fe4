package metrics

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/golden"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

func TestInsightsBuild(t *testing.T) {
	tests := map[string]struct {
		q        InsightsQuery
		want     string
		problems []kmswatch.Problem
	}{
		"expiry for every key": {
			q:    ExpiryInsights(),
			want: `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`,
		},
		"value with quotes is escaped": {
			q: InsightsQuery{Function: InsightsSum, Metric: "XksProxyErrors", Namespace: "AWS/KMS",
				Where: []Condition{{Label: "ErrorType", Op: Equal, Value: "Retryable' OR 'x'='x"}, {Label: "KeyId", Op: NotEqual, Value: `say "hi"`}}},
			want: `SELECT SUM(XksProxyErrors) FROM "AWS/KMS" WHERE ErrorType = 'Retryable\' OR \'x\'=\'x' AND KeyId != 'say "hi"'`,
		},
		"reserved and odd identifiers are quoted": {
			q: InsightsQuery{Function: InsightsSum, Metric: "LIMIT", Namespace: "Custom", Schema: true,
				SchemaLabels: []string{"KeyArn", "Operation", `odd"name`}, GroupBy: []string{"Operation"}, OrderBy: InsightsSum, Descending: true, Limit: 10},
			want: `SELECT SUM("LIMIT") FROM SCHEMA(Custom, KeyArn, "Operation", "odd\"name") GROUP BY "Operation" ORDER BY SUM() DESC LIMIT 10`,
		},
		"schema without labels": {
			q:    InsightsQuery{Function: InsightsAvg, Metric: "m", Namespace: "AWS/KMS", Schema: true},
			want: `SELECT AVG(m) FROM SCHEMA("AWS/KMS")`,
		},
		"every problem at once": {
			q: InsightsQuery{Function: "MEDIAN", Metric: "", Namespace: "AWS/KMS", SchemaLabels: []string{"KeyId"},
				Where: []Condition{{Label: "KeyId", Op: "LIKE", Value: `a\b`}, {Label: "KeyId", Op: Equal, Value: "x\ny"}}, Descending: true, Limit: 501},
			problems: []kmswatch.Problem{
				{Field: "Function", Rule: kmswatch.RuleEnum, Message: `must be one of AVG, COUNT, MAX, MIN, SUM, got "MEDIAN"`},
				{Field: "Metric", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 255 characters, got 0"},
				{Field: "SchemaLabels", Rule: kmswatch.RuleCombination, Message: "must be empty unless Schema is set"},
				{Field: "Where[0].Op", Rule: kmswatch.RuleEnum, Message: `must be one of =, !=, got "LIKE"`},
				{Field: "Where[0].Value", Rule: kmswatch.RulePattern, Message: backslashProblem},
				{Field: "Where[1].Value", Rule: kmswatch.RulePattern, Message: "must not contain ASCII control characters (found 0x0a at byte 1)"},
				{Field: "Descending", Rule: kmswatch.RuleCombination, Message: "must be false unless OrderBy is set"},
				{Field: "Limit", Rule: kmswatch.RuleRange, Message: "must be between 1 and 500, got 501"},
			},
		},
		"too long for an expression": {
			q: InsightsQuery{Function: InsightsMin, Metric: "m", Namespace: "n",
				Where: []Condition{{Label: "a", Op: Equal, Value: strings.Repeat("v", 1000)}, {Label: "b", Op: Equal, Value: strings.Repeat("v", 1000)}, {Label: "c", Op: Equal, Value: strings.Repeat("v", 100)}}},
			problems: []kmswatch.Problem{{Field: "", Rule: kmswatch.RuleLength, Message: "builds a query of 2155 characters; MetricDataQuery.Expression holds at most 2048"}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.q.Build()
			problemtest.Exact(t, err, tc.problems)
			if got != tc.want {
				t.Errorf("Build() = %s\nwant      %s", got, tc.want)
			}
		})
	}
}

func TestInsightsInput(t *testing.T) {
	in, err := ExpiryInsights().Input("all_keys", testRange, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	golden.CheckJSON(t, filepath.Join("testdata", "insights-input.json"), in)

	_, err = ExpiryInsights().Input("All", TimeRange{}, 45*time.Second)
	problemtest.Exact(t, err, []kmswatch.Problem{
		{Field: "r.Start", Rule: kmswatch.RuleRequired, Message: "is required"},
		{Field: "r.End", Rule: kmswatch.RuleRequired, Message: "is required"},
		{Field: "id", Rule: kmswatch.RulePattern, Message: `must match ^[a-z][a-zA-Z0-9_]*$, got "All"`},
		{Field: "period", Rule: kmswatch.RuleEnum, Message: periodRule + ", got 45 s"},
	})

	// A sub-minute period is answered at 1 minute, not refused.
	q, err := ExpiryInsights().Query("all_keys", 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToInt32(q.Period); got != 10 {
		t.Errorf("Period = %d, want 10", got)
	}
}

func TestInsightsExpiries(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)
	page1 := &cloudwatch.GetMetricDataOutput{
		MetricDataResults: []types.MetricDataResult{
			{Id: aws.String("all"), Label: aws.String("key-a"), StatusCode: types.StatusCodePartialData, Timestamps: []time.Time{t0.Add(5 * time.Minute)}, Values: []float64{600}},
			{Id: aws.String("all"), Label: aws.String("key-b"), StatusCode: types.StatusCodeComplete, Timestamps: []time.Time{t0}, Values: []float64{86400}},
		},
		Messages: []types.MessageData{{Code: aws.String("MaxMetricsExceeded"), Value: aws.String("more than 10000 metrics")}},
	}
	page2 := &cloudwatch.GetMetricDataOutput{
		MetricDataResults: []types.MetricDataResult{
			{Id: aws.String("all"), Label: aws.String("key-a"), StatusCode: types.StatusCodeComplete, Timestamps: []time.Time{t0}, Values: []float64{900}},
		},
	}
	got, msgs, err := InsightsExpiries("all", page1, nil, page2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Expiry{
		{KeyID: "key-a", HasData: true, Seconds: 600, Observed: t0.Add(5 * time.Minute), Status: types.StatusCodeComplete},
		{KeyID: "key-b", HasData: true, Seconds: 86400, Observed: t0, Status: types.StatusCodeComplete},
	}
	if diff := cmp.Diff(want, got, ignoreSerde); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if len(msgs) != 1 || aws.ToString(msgs[0].Code) != "MaxMetricsExceeded" {
		t.Errorf("messages = %v, want the MaxMetricsExceeded one", msgs)
	}
	if _, _, err := InsightsExpiries("other", page1); err == nil {
		t.Error("reading another query's output succeeded")
	}
}
