package metrics

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// MaxQueriesPerCall is the most MetricDataQuery structures one GetMetricData call
// accepts (docs/reference.md#63-metricdataquery--getmetricdata). [NewBatch] splits
// larger sets into ceil(n/MaxQueriesPerCall) calls, the fewest the limit allows: 10,000
// keys take 20 calls.
const MaxQueriesPerCall = 500

// maxQueryID is the longest MetricDataQuery Id the model accepts.
const maxQueryID = 255

// queryIDPattern is the rule the GetMetricData documentation states in prose
// for MetricDataQuery.Id (docs/reference.md#63-metricdataquery--getmetricdata).
var queryIDPattern = regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)

func checkQueryID(c *validate.Collector, field, id string) {
	c.Length(field, id, 1, maxQueryID)
	if id != "" {
		c.Pattern(field, id, queryIDPattern)
	}
}

// zeroMetricProblem is recorded when a builder gets a Metric that did not
// come from a constructor.
const zeroMetricProblem = "is the zero Metric; build it with a constructor such as SecondsUntilKeyMaterialExpiration"

// MetricStat returns the SDK's types.MetricStat for m at period with m's
// recommended statistic. The unit is left out on purpose (see [Metric.Unit]).
// It returns a [*kmswatch.ValidationError] for an invalid period or the zero Metric.
func (m Metric) MetricStat(period time.Duration) (types.MetricStat, error) {
	c := validate.New("metrics.Metric.MetricStat")
	secs, _ := checkPeriod(c, "period", period)
	if m.isZero() {
		c.Add("", kmswatch.RuleRequired, zeroMetricProblem)
	}
	if err := c.Err(); err != nil {
		return types.MetricStat{}, err
	}
	sdk := m.SDK()
	return types.MetricStat{Metric: &sdk, Period: aws.Int32(secs), Stat: aws.String(string(m.stat))}, nil
}

// Query returns a types.MetricDataQuery with Id id that returns m's
// recommended statistic at period. id must match ^[a-z][a-zA-Z0-9_]*$.
func (m Metric) Query(id string, period time.Duration) (types.MetricDataQuery, error) {
	c := validate.New("metrics.Metric.Query")
	checkQueryID(c, "id", id)
	stat, err := m.MetricStat(period)
	c.Merge("", err)
	if err := c.Err(); err != nil {
		return types.MetricDataQuery{}, err
	}
	return types.MetricDataQuery{Id: aws.String(id), MetricStat: &stat}, nil
}

