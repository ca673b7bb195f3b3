package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/bench"
)

// The scale part's data: partitions of scalePartition items of about 1 KB,
// loaded by -load-workers concurrent BatchWriteItem callers.
const (
	scaleTable       = "bench_scale"
	scalePartition   = 20     // items per partition key: a Query returns them all
	scaleFirstMark   = 10_000 // items loaded when the first Query latency is taken
	scaleBatch       = 25
	scaleRandomBytes = 720 // random payload bytes, 960 characters in base64
	// Targets: Query p50 at N within 2x of its value at 10,000 items, and
	// start-up on the loaded directory under 100 ms.
	scaleQueryGrowth = 2.0
	scaleStartLimit  = 100 * time.Millisecond
)

// After a bulk load the disk store goes on compacting what was loaded
// (at 10,000,000 items, for tens of seconds of CPU), which competes with
// the queries for the CPU and leaves them more files to read meanwhile.
// Query latency at N is measured right after the load and again once the
// server has been idle (under settleIdle of a core) for a settleWindow.
const (
	settleIdle    = 0.05
	settleWindow  = time.Second
	settleTimeout = 10 * time.Minute
)

// waitIdle waits until a process's CPU time, read by cpu, grows by less
// than settleIdle of a core over a window, or until timeout has passed. It
// returns how long it waited and whether the process became idle.
func waitIdle(ctx context.Context, cpu func() (time.Duration, error), window, timeout time.Duration) (time.Duration, bool, error) {
	start := time.Now()
	before, err := cpu()
	if err != nil {
		return 0, false, err
	}
	for {
		select {
		case <-ctx.Done():
			return time.Since(start), false, ctx.Err()
		case <-time.After(window):
		}
		after, err := cpu()
		if err != nil {
			return time.Since(start), false, err
		}
		if float64(after-before) < settleIdle*float64(window) {
			return time.Since(start), true, nil
		}
		if time.Since(start) >= timeout {
			return time.Since(start), false, nil
		}
		before = after
	}
}

// scaleItem returns item i: incompressible payload, so that bytes on disk
// are not flattered by compression.
func scaleItem(i int) map[string]types.AttributeValue {
	rng := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	raw := make([]byte, scaleRandomBytes)
	for j := 0; j < len(raw); j += 8 {
		v := rng.Uint64()
		for k := 0; k < 8 && j+k < len(raw); k++ {
			raw[j+k] = byte(v >> (8 * k))
		}
	}
	return map[string]types.AttributeValue{
		"pk":      &types.AttributeValueMemberS{Value: scalePartitionKey(i / scalePartition)},
		"sk":      &types.AttributeValueMemberN{Value: strconv.Itoa(i % scalePartition)},
		"seq":     &types.AttributeValueMemberN{Value: strconv.Itoa(i)},
		"created": &types.AttributeValueMemberS{Value: "2026-01-01T00:00:00Z"},
		"payload": &types.AttributeValueMemberS{Value: base64.StdEncoding.EncodeToString(raw)},
	}
}

func scalePartitionKey(p int) string { return fmt.Sprintf("part-%08d", p) }

