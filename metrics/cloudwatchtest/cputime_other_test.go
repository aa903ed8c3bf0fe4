//go:build !unix

package cloudwatchtest

import "time"

// cpuTime is not measured outside Unix; the benchmarks then report 0.
func cpuTime() time.Duration { return 0 }
