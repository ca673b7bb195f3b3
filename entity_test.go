package ddb_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// appKeys declares the table of the single-table tests: generic keys, an
// index with every attribute and one with the keys only.
type appKeys struct {
	PK     string `ddb:"pk,hash"`
	SK     string `ddb:"sk,range"`
	GSI1PK string `ddb:"gsi1pk,gsi=gsi1"`
	GSI1SK string `ddb:"gsi1sk,gsi=gsi1:range"`
	GSI2PK string `ddb:"gsi2pk,gsi=gsi2"`
	GSI2SK string `ddb:"gsi2sk,gsi=gsi2:range"`
}

type shopCustomer struct {
	_    struct{} `ddbkey:"pk=CUSTOMER#{id}"`
	_    struct{} `ddbkey:"sk=PROFILE"`
	ID   string   `ddb:"id"`
	Name string   `ddb:"name"`
}

type shopOrder struct {
	_        struct{}  `ddbkey:"pk=CUSTOMER#{customer}"`
	_        struct{}  `ddbkey:"sk=ORDER#{number:08}"`
	_        struct{}  `ddbkey:"gsi1pk=STATUS#{status}"`
	_        struct{}  `ddbkey:"gsi1sk={placed}"`
	_        struct{}  `ddbkey:"gsi2pk=ORDERS"`
	_        struct{}  `ddbkey:"gsi2sk={customer}#{number:08}"`
	Customer string    `ddb:"customer"`
	Number   int       `ddb:"number"`
	Status   string    `ddb:"status,omitempty"`
	Placed   time.Time `ddb:"placed"`
	Total    int       `ddb:"total"`
}

type shopLine struct {
	_        struct{} `ddbkey:"pk=CUSTOMER#{customer}"`
	_        struct{} `ddbkey:"sk=LINE#{order:08}#{sku}"`
	Customer string   `ddb:"customer"`
	Order    int      `ddb:"order"`
	SKU      string   `ddb:"sku"`
	Qty      int      `ddb:"qty"`
}

// shop is the single-table model on one backend.
type shop struct {
	app       *ddb.Table[appKeys]
	raw       *ddb.Table[ddb.Item] // the same table, items as they are
	customers *ddb.Entity[shopCustomer]
	orders    *ddb.Entity[shopOrder]
	lines     *ddb.Entity[shopLine]
}

// forEachShop runs test on every backend, and on the engine's disk and
// served forms, with a fresh shop table.
func forEachShop(t *testing.T, test func(t *testing.T, s shop)) {
	backends := append(testbackend.All(t), testbackend.Engines(t)[1:]...)
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			test(t, newShop(t, newTable[appKeys](t, b.DB(), "shop", ddb.WithIndex("gsi2", ddb.ProjectKeysOnly()))))
		})
	}
}

func newShop(t *testing.T, app *ddb.Table[appKeys]) shop {
	t.Helper()
	s := shop{app: app, raw: ddb.TableWithSchema[ddb.Item](app.DB(), app.Schema())}
	var err error
	if s.customers, err = ddb.NewEntity[shopCustomer](app, "Customer"); err != nil {
		t.Fatal(err)
	}
	if s.orders, err = ddb.NewEntity[shopOrder](app, "Order"); err != nil {
		t.Fatal(err)
	}
	if s.lines, err = ddb.NewEntity[shopLine](app, "Line"); err != nil {
		t.Fatal(err)
	}
	return s
}

var placed = time.Date(2024, 5, 1, 14, 0, 0, 0, time.UTC)

// fill writes a customer with two orders and a line.
func (s shop) fill(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	err := ddb.WriteTx().
		Put(s.customers, shopCustomer{ID: "ann", Name: "Ann"}).
		Put(s.orders, shopOrder{Customer: "ann", Number: 2, Status: "open", Placed: placed.Add(time.Hour), Total: 20}).
		Put(s.orders, shopOrder{Customer: "ann", Number: 10, Status: "paid", Placed: placed, Total: 100}).
		Put(s.lines, shopLine{Customer: "ann", Order: 2, SKU: "tea", Qty: 3}).
		Put(s.orders, shopOrder{Customer: "bob", Number: 1, Status: "open", Placed: placed, Total: 5}).
		Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
}

