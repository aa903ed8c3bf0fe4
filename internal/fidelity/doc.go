// Package fidelity holds the boundary checks that compare the library's
// validators and the in-process fakes with the AWS service models: each
// check takes one constraint from the botocore models (cloudwatch, events,
// logs service-2.json), the SDK or the AWS documentation, and sends the value
// at the limit and the value just over it through the library's validator
// and, with the real aws-sdk-go-v2 client, through the fake. The package has
// no code outside its tests.
package fidelity
