package metrics

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// Point is one datapoint: the start of its period and the statistic's value.
type Point struct {
	Time  time.Time
	Value float64
}

// Series is what GetMetricData returned for one metric of a [Batch], merged
// across pages.
type Series struct {
	// Metric is the metric queried.
	Metric Metric
	// Label is the label CloudWatch gave the result.
	Label string
	// Points holds the datapoints in the order they arrived (newest first
	// for batches built by this package). Empty means no data in the range.
	Points []Point
	// Status is the StatusCode of the last page that carried this query:
	// Complete, PartialData (more data behind NextToken, or not all of it
	// could be read), InternalError or Forbidden. It is "" when no page
	// mentioned the query at all.
	Status types.StatusCode
	// Messages are the per-query messages CloudWatch attached, from every
	// page, in order.
	Messages []types.MessageData
}

// Latest returns the newest datapoint with a finite value, and false when the
// series has none. NaN and infinities are skipped: they are not a reading.
func (s Series) Latest() (Point, bool) {
	var best Point
	found := false
	for _, p := range s.Points {
		if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
			continue
		}
		if !found || p.Time.After(best.Time) {
			best, found = p, true
		}
	}
	return best, found
}

// Result holds the answers to a [Batch]: one [Series] per metric, in the
// order of the batch, and the operation-level messages of every call. A
// Result is not safe for concurrent mutation; reading it from several
// goroutines is fine.
type Result struct {
	// Series holds one entry per metric of the batch, in batch order.
	Series []Series
	// Messages are the operation-level messages of all calls, such as
	// "Maximum number of allowed metrics exceeded"; CloudWatch still answers
	// as much as it can when it sends one.
	Messages []types.MessageData
}

// Partial reports whether the answer may be incomplete: a call carried an
// operation-level message, or a series ended with a status other than
// Complete (including a query no page mentioned). A nil Result holds no
// answer at all and is reported as partial.
func (r *Result) Partial() bool {
	if r == nil {
		return true
	}
	if len(r.Messages) > 0 {
		return true
	}
	for _, s := range r.Series {
		if s.Status != types.StatusCodeComplete {
			return true
		}
	}
	return false
}

// UnknownQueryError reports a GetMetricData result whose Id the [Batch]
// being read did not send, which means the output belongs to another request.
type UnknownQueryError struct {
	// ID is the unexpected query Id.
	ID string
}

func (e *UnknownQueryError) Error() string {
	return fmt.Sprintf("metrics: GetMetricData result has query Id %q, which the batch did not send", e.ID)
}