func TestEntityItems(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		s.fill(t)
		raw, err := s.raw.Get(ctx, ddb.Key("CUSTOMER#ann", "ORDER#00000010"))
		if err != nil {
			t.Fatal(err)
		}
		want := av.Item{
			"pk": av.S("CUSTOMER#ann"), "sk": av.S("ORDER#00000010"),
			"gsi1pk": av.S("STATUS#paid"), "gsi1sk": av.S("2024-05-01T14:00:00.000000000Z"),
			"gsi2pk": av.S("ORDERS"), "gsi2sk": av.S("ann#00000010"),
			"_type":    av.S("Order"),
			"customer": av.S("ann"), "number": av.N("10"), "status": av.S("paid"),
			"placed": av.S("2024-05-01T14:00:00.000000000Z"), "total": av.N("100"),
		}
		if diff := cmp.Diff(want, raw, cmpopts.IgnoreUnexported(types.AttributeValueMemberS{}, types.AttributeValueMemberN{})); diff != "" {
			t.Errorf("stored item (-want +got):\n%s", diff)
		}

		order, err := s.orders.Get(ctx, ddb.Key("ann", 10), ddb.Consistent())
		if err != nil {
			t.Fatal(err)
		}
		if order.Total != 100 || !order.Placed.Equal(placed) || order.Status != "paid" {
			t.Errorf("Get = %+v", order)
		}
		line, err := s.lines.Get(ctx, ddb.Key("ann", 2, "tea"))
		if err != nil || line.Qty != 3 {
			t.Errorf("Get line = %+v, %v", line, err)
		}

		// The customer's key is the order's: a Get of another entity's item.
		if err := s.raw.Put(ctx, av.Item{"pk": av.S("CUSTOMER#cy"), "sk": av.S("PROFILE"), "_type": av.S("Vendor")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.customers.Get(ctx, ddb.Key("cy")); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("Get of a Vendor item as a Customer: %v, want ErrNotFound", err)
		}
		var te *ddb.EntityTypeError
		_, err = s.customers.Get(ctx, ddb.Key("cy"), ddb.ReportOtherTypes())
		if !errors.As(err, &te) || !errors.Is(err, ddb.ErrOtherType) || te.Found != "Vendor" {
			t.Errorf("Get with ReportOtherTypes: %v, want an EntityTypeError for Vendor", err)
		}

		if err := s.orders.Delete(ctx, ddb.Key("ann", 10), ddb.IfExists()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.orders.Get(ctx, ddb.Key("ann", 10)); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("Get after Delete: %v", err)
		}
	})
}

