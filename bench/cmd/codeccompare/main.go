// Command codeccompare runs the codec comparisons of package codec and prints
// the median ns/op, B/op and allocs/op of each library as JSON on standard
// output, for `ddb-bench -parts codec` to tabulate:
//
//	go run ./cmd/codeccompare -runs 3 -benchtime 500ms
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/debug"
	"slices"
	"testing"

	"github.com/ddbkit/ddb/bench/codec"
)

// Report is what the command prints.
type Report struct {
	Libraries []string // display order, ddb first
	Baseline  string   // the library ratios are computed against
	Versions  map[string]string
	Results   []Result
}

// Result is the medians of one library on one item in one direction.
type Result struct {
	Item, Op, Library   string // Op is "marshal" or "unmarshal"
	NsPerOp, BytesPerOp float64
	AllocsPerOp         float64
}

func main() {
	runs := flag.Int("runs", 3, "runs of each benchmark; the median is reported")
	benchTime := flag.Duration("benchtime", 0, "duration of each run (default: testing's)")
	testing.Init()
	flag.Parse()
	if *benchTime > 0 {
		if err := flag.Set("test.benchtime", benchTime.String()); err != nil {
			log.Fatal(err)
		}
	}
	rep := Report{Libraries: codec.Libraries, Baseline: codec.AttributeValue, Versions: versions()}
	for _, c := range codec.Cases() {
		for _, dir := range []struct {
			op    string
			funcs map[string]func(*testing.B)
		}{{"marshal", c.Marshal}, {"unmarshal", c.Unmarshal}} {
			for _, lib := range codec.Libraries {
				fmt.Fprintf(os.Stderr, "codec %s %s %s\n", c.Name, dir.op, lib)
				rep.Results = append(rep.Results, median(*runs, c.Name, dir.op, lib, dir.funcs[lib]))
			}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		log.Fatal(err)
	}
}

// median runs one benchmark runs times and keeps the median of each figure.
func median(runs int, item, op, lib string, f func(*testing.B)) Result {
	var ns, bytes, allocs []float64
	for range max(runs, 1) {
		r := testing.Benchmark(f)
		ns = append(ns, float64(r.NsPerOp()))
		bytes = append(bytes, float64(r.AllocedBytesPerOp()))
		allocs = append(allocs, float64(r.AllocsPerOp()))
	}
	return Result{Item: item, Op: op, Library: lib, NsPerOp: mid(ns), BytesPerOp: mid(bytes), AllocsPerOp: mid(allocs)}
}

// mid returns the median of xs.
func mid(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// versions names the module versions of the compared libraries.
func versions() map[string]string {
	v := map[string]string{}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	for _, dep := range info.Deps {
		switch dep.Path {
		case "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue":
			v[codec.AttributeValue] = dep.Version
		case "github.com/guregu/dynamo/v2":
			v[codec.Guregu] = dep.Version
		}
	}
	return v
}
