package cloudwatchtest

import (
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"net/http"
)

// pageToken is the state behind a NextToken: where the next page starts and
// a fingerprint of the request it belongs to, so a token replayed with other
// parameters is rejected as the service rejects it.
type pageToken struct {
	Offset int    `json:"o,omitempty"`
	After  string `json:"a,omitempty"`
	Hash   uint64 `json:"h"`
}

func (t pageToken) encode() string {
	b, _ := json.Marshal(t) // a struct of plain fields always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s string, hash uint64) (pageToken, *apiError) {
	bad := &apiError{Status: http.StatusBadRequest, Code: codeInvalidNextToken,
		Message: "The service cannot complete the request because the NextToken is invalid or expired."}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return pageToken{}, bad
	}
	var t pageToken
	if err := json.Unmarshal(raw, &t); err != nil || t.Hash != hash || t.Offset < 0 {
		return pageToken{}, bad
	}
	return t, nil
}

// resume takes the NextToken out of the request req points to (next points
// to its NextToken field) and returns the state the token holds, checked
// against a fingerprint of the rest of the request. Without a token it
// returns the first page's state. Hash is the fingerprint either way, for the
// next page's token.
func resume(req any, next **string) (pageToken, *apiError) {
	token := *next
	*next = nil
	hash := fingerprint(req)
	if token == nil {
		return pageToken{Hash: hash}, nil
	}
	return decodeToken(*token, hash)
}

// fingerprint hashes the CBOR encoding of a request with its NextToken
// cleared by the caller.
func fingerprint(v any) uint64 {
	b, _ := encMode.Marshal(v) // request structs decoded from CBOR re-encode
	h := fnv.New64a()
	_, _ = h.Write(b)
	return h.Sum64()
}

// resume is resume for a request whose other members p checked: p's error
// first, if any.
func (p *problems) resume(req any, next **string) (pageToken, *apiError) {
	if err := p.err(); err != nil {
		return pageToken{}, err
	}
	return resume(req, next)
}

// pageOf returns the page of items that starts at t.Offset and holds at most
// size items, and the NextToken of the page after it ("" on the last page).
func pageOf[T any](items []T, t pageToken, size int) ([]T, string) {
	from := min(t.Offset, len(items))
	to := min(from+size, len(items))
	if to == len(items) {
		return items[from:to], ""
	}
	return items[from:to], pageToken{Offset: to, Hash: t.Hash}.encode()
}
