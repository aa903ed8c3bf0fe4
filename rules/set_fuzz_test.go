package rules

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// gen turns fuzz input into JSON drawn from small vocabularies, so that
// generated patterns and events share field names and values and match often.
type gen struct {
	b []byte
	i int
}

func (g *gen) next(n int) int {
	if g.i >= len(g.b) {
		return 0
	}
	c := g.b[g.i]
	g.i++
	return int(c) % n
}

var (
	genKeys    = []string{"a", "b", "c", "detail", "source"}
	genValues  = []string{`"x"`, `"X"`, `"xy"`, `"yx"`, `"k"`, `"K"`, `"\u212a"`, `""`, `1`, `1.0`, `1e0`, `-2.5`, `5000000001`, `true`, `false`, `null`, `"10.0.0.1"`, `"2001:db8::1"`, `"a*b"`, `"ab"`, `1.00000000000000001`, `-2.50000000000000001`, `-2.4999999999999999999`, `0.99999999999999999`}
	genIndexed = []string{`"x"`, `"X"`, `"xy"`, `"k"`, `""`, `{"prefix":"x"}`, `{"prefix":""}`, `{"equals-ignore-case":"x"}`, `{"equals-ignore-case":"K"}`}
	genOps     = []string{
		`{"prefix":"x"}`, `{"prefix":""}`, `{"suffix":"y"}`, `{"prefix":{"equals-ignore-case":"X"}}`, `{"suffix":{"equals-ignore-case":"Y"}}`,
		`{"equals-ignore-case":"x"}`, `{"equals-ignore-case":"k"}`, `{"equals-ignore-case":"\u212a"}`, `{"wildcard":"*y*"}`, `{"wildcard":"a\\*b"}`,
		`{"exists":true}`, `{"exists":false}`, `{"numeric":[">",0,"<=",1]}`, `{"numeric":["=",-2.5]}`, `{"numeric":["<",0]}`,
		`{"cidr":"10.0.0.0/8"}`, `{"cidr":"2001:db8::/32"}`, `{"anything-but":"x"}`, `{"anything-but":[1,2]}`, `{"anything-but":["x","k"]}`,
		`{"anything-but":{"prefix":"x"}}`, `{"anything-but":{"suffix":"y"}}`, `{"anything-but":{"equals-ignore-case":["X","K"]}}`,
		`{"anything-but":{"wildcard":"*x*"}}`, `{"anything-but":{"prefix":["x","y"]}}`, `{"anything-but":{"suffix":["x","b"]}}`,
	}
)

