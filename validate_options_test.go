package ddb

import (
	"errors"
	"strings"
	"testing"

	"github.com/ddbkit/ddb/internal/av"
)

// TestCallsThatMustFailSendNothing checks that bad destinations, bad
// options and client-side mistakes are *ValidationError values matching
// ErrValidation, naming the field at fault, found before any request.
func TestCallsThatMustFailSendNothing(t *testing.T) {
	rows := newRows(t, nil) // any request panics
	ctx := t.Context()
	var r row
	var ch chan int
	key := Key("a", 1)
	cursorOfIndex, err := EncodeCursor(Item{"p": av.S("a"), "s": av.N("1"), "g": av.S("x")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		call  func() error
		field string
	}{
		{"ReturnNew of a value", func() error { return rows.Update(ctx, key, Set("x", 1), ReturnNew(row{})) }, "ReturnNew"},
		{"ReturnNew nil", func() error { return rows.Update(ctx, key, Set("x", 1), ReturnNew(nil)) }, "ReturnNew"},
		{"ReturnUpdatedOld of a nil pointer", func() error { return rows.Update(ctx, key, Set("x", 1), ReturnUpdatedOld((*row)(nil))) }, "ReturnUpdatedOld"},
		{"ReturnUpdatedNew into a channel", func() error { return rows.Update(ctx, key, Set("x", 1), ReturnUpdatedNew(&ch)) }, "ReturnUpdatedNew"},
		{"ReturnOld of a value", func() error { return rows.Put(ctx, row{P: "a", S: 1}, ReturnOld(r)) }, "ReturnOld"},
		{"ReturnOld on Delete", func() error { return rows.Delete(ctx, key, ReturnOld(7)) }, "ReturnOld"},
		{"ReturnOldOnConditionFailure nil", func() error {
			return rows.Put(ctx, row{P: "a", S: 1}, IfNotExists(), ReturnOldOnConditionFailure(nil))
		}, "ReturnOldOnConditionFailure"},
		{"two Return options", func() error { return rows.Update(ctx, key, Set("x", 1), ReturnOld(&r), ReturnNew(&r)) }, "ReturnNew"},
		{"IfExists and IfNotExists", func() error { return rows.Delete(ctx, key, IfExists(), IfNotExists()) }, ""},
		{"ConsumedCapacity nil on Get", func() error { _, err := rows.Get(ctx, key, ConsumedCapacity(nil)); return err }, "ConsumedCapacity"},
		{"ConsumedCapacity nil on Put", func() error { return rows.Put(ctx, row{P: "a", S: 1}, ConsumedCapacity(nil)) }, "ConsumedCapacity"},
		{"ConsumedCapacity nil on Query", func() error {
			_, err := rows.Query(ctx, Partition("a"), ConsumedCapacity(nil)).Count()
			return err
		}, "ConsumedCapacity"},
		{"ConsumedCapacity nil on BatchGet", func() error { _, err := rows.BatchGet(ctx, []ItemKey{key}, ConsumedCapacity(nil)); return err }, "ConsumedCapacity"},
		{"ConsumedCapacity nil on BatchWrite", func() error { return rows.BatchWrite().Put(row{P: "a"}).Run(ctx, ConsumedCapacity(nil)) }, "ConsumedCapacity"},
		{"ConsumedCapacity nil on a transaction", func() error {
			return WriteTx().Put(rows, row{P: "a"}).Run(ctx, ConsumedCapacity(nil))
		}, "ConsumedCapacity"},
		{"GetTx into a value", func() error { return GetTx().Get(rows, key, r).Run(ctx) }, "GetTx"},
		{"ReturnOldOnConditionFailure nil in a transaction", func() error {
			return WriteTx().Put(rows, row{P: "a"}, ReturnOldOnConditionFailure(nil)).Run(ctx)
		}, "ReturnOldOnConditionFailure"},
		{"negative PageSize", func() error { _, err := rows.Scan(ctx, PageSize(-1)).Collect(1); return err }, "PageSize"},
		{"Consistent on a global index", func() error {
			_, err := rows.Query(ctx, Partition("x"), OnIndex("by_g"), Consistent()).Collect(1)
			return err
		}, "by_g"},
		{"unknown index", func() error { _, err := rows.Scan(ctx, OnIndex("nope")).Count(); return err }, "nope"},
		{"cursor of another index", func() error { _, err := rows.Query(ctx, Partition("a")).Page(cursorOfIndex); return err }, "cursor"},
		{"key of the wrong type", func() error { _, err := rows.Get(ctx, Key("a", "1")); return err }, "s"},
		{"key arity", func() error { _, err := rows.Get(ctx, Key("a")); return err }, "key"},
		{"empty update", func() error { return rows.Update(ctx, key, Update{}) }, ""},
		{"bad path", func() error { return rows.Update(ctx, key, Set("a..b", 1)) }, "a..b"},
		{"bad path in a condition", func() error { return rows.Delete(ctx, key, If(Attr("a[x]").Exists())) }, "a[x]"},
		{"unencodable value", func() error { return rows.Update(ctx, key, Set("x", ch)) }, "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() != nil {
					t.Error("a request was sent")
				}
			}()
			err := tt.call()
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
				t.Fatalf("got %v; want a *ValidationError matching ErrValidation", err)
			}
			if ve.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ve.Field, tt.field, err)
			}
		})
	}
	if _, err := rows.Query(ctx, Partition("a")).Page(cursorOfIndex); !errors.Is(err, ErrInvalidCursor) {
		t.Errorf("cursor of another index: %v does not match ErrInvalidCursor", err)
	}
}

