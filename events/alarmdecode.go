package events

import (
	"encoding/json"
	"math"
	"strconv"
	"time"

	"github.com/kmswatch/kmswatch/internal/jsonfield"
	"github.com/kmswatch/kmswatch/internal/jsonscan"
)

// alarmTimeLayout is how CloudWatch writes the times inside alarm payloads:
// milliseconds and a numeric offset without a colon, for example
// "2019-10-02T17:04:40.989+0000". Fractional seconds are optional when
// parsing.
const alarmTimeLayout = "2006-01-02T15:04:05-0700"

// parseAlarmTime reads a time in CloudWatch's alarm layout or in RFC 3339.
func parseAlarmTime(s string) (time.Time, bool) {
	if t, err := time.Parse(alarmTimeLayout, s); err == nil {
		return t, true
	}
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

// alarmTime reads a time as CloudWatch writes it in alarm payloads (see
// [parseAlarmTime]); null reads as the zero time.
func (d *decoder) alarmTime(prefix string, idx int, key string) time.Time {
	s := d.str(prefix, idx, key)
	if s == "" {
		return time.Time{}
	}
	t, ok := parseAlarmTime(s)
	if !ok {
		d.invalid(prefix, idx, key, jsonfield.AlarmTime)
	}
	return t
}

// numText returns the text of a number; null reads as "". Another type
// records jsonfield.Number and is skipped.
func (d *decoder) numText(prefix string, idx int, key string) string {
	switch c := d.sc.Peek(); {
	case c == 'n':
		d.sc.Literal("null")
		return ""
	case c == '-' || c >= '0' && c <= '9':
		return d.sc.Raw()
	}
	d.typeErr(prefix, idx, key, jsonfield.Number)
	return ""
}

// float reads a number; null reads as 0.
func (d *decoder) float(prefix string, idx int, key string) float64 {
	s := d.numText(prefix, idx, key)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		d.invalid(prefix, idx, key, jsonfield.Number)
	}
	return f
}

// integer reads a whole number such as 60 or 60.0; null reads as 0.
func (d *decoder) integer(prefix string, idx int, key string) int64 {
	s := d.numText(prefix, idx, key)
	if s == "" {
		return 0
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		d.invalid(prefix, idx, key, jsonfield.Integer)
		return 0
	}
	return int64(f)
}

// members reads the members of an object value, calling field for each; a
// member field does not read is skipped. It reports false when the value is
// null (consumed) or not an object (recorded as jsonfield.Object).
func (d *decoder) members(prefix string, idx int, key string, field func(key string) bool) bool {
	return d.fields(prefix, idx, key, nil, field)
}

// fields reads the members of an object value like members, keeping each
// member field does not read in extra (the Extra of the decoded type).
func (d *decoder) fields(prefix string, idx int, key string, extra *[]Member, field func(key string) bool) bool {
	if !d.object(prefix, idx, key) {
		return false
	}
	d.eachMember(field, extra)
	return true
}

// eachMember reads the members of the object the scanner has begun, calling
// field for each; a member field does not read is kept in extra or, when
// extra is nil, skipped.
func (d *decoder) eachMember(field func(key string) bool, extra *[]Member) {
	for first := true; ; first = false {
		k, ok := d.sc.NextKey(first)
		if !ok {
			return
		}
		switch {
		case field(k):
		case extra != nil:
			*extra = append(*extra, d.member(k))
		default:
			d.sc.Skip()
		}
	}
}

// document decodes s, which must hold one JSON object, with field as fields
// does. The error is the syntax error or the not-an-object error; problems
// with members are left in d.errs.
func (d *decoder) document(s string, extra *[]Member, field func(key string) bool) error {
	d.sc = jsonscan.New(s)
	if !d.topObject() {
		return d.topError()
	}
	d.eachMember(field, extra)
	d.sc.End()
	if d.sc.Err != nil {
		return syntaxError(d.sc.Err)
	}
	return nil
}

