module github.com/kmswatch/kmswatch/bench

go 1.24

replace github.com/kmswatch/kmswatch => ..

require (
	github.com/aws/aws-lambda-go v1.54.0
	github.com/google/go-cmp v0.7.0
	github.com/kmswatch/kmswatch v0.0.0-00010101000000-000000000000
)

require (
	github.com/aws/aws-sdk-go-v2 v1.48.0 // indirect
	github.com/aws/aws-sdk-go-v2/internal/configsources v1.5.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/endpoints/v2 v2.8.12 // indirect
	github.com/aws/aws-sdk-go-v2/internal/v4a v1.5.11 // indirect
	github.com/aws/aws-sdk-go-v2/service/eventbridge v1.55.10 // indirect
	github.com/aws/smithy-go v1.28.9 // indirect
)
