package engine

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/engine/internal/attr"
	randomav "github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/itemenc"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// putJSONTables are the kinds of table a put of an encoded item meets:
// those whose writes store only the item's row, and those with indexes,
// a stream or point-in-time recovery, which need the item decoded.
var putJSONTables = []struct {
	name  string
	setUp func(t *testing.T, db *DB)
}{
	{"hash", func(t *testing.T, db *DB) {
		mustCreate(t, db, &dynamodb.CreateTableInput{TableName: aws.String("tab"), AttributeDefinitions: defs("pk", "S"), KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest})
	}},
	{"range", func(t *testing.T, db *DB) { mustCreate(t, db, rangeTableInput()) }},
	{"indexed", func(t *testing.T, db *DB) { mustCreate(t, db, indexedTableInput("tab")) }},
	{"stream", func(t *testing.T, db *DB) {
		in := rangeTableInput()
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewAndOldImages}
		mustCreate(t, db, in)
	}},
	{"pitr", func(t *testing.T, db *DB) { mustCreate(t, db, rangeTableInput()); enablePITR(t, db, "tab") }},
}

func rangeTableInput() *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{TableName: aws.String("tab"), AttributeDefinitions: defs("pk", "S", "sk", "N"), KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest}
}

// putJSONItems are items to put, valid or not, in the order put: normal
// ones the engine stores as given, others it normalizes, and others it
// refuses.
func putJSONItems() []item {
	key := func(pk, sk string) item {
		return item{"pk": &types.AttributeValueMemberS{Value: pk}, "sk": &types.AttributeValueMemberN{Value: sk}}
	}
	with := func(it item, name string, v types.AttributeValue) item {
		it[name] = v
		return it
	}
	items := []item{
		with(key("a", "1"), "v", randomav.S("x")),
		with(key("a", "1"), "v", randomav.S("replaced")), // replaces the item
		with(with(key("a", "2"), "l", randomav.S("lsi")), "g", randomav.S("gsi")),
		with(key("a", "3"), "n", randomav.N("1.50")),     // not canonical
		with(key("a", "4"), "ss", randomav.SS("b", "a")), // not sorted
		with(key("a", "5"), "ns", randomav.NS("10", "9", "1e0")),
		with(key("a", "6"), "ss", randomav.SS()),         // empty set
		with(key("a", "7"), "ss", randomav.SS("x", "x")), // duplicates
		with(key("a", "8"), "n", randomav.N("abc")),      // not a number
		with(key("a", "9"), "n", randomav.N("1e126")),    // out of range
		with(key("a", "10"), "", randomav.S("x")),        // empty name
		with(key("a", "11"), "deep", randomav.Nest(randomav.S("x"), 31)),
		with(key("a", "12"), "deep", randomav.Nest(randomav.S("x"), 32)),
		with(key("a", "13"), "deep", randomav.Nest(randomav.S("x"), 60)),
		with(key("a", "14"), "big", randomav.S(strings.Repeat("x", 400*1024))),
		with(key("a", "15"), "g", randomav.Int(1)),     // the global index's key of another type
		with(key("a", "16"), "l", randomav.S("")),      // the local index's key empty
		{"pk": randomav.S("a")},                        // no sort key
		{"sk": randomav.N("1")},                        // no partition key
		with(key("", "1"), "v", randomav.S("x")),       // empty partition key
		{"pk": randomav.Int(1), "sk": randomav.N("1")}, // partition key of another type
		{"pk": randomav.S("a"), "sk": randomav.N("1.0")},
		{"pk": randomav.S(strings.Repeat("k", 2049)), "sk": randomav.N("1")},
		{},
	}
	r := rand.New(rand.NewPCG(31, 32))
	for i := range 200 {
		it := randomav.Random(r, 5, 2)
		it["pk"] = randomav.S("r")
		it["sk"] = randomav.Int(i % 50) // some replace earlier ones
		items = append(items, it)
	}
	return items
}

