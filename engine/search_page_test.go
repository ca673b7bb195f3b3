package engine

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// pagedTable creates table "paged" (pk S, sk N) holding count items in
// partition "p" with a pad attribute of padBytes bytes.
func pagedTable(t *testing.T, count, padBytes int) *DB {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("paged"), AttributeDefinitions: defs("pk", "S", "sk", "N"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
	})
	pad := strings.Repeat("x", padBytes)
	for i := range count {
		mustPut(t, db, "paged", item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i)), "pad": av.S(pad)})
	}
	return db
}

// churn writes to partition "other" and shrinks the pad of paged items 0..49
// until stop is closed.
func churn(t *testing.T, db *DB, stop chan struct{}, wg *sync.WaitGroup) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			mustPut(t, db, "paged", item{"pk": av.S("other"), "sk": av.N(strconv.Itoa(i))})
			mustPut(t, db, "paged", item{"pk": av.S("p"), "sk": av.N(strconv.Itoa(i % 50)), "pad": av.S("y")})
		}
	}()
}

func TestQueryPaging(t *testing.T) {
	tests := []struct {
		name     string
		items    int
		pad      int
		limit    int32
		maxPage  int // the most items a page may hold
		backward bool
	}{
		{name: "limit 7 forward", items: 2500, limit: 7, maxPage: 7},
		{name: "limit 7 backward", items: 2500, limit: 7, maxPage: 7, backward: true},
		{name: "1 MB forward", items: 300, pad: 10 * 1024, maxPage: 153},
		{name: "1 MB backward", items: 300, pad: 10 * 1024, maxPage: 153, backward: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := pagedTable(t, tt.items, tt.pad)
			stop, wg := make(chan struct{}), &sync.WaitGroup{}
			churn(t, db, stop, wg)
			defer func() { close(stop); wg.Wait() }()
			var got []int
			var start map[string]types.AttributeValue
			pages := 0
			for {
				in := &dynamodb.QueryInput{
					TableName: aws.String("paged"), KeyConditionExpression: aws.String("pk = :p"),
					ExpressionAttributeValues: item{":p": av.S("p")}, ExclusiveStartKey: start,
					ScanIndexForward: aws.Bool(!tt.backward), Select: types.SelectSpecificAttributes, ProjectionExpression: aws.String("sk"),
				}
				if tt.limit > 0 {
					in.Limit = aws.Int32(tt.limit)
				}
				out, err := db.Query(ctx, in)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if len(out.Items) > tt.maxPage {
					t.Fatalf("page of %d items, want at most %d", len(out.Items), tt.maxPage)
				}
				got = append(got, numbers(out.Items, "sk")...)
				if start = out.LastEvaluatedKey; start == nil {
					break
				}
			}
			want := make([]int, tt.items)
			for i := range want {
				want[i] = i
				if tt.backward {
					want[i] = tt.items - 1 - i
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("items over %d pages (-want +got):\n%s", pages, diff)
			}
		})
	}
}

// The page that reaches 1 MB ends with the item that reaches it.
func TestPageStopsAtOneMegabyte(t *testing.T) {
	db := pagedTable(t, 200, 10*1024)
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("paged"), Select: types.SelectCount, ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal})
	if err != nil {
		t.Fatal(err)
	}
	size := 10*1024 + len("pad") + len("pk") + len("p") + len("sk")
	want := int32((maxPageBytes + size - 1) / size)
	if out.ScannedCount < want-1 || out.ScannedCount > want || out.LastEvaluatedKey == nil {
		t.Errorf("ScannedCount %d LastEvaluatedKey %v, want about %d and a key", out.ScannedCount, out.LastEvaluatedKey, want)
	}
	// Every item read counts, rounded up to 4 KB once, halved (eventually
	// consistent).
	if got, want := *out.ConsumedCapacity.CapacityUnits, float64((int(out.ScannedCount)*size+4095)/4096)/2; got != want {
		t.Errorf("capacity %v, want %v", got, want)
	}
}

// A page of a local index that fetches its items from the table ends once
// the rows and the items fetched for them reach 1 MB, with the item that
// reaches it; each fetched item is charged on its own, rounded up to 4 KB
// (DynamoDB Local's pages and capacity).
func TestFetchingPageStopsAtOneMegabyte(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("fetched"), AttributeDefinitions: defs("pk", "S", "sk", "S", "lsk", "S"),
		KeySchema: keySchema("pk", "sk"), BillingMode: types.BillingModePayPerRequest,
		LocalSecondaryIndexes: []types.LocalSecondaryIndex{{
			IndexName: aws.String("byLsk"), KeySchema: keySchema("pk", "lsk"),
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
		}},
	})
	d := strings.Repeat("x", 100000)
	for i := range 30 {
		k := fmt.Sprintf("%02d", i)
		mustPut(t, db, "fetched", item{"pk": av.S("p"), "sk": av.S(k), "lsk": av.S(k), "d": av.S(d)})
	}
	wantLast := item{"pk": av.S("p"), "sk": av.S("10"), "lsk": av.S("10")}
	q, err := db.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("fetched"), IndexName: aws.String("byLsk"), Select: types.SelectAllAttributes,
		KeyConditionExpression: aws.String("pk = :p"), ExpressionAttributeValues: item{":p": av.S("p")},
		ReturnConsumedCapacity: types.ReturnConsumedCapacityIndexes,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Items) != 11 || !cmp.Equal(q.LastEvaluatedKey, wantLast, cmpAV) {
		t.Errorf("Query: %d items, LastEvaluatedKey %v; want 11 and %v", len(q.Items), q.LastEvaluatedKey, wantLast)
	}
	// 11 items of 100,013 bytes, 25 units each; 11 index rows of 12 bytes,
	// 1 unit; halved (eventually consistent).
	c := q.ConsumedCapacity
	if *c.CapacityUnits != 138 || *c.Table.CapacityUnits != 137.5 || *c.LocalSecondaryIndexes["byLsk"].CapacityUnits != 0.5 {
		t.Errorf("Query capacity %v, table %v, index %v; want 138, 137.5, 0.5", *c.CapacityUnits, *c.Table.CapacityUnits, *c.LocalSecondaryIndexes["byLsk"].CapacityUnits)
	}
	s, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("fetched"), IndexName: aws.String("byLsk"), Select: types.SelectAllAttributes})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Items) != 11 || !cmp.Equal(s.LastEvaluatedKey, wantLast, cmpAV) {
		t.Errorf("Scan: %d items, LastEvaluatedKey %v; want 11 and %v", len(s.Items), s.LastEvaluatedKey, wantLast)
	}
}

