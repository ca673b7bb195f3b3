package wire

import (
	"context"
	"net/http"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
)

// TestItemsJSONMatchSDK feeds random responses of GetItem, Query, Scan,
// BatchGetItem and TransactGetItems to the SDK's client and to the item JSON forms of ours: the output is the
// SDK's without its items, and the items' JSON reads as the SDK's items.
func TestItemsJSONMatchSDK(t *testing.T) {
	var body atomic.Pointer[string]
	srv := newFakeServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) { writeJSON(w, 200, *body.Load()) })
	sdk, lean := clients(srv.URL)
	ctx := context.Background()
	getInput := &dynamodb.GetItemInput{TableName: aws.String("t"), Key: map[string]types.AttributeValue{"k": &types.AttributeValueMemberS{Value: "1"}}}
	pages := []string{`{}`, `{"Count":0,"Items":[],"ScannedCount":3}`, `{"Items":[null,{},{"a":{"L":[]}}],"Count":3}`}
	t.Run("GetItem", func(t *testing.T) {
		testItemsJSON[dynamodb.GetItemOutput](t, &body, []string{`{}`, `{"Item":{}}`}, func() (any, any, error) {
			want, err := sdk.GetItem(ctx, getInput)
			if err != nil {
				return nil, nil, err
			}
			got, item, err := lean.GetItemJSON(ctx, getInput)
			if err != nil {
				return nil, nil, err
			}
			if item != nil {
				got.Item = readItemJSON(t, item)
			}
			return want, got, nil
		})
	})
	t.Run("Query", func(t *testing.T) {
		testItemsJSON[dynamodb.QueryOutput](t, &body, pages, func() (any, any, error) {
			want, err := sdk.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("t")})
			if err != nil {
				return nil, nil, err
			}
			got, items, err := lean.QueryJSON(ctx, &dynamodb.QueryInput{TableName: aws.String("t")})
			if err != nil {
				return nil, nil, err
			}
			if got.Items != nil {
				t.Fatalf("QueryJSON's output has Items %v", got.Items)
			}
			got.Items = readItemsJSON(t, items)
			return want, got, nil
		})
	})
	t.Run("Scan", func(t *testing.T) {
		testItemsJSON[dynamodb.ScanOutput](t, &body, pages, func() (any, any, error) {
			want, err := sdk.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("t")})
			if err != nil {
				return nil, nil, err
			}
			got, items, err := lean.ScanJSON(ctx, &dynamodb.ScanInput{TableName: aws.String("t")})
			if err != nil {
				return nil, nil, err
			}
			if got.Items != nil {
				t.Fatalf("ScanJSON's output has Items %v", got.Items)
			}
			got.Items = readItemsJSON(t, items)
			return want, got, nil
		})
	})
	t.Run("BatchGetItem", func(t *testing.T) {
		in := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"t": {Keys: []map[string]types.AttributeValue{getInput.Key}}}}
		testItemsJSON[dynamodb.BatchGetItemOutput](t, &body, []string{`{"Responses":{"a":[],"b":null,"c":[null,{}]}}`}, func() (any, any, error) {
			want, err := sdk.BatchGetItem(ctx, in)
			if err != nil {
				return nil, nil, err
			}
			got, items, err := lean.BatchGetItemJSON(ctx, in)
			if err != nil {
				return nil, nil, err
			}
			if got.Responses != nil {
				t.Fatalf("BatchGetItemJSON's output has Responses %v", got.Responses)
			}
			if items != nil {
				got.Responses = map[string][]map[string]types.AttributeValue{}
			}
			for name, l := range items {
				got.Responses[name] = readItemsJSON(t, l)
			}
			return want, got, nil
		})
	})
	t.Run("TransactGetItems", func(t *testing.T) {
		in := &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{{Get: &types.Get{TableName: aws.String("t"), Key: getInput.Key}}}}
		testItemsJSON[dynamodb.TransactGetItemsOutput](t, &body, []string{`{"Responses":[]}`, `{"Responses":[null,{},{"Item":{}},{"Item":null}]}`}, func() (any, any, error) {
			want, err := sdk.TransactGetItems(ctx, in)
			if err != nil {
				return nil, nil, err
			}
			got, items, err := lean.TransactGetItemsJSON(ctx, in)
			if err != nil {
				return nil, nil, err
			}
			if got.Responses != nil {
				t.Fatalf("TransactGetItemsJSON's output has Responses %v", got.Responses)
			}
			if items != nil {
				got.Responses = make([]types.ItemResponse, len(items))
			}
			for i, item := range items {
				if item != nil {
					got.Responses[i].Item = readItemJSON(t, item)
				}
			}
			return want, got, nil
		})
	})
}

// testItemsJSON serves the bodies given and random outputs of type Out,
// with every member filled in some, and compares what call returns: the
// SDK's output and ours with its items read back from their JSON.
func testItemsJSON[Out any](t *testing.T, body *atomic.Pointer[string], bodies []string, call func() (want, got any, err error)) {
	t.Helper()
	for seed := range uint64(40) {
		sent := newFiller(seed, seed%3 == 0).value(reflect.TypeFor[Out]()).Addr().Interface().(smithy.Serializable)
		bodies = append(bodies, encodeShape(sent))
	}
	for _, text := range bodies {
		body.Store(&text)
		want, got, err := call()
		if err != nil {
			t.Fatalf("%v\nbody: %s", err, text)
		}
		if diff := cmp.Diff(want, got, sdkCmp); diff != "" {
			t.Fatalf("output (-sdk +json):\n%s\nbody: %s", diff, text)
		}
	}
}

// readItemJSON reads the JSON of an item as attribute values.
func readItemJSON(t *testing.T, item []byte) map[string]types.AttributeValue {
	t.Helper()
	r := newReader(string(item))
	m := r.item()
	r.Done()
	if r.Err() != nil {
		t.Fatalf("item JSON %s: %v", item, r.Err())
	}
	return m
}

// readItemsJSON reads the JSON of a page's items as attribute values.
func readItemsJSON(t *testing.T, items [][]byte) []map[string]types.AttributeValue {
	if items == nil {
		return nil
	}
	l := make([]map[string]types.AttributeValue, len(items))
	for i, item := range items {
		if item != nil {
			l[i] = readItemJSON(t, item)
		}
	}
	return l
}
