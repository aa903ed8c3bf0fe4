package cloudwatchtest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
	"github.com/kmswatch/kmswatch/internal/insights"
)

const (
	// listRange is how long a silent metric stays listed (docs/reference.md#64-listmetrics).
	listRange = 14 * engine.Day
)

// seriesResult is one time series of a GetMetricData answer before paging.
type seriesResult struct {
	id, label string
	points    []engine.Bucket // ascending
	messages  []wireMessage
}

// plannedQuery is a validated query ready to evaluate.
type plannedQuery struct {
	q        wireQuery
	insights *insights.Query
}

func (s *Server) getMetricData(in *getMetricDataInput) (any, *apiError) {
	plan, perr := validateGetMetricData(in)
	if perr != nil {
		return nil, perr
	}
	resumed, err := resume(in, &in.NextToken)
	if err != nil {
		return nil, err
	}
	offset, hash := resumed.Offset, resumed.Hash

	now := s.now()
	start := engine.RoundStart(*in.StartTime, now)
	end := in.EndTime.UTC()
	var results []seriesResult
	s.mu.Lock()
	for _, p := range plan {
		if p.q.ReturnData != nil && !*p.q.ReturnData {
			continue
		}
		if p.insights != nil {
			results = append(results, s.evalInsights(p, start, end, now)...)
			continue
		}
		results = append(results, s.evalMetricStat(p.q, start, end, now))
	}
	s.unlock()

	descending := in.ScanBy == nil || *in.ScanBy == string(types.ScanByTimestampDescending)
	limit := maxDatapointsCall
	if in.MaxDatapoints != nil {
		limit = int(*in.MaxDatapoints)
	}
	return page(results, offset, limit, descending, hash), nil
}

// page cuts the answer into the datapoints from offset to offset+limit,
// counted over all series in query order. Every series appears on every page
// so callers merging by Id and Label see it; a series with datapoints left
// for a later page is PartialData.
func page(results []seriesResult, offset, limit int, descending bool, hash uint64) getMetricDataOutput {
	out := getMetricDataOutput{Results: make([]wireResult, 0, len(results))}
	pos, total := 0, 0
	for _, r := range results {
		total += len(r.points)
	}
	for _, r := range results {
		pts := slices.Clone(r.points)
		if descending {
			slices.Reverse(pts)
		}
		from := min(max(offset-pos, 0), len(pts))
		to := min(max(offset+limit-pos, 0), len(pts))
		pos += len(pts)
		wr := wireResult{
			ID: r.id, Label: r.label, StatusCode: string(types.StatusCodeComplete),
			Timestamps: make([]time.Time, 0, to-from), Values: make([]float64, 0, to-from),
			Messages: r.messages,
		}
		for _, b := range pts[from:to] {
			wr.Timestamps = append(wr.Timestamps, b.Start)
			wr.Values = append(wr.Values, b.Value)
		}
		if to < len(pts) {
			wr.StatusCode = string(types.StatusCodePartialData)
		}
		out.Results = append(out.Results, wr)
	}
	if offset+limit < total {
		out.NextToken = pageToken{Offset: offset + limit, Hash: hash}.encode()
	}
	return out
}

// evalMetricStat answers one MetricStat query; s.mu is held.
func (s *Server) evalMetricStat(q wireQuery, start, end, now time.Time) seriesResult {
	ms := q.MetricStat
	res := seriesResult{id: *q.ID, label: deref(ms.Metric.MetricName)}
	if q.Label != nil {
		res.label = expandLabel(*q.Label, ms)
	}
	if q.AccountID != nil && *q.AccountID != s.base.Account() {
		return res
	}
	m := s.eng.Metric(engine.SeriesKey(deref(ms.Metric.Namespace), deref(ms.Metric.MetricName), dimsFromWire(ms.Metric.Dimensions)))
	if m == nil {
		return res
	}
	period := time.Duration(*ms.Period) * time.Second
	from := start
	if cutoff := now.Add(-engine.Retention(period)); cutoff.After(from) {
		from = cutoff
	}
	res.points = engine.Buckets(m.Window(from, end), start, period, *ms.Stat)
	return res
}

