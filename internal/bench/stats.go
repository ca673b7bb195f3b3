package bench

import (
	"slices"
	"time"
)

// Latencies collects the durations of individual operations of one phase.
// It is not safe for concurrent use: give each worker its own and Merge them.
type Latencies struct {
	samples []time.Duration
}

// Add records one operation's duration.
func (l *Latencies) Add(d time.Duration) { l.samples = append(l.samples, d) }

// Merge adds every sample of other to l.
func (l *Latencies) Merge(other *Latencies) { l.samples = append(l.samples, other.samples...) }

// Count is the number of samples.
func (l *Latencies) Count() int { return len(l.samples) }

// Percentile returns the p-th percentile (0 < p <= 100) by the nearest-rank
// method, or 0 when there are no samples.
func (l *Latencies) Percentile(p float64) time.Duration {
	if len(l.samples) == 0 {
		return 0
	}
	slices.Sort(l.samples)
	rank := int(p/100*float64(len(l.samples))+0.5) - 1
	rank = max(0, min(rank, len(l.samples)-1))
	return l.samples[rank]
}

// Median returns the median of xs (the mean of the two middle values for an
// even count), or 0 for none. It does not modify xs.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid]
	}
	return (s[mid-1] + s[mid]) / 2
}
