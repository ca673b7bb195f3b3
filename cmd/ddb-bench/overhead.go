package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/engine"
	"github.com/ddbkit/ddb/internal/bench"
)

// overheadLimit is the library-overhead target: a Table[T] call takes at
// most 5% longer than the same raw SDK call.
const overheadLimit = 1.05

// wallet is the item of the library-overhead part.
type wallet struct {
	UserID  string `ddb:"user_id,hash"`
	Balance int    `ddb:"balance"`
	Owner   string `ddb:"owner"`
}

const (
	walletTable = "bench_wallets"
	walletCount = 1000
)

func walletID(i int) string { return "user-" + strconv.Itoa(i%walletCount) }

// rawWallet is the item a raw SDK user writes by hand.
func rawWallet(w wallet) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{
		"user_id": &types.AttributeValueMemberS{Value: w.UserID},
		"balance": &types.AttributeValueMemberN{Value: strconv.Itoa(w.Balance)},
		"owner":   &types.AttributeValueMemberS{Value: w.Owner},
	}
}

// decodeRawWallet is the decoding a raw SDK user writes by hand.
func decodeRawWallet(item map[string]types.AttributeValue) (wallet, error) {
	id, ok1 := item["user_id"].(*types.AttributeValueMemberS)
	balance, ok2 := item["balance"].(*types.AttributeValueMemberN)
	owner, ok3 := item["owner"].(*types.AttributeValueMemberS)
	if !ok1 || !ok2 || !ok3 {
		return wallet{}, errors.New("malformed wallet item")
	}
	n, err := strconv.Atoi(balance.Value)
	return wallet{UserID: id.Value, Balance: n, Owner: owner.Value}, err
}

// entry is the item of the library-overhead part's Query: one of the
// entryCount entries of a wallet's history.
type entry struct {
	UserID string `ddb:"user_id,hash"`
	Seq    int    `ddb:"seq,range"`
	Amount int    `ddb:"amount"`
	Memo   string `ddb:"memo"`
}

const (
	entryTable = "bench_wallet_entries"
	entryUsers = 50 // partitions of entryCount entries each
	entryCount = 20 // the items each Query reads
)

func entryUserID(i int) string { return "user-" + strconv.Itoa(i%entryUsers) }

// decodeRawEntry is the decoding a raw SDK user writes by hand.
func decodeRawEntry(item map[string]types.AttributeValue) (entry, error) {
	id, ok1 := item["user_id"].(*types.AttributeValueMemberS)
	seq, ok2 := item["seq"].(*types.AttributeValueMemberN)
	amount, ok3 := item["amount"].(*types.AttributeValueMemberN)
	memo, ok4 := item["memo"].(*types.AttributeValueMemberS)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return entry{}, errors.New("malformed entry item")
	}
	s, err1 := strconv.Atoi(seq.Value)
	a, err2 := strconv.Atoi(amount.Value)
	return entry{UserID: id.Value, Seq: s, Amount: a, Memo: memo.Value}, errors.Join(err1, err2)
}

// checkEntries checks that a Query read a whole partition, decoded.
func checkEntries(entries []entry) error {
	if len(entries) != entryCount || entries[entryCount-1].Seq != entryCount-1 || entries[0].Memo == "" {
		return fmt.Errorf("Query read %d entries, want %d", len(entries), entryCount)
	}
	return nil
}

// overheadTables are the tables of the library-overhead part.
type overheadTables struct {
	wallets *ddb.Table[wallet]
	entries *ddb.Table[entry]
}

// overheadCase is one call made both ways.
type overheadCase struct {
	name     string
	raw, lib func(api ddb.API, t overheadTables) bench.Op
}

var overheadCases = []overheadCase{
	{
		name: "Get",
		raw: func(api ddb.API, _ overheadTables) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				out, err := api.GetItem(ctx, &dynamodb.GetItemInput{
					TableName: aws.String(walletTable),
					Key:       map[string]types.AttributeValue{"user_id": &types.AttributeValueMemberS{Value: walletID(seq)}},
				})
				if err != nil {
					return err
				}
				_, err = decodeRawWallet(out.Item)
				return err
			}
		},
		lib: func(_ ddb.API, t overheadTables) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				_, err := t.wallets.Get(ctx, ddb.Key(walletID(seq)))
				return err
			}
		},
	},
	{
		name: "Put",
		raw: func(api ddb.API, _ overheadTables) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				_, err := api.PutItem(ctx, &dynamodb.PutItemInput{
					TableName: aws.String(walletTable),
					Item:      rawWallet(wallet{UserID: walletID(seq), Balance: seq, Owner: "Ana Lima"}),
				})
				return err
			}
		},
		lib: func(_ ddb.API, t overheadTables) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				return t.wallets.Put(ctx, wallet{UserID: walletID(seq), Balance: seq, Owner: "Ana Lima"})
			}
		},
	},
	{
		name: fmt.Sprintf("Query (%d items)", entryCount),
		raw: func(api ddb.API, _ overheadTables) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				out, err := api.Query(ctx, &dynamodb.QueryInput{
					TableName:                 aws.String(entryTable),
					KeyConditionExpression:    aws.String("user_id = :u"),
					ExpressionAttributeValues: map[string]types.AttributeValue{":u": &types.AttributeValueMemberS{Value: entryUserID(seq)}},
				})
				if err != nil {
					return err
				}
				entries := make([]entry, len(out.Items))
				for i, item := range out.Items {
					if entries[i], err = decodeRawEntry(item); err != nil {
						return err
					}
				}
				return checkEntries(entries)
			}
		},
		lib: func(_ ddb.API, t overheadTables) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				page, err := t.entries.Query(ctx, ddb.Partition(entryUserID(seq))).Page("")
				if err != nil {
					return err
				}
				return checkEntries(page.Items)
			}
		},
	},
}

