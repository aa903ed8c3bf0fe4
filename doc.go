// Package kmswatch is the root of a library for monitoring AWS KMS keys.
//
// The work is done by its packages:
//
//   - [github.com/kmswatch/kmswatch/events] turns KMS EventBridge events and KMS
//     CloudTrail records into typed Go values, whatever the delivery path.
//
// This package itself holds no code.
package kmswatch
