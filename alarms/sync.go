package alarms

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/smithy-go"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/clock"
	"github.com/kmswatch/kmswatch/internal/errlist"
	"github.com/kmswatch/kmswatch/internal/errtext"
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
// docs/reference.md#81-request-rate-quotas, the API's batch limits of
// docs/reference.md#65-describealarms--deletealarms--describealarmcontributors, and the
// SDK's own retry bounds.
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

	maxDeleteBatch   = 100 // DeleteAlarms AlarmNames limit (docs/reference.md#65-describealarms--deletealarms--describealarmcontributors)
	describePageSize = 100 // DescribeAlarms MaxRecords limit (docs/reference.md#65-describealarms--deletealarms--describealarmcontributors)
	codeNotFound     = "ResourceNotFound"
	opPutMetricAlarm = "PutMetricAlarm"
	opDeleteAlarms   = "DeleteAlarms"
	opDescribeAlarms = "DescribeAlarms"
)

// Syncer keeps the alarms whose names start with Prefix equal to a desired
// set: it reads them (Existing), compares ([NewPlan]) and writes the
// difference (Apply). Set the fields before first use and do not change
// them afterwards; zero values take the documented defaults, and a field out
// of range or a nil Client makes every method return a
// [*kmswatch.ValidationError] naming it. A Syncer is safe for concurrent
// use; concurrent calls share its rate limits, which is what the account's
// quotas require.
//
// The rates cover every HTTP request, the client's own retries included:
// each call passes Client an option that wraps the operation's HTTP client
// in one that waits its turn before each request (the SDK copies Options per
// call, so the caller's client is not changed). No window of one second
// holds more requests than the rate, as the service counts them (see
// PutRate). A Client that ignores per-call options, such as a hand-written
// fake, is paced once per call instead.
//
// The Syncer adds its own retries, with exponential backoff and jitter, on
// top of whatever retryer Client has: throttling, 5xx and connection errors
// (the SDK's retry.DefaultRetryables) are retried up to MaxAttempts calls;
// other errors fail the change at once.
type Syncer struct {
	// Client makes the calls, typically the caller's *cloudwatch.Client.
	Client API
	// Prefix is the owned alarm-name prefix, 1–255 characters: only alarms
	// whose names start with it are read, updated or deleted. Choose one no
	// unowned alarm uses, such as [ExpiryPrefix].
	Prefix string
	// PutRate, DeleteRate and DescribeRate are the requests per second
	// allowed for each operation; zero means [DefaultPutRate],
	// [DefaultDeleteRate] and [DefaultDescribeRate]. Raise PutRate after
	// raising the quota. Requests are spaced evenly so that no one-second
	// window holds more than the rate rounded down (a window cannot hold
	// part of a request), with a 20 ms guard for the variation in transit
	// time to the service: 3 per second sends one every 340 ms.
	PutRate, DeleteRate, DescribeRate float64
	// MaxAttempts bounds the attempts per call; zero means
	// [DefaultMaxAttempts]; 1 disables the Syncer's own retries.
	MaxAttempts int
	// MaxBackoff caps the wait between attempts; zero means
	// [DefaultMaxBackoff].
	MaxBackoff time.Duration
	// Clock paces calls and backoff; nil means [clock.System]. A
	// [*clock.Virtual] (its Jumping form, when nothing else moves it) runs
	// a Syncer on the same virtual time as the in-process fakes.
	Clock clock.Clock
	// AllowMassDelete lets Plan, Sync and Apply delete all or most of the
	// owned alarms (see [Syncer.Sync]). Leave it false in a program that
	// syncs from a key discovery; set it for a deliberate teardown.
	AllowMassDelete bool

	once               sync.Once
	put, del, describe *limiter
	backoff            *retry.ExponentialJitterBackoff
	clock              clock.Clock
	maxAttempts        int
	initErr            error
}

// maxRate bounds the call rates a Syncer accepts.
const maxRate = 1e9