// elems reads the elements of an array value, calling elem with each index.
// null reads as no elements; another type records jsonfield.Array.
func (d *decoder) elems(prefix string, idx int, key string, elem func(i int)) {
	switch d.sc.Peek() {
	case 'n':
		d.sc.Literal("null")
		return
	case '[':
	default:
		d.typeErr(prefix, idx, key, jsonfield.Array)
		return
	}
	d.sc.BeginArray()
	for i := 0; d.sc.NextElem(i == 0); i++ {
		elem(i)
	}
}

// stringOrRaw reads a string, or keeps any other value as its JSON text
// (reasonData is a JSON document sent as a string; a decoded one is kept
// too).
func (d *decoder) stringOrRaw() string {
	switch d.sc.Peek() {
	case '"':
		return d.sc.Str()
	case 'n':
		d.sc.Literal("null")
		return ""
	}
	return d.sc.Raw()
}

// rawCopyOf returns s as a fresh json.RawMessage, nil for "".
func rawCopyOf(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

// dimensions reads dimensions or contributor attributes written either as an
// object ({"KeyId":"…"}, EventBridge and Lambda payloads) or as an array of
// name and value objects ([{"value":"…","name":"KeyId"}], SNS messages).
func (d *decoder) dimensions(path string) []Dimension {
	var out []Dimension
	switch d.sc.Peek() {
	case '{':
		d.members(path, -1, "", func(k string) bool {
			out = append(out, Dimension{Name: k, Value: d.str(path, -1, k)})
			return true
		})
	case '[':
		d.elems(path, -1, "", func(i int) {
			var dim Dimension
			d.members(path, i, "", func(k string) bool {
				switch k {
				case "name", "Name":
					dim.Name = d.str(path, i, k)
				case "value", "Value":
					dim.Value = d.str(path, i, k)
				default:
					return false
				}
				return true
			})
			out = append(out, dim)
		})
	case 'n':
		d.sc.Literal("null")
	default:
		d.typeErr(path, -1, "", jsonfield.Object)
	}
	return out
}

// alarmMetrics reads an array of alarm queries, in the camelCase of
// EventBridge and Lambda payloads or the PascalCase of SNS messages.
func (d *decoder) alarmMetrics(path string) []AlarmMetric {
	var out []AlarmMetric
	d.elems(path, -1, "", func(i int) {
		var m AlarmMetric
		at := fieldPath(path, i, "")
		d.members(path, i, "", func(k string) bool {
			switch k {
			case "id", "Id":
				m.ID = d.str(at, -1, k)
			case "label", "Label":
				m.Label = d.str(at, -1, k)
			case "expression", "Expression":
				m.Expression = d.str(at, -1, k)
			case "period", "Period":
				m.Period = d.integer(at, -1, k)
			case "returnData", "ReturnData":
				m.ReturnData = d.boolean(at, -1, k)
			case "accountId", "AccountId":
				m.AccountID = d.str(at, -1, k)
			case "metricStat", "MetricStat":
				m.MetricStat = d.metricStat(fieldPath(at, -1, k))
			default:
				return false
			}
			return true
		})
		out = append(out, m)
	})
	return out
}

func (d *decoder) metricStat(path string) *AlarmMetricStat {
	var s AlarmMetricStat
	if !d.members(path, -1, "", func(k string) bool {
		switch k {
		case "metric", "Metric":
			at := fieldPath(path, -1, k)
			d.members(at, -1, "", func(k string) bool {
				switch k {
				case "namespace", "Namespace":
					s.Namespace = d.str(at, -1, k)
				case "name", "MetricName":
					s.MetricName = d.str(at, -1, k)
				case "dimensions", "Dimensions":
					s.Dimensions = d.dimensions(fieldPath(at, -1, k))
				default:
					return false
				}
				return true
			})
		case "period", "Period":
			s.Period = d.integer(path, -1, k)
		case "stat", "Stat":
			s.Stat = d.str(path, -1, k)
		case "unit", "Unit":
			s.Unit = d.str(path, -1, k)
		default:
			return false
		}
		return true
	}) {
		return nil
	}
	return &s
}

func (d *decoder) alarmState(path string) (AlarmState, bool) {
	var s AlarmState
	ok := d.members(path, -1, "", func(k string) bool {
		switch k {
		case "value":
			s.Value = AlarmStateValue(d.str(path, -1, k))
		case "reason":
			s.Reason = d.str(path, -1, k)
		case "reasonData":
			s.ReasonData = d.stringOrRaw()
		case "timestamp":
			s.Timestamp = d.alarmTime(path, -1, k)
		case "actionsSuppressedBy":
			s.ActionsSuppressedBy = d.str(path, -1, k)
		case "actionsSuppressedReason":
			s.ActionsSuppressedReason = d.str(path, -1, k)
		default:
			return false
		}
		return true
	})
	return s, ok
}

func (d *decoder) alarmConfiguration(path string) (AlarmConfiguration, bool) {
	var c AlarmConfiguration
	ok := d.members(path, -1, "", func(k string) bool {
		switch k {
		case "description":
			c.Description = d.str(path, -1, k)
		case "metrics":
			c.Metrics = d.alarmMetrics(fieldPath(path, -1, k))
		case "alarmRule":
			c.AlarmRule = d.str(path, -1, k)
		case "actionsSuppressor":
			c.ActionsSuppressor = d.str(path, -1, k)
		case "actionsSuppressorWaitPeriod":
			c.ActionsSuppressorWaitPeriod = d.integer(path, -1, k)
		case "actionsSuppressorExtensionPeriod":
			c.ActionsSuppressorExtensionPeriod = d.integer(path, -1, k)
		default:
			return false
		}
		return true
	})
	return c, ok
}

func (d *decoder) alarmContributor(path string) *AlarmContributor {
	var c AlarmContributor
	if !d.members(path, -1, "", func(k string) bool {
		switch k {
		case "id":
			c.ID = d.str(path, -1, k)
		case "attributes":
			c.Attributes = d.dimensions(fieldPath(path, -1, k))
		default:
			return false
		}
		return true
	}) {
		return nil
	}
	return &c
}

// decodeAlarmDetail reads the object at the scanner's position, named path
// ("detail" or "alarmData"), into a: the detail of an EventBridge alarm
// event and the alarmData of a Lambda alarm action share this shape.
func (d *decoder) decodeAlarmDetail(a *AlarmDetail, path string) {
	d.sc.WS()
	start := d.sc.Pos
	if !d.members(path, -1, "", func(k string) bool {
		switch k {
		case "alarmName":
			a.AlarmName = d.str(path, -1, k)
		case "operation":
			a.Operation = d.str(path, -1, k)
		case "state":
			a.State, _ = d.alarmState(fieldPath(path, -1, k))
		case "previousState":
			a.PreviousState = present(d.alarmState(fieldPath(path, -1, k)))
		case "configuration":
			a.Configuration, _ = d.alarmConfiguration(fieldPath(path, -1, k))
		case "previousConfiguration":
			a.PreviousConfiguration = present(d.alarmConfiguration(fieldPath(path, -1, k)))
		case "alarmContributor":
			a.Contributor = d.alarmContributor(fieldPath(path, -1, k))
		default:
			return false
		}
		return true
	}) {
		d.invalid(path, -1, "alarmName", jsonfield.Required)
		return
	}
	if d.sc.Err == nil {
		a.Raw = rawCopyOf(d.sc.Data[start:d.sc.Pos])
	}
	if a.AlarmName == "" && d.sc.Err == nil {
		d.invalid(path, -1, "alarmName", jsonfield.Required)
	}
}

func (a *AlarmDetail) decode(d *decoder) { d.decodeAlarmDetail(a, "detail") }

// present returns a pointer to v when ok, the decoder having read an object,
// and nil for null or another type: optional members decode to nil.
func present[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

// alarmShape is what a document that is not an EventBridge event turned out
// to be.
type alarmShape int

const (
	notAlarm    alarmShape = iota
	snsAlarm               // an SNS alarm message (AlarmName, NewStateValue, ...)
	lambdaAlarm            // a Lambda alarm action (alarmArn, alarmData)
)

// alarmShapeOf tells an SNS alarm message or a Lambda alarm action by a
// member only they have.
func alarmShapeOf(key string) alarmShape {
	switch key {
	case "AlarmName", "NewStateValue", "AlarmArn", "AWSAccountId":
		return snsAlarm
	case "alarmData", "alarmArn":
		return lambdaAlarm
	}
	return notAlarm
}

// parseAlarmSNS decodes an SNS alarm message held in s.
func parseAlarmSNS(s string) (*AlarmSNSMessage, error) {
	var d decoder
	m := &AlarmSNSMessage{}
	var hasName bool
	if err := d.document(s, &m.Extra, func(k string) bool {
		switch k {
		case "AlarmName":
			m.AlarmName, hasName = d.str("", -1, k), true
		case "AlarmDescription":
			m.AlarmDescription = d.str("", -1, k)
		case "AWSAccountId":
			m.AWSAccountID = d.str("", -1, k)
		case "AlarmConfigurationUpdatedTimestamp":
			m.AlarmConfigurationUpdatedTimestamp = d.alarmTime("", -1, k)
		case "NewStateValue":
			m.NewStateValue = AlarmStateValue(d.str("", -1, k))
		case "NewStateReason":
			m.NewStateReason = d.str("", -1, k)
		case "StateChangeTime":
			m.StateChangeTime = d.alarmTime("", -1, k)
		case "Region":
			m.Region = d.str("", -1, k)
		case "AlarmArn":
			m.AlarmARN = d.str("", -1, k)
		case "OldStateValue":
			m.OldStateValue = AlarmStateValue(d.str("", -1, k))
		case "OKActions":
			m.OKActions = d.strs("", -1, k)
		case "AlarmActions":
			m.AlarmActions = d.strs("", -1, k)
		case "InsufficientDataActions":
			m.InsufficientDataActions = d.strs("", -1, k)
		case "Trigger":
			m.Trigger = d.alarmTrigger(k)
		case "AlarmRule":
			m.AlarmRule = d.str("", -1, k)
		case "TriggeringChildren":
			m.TriggeringChildren = d.rawCopy()
		case "AlarmContributorId":
			if m.Contributor == nil {
				m.Contributor = &AlarmContributor{}
			}
			m.Contributor.ID = d.str("", -1, k)
		case "AlarmContributorAttributes":
			if m.Contributor == nil {
				m.Contributor = &AlarmContributor{}
			}
			m.Contributor.Attributes = d.dimensions(k)
		default:
			return false
		}
		return true
	}); err != nil {
		return nil, err
	}
	if !hasName || m.AlarmName == "" {
		d.invalid("", -1, "AlarmName", jsonfield.Required)
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	return m, nil
}

func (d *decoder) alarmTrigger(path string) *AlarmTrigger {
	var t AlarmTrigger
	if !d.fields("", -1, path, &t.Extra, func(k string) bool {
		switch k {
		case "MetricName":
			t.MetricName = d.str(path, -1, k)
		case "Namespace":
			t.Namespace = d.str(path, -1, k)
		case "StatisticType":
			t.StatisticType = d.str(path, -1, k)
		case "Statistic":
			t.Statistic = d.str(path, -1, k)
		case "Unit":
			t.Unit = d.str(path, -1, k)
		case "Dimensions":
			t.Dimensions = d.dimensions(fieldPath(path, -1, k))
		case "Period":
			t.Period = d.integer(path, -1, k)
		case "EvaluationPeriods":
			t.EvaluationPeriods = d.integer(path, -1, k)
		case "DatapointsToAlarm":
			t.DatapointsToAlarm = d.integer(path, -1, k)
		case "ComparisonOperator":
			t.ComparisonOperator = d.str(path, -1, k)
		case "Threshold":
			t.Threshold = d.float(path, -1, k)
		case "TreatMissingData":
			t.TreatMissingData = d.str(path, -1, k)
		case "EvaluateLowSampleCountPercentile":
			t.EvaluateLowSampleCountPercentile = d.str(path, -1, k)
		case "Metrics":
			t.Metrics = d.alarmMetrics(fieldPath(path, -1, k))
		default:
			return false
		}
		return true
	}) {
		return nil
	}
	return &t
}

// parseAlarmLambda decodes a Lambda alarm action held in s.
func parseAlarmLambda(s string) (*AlarmLambdaEvent, error) {
	var d decoder
	l := &AlarmLambdaEvent{}
	hasData := false
	if err := d.document(s, &l.Extra, func(k string) bool {
		switch k {
		case "source":
			l.Source = d.str("", -1, k)
		case "alarmArn":
			l.AlarmARN = d.str("", -1, k)
		case "accountId":
			l.AccountID = d.str("", -1, k)
		case "time":
			l.Time = d.alarmTime("", -1, k)
		case "region":
			l.Region = d.str("", -1, k)
		case "alarmData":
			l.AlarmData = AlarmDetail{}
			hasData = true
			d.decodeAlarmDetail(&l.AlarmData, k)
		default:
			return false
		}
		return true
	}); err != nil {
		return nil, err
	}
	if l.Source != SourceCloudWatch && l.Source != "" {
		return nil, &SourceError{Field: "source", Got: l.Source, Want: SourceCloudWatch}
	}
	if !hasData {
		d.invalid("", -1, "alarmData", jsonfield.Required)
	}
	if len(d.errs) > 0 {
		return nil, d.errs
	}
	return l, nil
}

// topObject begins the top-level object; on false, topError says why.
func (d *decoder) topObject() bool {
	if d.sc.BeginObject() {
		return true
	}
	d.sc.Skip()
	d.sc.End()
	return false
}

// topError is the error of a document that is not an object.
func (d *decoder) topError() error {
	if d.sc.Err != nil {
		return syntaxError(d.sc.Err)
	}
	return FieldErrors{newFieldError("event", jsonfield.Object)}
}

// ParseAlarm decodes any CloudWatch alarm payload, as a Lambda function or
// an SQS consumer receives it: an EventBridge alarm event (*[AlarmEvent]),
// the message of an SNS alarm action (*[AlarmSNSMessage]) or the payload of
// a Lambda alarm action (*[AlarmLambdaEvent]), recognised by their members.
// Input over [DefaultMaxSize] fails with [ErrTooLarge]. An EventBridge event
// of another kind fails with [ErrUnexpectedDetailType] ([*DetailTypeError]
// listing the alarm detail-types); other errors are those of [Parse]. Unknown members are kept, never rejected. It is safe for
// concurrent use.
func ParseAlarm(data []byte) (AlarmNotification, error) {
	if len(data) > DefaultMaxSize {
		return nil, &SizeError{Size: len(data), Limit: DefaultMaxSize}
	}
	ev, alarm, err := parseDocument(string(data))
	if err != nil {
		return nil, err
	}
	if alarm == nil {
		return nil, &DetailTypeError{DetailType: ev.Head().DetailType, Want: alarmDetailTypes}
	}
	return alarm, nil
}

// parseDocument decodes one document that holds an EventBridge event, an SNS
// alarm message or a Lambda alarm action. alarm is set for any of the alarm
// payloads, ev for EventBridge events. An unknown detail-type is returned
// with its [*DetailTypeError], as [Parse] does.
func parseDocument(s string) (ev Event, alarm AlarmNotification, err error) {
	ev, shape, err := parseEvent(s)
	if shape != notAlarm {
		alarm, err := parseAlarmShape(s, shape)
		return nil, alarm, err
	}
	if a, ok := ev.(*AlarmEvent); ok {
		return ev, a, err
	}
	return ev, nil, err
}

// parseAlarmShape decodes s as the alarm payload parseEvent found it to be.
func parseAlarmShape(s string, shape alarmShape) (AlarmNotification, error) {
	if shape == lambdaAlarm {
		l, err := parseAlarmLambda(s)
		if err != nil {
			return nil, err
		}
		return l, nil
	}
	m, err := parseAlarmSNS(s)
	if err != nil {
		return nil, err
	}
	return m, nil
}
