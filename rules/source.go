package rules

// PatternSource is every form an event pattern comes in, and every function
// that takes a pattern accepts all of them, unconverted: an [EventPattern]
// built by this package, or the pattern's JSON as a string (the form
// PutRuleInput.EventPattern and CloudFormation templates hold) or as []byte
// (the form read from a file).
type PatternSource interface {
	EventPattern | string | []byte
}

// patternJSON returns the JSON of a pattern in any of its forms.
func patternJSON[P PatternSource](pattern P) []byte {
	switch p := any(pattern).(type) {
	case EventPattern:
		return []byte(p.String())
	case string:
		return []byte(p)
	}
	return any(pattern).([]byte) // the third and last form
}

// Compile parses an EventBridge event pattern, in any of its forms. It
// returns a [*PatternError] for a pattern EventBridge would reject and an
// [*UnsupportedError] for a construct the matcher does not implement (see
// the package documentation for the supported table).
func Compile[P PatternSource](pattern P, opts ...CompileOption) (*Pattern, error) {
	return compileJSON(patternJSON(pattern), newConfig(opts))
}

// Match reports whether the EventBridge event pattern, in any of its forms,
// matches the event JSON. It compiles the pattern on every call; use
// [Compile] to match many events. Errors are as for [Compile] and
// [Pattern.Match]. Match is safe for concurrent use.
func Match[P PatternSource](pattern P, event []byte, opts ...CompileOption) (bool, error) {
	p, err := Compile(pattern, opts...)
	if err != nil {
		return false, err
	}
	return p.Match(event)
}