// Read merges GetMetricData outputs, for instance every page of every call
// the caller made with [Batch.Inputs], into a [Result]. Pages may come in any
// order; datapoints and messages are appended, and a query's status is that
// of the last page carrying it. A result whose Id is not in b yields an
// [*UnknownQueryError]. Read does not modify b or outs.
func (b *Batch) Read(outs ...*cloudwatch.GetMetricDataOutput) (*Result, error) {
	if b == nil {
		c := validate.New("metrics.Batch.Read")
		c.Add("", kmswatch.RuleRequired, "the Batch is nil; build it with NewBatch or ExpiryBatch")
		return nil, c.Err()
	}
	r := b.newResult()
	for _, out := range outs {
		if err := b.add(r, out); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (b *Batch) newResult() *Result {
	r := &Result{Series: make([]Series, len(b.metrics))}
	for i, m := range b.metrics {
		r.Series[i].Metric = m
	}
	return r
}

// add merges one page into r. Points of one page share a single backing
// array; each series gets a capacity-limited window of it, so a later page's
// append copies instead of overwriting a neighbour.
func (b *Batch) add(r *Result, out *cloudwatch.GetMetricDataOutput) error {
	if out == nil {
		return nil
	}
	r.Messages = append(r.Messages, out.Messages...)
	total := 0
	for _, res := range out.MetricDataResults {
		total += min(len(res.Timestamps), len(res.Values))
	}
	pool := make([]Point, 0, total)
	for _, res := range out.MetricDataResults {
		id := aws.ToString(res.Id)
		i, ok := b.index(id)
		if !ok {
			return &UnknownQueryError{ID: id}
		}
		s := &r.Series[i]
		if res.Label != nil {
			s.Label = *res.Label
		}
		s.Status = res.StatusCode
		s.Messages = append(s.Messages, res.Messages...)
		// The API promises equal lengths; a short side bounds what pairs up.
		n := min(len(res.Timestamps), len(res.Values))
		if n == 0 {
			continue
		}
		lo := len(pool)
		for k := 0; k < n; k++ {
			pool = append(pool, Point{Time: res.Timestamps[k], Value: res.Values[k]})
		}
		page := pool[lo:len(pool):len(pool)]
		if s.Points == nil {
			s.Points = page
		} else {
			s.Points = append(s.Points, page...)
		}
	}
	return nil
}

// Fetch sends every input of b through client, following NextToken with the
// SDK's GetMetricData paginator, and merges all pages into a [Result]. client
// is typically the caller's *cloudwatch.Client; optFns are passed to every
// call (for example to change retries). On an API error Fetch stops and
// returns it wrapped with the call number; errors.As still finds the SDK's
// error types. Partial data and messages are kept in the Result, not turned
// into errors: check [Result.Partial].
func Fetch(ctx context.Context, client cloudwatch.GetMetricDataAPIClient, b *Batch, optFns ...func(*cloudwatch.Options)) (*Result, error) {
	c := validate.New("metrics.Fetch")
	c.Required("client", client != nil)
	c.Required("b", b != nil)
	if err := c.Err(); err != nil {
		return nil, err
	}
	r := b.newResult()
	for k, in := range b.inputs {
		p := cloudwatch.NewGetMetricDataPaginator(client, in, func(o *cloudwatch.GetMetricDataPaginatorOptions) {
			o.StopOnDuplicateToken = true
		})
		for p.HasMorePages() {
			out, err := p.NextPage(ctx, optFns...)
			if err != nil {
				return nil, fmt.Errorf("metrics: GetMetricData call %d of %d: %w", k+1, len(b.inputs), err)
			}
			if err := b.add(r, out); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// Expiry is the answer for one key: how long its imported key material has
// left according to the latest SecondsUntilKeyMaterialExpiration datapoint.
//
// HasData distinguishes "no datapoint in the range" from a value of zero:
// when it is false, Seconds and Observed are zero and mean nothing, and
// [Expiry.Left] and [Expiry.ExpiresAt] report false. Keys without imported
// material or without an expiration publish no data at all.
type Expiry struct {
	// KeyID is the key id from the KeyId dimension.
	KeyID string
	// HasData reports whether a datapoint was found.
	HasData bool
	// Seconds is the Minimum of the newest period with data.
	Seconds float64
	// Observed is the start of that period.
	Observed time.Time
	// Status is the query's StatusCode (see [Series.Status]).
	Status types.StatusCode
	// Messages are the query's messages from CloudWatch.
	Messages []types.MessageData
}

// Left returns Seconds as a time.Duration, clamped to the range a Duration
// can hold (about ±292 years), and false when there is no data.
func (e Expiry) Left() (time.Duration, bool) {
	if !e.HasData {
		return 0, false
	}
	return secondsToDuration(e.Seconds), true
}

// ExpiresAt returns the projected expiry instant, Observed + Left, and false
// when there is no data. Because the value is the smallest reading of a
// period that starts at Observed, the projection is early by at most one
// period: it errs on the side of warning sooner.
func (e Expiry) ExpiresAt() (time.Time, bool) {
	d, ok := e.Left()
	if !ok {
		return time.Time{}, false
	}
	return e.Observed.Add(d), true
}

func secondsToDuration(s float64) time.Duration {
	const maxSeconds = float64(math.MaxInt64) / float64(time.Second)
	switch {
	case s >= maxSeconds:
		return time.Duration(math.MaxInt64)
	case s <= -maxSeconds:
		return time.Duration(math.MinInt64)
	}
	return time.Duration(math.Round(s * float64(time.Second)))
}

// Expiries returns one [Expiry] per SecondsUntilKeyMaterialExpiration series
// in r, in batch order; series of other metrics are skipped. A nil Result
// has none.
func (r *Result) Expiries() []Expiry {
	if r == nil {
		return nil
	}
	out := make([]Expiry, 0, len(r.Series))
	for _, s := range r.Series {
		if s.Metric.namespace != NamespaceKMS || s.Metric.name != MetricSecondsUntilKeyMaterialExpiration {
			continue
		}
		id, _ := s.Metric.Dimension(DimensionKeyID)
		e := Expiry{KeyID: id, Status: s.Status, Messages: s.Messages}
		if p, ok := s.Latest(); ok {
			e.HasData, e.Seconds, e.Observed = true, p.Value, p.Time
		}
		out = append(out, e)
	}
	return out
}

// SortSoonestFirst orders es by projected expiry, soonest first; keys
// without data go last. Ties are broken by key id, so the order is
// deterministic. It sorts es in place, so no other goroutine may use es
// meanwhile.
func SortSoonestFirst(es []Expiry) {
	slices.SortFunc(es, func(a, b Expiry) int {
		ta, oka := a.ExpiresAt()
		tb, okb := b.ExpiresAt()
		switch {
		case oka && !okb:
			return -1
		case !oka && okb:
			return 1
		case oka && okb:
			if c := ta.Compare(tb); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.KeyID, b.KeyID)
	})
}

// LatestDatapoint returns the newest datapoint of a GetMetricStatistics
// output that carries stat (one of SampleCount, Average, Sum, Minimum,
// Maximum), and false when there is none.
func LatestDatapoint(out *cloudwatch.GetMetricStatisticsOutput, stat types.Statistic) (Point, bool) {
	var s Series
	if out == nil {
		return Point{}, false
	}
	for _, d := range out.Datapoints {
		if d.Timestamp == nil {
			continue
		}
		var v *float64
		switch stat {
		case types.StatisticMinimum:
			v = d.Minimum
		case types.StatisticMaximum:
			v = d.Maximum
		case types.StatisticAverage:
			v = d.Average
		case types.StatisticSum:
			v = d.Sum
		case types.StatisticSampleCount:
			v = d.SampleCount
		}
		if v != nil {
			s.Points = append(s.Points, Point{Time: *d.Timestamp, Value: *v})
		}
	}
	return s.Latest()
}
