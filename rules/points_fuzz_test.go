package rules

import (
	"strings"
	"testing"
)

// pointPatterns read GeoJSON-like polygons as event-ruler's CL2 rules do:
// numeric conditions on a point's x and y, exists and anything-but on its
// members, and the type next to them. In the first set every member a
// pattern names is indexed; in the second, as in the CL2 rules, y is read
// only by a walk (its pattern is indexed under the type).
var pointPatterns = [][]string{{
	`{"geometry":{"coordinates":{"x":[{"numeric":["<",-5]}]}}}`,
	`{"geometry":{"coordinates":{"x":[{"numeric":[">",-122.5,"<",-122.4]}]}}}`,
	`{"geometry":{"type":["Polygon"],"coordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
	`{"geometry":{"type":["MultiPolygon"],"coordinates":{"y":[{"numeric":["=",37.729900216217324]}]}}}`,
	`{"geometry":{"coordinates":{"z":[{"anything-but":[0]}]}}}`,
	`{"geometry":{"coordinates":{"y":[{"exists":false}]}}}`,
	`{"geometry":{"type":["Polygon"],"coordinates":{"x":[{"numeric":[">",0]}],"y":[{"numeric":["<",37.7]}]}}}`,
	`{"geometry":{"coordinates":[{"exists":true}],"type":[{"anything-but":"Polygon"}]}}`,
}, {
	`{"geometry":{"coordinates":{"x":[{"numeric":["<",-122.41600944012424]}]}}}`,
	`{"geometry":{"coordinates":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}]}}}`,
	`{"geometry":{"type":["MultiPolygon"],"coordinates":{"y":[{"numeric":["=",37.729900216217324]}]}}}`,
	`{"geometry":{"type":["Polygon"],"coordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
}}

var (
	pointValues = []string{`-122.42916360922355`, `37.729900216217324`, `-122.45`, `37.71`, `-1.0625`, `2.5`, `0`, `-0`, `7`, `1e1`, `-9.25E-1`, `37.7`, `-5`}
	pointEdits  = []byte(`0123456789-+.eE,{}[]":xyzw ` + "\x00\xff")
)

// FuzzSetPoints compares a Set with Pattern (which reads every point into
// nodes) on polygons whose points are mostly written alike, as a Set's
// skim of points written like the one before them expects, with one edit
// of the text (a byte replaced, inserted or removed) that the skim must
// read the full way or report as an error; also after the unedited event,
// whose layout the Set keeps.
func FuzzSetPoints(f *testing.F) {
	f.Add([]byte{4, 0, 1, 0, 1, 0, 1, 3, 200, 7, 1})
	f.Add([]byte{9, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 1, 17, 40, 2, 0})
	f.Add([]byte{6, 0, 1, 0, 1, 5, 5, 0, 1, 0, 1, 0, 0, 90, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		g := &gen{b: b}
		n := 2 + g.next(12)
		x, y := pointValues[g.next(len(pointValues))], pointValues[g.next(len(pointValues))]
		pts := make([]string, n)
		for i := range pts {
			if g.next(3) == 0 { // a new value now and then
				x, y = pointValues[g.next(len(pointValues))], pointValues[g.next(len(pointValues))]
			}
			pts[i] = `{"x":` + x + `,"y":` + y + `,"z":0}`
		}
		typ := []string{"Polygon", "MultiPolygon"}[g.next(2)]
		clean := `{"geometry":{"type":"` + typ + `","coordinates":[[` + strings.Join(pts, ",") + `]]}}`
		ev := []byte(clean)
		at := (g.next(256)<<8 | g.next(256)) % len(ev)
		c := pointEdits[g.next(len(pointEdits))]
		switch g.next(4) {
		case 0:
			ev[at] = c
		case 1:
			ev = append(ev[:at], append([]byte{c}, ev[at:]...)...)
		case 2:
			ev = append(ev[:at], ev[at+1:]...)
		}
		// The edited event alone, and after the clean one, whose layout
		// the Set keeps and tries first on the edited one's points.
		patterns := pointPatterns[g.next(len(pointPatterns))]
		checkSetAgainstPatterns(t, patterns, []string{string(ev)})
		checkSetAgainstPatterns(t, patterns, []string{clean, string(ev)})
	})
}