func TestEntityQuery(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		s.fill(t)
		numbers := func(res *ddb.Results[shopOrder]) []int {
			t.Helper()
			var got []int
			for o, err := range res.All() {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, o.Number)
			}
			return got
		}
		// A typed query of a partition with three entity types reads the
		// orders only, 2 before 10 thanks to the padding.
		if got := numbers(s.orders.Query(ctx, ddb.Partition("ann"))); !cmp.Equal(got, []int{2, 10}) {
			t.Errorf("orders of ann = %v, want [2 10]", got)
		}
		if got := numbers(s.orders.Query(ctx, ddb.Partition("ann").SortGreaterThan(2))); !cmp.Equal(got, []int{10}) {
			t.Errorf("orders of ann after 2 = %v, want [10]", got)
		}
		if n, err := s.orders.Query(ctx, ddb.Partition("ann")).Count(); err != nil || n != 2 {
			t.Errorf("Count = %d, %v; want 2", n, err)
		}
		if got := numbers(s.orders.Query(ctx, ddb.Partition("ann"), ddb.Project("total"))); !cmp.Equal(got, []int{2, 10}) {
			t.Errorf("projected orders of ann = %v, want [2 10] (key fields filled from the keys)", got)
		}
		// The sort condition of a whole partition reaches the line; a plain
		// table query decodes it as a zero order, the entity skips it.
		key := ddb.Partition("ann").SortGreaterThan(av.S("P"))
		if got := numbers(s.orders.Query(ctx, key)); len(got) != 0 {
			t.Errorf("orders past P = %v, want none", got)
		}
		var reported []error
		for _, err := range s.orders.Query(ctx, ddb.Partition("ann").SortGreaterThan(av.S("A")), ddb.ReportOtherTypes()).All() {
			if err != nil {
				reported = append(reported, err)
			}
		}
		if len(reported) != 2 || !errors.Is(reported[0], ddb.ErrOtherType) {
			t.Errorf("ReportOtherTypes reported %v, want the customer and the line", reported)
		}
		if _, err := s.orders.Query(ctx, ddb.Partition("ann").SortGreaterThan(av.S("A")), ddb.ReportOtherTypes()).Collect(10); !errors.Is(err, ddb.ErrOtherType) {
			t.Errorf("Collect with ReportOtherTypes: %v, want ErrOtherType", err)
		}

		// Index keys: the status index, sorted by time.
		open, err := s.orders.Query(ctx, ddb.Partition("open"), ddb.OnIndex("gsi1")).Collect(10)
		if err != nil || len(open) != 2 || open[0].Customer != "bob" || open[1].Number != 2 {
			t.Errorf("open orders = %+v, %v; want bob's then ann's 2", open, err)
		}
		late, err := s.orders.Query(ctx, ddb.Partition("open").SortGreaterThan(placed), ddb.OnIndex("gsi1")).Collect(10)
		if err != nil || len(late) != 1 || late[0].Number != 2 {
			t.Errorf("open orders after %v = %+v, %v", placed, late, err)
		}
		// A keys-only index: the fields come back from the keys.
		all, err := s.orders.Query(ctx, ddb.Partition(nil), ddb.OnIndex("gsi2")).Collect(10)
		want := []shopOrder{{Customer: "ann", Number: 2}, {Customer: "ann", Number: 10}, {Customer: "bob", Number: 1}}
		if diff := cmp.Diff(want, all, cmp.AllowUnexported(shopOrder{})); err != nil || diff != "" {
			t.Errorf("orders on the keys-only index (-want +got):\n%s%v", diff, err)
		}
		ann, err := s.orders.Query(ctx, ddb.Partition(nil).SortBeginsWith("ann#"), ddb.OnIndex("gsi2")).Count()
		if err != nil || ann != 2 {
			t.Errorf("Count of ann's orders on gsi2 = %d, %v", ann, err)
		}
		// A scan reads the entity's items of every partition.
		if n, err := s.orders.Scan(ctx).Count(); err != nil || n != 3 {
			t.Errorf("Scan Count = %d, %v; want 3", n, err)
		}
	})
}

