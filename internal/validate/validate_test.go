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
	// Each check once on a value it accepts and once on one it refuses,
	// with the problem it records for the latter.
	checks := []struct {
		name           string
		accept, refuse func(c *Collector)
		want           kmswatch.Problem
	}{
		{"Required", func(c *Collector) { c.Required("Name", true) }, func(c *Collector) { c.Required("AlarmName", false) },
			kmswatch.Problem{Field: "AlarmName", Rule: kmswatch.RuleRequired, Message: "is required"}},
		{"NotNil", func(c *Collector) { c.NotNil("in", true) }, func(c *Collector) { c.NotNil("in", false) },
			kmswatch.Problem{Field: "in", Rule: kmswatch.RuleRequired, Message: "must not be nil"}},
		{"Length", func(c *Collector) { c.Length("Name", "abc", 1, 255) }, func(c *Collector) { c.Length("AlarmName", "", 1, 255) },
			kmswatch.Problem{Field: "AlarmName", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 255 characters, got 0"}},
		{"MaxLength", func(c *Collector) { c.MaxLength("AlarmDescription", "ok", 1024) }, func(c *Collector) { c.MaxLength("AlarmDescription", "\xff", 1024) },
			kmswatch.Problem{Field: "AlarmDescription", Rule: kmswatch.RuleEncoding, Message: "must be valid UTF-8"}},
		{"Range", func(c *Collector) { c.Range("Period", 60, 1, 86400) }, func(c *Collector) { c.Range("Period", 0, 1, 86400) },
			kmswatch.Problem{Field: "Period", Rule: kmswatch.RuleRange, Message: "must be between 1 and 86400, got 0"}},
		{"Pattern", func(c *Collector) { c.Pattern("Id", "m1", re) }, func(c *Collector) { c.Pattern("Id", "M1", re) },
			kmswatch.Problem{Field: "Id", Rule: kmswatch.RulePattern, Message: `must match ^[a-z][a-zA-Z0-9_]*$, got "M1"`}},
		{"Enum", func(c *Collector) { c.Enum("Stat", "Minimum", "Minimum", "Maximum") }, func(c *Collector) { c.Enum("Stat", "Median", "Minimum", "Maximum") },
			kmswatch.Problem{Field: "Stat", Rule: kmswatch.RuleEnum, Message: `must be one of Minimum, Maximum, got "Median"`}},
		{"Count", func(c *Collector) { c.Count("Targets", 3, 1, 5) }, func(c *Collector) { c.Count("Targets", 6, 1, 5) },
			kmswatch.Problem{Field: "Targets", Rule: kmswatch.RuleCount, Message: "must hold between 1 and 5 items, got 6"}},
		{"NoControl", func(c *Collector) { c.NoControl("Name", "plain") }, func(c *Collector) { c.NoControl("AlarmName", "a\tb") },
			kmswatch.Problem{Field: "AlarmName", Rule: kmswatch.RulePattern, Message: "must not contain ASCII control characters (found 0x09 at byte 1)"}},
		{"Forbidden", func(c *Collector) { c.Forbidden("Threshold", false, "with ThresholdMetricId") }, func(c *Collector) { c.Forbidden("Threshold", true, "with ThresholdMetricId") },
			kmswatch.Problem{Field: "Threshold", Rule: kmswatch.RuleForbidden, Message: "must not be set with ThresholdMetricId"}},
		{"Length counts characters not bytes", func(c *Collector) { c.Length("Name", "ééé", 1, 3) }, func(c *Collector) { c.Length("Name", "éééé", 1, 3) },
			kmswatch.Problem{Field: "Name", Rule: kmswatch.RuleLength, Message: "length must be between 1 and 3 characters, got 4"}},
	}
	for _, tc := range checks {
		t.Run(tc.name+"/accepts", func(t *testing.T) {
			c := New("Thing")
			tc.accept(c)
			problemtest.Exact(t, c.Err(), nil)
		})
		t.Run(tc.name+"/refuses", func(t *testing.T) {
			c := New("Thing")
			tc.refuse(c)
			problemtest.Exact(t, c.Err(), []kmswatch.Problem{tc.want})
		})
	}
	// One collector keeps every problem, in the order recorded.
	c := New("Thing")
	var want []kmswatch.Problem
	for _, tc := range checks {
		tc.accept(c)
		tc.refuse(c)
		want = append(want, tc.want)
	}
	problemtest.Exact(t, c.Err(), want)
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

// TestStrings converts a string enum's values, in order, and an empty
// list to an empty one; Enum then accepts exactly those values.
func TestStrings(t *testing.T) {
	type state string
	got := Strings([]state{"OK", "ALARM", "INSUFFICIENT_DATA"})
	if diff := cmp.Diff([]string{"OK", "ALARM", "INSUFFICIENT_DATA"}, got); diff != "" {
		t.Errorf("Strings mismatch (-want +got):\n%s", diff)
	}
	if empty := Strings([]state{}); empty == nil || len(empty) != 0 {
		t.Errorf("Strings of an empty list = %#v, want an empty list", empty)
	}
	c := New("Thing")
	c.Enum("StateValue", "ALARM", got...)
	c.Enum("StateValue", "Alarm", got...)
	problemtest.Exact(t, c.Err(), []kmswatch.Problem{{Field: "StateValue", Rule: kmswatch.RuleEnum,
		Message: `must be one of OK, ALARM, INSUFFICIENT_DATA, got "Alarm"`}})
}
