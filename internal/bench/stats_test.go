package bench

import (
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var l Latencies
	if got := l.Percentile(50); got != 0 {
		t.Errorf("empty Percentile = %v, want 0", got)
	}
	for i := 100; i >= 1; i-- {
		l.Add(time.Duration(i) * time.Millisecond)
	}
	tests := []struct {
		p    float64
		want time.Duration
	}{
		{50, 50 * time.Millisecond},
		{99, 99 * time.Millisecond},
		{100, 100 * time.Millisecond},
		{0.1, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		if got := l.Percentile(tt.p); got != tt.want {
			t.Errorf("Percentile(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
	var other Latencies
	other.Add(time.Second)
	l.Merge(&other)
	if l.Count() != 101 || l.Percentile(100) != time.Second {
		t.Errorf("after Merge: count %d, max %v", l.Count(), l.Percentile(100))
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tt := range tests {
		if got := Median(tt.in); got != tt.want {
			t.Errorf("Median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	in := []float64{2, 1}
	Median(in)
	if in[0] != 2 {
		t.Error("Median reordered its input")
	}
}
