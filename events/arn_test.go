package events_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/events"
)

func TestParseARN(t *testing.T) {
	tests := map[string]struct {
		in     string
		want   events.ARN
		reason string // non-empty: ParseARN fails with this ARNError reason
	}{
		"aws key": {
			in:   docKeyARN,
			want: events.ARN{Partition: events.PartitionAWS, Region: "us-west-2", Account: "111122223333", Type: events.ResourceKey, ID: docKeyID},
		},
		"aws-cn multi-Region key": {
			in:   "arn:aws-cn:kms:cn-northwest-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
			want: events.ARN{Partition: events.PartitionChina, Region: "cn-northwest-1", Account: "111122223333", Type: events.ResourceKey, ID: "mrk-1234abcd12ab34cd56ef1234567890ab"},
		},
		"aws-us-gov key": {
			in:   "arn:aws-us-gov:kms:us-gov-east-1:111122223333:key/" + docKeyID,
			want: events.ARN{Partition: events.PartitionGovCloud, Region: "us-gov-east-1", Account: "111122223333", Type: events.ResourceKey, ID: docKeyID},
		},
		"aws-iso-b key": {
			in:   "arn:aws-iso-b:kms:us-isob-east-1:111122223333:key/" + docKeyID,
			want: events.ARN{Partition: events.PartitionISOB, Region: "us-isob-east-1", Account: "111122223333", Type: events.ResourceKey, ID: docKeyID},
		},
		"alias with slashes": {
			in:   "arn:aws:kms:us-west-2:111122223333:alias/aws/s3",
			want: events.ARN{Partition: events.PartitionAWS, Region: "us-west-2", Account: "111122223333", Type: events.ResourceAlias, ID: "aws/s3"},
		},
		"no arn prefix":    {in: docKeyID, reason: `does not start with "arn:"`},
		"too few fields":   {in: "arn:aws:kms:us-west-2", reason: "has fewer than six colon-separated fields"},
		"other service":    {in: "arn:aws:s3:us-west-2:111122223333:key/x", reason: `service is "s3", want kms`},
		"bad partition":    {in: "arn:azure:kms:us-west-2:111122223333:key/x", reason: `partition "azure" is not aws or aws-<name>`},
		"empty region":     {in: "arn:aws:kms::111122223333:key/x", reason: "region (empty) is not a region code"},
		"short account":    {in: "arn:aws:kms:us-west-2:1111:key/x", reason: `account "1111" is not 12 digits`},
		"no slash":         {in: "arn:aws:kms:us-west-2:111122223333:key", reason: `resource has no "/"`},
		"grant resource":   {in: "arn:aws:kms:us-west-2:111122223333:grant/x", reason: `resource type "grant" is not key or alias`},
		"empty key id":     {in: "arn:aws:kms:us-west-2:111122223333:key/", reason: "key ID (empty) is not letters, digits and hyphens"},
		"key id with text": {in: "arn:aws:kms:us-west-2:111122223333:key/abc is pending", reason: `key ID "abc is pending" is not letters, digits and hyphens`},
		"empty alias":      {in: "arn:aws:kms:us-west-2:111122223333:alias/", reason: "alias name is empty"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := events.ParseARN(tc.in)
			if tc.reason != "" {
				var ae *events.ARNError
				if !errors.As(err, &ae) || !errors.Is(err, events.ErrInvalidARN) {
					t.Fatalf("ParseARN(%q) error = %v, want an *ARNError", tc.in, err)
				}
				if diff := cmp.Diff(&events.ARNError{Input: tc.in, Reason: tc.reason}, ae); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseARN(%q): %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if s := got.String(); s != tc.in {
				t.Errorf("String() = %q, want the input %q", s, tc.in)
			}
		})
	}
}

func TestARNPredicates(t *testing.T) {
	type preds struct{ Key, Alias, MultiRegion, Zero bool }
	tests := map[string]struct {
		arn  events.ARN
		want preds
	}{
		"zero":               {events.ARN{}, preds{Zero: true}},
		"key":                {events.KeyARN("us-west-2", "111122223333", docKeyID), preds{Key: true}},
		"multi-Region key":   {events.KeyARN("eu-west-1", "111122223333", "mrk-0123"), preds{Key: true, MultiRegion: true}},
		"alias named mrk-x":  {events.ARN{Partition: "aws", Region: "eu-west-1", Account: "111122223333", Type: events.ResourceAlias, ID: "mrk-x"}, preds{Alias: true}},
		"KeyARN without key": {events.KeyARN("us-west-2", "111122223333", ""), preds{Zero: true}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got := preds{tc.arn.IsKey(), tc.arn.IsAlias(), tc.arn.IsMultiRegion(), tc.arn.IsZero()}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPartitionOf(t *testing.T) {
	tests := map[string]events.Partition{
		"us-east-1":       events.PartitionAWS,
		"cn-north-1":      events.PartitionChina,
		"us-gov-west-1":   events.PartitionGovCloud,
		"us-iso-east-1":   events.PartitionISO,
		"us-isob-east-1":  events.PartitionISOB,
		"eu-isoe-west-1":  events.PartitionISOE,
		"us-isof-south-1": events.PartitionISOF,
		"eusc-de-east-1":  events.PartitionEUSC,
	}
	for region, want := range tests {
		t.Run(region, func(t *testing.T) {
			if got := events.PartitionOf(region); got != want {
				t.Errorf("PartitionOf(%q) = %q, want %q", region, got, want)
			}
		})
	}
}

func TestARNText(t *testing.T) {
	var a events.ARN
	if err := a.UnmarshalText([]byte(docKeyARN)); err != nil {
		t.Fatal(err)
	}
	b, err := a.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(docKeyARN, string(b)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if err := a.UnmarshalText([]byte("arn:aws:kms:x")); !errors.Is(err, events.ErrInvalidARN) {
		t.Errorf("UnmarshalText(bad) error = %v, want ErrInvalidARN", err)
	}
	if err := a.UnmarshalText(nil); err != nil || !a.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %v; want the zero ARN", a, err)
	}
}
