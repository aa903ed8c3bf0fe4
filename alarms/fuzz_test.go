package alarms

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
	"github.com/kmswatch/kmswatch"
)

// FuzzActionARN checks that the action-ARN parser never panics and accepts
// only ARNs of the service its kind names.
func FuzzActionARN(f *testing.F) {
	for _, s := range []string{
		testTopic, testLambda, "arn:aws:ssm:us-east-1:111122223333:opsitem:2#CATEGORY=Security",
		"arn:aws:ssm-incidents::111122223333:responseplan/kms", "arn:aws:automate:us-east-1:ec2:recover",
		"arn:aws:swf:us-east-1:111122223333:action/actions/AWS_EC2.InstanceId.Stop/1.0",
		"arn:aws:autoscaling:us-east-1:111122223333:scalingPolicy:ab-12:autoScalingGroupName/g:policyName/p",
		"arn:aws:aiops:us-east-1:111122223333:investigation-group:abc123", "arn:aws-us-gov:sns:us-gov-west-1:111122223333:t",
		"arn:aws:sqs:us-east-1:111122223333:q", "arn:::::", "arn:aws:sns:a-b-1:1:", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := matchAction(s)
		if !ok {
			return
		}
		a, err := arn.Parse(s)
		if !strings.HasPrefix(s, "arn:aws") || err != nil || a.Service != k.service {
			t.Errorf("matchAction(%q) accepted it as %s (service %s)", s, k.name, k.service)
		}
	})
}

// FuzzKeyMaterialExpiry checks that the builder never panics on any key
// reference, threshold or template, and that what it returns passes
// ValidateAlarm.
func FuzzKeyMaterialExpiry(f *testing.F) {
	f.Add(testKeyARN, int64(DefaultExpiryWithin), DefaultExpiryName, int32(0))
	f.Add("alias/x", int64(-1), "{{.KeyID", int32(2))
	f.Add("mrk-1234abcd12ab34cd56ef1234567890ab", int64(1500*time.Millisecond), "{{.Seconds}}-{{.Within}}", int32(-3))
	f.Fuzz(func(t *testing.T, keyRef string, within int64, name string, n int32) {
		in, err := KeyMaterialExpiry(keyRef, time.Duration(within), Options{Name: name, EvaluationPeriods: n})
		if err != nil {
			// Every problem names an argument of the call.
			var ve *kmswatch.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a *kmswatch.ValidationError", err)
			}
			for _, p := range ve.Problems {
				if p.Field != "keyRef" && p.Field != "within" && !strings.HasPrefix(p.Field, "opts.") {
					t.Errorf("problem on %q, which is not an argument: %v", p.Field, err)
				}
			}
			return
		}
		if verr := ValidateAlarm(in); verr != nil {
			t.Errorf("KeyMaterialExpiry returned an input ValidateAlarm rejects: %v", verr)
		}
	})
}
