package rules_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/google/go-cmp/cmp"

	"github.com/kmswatch/kmswatch/events"
	"github.com/kmswatch/kmswatch/internal/problemtest"
	"github.com/kmswatch/kmswatch/rules"
)

func TestFilterPatterns(t *testing.T) {
	tests := map[string]struct {
		build    func() (rules.EventPattern, error)
		want     string
		readOnly bool
	}{
		"key events zero value": {
			build: rules.KeyEvents{}.Pattern,
			want:  `{"detail-type":["KMS CMK Rotation","KMS Imported Key Material Expiration","KMS CMK Deletion"],"source":["aws.kms"]}`,
		},
		"key events all filters": {
			build: rules.KeyEvents{
				DetailTypes:   []events.DetailType{events.DetailTypeRotation},
				Accounts:      []string{"111122223333"},
				Regions:       []string{"us-west-2", "eu-west-1"},
				Keys:          []rules.StringMatch{rules.Exactly(testKeyARN), rules.Prefix("arn:aws:kms:us-west-2:"), rules.Suffix("-1234567890ab"), rules.Wildcard("arn:aws:kms:*:111122223333:key/*")},
				KeyIDs:        []string{"mrk-1234abcd12ab34cd56ef1234567890ab"},
				KeyOrigins:    []events.KeyOrigin{events.KeyOriginExternal},
				RotationTypes: []events.RotationType{events.RotationOnDemand},
			}.Pattern,
			want: `{"account":["111122223333"],"detail":{"key-id":["mrk-1234abcd12ab34cd56ef1234567890ab"],"key-origin":["EXTERNAL"],"rotation-type":["ON_DEMAND"]},"detail-type":["KMS CMK Rotation"],"region":["us-west-2","eu-west-1"],"resources":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",{"prefix":"arn:aws:kms:us-west-2:"},{"suffix":"-1234567890ab"},{"wildcard":"arn:aws:kms:*:111122223333:key/*"}],"source":["aws.kms"]}`,
		},
		"api calls zero value": {
			build:    rules.APICalls{}.Pattern,
			want:     `{"detail":{"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}`,
			readOnly: true,
		},
		"api calls management only": {
			build:    rules.APICalls{EventNames: []string{"ScheduleKeyDeletion", "DisableKey"}}.Pattern,
			want:     `{"detail":{"eventName":["ScheduleKeyDeletion","DisableKey"],"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}`,
			readOnly: false,
		},
		"api calls crypto names": {
			build:    rules.APICalls{EventNames: []string{"ScheduleKeyDeletion", "Decrypt"}}.Pattern,
			want:     `{"detail":{"eventName":["ScheduleKeyDeletion","Decrypt"],"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}`,
			readOnly: true,
		},
		"api calls describe name": {
			build:    rules.APICalls{EventNames: []string{"DescribeKey"}}.Pattern,
			want:     `{"detail":{"eventName":["DescribeKey"],"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}`,
			readOnly: true,
		},
		"api calls read-only false": {
			build:    rules.APICalls{ReadOnly: aws.Bool(false)}.Pattern,
			want:     `{"detail":{"eventSource":["kms.amazonaws.com"],"readOnly":[false]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}`,
			readOnly: false,
		},
		"api calls all filters": {
			build: rules.APICalls{
				DetailTypes:   []events.DetailType{events.DetailTypeAPICall, events.DetailTypeServiceEvent},
				Accounts:      []string{"111122223333"},
				Regions:       []string{"us-west-2"},
				Keys:          []rules.StringMatch{rules.Exactly(testKeyARN)},
				ErrorCodes:    []rules.StringMatch{rules.Exactly("KMSInvalidStateException"), rules.Suffix("DisabledException")},
				ErrorMessages: []rules.StringMatch{rules.Suffix("is pending deletion.")},
				ReadOnly:      aws.Bool(true),
			}.Pattern,
			want:     `{"account":["111122223333"],"detail":{"errorCode":["KMSInvalidStateException",{"suffix":"DisabledException"}],"errorMessage":[{"suffix":"is pending deletion."}],"eventSource":["kms.amazonaws.com"],"readOnly":[true],"resources":{"ARN":["arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}},"detail-type":["AWS API Call via CloudTrail","AWS Service Event via CloudTrail"],"region":["us-west-2"],"source":["aws.kms"]}`,
			readOnly: true,
		},
		"service events only": {
			build:    rules.APICalls{DetailTypes: []events.DetailType{events.DetailTypeServiceEvent}}.Pattern,
			want:     `{"detail":{"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS Service Event via CloudTrail"],"source":["aws.kms"]}`,
			readOnly: false,
		},
		"html characters are not escaped": {
			build: rules.APICalls{ErrorMessages: []rules.StringMatch{rules.Prefix("<a&b>")}, ReadOnly: aws.Bool(false)}.Pattern,
			want:  `{"detail":{"errorMessage":[{"prefix":"<a&b>"}],"eventSource":["kms.amazonaws.com"],"readOnly":[false]},"detail-type":["AWS API Call via CloudTrail"],"source":["aws.kms"]}`,
		},
		"any of hoists common fields": {
			build: func() (rules.EventPattern, error) {
				a, _ := rules.KeyEvents{Accounts: []string{testAccount}, DetailTypes: []events.DetailType{events.DetailTypeDeletion}}.Pattern()
				b, _ := rules.APICalls{Accounts: []string{testAccount}, EventNames: []string{"Decrypt"}}.Pattern()
				return rules.AnyOf(a, b), nil
			},
			want:     `{"$or":[{"detail-type":["KMS CMK Deletion"]},{"detail":{"eventName":["Decrypt"],"eventSource":["kms.amazonaws.com"]},"detail-type":["AWS API Call via CloudTrail"]}],"account":["111122223333"],"source":["aws.kms"]}`,
			readOnly: true,
		},
		"any of one pattern": {
			build: func() (rules.EventPattern, error) {
				a, err := rules.KeyEvents{}.Pattern()
				return rules.AnyOf(a), err
			},
			want: `{"detail-type":["KMS CMK Rotation","KMS Imported Key Material Expiration","KMS CMK Deletion"],"source":["aws.kms"]}`,
		},
		"any of an implied alternative": {
			build: func() (rules.EventPattern, error) {
				broad, _ := rules.KeyEvents{Accounts: []string{testAccount}}.Pattern()
				narrow, _ := rules.KeyEvents{Accounts: []string{testAccount}, KeyIDs: []string{"k"}}.Pattern()
				return rules.AnyOf(broad, narrow), nil
			},
			want: `{"account":["111122223333"],"detail-type":["KMS CMK Rotation","KMS Imported Key Material Expiration","KMS CMK Deletion"],"source":["aws.kms"]}`,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			p, err := tc.build()
			if err != nil {
				t.Fatal(err)
			}
			got := struct {
				JSON     string
				ReadOnly bool
			}{p.String(), p.MatchesReadOnlyManagementEvents()}
			want := struct {
				JSON     string
				ReadOnly bool
			}{tc.want, tc.readOnly}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if _, err := rules.Compile(p); err != nil {
				t.Errorf("Compile: %v", err)
			}
		})
	}
}

