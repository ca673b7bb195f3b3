package ddb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// Doc is the model of the batch and pagination tests: a string sort key
// and a body of any size.
type Doc struct {
	Folder string `ddb:"folder,hash"`
	Name   string `ddb:"name,range"`
	Body   string `ddb:"body,omitempty"`
}

// newDocs returns a created Doc table of db, deleted when the test ends.
func newDocs(t *testing.T, db *ddb.DB) *ddb.Table[Doc] { return newTable[Doc](t, db, "docs") }

// docName is the name of document i, in sort order.
func docName(i int) string { return fmt.Sprintf("d%04d", i) }

func TestBatchesAndPagination(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			docs := newDocs(t, ddb.New(b.API))
			const n = 1000
			w := docs.BatchWrite()
			for i := range n {
				w.Put(Doc{Folder: "small", Name: docName(i)})
			}
			for i := range 300 {
				w.Put(Doc{Folder: "big", Name: docName(i), Body: strings.Repeat("x", 10000)})
			}
			var cc ddb.Capacity
			if err := w.Run(ctx, ddb.ConsumedCapacity(&cc)); err != nil {
				t.Fatal(err)
			}
			if cc.Write < n+300*10 {
				t.Errorf("write capacity of the batch: %+v", cc)
			}

			// 1,000 items in pages of 7, then the 1 MB page limit.
			got, err := docs.Query(ctx, ddb.Partition("small"), ddb.PageSize(7)).Collect(2 * n)
			if err != nil || len(got) != n || got[n-1].Name != docName(n-1) {
				t.Fatalf("Collect over pages of 7: %d items, %v", len(got), err)
			}
			pages, count := 0, 0
			for cursor := ""; ; {
				page, err := docs.Query(ctx, ddb.Partition("big")).Page(cursor)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				count += len(page.Items)
				if cursor = page.Next; cursor == "" {
					break
				}
			}
			if count != 300 || pages < 3 {
				t.Errorf("3 MB of items came in %d pages with %d items", pages, count)
			}
			if c, err := docs.Scan(ctx, ddb.Parallel(3)).Count(); err != nil || c != n+300 {
				t.Errorf("parallel Count = %d, %v", c, err)
			}
			prefixed, err := docs.Query(ctx, ddb.Partition("small").SortBeginsWith("d09")).Collect(n)
			if err != nil || len(prefixed) != 100 || prefixed[0].Name != "d0900" {
				t.Errorf("begins_with: %d items, %v", len(prefixed), err)
			}

			// BatchGet of 150 keys, 10 missing and one repeated.
			var keys []ddb.ItemKey
			for i := 900; i < 1050; i++ {
				keys = append(keys, ddb.Key("small", docName(i)))
			}
			keys = append(keys, ddb.Key("small", docName(900)))
			cc = ddb.Capacity{}
			found, err := docs.BatchGet(ctx, keys, ddb.Consistent(), ddb.ConsumedCapacity(&cc))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, d := range found {
				names = append(names, d.Name)
			}
			slices.Sort(names)
			if len(names) != 100 || names[0] != docName(900) || names[99] != docName(999) {
				t.Errorf("BatchGet found %d items: %v", len(names), names)
			}
			if cc.Read < 100 {
				t.Errorf("read capacity of BatchGet: %+v", cc)
			}
			projected, err := docs.BatchGet(ctx, keys[:3], ddb.Project("name"))
			if err != nil || len(projected) != 3 || projected[0].Folder != "" || projected[0].Name == "" {
				t.Errorf("BatchGet with a projection: %+v, %v", projected, err)
			}

			// Deletes and puts in one batch of 40 deletes and 2 puts.
			w = docs.BatchWrite().Put(Doc{Folder: "new", Name: "a"}, Doc{Folder: "new", Name: "b"})
			for i := range 40 {
				w.Delete(ddb.Key("small", docName(i)))
			}
			if err := w.Run(ctx); err != nil {
				t.Fatal(err)
			}
			if c, err := docs.Query(ctx, ddb.Partition("small")).Count(); err != nil || c != n-40 {
				t.Errorf("after deleting 40: Count = %d, %v", c, err)
			}
			if c, err := docs.Query(ctx, ddb.Partition("new")).Count(); err != nil || c != 2 {
				t.Errorf("after putting 2: Count = %d, %v", c, err)
			}
		})
	}
}

