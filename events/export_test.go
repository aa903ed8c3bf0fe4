package events

// DedupLen exposes the number of keys d remembers to the package's external
// tests, which check that the capacity bounds it.
func DedupLen(d *Deduplicator) int { return d.len() }
