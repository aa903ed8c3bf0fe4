package jsonscan

import (
	"encoding/json"
	"math/bits"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// slowly scans one value with skipSlow only.
func slowly(s string) (int, *Error) {
	sc := New(s)
	sc.skipSlow()
	sc.End()
	return sc.Pos, sc.Err
}

func quickly(s string) (int, *Error) {
	sc := New(s)
	sc.Skip()
	sc.End()
	return sc.Pos, sc.Err
}

// checkShortKeys checks that NextShortKey reads an object as NextKey does.
func checkShortKeys(t *testing.T, s string) {
	t.Helper()
	n1, p1, e1 := members(s, ^uint64(0), false)
	n2, p2, e2 := members(s, ^uint64(0), true)
	if diff := cmp.Diff([3]any{n1, p1, e1}, [3]any{n2, p2, e2}); diff != "" {
		t.Fatalf("NextKey and NextShortKey differ on %q (-NextKey +NextShortKey):\n%s", s, diff)
	}
}

func TestSkip(t *testing.T) {
	tests := map[string]struct {
		doc   string
		valid bool
	}{
		"object":              {`{"a": [1, -2.5e+3, true, false, null, "x\"\u00e9"], "b": {}}`, true},
		"empty array":         {` [ ] `, true},
		"nested":              {strings.Repeat("[", 100) + strings.Repeat("]", 100), true},
		"too deep":            {strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1), false},
		"trailing comma":      {`{"a":1,}`, false},
		"missing colon":       {`{"a" 1}`, false},
		"bad escape":          {`["\x"]`, false},
		"short unicode":       {`["\u12"]`, false},
		"control character":   {"[\"a\x01\"]", false},
		"leading zero":        {`[01]`, false},
		"bare minus":          {`[-]`, false},
		"mismatched bracket":  {`{"a":[1}`, false},
		"unterminated":        {`{"a":"b`, false},
		"bad literal":         {`[tru]`, false},
		"invalid UTF-8":       {"[\"\xff\"]", true},
		"long fractions":      {`[-122.42485025893909,37.79987617371178,0.12345678,1.123456789012345678901234e-7,0]`, true},
		"letter in fraction":  {`[1.1234567890a]`, false},
		"bytes over 0xf9":     {"[1.1234567\xfa\xff]", false},
		"cut in fraction":     {`[1.12345678901`, false},
		"one-byte names":      {"{\"x\":1,\"y\" :2,\"\\\\\":3,\"\":4,\"\u00e9\":5,\"\x7f\":6,\"z\":{\"a\":[]}, \"w\":0}", true},
		"nested objects":      {`{"a":{"b":{"c":[{"d":{}}]}},"e":{"":{"f":1}}}`, true},
		"fractions, members":  {`{"x":-1.5,"y":0.12345678901234,"z":1.5e-3,"w":[1.25,2.5],"v":1.125}`, true},
		"fraction, comma end": {`{"x":1.5,`, false},
		"objects in arrays":   {`[{"a":1},{"b":{"c":[{"d":2},{"e":3}]}},{"f":[{},{"g":4}]}]`, true},
		"object then object":  {`{"a":{"b":1},{"c":2}}`, false},
		"next object cut":     {`[{"a":1},{"`, false},
		"object, name cut":    {`{"a":{"`, false},
		"byte below digits":   {`[0.1234567/]`, false},
		"byte above digits":   {`[0.12345678:]`, false},
		"byte 0x8a":           {"[0.5\x8a]", false},
		"one-byte name cut":   {`{"x":1,"y"`, false},
		"one-byte name, bad":  {`{"x":1,"y":}`, false},
		"one-byte name, end":  {`{"x":1,"y":`, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			pos, err := quickly(tc.doc)
			if (err == nil) != tc.valid {
				t.Fatalf("Skip error = %v, want valid %t", err, tc.valid)
			}
			wantPos, wantErr := slowly(tc.doc)
			if diff := cmp.Diff([2]any{wantPos, wantErr}, [2]any{pos, err}); diff != "" {
				t.Errorf("Skip and skipSlow differ (-slow +Skip):\n%s", diff)
			}
			checkShortKeys(t, tc.doc)
		})
	}
}