// pattern writes a pattern object: fields with match lists or nested
// objects, sometimes a $or.
func (g *gen) pattern(depth int) string {
	var parts []string
	used := map[string]bool{}
	for n := 1 + g.next(3); n > 0; n-- {
		k := genKeys[g.next(len(genKeys))]
		if g.next(6) == 0 && depth < 2 && !used["$or"] {
			used["$or"] = true
			parts = append(parts, `"$or":[`+g.pattern(depth+1)+`,`+g.pattern(depth+1)+`]`)
			continue
		}
		if used[k] {
			continue
		}
		used[k] = true
		if g.next(4) == 0 && depth < 2 {
			parts = append(parts, strconv.Quote(k)+":"+g.pattern(depth+1))
			continue
		}
		var list []string
		indexed := g.next(2) == 0 // only values a Set indexes
		for m := 1 + g.next(3); m > 0; m-- {
			if indexed {
				list = append(list, genIndexed[g.next(len(genIndexed))])
				continue
			}
			if g.next(2) == 0 {
				list = append(list, genValues[g.next(len(genValues))])
			} else {
				list = append(list, genOps[g.next(len(genOps))])
			}
		}
		parts = append(parts, strconv.Quote(k)+":["+strings.Join(list, ",")+"]")
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// event writes an event value: objects (with repeated names now and then),
// arrays and scalars.
func (g *gen) event(depth int) string {
	switch c := g.next(8); {
	case depth == 0 || c < 3:
		var parts []string
		for _, k := range genKeys {
			for n := g.next(5); n > 0 && n < 3; n-- {
				parts = append(parts, strconv.Quote(k)+":"+g.event(depth+1))
			}
		}
		return "{" + strings.Join(parts, ",") + "}"
	case c < 4 && depth < 4:
		var parts []string
		for n := g.next(4); n > 0; n-- {
			parts = append(parts, g.event(depth+1))
		}
		return "[" + strings.Join(parts, ",") + "]"
	case c < 6:
		return genValues[g.next(len(genValues))]
	default:
		return genValues[g.next(5)] // the strings indexed values match most
	}
}

// checkSetAgainstPatterns adds the patterns to a Set under names that
// repeat (so some names hold several patterns) and checks that Add fails
// exactly when Compile does, and that Matches returns the names whose
// patterns match each event by Pattern.Match, in first-added order.
func checkSetAgainstPatterns(t *testing.T, patterns, events []string) {
	t.Helper()
	checkSetNames(t, patterns, events, 5)
}

// checkSetNames is checkSetAgainstPatterns with the patterns added under
// names rN for N up to distinct.
func checkSetNames(t *testing.T, patterns, events []string, distinct int) {
	t.Helper()
	set := NewSet()
	var (
		names    []string
		compiled = map[string][]*Pattern{}
	)
	for i, p := range patterns {
		name := "r" + strconv.Itoa(i%distinct)
		cp, cerr := Compile([]byte(p))
		serr := set.Add(name, JSON(p))
		if fmt.Sprint(cerr) != fmt.Sprint(serr) {
			t.Fatalf("pattern %s: Compile error %v, Set.Add error %v", p, cerr, serr)
		}
		if cerr != nil {
			continue
		}
		if !slices.Contains(names, name) {
			names = append(names, name)
		}
		compiled[name] = append(compiled[name], cp)
	}
	for _, ev := range events {
		var want []string
		var wantErr error
		for _, name := range names {
			for _, p := range compiled[name] {
				ok, err := p.Match([]byte(ev))
				if err != nil {
					wantErr = err
				}
				if ok {
					want = append(want, name)
					break
				}
			}
		}
		got, err := set.Matches([]byte(ev))
		if len(names) > 0 && fmt.Sprint(wantErr) != fmt.Sprint(err) {
			t.Fatalf("event %s: Pattern error %v, Set error %v", ev, wantErr, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("event %s\npatterns %q\nmismatch (-want +got):\n%s", ev, patterns, diff)
		}
		// On any input AppendMatchesKnownValid returns; on valid JSON
		// (nested at most jsonscan.MaxDepth deep, the limit Matches holds
		// events to) without repeated names it agrees with Matches.
		kv, kvErr := set.AppendMatchesKnownValid(nil, []byte(ev))
		valid := jsonscan.New(ev)
		valid.Skip()
		if valid.End(); valid.Err != nil {
			continue
		}
		if sc := jsonscan.New(ev); repeatsNames(&sc) {
			continue
		}
		if diff := cmp.Diff(got, kv); diff != "" || fmt.Sprint(err) != fmt.Sprint(kvErr) {
			t.Fatalf("event %s\npatterns %q\nAppendMatchesKnownValid error %v, Matches error %v; mismatch (-Matches +AppendMatchesKnownValid):\n%s", ev, patterns, kvErr, err, diff)
		}
	}
}

// FuzzSetMatchesPattern is the differential test of Set against Pattern on
// generated patterns and events.
func FuzzSetMatchesPattern(f *testing.F) {
	for _, s := range []string{"", "\x01\x02\x03\x04\x05\x06\x07\x08\x09", "seed with letters and more letters", "\xff\xfe\xfd\x10\x20\x30\x40\x50\x60\x70\x80\x90"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g := &gen{b: b}
		var patterns, events []string
		for n := 1 + g.next(12); n > 0; n-- {
			patterns = append(patterns, g.pattern(0))
		}
		for n := 1 + g.next(6); n > 0; n-- {
			events = append(events, g.event(0))
		}
		checkSetAgainstPatterns(t, patterns, events)
	})
}

// TestSetMatchesPatternOnFixtures runs the differential check on the event
// fixtures with the fuzz seed patterns and generated ones.
func TestSetMatchesPatternOnFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "events", "testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, string(b))
	}
	patterns := []string{
		`{"source":["aws.kms"]}`,
		`{"source":["aws.kms"],"detail-type":["KMS CMK Rotation"],"detail":{"rotation-type":["ON_DEMAND"],"key-origin":["EXTERNAL"]}}`,
		`{"source":["aws.kms"],"detail":{"eventSource":["kms.amazonaws.com"],"$or":[{"eventName":["ScheduleKeyDeletion"]},{"errorMessage":[{"suffix":"is pending deletion."}]}]}}`,
		`{"resources":[{"wildcard":"arn:aws:kms:*:111122223333:key/*"}]}`,
		`{"detail":{"readOnly":[true],"sourceIPAddress":[{"cidr":"192.0.2.0/24"}]}}`,
		`{"detail":{"eventName":[{"prefix":"Sched"},{"equals-ignore-case":"decrypt"}]}}`,
		`{"detail":{"resources":{"ARN":[{"prefix":"arn:aws:kms:"}],"type":["AWS::KMS::Key"]}}}`,
		`{"detail":{"errorCode":[{"exists":false}]},"source":["aws.kms"]}`,
		`{"account":[{"anything-but":["111122223333"]}]}`,
	}
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetMatchesPatternGenerated runs the differential check on a fixed
// stream of generated patterns and events, so that plain go test covers
// what the fuzz test explores.
func TestSetMatchesPatternGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 300 {
		b := make([]byte, 2000)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		g := &gen{b: b}
		var patterns, events []string
		// Every third round, enough patterns that many share a value and
		// are indexed under two anchors.
		n := 8
		if round%3 == 0 {
			n = 40
		}
		for range n {
			patterns = append(patterns, g.pattern(0))
		}
		for range 4 {
			events = append(events, g.event(0))
		}
		checkSetAgainstPatterns(t, patterns, events)
	}
}

