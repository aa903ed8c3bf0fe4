package rules

import "math"

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

// approxNumber reads a JSON number literal (one the scanner accepted) as
// mantissa × 10^exp, with the mantissa's first 19 significant digits. It
// reports exact when the result is the float64 nearest the literal (every
// digit read, a mantissa float64 holds exactly and an exact power of ten:
// one rounding), and ok false when the exponent is out of the table's
// range.
func approxNumber(s string) (f float64, exact, ok bool) {
	i, neg := 0, false
	if i < len(s) && s[i] == '-' {
		i, neg = 1, true
	}
	// Most literals have at most 19 digits, which a uint64 holds: read
	// them in one pass, the fraction eight digits at a time where it can,
	// and count the digits after the point.
	var w uint64
	start, frac := i, -1
	for ; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			break
		}
		w = w*10 + uint64(d)
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac = i
		for ; i+8 <= len(s); i += 8 {
			x := load64(s, i)
			if !eightDigits(x) {
				break
			}
			w = w*1e8 + eightValue(x)
		}
		for ; i < len(s); i++ {
			d := s[i] - '0'
			if d > 9 {
				break
			}
			w = w*10 + uint64(d)
		}
	}
	exp, n := 0, i-start
	if frac >= 0 {
		exp, n = frac-i, n-1
	}
	if n > 19 {
		return approxLong(s)
	}
	if i < len(s) {
		exp += exponent(s[i+1:])
	}
	return scale(w, exp, neg, true)
}

// load64 returns the eight bytes of s from i on, the first in the low byte.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// eightDigits reports whether the eight bytes in x are all ASCII digits:
// each byte's high nibble is 3, and adding 6 leaves it 3.
func eightDigits(x uint64) bool {
	return (x&0xF0F0F0F0F0F0F0F0)|((x+0x0606060606060606)&0xF0F0F0F0F0F0F0F0)>>4 == 0x3333333333333333
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
func approxLong(s string) (f float64, exact, ok bool) {
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
	return scale(w, exp, neg, whole)
}

// near returns the value of a number node to within tol: exactly f when
// tol is 0, otherwise a number within tol of f. It parses the literal (and
// caches the value) only when approxNumber cannot read it.
func (v *eventNode) near() (f, tol float64, ok bool) {
	if v.numState == 0 {
		if f, exact, ok := approxNumber(v.text); ok {
			if exact {
				v.num, v.numState = f, 1
				return f, 0, true
			}
			return f, math.Abs(f) * nearTol, true
		}
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