func TestEntityUpdate(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		// An update creating the item writes a whole order.
		if err := s.orders.Update(ctx, ddb.Key("cid", 7), ddb.Set("total", 70)); err != nil {
			t.Fatal(err)
		}
		got, err := s.orders.Get(ctx, ddb.Key("cid", 7))
		if err != nil || got.Customer != "cid" || got.Number != 7 || got.Total != 70 {
			t.Errorf("Get after Update = %+v, %v", got, err)
		}
		// Changing the status moves the order in the status index.
		var updated shopOrder
		err = s.orders.Update(ctx, ddb.Key("cid", 7), ddb.Set("status", "open").Set("placed", placed), ddb.ReturnNew(&updated))
		if err != nil {
			t.Fatal(err)
		}
		open, err := s.orders.Query(ctx, ddb.Partition("open"), ddb.OnIndex("gsi1")).Collect(10)
		if err != nil || len(open) != 1 || open[0].Number != 7 {
			t.Errorf("open orders = %+v, %v", open, err)
		}
		if err := s.orders.Update(ctx, ddb.Key("cid", 7), ddb.Remove("status")); err != nil {
			t.Fatal(err)
		}
		if n, err := s.orders.Query(ctx, ddb.Partition("open"), ddb.OnIndex("gsi1")).Count(); err != nil || n != 0 {
			t.Errorf("open orders after removing the status: %d, %v", n, err)
		}

		for name, u := range map[string]ddb.Update{
			"key field":           ddb.Set("number", 8),
			"type attribute":      ddb.Set("_type", "Line"),
			"built key attribute": ddb.Set("gsi1pk", "x"),
		} {
			err := s.orders.Update(ctx, ddb.Key("cid", 7), u)
			if !errors.Is(err, ddb.ErrValidation) {
				t.Errorf("%s: Update = %v, want a ValidationError", name, err)
			}
		}
		byTotal, err := ddb.NewEntity[shopOrder](s.app, "Order", ddb.KeyTemplate("gsi1pk", "{status}#{total}"))
		if err != nil {
			t.Fatal(err)
		}
		if err := byTotal.Update(ctx, ddb.Key("cid", 7), ddb.Set("status", "paid")); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("Update of half an index key = %v, want a ValidationError", err)
		}
		if err := byTotal.Update(ctx, ddb.Key("cid", 7), ddb.Set("status", "paid").Set("total", 3)); err != nil {
			t.Errorf("Update of a whole index key = %v", err)
		}
		if err := ddb.WriteTx().Update(s.orders, ddb.Key("cid", 7), ddb.Set("number", 8)).Run(ctx); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("WriteTx Update of a key field = %v, want a ValidationError", err)
		}
	})
}

func TestEntityReads(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		s.fill(t)
		// BatchGet of keys one of which is a line's: skipped.
		items, err := s.orders.BatchGet(ctx, []ddb.ItemKey{ddb.Key("ann", 2), ddb.Key("bob", 1)})
		if err != nil || len(items) != 2 {
			t.Errorf("BatchGet = %+v, %v", items, err)
		}
		var c *shopCustomer
		var o shopOrder
		if err := ddb.GetTx().Get(s.customers, ddb.Key("ann"), &c).Get(s.orders, ddb.Key("ann", 10), &o).Run(ctx); err != nil {
			t.Fatal(err)
		}
		if c == nil || c.Name != "Ann" || o.Total != 100 {
			t.Errorf("GetTx read %+v and %+v", c, o)
		}
		// An entity of one item.
		type settings struct {
			_     struct{} `ddbkey:"pk=CONFIG"`
			_     struct{} `ddbkey:"sk=GLOBAL"`
			Theme string   `ddb:"theme"`
		}
		config, err := ddb.NewEntity[settings](s.app, "Settings")
		if err != nil {
			t.Fatal(err)
		}
		if err := config.Update(ctx, ddb.Key(nil), ddb.Set("theme", "dark")); err != nil {
			t.Fatal(err)
		}
		if got, err := config.Get(ctx, ddb.Key(nil)); err != nil || got.Theme != "dark" {
			t.Errorf("settings = %+v, %v", got, err)
		}
		if _, err := config.Get(ctx, ddb.Key("x")); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("Get(Key(x)) of a key without fields: %v", err)
		}
		// BatchWrite of one entity.
		if err := s.lines.BatchWrite().Put(shopLine{Customer: "bob", Order: 1, SKU: "jam", Qty: 1}).Delete(ddb.Key("ann", 2, "tea")).Run(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.lines.Get(ctx, ddb.Key("ann", 2, "tea")); !errors.Is(err, ddb.ErrNotFound) {
			t.Errorf("line after the batch delete: %v", err)
		}
	})
}

