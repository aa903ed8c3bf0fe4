package alarms

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"github.com/kmswatch/kmswatch/internal/validate"
)

// API is the part of the CloudWatch client a [Syncer] calls. The caller's
// *cloudwatch.Client satisfies it; the library never creates a client.
type API interface {
	DescribeAlarms(ctx context.Context, in *cloudwatch.DescribeAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error)
	PutMetricAlarm(ctx context.Context, in *cloudwatch.PutMetricAlarmInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.PutMetricAlarmOutput, error)
	DeleteAlarms(ctx context.Context, in *cloudwatch.DeleteAlarmsInput, optFns ...func(*cloudwatch.Options)) (*cloudwatch.DeleteAlarmsOutput, error)
}

// Defaults of a [Syncer]: the per-account, per-Region request quotas of
// reference §8.1, the API's batch limits of reference §6.5, and the SDK's own retry
// bounds.
const (
	// DefaultPutRate is the PutMetricAlarm quota, 3 per second (adjustable,
	// quota L-0720E68F).
	DefaultPutRate = 3
	// DefaultDeleteRate is the DeleteAlarms quota, 3 per second.
	DefaultDeleteRate = 3
	// DefaultDescribeRate is the DescribeAlarms quota, 9 per second.
	DefaultDescribeRate = 9
	// DefaultMaxAttempts bounds the attempts of one call, retries included.
	DefaultMaxAttempts = 5
	// DefaultMaxBackoff caps the wait between attempts, as the SDK's
	// standard retryer does (20 s).
	DefaultMaxBackoff = 20 * time.Second

	maxDeleteBatch   = 100 // DeleteAlarms AlarmNames limit (reference §6.5)
	describePageSize = 100 // DescribeAlarms MaxRecords limit (reference §6.5)
	codeNotFound     = "ResourceNotFound"
	opPutMetricAlarm = "PutMetricAlarm"
	opDeleteAlarms   = "DeleteAlarms"
	opDescribeAlarms = "DescribeAlarms"
)

// Clock is the time source of a [Syncer]: pacing and retry backoff wait on
// it. Tests pass a fake that advances instead of sleeping.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// Syncer keeps the alarms whose names start with Prefix equal to a desired
// set: it reads them (Existing), compares ([NewPlan]) and writes the
// difference (Apply). Set the fields before first use and do not change
// them afterwards; zero values take the documented defaults, and a field out
// of range or a nil Client makes every method return a [*kmswatch.ValidationError]
// (subject "alarms.Syncer") naming it. A Syncer is safe for concurrent use; concurrent calls share its rate limits, which is
// what the account's quotas require.
//
// Apply adds its own retries, with exponential backoff and jitter, on top of
// whatever retryer Client has: throttling, 5xx and connection errors (the
// SDK's retry.DefaultRetryables) are retried up to MaxAttempts times per
// call; other errors stop the apply.
type Syncer struct {
	// Client makes the calls, typically the caller's *cloudwatch.Client.
	Client API
	// Prefix is the owned alarm-name prefix, 1–255 characters: only alarms
	// whose names start with it are read, updated or deleted. Choose one no
	// unowned alarm uses, such as [ExpiryPrefix].
	Prefix string
	// PutRate, DeleteRate and DescribeRate are the calls per second allowed
	// for each operation; zero means [DefaultPutRate], [DefaultDeleteRate]
	// and [DefaultDescribeRate]. Raise PutRate after raising the quota.
	PutRate, DeleteRate, DescribeRate float64
	// MaxAttempts bounds the attempts per call; zero means
	// [DefaultMaxAttempts]; 1 disables the Syncer's own retries.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts; zero means
	// [DefaultMaxBackoff].
	MaxBackoff time.Duration
	// Clock paces calls and backoff; nil means the system clock.
	Clock Clock

	once               sync.Once
	put, del, describe *limiter
	backoff            *retry.ExponentialJitterBackoff
	clock              Clock
	maxAttempts        int
	initErr            error
}

