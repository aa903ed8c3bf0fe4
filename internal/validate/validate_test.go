package validate

import (
	"errors"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/problemtest"
)

func TestCollector(t *testing.T) {
	re := regexp.MustCompile(`^[a-z][a-zA-Z0-9_]*$`)
	tests := map[string]struct {
		run  func(c *Collector)
		want []kmswatch.Problem
	}{
		"nothing wrong": {
			run: func(c *Collector) {
				c.Required("Name", true)
				c.NotNil("in", true)
				c.Length("Name", "abc", 1, 255)
				c.Range("Period", 60, 1, 86400)
				c.Pattern("Id", "m1", re)
				c.Enum("Stat", "Minimum", "Minimum", "Maximum")
				c.Count("Targets", 3, 1, 5)
				c.NoControl("Name", "plain")
				c.Forbidden("Threshold", false, "with ThresholdMetricId")
			},
		},
		"every rule broken": {
			run: func(c *Collector) {
				c.Required("AlarmName", false)
				c.NotNil("in", false)
				c.Length("AlarmName", "", 1, 255)
				c.MaxLength("AlarmDescription", "\xff", 1024)
				c.Range("Period", 0, 1, 86400)
				c.Pattern("Id", "M1", re)
				c.Enum("Stat", "Median", "Minimum", "Maximum")
				c.Count("Targets", 6, 1, 5)
				c.NoControl("AlarmName", "a\tb")
				c.Forbidden("Threshold", true, "with ThresholdMetricId")
			},
			want: []kmswatch.Problem{
				{Field: "AlarmName", Rule: kmswatch.RuleRequired, Message: "is required"},
				{Field: "in", Rule: kmswatch.RuleRequired, Message: "must not be nil"},
				{Field: "AlarmName", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 255 characters, got 0"},
				{Field: "AlarmDescription", Rule: kmswatch.RuleEncoding, Message: "must be valid UTF-8"},
				{Field: "Period", Rule: kmswatch.RuleRange, Message: "must be between 1 and 86400, got 0"},
				{Field: "Id", Rule: kmswatch.RulePattern, Message: `must match ^[a-z][a-zA-Z0-9_]*$, got "M1"`},
				{Field: "Stat", Rule: kmswatch.RuleEnum, Message: `must be one of Minimum, Maximum, got "Median"`},
				{Field: "Targets", Rule: kmswatch.RuleCount, Message: "must hold between 1 and 5 items, got 6"},
				{Field: "AlarmName", Rule: kmswatch.RulePattern, Message: "must not contain ASCII control characters (found 0x09 at byte 1)"},
				{Field: "Threshold", Rule: kmswatch.RuleForbidden, Message: "must not be set with ThresholdMetricId"},
			},
		},
		"length counts characters not bytes": {
			run: func(c *Collector) { c.Length("Name", "ééé", 1, 3) },
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := New("Thing")
			tc.run(c)
			problemtest.Exact(t, c.Err(), tc.want)
		})
	}
}

func TestErrorMessageAndMerge(t *testing.T) {
	inner := New("MetricDataQuery")
	inner.Required("Id", false)
	outer := New("PutMetricAlarmInput")
	outer.Length("AlarmName", "", 1, 255)
	outer.Merge("Metrics[0]", inner.Err())
	outer.Merge("Metrics[1]", nil)
	outer.Merge("Tags", errors.New("boom"))
	err := outer.Err()
	want := "invalid PutMetricAlarmInput: AlarmName: length must be between 1 and 255 characters, got 0; Metrics[0].Id: is required; Tags: boom"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	var ve *kmswatch.ValidationError
	errors.As(err, &ve)
	if diff := cmp.Diff([]kmswatch.Problem{{Field: "Metrics[0].Id", Rule: kmswatch.RuleRequired, Message: "is required"}}, ve.Field("Metrics[0].Id")); diff != "" {
		t.Errorf("Field mismatch (-want +got):\n%s", diff)
	}
	if outer.OK() {
		t.Error("OK() = true with problems recorded")
	}
}

func TestMergeAsAndHas(t *testing.T) {
	inner := New("metrics.KeyID")
	inner.Length("keyRef", "", 1, 1024)
	inner.Add("keyRef[0].x", kmswatch.RuleRequired, "is required")
	inner.Add("keyRefs", kmswatch.RuleCount, "other parameter")
	inner.Add("", kmswatch.RuleRequired, "whole value")
	c := New("alarms.KeyMaterialExpiries")
	c.MergeAs("keyRef", "keyRefs[3]", inner.Err())
	c.MergeAs("keyRef", "keyRefs[4]", nil)
	c.MergeAs("keyRef", "keyRefs[5]", errors.New("boom"))
	c.Merge("opts", inner.Err())
	var got []string
	for _, p := range c.Problems() {
		got = append(got, p.Field)
	}
	want := []string{"keyRefs[3]", "keyRefs[3][0].x", "keyRefs", "", "keyRefs[5]",
		"opts.keyRef", "opts.keyRef[0].x", "opts.keyRefs", "opts"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s", diff)
	}
	for path, want := range map[string]bool{"keyRefs[3]": true, "keyRefs": true, "keyRefs[4]": false,
		"keyRefs[3][0]": true, "opts": true, "opts.key": false, "": true} {
		if got := c.Has(path); got != want {
			t.Errorf("Has(%q) = %v, want %v", path, got, want)
		}
	}
	if New("x").Has("") {
		t.Error("Has on an empty collector = true")
	}
}

func TestInput(t *testing.T) {
	name := func(s string) *string { return &s }
	tests := map[string]struct {
		in   *string
		want []kmswatch.Problem
	}{
		"nil, check not run": {in: nil, want: []kmswatch.Problem{{Rule: kmswatch.RuleRequired, Message: "must not be nil"}}},
		"checked":            {in: name(""), want: []kmswatch.Problem{{Field: "Name", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 3 characters, got 0"}}},
		"valid":              {in: name("abc")},
	}
	for desc, tc := range tests {
		t.Run(desc, func(t *testing.T) {
			err := Input("Thing", tc.in, func(c *Collector, in *string) { c.Length("Name", *in, 1, 3) })
			problemtest.Exact(t, err, tc.want)
		})
	}
}