// init applies the defaults once and returns a [*kmswatch.ValidationError]
// (subject "alarms.Syncer"; the methods merge it into their own) for fields that are out of range or missing.
func (s *Syncer) init() error {
	s.once.Do(func() {
		s.clock = s.Clock
		if s.clock == nil {
			s.clock = clock.System
		}
		c := validate.New("alarms.Syncer")
		rate := func(name string, v, def float64) *limiter {
			if v == 0 {
				v = def
			}
			if !(v > 0) || v > maxRate {
				c.Add(name, kmswatch.RuleRange, "must be positive and at most %g, got %g", maxRate, v)
				return nil
			}
			return newLimiter(s.clock, v)
		}
		s.put = rate("PutRate", s.PutRate, DefaultPutRate)
		s.del = rate("DeleteRate", s.DeleteRate, DefaultDeleteRate)
		s.describe = rate("DescribeRate", s.DescribeRate, DefaultDescribeRate)
		s.maxAttempts = s.MaxAttempts
		if s.maxAttempts == 0 {
			s.maxAttempts = DefaultMaxAttempts
		}
		if s.maxAttempts < 0 {
			c.Add("MaxAttempts", kmswatch.RuleRange, "must not be negative, got %d", s.MaxAttempts)
		}
		maxBackoff := s.MaxBackoff
		if maxBackoff == 0 {
			maxBackoff = DefaultMaxBackoff
		}
		if maxBackoff < 0 {
			c.Add("MaxBackoff", kmswatch.RuleRange, "must not be negative, got %s", s.MaxBackoff)
		}
		s.backoff = retry.NewExponentialJitterBackoff(maxBackoff)
		c.Required("Client", s.Client != nil)
		s.initErr = c.Err()
	})
	return s.initErr
}

// Existing returns the metric alarms whose names start with s.Prefix, every
// page of DescribeAlarms (100 per page) in the order the service returns
// them (by name), paced at DescribeRate and retried like every call: a page
// that fails is asked for again, with backoff, up to MaxAttempts times.
func (s *Syncer) Existing(ctx context.Context) ([]types.MetricAlarm, error) {
	c := validate.New("alarms.Syncer.Existing")
	c.Merge("", s.init())
	checkPrefix(c, "Prefix", s.Prefix)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return s.existing(ctx)
}

func (s *Syncer) existing(ctx context.Context) ([]types.MetricAlarm, error) {
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
		_, _, err := s.call(ctx, s.describe, func(ctx context.Context, opt func(*cloudwatch.Options)) error {
			var err error
			page, err = p.NextPage(ctx, opt)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("alarms: DescribeAlarms with prefix %q: %w", s.Prefix, err)
		}
		out = append(out, page.MetricAlarms...)
	}
	return out, nil
}

// Plan validates the Syncer and desired, then reads the owned alarms and
// returns the plan that turns them into desired (see [NewPlan]). Every
// problem with the Syncer's fields and with desired comes back at once, in
// one [*kmswatch.ValidationError], on the Syncer's fields ("PutRate",
// "Prefix") and on paths such as "desired[2].Period", before any call is
// made. A plan that would delete all or most of the owned alarms is
// refused with a *[MassDeleteError] unless AllowMassDelete is set; see
// [Syncer.Sync].
func (s *Syncer) Plan(ctx context.Context, desired []*cloudwatch.PutMetricAlarmInput) (*Plan, error) {
	return s.plan(ctx, "alarms.Syncer.Plan", desired)
}

// plan is Plan, reporting problems under subject.
func (s *Syncer) plan(ctx context.Context, subject string, desired []*cloudwatch.PutMetricAlarmInput) (*Plan, error) {
	c := validate.New(subject)
	c.Merge("", s.init())
	wanted, err := validateDesired(subject, "Prefix", s.Prefix, desired)
	c.Merge("", err)
	if err := c.Err(); err != nil {
		return nil, err
	}
	existing, err := s.existing(ctx)
	if err != nil {
		return nil, err
	}
	// desired was validated above, before any call, and newPlan does not
	// check it again; Sync applies the result without Apply's checks.
	p := newPlan(s.Prefix, desired, wanted, existing)
	if err := s.checkMassDelete(p); err != nil {
		return nil, err
	}
	return p, nil
}

// massDeleteFloor is how many deletions a plan may always make when desired
// is not empty, whatever share of the owned alarms they are; see
// [Syncer.Sync].
const massDeleteFloor = 5

