package alarms

// TreatMissingData says how CloudWatch evaluates periods without datapoints. The SDK
// carries it as a plain string; this type names the four values PutMetricAlarm accepts
// (docs/reference.md#62-putmetricalarm). The zero value means "use the builder's
// documented default", not CloudWatch's own default (missing).
type TreatMissingData string

// The values PutMetricAlarm accepts for TreatMissingData
// (docs/reference.md#62-putmetricalarm).
const (
	// TreatMissingBreaching counts a missing datapoint as breaching the threshold.
	TreatMissingBreaching TreatMissingData = "breaching"
	// TreatMissingNotBreaching counts a missing datapoint as within the threshold.
	TreatMissingNotBreaching TreatMissingData = "notBreaching"
	// TreatMissingIgnore keeps the current alarm state.
	TreatMissingIgnore TreatMissingData = "ignore"
	// TreatMissingMissing is CloudWatch's default: with every datapoint of the
	// evaluation range missing, the alarm goes to INSUFFICIENT_DATA.
	TreatMissingMissing TreatMissingData = "missing"
)

// treatMissingValues lists the accepted values for the Enum check, so that
// the check and its message come from one list.
var treatMissingValues = []string{
	string(TreatMissingBreaching),
	string(TreatMissingNotBreaching),
	string(TreatMissingIgnore),
	string(TreatMissingMissing),
}
