package conformance

import (
	"context"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ddbkit/ddb/internal/av"
)

// units is the expected shape of one ConsumedCapacity: the total, and under
// INDEXES the table's and each index's units (absent indexes: no entry).
type units struct {
	Total, Table float64
	GSI, LSI     map[string]float64
}

// unitsOf extracts units from a ConsumedCapacity, checking that no
// read/write split is reported (DynamoDB reports it only for transactions).
func unitsOf(t *testing.T, cc *types.ConsumedCapacity) units {
	t.Helper()
	if cc == nil {
		t.Fatal("no ConsumedCapacity")
	}
	split := func(c *types.Capacity) bool {
		return c != nil && (c.ReadCapacityUnits != nil || c.WriteCapacityUnits != nil)
	}
	if cc.ReadCapacityUnits != nil || cc.WriteCapacityUnits != nil || split(cc.Table) {
		t.Errorf("ConsumedCapacity reports a read/write split: %+v", cc)
	}
	u := units{Total: aws.ToFloat64(cc.CapacityUnits)}
	if cc.Table != nil {
		u.Table = aws.ToFloat64(cc.Table.CapacityUnits)
	}
	indexUnits := func(m map[string]types.Capacity) map[string]float64 {
		if m == nil {
			return nil
		}
		out := map[string]float64{}
		for name, c := range m {
			out[name] = aws.ToFloat64(c.CapacityUnits)
		}
		return out
	}
	u.GSI, u.LSI = indexUnits(cc.GlobalSecondaryIndexes), indexUnits(cc.LocalSecondaryIndexes)
	return u
}