func TestFilterErrors(t *testing.T) {
	tests := map[string]struct {
		build func() (rules.EventPattern, error)
		want  []string
	}{
		"key events foreign detail-type": {
			rules.KeyEvents{DetailTypes: []events.DetailType{events.DetailTypeAPICall}}.Pattern,
			[]string{"DetailTypes[0] enum"},
		},
		"key events rotation filters on all types": {
			rules.KeyEvents{KeyOrigins: []events.KeyOrigin{events.KeyOriginExternal}, RotationTypes: []events.RotationType{events.RotationAutomatic}}.Pattern,
			[]string{"KeyOrigins combination", "RotationTypes combination"},
		},
		"key events empty values": {
			rules.KeyEvents{Accounts: []string{""}, Regions: []string{""}, KeyIDs: []string{""}, Keys: []rules.StringMatch{rules.Prefix(""), rules.Exactly("")}}.Pattern,
			[]string{"Accounts[0] pattern", "Regions[0] length", "Keys[0] length", "KeyIDs[0] length"},
		},
		"key events bad wildcard": {
			rules.KeyEvents{Keys: []rules.StringMatch{rules.Wildcard("arn:**")}}.Pattern,
			[]string{"Keys[0] pattern"},
		},
		"api calls foreign detail-type": {
			rules.APICalls{DetailTypes: []events.DetailType{events.DetailTypeDeletion, "AWS Console Signin via CloudTrail"}}.Pattern,
			[]string{"DetailTypes[0] enum", "DetailTypes[1] enum"},
		},
		"api calls empty values": {
			rules.APICalls{EventNames: []string{""}, ErrorCodes: []rules.StringMatch{rules.Suffix("")}, ErrorMessages: []rules.StringMatch{rules.Wildcard(`bad\`)}}.Pattern,
			[]string{"EventNames[0] length", "ErrorCodes[0] length", "ErrorMessages[0] pattern"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.build()
			if diff := cmp.Diff(tc.want, problemtest.List(t, err)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAnyOfNothing(t *testing.T) {
	p := rules.AnyOf()
	if diff := cmp.Diff("{}", p.String()); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if _, err := rules.Compile(p); !errors.Is(err, rules.ErrInvalidPattern) {
		t.Errorf("Compile of the empty pattern = %v, want an invalid pattern error", err)
	}
}

func TestCheckSize(t *testing.T) {
	p, err := rules.KeyEvents{Keys: []rules.StringMatch{rules.Exactly(strings.Repeat("k", 2100))}}.Pattern()
	if err != nil {
		t.Fatal(err)
	}
	size := p.Size()
	tests := map[string]struct {
		limit int
		want  []string
	}{
		"default quota":     {0, []string{" length"}},
		"raised quota":      {rules.MaxEventPatternLength, nil},
		"exact size":        {size, nil},
		"one below size":    {size - 1, []string{" length"}},
		"above model limit": {rules.MaxEventPatternLength + 1, []string{"limit range"}},
		"negative":          {-1, []string{"limit range"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, problemtest.List(t, p.CheckSize(tc.limit))); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if size != len(p.String()) {
		t.Errorf("Size() = %d, want %d for an ASCII pattern", size, len(p.String()))
	}
	u, err := rules.KeyEvents{KeyIDs: []string{"ключ"}}.Pattern()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := u.Size(), len([]rune(u.String())); got != want {
		t.Errorf("Size() = %d, want %d characters", got, want)
	}
}