// timePerOp is the mean duration of one call, in nanoseconds.
var timePerOp = figure{"time/op", func(r bench.Result) float64 { return 1e9 / r.OpsPerSec() }, bench.Latency}

// overheadSlices is how many rounds of the raw and the Table[T] call one
// run of the part's duration is cut into (bench.RunPaired): a ratio of
// calls made within a fifth of a second of each other.
const overheadSlices = 10

// overhead measures Table[T] calls against the same raw SDK calls, one
// worker, on the in-process engine and on `ddb serve` over HTTP.
func (b *bencher) overhead(ctx context.Context) error {
	t := &bench.Table{
		Title: "Library overhead",
		Note: fmt.Sprintf("One worker; after %s of warm-up, the raw and the Table[T] call run in turn in %d rounds of %s each, alternating which goes first; figures are medians over the rounds, and the time/op ratio is the median of the rounds' ratios; ratio to the raw SDK call (the same request built by hand, the item decoded by hand).",
			b.cfg.warmup, b.cfg.runs*overheadSlices, b.cfg.duration/overheadSlices),
		Columns: []string{"backend", "call", "figure", "raw SDK", "Table[T]"},
	}
	backends := []struct {
		name string
		open func(context.Context) (ddb.API, func() error, error)
	}{
		{"engine (memory, in-process)", func(context.Context) (ddb.API, func() error, error) {
			db, err := engine.Open(engine.Options{})
			if err != nil {
				return nil, nil, err
			}
			return db, db.Close, nil
		}},
		{"ddb serve (memory, HTTP)", func(ctx context.Context) (ddb.API, func() error, error) {
			bin, err := b.ddbBinary(ctx)
			if err != nil {
				return nil, nil, err
			}
			srv, err := bench.StartDDB(ctx, bin, "")
			if err != nil {
				return nil, nil, err
			}
			return bench.NewClient(srv.Endpoint), srv.Close, nil
		}},
	}
	for _, be := range backends {
		if err := b.overheadOn(ctx, t, be.name, be.open); err != nil {
			return fmt.Errorf("%s: %w", be.name, err)
		}
	}
	return b.r.table(t)
}

// overheadOn measures every case on one backend and adds its rows to t.
func (b *bencher) overheadOn(ctx context.Context, t *bench.Table, backend string, open func(context.Context) (ddb.API, func() error, error)) (err error) {
	api, closeAPI, err := open(ctx)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := closeAPI(); err == nil {
			err = cerr
		}
	}()
	tables, err := createOverheadTables(ctx, ddb.New(api))
	if err != nil {
		return err
	}
	for _, c := range overheadCases {
		raw, lib := c.raw(api, tables), c.lib(api, tables)
		for _, op := range []bench.Op{raw, lib} {
			if err := b.warm(ctx, 1, op); err != nil {
				return err
			}
		}
		res, err := bench.RunPaired(ctx, b.cfg.runs*overheadSlices, b.cfg.duration/overheadSlices, raw, lib)
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		// The time/op ratio is the median of the rounds' ratios, the
		// target's figure; p50's is the ratio of the medians.
		t.AddRow(backend, c.name, timePerOp.name, timePerOp.format(timePerOp.get(res.Base)),
			fmt.Sprintf("%s (%.2fx)", timePerOp.format(timePerOp.get(res.Other)), res.Ratio))
		t.AddRow(backend, c.name, p50.name, p50.format(p50.get(res.Base)), bench.WithRatio(p50.get(res.Other), p50.get(res.Base), p50.format))
		b.r.target("overhead", fmt.Sprintf("%s, %s: Table[T] time/op <= %.2fx raw SDK", backend, c.name, overheadLimit),
			fmt.Sprintf("%.3fx", res.Ratio), res.Ratio <= overheadLimit)
		b.logf("overhead %s %s: %.3fx", backend, c.name, res.Ratio)
	}
	return nil
}

// createOverheadTables creates and fills the part's tables: walletCount
// wallets, and entryCount entries for each of entryUsers of them.
func createOverheadTables(ctx context.Context, db *ddb.DB) (overheadTables, error) {
	wallets, err := ddb.NewTable[wallet](db, walletTable, ddb.OnDemand())
	if err != nil {
		return overheadTables{}, err
	}
	entries, err := ddb.NewTable[entry](db, entryTable, ddb.OnDemand())
	if err != nil {
		return overheadTables{}, err
	}
	if err := errors.Join(wallets.Create(ctx), entries.Create(ctx)); err != nil {
		return overheadTables{}, err
	}
	for i := range walletCount {
		if err := wallets.Put(ctx, wallet{UserID: walletID(i), Balance: i, Owner: "Ana Lima"}); err != nil {
			return overheadTables{}, err
		}
	}
	for i := range entryUsers * entryCount {
		e := entry{UserID: entryUserID(i), Seq: i / entryUsers, Amount: 100 + i, Memo: "top-up by card"}
		if err := entries.Put(ctx, e); err != nil {
			return overheadTables{}, err
		}
	}
	return overheadTables{wallets, entries}, nil
}