func TestCollection(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		s.fill(t)
		res, err := ddb.Collection(s.customers, s.orders, s.lines).Query(ctx, ddb.Partition("ann"))
		if err != nil {
			t.Fatal(err)
		}
		if got := ddb.Items(res, s.customers); len(got) != 1 || got[0].Name != "Ann" {
			t.Errorf("customers = %+v", got)
		}
		if got := ddb.Items(res, s.orders); len(got) != 2 || got[0].Number != 2 || got[1].Number != 10 {
			t.Errorf("orders = %+v", got)
		}
		if got := ddb.Items(res, s.lines); len(got) != 1 || got[0].SKU != "tea" {
			t.Errorf("lines = %+v", got)
		}
		if len(res.Values()) != 4 {
			t.Errorf("Values = %+v", res.Values())
		}
		// Without the lines, lines are skipped, or reported.
		var kinds []string
		for v, err := range ddb.Collection(s.orders, s.customers).All(ctx, ddb.Partition("ann"), ddb.ReportOtherTypes()) {
			switch v := v.(type) {
			case shopCustomer:
				kinds = append(kinds, "customer "+v.ID)
			case shopOrder:
				kinds = append(kinds, "order")
			case nil:
				if !errors.Is(err, ddb.ErrOtherType) {
					t.Errorf("error %v", err)
				}
				kinds = append(kinds, "other")
			}
		}
		if want := []string{"other", "order", "order", "customer ann"}; !cmp.Equal(kinds, want) {
			t.Errorf("All yielded %v, want %v", kinds, want)
		}
		res, err = ddb.Collection(s.orders).Query(ctx, ddb.Partition("open"), ddb.OnIndex("gsi1"))
		if err != nil || len(ddb.Items(res, s.orders)) != 2 {
			t.Errorf("collection on an index: %+v, %v", res, err)
		}
		if _, err := ddb.Collection().Query(ctx, ddb.Partition("ann")); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("empty collection: %v", err)
		}
		other, err := ddb.NewEntity[shopCustomer](s.app, "Client", ddb.TypeAttribute("kind"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ddb.Collection(s.customers, other).Query(ctx, ddb.Partition("ann")); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("collection of two type attributes: %v", err)
		}
	})
}

// TestCollectionPage reads a collection a page at a time: the pages hold
// what Query reads, in order; items of types outside the collection count
// against PageSize and leave a page empty.
func TestCollectionPage(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		s.fill(t)
		all, err := ddb.Collection(s.customers, s.orders, s.lines).Query(ctx, ddb.Partition("ann"))
		if err != nil {
			t.Fatal(err)
		}
		readPages := func(c *ddb.EntityCollection) (values []any, pages, empty int) {
			cursor := ""
			for {
				page, err := c.Page(ctx, ddb.Partition("ann"), cursor, ddb.PageSize(1))
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if len(page.Values()) == 0 {
					empty++
				}
				values = append(values, page.Values()...)
				if cursor = page.Next(); cursor == "" {
					return values, pages, empty
				}
			}
		}
		values, pages, _ := readPages(ddb.Collection(s.customers, s.orders, s.lines))
		if diff := cmp.Diff(all.Values(), values); diff != "" {
			t.Errorf("pages of one item (-Query +pages):\n%s", diff)
		}
		if pages < len(values) {
			t.Errorf("%d items in %d pages of PageSize(1)", len(values), pages)
		}
		values, _, empty := readPages(ddb.Collection(s.orders, s.customers))
		if want := len(ddb.Items(all, s.orders)) + len(ddb.Items(all, s.customers)); len(values) != want || empty == 0 {
			t.Errorf("without lines: %d items (want %d), %d empty pages (want some)", len(values), want, empty)
		}
		page, err := ddb.Collection(s.orders).Page(ctx, ddb.Partition("ann"), "", ddb.PageSize(100))
		if err != nil || len(ddb.Items(page, s.orders)) != 2 || page.Next() != "" {
			t.Errorf("one page of everything: %d orders, next %q, %v", len(ddb.Items(page, s.orders)), page.Next(), err)
		}
		if _, err := ddb.Collection(s.orders).Page(ctx, ddb.Partition("ann"), "not a cursor"); !errors.Is(err, ddb.ErrInvalidCursor) {
			t.Errorf("bad cursor: %v", err)
		}
		if _, err := ddb.Collection().Page(ctx, ddb.Partition("ann"), ""); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("empty collection: %v", err)
		}
	})
}

