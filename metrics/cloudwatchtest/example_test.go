package cloudwatchtest_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"

	"github.com/kmswatch/kmswatch/metrics/cloudwatchtest"
)

var exampleNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func ExampleNewServer() {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return exampleNow }))
	defer srv.Close()
	key := []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab")}}
	srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", key,
		cloudwatchtest.Point{Time: exampleNow.Add(-2 * time.Minute), Value: 864120},
		cloudwatchtest.Point{Time: exampleNow.Add(-time.Minute), Value: 864060})

	out, err := srv.Client().GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(exampleNow.Add(-time.Hour)),
		EndTime:   aws.Time(exampleNow),
		MetricDataQueries: []types.MetricDataQuery{{
			Id: aws.String("left"),
			MetricStat: &types.MetricStat{
				Metric: &types.Metric{Namespace: aws.String("AWS/KMS"), MetricName: aws.String("SecondsUntilKeyMaterialExpiration"), Dimensions: key},
				Period: aws.Int32(300),
				Stat:   aws.String("Minimum"),
			},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := out.MetricDataResults[0]
	fmt.Println(*r.Id, r.StatusCode, r.Timestamps[0].Format(time.RFC3339), time.Duration(r.Values[0])*time.Second)
	// Output: left Complete 2026-11-24T11:55:00Z 240h1m0s
}

func ExampleServer_Seed() {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return exampleNow }))
	defer srv.Close()
	for key, left := range map[string]float64{"soon": 3600, "later": 86400 * 200} {
		srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration",
			[]types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(key)}},
			cloudwatchtest.Point{Time: exampleNow.Add(-time.Minute), Value: left})
	}
	out, err := srv.Client().GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(exampleNow.Add(-3 * time.Hour)),
		EndTime:   aws.Time(exampleNow),
		MetricDataQueries: []types.MetricDataQuery{{
			Id:     aws.String("all"),
			Period: aws.Int32(3600),
			Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) ` +
				`GROUP BY KeyId ORDER BY MIN() ASC`),
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range out.MetricDataResults {
		fmt.Println(*r.Label, r.Values)
	}
	// Output:
	// soon [3600]
	// later [1.728e+07]
}

func ExampleServer_InjectFault() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	srv.InjectFault(cloudwatchtest.OpListMetrics, cloudwatchtest.Fault{Code: "Throttling", Times: 3})

	// The SDK's standard retryer makes 3 attempts, all throttled here; a
	// zero backoff keeps the example from waiting.
	c := srv.Client(func(o *cloudwatch.Options) {
		o.Retryer = retry.AddWithMaxBackoffDelay(retry.NewStandard(), 0)
	})
	_, err := c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	var ae smithy.APIError
	if errors.As(err, &ae) {
		fmt.Println(ae.ErrorCode(), srv.Calls(cloudwatchtest.OpListMetrics))
	}
	// Output: Throttling 3
}

func ExampleServer_Calls() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	srv.InjectFault(cloudwatchtest.OpListMetrics, cloudwatchtest.Fault{Status: 503})
	// The standard retryer retries the 503 (without backoff, so the example
	// does not wait); the server counts both requests.
	c := srv.Client(func(o *cloudwatch.Options) { o.Retryer = retry.AddWithMaxBackoffDelay(retry.NewStandard(), 0) })
	_, err := c.ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	fmt.Println(err, srv.Calls(cloudwatchtest.OpListMetrics))
	// Output: <nil> 2
}

func ExampleServer_ClearFaults() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	srv.InjectFault(cloudwatchtest.OpListMetrics, cloudwatchtest.Fault{Code: "AccessDenied", Status: 403, Times: 5})
	srv.ClearFaults(cloudwatchtest.OpListMetrics)
	_, err := srv.Client().ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleServer_Alarms() {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return exampleNow }))
	defer srv.Close()
	_, err := srv.Client().PutMetricAlarm(context.Background(), &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("kms-key-material-expiry"),
		Namespace:          aws.String("AWS/KMS"),
		MetricName:         aws.String("SecondsUntilKeyMaterialExpiration"),
		Dimensions:         []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String("k1")}},
		Statistic:          types.StatisticMinimum,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		Threshold:          aws.Float64(864000),
		ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range srv.Alarms() {
		fmt.Println(*a.AlarmName, a.StateValue, *a.AlarmArn)
	}
	// Output: kms-key-material-expiry INSUFFICIENT_DATA arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-key-material-expiry
}

func ExampleServer_Client() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	// Server-side validation answers as CloudWatch does.
	_, err := srv.Client().GetMetricData(context.Background(), &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(exampleNow.Add(-time.Hour)),
		EndTime:   aws.Time(exampleNow),
		MetricDataQueries: []types.MetricDataQuery{{
			Id:         aws.String("Bad-Id"),
			Expression: aws.String(`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM "AWS/KMS"`),
			Period:     aws.Int32(300),
		}},
	})
	var invalid *types.InvalidParameterValueException
	if errors.As(err, &invalid) {
		fmt.Println(invalid.ErrorCode())
		fmt.Println(invalid.ErrorMessage())
	}
	// Output:
	// InvalidParameterValue
	// The value Bad-Id for parameter MetricDataQueries.member.1.Id is not valid: an Id starts with a lowercase letter and holds only letters, digits and underscores.
}

func ExampleServer_URL() {
	srv := cloudwatchtest.NewServer()
	defer srv.Close()
	// A client built by hand needs only the endpoint, a region and credentials.
	c := cloudwatch.New(cloudwatch.Options{
		BaseEndpoint: aws.String(srv.URL()),
		Region:       "us-west-2",
		Credentials:  credentials.NewStaticCredentialsProvider("AKID", "secret", ""),
	})
	out, err := c.DescribeAlarms(context.Background(), &cloudwatch.DescribeAlarmsInput{})
	fmt.Println(len(out.MetricAlarms), err)
	// Output: 0 <nil>
}

func ExampleWithClock() {
	// "Now" decides RecentlyActive, the two-week listing window and alarm
	// timestamps.
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithClock(func() time.Time { return exampleNow }))
	defer srv.Close()
	key := func(id string) []types.Dimension {
		return []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(id)}}
	}
	srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", key("active"), cloudwatchtest.Point{Time: exampleNow.Add(-time.Hour), Value: 1})
	srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", key("quiet"), cloudwatchtest.Point{Time: exampleNow.Add(-6 * time.Hour), Value: 1})
	srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration", key("gone"), cloudwatchtest.Point{Time: exampleNow.AddDate(0, 0, -15), Value: 1})
	for _, ra := range []types.RecentlyActive{"", types.RecentlyActivePt3h} {
		out, err := srv.Client().ListMetrics(context.Background(), &cloudwatch.ListMetricsInput{RecentlyActive: ra})
		if err != nil {
			fmt.Println(err)
			return
		}
		var ids []string
		for _, m := range out.Metrics {
			ids = append(ids, *m.Dimensions[0].Value)
		}
		fmt.Printf("%q %v\n", ra, ids)
	}
	// Output:
	// "" [active quiet]
	// "PT3H" [active]
}

func ExampleWithListMetricsPageSize() {
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithListMetricsPageSize(1))
	defer srv.Close()
	for _, id := range []string{"k1", "k2", "k3"} {
		srv.Seed("AWS/KMS", "SecondsUntilKeyMaterialExpiration",
			[]types.Dimension{{Name: aws.String("KeyId"), Value: aws.String(id)}},
			cloudwatchtest.Point{Time: time.Now(), Value: 1})
	}
	p := cloudwatch.NewListMetricsPaginator(srv.Client(), &cloudwatch.ListMetricsInput{})
	pages := 0
	for p.HasMorePages() {
		if _, err := p.NextPage(context.Background()); err != nil {
			fmt.Println(err)
			return
		}
		pages++
	}
	fmt.Println(pages, srv.Calls(cloudwatchtest.OpListMetrics))
	// Output: 3 3
}

func ExampleWithAccount() {
	// By default the server is eventstest's account and Region, those of the
	// AWS documentation's KMS examples; these options choose others.
	srv := cloudwatchtest.NewServer(cloudwatchtest.WithAccount("444455556666"), cloudwatchtest.WithRegion("eu-central-1"))
	defer srv.Close()
	_, err := srv.Client().PutMetricAlarm(context.Background(), &cloudwatch.PutMetricAlarmInput{
		AlarmName:          aws.String("kms-key-material-expiry"),
		Namespace:          aws.String("AWS/KMS"),
		MetricName:         aws.String("SecondsUntilKeyMaterialExpiration"),
		Dimensions:         []types.Dimension{{Name: aws.String("KeyId"), Value: aws.String("k1")}},
		Statistic:          types.StatisticMinimum,
		Period:             aws.Int32(60),
		EvaluationPeriods:  aws.Int32(1),
		Threshold:          aws.Float64(864000),
		ComparisonOperator: types.ComparisonOperatorLessThanOrEqualToThreshold,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(srv.Client().Options().Region, *srv.Alarms()[0].AlarmArn)
	// Output: eu-central-1 arn:aws:cloudwatch:eu-central-1:444455556666:alarm:kms-key-material-expiry
}
