// Package benchcmp compares package events with what Go programs commonly
// write today: aws-lambda-go's events.CloudWatchEvent followed by a second
// json.Unmarshal of Detail. It is a separate module so that aws-lambda-go
// never enters the library's go.mod. run.sh reproduces every figure in
// BENCHMARKS.md.
//
// The module also checks interoperation with aws-lambda-go: the JSON of
// events.BatchResponse against events.SQSEventResponse, and cmd/sqshandler,
// a function started with lambda.Start on events.Processor.Process.
package benchcmp
