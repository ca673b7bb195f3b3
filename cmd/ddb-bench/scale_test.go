package main

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWaitIdle(t *testing.T) {
	const window = time.Millisecond
	busy := time.Duration(float64(window) * settleIdle * 2) // CPU per window of a busy server
	tests := []struct {
		name       string
		busyReads  int // reads that find the server busy before it idles
		timeout    time.Duration
		wantIdle   bool
		wantMinDur time.Duration
	}{
		{"idle at once", 0, time.Minute, true, window},
		{"idle after three busy windows", 3, time.Minute, true, 4 * window},
		{"never idle", 1 << 30, 20 * time.Millisecond, false, 20 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var total time.Duration
			reads := 0
			cpu := func() (time.Duration, error) {
				if reads > 0 && reads <= tt.busyReads {
					total += busy
				}
				reads++
				return total, nil
			}
			waited, idle, err := waitIdle(context.Background(), cpu, window, tt.timeout)
			if err != nil || idle != tt.wantIdle || waited < tt.wantMinDur {
				t.Errorf("waitIdle = %v, %v, %v; want at least %v, %v, nil", waited, idle, err, tt.wantMinDur, tt.wantIdle)
			}
		})
	}
	t.Run("read error", func(t *testing.T) {
		failed := errors.New("no such process")
		if _, _, err := waitIdle(context.Background(), func() (time.Duration, error) { return 0, failed }, window, time.Minute); !errors.Is(err, failed) {
			t.Errorf("waitIdle = %v, want %v", err, failed)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var total time.Duration
		busyCPU := func() (time.Duration, error) { total += busy; return total, nil }
		if _, idle, err := waitIdle(ctx, busyCPU, window, time.Minute); idle || !errors.Is(err, context.Canceled) {
			t.Errorf("waitIdle = %v, %v; want false, context.Canceled", idle, err)
		}
	})
}
