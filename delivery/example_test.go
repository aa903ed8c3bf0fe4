package delivery_test

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/kmswatch/kmswatch/delivery"
)

// An expiry alarm notifies a topic encrypted with a customer managed key
// whose policy is the default one: CloudWatch may not use the key, and
// nothing tells the caller but the check.
func ExampleCheck() {
	const (
		topic  = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
		keyARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	)
	paths, _ := delivery.AlarmInputPaths(&cloudwatch.PutMetricAlarmInput{
		AlarmName:    aws.String("kms-expiry"),
		AlarmActions: []string{topic},
	}, delivery.Origin{Account: "111122223333", Region: "us-west-2"})
	results, err := delivery.Check(paths, delivery.Inputs{
		Topics: map[string]map[string]string{topic: {
			"KmsMasterKeyId": "alias/kms-alerts",
			"Policy":         `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"SNS:Publish","Resource":"` + topic + `","Condition":{"StringEquals":{"AWS:SourceOwner":"111122223333"}}}]}`,
		}},
		Aliases: []kmstypes.AliasListEntry{{
			AliasArn:    aws.String("arn:aws:kms:us-west-2:111122223333:alias/kms-alerts"),
			TargetKeyId: aws.String("1234abcd-12ab-34cd-56ef-1234567890ab"),
		}},
		Keys: []delivery.Key{{
			Metadata:     &kmstypes.KeyMetadata{Arn: aws.String(keyARN), KeyManager: kmstypes.KeyManagerTypeCustomer, KeyState: kmstypes.KeyStateEnabled},
			Policy:       `{"Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
			GrantsListed: true,
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := results[0]
	fmt.Println(r.Path.Field, r.Verdict)
	for _, f := range r.Findings {
		fmt.Println(f.Message)
	}
	fmt.Println(r.Fix.KeyPolicyStatement)
	// Output:
	// AlarmActions[0] drops
	// neither the policy nor a grant of arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab allows cloudwatch.amazonaws.com kms:GenerateDataKey and kms:Decrypt
	// {
	//   "Sid": "AllowCloudWatchAlarmsToUseTheKey",
	//   "Effect": "Allow",
	//   "Principal": {
	//     "Service": "cloudwatch.amazonaws.com"
	//   },
	//   "Action": [
	//     "kms:Decrypt",
	//     "kms:GenerateDataKey*"
	//   ],
	//   "Resource": "*",
	//   "Condition": {
	//     "ArnLike": {
	//       "aws:SourceArn": "arn:aws:cloudwatch:us-west-2:111122223333:alarm:*"
	//     },
	//     "StringEquals": {
	//       "aws:SourceAccount": "111122223333",
	//       "kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:us-west-2:111122223333:kms-alerts",
	//       "kms:ViaService": "sns.us-west-2.amazonaws.com"
	//     }
	//   }
	// }
}

// A topic encrypted with the AWS managed key for SNS drops every alarm
// notification, and the key's policy cannot be changed.
func ExampleCheck_awsManagedKey() {
	const topic = "arn:aws:sns:us-west-2:111122223333:kms-alerts"
	results, _ := delivery.Check([]delivery.Path{{
		Principal:   delivery.CloudWatch,
		Source:      "arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-expiry",
		Destination: topic,
	}}, delivery.Inputs{Topics: map[string]map[string]string{topic: {
		"KmsMasterKeyId": "alias/aws/sns",
		"Policy":         `{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":"sns:Publish","Resource":"*"}]}`,
	}}})
	fmt.Println(results[0].Verdict)
	fmt.Println(results[0].Findings[0].Message)
	// Output:
	// drops
	// arn:aws:sns:us-west-2:111122223333:kms-alerts is encrypted with the AWS managed key alias/aws/sns, whose policy cannot be changed to allow cloudwatch.amazonaws.com; encrypt it with a customer managed key that allows it
}

// Without ListGrants the check cannot rule out a grant, so a key policy
// that does not allow the service leaves the path unknown.
func ExampleCheck_unknown() {
	const (
		queue  = "arn:aws:sqs:us-west-2:111122223333:kms-events"
		keyARN = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	)
	results, _ := delivery.Check([]delivery.Path{{
		Principal:   delivery.EventBridge,
		Source:      "arn:aws:events:us-west-2:111122223333:rule/kms-rotation",
		Destination: queue,
	}}, delivery.Inputs{
		Queues: map[string]map[string]string{queue: {
			"KmsMasterKeyId": keyARN,
			"Policy":         `{"Statement":[{"Effect":"Allow","Principal":{"Service":"events.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"` + queue + `"}]}`,
		}},
		Keys: []delivery.Key{{
			Metadata: &kmstypes.KeyMetadata{Arn: aws.String(keyARN), KeyManager: kmstypes.KeyManagerTypeCustomer, KeyState: kmstypes.KeyStateEnabled},
			Policy:   `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}`,
		}},
	})
	fmt.Println(results[0].Verdict)
	for _, f := range results[0].Findings {
		fmt.Println(f.Missing)
	}
	// Output:
	// unknown
	// ListGrants for arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
	// ListGrants for arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
}

func ExampleAlarmInputPaths() {
	paths, err := delivery.AlarmInputPaths(&cloudwatch.PutMetricAlarmInput{
		AlarmName:    aws.String("kms-expiry"),
		AlarmActions: []string{"arn:aws:sns:us-west-2:111122223333:kms-alerts", "arn:aws:lambda:us-west-2:111122223333:function:page"},
		OKActions:    []string{"arn:aws:sns:us-west-2:111122223333:kms-alerts"},
	}, delivery.Origin{Account: "111122223333", Region: "us-west-2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range paths {
		fmt.Println(p.Field, p.Source, p.Destination)
	}
	// Output:
	// OKActions[0] arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-expiry arn:aws:sns:us-west-2:111122223333:kms-alerts
	// AlarmActions[0] arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-expiry arn:aws:sns:us-west-2:111122223333:kms-alerts
}

func ExampleAlarmPaths() {
	paths, err := delivery.AlarmPaths(cwtypes.MetricAlarm{
		AlarmArn:                aws.String("arn:aws:cloudwatch:us-west-2:111122223333:alarm:kms-expiry"),
		InsufficientDataActions: []string{"arn:aws:sns:us-west-2:111122223333:kms-alerts"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(paths[0].Principal, paths[0].Field)
	// Output: cloudwatch.amazonaws.com InsufficientDataActions[0]
}

func ExampleTargetPaths() {
	paths, err := delivery.TargetPaths(&eventbridge.PutTargetsInput{
		Rule:         aws.String("kms-rotation"),
		EventBusName: aws.String("kms-events"),
		Targets: []ebtypes.Target{
			{Id: aws.String("queue"), Arn: aws.String("arn:aws:sqs:us-west-2:111122223333:kms-events")},
			{Id: aws.String("fn"), Arn: aws.String("arn:aws:lambda:us-west-2:111122223333:function:f")},
		},
	}, delivery.Origin{Account: "111122223333", Region: "us-west-2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range paths {
		fmt.Println(p.Principal, p.Field, p.Source)
	}
	// Output: events.amazonaws.com Targets[0] arn:aws:events:us-west-2:111122223333:rule/kms-events/kms-rotation
}

func ExampleResourcePolicyStatement() {
	fmt.Println(delivery.ResourcePolicyStatement(delivery.Path{
		Principal:   delivery.EventBridge,
		Source:      "arn:aws:events:us-west-2:111122223333:rule/kms-rotation",
		Destination: "arn:aws:sqs:us-west-2:111122223333:kms-events",
	}))
	// Output:
	// {
	//   "Sid": "AllowEventBridgeToSendMessage",
	//   "Effect": "Allow",
	//   "Principal": {
	//     "Service": "events.amazonaws.com"
	//   },
	//   "Action": [
	//     "sqs:SendMessage"
	//   ],
	//   "Resource": "arn:aws:sqs:us-west-2:111122223333:kms-events",
	//   "Condition": {
	//     "ArnEquals": {
	//       "aws:SourceArn": "arn:aws:events:us-west-2:111122223333:rule/kms-rotation"
	//     }
	//   }
	// }
}

func ExampleKeyPolicyStatement() {
	fmt.Println(delivery.KeyPolicyStatement(delivery.Path{
		Principal:   delivery.EventBridge,
		Source:      "arn:aws:events:us-west-2:111122223333:rule/kms-rotation",
		Destination: "arn:aws:sqs:us-west-2:111122223333:kms-events",
	}))
	// Output:
	// {
	//   "Sid": "AllowEventBridgeToUseTheKey",
	//   "Effect": "Allow",
	//   "Principal": {
	//     "Service": "events.amazonaws.com"
	//   },
	//   "Action": [
	//     "kms:Decrypt",
	//     "kms:GenerateDataKey"
	//   ],
	//   "Resource": "*",
	//   "Condition": {
	//     "StringEquals": {
	//       "kms:ViaService": "sqs.us-west-2.amazonaws.com"
	//     }
	//   }
	// }
}

func ExampleParsePolicy() {
	p, err := delivery.ParsePolicy(`{"Statement":{"Sid":"cw","Effect":"Allow","Principal":{"Service":"cloudwatch.amazonaws.com"},"Action":["kms:Decrypt","kms:GenerateDataKey*"],"Resource":"*"}}`)
	if err != nil {
		fmt.Println(err)
		return
	}
	st := p.Statements[0]
	fmt.Println(st.Name(), st.Effect, st.Principal.ByType["Service"], st.Action)

	_, err = delivery.ParsePolicy(`{"Statement":[{"Effect":"Permit","Principal":"*","Action":"kms:*","Resource":"*"}]}`)
	fmt.Println(err)
	// Output:
	// "cw" Allow [cloudwatch.amazonaws.com] [kms:Decrypt kms:GenerateDataKey*]
	// policy: Statement[0].Effect: must be "Allow" or "Deny"
}