// scale loads N items into a disk table of `ddb serve`, measuring the load,
// Query latency at 10,000 and at N items (right after the load and once
// the server has settled), the data's size on disk, the
// server's peak RSS and its start-up time on the loaded directory.
func (b *bencher) scale(ctx context.Context) error {
	bin, err := b.ddbBinary(ctx)
	if err != nil {
		return err
	}
	dir := b.cfg.scaleDir
	if dir == "" {
		if dir, err = os.MkdirTemp(b.tmp, "scale-"); err != nil {
			return err
		}
	}
	srv, err := bench.StartDDB(ctx, bin, dir)
	if err != nil {
		return err
	}
	defer srv.Close()
	client := bench.NewClient(srv.Endpoint)
	if err := bench.CreateTable(ctx, client, scaleTable); err != nil {
		return err
	}
	n := b.cfg.scaleN
	loadFirst, err := b.scaleLoad(ctx, client, srv.PID, 0, scaleFirstMark)
	if err != nil {
		return err
	}
	qFirst, err := b.measure(ctx, 1, srv.PID, scaleQuery(client, scaleFirstMark))
	if err != nil {
		return fmt.Errorf("query at %d items: %w", scaleFirstMark, err)
	}
	loadRest, err := b.scaleLoad(ctx, client, srv.PID, scaleFirstMark, n)
	if err != nil {
		return err
	}
	qLoaded, err := b.measure(ctx, 1, srv.PID, scaleQuery(client, n))
	if err != nil {
		return fmt.Errorf("query at %d items: %w", n, err)
	}
	waited, settled, err := waitIdle(ctx, func() (time.Duration, error) { return bench.ProcessCPU(srv.PID) }, settleWindow, settleTimeout)
	if err != nil {
		return err
	}
	b.logf("scale: waited %s for the server to settle (idle: %v)", waited.Round(time.Millisecond), settled)
	qN, err := b.measure(ctx, 1, srv.PID, scaleQuery(client, n))
	if err != nil {
		return fmt.Errorf("query at %d items: %w", n, err)
	}
	rss, err := bench.ProcessRSSPeak(srv.PID)
	if err != nil {
		return err
	}
	if err := srv.Close(); err != nil {
		return err
	}
	size, err := dirSize(dir)
	if err != nil {
		return err
	}
	var starts []float64
	for range b.cfg.runs {
		s, err := bench.StartDDB(ctx, bin, dir)
		if err != nil {
			return fmt.Errorf("restart: %w", err)
		}
		starts = append(starts, float64(s.Started))
		if err := s.Close(); err != nil {
			return err
		}
	}
	start := time.Duration(bench.Median(starts))

	loadTime := loadFirst.Elapsed + loadRest.Elapsed
	loadCPU := loadFirst.ServerCPU + loadRest.ServerCPU
	t := &bench.Table{
		Title: fmt.Sprintf("Scale: %d items of about 1 KB in a disk table", n),
		Note: fmt.Sprintf("`ddb serve --data DIR`, loaded over HTTP by %d aws-sdk-go-v2 workers with BatchWriteItem of %d; Query returns the %d items of one partition chosen at random among those loaded (one worker, median of %d runs of %s). Start-up is from launching the process to its first answer to ListTables, median of %d.",
			b.cfg.loadWorkers, scaleBatch, scalePartition, b.cfg.runs, b.cfg.duration, b.cfg.runs),
		Columns: []string{"figure", "value"},
	}
	t.AddRow("load rate", bench.Count(float64(n)/loadTime.Seconds())+" items/s")
	t.AddRow("server CPU per item loaded", bench.Latency(float64(loadCPU.Nanoseconds())/float64(n)))
	t.AddRow("bytes on disk", fmt.Sprintf("%s (%.0f B/item)", bench.Bytes(float64(size)), float64(size)/float64(n)))
	t.AddRow("server peak RSS", bench.Bytes(float64(rss)))
	t.AddRow(fmt.Sprintf("Query p50 at %d items", scaleFirstMark), bench.Latency(float64(qFirst.P50)))
	t.AddRow(fmt.Sprintf("Query p50 at %d items, right after the load", n), bench.WithRatio(float64(qLoaded.P50), float64(qFirst.P50), bench.Latency))
	settledAfter := fmt.Sprintf("once the server was idle (%s later)", bench.Latency(float64(waited)))
	if !settled {
		settledAfter = fmt.Sprintf("server still busy %s later", settleTimeout)
	}
	t.AddRow(fmt.Sprintf("Query p50 at %d items, %s", n, settledAfter), bench.WithRatio(float64(qN.P50), float64(qFirst.P50), bench.Latency))
	t.AddRow(fmt.Sprintf("Query p99 at %d items, idle", n), bench.Latency(float64(qN.P99)))
	t.AddRow(fmt.Sprintf("server CPU per Query: at %d items / at %d right after the load / idle", scaleFirstMark, n),
		fmt.Sprintf("%s / %s / %s", bench.Latency(qFirst.CPUPerOp()), bench.Latency(qLoaded.CPUPerOp()), bench.Latency(qN.CPUPerOp())))
	t.AddRow("ddb serve start-up", bench.Latency(float64(start)))
	if err := b.r.table(t); err != nil {
		return err
	}
	growth := float64(qN.P50) / float64(qFirst.P50)
	b.r.target("scale", fmt.Sprintf("Query p50 at %d items (server idle) <= %.0fx at %d", n, scaleQueryGrowth, scaleFirstMark),
		fmt.Sprintf("%.2fx (%.2fx right after the load)", growth, float64(qLoaded.P50)/float64(qFirst.P50)), growth <= scaleQueryGrowth && settled)
	b.r.target("scale", fmt.Sprintf("ddb serve start-up on %d items < %s", n, scaleStartLimit), bench.Latency(float64(start)), start < scaleStartLimit)
	return nil
}

// scaleLoad loads items [from, to) of the scale table and returns the
// load's elapsed time and server CPU.
func (b *bencher) scaleLoad(ctx context.Context, api ddb.API, pid, from, to int) (bench.Result, error) {
	return b.loadItems(ctx, api, pid, scaleTable, from, to, scaleItem)
}

// loadItems loads items [from, to) made by item into table with
// BatchWriteItem calls of scaleBatch from -load-workers workers, and
// returns the load's elapsed time and server CPU.
func (b *bencher) loadItems(ctx context.Context, api ddb.API, pid int, table string, from, to int, item func(int) map[string]types.AttributeValue) (bench.Result, error) {
	batches := (to - from + scaleBatch - 1) / scaleBatch
	var next atomic.Int64
	start := time.Now()
	res, err := bench.Run(ctx, b.cfg.loadWorkers, batches, 24*time.Hour, pid, func(ctx context.Context, _, _ int) error {
		lo := from + int(next.Add(1)-1)*scaleBatch
		items := make([]map[string]types.AttributeValue, 0, scaleBatch)
		for i := lo; i < min(lo+scaleBatch, to); i++ {
			items = append(items, item(i))
		}
		return bench.Load(ctx, api, table, items)
	})
	if err != nil {
		return res, fmt.Errorf("load items %d to %d: %w", from, to, err)
	}
	b.logf("%s: loaded items %d to %d in %s", table, from, to, since(start))
	return res, nil
}

// scaleQuery queries a random loaded partition of the scale table (items
// [0, loaded)) and checks it returns the whole partition.
func scaleQuery(api ddb.API, loaded int) bench.Op {
	partitions := loaded / scalePartition
	return func(ctx context.Context, w, seq int) error {
		p := int(rand.N(uint64(partitions)))
		out, err := api.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(scaleTable),
			KeyConditionExpression:    aws.String("pk = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: scalePartitionKey(p)}},
		})
		if err == nil && len(out.Items) != scalePartition {
			err = fmt.Errorf("Query of partition %d returned %d items, want %d", p, len(out.Items), scalePartition)
		}
		return err
	}
}

// dirSize returns the total size of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		return nil
	})
	return total, err
}
