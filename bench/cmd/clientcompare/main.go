// Command clientcompare measures the client CPU of the typed calls an
// application makes: aws-sdk-go-v2's call followed by attributevalue's
// decoding into a struct, against the library's Table[T] on its own client
// (what ddb.Open uses). Both drive one running server whose tables
// `ddb-bench -parts client` prepared (bench.Prepare), their runs
// alternating, and the medians are printed as JSON on standard output for
// ddb-bench to tabulate:
//
//	go run ./cmd/clientcompare -endpoint http://127.0.0.1:8000 -pid 1234
//
// It lives in this module so that attributevalue never enters the
// library's go.mod.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/bench"
)

// Clients are the contenders, in the order of Result.Client.
var Clients = []string{"aws-sdk-go-v2", "ddb client"}

// Result is the median of one call on one client with one worker count.
type Result struct {
	Call    string
	Client  string
	Workers int
	Result  bench.Result
}

// benchItem is an item of bench.ItemsTable, tagged for both libraries.
type benchItem struct {
	PK      string `ddb:"pk,hash" dynamodbav:"pk"`
	SK      int    `ddb:"sk,range" dynamodbav:"sk"`
	Payload string `ddb:"payload" dynamodbav:"payload"`
	N       int    `ddb:"n" dynamodbav:"n"`
}

// call is one typed call, as each client makes it.
type call struct {
	name string
	ops  []bench.Op // in the order of Clients
}

func main() {
	endpoint := flag.String("endpoint", "", "the server's URL")
	pid := flag.Int("pid", 0, "the server's process, whose CPU is charged to the server (0: none)")
	runs := flag.Int("runs", 3, "runs of every call; the median is reported")
	duration := flag.Duration("duration", 2*time.Second, "length of one run")
	warmup := flag.Duration("warmup", 2*time.Second, "warm-up of every call and client")
	workerList := flag.String("workers", "1", "comma-separated numbers of concurrent workers")
	flag.Parse()
	var workers []int
	for w := range strings.SplitSeq(*workerList, ",") {
		n, err := strconv.Atoi(w)
		if err != nil || n < 1 {
			log.Fatalf("invalid -workers entry %q", w)
		}
		workers = append(workers, n)
	}
	if *endpoint == "" || *runs < 1 {
		log.Fatal("usage: clientcompare -endpoint URL [-pid N] [-runs N] [-duration D] [-warmup D] [-workers N,...]")
	}
	ctx := context.Background()
	sdk := bench.NewClient(*endpoint)
	lean := bench.NewLeanClient(*endpoint)
	defer lean.Close()
	items, err := ddb.NewTable[benchItem](ddb.New(lean), bench.ItemsTable)
	if err != nil {
		log.Fatal(err)
	}
	calls := []call{{
		name: fmt.Sprintf("Table[T].Query (%d items)", bench.QueryItems),
		ops:  []bench.Op{sdkQuery(sdk), tableQuery(items)},
	}}
	var results []Result
	for _, c := range calls {
		for i, op := range c.ops {
			if _, err := bench.Run(ctx, workers[len(workers)-1], math.MaxInt, *warmup, 0, op); err != nil {
				log.Fatalf("%s %s: warm-up: %v", Clients[i], c.name, err)
			}
		}
		for _, n := range workers {
			res, errs := bench.RunInTurn(ctx, *runs, n, *duration, *pid, c.ops...)
			for i, err := range errs {
				if err != nil {
					log.Fatalf("%s %s x%d: %v", Clients[i], c.name, n, err)
				}
				results = append(results, Result{c.name, Clients[i], n, res[i]})
			}
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		log.Fatal(err)
	}
}

// sdkQuery reads the Query partition with aws-sdk-go-v2 and decodes its
// items with attributevalue.
func sdkQuery(api *dynamodb.Client) bench.Op {
	return func(ctx context.Context, _, _ int) error {
		out, err := api.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(bench.ItemsTable),
			KeyConditionExpression:    aws.String("pk = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: bench.QueryPartition}},
		})
		if err != nil {
			return err
		}
		var items []benchItem
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &items); err != nil {
			return err
		}
		return checkItems(items)
	}
}

// tableQuery reads the Query partition as one page of Table[T].
func tableQuery(t *ddb.Table[benchItem]) bench.Op {
	return func(ctx context.Context, _, _ int) error {
		page, err := t.Query(ctx, ddb.Partition(bench.QueryPartition)).Page("")
		if err != nil {
			return err
		}
		return checkItems(page.Items)
	}
}

// checkItems checks that a Query read the whole partition, decoded.
func checkItems(items []benchItem) error {
	if len(items) != bench.QueryItems || items[len(items)-1].SK != bench.QueryItems-1 || len(items[0].Payload) == 0 {
		return fmt.Errorf("Query read %d items (%+v), want %d", len(items), items, bench.QueryItems)
	}
	return nil
}