// MassDeleteError is the refusal of a plan that would delete all or most
// of the owned alarms (see [Syncer.Sync]); nothing was deleted. Set
// [Syncer.AllowMassDelete] to apply such a plan on purpose.
type MassDeleteError struct {
	// Prefix is the owned alarm-name prefix.
	Prefix string
	// Delete is how many alarms the plan would have deleted.
	Delete int
	// Managed is how many owned alarms exist: those the plan deletes,
	// updates or leaves unchanged.
	Managed int
	// Desired is how many alarms the plan keeps or creates.
	Desired int
	// Plan is the refused plan, for review; none of it was applied.
	Plan *Plan
}

// Error says how many alarms would have been deleted, of how many, and why
// that was refused.
func (e *MassDeleteError) Error() string {
	why := fmt.Sprintf("more than half of them and more than %d", massDeleteFloor)
	if e.Desired == 0 {
		why = "the desired list is empty"
	}
	return fmt.Sprintf("alarms: refusing to delete %d of %d owned alarm(s) with prefix %q (%s); nothing was deleted; set Syncer.AllowMassDelete to allow it",
		e.Delete, e.Managed, e.Prefix, why)
}

// massDelete returns the refusal of p, or nil when p deletes within the
// bounds documented on [Syncer.Sync]. It reads only p, so a plan that
// Syncer.Plan accepted passes again in Apply.
func massDelete(p *Plan) *MassDeleteError {
	del := len(p.Delete)
	managed := del + len(p.Update) + len(p.Unchanged)
	desired := len(p.Create) + len(p.Update) + len(p.Unchanged)
	if del == 0 || (desired > 0 && (del <= massDeleteFloor || 2*del <= managed)) {
		return nil
	}
	return &MassDeleteError{Prefix: p.Prefix, Delete: del, Managed: managed, Desired: desired, Plan: p}
}

// checkMassDelete is massDelete unless the Syncer allows mass deletion.
func (s *Syncer) checkMassDelete(p *Plan) error {
	if s.AllowMassDelete {
		return nil
	}
	if e := massDelete(p); e != nil {
		return e
	}
	return nil
}

// Sync plans and applies in one step; see [Syncer.Plan] and
// [Syncer.Apply]. Invalid input is reported before any call. Running it
// again after a success makes no calls but the DescribeAlarms reads.
//
// Mass deletion is refused. Unless AllowMassDelete is set, Sync, Plan and
// Apply return a *[MassDeleteError] and delete nothing when the plan would
// delete
//   - any owned alarm while desired is empty, or
//   - more than half of the owned alarms that exist, and more than 5 of them.
//
// A desired list is computed from a discovery (metrics.DiscoverKeys, a
// key inventory) that can come back empty or short when a call is
// throttled, a page or a Region is lost, or credentials point at the
// wrong account; applied as it stands, it would silently delete the alarms
// of the keys it missed, which is what this package exists to prevent.
// The share rule catches a discovery that lost part of a fleet; the floor
// of 5 lets small fleets change as keys come and go (retiring 2 of 3 keys
// is ordinary; losing 6 of 10 at once is not). A plan that deletes the
// owned alarms to replace them with other desired ones is judged the same
// way: only the share deleted counts.
func (s *Syncer) Sync(ctx context.Context, desired []*cloudwatch.PutMetricAlarmInput) (*Plan, *Result, error) {
	p, err := s.plan(ctx, "alarms.Syncer.Sync", desired)
	if err != nil {
		return nil, nil, err
	}
	// plan validated desired and checked the deletions; p is built from
	// that result, so Apply's checks would only repeat them.
	r, err := s.apply(ctx, p)
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
	// NotDone lists the planned changes not made, in plan order: the
	// failed ones and, when the context ended the apply, those never
	// tried. Apply them again with a fresh plan.
	NotDone []Step
	// Calls counts the HTTP requests sent per operation, the SDK's own
	// retries and the Syncer's included. For a Client that ignores the
	// per-call options (not a *cloudwatch.Client), each call counts once.
	Calls map[string]int
}

