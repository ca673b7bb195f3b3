package engine

import (
	"context"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// pagesItem is item i of the table "pages" (openPages).
func pagesItem(i int) item {
	return item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i)), "n": av.N(strconv.Itoa(i * 10)),
		"doc": av.M(map[string]types.AttributeValue{"l": av.L(av.S("é\n\""), av.B("\x00\x01")), "ss": av.SS("a", "b")})}
}

// openPages returns a memory DB with the table "pages" holding items
// pagesItem(0) to pagesItem(4), all in partition "p".
func openPages(t *testing.T) *DB {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("pages"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	for i := range 5 {
		mustPut(t, db, "pages", pagesItem(i))
	}
	return db
}

// TestSearchOutputs checks that Query and Scan fill every member of their
// output (items, counts, LastEvaluatedKey, ConsumedCapacity), and that
// QueryEncoded and ScanEncoded return the same output with the items left
// in their storage encoding.
func TestSearchOutputs(t *testing.T) {
	db := openPages(t)
	capacity := &types.ConsumedCapacity{TableName: aws.String("pages"), CapacityUnits: aws.Float64(0.5), Table: &types.Capacity{CapacityUnits: aws.Float64(0.5)}}
	t.Run("Query", func(t *testing.T) {
		in := &dynamodb.QueryInput{
			TableName: aws.String("pages"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": av.S("p")},
			ScanIndexForward: aws.Bool(false), Limit: aws.Int32(2), ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes,
		}
		checkSearchForms(t, &dynamodb.QueryOutput{
			Items: []map[string]types.AttributeValue{pagesItem(4), pagesItem(3)}, Count: 2, ScannedCount: 2,
			LastEvaluatedKey: item{"pk": av.S("p"), "sk": av.N("3")}, ConsumedCapacity: capacity,
		}, func() (*dynamodb.QueryOutput, error) { return db.Query(ctx, in) },
			func() (*dynamodb.QueryOutput, [][]byte, error) { return db.QueryEncoded(ctx, in) })
	})
	t.Run("Scan", func(t *testing.T) {
		in := &dynamodb.ScanInput{
			TableName: aws.String("pages"), FilterExpression: aws.String("n >= :n"), ExpressionAttributeValues: item{":n": av.N("30")},
			Segment: aws.Int32(0), TotalSegments: aws.Int32(1), ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes,
		}
		checkSearchForms(t, &dynamodb.ScanOutput{
			Items: []map[string]types.AttributeValue{pagesItem(3), pagesItem(4)}, Count: 2, ScannedCount: 5, ConsumedCapacity: capacity,
		}, func() (*dynamodb.ScanOutput, error) { return db.Scan(ctx, in) },
			func() (*dynamodb.ScanOutput, [][]byte, error) { return db.ScanEncoded(ctx, in) })
	})
}

// checkSearchForms checks that the SDK form of a Query or Scan (sdk)
// returns want, and its Encoded form (encoded) the same output with the
// items left encoded.
func checkSearchForms[Out searchOutput](t *testing.T, want *Out, sdk func() (*Out, error), encoded func() (*Out, [][]byte, error)) {
	t.Helper()
	out, err := sdk()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, out, cmpAV); diff != "" {
		t.Errorf("SDK form (-want +got):\n%s", diff)
	}
	enc, items, err := encoded()
	if err != nil {
		t.Fatal(err)
	}
	got := dynamodb.QueryOutput(*enc)
	if got.Items != nil {
		t.Fatalf("the Encoded form's output has Items %v", got.Items)
	}
	if got.Items, err = decodeItems(items); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(dynamodb.QueryOutput(*out), got, cmpAV); diff != "" {
		t.Errorf("(-SDK form +Encoded form):\n%s", diff)
	}
}

// TestPageJSON checks that QueryJSON, ScanJSON, BatchGetItemJSON and
// TransactGetItemsJSON return the output of Query, Scan, BatchGetItem and
// TransactGetItems, their items as JSON: empty pages, filtered, projected
// and limited pages, counts, a page that ends with a LastEvaluatedKey,
// missing items.
func TestPageJSON(t *testing.T) {
	db := openPages(t)
	p := map[string]types.AttributeValue{":p": av.S("p")}
	pn := map[string]types.AttributeValue{":p": av.S("p"), ":n": av.N("20")}
	queries := map[string]*dynamodb.QueryInput{
		"all":       {KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: p},
		"empty":     {KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: map[string]types.AttributeValue{":p": av.S("none")}},
		"filtered":  {KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String("n > :n"), ExpressionAttributeValues: pn},
		"none left": {KeyConditionExpression: aws.String("pk = :p"), FilterExpression: aws.String("n > :n"), Limit: aws.Int32(2), ExpressionAttributeValues: pn},
		"projected": {KeyConditionExpression: aws.String("pk = :p"), ProjectionExpression: aws.String("doc.l[0], sk"), ExpressionAttributeValues: p},
		"limited":   {KeyConditionExpression: aws.String("pk = :p"), Limit: aws.Int32(2), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal, ExpressionAttributeValues: p},
		"count":     {KeyConditionExpression: aws.String("pk = :p"), Select: types.SelectCount, ExpressionAttributeValues: p},
	}
	ctx := context.Background()
	for name, in := range queries {
		t.Run("Query "+name, func(t *testing.T) {
			in.TableName = aws.String("pages")
			want, err := db.Query(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			got, items, err := db.QueryJSON(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			checkPageJSON(t, want, got, &got.Items, want.Items, items)
		})
	}
	t.Run("Scan", func(t *testing.T) {
		in := &dynamodb.ScanInput{TableName: aws.String("pages"), Limit: aws.Int32(3), ProjectionExpression: aws.String("doc")}
		want, err := db.Scan(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, items, err := db.ScanJSON(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		checkPageJSON(t, want, got, &got.Items, want.Items, items)
		if got.LastEvaluatedKey == nil {
			t.Error("no LastEvaluatedKey")
		}
	})
	t.Run("BatchGetItem", func(t *testing.T) {
		in := &dynamodb.BatchGetItemInput{RequestItems: map[string]types.KeysAndAttributes{"pages": {
			Keys:                 []map[string]types.AttributeValue{{"pk": av.S("p"), "sk": av.N("1")}, {"pk": av.S("p"), "sk": av.N("9")}, {"pk": av.S("p"), "sk": av.N("3")}},
			ProjectionExpression: aws.String("sk, doc.ss"),
		}}}
		want, err := db.BatchGetItem(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, items, err := db.BatchGetItemJSON(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Responses != nil {
			t.Fatalf("the output has Responses %v", got.Responses)
		}
		got.Responses = map[string][]map[string]types.AttributeValue{}
		for name, l := range items {
			got.Responses[name] = readItemsJSON(t, l)
		}
		if diff := cmp.Diff(want, got, cmpAV); diff != "" || len(want.Responses["pages"]) != 2 {
			t.Errorf("(-BatchGetItem +JSON):\n%s", diff)
		}
	})
	t.Run("TransactGetItems", func(t *testing.T) {
		get := func(sk string) types.TransactGetItem {
			return types.TransactGetItem{Get: &types.Get{TableName: aws.String("pages"), Key: map[string]types.AttributeValue{"pk": av.S("p"), "sk": av.N(sk)}}}
		}
		in := &dynamodb.TransactGetItemsInput{TransactItems: []types.TransactGetItem{get("4"), get("9"), get("0")}}
		want, err := db.TransactGetItems(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, items, err := db.TransactGetItemsJSON(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Responses != nil {
			t.Fatalf("the output has Responses %v", got.Responses)
		}
		got.Responses = make([]types.ItemResponse, len(items))
		for i, item := range items {
			if item != nil {
				got.Responses[i].Item = readItemsJSON(t, [][]byte{item})[0]
			}
		}
		if diff := cmp.Diff(want, got, cmpAV); diff != "" || want.Responses[1].Item != nil || want.Responses[2].Item == nil {
			t.Errorf("(-TransactGetItems +JSON):\n%s", diff)
		}
	})
	t.Run("error", func(t *testing.T) {
		in := &dynamodb.QueryInput{TableName: aws.String("missing"), KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: map[string]types.AttributeValue{":p": av.S("p")}}
		_, want := db.Query(ctx, in)
		out, items, got := db.QueryJSON(ctx, in)
		if want == nil || errText(got) != errText(want) || out != nil || items != nil {
			t.Errorf("QueryJSON: %v, %v, %v; want the error %v", out, items, got, want)
		}
	})
}

// checkPageJSON compares the output of a JSON read with the SDK-shaped one:
// its Items (at gotItems) must be nil, and JSON decode to the wanted items.
func checkPageJSON[Out any](t *testing.T, want, got *Out, gotItems *[]map[string]types.AttributeValue, wantItems []map[string]types.AttributeValue, items [][]byte) {
	t.Helper()
	if *gotItems != nil {
		t.Fatalf("the output has Items %v", *gotItems)
	}
	if (items == nil) != (wantItems == nil) {
		t.Fatalf("items %q, want %d items (nil %t)", items, len(wantItems), wantItems == nil)
	}
	*gotItems = readItemsJSON(t, items)
	if diff := cmp.Diff(want, got, cmpAV); diff != "" {
		t.Errorf("(-Query +JSON):\n%s", diff)
	}
}

// readItemsJSON reads the JSON of items as attribute values; nil stays nil.
func readItemsJSON(t *testing.T, items [][]byte) []map[string]types.AttributeValue {
	t.Helper()
	if items == nil {
		return nil
	}
	l := make([]map[string]types.AttributeValue, len(items))
	for i, js := range items {
		var r wirejson.Reader
		r.Reset(string(js))
		if l[i] = r.Item(); r.Done() != nil {
			t.Fatalf("item %d: %s: %v", i, js, r.Done())
		}
	}
	return l
}
