package insights

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// insightsFixtures are valid queries; the fuzz target starts from them.
var insightsFixtures = map[string]*Query{
	`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`: {
		Func: "MIN", Metric: "SecondsUntilKeyMaterialExpiration", Namespace: "AWS/KMS",
		IsSchema: true, Schema: []string{"KeyId"}, GroupBy: []string{"KeyId"}, OrderFunc: "MIN",
	},
	`select max("SecondsUntilKeyMaterialExpiration") from schema("AWS/KMS", "KeyId") group by KeyId order by max() desc limit 10`: {
		Func: "MAX", Metric: "SecondsUntilKeyMaterialExpiration", Namespace: "AWS/KMS",
		IsSchema: true, Schema: []string{"KeyId"}, GroupBy: []string{"KeyId"}, OrderFunc: "MAX", Desc: true, Limit: 10,
	},
	`SELECT SUM(XksProxyErrors) FROM "AWS/KMS" WHERE ErrorType = 'Retryable'`: {
		Func: "SUM", Metric: "XksProxyErrors", Namespace: "AWS/KMS",
		Where: []Condition{{Key: "ErrorType", Value: "Retryable"}},
	},
	`SELECT AVG(CPUUtilization) FROM SCHEMA("AWS/EC2")`: {
		Func: "AVG", Metric: "CPUUtilization", Namespace: "AWS/EC2", IsSchema: true, Schema: []string{},
	},
	`SELECT COUNT(Requests) FROM Custom_NS WHERE Op != 'Decrypt' AND Stage <> 'it\'s' GROUP BY Op, Stage ORDER BY COUNT()`: {
		Func: "COUNT", Metric: "Requests", Namespace: "Custom_NS",
		Where:   []Condition{{Key: "Op", Value: "Decrypt", Negate: true}, {Key: "Stage", Value: "it's", Negate: true}},
		GroupBy: []string{"Op", "Stage"}, OrderFunc: "COUNT",
	},
	`SELECT MIN("Metric \"q\" \\ name") FROM "ns"`: {
		Func: "MIN", Metric: `Metric "q" \ name`, Namespace: "ns",
	},
}

func TestParseInsights(t *testing.T) {
	for q, want := range insightsFixtures {
		t.Run(q, func(t *testing.T) {
			got, err := Parse(q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseInsightsErrors(t *testing.T) {
	tests := []struct {
		name, query string
		wantOffset  int
		wantMsg     string
	}{
		{"empty", ``, 0, "expected SELECT, found end of query"},
		{"unknown function", `SELECT MEDIAN(x) FROM "n"`, 7, `expected one of AVG, COUNT, MAX, MIN, SUM, found "MEDIAN"`},
		{"missing FROM", `SELECT MIN(x) "n"`, 14, `expected FROM, found "n"`},
		{"unquoted slash", `SELECT MIN(x) FROM AWS/KMS`, 22, `unexpected character '/'`},
		{"unterminated string", `SELECT MIN(x) FROM "n" WHERE a = 'b`, 33, "missing closing '"},
		{"double-quoted value", `SELECT MIN(x) FROM "n" WHERE a = "b"`, 33, `expected a single-quoted label value, found "b"`},
		{"unsupported operator", `SELECT MIN(x) FROM "n" WHERE a LIKE 'b%'`, 31, "expected = or !="},
		{"limit too high", `SELECT MIN(x) FROM "n" ORDER BY MIN() LIMIT 501`, 44, "LIMIT must be a whole number from 1 to 500"},
		{"limit not a number", `SELECT MIN(x) FROM "n" LIMIT ten`, 29, "LIMIT must be a whole number"},
		{"order by with argument", `SELECT MIN(x) FROM "n" ORDER BY MIN(x)`, 36, `expected ")", found "x"`},
		{"trailing text", `SELECT MIN(x) FROM "n" GROUP BY k extra`, 34, `unexpected "extra"`},
		{"keyword as metric", `SELECT MIN(FROM) FROM "n"`, 11, "expected a metric name"},
		{"empty quoted namespace", `SELECT MIN(x) FROM ""`, 19, "expected a namespace"},
		{"bad escape", `SELECT MIN(x) FROM "a\n"`, 19, `invalid escape \n`},
		{"schema unclosed", `SELECT MIN(x) FROM SCHEMA("n", k`, 32, `expected ")", found end of query`},
		{"non-ASCII", `SELECT MIN(x) FROM "n" WHERE é = 'v'`, 29, "unexpected character 'é'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.query)
			var ie *Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not *Error", err, err)
			}
			got := struct {
				Offset int
				HasMsg bool
			}{ie.Offset, strings.Contains(ie.Msg, tt.wantMsg)}
			want := struct {
				Offset int
				HasMsg bool
			}{tt.wantOffset, true}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("error %q: mismatch (-want +got):\n%s", err, diff)
			}
		})
	}
}

func FuzzParseInsights(f *testing.F) {
	for q := range insightsFixtures {
		f.Add(q)
	}
	f.Add(`SELECT MIN(x) FROM "n" WHERE a = 'b\'c' AND d != 'e' GROUP BY a ORDER BY SUM() DESC LIMIT 1`)
	f.Fuzz(func(t *testing.T, q string) {
		got, err := Parse(q)
		if (got == nil) == (err == nil) {
			t.Fatalf("Parse(%q) = %v, %v: want exactly one of query and error", q, got, err)
		}
		if err != nil {
			var ie *Error
			if !errors.As(err, &ie) || ie.Offset < 0 || ie.Offset > len(q) {
				t.Fatalf("Parse(%q): error %v has no offset within the query", q, err)
			}
			return
		}
		if !slices.Contains(Functions, got.Func) || got.Metric == "" || got.Namespace == "" {
			t.Fatalf("Parse(%q) = %+v: incomplete query", q, got)
		}
	})
}

// TestSeriesLimitAndCompare checks the order and the number of series a
// parsed query asks for: LIMIT or MaxSeries, ORDER BY value ascending or
// descending with ties and no ORDER BY going by label.
func TestSeriesLimitAndCompare(t *testing.T) {
	type group struct {
		order float64
		label string
	}
	groups := []group{{3, "b"}, {1, "c"}, {3, "a"}, {2, "d"}}
	tests := map[string]struct {
		query string
		limit int
		want  []string // labels in sorted order
	}{
		"no ORDER BY: by label": {`SELECT MIN(m) FROM SCHEMA("ns", k) GROUP BY k`, MaxSeries, []string{"a", "b", "c", "d"}},
		"ORDER BY ascending":    {`SELECT MIN(m) FROM SCHEMA("ns", k) GROUP BY k ORDER BY MIN() ASC LIMIT 3`, 3, []string{"c", "d", "a", "b"}},
		"ORDER BY descending":   {`SELECT MIN(m) FROM SCHEMA("ns", k) GROUP BY k ORDER BY MIN() DESC LIMIT 500`, MaxSeries, []string{"a", "b", "d", "c"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			q, err := Parse(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if got := q.SeriesLimit(); got != tc.limit {
				t.Errorf("SeriesLimit() = %d, want %d", got, tc.limit)
			}
			sorted := slices.Clone(groups)
			slices.SortFunc(sorted, func(a, b group) int { return q.Compare(a.order, a.label, b.order, b.label) })
			var got []string
			for _, g := range sorted {
				got = append(got, g.label)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("order mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
