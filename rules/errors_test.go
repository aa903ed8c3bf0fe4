package rules

import (
	"errors"
	"strings"
	"testing"
)

// TestErrorsStaySmall checks that errors quoting pattern keys and values cut
// them short in the message and keep them whole in the fields (repeated keys
// are errors only under RejectRepeatedKeys).
func TestErrorsStaySmall(t *testing.T) {
	long := strings.Repeat("k", 8000) // the longest key a pattern within the matcher's size limit holds
	tests := map[string]string{
		"unsupported operator":      `{"detail":{"k":[{"` + long + `":1}]}}`,
		"long key with a bad value": `{"detail":{"` + long + `":"x"}}`,
		"repeated long key":         `{"` + long + `":["a"],"` + long + `":["b"]}`,
	}
	for name, pattern := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Compile([]byte(pattern), RejectRepeatedKeys())
			if err == nil {
				t.Fatal("no error")
			}
			if n := len(err.Error()); n > 700 {
				t.Errorf("error message is %d bytes, want at most 700: %.300s", n, err)
			}
			var pe *PatternError
			var ue *UnsupportedError
			switch {
			case errors.As(err, &pe):
				if !strings.Contains(pe.Path+pe.Reason, long) {
					t.Errorf("PatternError %+.300v does not keep the key whole", pe)
				}
			case errors.As(err, &ue):
				if !strings.Contains(ue.Path+ue.Construct, long) {
					t.Errorf("UnsupportedError %+.300v does not keep the key whole", ue)
				}
			default:
				t.Errorf("error %.300v is neither a *PatternError nor an *UnsupportedError", err)
			}
		})
	}
}