// maxRate bounds the call rates a Syncer accepts.
const maxRate = 1e9

// init applies the defaults once and returns a [*kmswatch.ValidationError]
// (subject "alarms.Syncer") for fields that are out of range or missing.
func (s *Syncer) init() error {
	s.once.Do(func() {
		s.clock = s.Clock
		if s.clock == nil {
			s.clock = systemClock{}
		}
		c := validate.New("alarms.Syncer")
		rate := func(name string, v, def float64) *limiter {
			if v == 0 {
				v = def
			}
			if !(v > 0) || v > maxRate {
				c.Add(name, validate.RuleRange, "must be positive and at most %g, got %g", maxRate, v)
				return nil
			}
			return &limiter{clock: s.clock, interval: time.Duration(float64(time.Second) / v)}
		}
		s.put = rate("PutRate", s.PutRate, DefaultPutRate)
		s.del = rate("DeleteRate", s.DeleteRate, DefaultDeleteRate)
		s.describe = rate("DescribeRate", s.DescribeRate, DefaultDescribeRate)
		s.maxAttempts = s.MaxAttempts
		if s.maxAttempts == 0 {
			s.maxAttempts = DefaultMaxAttempts
		}
		if s.maxAttempts < 0 {
			c.Add("MaxAttempts", validate.RuleRange, "must not be negative, got %d", s.MaxAttempts)
		}
		maxBackoff := s.MaxBackoff
		if maxBackoff == 0 {
			maxBackoff = DefaultMaxBackoff
		}
		if maxBackoff < 0 {
			c.Add("MaxBackoff", validate.RuleRange, "must not be negative, got %s", s.MaxBackoff)
		}
		s.backoff = retry.NewExponentialJitterBackoff(maxBackoff)
		c.Required("Client", s.Client != nil)
		s.initErr = c.Err()
	})
	return s.initErr
}

