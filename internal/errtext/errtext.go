// Package errtext keeps untrusted values in error messages short. Lambda
// functions and services log err.Error(), so an error that quotes a 900 KB
// field whole costs 900 KB of log per failure; errors built with this package
// quote a prefix and say how long the value was, while the typed error keeps
// the value itself for errors.As.
package errtext

import (
	"strconv"
	"unicode/utf8"
)

// Max is how many bytes of an untrusted value an error message quotes: long
// enough for any KMS key ARN (at most about 100 bytes), detail-type or SQS
// message ID whole, short enough that a line of log stays readable.
const Max = 128

// Quote returns s quoted like [strconv.Quote] when it is at most [Max] bytes
// long. A longer s is cut at a rune boundary at or below Max bytes and
// followed by a marker with its full length, for example
// "aaaa"… (900000 bytes).
func Quote(s string) string {
	if len(s) <= Max {
		return strconv.Quote(s)
	}
	return strconv.Quote(prefix(s)) + marker(len(s))
}

// Clip returns s unchanged when it is at most 2*[Max] bytes long; a longer s
// is cut at a rune boundary and followed by the same marker as [Quote]. It is
// for messages that were built with an untrusted value inside.
func Clip(s string) string {
	if len(s) <= 2*Max {
		return s
	}
	return s[:cut(s, 2*Max)] + marker(len(s))
}

func prefix(s string) string { return s[:cut(s, Max)] }

// cut returns the largest index at most n that does not split a rune of s,
// looking back no further than one rune, so invalid UTF-8 cuts at n.
func cut(s string, n int) int {
	for i := n; i > n-utf8.UTFMax && i > 0; i-- {
		if utf8.RuneStart(s[i]) {
			return i
		}
	}
	return n
}

func marker(n int) string { return "… (" + strconv.Itoa(n) + " bytes)" }