func validateGetMetricData(in *getMetricDataInput) ([]plannedQuery, *apiError) {
	var p problems
	if p.checkRequired("MetricDataQueries", len(in.Queries) > 0) {
		p.checkSize("MetricDataQueries", len(in.Queries), maxQueries)
	}
	p.checkRequired("StartTime", in.StartTime != nil)
	p.checkRequired("EndTime", in.EndTime != nil)
	if in.StartTime != nil && in.EndTime != nil && !in.StartTime.Before(*in.EndTime) {
		p.add(codeInvalidParameterValue, "The parameter StartTime must be less than the parameter EndTime.")
	}
	if in.ScanBy != nil {
		p.checkEnum("ScanBy", *in.ScanBy, scanByValues)
	}
	if in.MaxDatapoints != nil && *in.MaxDatapoints < 1 {
		p.add(codeInvalidParameterValue, msgInvalidValue, fmt.Sprint(*in.MaxDatapoints), "MaxDatapoints")
	}
	if in.LabelOptions != nil && in.LabelOptions.Timezone != nil {
		tz := *in.LabelOptions.Timezone
		p.checkLen("LabelOptions.Timezone", tz, 0, maxTimezoneLen)
		if !labelTimezonePattern.MatchString(tz) {
			p.add(codeInvalidParameterValue, msgInvalidValue, tz, "LabelOptions.Timezone")
		}
	}
	plan := make([]plannedQuery, 0, len(in.Queries))
	ids := map[string]bool{}
	insightsQueries := 0
	for i, q := range in.Queries {
		path := member("MetricDataQueries", i)
		pq := plannedQuery{q: q}
		p.checkQueryID(path+".Id", q.ID, ids)
		if q.Period != nil && !validPeriod(*q.Period) {
			p.add(codeInvalidParameterValue, msgInvalidPeriod, *q.Period, path+".Period")
		}
		if q.AccountID != nil {
			p.checkLen(path+".AccountId", *q.AccountID, 1, maxNameLen)
		}
		switch {
		case (q.Expression == nil) == (q.MetricStat == nil):
			p.add(codeInvalidParameterCombination, msgExactlyOne, path+".Expression and "+path+".MetricStat")
		case q.MetricStat != nil:
			p.checkMetricStat(path+".MetricStat", q.MetricStat, validPeriod)
		default:
			expr := *q.Expression
			p.checkLen(path+".Expression", expr, 1, maxExpressionLen)
			if !insights.IsQuery(expr) {
				p.add(codeValidationError, msgUnsupported, "metric math expressions", path+".Expression")
				break
			}
			insightsQueries++
			if insightsQueries > maxInsightsQueries {
				p.add(codeValidationError, "%s: only %d Metrics Insights query is allowed per GetMetricData call.", path+".Expression", maxInsightsQueries)
				break
			}
			iq, err := insights.Parse(expr)
			if err != nil {
				p.add(codeValidationError, "%s: %v", path+".Expression", err)
				break
			}
			pq.insights = iq
			// Any valid period works: Metrics Insights has no sub-minute
			// data, and a shorter period is answered at 1 minute rather
			// than failing (Metrics Insights quotas page,
			// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-limits.html).
			p.checkRequired(path+".Period", q.Period != nil)
		}
		plan = append(plan, pq)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	return plan, nil
}

func (p *problems) checkQueryID(path string, id *string, seen map[string]bool) {
	if !p.checkRequired(path, id != nil) {
		return
	}
	p.checkLen(path, *id, 1, maxNameLen)
	if !engine.QueryIDPattern.MatchString(*id) {
		p.add(codeInvalidParameterValue, "The value %s for parameter %s is not valid: an Id starts with a lowercase letter and holds only letters, digits and underscores.", truncate(*id), path)
	}
	if seen[*id] {
		p.add(codeInvalidParameterValue, "The value %s for parameter %s is used by more than one query: Ids must be unique.", truncate(*id), path)
	}
	seen[*id] = true
}

// checkMetricStat validates a MetricStat; periodOK is the period rule of the
// calling operation.
func (p *problems) checkMetricStat(path string, ms *wireMetricStat, periodOK func(int32) bool) {
	if p.checkRequired(path+".Metric", ms.Metric != nil) {
		p.checkNamespace(path+".Metric.Namespace", ms.Metric.Namespace)
		p.checkName(path+".Metric.MetricName", ms.Metric.MetricName)
		p.checkDimensions(path+".Metric.Dimensions", ms.Metric.Dimensions)
	}
	if p.checkRequired(path+".Period", ms.Period != nil) {
		p.checkMin(path+".Period", int64(*ms.Period), 1)
		if *ms.Period >= 1 && !periodOK(*ms.Period) {
			p.add(codeInvalidParameterValue, msgInvalidPeriod, *ms.Period, path+".Period")
		}
	}
	if p.checkRequired(path+".Stat", ms.Stat != nil) && !engine.ValidStat(*ms.Stat) {
		p.add(codeInvalidParameterValue, msgInvalidValue, truncate(*ms.Stat), path+".Stat")
	}
	if ms.Unit != nil {
		p.checkEnum(path+".Unit", *ms.Unit, unitValues)
	}
}

// dynamicProp matches the ${PROP('...')} dynamic label references.
var dynamicProp = regexp.MustCompile(`\$\{PROP\('([^']*)'\)\}`)

// expandLabel resolves the dynamic labels of a MetricStat query: Dim.<name>,
// MetricName, Namespace, Period and Stat. Other references stay as written.
func expandLabel(label string, ms *wireMetricStat) string {
	if !strings.Contains(label, "${") {
		return label
	}
	return dynamicProp.ReplaceAllStringFunc(label, func(ref string) string {
		prop := dynamicProp.FindStringSubmatch(ref)[1]
		switch prop {
		case "MetricName":
			return deref(ms.Metric.MetricName)
		case "Namespace":
			return deref(ms.Metric.Namespace)
		case "Period":
			return strconv.Itoa(int(*ms.Period))
		case "Stat":
			return *ms.Stat
		}
		if name, ok := strings.CutPrefix(prop, "Dim."); ok {
			for _, d := range ms.Metric.Dimensions {
				if deref(d.Name) == name {
					return deref(d.Value)
				}
			}
		}
		return ref
	})
}