// StepError is one call of an apply that failed for good.
type StepError struct {
	// Steps lists the changes of the call: one alarm for
	// PutMetricAlarm, up to 100 for DeleteAlarms.
	Steps []Step
	// Attempts is how many requests were sent for it, retries included.
	Attempts int
	// Err is the error of the last attempt.
	Err error
}

// Error says which change failed, after how many attempts, and why. The
// cause's message comes from the service (or whatever answers in its place)
// and errors end up in logs, so a long one is cut, with its full length
// given; Err keeps it whole.
func (e *StepError) Error() string {
	what := "apply"
	if len(e.Steps) > 0 {
		what = fmt.Sprintf("%s %s", e.Steps[0].Op, e.Steps[0].Name)
		if len(e.Steps) > 1 {
			what += fmt.Sprintf(" and %d more", len(e.Steps)-1)
		}
	}
	return fmt.Sprintf("alarms: %s failed after %d attempt(s): %s", what, e.Attempts, errtext.Clip(fmt.Sprint(e.Err)))
}

// Unwrap returns Err, so errors.Is and errors.As see the cause.
func (e *StepError) Unwrap() error { return e.Err }

// ApplyError reports every call of an apply that failed for good. Unwrap
// gives each *[StepError], so errors.Is and errors.As see their causes (a
// context error, or the SDK's error, which errors.As turns into
// smithy.APIError). The Result returned with it says what was and was not
// done.
type ApplyError struct {
	// Failed lists the failed calls in the order made.
	Failed []*StepError
}

// maxListed is how many failures ApplyError.Error spells out; the rest are
// counted, so the message stays short however many calls fail.
const maxListed = 3

// Error lists the first three failures and counts the others.
func (e *ApplyError) Error() string {
	var b strings.Builder
	steps := 0
	for _, f := range e.Failed {
		steps += len(f.Steps)
	}
	fmt.Fprintf(&b, "alarms: apply: %d call(s) failed, %d change(s) not made", len(e.Failed), steps)
	for i, f := range e.Failed {
		if i == maxListed {
			fmt.Fprintf(&b, "; and %d more failed call(s)", len(e.Failed)-maxListed)
			break
		}
		b.WriteString("; ")
		b.WriteString(strings.TrimPrefix(f.Error(), "alarms: "))
	}
	return b.String()
}

// Unwrap returns the failures, so errors.Is and errors.As see each cause.
func (e *ApplyError) Unwrap() []error { return errlist.Of(e.Failed) }