// TestConsumedCapacity pins the capacity single-item writes and reads report:
// aggregate units only, 1 per small write and per consistent read, 0.5 per
// eventually consistent read, and under INDEXES one entry per index whose
// stored view of the item the write changed (an identical overwrite touches
// no index; a moved index key costs a delete and a put).
func TestConsumedCapacity(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		table := aws.String(be.tb.indexed)
		next := 0
		fresh := func() string { next++; return fmt.Sprint("cap-", next) }
		full := func(pk string) item {
			return item{"pk": av.S(pk), "sk": av.S("1"), "lsi1sk": av.S("g"), "lsi2sk": av.S("L"), "data": av.S("d"), "other": av.S("o")}
		}
		putUnits := func(t *testing.T, it item, rcc types.ReturnConsumedCapacity) *types.ConsumedCapacity {
			t.Helper()
			out, err := be.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: table, Item: it, ReturnConsumedCapacity: rcc})
			if err != nil {
				t.Fatal(err)
			}
			return out.ConsumedCapacity
		}
		key := func(pk string) item { return item{"pk": av.S(pk), "sk": av.S("1")} }
		indexes := types.ReturnConsumedCapacityIndexes
		every := units{Total: 5, Table: 1, GSI: map[string]float64{"gsi1": 1, "gsi2": 1}, LSI: map[string]float64{"lsi1": 1, "lsi2": 1}}
		cases := []struct {
			name string
			run  func(t *testing.T) *types.ConsumedCapacity
			want units
		}{
			{name: "put touching every index", run: func(t *testing.T) *types.ConsumedCapacity { return putUnits(t, full(fresh()), indexes) }, want: every},
			{name: "put folds index units into TOTAL", run: func(t *testing.T) *types.ConsumedCapacity {
				return putUnits(t, full(fresh()), types.ReturnConsumedCapacityTotal)
			}, want: units{Total: 5}},
			{name: "put of an item no index holds", run: func(t *testing.T) *types.ConsumedCapacity {
				return putUnits(t, item{"pk": av.S(fresh()), "sk": av.S("1"), "other": av.S("o")}, indexes)
			}, want: units{Total: 1, Table: 1}},
			{name: "put reaching only the local index", run: func(t *testing.T) *types.ConsumedCapacity {
				return putUnits(t, item{"pk": av.S(fresh()), "sk": av.S("1"), "lsi2sk": av.S("L")}, indexes)
			}, want: units{Total: 2, Table: 1, LSI: map[string]float64{"lsi2": 1}}},
			{name: "identical overwrite", run: func(t *testing.T) *types.ConsumedCapacity {
				pk := fresh()
				putUnits(t, full(pk), indexes)
				return putUnits(t, full(pk), indexes)
			}, want: units{Total: 1, Table: 1}},
			{name: "update of an attribute only an ALL index projects", run: func(t *testing.T) *types.ConsumedCapacity {
				pk := fresh()
				putUnits(t, full(pk), "")
				out, err := be.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: table, Key: key(pk),
					UpdateExpression: aws.String("SET #o = :v"), ExpressionAttributeNames: map[string]string{"#o": "other"},
					ExpressionAttributeValues: item{":v": av.S("o2")}, ReturnConsumedCapacity: indexes})
				if err != nil {
					t.Fatal(err)
				}
				return out.ConsumedCapacity
			}, want: units{Total: 3, Table: 1, GSI: map[string]float64{"gsi1": 1}, LSI: map[string]float64{"lsi1": 1}}},
			{name: "update moving an index key", run: func(t *testing.T) *types.ConsumedCapacity {
				pk := fresh()
				putUnits(t, item{"pk": av.S(pk), "sk": av.S("1"), "lsi2sk": av.S("L")}, "")
				putUnits(t, full(pk), "")
				out, err := be.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: table, Key: key(pk),
					UpdateExpression: aws.String("SET lsi2sk = :v"), ExpressionAttributeValues: item{":v": av.S("L2")}, ReturnConsumedCapacity: indexes})
				if err != nil {
					t.Fatal(err)
				}
				return out.ConsumedCapacity
			}, want: units{Total: 7, Table: 1, GSI: map[string]float64{"gsi1": 1, "gsi2": 2}, LSI: map[string]float64{"lsi1": 1, "lsi2": 2}}},
			{name: "delete of an item in every index", run: func(t *testing.T) *types.ConsumedCapacity {
				pk := fresh()
				putUnits(t, full(pk), "")
				out, err := be.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: table, Key: key(pk), ReturnConsumedCapacity: indexes})
				if err != nil {
					t.Fatal(err)
				}
				return out.ConsumedCapacity
			}, want: every},
			{name: "delete of an item no index holds", run: func(t *testing.T) *types.ConsumedCapacity {
				pk := fresh()
				putUnits(t, item{"pk": av.S(pk), "sk": av.S("1")}, "")
				out, err := be.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: table, Key: key(pk), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
				if err != nil {
					t.Fatal(err)
				}
				return out.ConsumedCapacity
			}, want: units{Total: 1}},
			{name: "consistent get", run: func(t *testing.T) *types.ConsumedCapacity {
				out, err := be.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: table, Key: key("cap-1"), ConsistentRead: aws.Bool(true),
					ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
				if err != nil {
					t.Fatal(err)
				}
				return out.ConsumedCapacity
			}, want: units{Total: 1}},
			{name: "eventually consistent get", run: func(t *testing.T) *types.ConsumedCapacity {
				out, err := be.api.GetItem(ctx, &dynamodb.GetItemInput{TableName: table, Key: key("cap-1"), ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
				if err != nil {
					t.Fatal(err)
				}
				return out.ConsumedCapacity
			}, want: units{Total: 0.5}},
			{name: "batch write sums its items per table", run: func(t *testing.T) *types.ConsumedCapacity {
				out, err := be.api.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{ReturnConsumedCapacity: indexes,
					RequestItems: map[string][]types.WriteRequest{be.tb.indexed: {
						{PutRequest: &types.PutRequest{Item: item{"pk": av.S(fresh()), "sk": av.S("1"), "lsi1sk": av.S("g")}}},
						{PutRequest: &types.PutRequest{Item: item{"pk": av.S(fresh()), "sk": av.S("1")}}}}}})
				if err != nil {
					t.Fatal(err)
				}
				if len(out.ConsumedCapacity) != 1 {
					t.Fatalf("ConsumedCapacity has %d entries, want 1", len(out.ConsumedCapacity))
				}
				return &out.ConsumedCapacity[0]
			}, want: units{Total: 4, Table: 2, GSI: map[string]float64{"gsi1": 1}, LSI: map[string]float64{"lsi1": 1}}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				cc := c.run(t)
				if aws.ToString(cc.TableName) != be.tb.indexed {
					t.Errorf("TableName = %q, want %q", aws.ToString(cc.TableName), be.tb.indexed)
				}
				if diff := cmp.Diff(c.want, unitsOf(t, cc), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("units differ (-want +got):\n%s", diff)
				}
			})
		}
		t.Run("NONE reports nothing", func(t *testing.T) {
			if cc := putUnits(t, full(fresh()), types.ReturnConsumedCapacityNone); cc != nil {
				t.Errorf("ConsumedCapacity = %+v, want none", cc)
			}
		})
	})
}

