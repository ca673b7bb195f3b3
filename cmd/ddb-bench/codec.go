package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/ddbkit/ddb/internal/bench"
)

// benchModule is the directory, relative to the repository root, of the
// module that compares the library with others (codecs, typed client
// calls). It is a module of its own so that the libraries it compares
// against never enter the library's go.mod.
const benchModule = "bench"

// codecValues counts the attribute values (nested ones included, a set
// counting as one) of each codec case's item: the marshal allocation target
// is one allocation per value plus one for the item's map.
var codecValues = map[string]int{
	"wallet":  2,          // user_id, balance
	"profile": 12 + 3 + 3, // 12 attributes, 3 map entries, 3 list elements
}

// codecReport is what the codeccompare command of the codec module prints.
type codecReport struct {
	Libraries []string
	Baseline  string
	Versions  map[string]string
	Results   []codecResult
}

// codecResult is the medians of one library on one item in one direction.
type codecResult struct {
	Item, Op, Library   string
	NsPerOp, BytesPerOp float64
	AllocsPerOp         float64
}

// codec compares marshal and unmarshal across the libraries, baseline
// attributevalue, by running the codec module's command.
func (b *bencher) codec(ctx context.Context) error {
	rep, err := b.runCodecCompare(ctx)
	if err != nil {
		return err
	}
	var versions []string
	for _, lib := range rep.Libraries {
		if v, ok := rep.Versions[lib]; ok {
			versions = append(versions, lib+" "+v)
		}
	}
	t := &bench.Table{
		Title: "Codec",
		Note: fmt.Sprintf("Median of %d runs of %s each; ratio to %s. Libraries: %s.",
			b.cfg.runs, b.cfg.codecTime, rep.Baseline, strings.Join(versions, ", ")),
		Columns: append([]string{"item", "op", "figure"}, rep.Libraries...),
	}
	// Results come grouped by item and op, libraries in display order.
	groups := map[[2]string]map[string]codecResult{}
	var order [][2]string
	for _, r := range rep.Results {
		k := [2]string{r.Item, r.Op}
		if groups[k] == nil {
			groups[k] = map[string]codecResult{}
			order = append(order, k)
		}
		groups[k][r.Library] = r
	}
	for _, k := range order {
		res := groups[k]
		base := res[rep.Baseline]
		for _, fig := range []struct {
			name string
			get  func(codecResult) float64
		}{
			{"ns/op", func(r codecResult) float64 { return r.NsPerOp }},
			{"B/op", func(r codecResult) float64 { return r.BytesPerOp }},
			{"allocs/op", func(r codecResult) float64 { return r.AllocsPerOp }},
		} {
			row := []string{k[0], k[1], fig.name}
			for _, lib := range rep.Libraries {
				row = append(row, bench.WithRatio(fig.get(res[lib]), fig.get(base), func(v float64) string { return fmt.Sprintf("%.0f", v) }))
			}
			t.AddRow(row...)
		}
		b.codecTargets(k[0], k[1], res)
	}
	return b.r.table(t)
}

// runCodecCompare runs the codec module's command from the repository root
// and decodes its report.
func (b *bencher) runCodecCompare(ctx context.Context) (*codecReport, error) {
	var rep codecReport
	err := b.runBenchModule(ctx, &rep, "codeccompare", "-runs", fmt.Sprint(b.cfg.runs), "-benchtime", b.cfg.codecTime.String())
	return &rep, err
}

// runBenchModule runs command name of the bench module (bench/cmd/<name>)
// with args and decodes the JSON it prints into v.
func (b *bencher) runBenchModule(ctx context.Context, v any, name string, args ...string) error {
	root, err := moduleRoot(ctx)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"run", "./cmd/" + name}, args...)...)
	cmd.Dir = filepath.Join(root, benchModule)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = b.log // its progress lines
	b.logf("go run ./cmd/%s in %s", name, cmd.Dir)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go run ./cmd/%s in %s: %w", name, cmd.Dir, err)
	}
	if err := json.Unmarshal(out.Bytes(), v); err != nil {
		return fmt.Errorf("go run ./cmd/%s: reading its report: %w", name, err)
	}
	return nil
}

// moduleRoot returns the directory of the ddb module's go.mod, which the
// go command finds from the working directory.
func moduleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("the codec and client parts run from a checkout of github.com/ddbkit/ddb (no go.mod found)")
	}
	return filepath.Dir(gomod), nil
}

// codecTargets records the codec goals. The codec without the SDK's map
// (the json items: what typed calls on the lean client and typed reads on
// the engine use) is at least 2x faster than the faster other library and
// marshals allocating nothing. To and from the SDK's map, which every
// library must build for the SDK client, ddb is at least as fast as the
// faster other and allocates at most one allocation per value plus one.
func (b *bencher) codecTargets(item, op string, res map[string]codecResult) {
	const own = "ddb"
	fastest := 0.0
	for lib, r := range res {
		if lib != own && (fastest == 0 || r.NsPerOp < fastest) {
			fastest = r.NsPerOp
		}
	}
	mine := res[own]
	if strings.HasSuffix(item, " json") {
		b.r.target("codec", fmt.Sprintf("%s %s: ddb >= 2x faster than the faster other", item, op),
			fmt.Sprintf("%.2fx", fastest/mine.NsPerOp), mine.NsPerOp*2 <= fastest)
	} else {
		b.r.target("codec", fmt.Sprintf("%s %s, the SDK's map: ddb at least as fast as the faster other", item, op),
			fmt.Sprintf("%.2fx", fastest/mine.NsPerOp), mine.NsPerOp <= fastest)
	}
	if strings.HasSuffix(item, " json") && op == "marshal" {
		b.r.target("codec", item+" marshal: 0 allocs (the JSON goes into a reused buffer)",
			fmt.Sprintf("%.0f allocs", mine.AllocsPerOp), mine.AllocsPerOp == 0)
	}
	if values, ok := codecValues[item]; ok && op == "marshal" {
		b.r.target("codec", fmt.Sprintf("%s marshal: <= %d allocs (values + 1)", item, values+1),
			fmt.Sprintf("%.0f allocs", mine.AllocsPerOp), mine.AllocsPerOp <= float64(values+1))
	}
}
