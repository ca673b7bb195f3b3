package ddb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb"
)

// cancelStatementsAfter is cancelAfter counting the statement operations'
// calls too.
type cancelStatementsAfter struct{ *cancelAfter }

func (c cancelStatementsAfter) ExecuteStatement(ctx context.Context, in *dynamodb.ExecuteStatementInput, opts ...func(*dynamodb.Options)) (*dynamodb.ExecuteStatementOutput, error) {
	defer c.answered()
	return c.API.ExecuteStatement(ctx, in, opts...)
}

func (c cancelStatementsAfter) BatchExecuteStatement(ctx context.Context, in *dynamodb.BatchExecuteStatementInput, opts ...func(*dynamodb.Options)) (*dynamodb.BatchExecuteStatementOutput, error) {
	defer c.answered()
	return c.API.BatchExecuteStatement(ctx, in, opts...)
}

// TestEndedContextStatements runs statements with an ended context: each
// fails with the context's error, wrapped as the SDK client wraps it
// whichever the backend, and writes nothing.
func TestEndedContextStatements(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		db, table := b.feed.DB(), `"`+b.feed.Name()+`"`
		for _, e := range ended(t) {
			calls := []struct {
				op  string
				run func(context.Context) error
			}{
				{"ExecuteStatement", func(ctx context.Context) error {
					return ddb.Exec(ctx, db, `INSERT INTO `+table+` VALUE {'feed': 'g', 'seq': 1}`)
				}},
				{"ExecuteStatement", func(ctx context.Context) error {
					_, err := ddb.Statement[Entry](ctx, db, `SELECT * FROM `+table+` WHERE feed = 'f'`).Collect(entries)
					return err
				}},
				{"BatchExecuteStatement", func(ctx context.Context) error {
					return ddb.BatchStatements(db).Exec(`INSERT INTO ` + table + ` VALUE {'feed': 'g', 'seq': 2}`).Run(ctx)
				}},
				{"ExecuteTransaction", func(ctx context.Context) error {
					return ddb.StatementTx(db).Exec(`INSERT INTO ` + table + ` VALUE {'feed': 'g', 'seq': 3}`).
						Exec(`DELETE FROM ` + table + ` WHERE feed = 'f' AND seq = 1`).Run(ctx)
				}},
			}
			for _, c := range calls {
				err := c.run(e.ctx)
				var oe *smithy.OperationError
				if !errors.Is(err, e.want) || !errors.As(err, &oe) || oe.OperationName != c.op {
					t.Errorf("%s: %v, want the SDK's operation error for %v", c.op, err, e.want)
				}
			}
		}
		if n, err := b.feed.Query(t.Context(), ddb.Partition("g")).Count(); n != 0 || err != nil {
			t.Errorf("after the failed INSERTs: %d items, %v", n, err)
		}
		if _, err := b.feed.Get(t.Context(), ddb.Key("f", 1)); err != nil {
			t.Errorf("after the failed DELETE: %v", err)
		}
	})
}

// TestStatementsStopBetweenRequests ends the context of a SELECT's Collect
// and of a batch of 50 INSERTs after their first request: each fails with
// context.Canceled instead of sending the next, and the batch wrote the
// 25 items of its first request only.
func TestStatementsStopBetweenRequests(t *testing.T) {
	forEachContextBackend(t, func(t *testing.T, b contextBackend) {
		table := `"` + b.feed.Name() + `"`
		steps := []struct {
			name string
			run  func(context.Context, *ddb.DB) error
		}{
			{"Collect", func(ctx context.Context, db *ddb.DB) error {
				_, err := ddb.Statement[Entry](ctx, db, `SELECT * FROM `+table+` WHERE feed = 'f'`, ddb.PageSize(entryPage)).Collect(entries)
				return err
			}},
			{"BatchStatements", func(ctx context.Context, db *ddb.DB) error {
				w := ddb.BatchStatements(db)
				for i := range 50 {
					w.Exec(`INSERT INTO `+table+` VALUE {'feed': 'new', 'seq': ?}`, i)
				}
				return w.Run(ctx)
			}},
		}
		for _, st := range steps {
			ctx, cancel := context.WithCancel(t.Context())
			api := cancelStatementsAfter{&cancelAfter{API: b.api, after: 1, cancel: cancel}}
			if err := st.run(ctx, ddb.New(api)); !errors.Is(err, context.Canceled) {
				t.Errorf("%s: %v, want context.Canceled", st.name, err)
			}
			if n := api.calls.Load(); n != 1 {
				t.Errorf("%s: sent %d requests, want 1", st.name, n)
			}
		}
		if n, err := b.feed.Query(t.Context(), ddb.Partition("new")).Count(); n != 25 || err != nil {
			t.Errorf("after the canceled batch: %d items, %v; want the 25 of its first request", n, err)
		}
	})
}
