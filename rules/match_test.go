package rules

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ec2Event is the sample event of the EventBridge user guide's pattern pages.
const ec2Event = `{
  "version": "0",
  "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
  "detail-type": "EC2 Instance State-change Notification",
  "source": "aws.ec2",
  "account": "111122223333",
  "time": "2017-12-22T18:43:48Z",
  "region": "us-west-1",
  "resources": ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
  "detail": {
    "instance-id": "i-1234567890abcdef0",
    "state": "terminated",
    "c-count": 5,
    "d-count": 3,
    "x-limit": 301.8,
    "big": 6e9,
    "source-ip": "10.0.0.123",
    "source-ipv6": "2001:db8:85a3::8a2e:370:7334",
    "FileName": "dir/file.png",
    "eventName": "DeleteTable",
    "service": "EventBridge",
    "empty": "",
    "nothing": null,
    "enabled": true,
    "tags": ["blue", "red"],
    "numbers": [1, [2, 3]],
    "empty-list": [],
    "items": [{"name": "a", "size": 1}, {"name": "b", "size": 2}],
    "nested": {"inner": {"value": "x"}}
  }
}`

func TestMatch(t *testing.T) {
	tests := map[string]struct {
		pattern string
		want    bool
	}{
		// Examples of the EventBridge user guide ("Event patterns",
		// "Content filtering"), against the EC2 sample event.
		"guide ec2 terminated":            {`{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["terminated"]}}`, true},
		"guide OR within list":            {`{"source":["aws.ec2","aws.fargate"]}`, true},
		"guide OR within list, no match":  {`{"source":["aws.s3","aws.fargate"]}`, false},
		"AND across fields fails":         {`{"source":["aws.ec2"],"region":["us-east-1"]}`, false},
		"guide prefix":                    {`{"time":[{"prefix":"2017-12-22"}]}`, true},
		"prefix no match":                 {`{"time":[{"prefix":"2017-10-02"}]}`, false},
		"guide prefix ignore case":        {`{"detail":{"service":[{"prefix":{"equals-ignore-case":"eventb"}}]}}`, true},
		"prefix is case sensitive":        {`{"detail":{"service":[{"prefix":"eventb"}]}}`, false},
		"guide suffix":                    {`{"detail":{"FileName":[{"suffix":".png"}]}}`, true},
		"guide suffix ignore case":        {`{"detail":{"service":[{"suffix":{"equals-ignore-case":"TBRIDGE"}}]}}`, true},
		"suffix no match":                 {`{"detail":{"FileName":[{"suffix":".jpg"}]}}`, false},
		"guide equals-ignore-case":        {`{"detail":{"service":[{"equals-ignore-case":"eventbridge"}]}}`, true},
		"equals-ignore-case no match":     {`{"detail":{"service":[{"equals-ignore-case":"eventbus"}]}}`, false},
		"guide anything-but string":       {`{"detail":{"state":[{"anything-but":"initializing"}]}}`, true},
		"anything-but string excluded":    {`{"detail":{"state":[{"anything-but":"terminated"}]}}`, false},
		"guide anything-but number":       {`{"detail":{"x-limit":[{"anything-but":123}]}}`, true},
		"anything-but number excluded":    {`{"detail":{"c-count":[{"anything-but":5}]}}`, false},
		"guide anything-but list":         {`{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}`, true},
		"anything-but list excluded":      {`{"detail":{"state":[{"anything-but":["stopped","terminated"]}]}}`, false},
		"guide anything-but prefix":       {`{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}`, true},
		"anything-but prefix excluded":    {`{"detail":{"state":[{"anything-but":{"prefix":"term"}}]}}`, false},
		"guide anything-but suffix":       {`{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}`, true},
		"anything-but suffix excluded":    {`{"detail":{"FileName":[{"anything-but":{"suffix":".png"}}]}}`, false},
		"anything-but prefix list":        {`{"detail":{"state":[{"anything-but":{"prefix":["stop","init"]}}]}}`, true},
		"anything-but prefix list excl":   {`{"detail":{"state":[{"anything-but":{"prefix":["stop","term"]}}]}}`, false},
		"anything-but suffix list":        {`{"detail":{"FileName":[{"anything-but":{"suffix":[".txt",".jpg"]}}]}}`, true},
		"anything-but suffix list excl":   {`{"detail":{"FileName":[{"anything-but":{"suffix":[".txt",".png"]}}]}}`, false},
		"guide anything-but ignore case":  {`{"detail":{"state":[{"anything-but":{"equals-ignore-case":["Stopped","OverLoaded"]}}]}}`, true},
		"anything-but ignore case excl":   {`{"detail":{"state":[{"anything-but":{"equals-ignore-case":"TERMINATED"}}]}}`, false},
		"guide anything-but wildcard":     {`{"detail":{"FileName":[{"anything-but":{"wildcard":"*/dir/*"}}]}}`, true},
		"anything-but wildcard excluded":  {`{"detail":{"FileName":[{"anything-but":{"wildcard":["x*","dir/*"]}}]}}`, false},
		"anything-but on missing field":   {`{"detail":{"missing":[{"anything-but":"x"}]}}`, false},
		"anything-but on array any elem":  {`{"detail":{"tags":[{"anything-but":"blue"}]}}`, true},
		"anything-but on array all excl":  {`{"detail":{"tags":[{"anything-but":["blue","red"]}]}}`, false},
		"guide numeric range":             {`{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}`, true},
		"guide numeric below":             {`{"detail":{"d-count":[{"numeric":["<",10]}]}}`, true},
		"guide numeric equals":            {`{"detail":{"x-limit":[{"numeric":["=",301.8]}]}}`, true},
		"numeric exclusive bound":         {`{"detail":{"c-count":[{"numeric":[">",5]}]}}`, false},
		"numeric inclusive bound":         {`{"detail":{"c-count":[{"numeric":[">=",5,"<",6]}]}}`, true},
		"numeric at the bound":            {`{"detail":{"c-count":[{"numeric":[">=",-5e9,"<=",5e9]}]}}`, true},
		"numeric beyond comparable range": {`{"detail":{"big":[{"numeric":[">",0]}]}}`, false},
		"exact number beyond range":       {`{"detail":{"big":[6000000000]}}`, true},
		"numeric on string":               {`{"detail":{"state":[{"numeric":[">",0]}]}}`, false},
		"numeric on nested array":         {`{"detail":{"numbers":[{"numeric":[">",2.5]}]}}`, true},
		"guide cidr ipv4":                 {`{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}`, true},
		"cidr ipv4 outside":               {`{"detail":{"source-ip":[{"cidr":"10.0.1.0/24"}]}}`, false},
		"cidr ipv6":                       {`{"detail":{"source-ipv6":[{"cidr":"2001:db8:85a3::/64"}]}}`, true},
		"cidr ipv6 outside":               {`{"detail":{"source-ipv6":[{"cidr":"2001:db9::/32"}]}}`, false},
		"cidr on non-ip string":           {`{"detail":{"state":[{"cidr":"10.0.0.0/8"}]}}`, false},
		"guide exists true":               {`{"detail":{"state":[{"exists":true}]}}`, true},
		"guide exists false":              {`{"detail":{"c-count":[{"exists":false}]}}`, false},
		"exists false on missing":         {`{"detail":{"missing":[{"exists":false}]}}`, true},
		"exists true on missing":          {`{"detail":{"missing":[{"exists":true}]}}`, false},
		"exists true on null":             {`{"detail":{"nothing":[{"exists":true}]}}`, true},
		"exists true on object":           {`{"detail":{"nested":[{"exists":true}]}}`, false},
		"exists true on empty array":      {`{"detail":{"empty-list":[{"exists":true}]}}`, false},
		"exists false on empty array":     {`{"detail":{"empty-list":[{"exists":false}]}}`, true},
		"exists false under missing obj":  {`{"detail":{"missing":{"inner":[{"exists":false}]}}}`, true},
		"guide wildcard":                  {`{"detail":{"FileName":[{"wildcard":"dir/*.png"}]}}`, true},
		"wildcard no match":               {`{"detail":{"FileName":[{"wildcard":"dir/*.jpg"}]}}`, false},
		"wildcard star only":              {`{"detail":{"FileName":[{"wildcard":"*"}]}}`, true},
		"wildcard several stars":          {`{"detail":{"FileName":[{"wildcard":"*r/*e.*g"}]}}`, true},
		"wildcard without star exact":     {`{"detail":{"FileName":[{"wildcard":"dir/file.png"}]}}`, true},
		"wildcard without star too short": {`{"detail":{"FileName":[{"wildcard":"dir/file.pn"}]}}`, false},
		"wildcard escaped star literal":   {`{"detail":{"FileName":[{"wildcard":"dir\\*"}]}}`, false},
		"wildcard overlapping ends":       {`{"detail":{"state":[{"wildcard":"terminated*ted"}]}}`, false},
		"guide empty string":              {`{"detail":{"empty":[""]}}`, true},
		"empty string not null":           {`{"detail":{"nothing":[""]}}`, false},
		"guide null":                      {`{"detail":{"nothing":[null]}}`, true},
		"null does not match missing":     {`{"detail":{"missing":[null]}}`, false},
		"null does not match empty":       {`{"detail":{"empty":[null]}}`, false},
		"exact number":                    {`{"detail":{"c-count":[5]}}`, true},
		"exact number by value":           {`{"detail":{"c-count":[5.0]}}`, true},
		"exact number by value, exponent": {`{"detail":{"c-count":[0.5e1]}}`, true},
		"number does not match string":    {`{"detail":{"c-count":["5"]}}`, false},
		"string does not match number":    {`{"detail":{"state":[5]}}`, false},
		"exact boolean":                   {`{"detail":{"enabled":[true]}}`, true},
		"exact boolean mismatch":          {`{"detail":{"enabled":[false]}}`, false},
		"event array any element":         {`{"detail":{"tags":["red"]}}`, true},
		"event array no element":          {`{"detail":{"tags":["green"]}}`, false},
		"resources array":                 {`{"resources":[{"prefix":"arn:aws:ec2:us-west-1:"}]}`, true},
		"array of objects":                {`{"detail":{"items":{"name":["b"]}}}`, true},
		"array of objects same element":   {`{"detail":{"items":{"name":["b"],"size":[2]}}}`, true},
		"array of objects across element": {`{"detail":{"items":{"name":["a"],"size":[2]}}}`, false},
		"nested object":                   {`{"detail":{"nested":{"inner":{"value":["x"]}}}}`, true},
		"nested object on scalar":         {`{"detail":{"state":{"inner":["x"]}}}`, false},
		"leaf list on object":             {`{"detail":{"nested":["x"]}}`, false},
		"missing field":                   {`{"detail":{"missing":["x"]}}`, false},
		"guide $or":                       {`{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",301.8]}]}]}}`, true},
		"$or top level":                   {`{"source":["aws.ec2"],"$or":[{"region":["us-east-1"]},{"detail":{"state":["terminated"]}}]}`, true},
		"$or none":                        {`{"$or":[{"region":["us-east-1"]},{"detail":{"state":["running"]}}]}`, false},
		"$or nested in $or":               {`{"$or":[{"region":["x"]},{"$or":[{"source":["y"]},{"account":["111122223333"]}]}]}`, true},
		"$or ANDed with fields":           {`{"region":["us-east-1"],"$or":[{"source":["aws.ec2"]},{"account":["111122223333"]}]}`, false},
		"exists OR value":                 {`{"detail":{"missing":[{"exists":false},"x"]}}`, true},
		"unicode fold prefix":             {`{"detail":{"state":[{"prefix":{"equals-ignore-case":"TERMİ"}}]}}`, false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Match([]byte(tc.pattern), []byte(ec2Event))
			if err != nil {
				t.Fatalf("Match: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	type want struct {
		Kind   string // "pattern" or "unsupported"
		Path   string
		Reason string
	}
	tests := map[string]struct {
		pattern string
		want    want
	}{
		"not json":                          {`{"source":`, want{"pattern", "", "not valid JSON: unexpected end of JSON input looking for beginning of value"}},
		"not an object":                     {`["aws.kms"]`, want{"pattern", "", "must be a JSON object, got array"}},
		"trailing data":                     {`{} {}`, want{"pattern", "", "unexpected data after the pattern object"}},
		"scalar value":                      {`{"source":"aws.kms"}`, want{"pattern", "source", "must be an object or an array, got string"}},
		"empty list":                        {`{"source":[]}`, want{"pattern", "source", "match list must not be empty"}},
		"nested array":                      {`{"source":[["a"]]}`, want{"pattern", "source[0]", "match values must not be arrays"}},
		"repeated key, strict":              {`{"source":["a"],"source":["b"]}`, want{"pattern", "source", `field "source" is already given at byte 1; repeated keys are rejected`}},
		"repeated key among many, strict":   {`{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1],"g":[1],"h":[1],"i":[1],"j":[1],"k":[1],"l":[1],"m":[1],"n":[1],"o":[1],"p":[1],"q":[1],"r":[1],"\u0063":[1]}`, want{"pattern", "c", `field "c" is already given at byte 17; repeated keys are rejected`}},
		"two operators":                     {`{"a":[{"prefix":"x","suffix":"y"}]}`, want{"pattern", "a[0]", "a match expression must hold exactly one operator, got 2: {prefix, suffix}"}},
		"empty operator":                    {`{"a":[{}]}`, want{"pattern", "a[0]", "a match expression must hold exactly one operator, got 0: {}"}},
		"prefix not string":                 {`{"a":[{"prefix":1}]}`, want{"pattern", "a[0].prefix", "must be a string, got number"}},
		"exists not bool":                   {`{"a":[{"exists":"true"}]}`, want{"pattern", "a[0].exists", "exists must be true or false, got string"}},
		"numeric odd":                       {`{"a":[{"numeric":[">"]}]}`, want{"pattern", "a[0].numeric", "numeric must hold 1 or 2 operator/number pairs, got 1 items"}},
		"numeric bad op":                    {`{"a":[{"numeric":["!=",1]}]}`, want{"pattern", "a[0].numeric[0]", `numeric operator must be one of =, <, <=, >, >=, got "!="`}},
		"numeric two lower":                 {`{"a":[{"numeric":[">",1,">=",2]}]}`, want{"pattern", "a[0].numeric[2]", `the second numeric bound must be an upper bound (< or <=), got ">="`}},
		"numeric upper first":               {`{"a":[{"numeric":["<",6,">",4]}]}`, want{"pattern", "a[0].numeric[0]", "an upper bound must come last in numeric, after the lower bound"}},
		"numeric equal bounds":              {`{"a":[{"numeric":[">=",5,"<=",5]}]}`, want{"pattern", "a[0].numeric", "numeric lower bound must be below the upper bound"}},
		"empty pattern":                     {`{}`, want{"pattern", "", "empty objects are not allowed"}},
		"empty nested object":               {`{"detail":{}}`, want{"pattern", "detail", "empty objects are not allowed"}},
		"empty $or alternative":             {`{"$or":[{"a":["b"]},{}]}`, want{"pattern", "$or[1]", "empty objects are not allowed"}},
		"operator name in $or":              {`{"$or":[{"a":["b"]},{"c":{"prefix":["d"]}}]}`, want{"pattern", "$or[1].c.prefix", `"prefix" is an operator name and cannot be a field name inside $or`}},
		"anything-but mixed":                {`{"a":[{"anything-but":["x",1]}]}`, want{"pattern", "a[0].anything-but[1]", "anything-but list must hold only strings or only numbers, not both"}},
		"anything-but empty prefix":         {`{"a":[{"anything-but":{"prefix":""}}]}`, want{"pattern", "a[0].anything-but.prefix", "anything-but prefix must not be empty"}},
		"anything-but empty suffix in list": {`{"a":[{"anything-but":{"suffix":[".txt",""]}}]}`, want{"pattern", "a[0].anything-but.suffix[1]", "anything-but suffix must not be empty"}},
		"anything-but empty prefix list":    {`{"a":[{"anything-but":{"prefix":[]}}]}`, want{"pattern", "a[0].anything-but.prefix", "list must not be empty"}},
		"anything-but prefix list number":   {`{"a":[{"anything-but":{"prefix":["x",1]}}]}`, want{"pattern", "a[0].anything-but.prefix[1]", "must be a string, got number"}},
		"numeric = combined":                {`{"a":[{"numeric":["=",1,"<",2]}]}`, want{"pattern", "a[0].numeric[0]", `"=" cannot be combined with another bound`}},
		"numeric empty range":               {`{"a":[{"numeric":[">",5,"<",1]}]}`, want{"pattern", "a[0].numeric", "numeric lower bound must be below the upper bound"}},
		"numeric string bound":              {`{"a":[{"numeric":[">","5"]}]}`, want{"pattern", "a[0].numeric[1]", "numeric bound must be a number, got string"}},
		"numeric bound too large":           {`{"a":[{"numeric":[">",5000000001]}]}`, want{"pattern", "a[0].numeric[1]", "number 5000000001 is outside the range EventBridge compares numerically, -5e9 to 5e9"}},
		"anything-but too small":            {`{"a":[{"anything-but":-6e9}]}`, want{"pattern", "a[0].anything-but", "number -6e9 is outside the range EventBridge compares numerically, -5e9 to 5e9"}},
		"number out of range":               {`{"a":[1e400]}`, want{"pattern", "a[0]", "number 1e400 is out of range"}},
		"bad cidr":                          {`{"a":[{"cidr":"10.0.0.0/33"}]}`, want{"pattern", "a[0].cidr", `not a CIDR block: "10.0.0.0/33"`}},
		"wildcard double star":              {`{"a":[{"wildcard":"a**b"}]}`, want{"pattern", "a[0].wildcard", "consecutive wildcard characters at position 1"}},
		"wildcard bad escape":               {`{"a":[{"wildcard":"a\\b"}]}`, want{"pattern", "a[0].wildcard", `invalid escape at position 1: only \* and \\ are allowed`}},
		"anything-but null":                 {`{"a":[{"anything-but":[null]}]}`, want{"pattern", "a[0].anything-but[0]", "anything-but list holds only strings and numbers, got null"}},
		"anything-but bool":                 {`{"a":[{"anything-but":true}]}`, want{"pattern", "a[0].anything-but", "anything-but must be a string, a number, a list or an object, got boolean"}},
		"$or not array":                     {`{"$or":{"a":["b"]}}`, want{"pattern", "$or", "$or must be an array of objects, got object"}},
		"$or one alternative":               {`{"$or":[{"a":["b"]}]}`, want{"pattern", "$or", "$or must hold at least 2 alternatives, got 1"}},
		"$or scalar":                        {`{"$or":[{"a":["b"]},"c"]}`, want{"pattern", "$or[1]", "must be a JSON object, got string"}},
		"too deep": {`{"a":` + strings.Repeat(`{"a":`, maxPatternDepth) + `["x"]` + strings.Repeat(`}`, maxPatternDepth+1),
			want{"pattern", "", "nesting deeper than the matcher's limit of 64"}},
		"$or as operator":      {`{"a":[{"$or":[{"b":["c"]},{"d":["e"]}]}]}`, want{"pattern", "a[0].$or", "$or must be a field of a pattern object, not an operator in a match list"}},
		"too large":            {`{"a":["` + strings.Repeat("x", maxPatternBytes) + `"]}`, want{"pattern", "", "pattern is 16394 bytes, over the matcher's limit of 16384"}},
		"unknown operator":     {`{"a":[{"contains":"x"}]}`, want{"unsupported", "a[0]", `operator "contains"`}},
		"anything-but numeric": {`{"a":[{"anything-but":{"numeric":[">",1]}}]}`, want{"unsupported", "a[0].anything-but", `anything-but with "numeric"`}},
		"prefix with other":    {`{"a":[{"prefix":{"wildcard":"x"}}]}`, want{"unsupported", "a[0].prefix", `prefix with "wildcard"`}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Compile([]byte(tc.pattern), RejectRepeatedKeys())
			var got want
			var pe *PatternError
			var ue *UnsupportedError
			switch {
			case errors.As(err, &pe):
				got = want{"pattern", pe.Path, pe.Reason}
				if !errors.Is(err, ErrInvalidPattern) || errors.Is(err, ErrUnsupported) {
					t.Errorf("errors.Is mismatch for %v", err)
				}
			case errors.As(err, &ue):
				got = want{"unsupported", ue.Path, ue.Construct}
				if !errors.Is(err, ErrUnsupported) || errors.Is(err, ErrInvalidPattern) {
					t.Errorf("errors.Is mismatch for %v", err)
				}
			default:
				t.Fatalf("Compile error = %v, want a *PatternError or *UnsupportedError", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatchEventErrors(t *testing.T) {
	tests := map[string]struct {
		event  string
		reason string
	}{
		"not json":      {`{"source":`, "not valid JSON: unexpected end of JSON input looking for beginning of value"},
		"array":         {`[{"source":"aws.kms"}]`, "event must be a JSON object, got an array"},
		"string":        {`"aws.kms"`, "event must be a JSON object, got a string"},
		"null":          {`null`, "event must be a JSON object, got null"},
		"trailing data": {`{"source":"aws.kms"} x`, "unexpected data after the event object"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			ok, err := Match([]byte(`{"source":["aws.kms"]}`), []byte(tc.event))
			var ee *EventError
			if !errors.As(err, &ee) || !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("Match = %v, %v; want an *EventError", ok, err)
			}
			if diff := cmp.Diff(tc.reason, ee.Reason); diff != "" {
				t.Errorf("reason mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
