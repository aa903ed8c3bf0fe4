package benchcmp

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// A CL2Group is one group of aws/event-ruler's CL2Benchmark
// (src/test/software/amazon/event/ruler/Benchmarks.java, commit 337e8d9):
// five rules of one kind over the citylots2 events.
type CL2Group struct {
	Name  string
	Rules []string
	// Quamina is set for the groups quamina can express.
	Quamina bool
}

// CL2Groups are the 14 groups of CL2Benchmark, 70 rules, in its order;
// COMPLEX_ARRAYS, last, is the group event-ruler leaves out of its combined
// runs.
var CL2Groups = []CL2Group{
	{"EXACT", []string{
		`{"properties":{"MAPBLKLOT":["1430022"]}}`,
		`{"properties":{"MAPBLKLOT":["2607117"]}}`,
		`{"properties":{"MAPBLKLOT":["2607218"]}}`,
		`{"properties":{"MAPBLKLOT":["3745012"]}}`,
		`{"properties":{"MAPBLKLOT":["VACSTWIL"]}}`,
	}, true},
	{"WILDCARD", []string{
		`{"properties":{"MAPBLKLOT":[{"wildcard":"143*"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"2*0*1*7"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"*218"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"3*5*2"}]}}`,
		`{"properties":{"MAPBLKLOT":[{"wildcard":"VA*IL"}]}}`,
	}, true},
	{"PREFIX", []string{
		`{"properties":{"STREET":[{"prefix":"AC"}]}}`,
		`{"properties":{"STREET":[{"prefix":"BL"}]}}`,
		`{"properties":{"STREET":[{"prefix":"DR"}]}}`,
		`{"properties":{"STREET":[{"prefix":"FU"}]}}`,
		`{"properties":{"STREET":[{"prefix":"RH"}]}}`,
	}, true},
	{"PREFIX_EQUALS_IGNORE_CASE", []string{
		`{"properties":{"STREET":[{"prefix":{"equals-ignore-case":"Ac"}}]}}`,
		`{"properties":{"STREET":[{"prefix":{"equals-ignore-case":"bL"}}]}}`,
		`{"properties":{"STREET":[{"prefix":{"equals-ignore-case":"dR"}}]}}`,
		`{"properties":{"STREET":[{"prefix":{"equals-ignore-case":"Fu"}}]}}`,
		`{"properties":{"STREET":[{"prefix":{"equals-ignore-case":"rH"}}]}}`,
	}, false},
	{"SUFFIX", []string{
		`{"properties":{"STREET":[{"suffix":"ON"}]}}`,
		`{"properties":{"STREET":[{"suffix":"KE"}]}}`,
		`{"properties":{"STREET":[{"suffix":"MM"}]}}`,
		`{"properties":{"STREET":[{"suffix":"ING"}]}}`,
		`{"properties":{"STREET":[{"suffix":"GO"}]}}`,
	}, false},
	{"SUFFIX_EQUALS_IGNORE_CASE", []string{
		`{"properties":{"STREET":[{"suffix":{"equals-ignore-case":"oN"}}]}}`,
		`{"properties":{"STREET":[{"suffix":{"equals-ignore-case":"Ke"}}]}}`,
		`{"properties":{"STREET":[{"suffix":{"equals-ignore-case":"mM"}}]}}`,
		`{"properties":{"STREET":[{"suffix":{"equals-ignore-case":"InG"}}]}}`,
		`{"properties":{"STREET":[{"suffix":{"equals-ignore-case":"gO"}}]}}`,
	}, false},
	{"EQUALS_IGNORE_CASE", []string{
		`{"properties":{"STREET":[{"equals-ignore-case":"jefferson"}]}}`,
		`{"properties":{"STREET":[{"equals-ignore-case":"bEaCh"}]}}`,
		`{"properties":{"STREET":[{"equals-ignore-case":"HyDe"}]}}`,
		`{"properties":{"STREET":[{"equals-ignore-case":"CHESTNUT"}]}}`,
		`{"properties":{"ST_TYPE":[{"equals-ignore-case":"st"}]}}`,
	}, true},
	{"NUMERIC", []string{
		`{"geometry":{"type":["Polygon"],"firstCoordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
		`{"geometry":{"type":["MultiPolygon"],"firstCoordinates":{"z":[{"numeric":["=",0]}]}}}`,
		`{"geometry":{"firstCoordinates":{"x":[{"numeric":["<",-122.41600944012424]}]}}}`,
		`{"geometry":{"firstCoordinates":{"x":[{"numeric":[">",-122.41600944012424]}]}}}`,
		`{"geometry":{"firstCoordinates":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}]}}}`,
	}, false},
	{"ANYTHING_BUT", []string{
		`{"properties":{"STREET":[{"anything-but":["FULTON"]}]}}`,
		`{"properties":{"STREET":[{"anything-but":["MASON"]}]}}`,
		`{"properties":{"ST_TYPE":[{"anything-but":["ST"]}]}}`,
		`{"geometry":{"type":[{"anything-but":["Polygon"]}]}}`,
		`{"properties":{"FROM_ST":[{"anything-but":["441"]}]}}`,
	}, true},
	{"ANYTHING_BUT_IGNORE_CASE", []string{
		`{"properties":{"STREET":[{"anything-but":{"equals-ignore-case":["Fulton"]}}]}}`,
		`{"properties":{"STREET":[{"anything-but":{"equals-ignore-case":["Mason"]}}]}}`,
		`{"properties":{"ST_TYPE":[{"anything-but":{"equals-ignore-case":["st"]}}]}}`,
		`{"geometry":{"type":[{"anything-but":{"equals-ignore-case":["polygon"]}}]}}`,
		`{"properties":{"FROM_ST":[{"anything-but":{"equals-ignore-case":["441"]}}]}}`,
	}, false},
	{"ANYTHING_BUT_PREFIX", []string{
		`{"properties":{"STREET":[{"anything-but":{"prefix":"FULTO"}}]}}`,
		`{"properties":{"STREET":[{"anything-but":{"prefix":"MASO"}}]}}`,
		`{"properties":{"ST_TYPE":[{"anything-but":{"prefix":"S"}}]}}`,
		`{"geometry":{"type":[{"anything-but":{"prefix":"Poly"}}]}}`,
		`{"properties":{"FROM_ST":[{"anything-but":{"prefix":"44"}}]}}`,
	}, false},
	{"ANYTHING_BUT_SUFFIX", []string{
		`{"properties":{"STREET":[{"anything-but":{"suffix":"ULTON"}}]}}`,
		`{"properties":{"STREET":[{"anything-but":{"suffix":"ASON"}}]}}`,
		`{"properties":{"ST_TYPE":[{"anything-but":{"suffix":"T"}}]}}`,
		`{"geometry":{"type":[{"anything-but":{"suffix":"olygon"}}]}}`,
		`{"properties":{"FROM_ST":[{"anything-but":{"suffix":"41"}}]}}`,
	}, false},
	{"ANYTHING_BUT_WILDCARD", []string{
		`{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"143*"}}]}}`,
		`{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"2*0*1*7"}}]}}`,
		`{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"*218"}}]}}`,
		`{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"3*5*2"}}]}}`,
		`{"properties":{"MAPBLKLOT":[{"anything-but":{"wildcard":"VA*IL"}}]}}`,
	}, false},
	{"COMPLEX_ARRAYS", []string{
		`{"geometry":{"type":["Polygon"],"coordinates":{"x":[{"numeric":["=",-122.42916360922355]}]}}}`,
		`{"geometry":{"type":["MultiPolygon"],"coordinates":{"y":[{"numeric":["=",37.729900216217324]}]}}}`,
		`{"geometry":{"coordinates":{"x":[{"numeric":["<",-122.41600944012424]}]}}}`,
		`{"geometry":{"coordinates":{"x":[{"numeric":[">",-122.41600944012424]}]}}}`,
		`{"geometry":{"coordinates":{"x":[{"numeric":[">",-122.46471267081272,"<",-122.4063085128395]}]}}}`,
	}, false},
}

// CL2Rules returns the named rules of the groups for which keep is true,
// named GROUP/i.
func CL2Rules(keep func(CL2Group) bool) []Rule {
	var out []Rule
	for _, g := range CL2Groups {
		if !keep(g) {
			continue
		}
		for i, p := range g.Rules {
			out = append(out, Rule{Name: g.Name + "/" + strconv.Itoa(i), Pattern: p})
		}
	}
	return out
}

// citylots2 is not in the public snapshots of event-ruler or quamina, so
// CL2Corpus generates events of its shape: San Francisco lot records as
// GeoJSON features (quamina's testdata/cl-sample-* show the fields), whose
// coordinates are objects with x, y and z and whose first point is repeated
// as geometry.firstCoordinates, the two fields the NUMERIC and
// COMPLEX_ARRAYS rules read. Values are drawn so that every CL2 rule
// matches some events, in proportions like those event-ruler's benchmark
// expects: about half the lots are on an ST, MultiPolygons are rare, a few
// MAPBLKLOT values are exact hits.
var (
	cl2Streets = []string{
		"FULTON", "MASON", "JEFFERSON", "BEACH", "HYDE", "CHESTNUT", "ACKERSON", "ACACIA", "BLAKE", "BLUXOME",
		"DRUMM", "DRAKE", "FUNSTON", "FUNSTON", "RHODE ISLAND", "RHONE", "WASHINGTON", "LAKE", "MOTT", "LAGUNA HONDA",
		"FLEMING", "SAN DIEGO", "LOMBARD", "GREENWICH", "UNION", "FILLMORE", "MISSION", "VALENCIA", "GEARY", "POLK",
		"JACKSON", "CLAY", "BROADWAY", "VALLEJO", "SACRAMENTO", "PACIFIC", "TARAVAL", "NORIEGA", "IRVING", "JUDAH",
	}
	cl2StTypes  = []string{"ST", "ST", "ST", "ST", "ST", "AVE", "AVE", "BLVD", "WAY", "TER", "PL", "CT", "DR", "LN"}
	cl2Exact    = []string{"1430022", "2607117", "2607218", "3745012", "VACSTWIL"}
	cl2Wildcard = []string{"1431005", "2501017", "0123218", "3605092", "VALCOIL"}
)

// CL2Corpus returns n citylots2-shaped events, the same for every call.
// They average about 870 bytes. With geometryFirst the geometry member
// comes before properties (the same bytes otherwise), so that an engine
// that stops reading once it has the fields its patterns name still has
// to pass over the geometry, as one that validates the whole event does.
func CL2Corpus(n int, geometryFirst bool) [][]byte {
	r := rand.New(rand.NewPCG(2, 17))
	out := make([][]byte, n)
	var b strings.Builder
	for i := range out {
		b.Reset()
		lot := strconv.Itoa(1000000 + r.IntN(6000000))
		switch k := r.IntN(1000); {
		case k < 5:
			lot = cl2Exact[k]
		case k < 60:
			lot = cl2Wildcard[k%len(cl2Wildcard)]
		}
		block, num := lot[:4], lot[4:]
		from := strconv.Itoa(r.IntN(3000))
		if r.IntN(500) == 0 {
			from = "441"
		}
		to := strconv.Itoa(r.IntN(3000))
		street := cl2Streets[r.IntN(len(cl2Streets))]
		stType := `"` + cl2StTypes[r.IntN(len(cl2StTypes))] + `"`
		if r.IntN(40) == 0 {
			stType = "null"
		}
		odd := "E"
		if r.IntN(2) == 0 {
			odd = "O"
		}
		geo := "Polygon"
		if r.IntN(600) == 0 {
			geo = "MultiPolygon"
		}
		props := `"properties":{"MAPBLKLOT":"` + lot + `","BLKLOT":"` + lot + `","BLOCK_NUM":"` + block +
			`","LOT_NUM":"` + num + `","FROM_ST":"` + from + `","TO_ST":"` + to + `","STREET":"` + street +
			`","ST_TYPE":` + stType + `,"ODD_EVEN":"` + odd + `"}`
		b.WriteString(`{"type":"Feature",`)
		if !geometryFirst {
			b.WriteString(props + ",")
		}
		b.WriteString(`"geometry":{"type":"` + geo + `","coordinates":[[`)
		x0 := -122.52 + r.Float64()*0.15
		y0 := 37.70 + r.Float64()*0.11
		switch {
		case r.IntN(3000) == 0:
			x0 = -122.42916360922355
		case geo == "MultiPolygon" && r.IntN(2) == 0:
			y0 = 37.729900216217324
		}
		points := 7 + r.IntN(9)
		first := ""
		for p := range points {
			x, y := x0+r.Float64()*0.0005, y0+r.Float64()*0.0005
			if p == 0 {
				x, y = x0, y0
			}
			pt := `{"x":` + strconv.FormatFloat(x, 'f', -1, 64) + `,"y":` + strconv.FormatFloat(y, 'f', -1, 64) + `,"z":0}`
			if p == 0 {
				first = pt
			} else {
				b.WriteByte(',')
			}
			b.WriteString(pt)
		}
		b.WriteString(`]],"firstCoordinates":` + first + `}`)
		if geometryFirst {
			b.WriteString("," + props)
		}
		b.WriteString(`}`)
		out[i] = []byte(b.String())
	}
	return out
}

// A CL2Case is one rule set the CL2 comparison times.
type CL2Case struct {
	Name    string
	Rules   []Rule
	Quamina bool // quamina can express every rule
}

// CL2Cases are each group alone, then the 25 rules of the groups quamina
// can express, the 65 without COMPLEX_ARRAYS and all 70.
func CL2Cases() []CL2Case {
	var out []CL2Case
	for _, g := range CL2Groups {
		name := g.Name
		out = append(out, CL2Case{name, CL2Rules(func(x CL2Group) bool { return x.Name == name }), g.Quamina})
	}
	return append(out,
		CL2Case{"quamina-25", CL2Rules(func(g CL2Group) bool { return g.Quamina }), true},
		CL2Case{"all-but-complex-65", CL2Rules(func(g CL2Group) bool { return g.Name != "COMPLEX_ARRAYS" }), false},
		CL2Case{"all-70", CL2Rules(func(CL2Group) bool { return true }), false},
	)
}
