package rules

import (
	"strconv"
	"strings"
)

// wildcard is a compiled EventBridge wildcard value: '*' matches any run of
// characters, `\*` a literal star and `\\` a literal backslash.
//
// Matching splits the value at the stars and finds the literal segments left
// to right, taking the leftmost occurrence of each. With '*' as the only
// metacharacter the leftmost choice is always safe, so matching never
// backtracks and costs at most one substring search per segment.
type wildcard struct {
	segments []string // literal text between stars
	lead     bool     // value starts with a star
	trail    bool     // value ends with a star
}

// compileWildcard parses an EventBridge wildcard value. EventBridge rejects
// consecutive stars and any backslash escape other than `\*` and `\\`;
// positions in the reasons are byte offsets, as in aws/event-ruler.
func compileWildcard(s string) (*wildcard, string) {
	w := &wildcard{}
	var seg strings.Builder
	prevStar := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*':
			if prevStar {
				return nil, "consecutive wildcard characters at position " + strconv.Itoa(i-1)
			}
			if i == 0 {
				w.lead = true
			} else {
				w.segments = append(w.segments, seg.String())
				seg.Reset()
			}
			prevStar = true
			continue
		case '\\':
			if i+1 >= len(s) || (s[i+1] != '*' && s[i+1] != '\\') {
				return nil, "invalid escape at position " + strconv.Itoa(i) + `: only \* and \\ are allowed`
			}
			i++
			c = s[i]
		}
		seg.WriteByte(c)
		prevStar = false
	}
	if prevStar {
		w.trail = true
	} else {
		w.segments = append(w.segments, seg.String())
	}
	return w, ""
}

// affix returns what a wildcard with at most one star, at an end, is:
// the value s itself (op 'e', no star), a prefix s ('p', trailing star)
// or a suffix s ('s', leading star); op is 0 for any other.
func (w *wildcard) affix() (s string, op byte) {
	if len(w.segments) != 1 {
		return "", 0
	}
	switch {
	case !w.lead && !w.trail:
		return w.segments[0], 'e'
	case !w.lead:
		return w.segments[0], 'p'
	case !w.trail:
		return w.segments[0], 's'
	}
	return "", 0
}

func (w *wildcard) match(s string) bool {
	segs := w.segments
	if !w.lead {
		if len(segs) == 0 || !strings.HasPrefix(s, segs[0]) {
			return len(segs) == 0 && s == ""
		}
		if len(segs) == 1 && !w.trail {
			return len(s) == len(segs[0])
		}
		s = s[len(segs[0]):]
		segs = segs[1:]
	}
	if !w.trail {
		if len(segs) == 0 {
			return true // the lead star swallows the rest
		}
		last := segs[len(segs)-1]
		if !strings.HasSuffix(s, last) {
			return false
		}
		s = s[:len(s)-len(last)]
		segs = segs[:len(segs)-1]
	}
	for _, seg := range segs {
		i := strings.Index(s, seg)
		if i < 0 {
			return false
		}
		s = s[i+len(seg):]
	}
	return true
}