type pair struct {
	P string `ddb:"p,hash"`
	S int    `ddb:"s,range"`
	F any    `ddb:"f,omitempty"`
}

// TestRequestErrors checks requests that fail before reaching the backend
// (the nil API would panic if called).
func TestRequestErrors(t *testing.T) {
	pairs, err := NewTable[pair](New(nil), "pairs")
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	tests := []struct {
		name string
		err  error
		want string // the message, or its start when it ends in ": " (the codec's reason follows)
	}{
		{"hash-only key", func() error { _, err := pairs.Get(ctx, Key("a")); return err }(),
			"ddb: GetItem pairs: a key of this table has 2 values ([p s]), got 1"},
		{"key of the wrong type", func() error { _, err := pairs.Get(ctx, Key("a", "1")); return err }(),
			"ddb: GetItem pairs: key s must be of type N, got S"},
		{"unencodable key", pairs.Delete(ctx, Key("a", make(chan int))),
			"ddb: DeleteItem pairs: s: cannot encode (chan int): "},
		{"bad projection", func() error { _, err := pairs.Get(ctx, Key("a", 1), Project("x[")); return err }(),
			`ddb: GetItem pairs: path "x[": missing ']'`},
		{"unencodable item", pairs.Put(ctx, pair{P: "a", F: func() {}}),
			"ddb: PutItem pairs: cannot encode f (func()): "},
		{"bad condition", pairs.Put(ctx, pair{P: "a"}, If(Attr("a").In())),
			"ddb: PutItem pairs: condition IN needs at least one value"},
		{"empty update", pairs.Update(ctx, Key("a", 1), Update{}),
			"ddb: UpdateItem pairs: update has no changes"},
		{"bad update value", pairs.Update(ctx, Key("a", 1), Set("x", make(chan int))),
			"ddb: UpdateItem pairs: x: cannot encode (chan int): "},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want && !(strings.HasSuffix(tt.want, ": ") && strings.HasPrefix(tt.err.Error(), tt.want)) {
			t.Errorf("%s: error\n got %v\nwant %s", tt.name, tt.err, tt.want)
		}
	}
	var ee *EncodeError
	var ve *ValidationError
	if err := pairs.Put(ctx, pair{P: "a", F: func() {}}); !errors.As(err, &ee) || !errors.As(err, &ve) || ve.Field != "f" {
		t.Errorf("the codec's error is not reachable in %v, or it is no *ValidationError naming f", err)
	}
}
