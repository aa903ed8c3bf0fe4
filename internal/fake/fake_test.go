package fake_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/fake"
)

// TestFaults checks the one fault queue of the fakes: which of ten calls
// fail, with which code, for the faults injected in order.
func TestFaults(t *testing.T) {
	tests := map[string]struct {
		faults []fake.Fault
		clear  int // ClearFaults before this call (0: never)
		want   string
	}{
		"none":                         {want: ".........."},
		"next call":                    {faults: []fake.Fault{{Code: "A"}}, want: "A........."},
		"next three":                   {faults: []fake.Fault{{Code: "A", Times: 3}}, want: "AAA......."},
		"queued in order":              {faults: []fake.Fault{{Code: "A", Times: 2}, {Code: "B"}}, want: "AAB......."},
		"cleared":                      {faults: []fake.Fault{{Code: "A", Times: 9}}, clear: 3, want: "AA........"},
		"random, seeded":               {faults: []fake.Fault{{Code: "R", Probability: 0.5, Seed: 1}}, want: "R...R....R"},
		"random, then queued":          {faults: []fake.Fault{{Code: "R", Probability: 0.5, Seed: 1, Times: 2}, {Code: "B"}}, want: "R...RB...."},
		"probability 1 is consecutive": {faults: []fake.Fault{{Code: "A", Probability: 1, Times: 2}}, want: "AA........"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			b := fake.New("x", fake.DefaultConfig(), http.NotFoundHandler())
			for _, f := range tt.faults {
				b.InjectFault("Op", f)
			}
			var got strings.Builder
			for i := 1; i <= 10; i++ {
				if i == tt.clear {
					b.ClearFaults("Op")
				}
				f, faulted, seq := b.Call("Op")
				if seq != i {
					t.Fatalf("call %d has sequence number %d", i, seq)
				}
				if faulted {
					got.WriteString(f.Code)
				} else {
					got.WriteString(".")
				}
			}
			if diff := cmp.Diff(tt.want, got.String()); diff != "" {
				t.Errorf("failed calls mismatch (-want +got):\n%s", diff)
			}
			if n := b.Calls("Op"); n != 10 {
				t.Errorf("Calls = %d, want 10", n)
			}
		})
	}
}

func TestReadBody(t *testing.T) {
	tests := map[string]struct {
		body    string
		wantErr bool
	}{
		"empty":        {body: ""},
		"at the limit": {body: strings.Repeat("x", 8)},
		"over it":      {body: strings.Repeat("x", 9), wantErr: true},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := fake.ReadBody(httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tt.body)), 8)
			if (err != nil) != tt.wantErr || (err == nil && string(got) != tt.body) {
				t.Errorf("ReadBody = %q, %v; want the body back, error %t", got, err, tt.wantErr)
			}
		})
	}
}

// TestError checks the text of a fake's error response, which the fakes'
// handlers return as an error: its code, then its message.
func TestError(t *testing.T) {
	var err error = &fake.Error{Status: http.StatusBadRequest, Code: "ValidationException", Message: "Name is too long."}
	if got, want := err.Error(), "ValidationException: Name is too long."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