func TestBatchWriteErrors(t *testing.T) {
	docs, err := ddb.NewTable[Doc](ddb.New(nil), "docs")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		w    *ddb.TableWriteBatch[Doc]
		want string
	}{
		{"put twice", docs.BatchWrite().Put(Doc{Folder: "f", Name: "a"}, Doc{Folder: "f", Name: "a", Body: "x"}),
			`ddb: BatchWriteItem docs: batch writes the item with key folder="f" name="a" twice`},
		{"put and delete", docs.BatchWrite().Put(Doc{Folder: "f", Name: "a"}).Delete(ddb.Key("f", "a")),
			`ddb: BatchWriteItem docs: batch writes the item with key folder="f" name="a" twice`},
		{"bad key", docs.BatchWrite().Delete(ddb.Key("f")),
			`ddb: BatchWriteItem docs: a key of this table has 2 values ([folder name]), got 1`},
	}
	for _, tt := range tests {
		if err := tt.w.Run(t.Context()); err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, err, tt.want)
		}
	}
	if _, err := docs.BatchGet(t.Context(), []ddb.ItemKey{ddb.Key("f", 1)}); err == nil || errors.Is(err, ddb.ErrNotFound) {
		t.Errorf("BatchGet with a bad key: %v", err)
	}
}

// TestBatchKeysComparedByValue checks that the keys of a batch are told
// apart by value, as DynamoDB does: a number key spelt several ways is read
// once by BatchGet, and written twice is refused by BatchWrite.
func TestBatchKeysComparedByValue(t *testing.T) {
	spellings := []ddb.ItemKey{ddb.Key("ann", 1), ddb.Key("ann", ddb.Number("1.0")), ddb.Key("ann", ddb.Number("01")), ddb.Key("ann", ddb.Number("1e0"))}
	forEachBackend(t, func(t *testing.T, accounts *ddb.Table[Account]) {
		ctx := t.Context()
		if err := accounts.Put(ctx, Account{Owner: "ann", ID: 1}); err != nil {
			t.Fatal(err)
		}
		got, err := accounts.BatchGet(ctx, spellings)
		if err != nil || len(got) != 1 {
			t.Errorf("BatchGet of one key spelt %d ways: %+v, %v", len(spellings), got, err)
		}
		err = accounts.BatchWrite().Put(Account{Owner: "ann", ID: 1}).Delete(spellings[1]).Run(ctx)
		if want := `ddb: BatchWriteItem ` + accounts.Name() + `: batch writes the item with key owner="ann" id=1 twice`; err == nil || err.Error() != want {
			t.Errorf("BatchWrite of one key spelt two ways: %v, want %s", err, want)
		}
	})
}

