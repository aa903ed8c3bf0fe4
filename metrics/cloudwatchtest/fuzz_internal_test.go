package cloudwatchtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/fxamacker/cbor/v2"

	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/internal/identity"
)

// recorder is an HTTP client that keeps request bodies and answers nothing,
// to capture exactly what the SDK sends.
type recorder struct{ bodies map[string][]byte }

var errRecorded = errors.New("recorded")

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	r.bodies[req.URL.Path[strings.LastIndexByte(req.URL.Path, '/')+1:]] = b
	return nil, errRecorded
}

// sdkBodies returns one request body per operation as cloudwatch v1.75.6
// serializes it.
func sdkBodies(t testing.TB) map[string][]byte {
	rec := &recorder{bodies: map[string][]byte{}}
	c := cloudwatch.New(cloudwatch.Options{
		Region: identity.Region, BaseEndpoint: aws.String("http://127.0.0.1:1"), HTTPClient: rec,
		RetryMaxAttempts: 1,
	})
	ctx := context.Background()
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	dims := []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String("k1")}}
	stat := &types.MetricStat{
		Metric: &types.Metric{Namespace: aws.String("AWS/KMS"), MetricName: aws.String("SecondsUntilKeyMaterialExpiration"), Dimensions: dims},
		Period: aws.Int32(60), Stat: aws.String("Minimum"), Unit: types.StandardUnitSeconds,
	}
	calls := []func() error{
		func() error {
			_, err := c.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
				StartTime: aws.Time(at.Add(-time.Hour)), EndTime: aws.Time(at), MaxDatapoints: aws.Int32(10),
				ScanBy: types.ScanByTimestampAscending, LabelOptions: &types.LabelOptions{Timezone: aws.String("+0100")},
				MetricDataQueries: []types.MetricDataQuery{
					{Id: aws.String("m"), MetricStat: stat, Label: aws.String("l")},
					{Id: aws.String("q"), Period: aws.Int32(300), Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC LIMIT 5`)},
				},
			})
			return err
		},
		func() error {
			_, err := c.GetMetricStatistics(ctx, &cloudwatch.GetMetricStatisticsInput{
				Namespace: aws.String("AWS/KMS"), MetricName: aws.String("SecondsUntilKeyMaterialExpiration"), Dimensions: dims,
				StartTime: aws.Time(at.Add(-time.Hour)), EndTime: aws.Time(at), Period: aws.Int32(300),
				Statistics: []types.Statistic{types.StatisticMinimum, types.StatisticSampleCount},
			})
			return err
		},
		func() error {
			_, err := c.ListMetrics(ctx, &cloudwatch.ListMetricsInput{Namespace: aws.String("AWS/KMS"),
				Dimensions: []types.DimensionFilter{{Name: aws.String("KeyId")}}, RecentlyActive: types.RecentlyActivePt3h})
			return err
		},
		func() error {
			_, err := c.PutMetricAlarm(ctx, &cloudwatch.PutMetricAlarmInput{
				AlarmName: aws.String("a"), AlarmActions: []string{"arn:aws:sns:us-west-2:111122223333:t"},
				Metrics:           []types.MetricDataQuery{{Id: aws.String("m"), MetricStat: stat}},
				EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(864000),
				ComparisonOperator: types.ComparisonOperatorLessThanThreshold,
				EvaluationWindow:   &types.EvaluationWindowMemberWallClockWindow{Value: types.WallClockWindow{Timezone: aws.String("UTC")}},
				Tags:               []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}},
			})
			return err
		},
		func() error {
			_, err := c.DescribeAlarms(ctx, &cloudwatch.DescribeAlarmsInput{AlarmNamePrefix: aws.String("a"), MaxRecords: aws.Int32(10)})
			return err
		},
		func() error {
			_, err := c.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: []string{"a"}})
			return err
		},
		func() error {
			_, err := c.DescribeAlarmHistory(ctx, &cloudwatch.DescribeAlarmHistoryInput{
				AlarmName: aws.String("a"), AlarmContributorId: aws.String("c"), AlarmTypes: []types.AlarmType{types.AlarmTypeMetricAlarm},
				HistoryItemType: types.HistoryItemTypeStateUpdate, StartDate: aws.Time(at.Add(-time.Hour)), EndDate: aws.Time(at),
				MaxRecords: aws.Int32(10), NextToken: aws.String("t"), ScanBy: types.ScanByTimestampAscending,
			})
			return err
		},
		func() error {
			_, err := c.SetAlarmState(ctx, &cloudwatch.SetAlarmStateInput{AlarmName: aws.String("a"), StateValue: types.StateValueAlarm,
				StateReason: aws.String("r"), StateReasonData: aws.String(`{"a":1}`)})
			return err
		},
		func() error {
			_, err := c.EnableAlarmActions(ctx, &cloudwatch.EnableAlarmActionsInput{AlarmNames: []string{"a", "b"}})
			return err
		},
		func() error {
			_, err := c.DisableAlarmActions(ctx, &cloudwatch.DisableAlarmActionsInput{AlarmNames: []string{"a"}})
			return err
		},
		func() error {
			_, err := c.DescribeAlarmContributors(ctx, &cloudwatch.DescribeAlarmContributorsInput{AlarmName: aws.String("a"), NextToken: aws.String("t")})
			return err
		},
	}
	for _, call := range calls {
		if err := call(); !errors.Is(err, errRecorded) {
			t.Fatalf("recording a request: %v", err)
		}
	}
	return rec.bodies
}

// fuzzNow is the fixed "now" of the fuzzed servers.
func fuzzNow() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) }

// FuzzRequests feeds arbitrary bodies to every operation: the server must
// answer each with an encodable output or a well-formed error, never panic.
func FuzzRequests(f *testing.F) {
	ops := make([]string, 0, len(handlers))
	for op := range handlers {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	bodies := sdkBodies(f)
	for i, op := range ops {
		f.Add(uint8(i), bodies[op])
	}
	f.Fuzz(func(t *testing.T, opIndex uint8, body []byte) {
		// A fresh server per input, so that a finding replays from its
		// saved input alone.
		s := NewServer(WithClock(fuzzNow), WithListMetricsPageSize(2))
		at := s.now()
		s.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String("k1")}},
			Point{Time: at.Add(-time.Minute), Value: 1}, Point{Time: at.Add(-2 * time.Minute), Value: 2})
		if _, aerr := handlers[OpPutMetricAlarm](s, bodies[OpPutMetricAlarm]); aerr != nil { // an alarm to describe and delete
			t.Fatalf("storing the SDK's PutMetricAlarm: %+v", aerr)
		}
		op := ops[int(opIndex)%len(ops)]
		out, aerr := handlers[op](s, body)
		if aerr != nil {
			if aerr.Code == "" || aerr.Message == "" || aerr.Status < 400 || aerr.Status > 599 {
				t.Fatalf("%s: malformed error %+v", op, aerr)
			}
			return
		}
		if _, err := encMode.Marshal(out); err != nil {
			t.Fatalf("%s: output does not encode: %v", op, err)
		}
	})
}

// TestSDKBodiesDecode checks that every member the SDK sends lands in the
// wire types: re-encoding the decoded request gives the same CBOR value.
func TestSDKBodiesDecode(t *testing.T) {
	inputs := map[string]func() any{
		OpGetMetricData:       func() any { return new(getMetricDataInput) },
		OpGetMetricStatistics: func() any { return new(getMetricStatisticsInput) },
		OpListMetrics:         func() any { return new(listMetricsInput) },
		OpPutMetricAlarm:      func() any { return new(putMetricAlarmInput) },
		OpDescribeAlarms:      func() any { return new(describeAlarmsInput) },
		OpDeleteAlarms:        func() any { return new(alarmNamesInput) },

		OpDescribeAlarmHistory:      func() any { return new(describeAlarmHistoryInput) },
		OpSetAlarmState:             func() any { return new(setAlarmStateInput) },
		OpEnableAlarmActions:        func() any { return new(alarmNamesInput) },
		OpDisableAlarmActions:       func() any { return new(alarmNamesInput) },
		OpDescribeAlarmContributors: func() any { return new(describeAlarmContributorsInput) },
	}
	for op, body := range sdkBodies(t) {
		t.Run(op, func(t *testing.T) {
			checkDecodesWhole(t, op, body, inputs[op]())
		})
	}
}

// canonicalMode sorts map keys so two encodings of one value compare equal.
var canonicalMode = func() cbor.EncMode {
	o := cbor.CanonicalEncOptions()
	o.Time, o.TimeTag = cbor.TimeUnixDynamic, cbor.EncTagRequired
	return mustEncMode(o)
}()

// checkDecodesWhole decodes the SDK's request body of op into in, the
// fake's wire type, and fails t when re-encoding in loses a member.
func checkDecodesWhole(t *testing.T, op string, body []byte, in any) {
	t.Helper()
	if err := decode(body, in); err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	again := mustMarshal(t, encMode, in)
	var want, got any
	if err := decMode.Unmarshal(body, &want); err != nil {
		t.Fatal(err)
	}
	if err := decMode.Unmarshal(again, &got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(mustMarshal(t, canonicalMode, want), mustMarshal(t, canonicalMode, got)) {
		t.Errorf("%s: members lost in decoding\nSDK:  %v\nfake: %v", op, want, got)
	}
}

// mustMarshal encodes v with m, failing tb when it cannot.
func mustMarshal(tb testing.TB, m cbor.EncMode, v any) []byte {
	tb.Helper()
	b, err := m.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// FuzzGetMetricData builds well-formed GetMetricData requests from fuzzed
// members, reaching validation, evaluation and paging deeper than random
// bytes do. Every answer must be an encodable output or a well-formed error,
// and a page never holds more datapoints than MaxDatapoints.
func FuzzGetMetricData(f *testing.F) {
	f.Add("m0", "", "Minimum", int32(60), int64(-3600), int64(0), int32(0), "k1", true, "${PROP('Dim.KeyId')} ${PROP('Period')}")
	f.Add("q", `SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() DESC LIMIT 1`,
		"", int32(300), int64(-86400), int64(0), int32(1), "", false, "")
	f.Add("m_1", "", "p99.9", int32(1), int64(-60), int64(-30), int32(2), "k2", true, "${PROP('Stat')")
	f.Add("Bad", "m0*2", "Sum", int32(7), int64(0), int64(-10), int32(-1), "", true, "x")
	// GetMetricData only reads, so one seeded server serves every input.
	s := NewServer(WithClock(fuzzNow))
	at := s.now()
	for _, k := range []string{"k1", "k2"} {
		var pts []Point
		for i := range 90 {
			pts = append(pts, Point{Time: at.Add(-time.Duration(i) * 47 * time.Second), Value: float64(i)})
		}
		s.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(k)}}, pts...)
	}
	f.Fuzz(func(t *testing.T, id, expr, stat string, period int32, startOff, endOff int64, maxDP int32, key string, asc bool, label string) {
		q := wireQuery{ID: &id}
		if label != "" {
			q.Label = &label
		}
		if expr != "" {
			q.Expression, q.Period = &expr, &period
		} else {
			q.MetricStat = &wireMetricStat{
				Metric: &wireMetric{Namespace: aws.String("AWS/KMS"), MetricName: aws.String("SecondsUntilKeyMaterialExpiration"),
					Dimensions: []wireDimension{{Name: aws.String("KeyId"), Value: &key}}},
				Period: &period, Stat: &stat,
			}
		}
		start := at.Add(time.Duration(startOff%(400*86400)) * time.Second)
		end := at.Add(time.Duration(endOff%(400*86400)) * time.Second)
		in := getMetricDataInput{Queries: []wireQuery{q}, StartTime: &start, EndTime: &end}
		if maxDP != 0 {
			in.MaxDatapoints = &maxDP
		}
		if asc {
			in.ScanBy = aws.String(string(types.ScanByTimestampAscending))
		}
		for page := 0; page < 50; page++ {
			body := mustMarshal(t, encMode, in)
			out, aerr := handlers[OpGetMetricData](s, body)
			if aerr != nil {
				if aerr.Code == "" || aerr.Message == "" || aerr.Status < 400 {
					t.Fatalf("malformed error %+v", aerr)
				}
				return
			}
			res := out.(getMetricDataOutput)
			n := 0
			for _, r := range res.Results {
				if len(r.Timestamps) != len(r.Values) {
					t.Fatalf("result %s: %d timestamps, %d values", r.ID, len(r.Timestamps), len(r.Values))
				}
				n += len(r.Values)
			}
			if in.MaxDatapoints != nil && n > int(*in.MaxDatapoints) {
				t.Fatalf("page holds %d datapoints, MaxDatapoints is %d", n, *in.MaxDatapoints)
			}
			if res.NextToken == "" {
				return
			}
			in.NextToken = &res.NextToken
		}
	})
}

// FuzzEvaluateMath puts a metric math alarm with a fuzzed expression over a
// seeded metric and runs its evaluations: whatever PutMetricAlarm accepts
// evaluates without a panic to a valid state.
func FuzzEvaluateMath(f *testing.F) {
	for _, seed := range []string{"m1/SERVICE_QUOTA(m1)*100", "m1*2", "0/0", "100", "-m1", "e1+1", "PERIOD(m1)", "m1/m1", "((m1))-1e308*10"} {
		f.Add(seed)
	}
	start := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		clk := clock.NewVirtual(start)
		s := NewServer(WithVirtualClock(clk))
		defer s.Close()
		ns, name := "AWS/Usage", "CallCount"
		s.Seed(ns, name, nil, Point{Time: start, Value: 10}, Point{Time: start.Add(time.Minute), Value: 0})
		s.SetServiceQuota(ns, name, nil, 100)
		no, yes := false, true
		threshold := 1.0
		in := putMetricAlarmInput{alarmConfig: alarmConfig{
			AlarmName:          aws.String("math"),
			EvaluationPeriods:  aws.Int32(2),
			Threshold:          &threshold,
			ComparisonOperator: aws.String("GreaterThanThreshold"),
			Metrics: []wireQuery{
				{ID: aws.String("m1"), ReturnData: &no, MetricStat: &wireMetricStat{Metric: &wireMetric{Namespace: &ns, MetricName: &name}, Period: aws.Int32(60), Stat: aws.String("Sum")}},
				{ID: aws.String("e1"), Expression: &expr, ReturnData: &yes, Period: aws.Int32(60)},
			},
		}}
		body := mustMarshal(t, encMode, in)
		if _, aerr := handlers[OpPutMetricAlarm](s, body); aerr != nil {
			return
		}
		clk.Advance(5 * time.Minute)
		for _, a := range s.Alarms() {
			switch a.StateValue {
			case "OK", "ALARM", "INSUFFICIENT_DATA":
			default:
				t.Fatalf("expression %q: state %q", expr, a.StateValue)
			}
		}
	})
}