func TestParallelScan(t *testing.T) {
	db := openMemory(t)
	mustCreate(t, db, &dynamodb.CreateTableInput{
		TableName: aws.String("scanned"), AttributeDefinitions: defs("pk", "S"),
		KeySchema: keySchema("pk"), BillingMode: types.BillingModePayPerRequest,
	})
	const items = 1000
	for i := range items {
		mustPut(t, db, "scanned", item{"pk": av.S(fmt.Sprint(i))})
	}
	for _, total := range []int32{1, 3, 7, 1000000} {
		seen := map[string]int{}
		for seg := range min(total, 8) {
			var start map[string]types.AttributeValue
			for {
				out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("scanned"), Segment: aws.Int32(seg), TotalSegments: aws.Int32(total), Limit: aws.Int32(40), ExclusiveStartKey: start})
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range out.Items {
					seen[it["pk"].(*types.AttributeValueMemberS).Value]++
				}
				if start = out.LastEvaluatedKey; start == nil {
					break
				}
			}
		}
		if total > 8 {
			continue // only the first segments were read
		}
		for i := range items {
			if c := seen[fmt.Sprint(i)]; c != 1 {
				t.Errorf("TotalSegments %d: item %d seen %d times", total, i, c)
			}
		}
	}
	// A starting key of another segment is refused, with DynamoDB's
	// message (dynalite's tests, run against DynamoDB).
	out, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("scanned"), Segment: aws.Int32(1), TotalSegments: aws.Int32(2), Limit: aws.Int32(1)})
	if err != nil || len(out.Items) != 1 {
		t.Fatalf("Scan of segment 1: %v, %d items", err, len(out.Items))
	}
	_, err = db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("scanned"), Segment: aws.Int32(0), TotalSegments: aws.Int32(2), ExclusiveStartKey: out.LastEvaluatedKey})
	const want = "ValidationException: The provided starting key is invalid: Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. TotalSegments: 2 Segment: 0"
	if got := errText(err); got != want {
		t.Errorf("start key of segment 1 in segment 0: %q, want %q", got, want)
	}
}

func TestScanErrors(t *testing.T) {
	db := queryTable(t)
	tests := []struct {
		name string
		in   dynamodb.ScanInput
		err  string
	}{
		{"segment alone", dynamodb.ScanInput{Segment: aws.Int32(1)}, "ValidationException: The TotalSegments parameter is required but was not present in the request when Segment parameter is present"},
		{"total alone", dynamodb.ScanInput{TotalSegments: aws.Int32(2)}, "ValidationException: The Segment parameter is required but was not present in the request when parameter TotalSegments is present"},
		{"segment too big", dynamodb.ScanInput{Segment: aws.Int32(2), TotalSegments: aws.Int32(2)},
			"ValidationException: The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 2 is not less than TotalSegments: 2"},
		{"negative segment", dynamodb.ScanInput{Segment: aws.Int32(-1), TotalSegments: aws.Int32(2)},
			"ValidationException: 1 validation error detected: Value '-1' at 'segment' failed to satisfy constraint: Member must have value greater than or equal to 0"},
		{"zero total", dynamodb.ScanInput{Segment: aws.Int32(0), TotalSegments: aws.Int32(0)},
			"ValidationException: 1 validation error detected: Value '0' at 'totalSegments' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"total too big", dynamodb.ScanInput{Segment: aws.Int32(0), TotalSegments: aws.Int32(1000001)},
			"ValidationException: 1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member must have value less than or equal to 1000000"},
		{"start key size", dynamodb.ScanInput{ExclusiveStartKey: item{"pk": av.S("a")}}, "ValidationException: The provided starting key is invalid: The provided key element does not match the schema"},
		{"projected", dynamodb.ScanInput{Select: types.SelectAllProjectedAttributes}, "ValidationException: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"},
		{"values without expression", dynamodb.ScanInput{ExpressionAttributeValues: item{":v": av.S("a")}},
			"ValidationException: ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			in.TableName = aws.String("qtab")
			_, err := db.Scan(ctx, &in)
			if got := errText(err); got != tt.err {
				t.Errorf("error %q, want %q", got, tt.err)
			}
		})
	}
}