// Existing returns the metric alarms whose names start with s.Prefix, every
// page of DescribeAlarms (100 per page) in the order the service returns
// them (by name), paced at DescribeRate and retried like every call.
func (s *Syncer) Existing(ctx context.Context) ([]types.MetricAlarm, error) {
	if err := s.init(); err != nil {
		return nil, err
	}
	c := validate.New("alarms.Syncer")
	checkPrefix(c, "Prefix", s.Prefix)
	if err := c.Err(); err != nil {
		return nil, err
	}
	var out []types.MetricAlarm
	p := cloudwatch.NewDescribeAlarmsPaginator(s.Client, &cloudwatch.DescribeAlarmsInput{
		AlarmNamePrefix: aws.String(s.Prefix),
		AlarmTypes:      []types.AlarmType{types.AlarmTypeMetricAlarm},
	}, func(o *cloudwatch.DescribeAlarmsPaginatorOptions) {
		o.Limit = describePageSize // the paginator sends Limit as MaxRecords
	})
	for p.HasMorePages() {
		var page *cloudwatch.DescribeAlarmsOutput
		// A failed NextPage keeps its token, so calling it again retries
		// the same page.
		_, err := s.call(ctx, s.describe, func(ctx context.Context) error {
			var err error
			page, err = p.NextPage(ctx)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("alarms: DescribeAlarms with prefix %q: %w", s.Prefix, err)
		}
		out = append(out, page.MetricAlarms...)
	}
	return out, nil
}

// Plan reads the owned alarms and returns the plan that turns them into
// desired (see [NewPlan]).
func (s *Syncer) Plan(ctx context.Context, desired []*cloudwatch.PutMetricAlarmInput) (*Plan, error) {
	existing, err := s.Existing(ctx)
	if err != nil {
		return nil, err
	}
	return NewPlan(s.Prefix, desired, existing)
}

// Sync plans and applies in one step; see [Syncer.Plan] and
// [Syncer.Apply]. Running it again after a success makes no calls but the
// DescribeAlarms reads.
func (s *Syncer) Sync(ctx context.Context, desired []*cloudwatch.PutMetricAlarmInput) (*Plan, *Result, error) {
	p, err := s.Plan(ctx, desired)
	if err != nil {
		return nil, nil, err
	}
	r, err := s.Apply(ctx, p)
	return p, r, err
}

// Op is the kind of change a [Step] makes.
type Op string

// The changes a plan makes.
const (
	OpCreate Op = "create"
	OpUpdate Op = "update"
	OpDelete Op = "delete"
)

// Step is one alarm change of a plan: what to do and to which alarm.
type Step struct {
	// Op is the change.
	Op Op
	// Name is the alarm's name.
	Name string
}

// Result reports what an apply did. On success NotDone is empty. It is
// plain data, owned by the caller once Apply returns.
type Result struct {
	// Done lists the changes made, in the order made.
	Done []Step
	// NotDone lists the planned changes not made, including the failed
	// one(s): apply them again with a fresh plan.
	NotDone []Step
	// Calls counts the requests sent per operation, retries included.
	Calls map[string]int
}

// ApplyError reports the call that stopped an apply. Unwrap gives the
// underlying error (a context error, or the SDK's error, which errors.As
// turns into smithy.APIError). The Result returned with it says what was
// and was not done.
type ApplyError struct {
	// Failed lists the changes of the failed call: one alarm for
	// PutMetricAlarm, up to 100 for DeleteAlarms.
	Failed []Step
	// Attempts is how many times the call was tried.
	Attempts int
	// Err is the error of the last attempt.
	Err error
}

// Error says which change failed, after how many attempts, and why.
func (e *ApplyError) Error() string {
	what := "apply"
	if len(e.Failed) > 0 {
		what = fmt.Sprintf("%s %s", e.Failed[0].Op, e.Failed[0].Name)
		if len(e.Failed) > 1 {
			what += fmt.Sprintf(" and %d more", len(e.Failed)-1)
		}
	}
	return fmt.Sprintf("alarms: %s failed after %d attempt(s): %v", what, e.Attempts, e.Err)
}

// Unwrap returns Err, so errors.Is and errors.As see the cause.
func (e *ApplyError) Unwrap() error { return e.Err }

// Apply carries out p: PutMetricAlarm for each alarm to create and then to
// update, paced at PutRate, then DeleteAlarms in batches of up to 100
// names, paced at DeleteRate. Creating and updating before deleting means a
// failure part way never leaves fewer alarms than before. p is validated
// first: a nil plan, a plan for another prefix or one that fails
// [Plan.Validate] is a [*kmswatch.ValidationError] and nothing is sent. Only names
// the plan lists are deleted.
//
// When a call fails for good, or ctx is done, Apply stops and returns the
// Result so far with an *[ApplyError]; nothing after that call is sent. A
// DeleteAlarms batch that fails with ResourceNotFound is retried name by
// name, and a name that then reports ResourceNotFound counts as deleted:
// it is already gone, which is what the plan asked for. Applying a plan
// whose changes are already in place changes nothing, so a retried apply is
// safe; a second Sync after a success finds an empty plan.
func (s *Syncer) Apply(ctx context.Context, p *Plan) (*Result, error) {
	if err := s.init(); err != nil {
		return nil, err
	}
	c := validate.New("alarms.Syncer.Apply")
	c.Required("p", p != nil)
	if p != nil && p.Prefix != s.Prefix {
		c.Add("p.Prefix", validate.RuleCombination, "must equal the Syncer's Prefix %q, got %q", s.Prefix, p.Prefix)
	}
	if p != nil {
		c.Merge("p", p.Validate())
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	r := &Result{Calls: map[string]int{}}
	var steps []Step
	var puts []*cloudwatch.PutMetricAlarmInput
	for _, in := range p.Create {
		steps = append(steps, Step{OpCreate, *in.AlarmName})
		puts = append(puts, in)
	}
	for _, u := range p.Update {
		steps = append(steps, Step{OpUpdate, *u.Input.AlarmName})
		puts = append(puts, u.Input)
	}
	for _, name := range p.Delete {
		steps = append(steps, Step{OpDelete, name})
	}
	fail := func(done int, failed []Step, attempts int, err error) (*Result, error) {
		r.NotDone = append(r.NotDone, steps[done:]...)
		return r, &ApplyError{Failed: failed, Attempts: attempts, Err: err}
	}

	for i, in := range puts {
		attempts, err := s.call(ctx, s.put, func(ctx context.Context) error {
			r.Calls[opPutMetricAlarm]++
			_, err := s.Client.PutMetricAlarm(ctx, in)
			return err
		})
		if err != nil {
			return fail(i, steps[i:i+1], attempts, err)
		}
		r.Done = append(r.Done, steps[i])
	}
	for start := len(puts); start < len(steps); start += maxDeleteBatch {
		batch := steps[start:min(start+maxDeleteBatch, len(steps))]
		deleted, attempts, err := s.deleteBatch(ctx, r, batch)
		r.Done = append(r.Done, deleted...)
		if err != nil {
			return fail(len(r.Done), steps[len(r.Done):start+len(batch)], attempts, err)
		}
	}
	return r, nil
}

// deleteBatch deletes the alarms of batch and returns the steps done. When
// the batch reports ResourceNotFound it falls back to one name per call:
// DeleteAlarms documents that the correct names are still deleted, but a
// service that rejects the whole batch would leave them, and deleting them
// one by one settles both cases.
func (s *Syncer) deleteBatch(ctx context.Context, r *Result, batch []Step) ([]Step, int, error) {
	del := func(names []string) (int, error) {
		return s.call(ctx, s.del, func(ctx context.Context) error {
			r.Calls[opDeleteAlarms]++
			_, err := s.Client.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: names})
			return err
		})
	}
	names := make([]string, len(batch))
	for i, st := range batch {
		names[i] = st.Name
	}
	attempts, err := del(names)
	switch {
	case err == nil:
		return batch, attempts, nil
	case !isNotFound(err):
		return nil, attempts, err
	}
	for i, name := range names {
		n, err := del([]string{name})
		attempts += n
		if err != nil && !isNotFound(err) {
			return batch[:i], attempts, err
		}
	}
	return batch, attempts, nil
}

