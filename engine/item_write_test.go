package engine

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// A put that replaces an item without a condition or ReturnValues measures
// the old item instead of decoding it (on a table without indexes): its
// capacity, the item count and the table size must be those of the full
// path, which the same writes with ReturnValues ALL_OLD take.
func TestPutReplacingItemCountsOldSize(t *testing.T) {
	type state struct {
		Units        []float64
		Items, Bytes int64
	}
	big := strings.Repeat("x", 2500) // 3 write units
	run := func(t *testing.T, ret types.ReturnValue) state {
		db := openMemory(t)
		mustCreate(t, db, &dynamodb.CreateTableInput{
			TableName: aws.String("replace"), AttributeDefinitions: defs("pk", "S"),
			KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest,
		})
		var st state
		for _, it := range []item{
			{"pk": av.S("a"), "v": av.S(big), "n": av.N("1.50"), "l": &types.AttributeValueMemberL{Value: []types.AttributeValue{av.N("-7"), av.S("x")}}},
			{"pk": av.S("a"), "v": av.S("small")},
			{"pk": av.S("b"), "v": av.S("small")},
			{"pk": av.S("b"), "v": av.S(big)},
		} {
			out, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("replace"), Item: it,
				ReturnValues: ret, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
			if err != nil {
				t.Fatal(err)
			}
			st.Units = append(st.Units, *out.ConsumedCapacity.CapacityUnits)
		}
		d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("replace")})
		if err != nil {
			t.Fatal(err)
		}
		st.Items, st.Bytes = *d.Table.ItemCount, *d.Table.TableSizeBytes
		return st
	}
	want := run(t, types.ReturnValueAllOld)
	if diff := cmp.Diff(state{Units: []float64{3, 3, 1, 3}, Items: 2, Bytes: want.Bytes}, want); diff != "" || want.Bytes < 2500 {
		t.Fatalf("full path (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, run(t, types.ReturnValueNone)); diff != "" {
		t.Errorf("measured path differs from the full path (-full +measured):\n%s", diff)
	}
}
