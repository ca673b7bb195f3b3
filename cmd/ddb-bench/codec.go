package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/ddbkit/ddb/internal/bench"
	"github.com/ddbkit/ddb/internal/codecbench"
)

// codecValues counts the attribute values (nested ones included, a set
// counting as one) of each codec case's item: the marshal allocation target
// is one allocation per value plus one for the item's map.
var codecValues = map[string]int{
	"wallet":  2,          // user_id, balance
	"profile": 12 + 3 + 3, // 12 attributes, 3 map entries, 3 list elements
}

// codecResult is the medians of one codec benchmark.
type codecResult struct {
	ns, bytes, allocs float64
}

// codec compares marshal and unmarshal of the codecbench items across the
// libraries, baseline attributevalue.
func (b *bencher) codec(ctx context.Context) error {
	if err := setBenchTime(b.cfg.codecTime); err != nil {
		return err
	}
	t := &bench.Table{
		Title: "Codec",
		Note: fmt.Sprintf("Median of %d runs of %s each; ratio to %s. Libraries: %s.",
			b.cfg.runs, b.cfg.codecTime, codecbench.AttributeValue, libraryVersions()),
		Columns: append([]string{"item", "op", "figure"}, codecbench.Libraries...),
	}
	for _, c := range codecbench.Cases() {
		for _, dir := range []struct {
			name  string
			funcs map[string]func(*testing.B)
		}{{"marshal", c.Marshal}, {"unmarshal", c.Unmarshal}} {
			res := map[string]codecResult{}
			for _, lib := range codecbench.Libraries {
				if err := ctx.Err(); err != nil {
					return err
				}
				b.logf("codec %s %s %s", c.Name, dir.name, lib)
				res[lib] = b.codecMedian(dir.funcs[lib])
			}
			base := res[codecbench.AttributeValue]
			for _, fig := range []struct {
				name   string
				get    func(codecResult) float64
				format func(float64) string
			}{
				{"ns/op", func(r codecResult) float64 { return r.ns }, func(v float64) string { return fmt.Sprintf("%.0f", v) }},
				{"B/op", func(r codecResult) float64 { return r.bytes }, func(v float64) string { return fmt.Sprintf("%.0f", v) }},
				{"allocs/op", func(r codecResult) float64 { return r.allocs }, func(v float64) string { return fmt.Sprintf("%.0f", v) }},
			} {
				row := []string{c.Name, dir.name, fig.name}
				for _, lib := range codecbench.Libraries {
					row = append(row, bench.WithRatio(fig.get(res[lib]), fig.get(base), fig.format))
				}
				t.AddRow(row...)
			}
			b.codecTargets(c.Name, dir.name, res)
		}
	}
	return b.r.table(t)
}

// codecMedian runs one benchmark cfg.runs times.
func (b *bencher) codecMedian(f func(*testing.B)) codecResult {
	var ns, bytes, allocs []float64
	for range b.cfg.runs {
		r := testing.Benchmark(f)
		ns = append(ns, float64(r.NsPerOp()))
		bytes = append(bytes, float64(r.AllocedBytesPerOp()))
		allocs = append(allocs, float64(r.AllocsPerOp()))
	}
	return codecResult{bench.Median(ns), bench.Median(bytes), bench.Median(allocs)}
}

// codecTargets records the codec goals: at least 2x faster than the faster
// other library, and marshal allocating at most one allocation per value
// plus one.
func (b *bencher) codecTargets(item, op string, res map[string]codecResult) {
	fastest := 0.0
	for lib, r := range res {
		if lib != codecbench.DDB && (fastest == 0 || r.ns < fastest) {
			fastest = r.ns
		}
	}
	own := res[codecbench.DDB]
	b.r.target("codec", fmt.Sprintf("%s %s: ddb >= 2x faster than the faster other", item, op),
		fmt.Sprintf("%.2fx", fastest/own.ns), own.ns*2 <= fastest)
	if values, ok := codecValues[item]; ok && op == "marshal" {
		b.r.target("codec", fmt.Sprintf("%s marshal: <= %d allocs (values + 1)", item, values+1),
			fmt.Sprintf("%.0f allocs", own.allocs), own.allocs <= float64(values+1))
	}
}

// setBenchTime sets the duration testing.Benchmark runs each benchmark for
// (the -test.benchtime flag, registered by testing.Init).
func setBenchTime(d time.Duration) error {
	testing.Init()
	return flag.Set("test.benchtime", d.String())
}

// libraryVersions names the compared libraries' module versions.
func libraryVersions() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "versions unknown"
	}
	var parts []string
	for _, dep := range info.Deps {
		switch dep.Path {
		case "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue", "github.com/guregu/dynamo/v2":
			parts = append(parts, dep.Path+" "+dep.Version)
		}
	}
	return strings.Join(parts, ", ")
}
