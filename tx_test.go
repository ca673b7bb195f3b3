package ddb_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb"
)

func TestTransactions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		docs := newDocs(t, accounts.DB())
		if err := accounts.Put(ctx, Account{Owner: "ann", ID: 1, Balance: 100}); err != nil {
			t.Fatal(err)
		}
		var cc ddb.Capacity
		err := ddb.WriteTx().
			Update(accounts, ddb.Key("ann", 1), ddb.Decrement("balance", 30), ddb.If(ddb.Attr("balance").GreaterOrEqual(30))).
			Put(accounts, Account{Owner: "bob", ID: 1, Balance: 30}, ddb.IfNotExists()).
			Put(docs, &Doc{Folder: "receipts", Name: "r1", Body: "ann paid bob 30"}).
			Check(docs, ddb.Key("receipts", "r0"), ddb.Attr("folder").NotExists()).
			Idempotent(uuid.NewString()). // unique: tokens outlive tables in a shared DynamoDB Local
			Run(ctx, ddb.ConsumedCapacity(&cc))
		if err != nil {
			t.Fatal(err)
		}
		if cc.Write == 0 || len(cc.Tables) != 2 {
			t.Errorf("consumed capacity of the transaction: %+v", cc)
		}

		var ann, bob *Account
		var receipt Doc
		var missing, projectedAway *Doc
		if err := docs.Put(ctx, Doc{Folder: "notes", Name: "n1", Body: "kept"}); err != nil {
			t.Fatal(err)
		}
		err = ddb.GetTx().
			Get(accounts, ddb.Key("ann", 1), &ann).
			Get(accounts, ddb.Key("bob", 1), &bob, ddb.Project("balance")).
			Get(docs, ddb.Key("receipts", "r1"), &receipt).
			Get(docs, ddb.Key("receipts", "r9"), &missing).
			Get(docs, ddb.Key("notes", "n1"), &projectedAway, ddb.Project("no_such_attribute")).
			Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ann == nil || ann.Balance != 70 || bob == nil || !cmp.Equal(*bob, Account{Balance: 30}) || receipt.Body != "ann paid bob 30" || missing != nil {
			t.Errorf("after the transfer: ann %+v, bob %+v, receipt %+v, missing %+v", ann, bob, receipt, missing)
		}
		if projectedAway != nil { // the item exists, but the projection kept nothing of it
			t.Errorf("an item whose projection kept nothing was read as %+v", projectedAway)
		}

		// A transfer of more than ann has is canceled and changes nothing.
		var seen Account
		err = ddb.WriteTx().
			Put(docs, Doc{Folder: "receipts", Name: "r2"}).
			Update(accounts, ddb.Key("ann", 1), ddb.Decrement("balance", 500),
				ddb.If(ddb.Attr("balance").GreaterOrEqual(500)), ddb.ReturnOldOnConditionFailure(&seen)).
			Delete(accounts, ddb.Key("bob", 1)).
			Run(ctx)
		var e *ddb.Error
		if !errors.Is(err, ddb.ErrTransactionCanceled) || !errors.Is(err, ddb.ErrConditionFailed) || !errors.As(err, &e) {
			t.Fatalf("overdrawing transfer: %v", err)
		}
		var codes []string
		for _, r := range e.Reasons {
			codes = append(codes, r.Code)
		}
		if diff := cmp.Diff([]string{"None", "ConditionalCheckFailed", "None"}, codes); diff != "" {
			t.Errorf("cancellation reasons (-want +got):\n%s", diff)
		}
		if seen.Balance != 70 || e.Reasons[1].Item == nil {
			t.Errorf("item of the failed condition: %+v, reason %+v", seen, e.Reasons[1])
		}
		if _, err := docs.Get(ctx, ddb.Key("receipts", "r2")); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("a canceled transaction wrote its put: %v", err)
		}
		if n, err := accounts.Scan(ctx).Count(); err != nil || n != 2 {
			t.Errorf("a canceled transaction deleted: %d accounts, %v", n, err)
		}

		// The same token with the same request is applied once.
		token := uuid.NewString()
		for range 2 {
			err := ddb.WriteTx().Update(accounts, ddb.Key("ann", 1), ddb.Increment("balance", 1)).Idempotent(token).Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
		}
		if a, err := accounts.Get(ctx, ddb.Key("ann", 1), ddb.Consistent()); err != nil || a.Balance != 71 {
			t.Errorf("after an idempotent retry: %+v, %v", a, err)
		}
	})
}
