package ddb_test

import (
	"testing"

	"github.com/ddbkit/ddb"
)

func TestConsumedCapacityOfEachWrite(t *testing.T) {
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		var writes, reads ddb.Capacity
		w := ddb.ConsumedCapacity(&writes)
		if err := accounts.Put(ctx, Account{Owner: "ann", ID: 1, Status: "open"}, w); err != nil {
			t.Fatal(err)
		}
		if err := accounts.Update(ctx, ddb.Key("ann", 1), ddb.Increment("balance", 1), w); err != nil {
			t.Fatal(err)
		}
		if err := accounts.Delete(ctx, ddb.Key("ann", 1), w); err != nil {
			t.Fatal(err)
		}
		// Each write costs the table at least one unit and, since the item
		// has a status, the index by_status too.
		if writes.Write < 3 || writes.Read != 0 || writes.Tables[accounts.Name()] != writes.Total || writes.Indexes["by_status"] == 0 {
			t.Errorf("capacity of three writes: %+v", writes)
		}
		if _, err := accounts.Get(ctx, ddb.Key("ann", 1), ddb.Consistent(), ddb.ConsumedCapacity(&reads)); err == nil {
			t.Fatal("Get of a deleted item succeeded")
		}
		if reads.Read != 1 || reads.Write != 0 {
			t.Errorf("capacity of a consistent Get: %+v", reads)
		}
	})
}
