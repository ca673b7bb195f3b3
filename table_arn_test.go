package ddb_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// TestTableByARN checks that a table declared by its ARN, which DynamoDB's
// operations take in place of its name, is passed on as given: created,
// written, read one item at a time and in a batch, and deleted. DynamoDB
// Local refuses ARNs as table names (its model predates them), so it is
// left out; AWS's API Reference, which the engine follows, accepts them.
func TestTableByARN(t *testing.T) {
	for _, b := range testbackend.All(t) {
		if testbackend.IsLocal(b.Name) {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			arn := "arn:aws:dynamodb:ddblocal:000000000000:table/" + testbackend.UniqueTableName(t, "by_arn")
			db := ddb.New(b.API)
			accounts, err := ddb.NewTable[Account](db, arn)
			if err != nil {
				t.Fatal(err)
			}
			if err := accounts.Create(ctx); err != nil {
				t.Fatal(err)
			}
			want := Account{Owner: "ann", ID: 1, Balance: 10}
			if err := accounts.Put(ctx, want); err != nil {
				t.Fatal(err)
			}
			got, err := accounts.Get(ctx, ddb.Key("ann", 1))
			if err != nil || !cmp.Equal(got, want) {
				t.Errorf("Get = %+v, %v; want %+v", got, err, want)
			}
			var batch []Account
			if err := ddb.BatchGet(db).Get(accounts, []ddb.ItemKey{ddb.Key("ann", 1)}, &batch).Run(ctx); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Account{want}, batch); diff != "" {
				t.Errorf("BatchGet (-want +got):\n%s", diff)
			}
			if err := accounts.DeleteTable(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}
