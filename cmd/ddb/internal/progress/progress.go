// Package progress draws the progress line of a long command on a
// terminal: items and bytes done, their rate, a bar and the time left when
// the total is known. It also writes figures for people (Count, Size).
package progress

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Interval is how often the line is redrawn.
const Interval = 200 * time.Millisecond

// The bar's width inside its brackets: as wide as the terminal leaves
// room for, up to barWidth; none below minBarWidth.
const (
	barWidth    = 20
	minBarWidth = 6
)

// window is how far back the rate is measured.
const window = 5 * time.Second

// Bar is a progress line. Its methods are safe for concurrent use, and
// those of a nil *Bar do nothing, so that a command can hold one whether or
// not it draws.
type Bar struct {
	w     io.Writer
	label string
	width int
	now   func() time.Time
	start time.Time

	items, bytes           atomic.Int64
	totalItems, totalBytes atomic.Int64 // 0: not known

	mu      sync.Mutex
	samples []sample // recent figures, oldest first, for the rate
	stop    chan struct{}
	done    chan struct{}
}

// sample is the figures at a moment.
type sample struct {
	at           time.Time
	items, bytes int64
}

// New returns a Bar that draws on w, a terminal width columns wide, with
// label before the figures; now is its clock (nil: time.Now). Start begins
// drawing.
func New(w io.Writer, label string, width int, now func() time.Time) *Bar {
	if now == nil {
		now = time.Now
	}
	b := &Bar{w: w, label: label, width: width, now: now}
	b.reset()
	return b
}

// reset starts the run's time and the rate's window now.
func (b *Bar) reset() {
	b.start = b.now()
	b.samples = []sample{{b.start, b.items.Load(), b.bytes.Load()}}
}

// Start draws the line every Interval until Finish; the run's time counts
// from here.
func (b *Bar) Start() {
	if b == nil {
		return
	}
	b.stop, b.done = make(chan struct{}), make(chan struct{})
	b.mu.Lock()
	b.reset()
	b.mu.Unlock()
	go func() {
		defer close(b.done)
		t := time.NewTicker(Interval)
		defer t.Stop()
		for {
			select {
			case <-b.stop:
				return
			case <-t.C:
				b.draw(false)
			}
		}
	}()
}

// Add counts items and bytes done.
func (b *Bar) Add(items, bytes int64) {
	if b == nil {
		return
	}
	b.items.Add(items)
	b.bytes.Add(bytes)
}

// SetTotal sets the items or bytes expected (0: not known). The bar and
// the time left follow the bytes when their total is known, else the
// items.
func (b *Bar) SetTotal(items, bytes int64) {
	if b == nil {
		return
	}
	b.totalItems.Store(items)
	b.totalBytes.Store(bytes)
}

// Finish stops drawing and leaves the final line, with the figures of the
// whole run, on the terminal.
func (b *Bar) Finish() {
	if b == nil {
		return
	}
	if b.stop != nil {
		close(b.stop)
		<-b.done
	}
	b.draw(true)
}

// draw writes the line over the previous one.
func (b *Bar) draw(final bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	line := b.line(b.now(), final)
	end := "\x1b[K" // clears what a longer previous line left
	if final {
		end += "\n"
	}
	fmt.Fprint(b.w, "\r"+line+end)
}

// line returns the progress line at now; final gives the figures of the
// whole run instead of the recent rate and the time left. Callers hold mu.
func (b *Bar) line(now time.Time, final bool) string {
	items, bytes := b.items.Load(), b.bytes.Load()
	totalItems, totalBytes := b.totalItems.Load(), b.totalBytes.Load()
	b.samples = append(b.samples, sample{now, items, bytes})
	for len(b.samples) > 2 && now.Sub(b.samples[1].at) >= window {
		b.samples = b.samples[1:]
	}
	from := b.samples[0]
	if final {
		from = sample{at: b.start} // a resumed run's figures start from zero too
	}
	elapsed := now.Sub(from.at).Seconds()
	var itemRate, byteRate float64
	if elapsed > 0 {
		itemRate = float64(items-from.items) / elapsed
		byteRate = float64(bytes-from.bytes) / elapsed
	}

	fraction, left := -1.0, time.Duration(-1)
	switch {
	case totalBytes > 0:
		fraction = float64(bytes) / float64(totalBytes)
		if byteRate > 0 {
			left = time.Duration(float64(totalBytes-bytes) / byteRate * float64(time.Second))
		}
	case totalItems > 0:
		fraction = float64(items) / float64(totalItems)
		if itemRate > 0 {
			left = time.Duration(float64(totalItems-items) / itemRate * float64(time.Second))
		}
	}
	fraction = min(fraction, 1)

	var parts []string
	if fraction >= 0 && !final {
		parts = append(parts, fmt.Sprintf("%3.0f%%", fraction*100))
	}
	parts = append(parts, Count(items)+" items", Size(bytes))
	parts = append(parts, Count(int64(itemRate))+"/s")
	if final {
		parts = append(parts, Size(int64(byteRate))+"/s")
	}
	switch {
	case final:
		parts = append(parts, "in "+Duration(now.Sub(b.start)))
	case left >= 0:
		parts = append(parts, "ETA "+Duration(max(left, 0)))
	}
	figures := strings.Join(parts, "  ")
	bar := ""
	if n := min(barWidth, b.width-1-len(b.label)-len(figures)-6); fraction >= 0 && !final && n >= minBarWidth {
		done := int(fraction * float64(n))
		bar = "[" + strings.Repeat("=", done) + strings.Repeat(" ", n-done) + "]  "
	}
	line := b.label + "  " + bar + figures
	if limit := b.width - 1; limit > 0 && len(line) > limit {
		line = line[:limit]
	}
	return line
}

// Count writes a number with thousands separators: 12,345.
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && s[i-1] != '-' && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Size writes a number of bytes in B, kB, MB, GB or TB (powers of 1000).
func Size(n int64) string {
	if n < 1000 {
		return strconv.FormatInt(n, 10) + " B"
	}
	f := float64(n)
	unit := ""
	for _, u := range []string{"kB", "MB", "GB", "TB"} {
		f /= 1000
		unit = u
		if f < 999.95 {
			break
		}
	}
	return strconv.FormatFloat(f, 'f', 1, 64) + " " + unit
}

// Duration writes a duration to the second (to the tenth under a minute):
// 4.2s, 1m05s, 2h03m.
func Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