// Apply carries out p: PutMetricAlarm for each alarm to create and then to
// update, paced at PutRate, then DeleteAlarms in batches of up to 100
// names, paced at DeleteRate. p is validated first: a nil plan, a plan for
// another prefix or one that fails [Plan.Validate] is a
// [*kmswatch.ValidationError] and nothing is sent. Only names the plan lists
// are deleted. A plan that deletes all or most of the owned alarms it
// accounts for (Delete, Update and Unchanged) is refused with a
// *[MassDeleteError], as [Syncer.Sync] documents, whether it came from
// [Syncer.Plan], [NewPlan] or was built by hand.
//
// A call that fails for good (a non-retryable error, or retries
// exhausted) does not stop the apply: the other changes are still made,
// and Apply returns the Result with an *[ApplyError] listing every failed
// call. Only the end of ctx stops it; what was not tried is then NotDone
// too. A DeleteAlarms batch that fails with ResourceNotFound is retried name
// by name, and a name that then reports ResourceNotFound counts as deleted:
// it is already gone, which is what the plan asked for. Applying a plan
// whose changes are already in place changes nothing, so a retried apply is
// safe; a second Sync after a success finds an empty plan.
func (s *Syncer) Apply(ctx context.Context, p *Plan) (*Result, error) {
	c := validate.New("alarms.Syncer.Apply")
	c.Merge("", s.init())
	c.Required("p", p != nil)
	if p != nil && p.Prefix != s.Prefix {
		c.Add("p.Prefix", kmswatch.RuleCombination, "must equal the Syncer's Prefix %q, got %q", s.Prefix, p.Prefix)
	}
	if p != nil {
		c.Merge("p", p.Validate())
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	if err := s.checkMassDelete(p); err != nil {
		return nil, err
	}
	return s.apply(ctx, p)
}

// apply is Apply for a plan that has passed its checks.
func (s *Syncer) apply(ctx context.Context, p *Plan) (*Result, error) {
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
	state := make([]stepState, len(steps))
	var failed []*StepError
	fail := func(e *StepError, at []stepState) {
		failed = append(failed, e)
		for i := range e.Steps {
			at[i] = stepFailed
		}
	}

	for i, in := range puts {
		if ctx.Err() != nil {
			break
		}
		n, attempts, err := s.call(ctx, s.put, func(ctx context.Context, opt func(*cloudwatch.Options)) error {
			_, err := s.Client.PutMetricAlarm(ctx, in, opt)
			return err
		})
		r.Calls[opPutMetricAlarm] += n
		if err != nil {
			fail(&StepError{Steps: steps[i : i+1], Attempts: attempts, Err: err}, state[i:i+1])
			continue
		}
		state[i] = stepDone
		r.Done = append(r.Done, steps[i])
	}
	for start := len(puts); start < len(steps) && ctx.Err() == nil; start += maxDeleteBatch {
		end := min(start+maxDeleteBatch, len(steps))
		s.deleteBatch(ctx, r, steps[start:end], state[start:end], fail)
	}
	var untried []Step
	for i, st := range steps {
		if state[i] != stepDone {
			r.NotDone = append(r.NotDone, st)
		}
		if state[i] == stepUntried {
			untried = append(untried, st)
		}
	}
	if len(untried) > 0 { // only the end of ctx leaves steps untried
		failed = append(failed, &StepError{Steps: untried, Err: ctx.Err()})
	}
	if len(failed) > 0 {
		return r, &ApplyError{Failed: failed}
	}
	return r, nil
}

// stepState is how far the apply got with one step.
type stepState uint8

const (
	stepUntried stepState = iota
	stepDone
	stepFailed
)

// deleteBatch deletes the alarms of batch, marking each step done or, through
// fail, failed. When the batch reports ResourceNotFound it falls back to
// one name per call: DeleteAlarms documents that the correct names are
// still deleted, but a service that rejects the whole batch would leave
// them, and deleting them one by one settles both cases.
func (s *Syncer) deleteBatch(ctx context.Context, r *Result, batch []Step, state []stepState, fail func(*StepError, []stepState)) {
	del := func(names []string) (int, error) {
		n, attempts, err := s.call(ctx, s.del, func(ctx context.Context, opt func(*cloudwatch.Options)) error {
			_, err := s.Client.DeleteAlarms(ctx, &cloudwatch.DeleteAlarmsInput{AlarmNames: names}, opt)
			return err
		})
		r.Calls[opDeleteAlarms] += n
		return attempts, err
	}
	finish := func(i int) {
		state[i] = stepDone
		r.Done = append(r.Done, batch[i])
	}
	names := make([]string, len(batch))
	for i, st := range batch {
		names[i] = st.Name
	}
	attempts, err := del(names)
	switch {
	case err == nil:
		for i := range batch {
			finish(i)
		}
		return
	case !isNotFound(err):
		fail(&StepError{Steps: batch, Attempts: attempts, Err: err}, state)
		return
	}
	for i, name := range names {
		if ctx.Err() != nil {
			return
		}
		attempts, err := del([]string{name})
		if err != nil && !isNotFound(err) {
			fail(&StepError{Steps: batch[i : i+1], Attempts: attempts, Err: err}, state[i:i+1])
			continue
		}
		finish(i)
	}
}

func isNotFound(err error) bool {
	var nf *types.ResourceNotFound
	var ae smithy.APIError
	return errors.As(err, &nf) || (errors.As(err, &ae) && ae.ErrorCode() == codeNotFound)
}

// retryables classifies errors the way the SDK's standard retryer does.
var retryables = retry.IsErrorRetryables(retry.DefaultRetryables)

// call runs fn, retrying retryable errors with backoff up to the attempt
// limit, and returns the requests sent and the attempts counted for the
// caller's Result and errors (equal for a *cloudwatch.Client).
//
// Every HTTP request is paced by lim, the SDK's own retries included: fn
// must pass opt to the client, and opt wraps the operation's HTTP client
// (cloudwatch.Options.HTTPClient, copied per operation by the SDK) in one
// that waits for lim before each request and counts it. The first request
// of each call waits before the call instead, so that a Client which
// ignores per-call options is still paced once per call, and is then
// counted once per call.
func (s *Syncer) call(ctx context.Context, lim *limiter, fn func(context.Context, func(*cloudwatch.Options)) error) (sent, attempts int, err error) {
	for try := 1; ; try++ {
		if err := lim.wait(ctx); err != nil {
			return sent, attempts, err
		}
		a := &attempt{lim: lim}
		err := fn(ctx, a.option)
		if a.applied {
			sent += a.sent
			attempts += a.sent
		} else {
			sent++
			attempts++
		}
		if err == nil {
			return sent, attempts, nil
		}
		if ctx.Err() != nil || try >= s.maxAttempts || retryables.IsErrorRetryable(err) != aws.TrueTernary {
			return sent, attempts, err
		}
		d, berr := s.backoff.BackoffDelay(try, err)
		if berr != nil {
			return sent, attempts, errors.Join(err, berr)
		}
		if err := s.clock.Sleep(ctx, d); err != nil {
			return sent, attempts, err
		}
	}
}

// attempt paces and counts the HTTP requests of one SDK call. The SDK
// sends a call's requests one after another, so it needs no lock.
type attempt struct {
	lim     *limiter
	applied bool // the client applied option
	sent    int
}

func (a *attempt) option(o *cloudwatch.Options) {
	a.applied = true
	o.HTTPClient = pacedHTTP{next: o.HTTPClient, a: a}
}

// pacedHTTP waits for the limiter before every request but a call's first,
// which [Syncer.call] paced already, and counts the requests.
type pacedHTTP struct {
	next cloudwatch.HTTPClient
	a    *attempt
}

func (p pacedHTTP) Do(r *http.Request) (*http.Response, error) {
	if p.a.sent > 0 {
		if err := p.a.lim.wait(r.Context()); err != nil {
			return nil, err
		}
	}
	p.a.sent++
	return p.next.Do(r)
}

// window is the span over which a rate is kept: a rate of n per second
// lets at most n requests go in any window of one second plus guard.
// CloudWatch counts requests when they arrive, and the time from the
// limiter to the service varies from request to request; the 20 ms guard
// absorbs that variation, so that the service too never sees more than n
// within one second. It costs 2% of the throughput.
const (
	guard  = 20 * time.Millisecond
	window = time.Second + guard
)

// interval returns the spacing that keeps at most rate requests in any
// window: window/n, rounded up, for n the rate rounded down (a window
// cannot hold part of a request), or window/rate for a rate below 1.
// Rounding up matters: 1s/3 truncated to 333,333,333 ns lets a fourth
// request into a second. A rate so low that the spacing does not fit in a
// time.Duration (under about 1.1e-10 per second) gets the longest one: a
// float64 that overflows int64 converts to a negative Duration, which would
// have turned pacing off.
func interval(rate float64) time.Duration {
	n := rate
	if n >= 1 {
		n = math.Floor(n)
	}
	d := math.Ceil(float64(window) / n)
	if !(d < math.MaxInt64) {
		return math.MaxInt64
	}
	return time.Duration(d)
}

// limiter lets requests go at least interval apart, measured between the
// moments they are let go. A waiter holds the turn while it sleeps, so
// concurrent callers go in order and a late wake-up cannot bring two
// requests closer than interval; waiting for the turn ends with ctx.
type limiter struct {
	turn     chan struct{}
	clock    clock.Clock
	interval time.Duration
	last     time.Time // when the previous request went; zero before the first
}

func newLimiter(c clock.Clock, rate float64) *limiter {
	return &limiter{turn: make(chan struct{}, 1), clock: c, interval: interval(rate)}
}

func (l *limiter) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.turn }()
	if !l.last.IsZero() {
		if d := l.last.Add(l.interval).Sub(l.clock.Now()); d > 0 {
			if err := l.clock.Sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	l.last = l.clock.Now()
	return nil
}