// putJSONRequests are the requests each item is put with.
var putJSONRequests = []struct {
	name string
	in   func() *dynamodb.PutItemInput
}{
	{"plain", func() *dynamodb.PutItemInput { return &dynamodb.PutItemInput{TableName: aws.String("tab")} }},
	{"returning", func() *dynamodb.PutItemInput {
		return &dynamodb.PutItemInput{TableName: aws.String("tab"), ReturnValues: types.ReturnValueAllOld,
			ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes, ReturnItemCollectionMetrics: types.ReturnItemCollectionMetricsSize}
	}},
	{"condition", func() *dynamodb.PutItemInput {
		return &dynamodb.PutItemInput{TableName: aws.String("tab"), ConditionExpression: aws.String("attribute_not_exists(#v) OR #v <> :v"),
			ExpressionAttributeNames: map[string]string{"#v": "v"}, ExpressionAttributeValues: item{":v": randomav.S("replaced")},
			ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld}
	}},
	{"bad request", func() *dynamodb.PutItemInput {
		return &dynamodb.PutItemInput{TableName: aws.String("tab"), ReturnValues: types.ReturnValueAllNew}
	}},
	{"no table", func() *dynamodb.PutItemInput { return &dynamodb.PutItemInput{TableName: aws.String("missing")} }},
}

// TestPutItemJSONMatchesPutItem puts every item with every request into
// two databases, by PutItem into one and by PutItemJSON into the other,
// and checks that the two answer alike and end up holding the same items
// and stream records.
func TestPutItemJSONMatchesPutItem(t *testing.T) {
	items := putJSONItems()
	outputs := cmp.Options{itemsAsJSON, cmpopts.IgnoreFields(dynamodb.PutItemOutput{}, "ResultMetadata"), cmpopts.IgnoreUnexported(dynamodb.PutItemOutput{}, types.ConsumedCapacity{}, types.Capacity{}, types.ItemCollectionMetrics{})}
	for _, kind := range putJSONTables {
		t.Run(kind.name, func(t *testing.T) {
			byItem, byJSON := openMemory(t), openMemory(t)
			kind.setUp(t, byItem)
			kind.setUp(t, byJSON)
			for i, it := range items {
				js, ok := wirejson.AppendItem(nil, it)
				if !ok {
					t.Fatalf("item %d has no JSON", i)
				}
				for _, req := range putJSONRequests {
					in := req.in()
					in.Item = it
					want, wantErr := byItem.PutItem(ctx, in)
					got, err := byJSON.PutItemJSON(ctx, req.in(), js)
					if errText(err) != errText(wantErr) {
						t.Fatalf("item %d, %s: PutItemJSON error %q, PutItem's %q", i, req.name, errText(err), errText(wantErr))
					}
					if diff := cmp.Diff(want, got, outputs); diff != "" {
						t.Fatalf("item %d, %s: PutItemJSON output differs from PutItem's (-PutItem +PutItemJSON):\n%s", i, req.name, diff)
					}
				}
			}
			if diff := cmp.Diff(scanAll(t, byItem, "tab"), scanAll(t, byJSON, "tab"), itemsAsJSON); diff != "" {
				t.Errorf("stored items differ (-PutItem +PutItemJSON):\n%s", diff)
			}
			if kind.name == "stream" {
				want, got := summarize(readAll(t, byItem, streamArn(t, byItem, "tab"))), summarize(readAll(t, byJSON, streamArn(t, byJSON, "tab")))
				if diff := cmp.Diff(want, got, itemsAsJSON); diff != "" {
					t.Errorf("stream records differ (-PutItem +PutItemJSON):\n%s", diff)
				}
			}
		})
	}
}

// itemsAsJSON makes go-cmp compare items by their JSON, with map members
// in name order: in linear time, where go-cmp's own comparison of deeply
// nested values is not.
var itemsAsJSON = cmp.Transformer("json", func(m item) string {
	b, _ := wirejson.AppendStdItem(nil, m)
	return string(b)
})

// scanAll returns every item of a table.
func scanAll(t *testing.T, db *DB, table string) []item {
	t.Helper()
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil || out.LastEvaluatedKey != nil {
		t.Fatalf("scan: %v, more: %v", err, out.LastEvaluatedKey != nil)
	}
	return out.Items
}

