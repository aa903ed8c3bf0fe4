// Package benchcmp compares package events with what Go programs commonly
// write today: aws-lambda-go's events.CloudWatchEvent followed by a second
// json.Unmarshal of Detail, one event at a time and as full 6 MiB Lambda
// SQS batches decoded by events.Process (BuildBatch); and rules.Set with
// quamina on the same rule mixes (RuleMix). It is a separate module so that
// aws-lambda-go never enters the library's go.mod. Quamina is not a dependency of any module
// here: matchers.sh builds a temporary module against a local copy of it.
// run.sh reproduces every figure in BENCHMARKS.md.
//
// The module also checks interoperation with aws-lambda-go: the JSON of
// events.BatchResponse against events.SQSEventResponse. The Lambda function
// built on events.Processor.Process is examples/lambda-handler, a module of
// its own.
package benchcmp
