package rules

import (
	"math"

	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// A Set compares the numbers of an event with its numeric conditions as the
// scan reads them. Parsing a literal to the float64 nearest it
// (strconv.ParseFloat) costs several times more than reading its digits
// into an integer and scaling that once, which is exact for the literals
// most events hold (up to 15 or so significant digits and a small
// exponent) and otherwise within a few units in the last place. A
// condition is decided on that approximate value when every number within
// the error bound gets the same answer, and on the exactly parsed value
// only when the bound straddles one of its bounds or values.

// pow10 holds the powers of ten that are exact in a float64.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// nearTol bounds the relative distance between approxNumber's value and
// the float64 nearest the literal: at most 19 significant digits are read
// (relative error under 1e-18), and converting them and scaling by an exact
// power of ten round twice (2^-53 each), against 2^-53 for the nearest
// float64; 1e-15 is over twice their sum.
const nearTol = 1e-15

// coarseTol bounds the relative distance between approxNumber's value and
// the float64 nearest the literal when it reads a fraction only until it
// holds ten significant digits (a GeoJSON coordinate has sixteen or so) and
// passes over the rest: those move the value by less than 1e-9 of it, and
// the roundings add under 1e-15.
const coarseTol = 2e-9

// coarseFrom is the mantissa from which approxNumber stops reading a
// fraction's digits: ten significant digits.
const coarseFrom = 1e9

// The numState of a node whose num holds its literal's value: exactly
// (exactState), within nearTol of it (approxState) or within coarseTol
// (coarseState). 0 is a literal not read yet, 2 one out of range.
const (
	exactState  = 1
	approxState = 3
	coarseState = 4
)

// stateTol returns the relative error bound of a value held in numState st.
func stateTol(st uint8) float64 {
	switch st {
	case approxState:
		return nearTol
	case coarseState:
		return coarseTol
	}
	return 0
}

// approxNumber reads a JSON number literal (one the scanner accepted) as
// mantissa × 10^exp, with the mantissa's first 19 significant digits, or
// with a fraction's digits only until it holds ten. It returns the numState
// of the result: exactState when it is the float64 nearest the literal
// (every digit read, a mantissa float64 holds exactly and an exact power of
// ten: one rounding), approxState or coarseState; and ok false when the
// exponent is out of the table's range.
func approxNumber(s string) (f float64, state uint8, ok bool) {
	if end, f, state, ok := readNumber(s, 0); end >= 0 {
		return f, state, ok
	}
	return approxLong(s)
}

// readNumber checks and reads the JSON number literal at s[i:] in one pass,
// as approxNumber values it, and returns the offset just past it, the
// offset the scanner's Skip would return. It returns end -1 when s[i:] does
// not start with a valid literal (the scanner reports why) or when the
// literal has more than 19 digits (approxLong reads those).
func readNumber(s string, i int) (end int, f float64, state uint8, ok bool) {
	neg := false
	if i < len(s) && s[i] == '-' {
		i, neg = i+1, true
	}
	// Most literals have at most 19 digits, which a uint64 holds: read
	// them in one pass, the fraction eight digits at a time where it can,
	// and count the digits after the point.
	var w uint64
	start := i
	if i < len(s) && s[i] == '0' {
		i++ // a leading zero is the whole integer part
	} else {
		if i, w = digits(s, i, w); i == start {
			return -1, 0, 0, false
		}
	}
	exp, n, coarse := 0, i-start, false
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for i+8 <= len(s) && w < coarseFrom {
			x := jsonscan.Load64(s, i)
			if jsonscan.NonDigits(x) != 0 {
				break
			}
			w, i = w*1e8+eightValue(x), i+8
		}
		if w < coarseFrom || i == frac {
			if i, w = digits(s, i, w); i == frac {
				return -1, 0, 0, false
			}
			exp, n = frac-i, n+i-frac
		} else {
			// Ten significant digits read in whole words: pass over
			// the rest (coarseTol).
			end := jsonscan.DigitsEnd(s, i)
			exp, n, coarse = frac-i, n+i-frac, end > i
			i = end
		}
	}
	if n > 19 {
		return -1, 0, 0, false
	}
	if i < len(s) && s[i]|0x20 == 'e' {
		i++
		eneg := false
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i, eneg = i+1, s[i] == '-'
		}
		e, digits := 0, i
		for ; i < len(s); i++ {
			d := s[i] - '0'
			if d > 9 {
				break
			}
			if e < 10000 {
				e = e*10 + int(d)
			}
		}
		if i == digits {
			return -1, 0, 0, false
		}
		if eneg {
			e = -e
		}
		exp += e
	}
	f, exact, ok := scale(w, exp, neg, !coarse)
	return i, f, numState(exact, coarse), ok
}