// A normal item is stored in the encoding made from its JSON, on a table
// that stores only rows and on one with indexes alike; an item the engine
// normalizes is not.
func TestPutItemJSONStoresTheEncoding(t *testing.T) {
	for _, table := range []*dynamodb.CreateTableInput{rangeTableInput(), indexedTableInput("tab")} {
		db := openMemory(t)
		mustCreate(t, db, table)
		tab, err := db.lookup(aws.String("tab"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			js     string
			stored bool
		}{
			{`{"pk":{"S":"a"},"sk":{"N":"1"},"g":{"S":"x"},"v":{"L":[{"N":"2.5"},{"SS":["a","b"]}]},` + wideJSONMembers(20) + `}`, true},
			{`{"pk":{"S":"a"},"sk":{"N":"2"},"v":{"N":"2.50"}}`, false},
		} {
			if _, err := db.PutItemJSON(ctx, &dynamodb.PutItemInput{TableName: aws.String("tab")}, []byte(tt.js)); err != nil {
				t.Fatal(err)
			}
			enc, err := itemenc.AppendItemFromJSON(nil, tt.js)
			if err != nil {
				t.Fatal(err)
			}
			m, err := itemenc.DecodeItem(enc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.readEncoded(tab.rowKey(m))
			if err != nil || got == nil {
				t.Fatalf("%s: not stored: %v", tt.js, err)
			}
			if bytes.Equal(got, enc) != tt.stored {
				t.Errorf("%s (indexes %d): stored as given %v, want %v", tt.js, len(tab.indexList()), !tt.stored, tt.stored)
			}
		}
	}
}

// wideJSONMembers returns the JSON of n attributes a0 to a<n-1>, without
// braces: enough that an encoding of their map, which follows map order,
// almost never matches the JSON's order.
func wideJSONMembers(n int) string {
	members := make([]string, n)
	for i := range members {
		members[i] = `"a` + strconv.Itoa(i) + `":{"N":"` + strconv.Itoa(i) + `"}`
	}
	return strings.Join(members, ",")
}

// PutItemJSON's own refusals, and the item JSON fault rules see.
func TestPutItemJSONErrors(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, rangeTableInput())
	put := func(in *dynamodb.PutItemInput, js string) string {
		_, err := db.PutItemJSON(ctx, in, []byte(js))
		return errText(err)
	}
	tab := func() *dynamodb.PutItemInput { return &dynamodb.PutItemInput{TableName: aws.String("tab")} }
	withItem := tab()
	withItem.Item = item{"pk": randomav.S("a"), "sk": randomav.N("1")}
	deep, _ := wirejson.AppendItem(nil, item{"pk": randomav.S("a"), "sk": randomav.N("1"), "d": randomav.Nest(randomav.S("x"), itemenc.MaxDepth+1)})
	for _, tt := range []struct {
		in      *dynamodb.PutItemInput
		js      string
		wantErr string
	}{
		{withItem, `{"pk":{"S":"a"},"sk":{"N":"1"}}`, "ValidationException: PutItemJSON takes the item as JSON only: Item must be nil"},
		{tab(), `{"pk":{"S":"a"},"sk":{"N":"1"}`, "SerializationException: malformed item JSON at offset 30: want , or }"},
		{tab(), `{"pk":{"X":"a"}}`, "SerializationException: malformed item JSON at offset 11: unknown attribute value type X"},
		{tab(), `{"pk":{"S":"a"},"sk":{"N":"1"},"m":{"M":{"n":{"NULL":false}}}}`, "ValidationException: One or more parameter values were invalid: Null attribute value types must have the value of true"},
		{tab(), string(deep), "ValidationException: Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit"},
	} {
		if got := put(tt.in, tt.js); got != tt.wantErr {
			t.Errorf("PutItemJSON(%.40s) = %q, want %q", tt.js, got, tt.wantErr)
		}
	}
	// The last of repeated names wins, as in ddb serve's reading of JSON.
	if got := put(tab(), `{"pk":{"S":"r"},"sk":{"N":"1"},"v":{"S":"first"},"v":{"S":"last"}}`); got != "" {
		t.Fatal(got)
	}
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("tab"), Key: item{"pk": randomav.S("r"), "sk": randomav.N("1")}})
	if err != nil || len(out.Item) != 3 || out.Item["v"].(*types.AttributeValueMemberS).Value != "last" {
		t.Errorf("item put with a repeated name reads %v, %v", out.Item, err)
	}
	// Fault rules match the item's attributes.
	if _, err := db.Faults().Add(Rule{Operation: "PutItem", Key: item{"pk": randomav.S("f")}, Fault: Fault{Error: CodeThrottling}}); err != nil {
		t.Fatal(err)
	}
	if got := put(tab(), `{"pk":{"S":"f"},"sk":{"N":"1"}}`); !strings.HasPrefix(got, "ThrottlingException") {
		t.Errorf("a fault rule's item: %q, want a ThrottlingException", got)
	}
	if got := put(tab(), `{"pk":{"S":"g"},"sk":{"N":"1"}}`); got != "" {
		t.Errorf("another item: %q", got)
	}
}

