package ddb

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb/internal/itemenc"
)

// cannedAPI answers GetItemJSON with one item and PutItem with an empty
// output, allocating nothing: what a typed call allocates against it is
// the library's own.
type cannedAPI struct {
	API
	item []byte
	out  dynamodb.GetItemOutput
	put  dynamodb.PutItemOutput
}

func (c *cannedAPI) GetItemJSON(context.Context, *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	return &c.out, c.item, nil
}

func (c *cannedAPI) PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return &c.put, nil
}

// cannedStoredAPI answers GetItemEncoded with one stored item, as an
// in-process engine does, allocating nothing.
type cannedStoredAPI struct {
	cannedAPI
	enc []byte
}

func (c *cannedStoredAPI) GetItemEncoded(context.Context, *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	return &c.out, c.enc, nil
}

// TestTypedCallAllocations keeps the allocations of a typed Get and Put
// at what their requests and results need: Get the key (a map, its
// entries and one value), the input and the decoded struct, whose strings
// share the response (its JSON, or the engine's stored encoding); Put the copy of the item it encodes, the encoded
// item (a map, its entries and one block of values, see newMemberBlock)
// and the input.
func TestTypedCallAllocations(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector's instrumentation allocates")
	}
	type wallet struct {
		UserID  string `ddb:"user_id,hash"`
		Balance int    `ddb:"balance"`
		Owner   string `ddb:"owner"`
	}
	api := &cannedAPI{item: []byte(`{"user_id":{"S":"user-1"},"balance":{"N":"17"},"owner":{"S":"Ana Lima"}}`)}
	wallets, err := NewTable[wallet](New(api), "wallets")
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	w := wallet{UserID: "user-1", Balance: 17, Owner: "Ana Lima"}
	item, err := Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := NewTable[wallet](New(&cannedStoredAPI{enc: itemenc.AppendItem(nil, item)}), "wallets")
	if err != nil {
		t.Fatal(err)
	}
	gotWallet := func(got wallet, err error) error {
		if err == nil && got != w {
			t.Fatalf("Get: %+v, want %+v", got, w)
		}
		return err
	}
	tests := []struct {
		name string
		call func() error
		want float64
	}{
		{"Get", func() error { return gotWallet(wallets.Get(ctx, Key("user-1"))) }, 5},
		{"Get, stored", func() error { return gotWallet(stored.Get(ctx, Key("user-1"))) }, 5},
		{"Put", func() error { return wallets.Put(ctx, w) }, 5},
	}
	for _, tt := range tests {
		var err error
		n := testing.AllocsPerRun(100, func() {
			if e := tt.call(); e != nil {
				err = e
			}
		})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if n > tt.want {
			t.Errorf("%s: %v allocations, want at most %v", tt.name, n, tt.want)
		}
	}
}
