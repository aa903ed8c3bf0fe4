package rules

// PatternSource is every form an event pattern comes in: an [EventPattern]
// built by this package, or the pattern's JSON as a string (the form
// PutRuleInput.EventPattern and CloudFormation templates hold) or as []byte
// (the form read from a file). The package's functions that take a pattern,
// [Compile] and [Match] (and rulestest's assertions), accept all of them
// unconverted. Methods cannot have type parameters, so a method that takes a
// pattern, such as [Set.Add], takes a [Source] instead.
type PatternSource interface {
	EventPattern | string | []byte
}

// Source is an event pattern as a method takes it. Go methods cannot have
// type parameters, so [Set.Add] cannot accept every [PatternSource] form as
// [Compile] does; it takes this interface, which [EventPattern] and a
// compiled [*Pattern] satisfy, and [JSON] adapts the other two forms:
// rules.JSON(text) for a string and rules.JSON(data) for a []byte. The
// interface is sealed (its method is unexported), so every Source is
// either built by this package or parsed by it.
type Source interface {
	compile(cfg compileConfig) (*Pattern, error)
}

// JSON is an event pattern's JSON text, as PutRuleInput.EventPattern, a
// CloudFormation template or a file holds it. Converting a string or a
// []byte to JSON makes it a [Source].
type JSON string

func (j JSON) compile(cfg compileConfig) (*Pattern, error) { return compileJSON([]byte(j), cfg) }

func (p EventPattern) compile(cfg compileConfig) (*Pattern, error) {
	return compileJSON(p.Bytes(), cfg)
}

// compile returns p itself, compiled with the options it was given: a
// Pattern is immutable, so a Set can share it.
func (p *Pattern) compile(compileConfig) (*Pattern, error) {
	if p == nil {
		return nil, &PatternError{Offset: -1, Reason: "nil *Pattern"}
	}
	return p, nil
}

// compileSource compiles a Source, which may be a nil interface.
func compileSource(pattern Source, cfg compileConfig) (*Pattern, error) {
	if pattern == nil {
		return nil, &PatternError{Offset: -1, Reason: "no pattern (nil Source)"}
	}
	return pattern.compile(cfg)
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
