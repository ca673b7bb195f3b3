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
			fmt.Fprintf(os.Stderr, "codec %s %s\n", c.Name, dir.op)
			rep.Results = append(rep.Results, medians(*runs, c.Name, dir.op, dir.funcs)...)
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		log.Fatal(err)
	}
}

// medians runs the benchmark of every library runs times, the libraries
// taking turns within each round so that a change in the load of a shared
// machine falls on all of them, and keeps the median of each figure.
func medians(runs int, item, op string, funcs map[string]func(*testing.B)) []Result {
	var ns, bytes, allocs [][]float64
	for range codec.Libraries {
		ns, bytes, allocs = append(ns, nil), append(bytes, nil), append(allocs, nil)
	}
	for range max(runs, 1) {
		for i, lib := range codec.Libraries {
			r := testing.Benchmark(funcs[lib])
			ns[i] = append(ns[i], float64(r.NsPerOp()))
			bytes[i] = append(bytes[i], float64(r.AllocedBytesPerOp()))
			allocs[i] = append(allocs[i], float64(r.AllocsPerOp()))
		}
	}
	results := make([]Result, len(codec.Libraries))
	for i, lib := range codec.Libraries {
		results[i] = Result{Item: item, Op: op, Library: lib, NsPerOp: mid(ns[i]), BytesPerOp: mid(bytes[i]), AllocsPerOp: mid(allocs[i])}
	}
	return results
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
