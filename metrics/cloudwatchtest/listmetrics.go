package cloudwatchtest

import (
	"slices"
	"time"

	engine "github.com/kmswatch/kmswatch/internal/cloudwatchengine"
)

// recentlyActive is the only RecentlyActive value: the last three hours.
const recentlyActive = 3 * time.Hour

func (s *Server) listMetrics(in *listMetricsInput) (any, *apiError) {
	var p problems
	if in.Namespace != nil {
		p.checkNamespace("Namespace", in.Namespace)
	}
	if in.MetricName != nil {
		p.checkName("MetricName", in.MetricName)
	}
	p.checkSize("Dimensions", len(in.Dimensions), maxDimFilters)
	for i, f := range in.Dimensions {
		path := member("Dimensions", i)
		p.checkName(path+".Name", f.Name)
		if f.Value != nil {
			p.checkLen(path+".Value", *f.Value, 1, maxDimValueLen)
		}
	}
	if in.RecentlyActive != nil {
		p.checkEnum("RecentlyActive", *in.RecentlyActive, recentlyActiveValues)
	}
	if in.OwningAccount != nil {
		p.checkLen("OwningAccount", *in.OwningAccount, 1, maxNameLen)
		if in.IncludeLinkedAccounts == nil || !*in.IncludeLinkedAccounts {
			p.add(codeInvalidParameterCombination, "The parameter OwningAccount can be used only with IncludeLinkedAccounts set to true.")
		}
	}
	resumed, err := p.resume(in, &in.NextToken)
	if err != nil {
		return nil, err
	}

	now := s.now()
	since := now.Add(-listRange)
	if in.RecentlyActive != nil {
		since = now.Add(-recentlyActive)
	}
	// Only the fake's own account has metrics.
	otherAccount := in.OwningAccount != nil && *in.OwningAccount != s.base.Account()
	s.mu.Lock()
	var matched []*engine.Series
	for m := range s.eng.Metrics() {
		if otherAccount || m.Latest().Before(since) || !listFilter(in, m) {
			continue
		}
		matched = append(matched, m)
	}
	slices.SortFunc(matched, engine.BySeriesKey)
	var out listMetricsOutput
	matched, out.NextToken = pageOf(matched, resumed, s.opts.listPageSize)
	out.Metrics = make([]wireMetric, 0, len(matched))
	for _, m := range matched {
		out.Metrics = append(out.Metrics, wireMetricOf(m))
		if in.IncludeLinkedAccounts != nil && *in.IncludeLinkedAccounts {
			out.OwningAccounts = append(out.OwningAccounts, s.base.Account())
		}
	}
	s.unlock()
	return out, nil
}

// listFilter applies the Namespace, MetricName and dimension filters; a
// filter without a value matches any value of that dimension.
func listFilter(in *listMetricsInput, m *engine.Series) bool {
	if in.Namespace != nil && *in.Namespace != m.Namespace {
		return false
	}
	if in.MetricName != nil && *in.MetricName != m.Name {
		return false
	}
	for _, f := range in.Dimensions {
		v, ok := m.DimValue(deref(f.Name))
		if !ok || f.Value != nil && *f.Value != v {
			return false
		}
	}
	return true
}

// wireMetricOf converts a series to its ListMetrics form.
func wireMetricOf(m *engine.Series) wireMetric {
	out := wireMetric{Namespace: &m.Namespace, MetricName: &m.Name}
	for _, d := range m.Dims {
		out.Dimensions = append(out.Dimensions, wireDimension{Name: &d.Name, Value: &d.Value})
	}
	return out
}
