package progress

import (
	"strings"
	"testing"
	"time"
)

// clock is a settable clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLine(t *testing.T) {
	c := &clock{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	var out strings.Builder
	b := New(&out, "import orders", 100, c.now)
	b.SetTotal(0, 10_000_000)
	b.mu.Lock()
	if got, want := b.line(c.t, false), "import orders  [                    ]    0%  0 items  0 B  0/s"; got != want {
		t.Errorf("at the start:\n got %q\nwant %q", got, want)
	}
	b.mu.Unlock()

	c.t = c.t.Add(2 * time.Second)
	b.Add(20_000, 2_500_000)
	b.mu.Lock()
	got := b.line(c.t, false)
	b.mu.Unlock()
	want := "import orders  [=====               ]   25%  20,000 items  2.5 MB  10,000/s  ETA 6.0s"
	if got != want {
		t.Errorf("a quarter done:\n got %q\nwant %q", got, want)
	}
	if len(got) > 99 {
		t.Errorf("line of %d characters on a terminal of 100", len(got))
	}

	// Finish leaves the figures of the whole run, on their own line.
	c.t = c.t.Add(6 * time.Second)
	b.Add(60_000, 7_500_000)
	b.Finish()
	if got, want := out.String(), "\rimport orders  80,000 items  10.0 MB  10,000/s  1.2 MB/s  in 8.0s\x1b[K\n"; got != want {
		t.Errorf("final line:\n got %q\nwant %q", got, want)
	}
}

func TestLineWithoutTotal(t *testing.T) {
	c := &clock{time.Unix(0, 0)}
	b := New(nil, "export t", 50, c.now)
	c.t = c.t.Add(time.Second)
	b.Add(1500, 2048)
	b.mu.Lock()
	defer b.mu.Unlock()
	if got, want := b.line(c.t, false), "export t  1,500 items  2.0 kB  1,500/s"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// The items' total serves when the bytes' is not known; a narrow
	// terminal gets no bar, and a line cut to fit.
	b.SetTotal(3000, 0)
	if got, want := b.line(c.t, false), "export t   50%  1,500 items  2.0 kB  1,500/s  ETA 1.0s"[:49]; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRate checks that the rate is that of the last seconds, not of the
// whole run.
func TestRate(t *testing.T) {
	c := &clock{time.Unix(0, 0)}
	b := New(nil, "x", 200, c.now)
	b.mu.Lock()
	defer b.mu.Unlock()
	for range 20 {
		c.t = c.t.Add(time.Second)
		b.Add(100, 0)
		b.line(c.t, false)
	}
	for range 10 { // ten times faster
		c.t = c.t.Add(time.Second)
		b.Add(1000, 0)
		b.line(c.t, false)
	}
	if got := b.line(c.t, false); !strings.Contains(got, " 1,000/s") {
		t.Errorf("rate after a speed-up: %q, want 1,000 items/s", got)
	}
}

func TestNilBar(t *testing.T) {
	var b *Bar
	b.Start()
	b.Add(1, 1)
	b.SetTotal(1, 1)
	b.Finish()
}

func TestFigures(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 123456789: "123,456,789"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{999: "999 B", 1000: "1.0 kB", 1_234_567: "1.2 MB", 999_999_999: "1.0 GB", 5e12: "5.0 TB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{4200 * time.Millisecond: "4.2s", 65 * time.Second: "1m05s", 2*time.Hour + 3*time.Minute: "2h03m"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
