// Package benchcmp compares package events with what Go programs commonly
// write today: aws-lambda-go's events.CloudWatchEvent followed by a second
// json.Unmarshal of Detail. It is a separate module so that aws-lambda-go
// never enters the library's go.mod. run.sh reproduces every figure in
// BENCHMARKS.md.
package benchcmp
