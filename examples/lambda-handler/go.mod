module github.com/kmswatch/kmswatch/examples/lambda-handler

go 1.24

replace github.com/kmswatch/kmswatch => ../..

require (
	github.com/aws/aws-lambda-go v1.54.0
	github.com/google/go-cmp v0.7.0
	github.com/kmswatch/kmswatch v0.0.0-00010101000000-000000000000
)