func TestNewEntityErrors(t *testing.T) {
	db := ddb.New(nil)
	app, err := ddb.NewTable[appKeys](db, "app")
	if err != nil {
		t.Fatal(err)
	}
	type noSort struct {
		_  struct{} `ddbkey:"pk=X#{id}"`
		ID string   `ddb:"id"`
	}
	type hashTag struct {
		ID string `ddb:"id,hash"`
	}
	type typeField struct {
		_    struct{} `ddbkey:"pk=X#{id}"`
		_    struct{} `ddbkey:"sk=Y"`
		ID   string   `ddb:"id"`
		Kind string   `ddb:"_type"`
	}
	type keyField struct {
		_  struct{} `ddbkey:"pk=X#{pk}"`
		_  struct{} `ddbkey:"sk=Y"`
		PK string   `ddb:"pk"`
	}
	type badTag struct {
		_ struct{} `ddbkey:"pk"`
	}
	type dottedName struct {
		_  struct{} `ddbkey:"pk=X#{id}"`
		_  struct{} `ddbkey:"sk=Y"`
		ID string   `ddb:"id"`
		AB string   `ddb:"a.b"`
	}
	type embedsTime struct {
		_  struct{} `ddbkey:"pk=X#{id}"`
		_  struct{} `ddbkey:"sk=Y"`
		ID string   `ddb:"id"`
		time.Time
	}
	for name, declare := range map[string]func() error{
		"no name":              func() error { _, err := ddb.NewEntity[shopCustomer](app, ""); return err },
		"no sort key template": func() error { _, err := ddb.NewEntity[noSort](app, "N"); return err },
		"hash tag option":      func() error { _, err := ddb.NewEntity[hashTag](app, "H"); return err },
		"type attribute field": func() error { _, err := ddb.NewEntity[typeField](app, "T"); return err },
		"template and field":   func() error { _, err := ddb.NewEntity[keyField](app, "K"); return err },
		"bad tag":              func() error { _, err := ddb.NewEntity[badTag](app, "B"); return err },
		"name with a dot":      func() error { _, err := ddb.NewEntity[dottedName](app, "D"); return err },
		"embedded time":        func() error { _, err := ddb.NewEntity[embedsTime](app, "E"); return err },
		"unknown field": func() error {
			_, err := ddb.NewEntity[shopCustomer](app, "C", ddb.KeyTemplate("sk", "P#{nope}"))
			return err
		},
		"not a key attribute": func() error {
			_, err := ddb.NewEntity[shopCustomer](app, "C", ddb.KeyTemplate("name", "{id}"))
			return err
		},
		"width on a string": func() error {
			_, err := ddb.NewEntity[shopCustomer](app, "C", ddb.KeyTemplate("sk", "P#{id:08}"))
			return err
		},
		"adjacent fields": func() error {
			_, err := ddb.NewEntity[shopCustomer](app, "C", ddb.KeyTemplate("sk", "{id}{name}"))
			return err
		},
		"unclosed brace": func() error {
			_, err := ddb.NewEntity[shopCustomer](app, "C", ddb.KeyTemplate("sk", "P#{id"))
			return err
		},
		"type attribute is key": func() error { _, err := ddb.NewEntity[shopCustomer](app, "C", ddb.TypeAttribute("sk")); return err },
		"entity of an entity": func() error {
			c, _ := ddb.NewEntity[shopCustomer](app, "C")
			_, err := ddb.NewEntity[shopCustomer](c, "D")
			return err
		},
	} {
		var se *ddb.SchemaError
		if err := declare(); !errors.As(err, &se) {
			t.Errorf("%s: %v, want a *SchemaError", name, err)
		}
	}
}