func TestBatchesAcrossTables(t *testing.T) {
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			db := b.DB()
			docs := newDocs(t, db)
			accounts := newAccounts(t, db)
			if err := accounts.Create(ctx); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { accounts.DeleteTable(context.Background()) })

			// 260 writes over two tables: 11 requests, 4 at a time.
			var ds []Doc
			for i := range 200 {
				ds = append(ds, Doc{Folder: "f", Name: docName(i)})
			}
			w := ddb.BatchWrite(db).Put(docs, ds).Put(accounts, Account{Owner: "ann", ID: 1}, &Account{Owner: "bob", ID: 1})
			for i := range 58 {
				w.Put(accounts, Account{Owner: "cat", ID: i})
			}
			var cc ddb.Capacity
			if err := w.Run(ctx, ddb.ConsumedCapacity(&cc)); err != nil {
				t.Fatal(err)
			}
			if len(cc.Tables) != 2 || cc.Write < 260 {
				t.Errorf("capacity of the batch: %+v", cc)
			}
			err := ddb.BatchWrite(db).Delete(docs, ddb.Key("f", docName(0)), ddb.Key("f", docName(1))).Delete(accounts, ddb.Key("cat", 0)).Run(ctx)
			if err != nil {
				t.Fatal(err)
			}

			var gotDocs []Doc
			var gotAccounts []*Account
			var keys []ddb.ItemKey
			for i := range 150 {
				keys = append(keys, ddb.Key("f", docName(i)))
			}
			err = ddb.BatchGet(db).
				Get(docs, keys, &gotDocs, ddb.Project("name")).
				Get(accounts, []ddb.ItemKey{ddb.Key("ann", 1), ddb.Key("bob", 1), ddb.Key("cat", 0), ddb.Key("cat", 57)}, &gotAccounts, ddb.Consistent()).
				Run(ctx, ddb.Concurrency(2))
			if err != nil {
				t.Fatal(err)
			}
			if len(gotDocs) != 148 || gotDocs[0].Folder != "" || gotDocs[0].Name == "" {
				t.Errorf("docs read: %d, first %+v", len(gotDocs), gotDocs[0])
			}
			var owners []string
			for _, a := range gotAccounts {
				owners = append(owners, fmt.Sprint(a.Owner, a.ID))
			}
			slices.Sort(owners)
			if !slices.Equal(owners, []string{"ann1", "bob1", "cat57"}) {
				t.Errorf("accounts read: %v", owners)
			}
		})
	}
}

func TestBatchAcrossTablesErrors(t *testing.T) {
	db := ddb.New(nil)
	docs, err := ddb.NewTable[Doc](db, "docs")
	if err != nil {
		t.Fatal(err)
	}
	other, err := ddb.NewTable[Doc](ddb.New(nil), "other")
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	var ds []Doc
	keys := []ddb.ItemKey{ddb.Key("f", "a")}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"read twice", ddb.BatchGet(db).Get(docs, keys, &ds).Get(docs, keys, &ds).Run(ctx),
			"ddb: BatchGetItem docs: table docs is read twice in one batch; give all its keys to one Get"},
		{"wrong destination", ddb.BatchGet(db).Get(docs, keys, &[]Account{}).Run(ctx),
			"ddb: BatchGetItem docs: the items of table docs are read into a non-nil *[]ddb_test.Doc or *[]*ddb_test.Doc, not *[]ddb_test.Account"},
		{"capacity on a Get", ddb.BatchGet(db).Get(docs, keys, &ds, ddb.ConsumedCapacity(new(ddb.Capacity))).Run(ctx),
			"ddb: BatchGetItem docs: give ConsumedCapacity to Run, not to a Get"},
		{"other DB", ddb.BatchWrite(db).Delete(other, keys...).Run(ctx),
			"ddb: BatchWriteItem other: table other belongs to another DB than the batch"},
		{"wrong item", ddb.BatchWrite(db).Put(docs, Account{}).Run(ctx),
			"ddb: BatchWriteItem docs: item of type ddb_test.Account for a table of ddb_test.Doc"},
		{"concurrency", ddb.BatchWrite(db).Delete(docs, keys...).Run(ctx, ddb.Concurrency(0)),
			"ddb: BatchWriteItem: Concurrency must be positive, got 0"},
		{"nil item", ddb.BatchWrite(db).Put(docs, (*Doc)(nil)).Run(ctx),
			"ddb: BatchWriteItem docs: item is a nil *ddb_test.Doc"},
		{"nil table to write", ddb.BatchWrite(db).Delete(nil, keys...).Run(ctx),
			"ddb: BatchWriteItem: the table is nil"},
		{"nil table to read", ddb.BatchGet(db).Get((*ddb.Table[Doc])(nil), keys, &ds).Run(ctx),
			"ddb: BatchGetItem: the table is nil"},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want || !errors.Is(tt.err, ddb.ErrValidation) {
			t.Errorf("%s: %v\nwant %s", tt.name, tt.err, tt.want)
		}
	}
}
