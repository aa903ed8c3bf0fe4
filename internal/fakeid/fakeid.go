// Package fakeid makes stable, made-up identifiers for fixtures and
// benchmarks: UUIDs, 64-hex-digit key-material IDs, and variants of a
// payload with every identifier replaced. It imports only the standard
// library and is safe for concurrent use.
package fakeid

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
)

// UUID returns a version-4-shaped UUID derived from seed, the same for the
// same seed, so that tests and benchmarks get distinct but stable IDs.
func UUID(seed string) string {
	// FNV-1a of the seed and of the seed reversed gives 128 bits.
	rev := []byte(seed)
	slices.Reverse(rev)
	s := fmt.Sprintf("%016x%016x", fnv(seed), fnv("~"+string(rev)))
	return s[0:8] + "-" + s[8:12] + "-4" + s[13:16] + "-8" + s[17:20] + "-" + s[20:32]
}

// MaterialID returns a 64-hex-digit key-material ID derived from n.
func MaterialID(n int) string {
	u := UUID("material-" + strconv.Itoa(n))
	v := UUID("material2-" + strconv.Itoa(n))
	hex := make([]byte, 0, 64)
	for _, s := range []string{u, v} {
		for i := 0; i < len(s); i++ {
			if s[i] != '-' {
				hex = append(hex, s[i])
			}
		}
	}
	return string(hex[:64])
}

// identifier matches the identifiers Variants replaces: UUIDs (event and
// key IDs), multi-Region key IDs and 64-hex-digit key-material IDs.
var identifier = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|[0-9a-f]{64}`)

// Variants returns n copies of doc in which every UUID, multi-Region key ID
// and key-material ID is replaced by a fresh value of the same length,
// consistently within a copy and differently between copies. Benchmarks
// cycle through them so that no run decodes the same bytes twice in a row.
func Variants(doc []byte, n int) [][]byte {
	out := make([][]byte, n)
	for i := range out {
		suffix := "#" + strconv.Itoa(i)
		out[i] = identifier.ReplaceAllFunc(doc, func(m []byte) []byte {
			seed := string(m) + suffix
			switch {
			case len(m) == 64:
				return []byte(MaterialID(int(fnv(seed) >> 1)))
			case m[0] == 'm':
				return []byte("mrk-" + MaterialID(int(fnv(seed) >> 1))[:32])
			}
			return []byte(UUID(seed))
		})
	}
	return out
}

// fnv is 64-bit FNV-1a.
func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
