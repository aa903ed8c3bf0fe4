package cloudwatchengine

import "time"

// Day is 24 hours, the unit CloudWatch states its retention in.
const Day = 24 * time.Hour

// Retention returns how long data stays available at a period: 3 hours
// below a minute, 15 days below 5 minutes, 63 days below an hour, else 455
// days ("Metrics retention", Amazon CloudWatch concepts).
func Retention(period time.Duration) time.Duration {
	switch {
	case period < time.Minute:
		return 3 * time.Hour
	case period < 5*time.Minute:
		return 15 * Day
	case period < time.Hour:
		return 63 * Day
	}
	return 455 * Day
}

// RoundStart rounds StartTime down the way GetMetricData does: to the minute
// when it is less than 15 days ago, to 5 minutes up to 63 days, else to the
// hour.
func RoundStart(start, now time.Time) time.Time {
	switch age := now.Sub(start); {
	case age < 15*Day:
		return start.Truncate(time.Minute)
	case age < 63*Day:
		return start.Truncate(5 * time.Minute)
	}
	return start.Truncate(time.Hour)
}