// numState returns the numState of a value approxNumber read: exact, or
// within coarseTol when it passed over digits (coarse), or within nearTol.
func numState(exact, coarse bool) uint8 {
	switch {
	case exact:
		return exactState
	case coarse:
		return coarseState
	}
	return approxState
}

// digits reads the decimal digits of s from i on into w, after those it
// holds, and returns the offset past them.
func digits(s string, i int, w uint64) (int, uint64) {
	for ; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			break
		}
		w = w*10 + uint64(d)
	}
	return i, w
}

// eightValue returns the number the eight ASCII digits in x spell, the
// first in the low byte: pairs of digits, then pairs of pairs, combined by
// multiplication within one word.
func eightValue(x uint64) uint64 {
	const mask = 0x000000FF000000FF
	x -= 0x3030303030303030
	x = x*10 + x>>8
	return (x&mask*(100+1000000<<32) + (x>>16)&mask*(1+10000<<32)) >> 32
}

// exponent reads the exponent of a literal after its 'e' or 'E'.
func exponent(s string) int {
	i, neg := 0, false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i, neg = 1, s[i] == '-'
	}
	e := 0
	for ; i < len(s) && e < 10000; i++ {
		e = e*10 + int(s[i]-'0')
	}
	if neg {
		return -e
	}
	return e
}

// scale returns ±w × 10^exp; see approxNumber. whole is false when digits
// of the literal were left out of w.
func scale(w uint64, exp int, neg, whole bool) (f float64, exact, ok bool) {
	switch {
	case w == 0:
		f, exact, ok = 0, true, true
	case exp >= 0 && exp < len(pow10):
		f, exact, ok = float64(w)*pow10[exp], whole && w <= 1<<53, true
	case exp < 0 && -exp < len(pow10):
		f, exact, ok = float64(w)/pow10[-exp], whole && w <= 1<<53, true
	}
	if neg {
		f = -f
	}
	return f, exact, ok
}

// approxLong is approxNumber for literals of more than 19 digits: it reads
// the first 19 significant ones.
func approxLong(s string) (f float64, state uint8, ok bool) {
	i, neg := 0, false
	if s[0] == '-' {
		i, neg = 1, true
	}
	var w uint64
	digits, exp, whole := 0, 0, true
	point := false
	for ; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			point = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		switch {
		case digits < 19:
			w = w*10 + uint64(c-'0')
			if w != 0 {
				digits++
			}
			if point {
				exp--
			}
		case !point:
			exp++
			whole = whole && c == '0'
		default:
			whole = whole && c == '0'
		}
	}
	if i < len(s) {
		exp += exponent(s[i+1:])
	}
	f, exact, ok := scale(w, exp, neg, whole)
	return f, numState(exact, false), ok
}

// near returns the value of a number node to within tol: exactly f when
// tol is 0, otherwise a number within tol of f. It parses the literal (and
// caches the value) only when approxNumber cannot read it.
func (v *eventNode) near() (f, tol float64, ok bool) {
	if v.numState == 0 {
		if f, state, ok := approxNumber(v.text); ok {
			v.num, v.numState = f, state
		}
	}
	if tol := stateTol(v.numState); tol > 0 {
		return v.num, math.Abs(v.num) * tol, true
	}
	f, ok = v.number()
	return f, 0, ok
}

// near decides the range for every number within tol of f: in when it
// holds them all, out when it holds none; neither when that depends on
// which one the number is.
func (c numericCond) near(f, tol float64) (in, out bool) {
	if tol == 0 {
		in = c.holds(f)
		return in, !in
	}
	a, b := f-tol, f+tol
	if c.holds(a) && c.holds(b) {
		return true, false
	}
	return false, b < max(c.lo, -maxComparable) || a > min(c.hi, maxComparable)
}
