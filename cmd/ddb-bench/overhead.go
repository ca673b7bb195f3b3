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

// overheadCase is one call made both ways.
type overheadCase struct {
	name     string
	raw, lib func(api ddb.API, t *ddb.Table[wallet]) bench.Op
}

var overheadCases = []overheadCase{
	{
		name: "Get",
		raw: func(api ddb.API, _ *ddb.Table[wallet]) bench.Op {
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
		lib: func(_ ddb.API, t *ddb.Table[wallet]) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				_, err := t.Get(ctx, ddb.Key(walletID(seq)))
				return err
			}
		},
	},
	{
		name: "Put",
		raw: func(api ddb.API, _ *ddb.Table[wallet]) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				_, err := api.PutItem(ctx, &dynamodb.PutItemInput{
					TableName: aws.String(walletTable),
					Item:      rawWallet(wallet{UserID: walletID(seq), Balance: seq, Owner: "Ana Lima"}),
				})
				return err
			}
		},
		lib: func(_ ddb.API, t *ddb.Table[wallet]) bench.Op {
			return func(ctx context.Context, _, seq int) error {
				return t.Put(ctx, wallet{UserID: walletID(seq), Balance: seq, Owner: "Ana Lima"})
			}
		},
	},
}

// timePerOp is the mean duration of one call, in nanoseconds.
var timePerOp = figure{"time/op", func(r bench.Result) float64 { return 1e9 / r.OpsPerSec() }, bench.Latency}

// overhead measures Table[T] calls against the same raw SDK calls, one
// worker, on the in-process engine and on `ddb serve` over HTTP.
func (b *bencher) overhead(ctx context.Context) error {
	t := &bench.Table{
		Title: "Library overhead",
		Note: fmt.Sprintf("One worker; median of %d runs of %s after %s of warm-up, the raw and the Table[T] call's runs alternating; ratio to the raw SDK call (the same request built by hand, the item decoded by hand). Table[T].Query is not measured yet.",
			b.cfg.runs, b.cfg.duration, b.cfg.warmup),
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
	table, err := ddb.NewTable[wallet](ddb.New(api), walletTable, ddb.OnDemand())
	if err != nil {
		return err
	}
	if err := table.Create(ctx); err != nil {
		return err
	}
	for i := range walletCount {
		if err := table.Put(ctx, wallet{UserID: walletID(i), Balance: i, Owner: "Ana Lima"}); err != nil {
			return err
		}
	}
	for _, c := range overheadCases {
		raw, lib := c.raw(api, table), c.lib(api, table)
		for _, op := range []bench.Op{raw, lib} {
			if err := b.warm(ctx, 1, op); err != nil {
				return err
			}
		}
		res, errs := b.measureInTurn(ctx, 1, 0, raw, lib)
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		for _, fig := range []figure{timePerOp, p50} {
			base := fig.get(res[0])
			t.AddRow(backend, c.name, fig.name, fig.format(base), bench.WithRatio(fig.get(res[1]), base, fig.format))
		}
		ratio := timePerOp.get(res[1]) / timePerOp.get(res[0])
		b.r.target("overhead", fmt.Sprintf("%s, %s: Table[T] time/op <= %.2fx raw SDK", backend, c.name, overheadLimit),
			fmt.Sprintf("%.3fx", ratio), ratio <= overheadLimit)
		b.logf("overhead %s %s: %.3fx", backend, c.name, ratio)
	}
	return nil
}