// FuzzSkip checks that Skip accepts exactly what encoding/json accepts
// within MaxDepth, and that its fast path ends, or fails, exactly where the
// slow path does; and that NextShortKey reads an object as NextKey does.
func FuzzSkip(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}]}`, `[]`, `{"a":"\u00e9\n"}`, `[1e5,-0.5,true]`, `[-122.42485025893909,1.12345678]`, `{"a":1,}`, `"x"`, `[` + `"\ud800"]`,
		`[{"x":-122.50554150115259,"y":37.77035774907035,"z":0}]`, `[0.1234567,0.12345678,0.123456789,1.]`, `{"a":1, "b" : 2 ,"c":01}`,
		`[1.2345678e5,-0.123456789012345678E-2,00]`, `[0.12345678`, `{"a":1,`, `{"a":1.5 }`,
		`{"a":1,"b" :2,"\\":3,"":4,"\u0041":5}`, `[{"x":1,"y":`, `{"x":"\x"}`,
		`[-]`, `[-a]`, `[-01]`, `[0 1]`, `{"a":-0,"b":00}`, `[0e1,-0.0,10]`, `[-`,
		`{"x":1,"y":2,"z":0}`, `{"x" :1,"y":2}`, `{"x":1,"yy":2,"":3,"\\":4}`, `{"x":1,"y"`, `{"x":1 ,"y":2}`,
		`-122.42916360922355`, `0.12345678`, `0.123456789012`, `1.`, `1.x2345678`, `01`, `-`, `1.5e`, `37.729900216217324e-3`,
		`{"x":1.5,"y":2}`, `{"x":1.12345678,}`, `{"x":1.5e3,"y":1}`, `{"x":1.5,`, `{"x":1.5,"`, `[1.5,2]`, `{"x":1.5 ,"y":2}`, `{"x":1.1234567890123E+2,"y":1.5}`,
		`[{"a":1},{"b":2}]`, `[[{"a":1},{"b":2}]]`, `{"a":[{"x":1},{"y":2}]}`, `[{"a":1},{"`, `[{"a":1},{"b"`, `[{},{"a":1}]`, `[{"a":1},{}]`,
		`{"a":{"b":1},{"c":2}}`, `{"a":1},{"b":2}`, `[{"a":1},{ "b":2}]`, `[{"a":1} ,{"b":2}]`, `[{"a":1},{"b":2},]`,
		`{"a":{"b":{}}}`, `[{"":{"":1}}]`, `{"a":{"`, `{"a":{`, `{"a":{ "b":1}}`, `[{}]`, `[0.1234567/]`, `[1.12345678:]`, "[0.5\x8a1]", "[1.1234567\x80]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pos, err := quickly(s)
		wantPos, wantErr := slowly(s)
		if diff := cmp.Diff([2]any{wantPos, wantErr}, [2]any{pos, err}); diff != "" {
			t.Fatalf("Skip and skipSlow differ on %q (-slow +Skip):\n%s", s, diff)
		}
		if strings.Count(s, "[")+strings.Count(s, "{") < MaxDepth && (err == nil) != json.Valid([]byte(s)) {
			t.Fatalf("Skip error = %v on %q, but json.Valid = %t", err, s, json.Valid([]byte(s)))
		}
		checkShortKeys(t, s)
		if s != "" && (s[0] == '-' || '0' <= s[0] && s[0] <= '9') {
			sc := New(s)
			sc.skipSlow()
			want := sc.Pos
			if sc.Err != nil {
				want = -1
			}
			if end := NumberEnd(s, 0); end != want {
				t.Fatalf("NumberEnd(%q) = %d, skipSlow passes over the number to %d (-1: error)", s, end, want)
			}
		}
	})
}

// FuzzStr checks string decoding against encoding/json: Str and AppendStr
// accept exactly the string literals encoding/json accepts, decode them to
// the same value (AppendStr after what the buffer held), and stop just past
// the closing quote.
func FuzzStr(f *testing.F) {
	for _, s := range []string{`"abc"`, `"\u00e9\n\t\"\\\/"`, `"\ud83d\ude00"`, `"\ud800x"`, "\"\xff\xfe\"", `"{\"a\":\"\\\"b\\\"\"}"`, `"0123456789abcdef\"0123456789"`, `"a`, `"\q"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, lit string) {
		if !strings.HasPrefix(lit, `"`) {
			return
		}
		var want string
		valid := json.Unmarshal([]byte(lit), &want) == nil
		sc := New(lit)
		got := sc.Str()
		end := sc.Pos
		sc.End()
		if (sc.Err == nil) != valid {
			t.Fatalf("Str(%q) error = %v, encoding/json valid = %t", lit, sc.Err, valid)
		}
		sc2 := New(lit)
		buf := sc2.AppendStr([]byte("prefix"))
		if diff := cmp.Diff([2]any{end, sc.Err == nil && end == len(lit)}, [2]any{sc2.Pos, sc2.Err == nil && sc2.Pos == len(lit)}); diff != "" {
			t.Fatalf("Str and AppendStr end differently on %q (-Str +AppendStr):\n%s", lit, diff)
		}
		if !valid {
			return
		}
		if got != want || string(buf) != "prefix"+want {
			t.Fatalf("Str(%q) = %q, AppendStr gives %q, encoding/json %q", lit, got, buf, want)
		}
	})
}

// members walks the object s with NextKeyOf(lens), or NextShortKey(lens)
// when short is set, skipping each value, and returns the names it read
// whose lengths are in lens, where it ended and the error. lens of all ones
// is NextKey.
func members(s string, lens uint64, short bool) ([]string, int, *Error) {
	sc := New(s)
	var names []string
	if sc.BeginObject() {
		for first := true; ; first = false {
			var key string
			var ok bool
			if short {
				key, ok = sc.NextShortKey(first, lens)
			} else {
				key, ok = sc.NextKeyOf(first, lens)
			}
			if !ok {
				break
			}
			if lens>>min(len(key), 63)&1 != 0 {
				names = append(names, key)
			}
			sc.Skip()
		}
	}
	sc.End()
	return names, sc.Pos, sc.Err
}

// FuzzNextKeyOf checks that NextKeyOf, passing over the members whose name
// lengths are not in lens, reads the same names, ends at the same place and
// reports the same error as NextKey and Skip for every member; and that
// NextShortKey does as NextKeyOf with the same lens (and length 1).
func FuzzNextKeyOf(f *testing.F) {
	for _, s := range []string{`{"type":"Feature","properties":{"MAPBLKLOT":"1","BLKLOT":"1"},"geometry":{"x":[1,2]},"n":-1.5e3,"t":true,"z":null}`,
		`{"a":"x","bb":"y","a":{"c":1},"bb":[1,2,]}`, `{"a":"x", "bb":"y"}`, `{"a" :1,"bb":"\x"}`, `{"a":"x","bb":01}`, `{"a":"x","bb":"y",}`,
		`{"a":"x","b\u0062":"y","bb":"z"}`, `{"a":"x","bb":"y"`, `{"a":"x","bb":"y"} x`, `{}`, `{"":1,"é":2}`,
		`{"x":-122.4,"y":37.7,"z":0}`, `{"x":1,"y" :2,"zz":3,"w":4}`} {
		f.Add(s, uint64(1<<2))
		f.Add(s, uint64(1<<1|1<<4|1<<9))
	}
	f.Fuzz(func(t *testing.T, s string, lens uint64) {
		type walk struct {
			Names []string
			Pos   int
			Err   *Error
		}
		names, pos, err := members(s, ^uint64(0), false)
		var want []string
		for _, k := range names {
			if lens>>min(len(k), 63)&1 != 0 {
				want = append(want, k)
			}
		}
		got := walk{}
		got.Names, got.Pos, got.Err = members(s, lens, false)
		if diff := cmp.Diff(walk{want, pos, err}, got); diff != "" {
			t.Fatalf("NextKeyOf(%#x) and NextKey differ on %q (-NextKey +NextKeyOf):\n%s", lens, s, diff)
		}
		short := walk{}
		short.Names, short.Pos, short.Err = members(s, lens|1<<1, true)
		got.Names, got.Pos, got.Err = members(s, lens|1<<1, false)
		if diff := cmp.Diff(got, short); diff != "" {
			t.Fatalf("NextShortKey(%#x) and NextKeyOf differ on %q (-NextKeyOf +NextShortKey):\n%s", lens|1<<1, s, diff)
		}
	})
}

// TestNonDigits checks nonDigits' lowest mark for every byte after every
// number of digits, with any bytes above it.
func TestNonDigits(t *testing.T) {
	for k := range 8 {
		for c := range 256 {
			for _, above := range []uint64{0, ^uint64(0), lsb * '9', lsb * 0xfa, 0x0123456789abcdef} {
				low := uint64(1)<<(8*k) - 1
				high := ^(uint64(1)<<(8*k+8) - 1) // 0 for k == 7
				w := uint64(lsb*'7')&low | uint64(c)<<(8*k) | above&high
				got := bits.TrailingZeros64(nonDigits(w)) >> 3
				want := k
				if '0' <= c && c <= '9' {
					want = k + 1 // at least
					if got >= want {
						continue
					}
				}
				if got != want {
					t.Fatalf("nonDigits(%#x): first mark at byte %d, want %d", w, got, want)
				}
			}
		}
	}
}

// TestStops checks stops' lowest mark for every byte after 0 to 7 plain
// bytes, with any bytes above it, for both kinds of plain bytes.
func TestStops(t *testing.T) {
	for _, high := range []uint64{0, msb} {
		plain := []byte{' ', 'a', '!', '#', '[', ']', 0x7f}
		if high == 0 {
			plain = append(plain, 0x80, 0xa2, 0xdc, 0xff)
		}
		isStop := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 || high != 0 && c >= 0x80 }
		for k := range 8 {
			for _, p := range plain {
				for c := range 256 {
					for _, above := range []uint64{0, ^uint64(0), lsb * '"', lsb * 0x20, 0x0123456789abcdef} {
						low := uint64(1)<<(8*k) - 1
						high8 := ^(uint64(1)<<(8*k+8) - 1) // 0 for k == 7
						w := lsb*uint64(p)&low | uint64(c)<<(8*k) | above&high8
						got := bits.TrailingZeros64(stops(w, high)) >> 3
						want := k
						if !isStop(byte(c)) {
							want = k + 1 // at least
							if got >= want {
								continue
							}
						}
						if got != want {
							t.Fatalf("stops(%#x, %#x): first mark at byte %d, want %d", w, high, got, want)
						}
					}
				}
			}
		}
	}
}

// TestCanOpen checks CanOpen against OpenAt at and below the depth limit.
func TestCanOpen(t *testing.T) {
	for _, depth := range []int{0, MaxDepth - 2, MaxDepth - 1, MaxDepth} {
		sc := NewNested("{}", depth)
		can := sc.CanOpen()
		if opened := sc.OpenAt(0); can != opened {
			t.Errorf("depth %d: CanOpen %v, OpenAt %v", depth, can, opened)
		}
	}
}