// A put of an encoded item prepared to store only its row decodes the
// item after all when a stream starts before the put runs.
func TestPutItemJSONMeetsANewStream(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, rangeTableInput())
	js := `{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"x"}}`
	enc, err := itemenc.AppendItemFromJSON(nil, js)
	if err != nil {
		t.Fatal(err)
	}
	size, normal := attr.NormalEncodedItemSize(enc)
	w, err := db.preparePut(&dynamodb.PutItemInput{TableName: aws.String("tab")}, fromRequest, &encodedItem{bytes: enc, size: size})
	if err != nil || !normal || w.encoded == nil {
		t.Fatalf("preparePut: %v; normal %v, stored as given %v", err, normal, w != nil && w.encoded != nil)
	}
	_, err = db.UpdateTable(ctx, &dynamodb.UpdateTableInput{TableName: aws.String("tab"),
		StreamSpecification: &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: types.StreamViewTypeNewImage}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.writeOne(call{ctx: ctx, op: "PutItem"}, w); err != nil {
		t.Fatal(err)
	}
	want := []summary{{Event: "INSERT", Keys: item{"pk": randomav.S("a"), "sk": randomav.N("1")}, New: item{"pk": randomav.S("a"), "sk": randomav.N("1"), "v": randomav.S("x")}}}
	if diff := cmp.Diff(want, summarize(readAll(t, db, streamArn(t, db, "tab"))), itemsAsJSON); diff != "" {
		t.Errorf("stream records (-want +got):\n%s", diff)
	}
}

// FuzzPutItemJSON puts JSON items by PutItemJSON into one database and,
// as ddb serve reads them, by PutItem into another: the answers and the
// items stored must be the same.
func FuzzPutItemJSON(f *testing.F) {
	for _, it := range putJSONItems()[:24] {
		if js, ok := wirejson.AppendItem(nil, it); ok && len(js) < 4096 {
			f.Add(string(js))
		}
	}
	f.Add(`{"pk":{"S":"a"},"sk":{"N":"1"},"v":{"S":"x"},"v":{"NULL":false}}`)
	f.Add(`{"pk":{"S":"a"},"sk":{"N":"1"},"s":{"BS":["AQ==","AA=="]},"m":{"M":{"":{"S":""}}}}`)
	byItem, byJSON := openFuzzDB(f), openFuzzDB(f)
	f.Fuzz(func(t *testing.T, js string) {
		var r wirejson.Reader
		r.Reset(js)
		it := r.Item()
		if r.Peek() != 0 {
			r.SyntaxError("want the end of the item")
		}
		for _, table := range fuzzTables {
			comparePuts(t, byItem, byJSON, table, js, it, r.Err())
		}
	})
}

// fuzzTables are the tables of openFuzzDB: one that stores only rows, one
// with indexes.
var fuzzTables = []string{"tab", "idx"}

// comparePuts puts the item whose JSON is js into table by PutItemJSON
// into byJSON and, if the wire reader read it as it without error (jsErr),
// by PutItem into byItem, and fails t unless both answer and store alike.
// It leaves the table empty.
func comparePuts(t *testing.T, byItem, byJSON *DB, table, js string, it item, jsErr error) {
	_, err := byJSON.PutItemJSON(ctx, &dynamodb.PutItemInput{TableName: aws.String(table)}, []byte(js))
	if jsErr != nil {
		if code := errText(err); !strings.HasPrefix(code, "SerializationException: ") && !strings.HasPrefix(code, "ValidationException: Nesting Levels") {
			t.Fatalf("PutItemJSON of JSON the wire reader refuses (%v): %q", jsErr, code)
		}
		return
	}
	// Of several invalid attributes, both report the first by name.
	_, wantErr := byItem.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: it})
	if errText(err) != errText(wantErr) {
		t.Fatalf("%s: PutItemJSON: %q, PutItem: %q", table, errText(err), errText(wantErr))
	}
	if wantErr != nil {
		return
	}
	want, got := scanAll(t, byItem, table), scanAll(t, byJSON, table)
	if diff := cmp.Diff(want, got, itemsAsJSON); diff != "" {
		t.Fatalf("%s: stored items differ (-PutItem +PutItemJSON):\n%s", table, diff)
	}
	for _, db := range []*DB{byItem, byJSON} {
		if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String(table), Key: item{"pk": it["pk"], "sk": it["sk"]}}); err != nil {
			t.Fatal(err)
		}
	}
}

// openFuzzDB opens an in-memory database with the tables of fuzzTables
// for a fuzz target.
func openFuzzDB(f *testing.F) *DB {
	db, err := Open(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	for _, in := range []*dynamodb.CreateTableInput{rangeTableInput(), indexedTableInput("idx")} {
		if _, err := db.CreateTable(ctx, in); err != nil {
			f.Fatal(err)
		}
	}
	return db
}
