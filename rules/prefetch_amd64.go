//go:build !purego

package rules

// prefetch asks the processor for the cache lines of the n > 0 bytes at p,
// without waiting for them: PREFETCHT0 every 64 bytes and at the last byte.
//
//go:noescape
func prefetch(p *byte, n int)

// prefetchEvent asks for the cache lines of the first kilobyte of an event
// AppendMatches is about to read whole, so that an event out of cache
// arrives in misses that overlap rather than line by line as the scan
// reaches it. On a CL2 event read from memory this makes the Set 1.10 to
// 1.12x faster; on one already in cache it costs 1.1 to 1.5%.
func prefetchEvent(e []byte) {
	if len(e) > 0 {
		prefetch(&e[0], min(len(e), 1024))
	}
}
