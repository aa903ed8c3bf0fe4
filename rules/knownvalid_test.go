package rules

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// TestAppendMatchesKnownValid checks that on valid events the method that
// stops after the last top-level member its patterns read matches as
// AppendMatches does, wherever the named fields are, and that what it
// does read it still checks.
func TestAppendMatchesKnownValid(t *testing.T) {
	set := NewSet()
	for name, p := range map[string]string{
		"exact":     `{"properties":{"MAPBLKLOT":["1430022"]}}`,
		"prefix":    `{"properties":{"STREET":[{"prefix":"AC"}]},"type":["Feature"]}`,
		"absent":    `{"properties":{"missing":[{"exists":false}]}}`,
		"but":       `{"geometry":{"type":[{"anything-but":["Polygon"]}]}}`,
		"number":    `{"geometry":{"first":{"x":[{"numeric":["<",-122.4]}]}}}`,
		"in arrays": `{"list":{"k":["b"]}}`,
	} {
		if err := set.Add(name, JSON(p)); err != nil {
			t.Fatal(err)
		}
	}
	tests := map[string]struct {
		event   string
		wantErr bool
	}{
		"named fields first": {event: `{"type":"Feature","properties":{"MAPBLKLOT":"1430022","STREET":"ACACIA","X":[1,{"a":"}"}]},"geometry":{"type":"MultiPolygon","first":{"x":-122.5,"y":37}}}`},
		"named fields last":  {event: `{"geometry":{"first":{"y":37,"x":-122.5},"type":"Polygon"},"properties":{"X":"\"]}","STREET":"BLAKE","MAPBLKLOT":"1430022"},"type":"Feature"}`},
		"arrays of objects":  {event: `{"list":[{"k":"a","z":[1,2]},{"z":"}","k":"b"},3],"properties":{}}`},
		"spaces":             {event: " { \"properties\" : { \"STREET\" : \"ACME\" , \"Y\" : [ ] } , \"type\" : \"Feature\" } "},
		"not an object":      {event: `["properties"]`, wantErr: true},
		"bad read value":     {event: `{"properties":{"MAPBLKLOT":"14300`, wantErr: true},
		"bad unread member":  {event: `{"properties":{"MAPBLKLOT":"1","X":[}},"geometry":{}}`, wantErr: true},
		"bad read name":      {event: `{"properties":{"MAPBLKLOT` + "\x01" + `":"1"}}`, wantErr: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			want, wantErr := set.Matches([]byte(tc.event))
			got, err := set.AppendMatchesKnownValid(nil, []byte(tc.event))
			if (err != nil) != tc.wantErr || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("error %v, AppendMatches error %v, want an error: %t", err, wantErr, tc.wantErr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-AppendMatches +AppendMatchesKnownValid):\n%s", diff)
			}
		})
	}
}

// TestAppendMatchesKnownValidReadsLess shows what the method gives up: an
// event that is not valid JSON after the last top-level member its
// patterns read is matched rather than refused.
func TestAppendMatchesKnownValidReadsLess(t *testing.T) {
	set := NewSet()
	if err := set.Add("exact", JSON(`{"properties":{"MAPBLKLOT":["1430022"]}}`)); err != nil {
		t.Fatal(err)
	}
	event := []byte(`{"properties":{"MAPBLKLOT":"1430022","STREET":"FULTON"},"geometry":[}`)
	if _, err := set.Matches(event); err == nil {
		t.Fatal("Matches accepted an event that is not valid JSON")
	}
	got, err := set.AppendMatchesKnownValid(nil, event)
	if diff := cmp.Diff([]string{"exact"}, got); diff != "" || err != nil {
		t.Errorf("error %v; mismatch (-want +got):\n%s", err, diff)
	}
}

// repeatsNames reports whether an object of the valid JSON document at sc
// repeats a member name, the case in which AppendMatchesKnownValid may
// stop before a member AppendMatches reads.
func repeatsNames(sc *jsonscan.Scanner) bool {
	switch sc.Peek() {
	case '{':
		sc.BeginObject()
		seen := map[string]bool{}
		for first := true; ; first = false {
			k, ok := sc.NextKey(first)
			if !ok {
				return false
			}
			if seen[k] || repeatsNames(sc) {
				return true
			}
			seen[k] = true
		}
	case '[':
		sc.BeginArray()
		for first := true; sc.NextElem(first); first = false {
			if repeatsNames(sc) {
				return true
			}
		}
	default:
		sc.Skip()
	}
	return false
}
