package cloudwatchtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/kmswatch/kmswatch/clock"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
)

// BenchmarkEvaluate evaluates per-key expiry alarms (1-minute period, 1
// of 1, breaching) whose keys publish SecondsUntilKeyMaterialExpiration
// every minute, over a simulated day of 1,440 evaluations; every alarm
// goes from INSUFFICIENT_DATA to OK and, at some minute of the day, to
// ALARM, each transition writing its reason, history item and action. The target is at
// most 2 s for 10,000 alarms x 1,440 ticks; the other sizes check that the
// cost grows linearly in alarms x ticks (ns/alarm-tick stays flat, ns/op
// halves with either factor). cpu-ns/op is the process CPU time of the
// evaluation, GC included: on a shared machine it is the steadier figure.
func BenchmarkEvaluate(b *testing.B) {
	for _, size := range []struct{ alarms, ticks int }{{10000, 1440}, {5000, 1440}, {10000, 720}} {
		b.Run(fmt.Sprintf("alarms=%d/ticks=%d", size.alarms, size.ticks), func(b *testing.B) {
			benchEvaluate(b, size.alarms, size.ticks)
		})
	}
}

func benchEvaluate(b *testing.B, alarms, ticks int) {
	start := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	bodies := make([][]byte, alarms)
	for i := range alarms {
		id := fmt.Sprintf("%08d-0000-0000-0000-000000000000", i)
		bodies[i] = mustMarshal(b, encMode, expiryAlarmInput(id))
	}
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		clk := clock.NewVirtual(start)
		// WithClock, not WithVirtualClock: the server must not evaluate
		// when the clock moves, before the timer starts.
		s := NewServer(WithClock(clk.Now))
		for i := range bodies {
			// Keys expire 10 to 11 days out, so that alarms cross the
			// 10-day threshold at different minutes of the simulated day
			// (fewer of them when fewer ticks are simulated).
			s.SimulateKeyMaterial(fmt.Sprintf("%08d-0000-0000-0000-000000000000", i), start.Add(10*24*time.Hour+time.Duration(i%1440)*time.Minute+30*time.Second))
		}
		for _, body := range bodies {
			if _, err := handlers[OpPutMetricAlarm](s, body); err != nil {
				b.Fatal(err)
			}
		}
		clk.Advance(time.Duration(ticks) * time.Minute)
		b.StartTimer()
		c0 := cpuTime()
		s.mu.Lock()
		s.eng.Advance()
		s.mu.Unlock()
		cpu += cpuTime() - c0
		b.StopTimer()
		if n := len(s.eng.History()); n < alarms {
			b.Fatalf("%d history items for %d alarms: the alarms were not evaluated", n, alarms)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*alarms*ticks), "ns/alarm-tick")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

func expiryAlarmInput(keyID string) putMetricAlarmInput {
	return putMetricAlarmInput{alarmConfig: alarmConfig{
		AlarmName:          aws.String("kmswatch-key-material-expiry-" + keyID),
		AlarmActions:       []string{"arn:aws:sns:us-west-2:111122223333:kms-alerts"},
		Namespace:          aws.String(kmsNamespace),
		MetricName:         aws.String(kmsExpiryMetric),
		Dimensions:         []wireDimension{{Name: aws.String(kmsKeyDimension), Value: aws.String(keyID)}},
		Statistic:          aws.String("Minimum"),
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		DatapointsToAlarm:  aws.Int32(1),
		Threshold:          aws.Float64(864000),
		ComparisonOperator: aws.String("LessThanOrEqualToThreshold"),
		TreatMissingData:   aws.String("breaching"),
	}}
}

// BenchmarkEvaluateFleet evaluates one Metrics Insights alarm over 1,000
// keys that publish every minute (GROUP BY KeyId, 500 series kept by ORDER
// BY) for a simulated day.
func BenchmarkEvaluateFleet(b *testing.B) {
	start := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	body := mustMarshal(b, encMode, putMetricAlarmInput{alarmConfig: alarmConfig{
		AlarmName: aws.String("fleet"), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(864000),
		ComparisonOperator: aws.String("LessThanOrEqualToThreshold"), TreatMissingData: aws.String("breaching"),
		Metrics: []wireQuery{{ID: aws.String("q1"), Period: aws.Int32(60),
			Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`)}},
	}})
	for b.Loop() {
		b.StopTimer()
		clk := clock.NewVirtual(start)
		// WithClock, not WithVirtualClock: the server must not evaluate
		// when the clock moves, before the timer starts.
		s := NewServer(WithClock(clk.Now))
		for i := range 1000 {
			s.SimulateKeyMaterial(fmt.Sprintf("%08d-0000-0000-0000-000000000000", i), start.Add(time.Duration(10*24*60+i)*time.Minute+30*time.Second))
		}
		if _, err := handlers[OpPutMetricAlarm](s, body); err != nil {
			b.Fatal(err)
		}
		clk.Advance(24 * time.Hour)
		b.StartTimer()
		s.mu.Lock()
		s.eng.Advance()
		s.mu.Unlock()
		b.StopTimer()
		if state := s.eng.Alarm("fleet").StateValue; state != engine.StateAlarm {
			b.Fatalf("the fleet alarm is %s, want ALARM", state)
		}
		s.Close()
		b.StartTimer()
	}
}