func isNotFound(err error) bool {
	var nf *types.ResourceNotFound
	var ae smithy.APIError
	return errors.As(err, &nf) || (errors.As(err, &ae) && ae.ErrorCode() == codeNotFound)
}

// retryables classifies errors the way the SDK's standard retryer does.
var retryables = retry.IsErrorRetryables(retry.DefaultRetryables)

// call runs fn, paced by lim, retrying retryable errors with backoff up to
// the attempt limit. It returns the number of attempts made.
func (s *Syncer) call(ctx context.Context, lim *limiter, fn func(context.Context) error) (int, error) {
	for attempt := 1; ; attempt++ {
		if err := lim.wait(ctx); err != nil {
			return attempt - 1, err
		}
		err := fn(ctx)
		if err == nil {
			return attempt, nil
		}
		if ctx.Err() != nil || attempt >= s.maxAttempts || retryables.IsErrorRetryable(err) != aws.TrueTernary {
			return attempt, err
		}
		d, berr := s.backoff.BackoffDelay(attempt, err)
		if berr != nil {
			return attempt, errors.Join(err, berr)
		}
		if err := s.clock.Sleep(ctx, d); err != nil {
			return attempt, err
		}
	}
}

// limiter spaces calls at least interval apart. Each wait reserves the next
// free slot under the lock and then sleeps until it, so concurrent callers
// queue in order without a background ticker.
type limiter struct {
	mu       sync.Mutex
	clock    Clock
	interval time.Duration
	next     time.Time
}

func (l *limiter) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l.mu.Lock()
	now := l.clock.Now()
	slot := l.next
	if slot.Before(now) {
		slot = now
	}
	l.next = slot.Add(l.interval)
	l.mu.Unlock()
	if d := slot.Sub(now); d > 0 {
		return l.clock.Sleep(ctx, d)
	}
	return nil
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
