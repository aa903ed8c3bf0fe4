package jsonenc_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/jsonenc"
)

func TestMarshal(t *testing.T) {
	got, err := jsonenc.Marshal(map[string]string{"reason": "1 < 2 & 3 > 2"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"reason":"1 < 2 & 3 > 2"}`, string(got)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}