// TestSetManyNames runs the differential check on Sets of more names than
// appendFew takes (matched names kept as stamps and a list, then sorted or
// gathered by bits) and of up to that many (a bit each), with some names
// holding several patterns.
func TestSetManyNames(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{fewNames - 1, fewNames, fewNames + 1, 3 * fewNames} {
		b := make([]byte, 40*n)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		g := &gen{b: b}
		var patterns, events []string
		for range n + n/4 {
			patterns = append(patterns, g.pattern(0))
		}
		for range 12 {
			events = append(events, g.event(0))
		}
		// Repeated names, where a direct entry's value alone does not
		// decide (the last member is the one a pattern reads).
		events = append(events, `{"a":"x","a":"y"}`, `{"a":"y","a":"x"}`, `{"detail":{"b":1},"detail":{"b":"x"}}`)
		checkSetNames(t, patterns, events, n)
	}
}

// TestSetSharedValues checks patterns that share their most selective
// values, which a Set indexes under two fields at once, against Pattern.
func TestSetSharedValues(t *testing.T) {
	var patterns []string
	for i := range 30 {
		acct := []string{"111", "222"}[i%2]
		dt := []string{"A", "B", "C"}[i%3]
		switch i % 4 {
		case 0:
			patterns = append(patterns, `{"account":["`+acct+`"],"detail-type":["`+dt+`"]}`)
		case 1:
			patterns = append(patterns, `{"account":["`+acct+`"],"detail":{"k":[{"prefix":"`+dt+`"}]}}`)
		case 2:
			patterns = append(patterns, `{"account":["`+acct+`"],"detail-type":[{"equals-ignore-case":"`+dt+`"}],"detail":{"n":[{"numeric":[">",1]}]}}`)
		default:
			patterns = append(patterns, `{"detail-type":["`+dt+`"],"detail":{"k":["`+dt+dt+`"]}}`)
		}
	}
	var events []string
	for _, acct := range []string{`"111"`, `"222"`, `["333","111"]`, `"444"`} {
		for _, dt := range []string{`"A"`, `"b"`, `["C","A"]`, `"D"`} {
			for _, detail := range []string{`{"k":"AA","n":2}`, `{"k":["BB","Cx"],"n":0}`, `[{"k":"CC"},{"n":5}]`, `{}`} {
				events = append(events, `{"account":`+acct+`,"detail-type":`+dt+`,"detail":`+detail+`}`)
			}
		}
	}
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetIndexedConditions checks, against Pattern, patterns of one field
// path whose every condition kind a Set indexes, over events that repeat a
// member name (the last one wins), spell one number several ways, sit on
// and beside range bounds, and nest values in arrays and objects.
func TestSetIndexedConditions(t *testing.T) {
	patterns := []string{
		`{"a":{"b":[{"numeric":["=",-122.5]}]}}`,
		`{"a":{"b":[{"numeric":["<",0]}]}}`,
		`{"a":{"b":[{"numeric":[">=",-122.5,"<",10]}]}}`,
		`{"a":{"b":[{"numeric":[">",10]}]}}`,
		`{"a":{"b":[{"numeric":["<=",5e9]}]}}`,
		`{"a":{"b":[1, 2.5]}}`,
		`{"a":{"b":[5000000001]}}`,
		`{"a":{"b":[true]}}`,
		`{"a":{"b":[null]}}`,
		`{"a":{"b":[{"anything-but":["x"]}]}}`,
		`{"a":{"b":[{"anything-but":[1,2]}]}}`,
		`{"a":{"b":[{"anything-but":{"prefix":"x"}}]}}`,
		`{"a":{"b":[{"anything-but":{"equals-ignore-case":["X"]}}]}}`,
		`{"a":{"b":[{"wildcard":"x*y"}]}}`,
		`{"a":{"b":[{"cidr":"10.0.0.0/8"}]}}`,
		`{"a":{"b":[{"equals-ignore-case":"\u212a"}]}}`,
		`{"a":{"b":[{"prefix":{"equals-ignore-case":"\u00df"}}]}}`,
		`{"a":{"b":["x", {"numeric":[">",100]}]}}`,
		`{"a":{"b":[{"exists":true}]}}`,
		`{"a":{"b":[{"numeric":[">",0]}],"c":["x"]}}`,
	}
	values := []string{`-122.5`, `-1225e-1`, `-122.50000000000001`, `-122.49999999999999`, `0`, `-0`, `10`, `10.0`, `1e1`, `1`, `2.5`,
		`5e9`, `5000000001`, `1e400`, `true`, `null`, `"x"`, `"X"`, `"xay"`, `"10.1.2.3"`, `"K"`, `"SS"`, `"ssx"`, `{}`, `[]`, `[1,"x"]`, `[[-122.5]]`, `{"b":1}`}
	var events []string
	for _, v := range values {
		events = append(events,
			`{"a":{"b":`+v+`}}`,
			`{"a":[{"b":"y"},{"b":`+v+`}]}`,
			`{"a":{"b":`+v+`,"b":"y"}}`,
			`{"a":{"b":"y","b":`+v+`},"a":{"c":"x"}}`,
			`{"a":{"b":`+v+`,"c":"x"}}`,
		)
	}
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetShortNames checks, against Pattern, objects whose fields are all
// one byte long (a GeoJSON point's "x" and "y"), which a Set reads in place
// while they are written compactly: over events with white space, escaped
// and non-ASCII names, repeated names, nested and invalid values.
func TestSetShortNames(t *testing.T) {
	patterns := []string{
		`{"g":{"c":{"x":[{"numeric":["<",0]}]}}}`,
		`{"g":{"c":{"x":[{"numeric":[">",-1,"<=",1.5]}]}}}`,
		`{"g":{"c":{"x":[-0.5]}}}`,
		`{"g":{"t":["P"],"c":{"y":[{"numeric":["=",1.5]}]}}}`,
		`{"g":{"c":{"y":["s"],"x":[1]}}}`,
		`{"g":{"c":{"y":[{"exists":true}]}}}`,
		`{"g":{"c":{"y":{"x":[2]}}}}`,
		`{"g":{"c":{"\"":[3]}}}`,
		`{"g":{"c":{"\n":[4]}}}`,
		`{"g":{"d":{"é":[5]}}}`,
	}
	members := []string{
		`"x":-1,"y":"s","z":0`, `"x":1,"y":1.5`, `"z":0,"x":-0.5e0`, `"x":-1,"x":1`, `"x":1,"x":-1`,
		`"y":{"x":2},"x":1`, `"z":{"x":1},"x":2`, `"z":[1,{"x":-2}],"x":-0.5`, `"z":"x","y":1.5`,
		` "x" : -1 , "y" : "s" `, `"x":1 ,"y":1.5`, `"x":1, "y":1.5`, `"x":1 ,"x":-1`, `"x":-1, "x":1`, `"y":"s","z":[],"y":1.5 ,"y":"s"`, `"\u0078":-1`, `"x":-1,"\u0079":1.5`,
		`"\"":3`, `"\n":4`, "\"\n\":4", `"é":5`, `"\u00e9":5`, `"xy":1,"x":-1`, ``, `"x":[-1,1]`, `"x":[[-0.5]]`,
		`"x":01`, `"z":01`, `"z":0x`, `"z":7,"x":-1`, `"z":-0`, `"x":-`, `"z":1.`, `"z":1e`, `"x":1,`, `"x":1,}`, `"x"`, `"x":`, `"x":1 "y":2`, `"x":true`, `"x":nul`,
	}
	var events []string
	for _, m := range members {
		events = append(events,
			`{"g":{"t":"P","c":{`+m+`}}}`,
			`{"g":{"c":[{`+m+`},{"x":1,"y":1.5}]}}`,
			`{"g":{"c":[{"x":1,"y":1.5},{`+m+`}],"t":"P"}}`,
			`{"g":{"c":{`+m,
			`{"g":{"d":{`+m+`},"c":{`+m+`}}}`,
			// Points one after another (read with the offset held from
			// one to the next), and the separators that end that.
			`{"g":{"c":[{`+m+`},{`+m+`},{"x":-1,"y":1.5}],"t":"P"}}`,
			`{"g":{"c":[{"x":1},{`+m+`}, {`+m+`} ,{"x":-1}]}}`,
			`{"g":{"c":[{"x":1},{`+m+`},{`+m+`},]}}`,
			`{"g":{"c":[{"x":1},{`+m+`},{`+m,
			`{"g":{"c":[{"x":1},{`+m+`},{ `+m+`},1,{`+m+`}]}}`,
		)
	}
	// The depth limit reached by an object opened as a point: at it and
	// one past it.
	for _, n := range []int{jsonscan.MaxDepth - 3, jsonscan.MaxDepth - 2} {
		arrays := strings.Repeat("[", n)
		events = append(events, `{"g":{"c":`+arrays+`{"x":1},{"x":-1}`+strings.Repeat("]", n)+`}}`)
	}
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetNumberSegments checks, against Pattern, numbers on, beside and
// between the bounds and exact values of one field's numeric conditions,
// which a Set decides for all ranges at once between two such cuts; and a
// field with too many overlapping ranges for that, decided range by range.
func TestSetNumberSegments(t *testing.T) {
	bounds := []string{`-122.41600944012424`, `-122.46471267081272`, `-122.4063085128395`, `-122.42916360922355`, `0`, `5e9`, `-5e9`, `1e-300`, `5000000001`, `1e300`}
	patterns := []string{
		`{"p":{"x":[{"numeric":["=",-122.42916360922355]}]}}`,
		`{"p":{"x":[{"numeric":["<",-122.41600944012424]}]}}`,
		`{"p":{"x":[{"numeric":[">",-122.41600944012424]}]}}`,
		`{"p":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}]}}`,
		`{"p":{"x":[{"numeric":["<=",-5e9]},{"numeric":[">=",5e9]}]}}`,
		`{"p":{"x":[{"numeric":[">",0,"<",1e-300]}]}}`,
		`{"p":{"x":[5000000001, 1e300, 0]}}`,
	}
	var many []string
	for i := range 100 {
		many = append(many, `{"q":{"x":[{"numeric":[">",`+strconv.Itoa(i)+`,"<=",`+strconv.Itoa(200-i)+`]}]}}`)
	}
	values := []string{`-122.41600944012423`, `-122.41600944012425`, `-122.416009440124`, `-122.4160094401242400001`, `-12241600944012424e-14`,
		`-122.4647127`, `-122.46471267081271`, `-122.4063085128394`, `-122.42916360922356`, `-122.429163609223550`, `-122.4291636092235`,
		`-0`, `-0.0`, `1e-301`, `5e-300`, `4999999999.9999999`, `5000000000.000001`, `-4999999999.99999999`, `-5000000000.0000001`,
		`5.000000001e9`, `1e400`, `-1e400`, `1e-400`, `100`, `100.5`, `99.999999999999999999`, `150`, `200.0000000000001`, `12345678901234567890`}
	values = append(values, bounds...)
	var events []string
	for _, v := range values {
		events = append(events, `{"p":{"x":`+v+`},"q":{"x":`+v+`}}`, `{"p":[{"x":-122.44,"y":1},{"x":`+v+`}],"q":[{"x":`+v+`}]}`)
	}
	checkSetAgainstPatterns(t, patterns, events)
	checkSetAgainstPatterns(t, many, events)
}

// TestSetNumberSegmentCache checks that the segment a Set remembers from
// the last number it decided serves only the same field in the same event:
// two fields whose numbers fall in segments of the same place, and the
// same event twice.
func TestSetNumberSegmentCache(t *testing.T) {
	patterns := []string{
		`{"p":{"x":[{"numeric":[">",0]}]}}`,
		`{"q":{"x":[{"numeric":[">",100,"<",200]}]}}`,
		`{"q":{"x":[{"numeric":["<",100]}]}}`,
	}
	events := []string{
		`{"p":{"x":150},"q":{"x":150}}`, `{"p":{"x":150}}`, `{"p":{"x":150}}`, `{"q":{"x":150}}`, `{"q":{"x":150}}`,
		`{"p":[{"x":150},{"x":151}],"q":[{"x":50},{"x":150}]}`, `{"q":[{"x":150},{"x":50}]}`,
	}
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetAnythingBut checks, against Pattern, anything-but conditions of
// one value and of several, of every kind, on strings, numbers and the
// other leaves: those of strings, prefixes, suffixes and ASCII
// equals-ignore-case forms (and wildcards that are one of those) go to the
// field's anything-but index, the others are tested, one of them without
// anythingBut's loop. The values are short and long (the index compares
// words of up to eight bytes, and looks longer ones up by hash), escaped
// (a string that is not read in place), in arrays (one element excluded,
// another not) and next to other conditions on the same field.
func TestSetAnythingBut(t *testing.T) {
	patterns := []string{
		`{"a":[{"anything-but":"x"}]}`,
		`{"a":[{"anything-but":["x","k"]}]}`,
		`{"a":[{"anything-but":[1,2]}]}`,
		`{"a":[{"anything-but":{"prefix":"x"}}]}`,
		`{"a":[{"anything-but":{"suffix":"k"}}]}`,
		`{"a":[{"anything-but":{"equals-ignore-case":"X"}}]}`,
		`{"a":[{"anything-but":{"equals-ignore-case":["X","K"]}}]}`,
		`{"a":[{"anything-but":{"wildcard":"x*k"}}]}`,
		`{"a":[{"anything-but":{"wildcard":["x*","*k"]}}]}`,
		`{"a":[{"anything-but":{"wildcard":"xk"}}]}`,
		`{"a":[{"anything-but":["xylophone","abcdefgh"]}]}`,
		`{"a":[{"anything-but":{"prefix":["xylophone","xylo"]}}]}`,
		`{"a":[{"anything-but":{"suffix":["phone-k","lophone-k"]}}]}`,
		`{"a":[{"anything-but":{"equals-ignore-case":["XYLOPHONE","\u00e9t\u00e9"]}}]}`,
		`{"a":[{"anything-but":"x"},{"anything-but":"k"}]}`,
		`{"a":["y",{"anything-but":{"prefix":"y"}}]}`,
		`{"a":[{"anything-but":{"prefix":"x"}}],"b":[1]}`,
		`{"a":[{"wildcard":"x*"},{"wildcard":"*k"},{"wildcard":"xylophone*"},{"wildcard":"y"}]}`,
	}
	var events []string
	for _, v := range []string{`"x"`, `"k"`, `"X"`, `"K"`, `"xk"`, `"xyk"`, `"y"`, `""`, `1`, `2`, `3`, `true`, `null`, `["x","k"]`, `{"b":"x"}`, `[]`,
		`"\u0078"`, `"x\u006b"`, `"xylophone"`, `"XYLOPHONE"`, `"xylophone-k"`, `"Xylophone-K"`, `"abcdefgh"`, `"abcdefghi"`, `"\u00c9T\u00c9"`, `"\u00e9t\u00e9"`,
		`["y","x"]`, `["x","y"]`, `["x","x"]`, `["k",1]`, `"xylo"`, `"xyl"`} {
		events = append(events, `{"a":`+v+`}`, `{"b":1}`, `{"a":`+v+`,"b":1}`, `{"b":1,"a":`+v+`,"c":"padding after the value"}`,
			// The last of repeated names is the value; an error after
			// the value leaves no match behind for the next event.
			`{"a":"y","a":`+v+`}`, `{"a":`+v+`,"a":"y"}`, `{"a":`+v+`,"b":tru}`)
	}
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetManyAnythingBut puts more anything-but conditions on one field
// than its index holds (the rest are tested), checked against Pattern.
func TestSetManyAnythingBut(t *testing.T) {
	var patterns, events []string
	for i := range maxButSlots + 6 {
		v := strconv.Quote("v" + strconv.Itoa(i))
		patterns = append(patterns, `{"a":[{"anything-but":`+v+`}]}`)
		events = append(events, `{"a":`+v+`}`)
	}
	events = append(events, `{"a":"w"}`, `{"a":["v1","v69"]}`, `{"a":1}`)
	checkSetAgainstPatterns(t, patterns, events)
}

// TestSetSkimmedPoints checks, against Pattern (which reads every point
// into nodes), a Set's points written as the one before them: skimmed with
// their numbers offered to the indexes, and read into nodes only when a
// walk reaches them. The value a pattern looks for stands at each place of
// a run; the run is broken by points written otherwise (each separator,
// the first byte of a number, the bytes after the last one, a member more
// or less), by invalid numbers, and by other elements.
func TestSetSkimmedPoints(t *testing.T) {
	patterns := []string{
		`{"g":{"c":{"x":[{"numeric":["<",-5]}]}}}`,
		`{"g":{"c":{"x":[{"numeric":[">",7,"<",8]}]}}}`,
		`{"g":{"c":{"x":[-9.25]}}}`,
		`{"g":{"t":["P"],"c":{"x":[-9.25]}}}`,
		`{"g":{"t":["M"],"c":{"y":[{"numeric":["=",1.5]}]}}}`,
		`{"g":{"t":["M"],"c":{"z":[{"exists":true}]}}}`,
		`{"g":{"t":["P"],"c":{"y":[{"anything-but":[2.5]}]}}}`,
		`{"g":{"t":["Q"],"c":[{"exists":false}]}}`,
		`{"g":{"t":["Q"],"c":{"x":[{"numeric":[">",0]}],"y":[{"numeric":["<",0]}]}}}`,
		`{"g":{"c":{"x":[{"anything-but":[-1.0625]}]}}}`,
		`{"g":{"c":{"x":[{"numeric":[">",-1]}]}}}`,
		`{"g":{"t":["Q"],"c":{"x":[{"anything-but":{"prefix":"-1"}}]}}}`,
		// Coordinates of sixteen digits, read coarsely and decided by
		// segment where the index allows.
		`{"g":{"c":{"x":[{"numeric":["<",-122.41600944012424]}]}}}`,
		`{"g":{"c":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}]}}}`,
		`{"g":{"c":{"x":[{"anything-but":[-122.42916360922355]}]}}}`,
		`{"g":{"c":{"x":[{"anything-but":[-122.4291636092235]},{"numeric":[">",-122.41600944012424]}]}}}`,
	}
	pt := func(x, y string) string { return `{"x":` + x + `,"y":` + y + `,"z":0}` }
	var points []string
	for range 6 {
		points = append(points, pt("-1.0625", "2.5"))
	}
	others := []string{
		pt("-9.25", "2.5"), pt("7.5", "2.5"), pt("-1", "1.5"), pt("3", "-4"), pt("-9.250", "1.50"),
		pt("-1e1", "2.5"), pt("-1e300", "2.5"), pt("-1e-300", "2.5"), pt("-0.5", "2.5E0"),
		`{"x":-1,"y":2.5,"z":1}`, `{"x":-1,"y":2.5,"z":0.5}`, `{"x":-1,"y":2.5}`, `{"y":2.5,"x":-9.25,"z":0}`,
		`{"x":-1,"y":2.5,"z":0,"w":7}`, `{"x":-1, "y":2.5,"z":0}`, `{"x":-1,"y":2.5,"z":0 }`, `{"x":-1,"x":-9.25,"z":0}`,
		`{"x":-1,"y":"2.5","z":0}`, `{"x":-1,"y":[1.5],"z":0}`, `{}`, `[1.5]`, `-9.25`,
		pt("-", "2.5"), pt("-1.", "2.5"), pt("-01", "2.5"), pt("-1", "2.5e"), pt("-1", "--2"), pt("-1", "01"), pt("-1", "2."), pt("-1", "-"), pt("-1", "2.5") + `x`,
	}
	// Long literals: a run at one value, the others at another.
	long := []string{
		pt("-122.42916360922355", "37.72990021621732"), pt("-122.4291636092235", "37.7"), pt("-122.41000944012424", "37.7"),
		pt("-122.50000944012424", "37.7"), pt("-122.42916360922355e0", "37.7"),
	}
	others = append(others, long[1:]...)
	var events []string
	for _, o := range others {
		for _, points := range [][]string{points, slices.Repeat(long[:1], 5)} {
			for at := 0; at <= len(points); at++ {
				run := slices.Insert(slices.Clone(points), at, o)
				for _, ty := range []string{"P", "M", "Q"} {
					events = append(events, `{"g":{"t":"`+ty+`","c":[[`+strings.Join(run, ",")+`]]}}`)
				}
			}
		}
		// Two runs in one array, and an array cut short in a run.
		events = append(events, `{"g":{"t":"M","c":[`+strings.Join(points, ",")+`,[`+o+`],`+strings.Join(points, ",")+`,`+o+`]}}`)
		events = append(events, `{"g":{"t":"M","c":[`+strings.Join(points, ",")+`,`+o)
	}
	checkSetAgainstPatterns(t, patterns, events)
	// A field whose ranges segments decide and whose other conditions
	// are tested on every value: each point's value goes to both.
	events = events[:0]
	for _, o := range append(long[1:], pt("-1e300", "37.7"), pt("-1e-300", "37.7")) {
		for at := 1; at <= 5; at++ {
			events = append(events, `{"g":{"c":[[`+strings.Join(slices.Insert(slices.Repeat(long[:1], 5), at, o), ",")+`]]}}`)
		}
	}
	checkSetAgainstPatterns(t, []string{
		`{"g":{"c":{"x":[{"numeric":["<",-122.41600944012424]}]}}}`,
		`{"g":{"c":{"x":[{"anything-but":[-122.42916360922355]}]}}}`,
		`{"g":{"c":{"y":[1.5]}}}`, // y read too: the points' layout is short
	}, events)
	checkSetAgainstPatterns(t, []string{`{"g":{"c":{"x":[{"numeric":[">",-1]}]}}}`, `{"g":{"c":{"y":[1.5]}}}`}, events)
	// The layout a field's points had in the last event is tried first:
	// two fields with points written alike, whose numbers go to
	// different indexes, in one event and in turns.
	events = events[:0]
	a, b := strings.Join(slices.Repeat(long[:1], 3), ","), strings.Join(slices.Repeat(long[3:4], 3), ",")
	for _, ev := range []string{
		`{"g":{"c":[[` + a + `]],"d":[[` + b + `]]}}`, `{"g":{"c":[[` + b + `]],"d":[[` + a + `]]}}`,
		`{"g":{"c":[[` + a + `]]}}`, `{"g":{"d":[[` + b + `]]}}`, `{"g":{"c":[[` + b + `]]}}`, `{"g":{"d":[[` + a + `]]}}`,
		`{"g":{"d":[[` + b + `]]}}`, `{"g":{"c":[[` + a + `]]}}`, `{"g":{"d":[[` + a + `],[` + b + `]]}}`,
	} {
		events = append(events, ev, ev)
	}
	checkSetAgainstPatterns(t, []string{
		`{"g":{"c":{"x":[{"numeric":["<",-122.45]}]}}}`, `{"g":{"d":{"x":[{"numeric":[">",-122.45]}]}}}`,
		`{"g":{"c":{"y":[1.5]}}}`, `{"g":{"d":{"y":[1.5]}}}`,
	}, events)
	// The depth limit reached by points whose layout an earlier event
	// (or polygon) had, at and one past it, after and before points
	// less deep.
	events = events[:0]
	for _, n := range []int{jsonscan.MaxDepth - 3, jsonscan.MaxDepth - 2} {
		deep := `{"g":{"c":` + strings.Repeat("[", n) + a + strings.Repeat("]", n) + `}}`
		events = append(events, `{"g":{"c":[[`+a+`]]}}`, deep, `{"g":{"c":[[`+a+`],`+strings.Repeat("[", n-1)+a+strings.Repeat("]", n-1)+`]}}`)
	}
	checkSetAgainstPatterns(t, []string{`{"g":{"c":{"x":[{"numeric":["<",-122.45]}]}}}`, `{"g":{"c":{"y":[1.5]}}}`}, events)
}
