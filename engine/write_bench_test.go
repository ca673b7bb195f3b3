package engine

import (
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/av"
)

// The item benchmarks use the shape of cmd/ddb-bench's workloads: a table
// keyed by a string "pk" and a number "sk", items of four attributes with a
// 100-byte payload, in memory and on disk.

// benchModes are the storage modes every item benchmark runs in.
var benchModes = []struct {
	name string
	disk bool
}{{"memory", false}, {"disk", true}}

// benchPayload is the payload attribute of every benchmark item.
var benchPayload = strings.Repeat("x", 100)

// benchItem is the benchmark item with the given key.
func benchItem(pk string, sk int) item {
	return item{"pk": av.S(pk), "sk": av.N(strconv.Itoa(sk)), "payload": av.S(benchPayload), "n": av.N("0")}
}

// benchKey is the key of a benchmark item.
func benchKey(pk string, sk int) item {
	return item{"pk": av.S(pk), "sk": av.N(strconv.Itoa(sk))}
}

// benchPreload is how many items Get and Update spread over.
const benchPreload = 1000

// openBench opens a DB in the given mode with the table "bench" holding
// benchPreload items keyed "key-I", 0.
func openBench(b *testing.B, disk bool) *DB {
	b.Helper()
	dir := ""
	if disk {
		dir = b.TempDir()
	}
	db, err := Open(Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("bench"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	}); err != nil {
		b.Fatal(err)
	}
	for start := 0; start < benchPreload; start += maxBatchWrites {
		var reqs []types.WriteRequest
		for i := start; i < min(start+maxBatchWrites, benchPreload); i++ {
			reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: benchItem("key-"+strconv.Itoa(i), 0)}})
		}
		if _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"bench": reqs}}); err != nil {
			b.Fatal(err)
		}
	}
	return db
}