// TestItemCollectionMetrics pins that writes to a table with a local index
// report the item collection's key and size range when asked, and nothing
// otherwise.
func TestItemCollectionMetrics(t *testing.T) {
	forEachBackend(t, func(t *testing.T, be backend) {
		ctx := context.Background()
		table := aws.String(be.tb.indexed)
		it := item{"pk": av.S("icm"), "sk": av.S("a"), "lsi1sk": av.S("v")}
		key := item{"pk": av.S("icm"), "sk": av.S("a")}
		cases := []struct {
			name string
			run  func(rm types.ReturnItemCollectionMetrics) (*types.ItemCollectionMetrics, error)
		}{
			{name: "PutItem", run: func(rm types.ReturnItemCollectionMetrics) (*types.ItemCollectionMetrics, error) {
				out, err := be.api.PutItem(ctx, &dynamodb.PutItemInput{TableName: table, Item: it, ReturnItemCollectionMetrics: rm})
				if err != nil {
					return nil, err
				}
				return out.ItemCollectionMetrics, nil
			}},
			{name: "UpdateItem", run: func(rm types.ReturnItemCollectionMetrics) (*types.ItemCollectionMetrics, error) {
				out, err := be.api.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: table, Key: key, UpdateExpression: aws.String("SET d = :v"),
					ExpressionAttributeValues: item{":v": av.S("x")}, ReturnItemCollectionMetrics: rm})
				if err != nil {
					return nil, err
				}
				return out.ItemCollectionMetrics, nil
			}},
			{name: "DeleteItem", run: func(rm types.ReturnItemCollectionMetrics) (*types.ItemCollectionMetrics, error) {
				out, err := be.api.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: table, Key: key, ReturnItemCollectionMetrics: rm})
				if err != nil {
					return nil, err
				}
				return out.ItemCollectionMetrics, nil
			}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				be.skipLocal(t, "it returns no ItemCollectionMetrics")
				put(t, be.api, be.tb.indexed, it)
				got, err := c.run(types.ReturnItemCollectionMetricsSize)
				if err != nil {
					t.Fatal(err)
				}
				if got == nil {
					t.Fatal("no ItemCollectionMetrics")
				}
				sameItem(t, got.ItemCollectionKey, item{"pk": av.S("icm")})
				if len(got.SizeEstimateRangeGB) != 2 {
					t.Errorf("SizeEstimateRangeGB = %v, want two bounds", got.SizeEstimateRangeGB)
				}
				put(t, be.api, be.tb.indexed, it)
				if got, err := c.run(types.ReturnItemCollectionMetricsNone); err != nil || got != nil {
					t.Errorf("with NONE: metrics %+v, error %v; want neither", got, err)
				}
			})
		}
	})
}
