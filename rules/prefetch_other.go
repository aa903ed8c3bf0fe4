//go:build purego || !amd64

package rules

// prefetchEvent does nothing where there is no prefetch instruction in
// this package (see prefetch_amd64.go).
func prefetchEvent([]byte) {}
