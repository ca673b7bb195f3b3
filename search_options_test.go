package ddb

import (
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// row is the model of the request-building tests.
type row struct {
	P string `ddb:"p,hash"`
	S int    `ddb:"s,range"`
	G string `ddb:"g,gsi=by_g"`
	X int    `ddb:"x"`
}

// newRows returns a table of rows sending its requests to api.
func newRows(t *testing.T, api API) *Table[row] {
	t.Helper()
	rows, err := NewTable[row](New(api), "rows")
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestQueryInput(t *testing.T) {
	var cc Capacity
	tests := []struct {
		name string
		run  func(rows *Table[row]) error
		want *dynamodb.QueryInput
	}{
		{
			"partition only",
			func(rows *Table[row]) error { _, err := rows.Query(t.Context(), Partition("a")).Page(""); return err },
			&dynamodb.QueryInput{
				TableName:                 aws.String("rows"),
				KeyConditionExpression:    aws.String("#n0 = :v0"),
				ExpressionAttributeNames:  map[string]string{"#n0": "p"},
				ExpressionAttributeValues: Item{":v0": av.S("a")},
			},
		},
		{
			"every option",
			func(rows *Table[row]) error {
				_, err := rows.Query(t.Context(), Partition("a").SortBetween(1, 9),
					Filter(Attr("x").GreaterThan(3)), Project("x", "g"), PageSize(5), Descending(), Consistent(),
					ConsumedCapacity(&cc)).Page("")
				return err
			},
			&dynamodb.QueryInput{
				TableName:                 aws.String("rows"),
				KeyConditionExpression:    aws.String("#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2"),
				FilterExpression:          aws.String("#n2 > :v3"),
				ProjectionExpression:      aws.String("#n2, #n3"),
				ExpressionAttributeNames:  map[string]string{"#n0": "p", "#n1": "s", "#n2": "x", "#n3": "g"},
				ExpressionAttributeValues: Item{":v0": av.S("a"), ":v1": av.N("1"), ":v2": av.N("9"), ":v3": av.N("3")},
				Limit:                     aws.Int32(5),
				ScanIndexForward:          aws.Bool(false),
				ConsistentRead:            aws.Bool(true),
				ReturnConsumedCapacity:    types.ReturnConsumedCapacityIndexes,
			},
		},
		{
			"sort condition on an index without a sort key",
			func(rows *Table[row]) error {
				_, err := rows.Query(t.Context(), Partition("a").SortBeginsWith("b"), OnIndex("by_g"), Project("x")).Count()
				return err
			},
			nil, // the index has no sort key: rejected before sending
		},
		{
			"index count",
			func(rows *Table[row]) error {
				_, err := rows.Query(t.Context(), Partition("g1"), OnIndex("by_g"), Project("x")).Count()
				return err
			},
			&dynamodb.QueryInput{
				TableName:                 aws.String("rows"),
				IndexName:                 aws.String("by_g"),
				KeyConditionExpression:    aws.String("#n0 = :v0"),
				ExpressionAttributeNames:  map[string]string{"#n0": "g"},
				ExpressionAttributeValues: Item{":v0": av.S("g1")},
				Select:                    types.SelectCount,
			},
		},
		{
			"sort comparisons",
			func(rows *Table[row]) error {
				_, err := rows.Query(t.Context(), Partition("a").SortGreaterOrEqual(2)).First()
				return err
			},
			&dynamodb.QueryInput{
				TableName:                 aws.String("rows"),
				KeyConditionExpression:    aws.String("#n0 = :v0 AND #n1 >= :v1"),
				ExpressionAttributeNames:  map[string]string{"#n0": "p", "#n1": "s"},
				ExpressionAttributeValues: Item{":v0": av.S("a"), ":v1": av.N("2")},
				Limit:                     aws.Int32(1),
			},
		},
	}
	for _, tt := range tests {
		api := &fakeAPI{}
		err := tt.run(newRows(t, api))
		if tt.want == nil {
			if err == nil || len(api.inputs) > 0 {
				t.Errorf("%s: sent %d requests, error %v", tt.name, len(api.inputs), err)
			}
			continue
		}
		if err != nil && err.Error() != "ddb: Query rows: item not found" {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff([]any{tt.want}, api.inputs, sdkCmp); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestCollectLimitsRequests(t *testing.T) {
	page := 0
	api := &fakeAPI{query: func(in *dynamodb.QueryInput) *dynamodb.QueryOutput {
		page++
		out := &dynamodb.QueryOutput{LastEvaluatedKey: Item{"p": av.S("a"), "s": av.N("1")}}
		for range *in.Limit {
			out.Items = append(out.Items, Item{"p": av.S("a"), "s": av.N("1")})
		}
		return out
	}}
	rows := newRows(t, api)
	got, err := rows.Query(t.Context(), Partition("a"), PageSize(3)).Collect(7)
	if err != nil || len(got) != 7 {
		t.Fatalf("Collect(7) = %d items, %v", len(got), err)
	}
	var limits []int32
	for _, in := range api.inputs {
		limits = append(limits, *in.(*dynamodb.QueryInput).Limit)
	}
	if diff := cmp.Diff([]int32{3, 3, 1}, limits); diff != "" {
		t.Errorf("Limits of Collect(7) with PageSize(3) (-want +got):\n%s", diff)
	}
	api.inputs = nil
	if _, err := rows.Query(t.Context(), Partition("a"), PageSize(3), Filter(Attr("x").Equal(1))).Collect(4); err != nil {
		t.Fatal(err)
	}
	if in := api.inputs[len(api.inputs)-1].(*dynamodb.QueryInput); *in.Limit != 3 {
		t.Errorf("a filtered Collect lowered Limit to %d", *in.Limit)
	}
}

func TestScanInput(t *testing.T) {
	api := &fakeAPI{}
	rows := newRows(t, api)
	if _, err := rows.Scan(t.Context(), Segment(1, 4), OnIndex("by_g"), Filter(Attr("x").Exists()), PageSize(9)).Page(""); err != nil {
		t.Fatal(err)
	}
	want := &dynamodb.ScanInput{
		TableName:                aws.String("rows"),
		IndexName:                aws.String("by_g"),
		FilterExpression:         aws.String("attribute_exists(#n0)"),
		ExpressionAttributeNames: map[string]string{"#n0": "x"},
		Limit:                    aws.Int32(9),
		Segment:                  aws.Int32(1),
		TotalSegments:            aws.Int32(4),
	}
	if diff := cmp.Diff([]any{want}, api.inputs, sdkCmp); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// twoPages answers the request of a page of a Query or Scan that has two
// pages (per segment): one item each, a LastEvaluatedKey after the first
// (the request starting nowhere), half a capacity unit consumed each.
func twoPages[Out searchOutput](start Item) *Out {
	key := Item{"p": av.S("a"), "s": av.N("1")}
	out := dynamodb.QueryOutput{Items: []Item{key}, Count: 1, ScannedCount: 1,
		ConsumedCapacity: &types.ConsumedCapacity{TableName: aws.String("rows"), CapacityUnits: aws.Float64(0.5)}}
	if start == nil {
		out.LastEvaluatedKey = key
	}
	o := Out(out)
	return &o
}

// countAll counts the items All yields, up to the first error.
func countAll[T any](r *Results[T]) (int, error) {
	n := 0
	for _, err := range r.All() {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// TestSearchPages checks the requests of the pages of a Query and of a
// parallel Scan and what they keep of the responses: a page starts at the
// LastEvaluatedKey of the one before, a Scan's requests name their
// segment, no Limit is sent without PageSize, every item is read and the
// capacity of every page is added up.
func TestSearchPages(t *testing.T) {
	api := &fakeAPI{
		query: func(in *dynamodb.QueryInput) *dynamodb.QueryOutput {
			return twoPages[dynamodb.QueryOutput](in.ExclusiveStartKey)
		},
		scan: func(in *dynamodb.ScanInput) *dynamodb.ScanOutput {
			return twoPages[dynamodb.ScanOutput](in.ExclusiveStartKey)
		},
	}
	rows := newRows(t, api)
	type request struct {
		Segment int32 // -1 for none
		Start   bool  // an ExclusiveStartKey
		Limit   bool
	}
	t.Run("Query", func(t *testing.T) {
		api.inputs = nil
		var cc Capacity
		if n, err := countAll(rows.Query(t.Context(), Partition("a"), ConsumedCapacity(&cc))); n != 2 || err != nil || cc.Total != 1 {
			t.Fatalf("All: %d items, %v; %v units, want 2 items and 1 unit", n, err, cc.Total)
		}
		var got []request
		for _, in := range api.inputs {
			in := in.(*dynamodb.QueryInput)
			got = append(got, request{-1, in.ExclusiveStartKey != nil, in.Limit != nil})
		}
		if diff := cmp.Diff([]request{{-1, false, false}, {-1, true, false}}, got); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
	t.Run("Scan", func(t *testing.T) {
		api.inputs = nil
		var cc Capacity
		if n, err := countAll(rows.Scan(t.Context(), Parallel(2), ConsumedCapacity(&cc))); n != 4 || err != nil || cc.Total != 2 {
			t.Fatalf("All: %d items, %v; %v units, want 4 items and 2 units", n, err, cc.Total)
		}
		var got []request
		for _, in := range api.inputs {
			in := in.(*dynamodb.ScanInput)
			if aws.ToInt32(in.TotalSegments) != 2 {
				t.Errorf("TotalSegments %v, want 2", in.TotalSegments)
			}
			got = append(got, request{aws.ToInt32(in.Segment), in.ExclusiveStartKey != nil, in.Limit != nil})
		}
		// The segments run concurrently, the pages of each in turn.
		slices.SortStableFunc(got, func(a, b request) int { return int(a.Segment - b.Segment) })
		if diff := cmp.Diff([]request{{0, false, false}, {0, true, false}, {1, false, false}, {1, true, false}}, got); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
	})
}

func TestCursorRoundTrip(t *testing.T) {
	keys := []Item{
		{"p": av.S("a/b?c"), "s": av.N("-1.5E+3")},
		{"bin": &types.AttributeValueMemberB{Value: []byte{0, 255, 7}}},
	}
	for _, key := range keys {
		cursor, err := EncodeCursor(key)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeCursor(cursor)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(key, got, sdkCmp); diff != "" {
			t.Errorf("round trip of %s (-want +got):\n%s", cursor, diff)
		}
	}
	if c, err := EncodeCursor(nil); c != "" || err != nil {
		t.Errorf("EncodeCursor(nil) = %q, %v", c, err)
	}
	if _, err := EncodeCursor(Item{"l": &types.AttributeValueMemberL{}}); err == nil {
		t.Error("EncodeCursor of a list succeeded")
	}
	for _, bad := range []string{"%%%", "bnVsbA", `eyJwIjp7IlMiOiJhIiwiTiI6IjEifX0`, `eyJwIjp7Ik4iOiJ4In19`} {
		if _, err := DecodeCursor(bad); err == nil {
			t.Errorf("DecodeCursor(%q) succeeded", bad)
		}
	}
}

// TestQueryKeyConditionCached checks that a key condition compiled once per
// shape and then reused gives the same request, with the values of each
// call, and that a value of the wrong type is still rejected.
func TestQueryKeyConditionCached(t *testing.T) {
	api := &fakeAPI{}
	rows := newRows(t, api)
	tests := []struct {
		key   KeyCondition
		text  string
		names map[string]string
	}{
		{Partition("a"), "#n0 = :v0", map[string]string{"#n0": "p"}},
		{Partition("a").SortEqual(1), "#n0 = :v0 AND #n1 = :v1", map[string]string{"#n0": "p", "#n1": "s"}},
		{Partition("a").SortBetween(1, 9), "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2", map[string]string{"#n0": "p", "#n1": "s"}},
	}
	for _, tt := range tests {
		for call, p := range []string{"a", "b"} {
			kc := tt.key.keyCondition()
			kc.partition = []any{p}
			if _, err := rows.Query(t.Context(), kc).Page(""); err != nil {
				t.Fatalf("%s, call %d: %v", tt.text, call, err)
			}
			in := api.inputs[len(api.inputs)-1].(*dynamodb.QueryInput)
			want := Item{":v0": av.S(p)}
			for i, v := range slices.Concat(kc.equal, kc.sort) {
				want[":v"+strconv.Itoa(i+1)] = av.N(fmt.Sprint(v))
			}
			if diff := cmp.Diff(tt.text, aws.ToString(in.KeyConditionExpression)); diff != "" {
				t.Errorf("call %d: key condition (-want +got):\n%s", call, diff)
			}
			if diff := cmp.Diff(tt.names, in.ExpressionAttributeNames); diff != "" {
				t.Errorf("%s, call %d: names (-want +got):\n%s", tt.text, call, diff)
			}
			if diff := cmp.Diff(want, in.ExpressionAttributeValues, avOpts); diff != "" {
				t.Errorf("%s, call %d: values (-want +got):\n%s", tt.text, call, diff)
			}
		}
	}
	if _, err := rows.Query(t.Context(), Partition("a").SortEqual("x")).Page(""); err == nil {
		t.Error("a string for the number sort key was accepted from the cached shape")
	}
}