// StatisticsInput returns a *cloudwatch.GetMetricStatisticsInput for m over r
// at period, asking for m's recommended statistic. Build r with
// [AlignedRange].
func (m Metric) StatisticsInput(r TimeRange, period time.Duration) (*cloudwatch.GetMetricStatisticsInput, error) {
	c := validate.New("metrics.Metric.StatisticsInput")
	secs, _ := checkPeriod(c, "period", period)
	checkRange(c, "r", r)
	if m.isZero() {
		c.Add("", kmswatch.RuleRequired, zeroMetricProblem)
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	sdk := m.SDK()
	return &cloudwatch.GetMetricStatisticsInput{
		Namespace:  sdk.Namespace,
		MetricName: sdk.MetricName,
		Dimensions: sdk.Dimensions,
		StartTime:  aws.Time(r.Start),
		EndTime:    aws.Time(r.End),
		Period:     aws.Int32(secs),
		Statistics: []types.Statistic{m.stat},
	}, nil
}

// checkRange records problems with a caller-supplied range passed as
// parameter field.
func checkRange(c *validate.Collector, field string, r TimeRange) {
	c.Required(field+".Start", !r.Start.IsZero())
	c.Required(field+".End", !r.End.IsZero())
	if !r.Start.IsZero() && !r.End.IsZero() && !r.End.After(r.Start) {
		c.Add(field+".End", kmswatch.RuleRange, "must be after Start (%s), got %s",
			r.Start.UTC().Format(time.RFC3339), r.End.UTC().Format(time.RFC3339))
	}
}

// Batch is a set of metrics queried together with GetMetricData, split into
// as few calls as the per-call query limit allows, with the mapping from each
// query Id back to its metric. Query Ids are "q0", "q1", … in the order the
// metrics were given, unique across all calls of the batch. A Batch is
// immutable after construction and safe for concurrent use, provided callers
// treat the inputs it returns as read-only.
type Batch struct {
	inputs  []*cloudwatch.GetMetricDataInput
	metrics []Metric
}

// NewBatch builds the GetMetricData inputs that fetch every metric in ms at
// period over r, each with its recommended statistic, newest datapoints
// first. ms must be non-empty and hold no zero Metric and no duplicate; r
// should come from [AlignedRange]. All problems are reported together in a
// [*kmswatch.ValidationError]. Building is linear in len(ms); the SDK structures are
// laid out in a fixed number of blocks per batch, and only the duplicate
// check allocates per metric.
func NewBatch(ms []Metric, r TimeRange, period time.Duration) (*Batch, error) {
	c := validate.New("metrics.NewBatch")
	secs := batchChecks(c, r, period, "ms", len(ms), "metric")
	seen := make(map[string]int, len(ms))
	var id strings.Builder
	for i, m := range ms {
		if m.isZero() {
			c.Add(fmt.Sprintf("ms[%d]", i), kmswatch.RuleRequired, zeroMetricProblem)
			continue
		}
		id.Reset()
		id.WriteString(m.namespace)
		id.WriteByte(0)
		id.WriteString(m.name)
		for _, d := range m.dims {
			id.WriteByte(0)
			id.WriteString(d.Name)
			id.WriteByte(0)
			id.WriteString(d.Value)
		}
		k := id.String()
		if j, dup := seen[k]; dup {
			c.Add(fmt.Sprintf("ms[%d]", i), kmswatch.RuleUnique, "must be unique; same metric as ms[%d]", j)
			continue
		}
		seen[k] = i
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return buildBatch(append([]Metric(nil), ms...), r, secs), nil
}

// ExpiryBatch builds the GetMetricData inputs that fetch
// SecondsUntilKeyMaterialExpiration (Minimum) for every key in keyRefs. Each
// entry may be a key id or key ARN (see [KeyID]); entries naming the same key
// twice are rejected. Problems name the entry, as in "keyRefs[3]". For valid
// input nothing is allocated per key: allocations come per call and from the
// duplicate-check map (about 100 for 10,000 keys).
func ExpiryBatch(keyRefs []string, r TimeRange, period time.Duration) (*Batch, error) {
	c := validate.New("metrics.ExpiryBatch")
	secs := batchChecks(c, r, period, "keyRefs", len(keyRefs), "key")
	ms := make([]Metric, len(keyRefs))
	dims := make([]Dimension, len(keyRefs))
	seen := make(map[string]int, len(keyRefs))
	for i, ref := range keyRefs {
		id, ok := plainKeyID(ref)
		if !ok {
			// Slow path, only for bad entries: name the field and say why.
			id = keyID(c, "keyRefs["+strconv.Itoa(i)+"]", ref)
			if id == "" {
				continue
			}
		}
		if j, dup := seen[id]; dup {
			c.Add("keyRefs["+strconv.Itoa(i)+"]", kmswatch.RuleUnique, "must name a different key; key %q is already keyRefs[%d]", id, j)
			continue
		}
		seen[id] = i
		dims[i] = Dimension{Name: DimensionKeyID, Value: id}
		ms[i] = expiryMetric(dims[i : i+1 : i+1])
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return buildBatch(ms, r, secs), nil
}

// batchChecks makes the checks every batch builder starts with: the period,
// the range, and a list argument of n items, each an item, that must not be
// empty. It returns the period in seconds. c is the caller's so that it can
// stay on the caller's stack.
func batchChecks(c *validate.Collector, r TimeRange, period time.Duration, list string, n int, item string) int32 {
	secs, _ := checkPeriod(c, "period", period)
	checkRange(c, "r", r)
	if n == 0 {
		c.Add(list, kmswatch.RuleCount, "must hold at least 1 %s, got 0", item)
	}
	return secs
}

// buildBatch lays out the queries of checked metrics. Every pointer the SDK
// types need points into a few slices allocated once per batch, so building
// costs O(len(ms)) time and O(1) allocations per call, not per query.
func buildBatch(ms []Metric, r TimeRange, secs int32) *Batch {
	n := len(ms)
	ndims := 0
	for _, m := range ms {
		ndims += len(m.dims)
	}
	queries := make([]types.MetricDataQuery, n)
	stats := make([]types.MetricStat, n)
	sdkMetrics := make([]types.Metric, n)
	sdkDims := make([]types.Dimension, ndims)
	// Per query: Id, Namespace, MetricName, Stat; per dimension: Name, Value.
	strs := make([]string, 4*n+2*ndims)
	periods := make([]int32, n)

	idBuf := make([]byte, 0, n*6)
	idEnds := make([]int, n)
	for i := range ms {
		idBuf = append(idBuf, 'q')
		idBuf = strconv.AppendInt(idBuf, int64(i), 10)
		idEnds[i] = len(idBuf)
	}
	allIDs := string(idBuf)

	s, d, start := 0, 0, 0
	for i, m := range ms {
		base := s
		strs[base], strs[base+1], strs[base+2], strs[base+3] = allIDs[start:idEnds[i]], m.namespace, m.name, string(m.stat)
		start = idEnds[i]
		s += 4
		first := d
		for _, dim := range m.dims {
			strs[s], strs[s+1] = dim.Name, dim.Value
			sdkDims[d] = types.Dimension{Name: &strs[s], Value: &strs[s+1]}
			s += 2
			d++
		}
		sdkMetrics[i] = types.Metric{Namespace: &strs[base+1], MetricName: &strs[base+2], Dimensions: sdkDims[first:d:d]}
		periods[i] = secs
		stats[i] = types.MetricStat{Metric: &sdkMetrics[i], Period: &periods[i], Stat: &strs[base+3]}
		queries[i] = types.MetricDataQuery{Id: &strs[base], MetricStat: &stats[i]}
	}

	calls := (n + MaxQueriesPerCall - 1) / MaxQueriesPerCall
	inputs := make([]*cloudwatch.GetMetricDataInput, calls)
	for k := range inputs {
		lo, hi := k*MaxQueriesPerCall, min((k+1)*MaxQueriesPerCall, n)
		inputs[k] = &cloudwatch.GetMetricDataInput{
			StartTime:         aws.Time(r.Start),
			EndTime:           aws.Time(r.End),
			MetricDataQueries: queries[lo:hi:hi],
			ScanBy:            types.ScanByTimestampDescending,
		}
	}
	return &Batch{inputs: inputs, metrics: ms}
}

// Inputs returns the GetMetricData inputs, one per call, in order. Pass each
// to GetMetricData (and follow NextToken), or use [Fetch]. The returned slice
// and inputs are shared with b: do not modify them.
func (b *Batch) Inputs() []*cloudwatch.GetMetricDataInput { return b.inputs }

// Len returns the number of metrics (queries) in the batch.
func (b *Batch) Len() int { return len(b.metrics) }

// Metric returns the metric queried under the Id queryID, and false when the
// Id does not belong to b.
func (b *Batch) Metric(queryID string) (Metric, bool) {
	i, ok := b.index(queryID)
	if !ok {
		return Metric{}, false
	}
	return b.metrics[i], true
}

// index maps a query Id back to its metric's position. Only the canonical
// form "q<decimal without leading zeros>" is accepted, so every index has one
// Id.
func (b *Batch) index(queryID string) (int, bool) {
	digits, ok := strings.CutPrefix(queryID, "q")
	if !ok || digits == "" || len(digits) > 9 || (len(digits) > 1 && digits[0] == '0') {
		return 0, false
	}
	i := 0
	for k := 0; k < len(digits); k++ {
		d := digits[k]
		if d < '0' || d > '9' {
			return 0, false
		}
		i = i*10 + int(d-'0')
	}
	if i >= len(b.metrics) {
		return 0, false
	}
	return i, true
}

// Activity selects the metrics ListMetrics returns by when they last
// received data.
type Activity uint8

// The two windows ListMetrics offers (docs/reference.md#64-listmetrics).
const (
	// ActiveLast2Weeks lists metrics with data in the last two weeks, the
	// ListMetrics default: a metric disappears after two weeks without data.
	ActiveLast2Weeks Activity = iota
	// ActiveLast3Hours lists metrics with data in the last three hours
	// (RecentlyActive PT3H, the only value the API accepts).
	ActiveLast3Hours
)

// ListMetricsInput returns the *cloudwatch.ListMetricsInput that lists the
// AWS/KMS metrics named metricName, or every AWS/KMS metric when metricName is
// empty, that received data within the window active selects.
func ListMetricsInput(metricName string, active Activity) (*cloudwatch.ListMetricsInput, error) {
	c := validate.New("metrics.ListMetricsInput")
	in := &cloudwatch.ListMetricsInput{Namespace: aws.String(NamespaceKMS)}
	if metricName != "" {
		c.Length("metricName", metricName, 1, maxMetricName)
		in.MetricName = aws.String(metricName)
	}
	switch active {
	case ActiveLast2Weeks:
	case ActiveLast3Hours:
		in.RecentlyActive = types.RecentlyActivePt3h
	default:
		c.Add("active", kmswatch.RuleEnum, "must be ActiveLast2Weeks or ActiveLast3Hours, got %d", int(active))
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return in, nil
}