func TestEntityChanges(t *testing.T) {
	b := testbackend.Engines(t)[0]
	app := newTable[appKeys](t, b.DB(), "changes", ddb.WithStream(types.StreamViewTypeNewAndOldImages))
	s := newShop(t, app)
	var got []string
	stop, err := s.orders.OnChange(func(c ddb.Change[shopOrder]) {
		got = append(got, fmt.Sprintf("%s %s %d", c.Kind, c.New.Customer, c.New.Number))
	})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	s.fill(t)
	want := []string{"INSERT ann 2", "INSERT ann 10", "INSERT bob 1"}
	slices.Sort(got)
	slices.Sort(want)
	if !cmp.Equal(got, want) {
		t.Errorf("changes of orders: %q, want %q (and no customer or line)", got, want)
	}
}

// customerNote has the key templates of shopCustomer: its items and the
// customers' share their keys.
type customerNote struct {
	_    struct{} `ddbkey:"pk=CUSTOMER#{id}"`
	_    struct{} `ddbkey:"sk=PROFILE"`
	ID   string   `ddb:"id"`
	Note string   `ddb:"note"`
}

// An entity's Update, Delete and transaction Check do not act on an item
// of another entity type under the same key: they fail with an
// *EntityTypeError, which also matches ErrConditionFailed. Put replaces it.
func TestEntityWritesSkipOtherTypes(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		notes, err := ddb.NewEntity[customerNote](s.app, "Note")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.customers.Put(ctx, shopCustomer{ID: "ann", Name: "Ann"}); err != nil {
			t.Fatal(err)
		}
		otherType := func(what string, err error) {
			t.Helper()
			var te *ddb.EntityTypeError
			if !errors.As(err, &te) || !errors.Is(err, ddb.ErrOtherType) || !errors.Is(err, ddb.ErrConditionFailed) || te.Found != "Customer" {
				t.Errorf("%s of a Customer's item: %v, want an EntityTypeError for Customer", what, err)
			}
		}
		otherType("Update", notes.Update(ctx, ddb.Key("ann"), ddb.Set("note", "hi")))
		otherType("Upsert", notes.Upsert(ctx, customerNote{ID: "ann", Note: "hi"}))
		otherType("Delete", notes.Delete(ctx, ddb.Key("ann")))
		otherType("WriteTx Update", ddb.WriteTx().Update(notes, ddb.Key("ann"), ddb.Set("note", "hi"), ddb.If(ddb.Attr("note").NotExists())).Run(ctx))
		otherType("WriteTx Check", ddb.WriteTx().Check(notes, ddb.Key("ann"), ddb.Condition{}, ddb.IfExists()).Run(ctx))
		if err := ddb.WriteTx().Check(notes, ddb.Key("ann"), ddb.Condition{}).Run(ctx); !errors.Is(err, ddb.ErrValidation) {
			t.Errorf("Check without a condition: %v, want a ValidationError", err)
		}
		raw, err := s.raw.Get(ctx, ddb.Key("CUSTOMER#ann", "PROFILE"))
		if err != nil || raw["_type"] != nil && raw["_type"].(*types.AttributeValueMemberS).Value != "Customer" || raw["note"] != nil {
			t.Errorf("the customer after the notes' writes: %v, %v", raw, err)
		}

		// The entity's own items, and items without a type attribute, are
		// written; a failed condition of the caller's stays one.
		if err := s.customers.Update(ctx, ddb.Key("ann"), ddb.Set("name", "Al"), ddb.IfExists()); err != nil {
			t.Errorf("Update of the customer: %v", err)
		}
		err = s.customers.Update(ctx, ddb.Key("ann"), ddb.Set("name", "Bo"), ddb.If(ddb.Attr("name").Equal("Ann")))
		if !errors.Is(err, ddb.ErrConditionFailed) || errors.Is(err, ddb.ErrOtherType) {
			t.Errorf("Update with a failing condition: %v, want a condition failure", err)
		}
		if err := notes.Update(ctx, ddb.Key("bo"), ddb.Set("note", "new")); err != nil {
			t.Errorf("Update creating a note: %v", err)
		}
		if err := s.raw.Put(ctx, av.Item{"pk": av.S("CUSTOMER#cy"), "sk": av.S("PROFILE")}); err != nil {
			t.Fatal(err)
		}
		if err := notes.Update(ctx, ddb.Key("cy"), ddb.Set("note", "untyped")); err != nil {
			t.Errorf("Update of an item without a type: %v", err)
		}
		if err := ddb.WriteTx().Check(notes, ddb.Key("bo"), ddb.Condition{}, ddb.IfExists()).Delete(notes, ddb.Key("cy")).Run(ctx); err != nil {
			t.Errorf("WriteTx of the notes: %v", err)
		}
		if err := notes.Put(ctx, customerNote{ID: "ann", Note: "replaced"}); err != nil {
			t.Errorf("Put over a customer: %v", err)
		}
		if got, err := notes.Get(ctx, ddb.Key("ann")); err != nil || got.Note != "replaced" {
			t.Errorf("note after Put = %+v, %v", got, err)
		}
	})
}

