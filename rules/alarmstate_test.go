package rules_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch"
	"github.com/kmswatch/kmswatch/internal/problemtest"
	"github.com/kmswatch/kmswatch/rules"
)

// alarmEvent is the "CloudWatch Alarm State Change" event of the CloudWatch
// user guide ("Alarm events and EventBridge"), trimmed to the fields the
// patterns read.
func alarmEvent(account, name, state string) []byte {
	return []byte(`{"version":"0","id":"c4c1c1c9-6542-e61b-6ef0-8c4d36933a92","detail-type":"CloudWatch Alarm State Change",` +
		`"source":"aws.cloudwatch","account":"` + account + `","time":"2019-10-02T17:04:40Z","region":"us-west-2",` +
		`"resources":["arn:aws:cloudwatch:us-west-2:` + account + `:alarm:` + name + `"],` +
		`"detail":{"alarmName":"` + name + `","state":{"value":"` + state + `","reason":"r","timestamp":"2019-10-02T17:04:40.989+0000"},` +
		`"previousState":{"value":"OK","reason":"r","timestamp":"2019-10-01T13:56:40.987+0000"}}}`)
}

func TestAlarmStates(t *testing.T) {
	tests := map[string]struct {
		filter  rules.AlarmStates
		pattern string
		match   map[string]bool // event description -> matches
	}{
		"all": {
			filter:  rules.AlarmStates{},
			pattern: `{"detail-type":["CloudWatch Alarm State Change"],"source":["aws.cloudwatch"]}`,
			match:   map[string]bool{"kmswatch ALARM": true, "other OK": true},
		},
		"kmswatch alarms entering ALARM": {
			filter: rules.AlarmStates{Accounts: []string{testAccount}, AlarmNames: []rules.StringMatch{rules.Prefix("kmswatch-")}, States: []string{"ALARM"}},
			pattern: `{"account":["111122223333"],"detail":{"alarmName":[{"prefix":"kmswatch-"}],"state":{"value":["ALARM"]}},` +
				`"detail-type":["CloudWatch Alarm State Change"],"source":["aws.cloudwatch"]}`,
			match: map[string]bool{"kmswatch ALARM": true, "kmswatch OK": false, "other ALARM": false, "kmswatch ALARM elsewhere": false},
		},
	}
	events := map[string][]byte{
		"kmswatch ALARM":           alarmEvent(testAccount, "kmswatch-key-material-expiry-k1", "ALARM"),
		"kmswatch OK":              alarmEvent(testAccount, "kmswatch-key-material-expiry-k1", "OK"),
		"other ALARM":              alarmEvent(testAccount, "cpu", "ALARM"),
		"other OK":                 alarmEvent(testAccount, "cpu", "OK"),
		"kmswatch ALARM elsewhere": alarmEvent("444455556666", "kmswatch-key-material-expiry-k1", "ALARM"),
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := tc.filter.Pattern()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.pattern, p.String()); diff != "" {
				t.Errorf("pattern mismatch (-want +got):\n%s", diff)
			}
			compiled, err := rules.Compile(p)
			if err != nil {
				t.Fatal(err)
			}
			for desc, want := range tc.match {
				got, err := compiled.Match(events[desc])
				if err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("match %s = %v, want %v", desc, got, want)
				}
			}
		})
	}
}

func TestAlarmStatesInvalid(t *testing.T) {
	tests := map[string]struct {
		filter rules.AlarmStates
		fields []string
	}{
		"unknown state":  {rules.AlarmStates{States: []string{"FIRING"}}, []string{"States[0]"}},
		"empty state":    {rules.AlarmStates{States: []string{""}}, []string{"States[0]"}},
		"bad account":    {rules.AlarmStates{Accounts: []string{"12"}}, []string{"Accounts[0]"}},
		"empty prefix":   {rules.AlarmStates{AlarmNames: []rules.StringMatch{rules.Prefix("")}}, []string{"AlarmNames[0]"}},
		"all at once":    {rules.AlarmStates{Accounts: []string{"x"}, States: []string{"ok"}}, []string{"Accounts[0]", "States[0]"}},
		"bad wildcard":   {rules.AlarmStates{AlarmNames: []rules.StringMatch{rules.Wildcard("")}}, []string{"AlarmNames[0]"}},
		"invalid UTF-8":  {rules.AlarmStates{AlarmNames: []rules.StringMatch{rules.Exactly("\xff")}}, []string{"AlarmNames[0]"}},
		"invalid region": {rules.AlarmStates{Regions: []string{""}}, []string{"Regions[0]"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.filter.Pattern()
			fields := problemtest.Fields(t, err)
			var ve *kmswatch.ValidationError
			if errors.As(err, &ve); ve.Subject != "rules.AlarmStates" {
				t.Errorf("Pattern() error subject = %q, want rules.AlarmStates", ve.Subject)
			}
			if diff := cmp.Diff(tc.fields, fields); diff != "" {
				t.Errorf("problem fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
