package ddb_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

func ExampleValidationError() {
	ctx := context.Background()
	db, orders := openOrders(ctx)
	defer db.Close()
	// ReturnNew needs a pointer: the call fails before anything is sent.
	err := orders.Update(ctx, ddb.Key("ann", 1), ddb.Set("status", "paid"), ddb.ReturnNew(Order{}))
	var invalid *ddb.ValidationError
	if errors.As(err, &invalid) {
		fmt.Println(invalid.Field, errors.Is(err, ddb.ErrValidation))
	}
	_, err = orders.Get(ctx, ddb.Key("ann", "one"))
	fmt.Println(err)
	_, err = orders.Get(ctx, ddb.Key("ann", 1))
	fmt.Println(errors.Is(err, ddb.ErrNotFound)) // the update above never ran
	// Output:
	// ReturnNew true
	// ddb: GetItem orders: key order_id must be of type N, got S
	// true
}

// Login is an item whose times are numbers: a unixmilli range key and a
// unixtime expiry.
type Login struct {
	User    string    `ddb:"user,hash"`
	At      time.Time `ddb:"at,range,unixmilli"`
	Expires time.Time `ddb:"expires,unixtime"`
}

// Values given for a field, in keys, conditions and updates, are encoded as
// the field is: these times are numbers, as in the items.
func ExampleAttr_fieldEncoding() {
	ctx := context.Background()
	db, err := ddb.Open(ctx, "mem://")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	logins, err := ddb.NewTable[Login](db, "logins", ddb.WithTTL("expires"))
	if err != nil {
		log.Fatal(err)
	}
	if err := logins.Create(ctx); err != nil {
		log.Fatal(err)
	}
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := logins.Put(ctx, Login{User: "ann", At: at, Expires: at.Add(time.Hour)}); err != nil {
		log.Fatal(err)
	}
	err = logins.Update(ctx, ddb.Key("ann", at), ddb.Set("expires", at.Add(24*time.Hour)),
		ddb.If(ddb.Attr("expires").LessThan(at.Add(2*time.Hour))))
	if err != nil {
		log.Fatal(err)
	}
	n, err := logins.Query(ctx, ddb.Partition("ann").SortGreaterOrEqual(at),
		ddb.Filter(ddb.Attr("expires").GreaterThan(at.Add(time.Hour)))).Count()
	fmt.Println(n, err)
	raw, _ := ddb.TableWithSchema[ddb.Item](db, logins.Schema()).Get(ctx, ddb.Key("ann", at))
	fmt.Println(raw["expires"].(*types.AttributeValueMemberN).Value)
	// Output:
	// 1 <nil>
	// 1893639845
}

// TicketID encodes itself as text and declares so, which lets it be a key.
type TicketID int

func (id TicketID) MarshalAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: fmt.Sprintf("T-%06d", int(id))}, nil
}

func (id *TicketID) UnmarshalAttributeValue(v types.AttributeValue) error {
	s, ok := v.(*types.AttributeValueMemberS)
	if !ok {
		return fmt.Errorf("ticket id: want S, got %T", v)
	}
	_, err := fmt.Sscanf(s.Value, "T-%d", (*int)(id))
	return err
}

func (TicketID) KeyType() ddb.AttrType { return ddb.TypeString }

func ExampleKeyTyper() {
	type Ticket struct {
		ID    TicketID `ddb:"id,hash"`
		Title string   `ddb:"title"`
	}
	s, err := ddb.SchemaFor[Ticket]("tickets")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.Type("id"))
	// Output:
	// S
}

func ExampleStrictSchema() {
	ctx := context.Background()
	var logs bytes.Buffer
	db, err := ddb.Open(ctx, "mem://", ddb.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	// The table exists without the index by_status that Order declares.
	type OrderV1 struct {
		Customer string `ddb:"customer,hash"`
		OrderID  int    `ddb:"order_id,range"`
	}
	v1, _ := ddb.NewTable[OrderV1](db, "orders")
	if err := v1.Create(ctx); err != nil {
		log.Fatal(err)
	}
	// Without StrictSchema, Create logs a warning per difference.
	orders, _ := ddb.NewTable[Order](db, "orders")
	fmt.Println(orders.Create(ctx), strings.Contains(logs.String(), "index by_status missing"))
	// With it, Create returns them all.
	strict, _ := ddb.NewTable[Order](db, "orders", ddb.StrictSchema())
	err = strict.Create(ctx)
	var drift *ddb.SchemaDriftError
	if errors.As(err, &drift) {
		for _, d := range drift.Differences {
			fmt.Println(d)
		}
	}
	// Output:
	// <nil> true
	// index by_status missing: declared global [status HASH S] ALL, actual none
}