// ReportOtherTypes reports each item of another type a BatchGet reads as
// an *EntityTypeError, not as keys left unprocessed, and works in GetTx as
// in Get.
func TestEntityBatchAndTxReportOtherTypes(t *testing.T) {
	forEachShop(t, func(t *testing.T, s shop) {
		ctx := t.Context()
		s.fill(t)
		if err := s.raw.Put(ctx, av.Item{"pk": av.S("CUSTOMER#bob"), "sk": av.S("ORDER#00000003"), "_type": av.S("Refund")}); err != nil {
			t.Fatal(err)
		}
		// ann's order 2 is an order; ann's "order" 3 is missing; bob's 3 is a Refund.
		items, err := s.orders.BatchGet(ctx, []ddb.ItemKey{ddb.Key("ann", 2), ddb.Key("ann", 3), ddb.Key("bob", 3)}, ddb.ReportOtherTypes())
		var te *ddb.EntityTypeError
		if !errors.As(err, &te) || te.Found != "Refund" || errors.Is(err, ddb.ErrUnprocessed) || len(items) != 1 {
			t.Errorf("BatchGet with ReportOtherTypes = %+v, %v; want the order and an EntityTypeError for the Refund", items, err)
		}
		if err := s.customers.Put(ctx, shopCustomer{ID: "bob", Name: "Bob"}); err != nil {
			t.Fatal(err)
		}
		notes, err := ddb.NewEntity[customerNote](s.app, "Note")
		if err != nil {
			t.Fatal(err)
		}
		_, err = notes.BatchGet(ctx, []ddb.ItemKey{ddb.Key("ann"), ddb.Key("bob")}, ddb.ReportOtherTypes())
		var joined interface{ Unwrap() []error }
		if !errors.As(err, &joined) || len(joined.Unwrap()) != 2 || !errors.Is(err, ddb.ErrOtherType) || errors.Is(err, ddb.ErrUnprocessed) {
			t.Errorf("BatchGet of two customers as notes: %v, want two EntityTypeErrors", err)
		}

		var note *customerNote
		var order *shopOrder
		if err := ddb.GetTx().Get(notes, ddb.Key("ann"), &note).Get(s.orders, ddb.Key("ann", 2), &order).Run(ctx); err != nil || note != nil || order == nil {
			t.Errorf("GetTx of a customer as a note = %v, %v, %v; want none", note, order, err)
		}
		err = ddb.GetTx().Get(s.orders, ddb.Key("ann", 2), &order).Get(notes, ddb.Key("ann"), &note, ddb.ReportOtherTypes()).Run(ctx)
		if !errors.As(err, &te) || te.Found != "Customer" || note != nil {
			t.Errorf("GetTx with ReportOtherTypes = %v, %v; want an EntityTypeError for Customer", note, err)
		}
	})
}
