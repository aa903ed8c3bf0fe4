package metrics

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// DiscoverMetrics runs ListMetrics with in, following NextToken through the SDK's
// paginator, and returns every metric listed, in the order CloudWatch sent them. Build
// in with [ListMetricsInput]; client is typically the caller's *cloudwatch.Client. A
// metric appears up to 15 minutes after its first datapoint and disappears after two
// weeks without data (docs/reference.md#64-listmetrics).
func DiscoverMetrics(ctx context.Context, client cloudwatch.ListMetricsAPIClient, in *cloudwatch.ListMetricsInput, optFns ...func(*cloudwatch.Options)) ([]types.Metric, error) {
	c := validate.New("metrics.DiscoverMetrics")
	c.Required("client", client != nil)
	c.Required("in", in != nil)
	if err := c.Err(); err != nil {
		return nil, err
	}
	p := cloudwatch.NewListMetricsPaginator(client, in, func(o *cloudwatch.ListMetricsPaginatorOptions) {
		o.StopOnDuplicateToken = true
	})
	var all []types.Metric
	for page := 1; p.HasMorePages(); page++ {
		out, err := p.NextPage(ctx, optFns...)
		if err != nil {
			return nil, fmt.Errorf("metrics: ListMetrics page %d: %w", page, err)
		}
		all = append(all, out.Metrics...)
	}
	return all, nil
}

// DiscoverKeys lists the key ids that publish SecondsUntilKeyMaterialExpiration,
// that is the keys with imported key material that expires, sorted and
// without repeats, among the metrics with data in the window active selects
// ([ActiveLast2Weeks] or [ActiveLast3Hours]). Listed metrics without a KeyId
// dimension are ignored.
func DiscoverKeys(ctx context.Context, client cloudwatch.ListMetricsAPIClient, active Activity, optFns ...func(*cloudwatch.Options)) ([]string, error) {
	c := validate.New("metrics.DiscoverKeys")
	c.Required("client", client != nil)
	in, err := ListMetricsInput(MetricSecondsUntilKeyMaterialExpiration, active)
	c.Merge("", err) // the problems are on active, a parameter of both
	if err := c.Err(); err != nil {
		return nil, err
	}
	ms, err := DiscoverMetrics(ctx, client, in, optFns...)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(ms))
	for _, m := range ms {
		for _, d := range m.Dimensions {
			if aws.ToString(d.Name) == DimensionKeyID && aws.ToString(d.Value) != "" {
				keys = append(keys, aws.ToString(d.Value))
			}
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys), nil
}