// benchEachMode runs fn as a sub-benchmark in memory and on disk, and
// reports the rate of calls and the process's CPU time per call (user and
// system, garbage collection included), which a machine shared with other
// work disturbs much less than the elapsed time.
func benchEachMode(b *testing.B, fn func(b *testing.B, db *DB)) {
	for _, mode := range benchModes {
		b.Run(mode.name, func(b *testing.B) {
			db := openBench(b, mode.disk)
			b.ReportAllocs()
			b.ResetTimer() // b.Loop does this itself, b.RunParallel does not
			cpu := processCPU(b)
			fn(b, db)
			b.ReportMetric(float64(processCPU(b)-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}

// processCPU returns the user and system CPU time this process has used.
func processCPU(b *testing.B) time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		b.Fatal(err)
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkPutItem puts new items, unconditionally.
func BenchmarkPutItem(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := 0; b.Loop(); i++ {
			if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem("put-"+strconv.Itoa(i), 0)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPutItemOverwrite replaces preloaded items, unconditionally.
func BenchmarkPutItemOverwrite(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := 0; b.Loop(); i++ {
			if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem("key-"+strconv.Itoa(i%benchPreload), 0)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPutItemParallel puts new items from 8 goroutines: on disk,
// concurrent writers must share fsyncs.
func BenchmarkPutItemParallel(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		putParallel(b, db)
	})
}

// putParallel puts new items from 8 goroutines until the benchmark ends.
func putParallel(b *testing.B, db *DB) {
	runParallel(b, func(i int64) error {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem("par-"+strconv.FormatInt(i, 10), 0)})
		return err
	})
}

// runParallel calls op from 8 goroutines until the benchmark ends, with a
// number unique to each call.
func runParallel(b *testing.B, op func(i int64) error) {
	var next atomic.Int64
	b.SetParallelism(4) // 8 goroutines on 2 cores
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := op(next.Add(1)); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkGetItem reads preloaded items.
func BenchmarkGetItem(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := 0; b.Loop(); i++ {
			out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("bench"), Key: benchKey("key-"+strconv.Itoa(i%benchPreload), 0)})
			if err != nil || out.Item == nil {
				b.Fatal(out, err)
			}
		}
	})
}

// BenchmarkUpdateItem increments a counter of preloaded items under a
// condition.
func BenchmarkUpdateItem(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := int64(0); b.Loop(); i++ {
			if _, err := db.UpdateItem(ctx, benchIncrement(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchIncrement increments the counter of preloaded item i (modulo
// benchPreload) under a condition.
func benchIncrement(i int64) *dynamodb.UpdateItemInput {
	return &dynamodb.UpdateItemInput{
		TableName:                 aws.String("bench"),
		Key:                       benchKey("key-"+strconv.FormatInt(i%benchPreload, 10), 0),
		UpdateExpression:          aws.String("SET n = n + :one"),
		ConditionExpression:       aws.String("attribute_exists(pk)"),
		ExpressionAttributeValues: item{":one": av.N("1")},
	}
}

// BenchmarkUpdateItemParallel is BenchmarkUpdateItem from 8 goroutines,
// each call on another item than the one before (8 writers rarely share
// an item's lock).
func BenchmarkUpdateItemParallel(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		runParallel(b, func(i int64) error {
			_, err := db.UpdateItem(ctx, benchIncrement(i*7919))
			return err
		})
	})
}

// BenchmarkBatchWriteItem25 puts 25 new items per call.
func BenchmarkBatchWriteItem25(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := int64(0); b.Loop(); i++ {
			if _, err := db.BatchWriteItem(ctx, batchPuts(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// batchPuts is a BatchWriteItem putting 25 new items named after i.
func batchPuts(i int64) *dynamodb.BatchWriteItemInput {
	reqs := make([]types.WriteRequest, maxBatchWrites)
	for j := range reqs {
		reqs[j] = types.WriteRequest{PutRequest: &types.PutRequest{Item: benchItem("batch-"+strconv.FormatInt(i, 10), j)}}
	}
	return &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"bench": reqs}}
}

// BenchmarkBatchWriteItem25Parallel puts 25 new items per call from 8
// goroutines.
func BenchmarkBatchWriteItem25Parallel(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		runParallel(b, func(i int64) error {
			_, err := db.BatchWriteItem(ctx, batchPuts(i))
			return err
		})
	})
}

// transactPutIncrement is a TransactWriteItems putting a new item named
// after i and incrementing a preloaded item under a condition, the shape
// of cmd/ddb-bench's transaction.
func transactPutIncrement(i int64) *dynamodb.TransactWriteItemsInput {
	inc := benchIncrement(i * 7919)
	return &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: inc.TableName, Item: benchItem("tx-"+strconv.FormatInt(i, 10), 0)}},
		{Update: &types.Update{TableName: inc.TableName, Key: inc.Key, UpdateExpression: inc.UpdateExpression,
			ConditionExpression: inc.ConditionExpression, ExpressionAttributeValues: inc.ExpressionAttributeValues}},
	}}
}

// BenchmarkTransactWriteItems2 runs transactions of a put and a
// conditional increment.
func BenchmarkTransactWriteItems2(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := int64(0); b.Loop(); i++ {
			if _, err := db.TransactWriteItems(ctx, transactPutIncrement(i)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkTransactWriteItems2Parallel is BenchmarkTransactWriteItems2
// from 8 goroutines.
func BenchmarkTransactWriteItems2Parallel(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		runParallel(b, func(i int64) error {
			_, err := db.TransactWriteItems(ctx, transactPutIncrement(i))
			return err
		})
	})
}

// BenchmarkQueryItems20 queries a partition of 20 items.
func BenchmarkQueryItems20(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		for i := range 20 {
			mustPut(b, db, "bench", benchItem("query", i))
		}
		in := &dynamodb.QueryInput{TableName: aws.String("bench"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": av.S("query")}}
		for b.Loop() {
			out, err := db.Query(ctx, in)
			if err != nil || out.Count != 20 {
				b.Fatal(out, err)
			}
		}
	})
}

// enableBenchStream enables a NEW_AND_OLD_IMAGES stream on the bench table.
func enableBenchStream(b *testing.B, db *DB) {
	b.Helper()
	if _, err := db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("bench"),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages}}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPutItemOverwriteStreamed is BenchmarkPutItemOverwrite on a table
// whose stream records both images: the cost of a stream record.
func BenchmarkPutItemOverwriteStreamed(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		enableBenchStream(b, db)
		for i := 0; b.Loop(); i++ {
			if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("bench"), Item: benchItem("key-"+strconv.Itoa(i%benchPreload), i)}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkPutItemParallelStreamed is BenchmarkPutItemParallel on a table
// with a stream: concurrent writers number their records under one lock.
func BenchmarkPutItemParallelStreamed(b *testing.B) {
	benchEachMode(b, func(b *testing.B, db *DB) {
		enableBenchStream(b, db)
		putParallel(b, db)
	})
}
