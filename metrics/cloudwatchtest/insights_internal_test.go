package cloudwatchtest

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// insightsFixtures are valid queries; the fuzz target starts from them.
var insightsFixtures = map[string]*insightsQuery{
	`SELECT MIN(SecondsUntilKeyMaterialExpiration) FROM SCHEMA("AWS/KMS", KeyId) GROUP BY KeyId ORDER BY MIN() ASC`: {
		fn: "MIN", metric: "SecondsUntilKeyMaterialExpiration", namespace: "AWS/KMS",
		isSchema: true, schema: []string{"KeyId"}, groupBy: []string{"KeyId"}, orderFn: "MIN",
	},
	`select max("SecondsUntilKeyMaterialExpiration") from schema("AWS/KMS", "KeyId") group by KeyId order by max() desc limit 10`: {
		fn: "MAX", metric: "SecondsUntilKeyMaterialExpiration", namespace: "AWS/KMS",
		isSchema: true, schema: []string{"KeyId"}, groupBy: []string{"KeyId"}, orderFn: "MAX", desc: true, limit: 10,
	},
	`SELECT SUM(XksProxyErrors) FROM "AWS/KMS" WHERE ErrorType = 'Retryable'`: {
		fn: "SUM", metric: "XksProxyErrors", namespace: "AWS/KMS",
		where: []condition{{key: "ErrorType", value: "Retryable"}},
	},
	`SELECT AVG(CPUUtilization) FROM SCHEMA("AWS/EC2")`: {
		fn: "AVG", metric: "CPUUtilization", namespace: "AWS/EC2", isSchema: true, schema: []string{},
	},
	`SELECT COUNT(Requests) FROM Custom_NS WHERE Op != 'Decrypt' AND Stage <> 'it\'s' GROUP BY Op, Stage ORDER BY COUNT()`: {
		fn: "COUNT", metric: "Requests", namespace: "Custom_NS",
		where:   []condition{{key: "Op", value: "Decrypt", negate: true}, {key: "Stage", value: "it's", negate: true}},
		groupBy: []string{"Op", "Stage"}, orderFn: "COUNT",
	},
	`SELECT MIN("Metric \"q\" \\ name") FROM "ns"`: {
		fn: "MIN", metric: `Metric "q" \ name`, namespace: "ns",
	},
}

func TestParseInsights(t *testing.T) {
	for q, want := range insightsFixtures {
		t.Run(q, func(t *testing.T) {
			got, err := parseInsights(q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(insightsQuery{}, condition{})); diff != "" {
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
			_, err := parseInsights(tt.query)
			var ie *insightsError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not *insightsError", err, err)
			}
			got := struct {
				Offset int
				HasMsg bool
			}{ie.offset, strings.Contains(ie.msg, tt.wantMsg)}
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
		got, err := parseInsights(q)
		if (got == nil) == (err == nil) {
			t.Fatalf("parseInsights(%q) = %v, %v: want exactly one of query and error", q, got, err)
		}
		if err != nil {
			var ie *insightsError
			if !errors.As(err, &ie) || ie.offset < 0 || ie.offset > len(q) {
				t.Fatalf("parseInsights(%q): error %v has no offset within the query", q, err)
			}
			return
		}
		if _, ok := insightsFuncs[got.fn]; !ok || got.metric == "" || got.namespace == "" {
			t.Fatalf("parseInsights(%q) = %+v: incomplete query", q, got)
		}
	})
}
