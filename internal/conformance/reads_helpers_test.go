package conformance

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/av"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// page is one Query or Scan answer, in the form the read checks look at.
type page struct {
	items    []item
	count    int32
	scanned  int32
	last     item
	capacity *types.ConsumedCapacity
	noItems  bool // the answer carried no Items member at all (Select COUNT)
}

// maxPages bounds a paged walk, so that a cursor that never ends fails the
// test instead of hanging it.
const maxPages = 60

// queryPages runs in and, when follow is set, every following page.
func queryPages(t *testing.T, api ddb.API, in *dynamodb.QueryInput, follow bool) ([]page, error) {
	t.Helper()
	return readPages(t, "query", *in, follow, func(req *dynamodb.QueryInput, start item) (*dynamodb.QueryOutput, error) {
		if start != nil {
			req.ExclusiveStartKey = start
		}
		return api.Query(context.Background(), req)
	})
}

// scanPages runs in and, when follow is set, every following page.
func scanPages(t *testing.T, api ddb.API, in *dynamodb.ScanInput, follow bool) ([]page, error) {
	t.Helper()
	return readPages(t, "scan", *in, follow, func(req *dynamodb.ScanInput, start item) (*dynamodb.ScanOutput, error) {
		if start != nil {
			req.ExclusiveStartKey = start
		}
		return api.Scan(context.Background(), req)
	})
}

// readPages sends req, a Query or Scan (op), with send, and, when follow
// is set, every following page: send makes req start after start, when
// it is not nil. aws-sdk-go-v2 declares the two outputs with the same
// fields, so each is read as a QueryOutput.
func readPages[In any, Out dynamodb.QueryOutput | dynamodb.ScanOutput](t *testing.T, op string, req In, follow bool, send func(req *In, start item) (*Out, error)) ([]page, error) {
	t.Helper()
	var pages []page
	var start item
	for {
		o, err := send(&req, start)
		if err != nil {
			return pages, err
		}
		out := dynamodb.QueryOutput(*o)
		pages = append(pages, page{items: out.Items, count: out.Count, scanned: out.ScannedCount, last: out.LastEvaluatedKey, capacity: out.ConsumedCapacity, noItems: out.Items == nil})
		if !follow || out.LastEvaluatedKey == nil {
			return pages, nil
		}
		if len(pages) == maxPages {
			t.Fatalf("%s still paging after %d pages", op, maxPages)
		}
		start = out.LastEvaluatedKey
	}
}

// pageCheck asserts something about the pages a read returned.
type pageCheck func(t *testing.T, pages []page)

// all combines checks.
func all(checks ...pageCheck) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		for _, c := range checks {
			c(t, pages)
		}
	}
}

// label renders attribute attr of it as text: S and N as they are, B in hex,
// "" when absent.
func label(it item, attr string) string {
	switch v := it[attr].(type) {
	case *types.AttributeValueMemberS:
		return v.Value
	case *types.AttributeValueMemberN:
		return v.Value
	case *types.AttributeValueMemberB:
		return hex.EncodeToString(v.Value)
	}
	return ""
}

// labels renders attribute attr of every item of every page, in order.
func labels(pages []page, attr string) []string {
	got := []string{}
	for _, p := range pages {
		for _, it := range p.items {
			got = append(got, label(it, attr))
		}
	}
	return got
}

// inOrder wants attribute attr of the items, across pages, to be want.
func inOrder(attr string, want ...string) pageCheck {
	if want == nil {
		want = []string{}
	}
	return func(t *testing.T, pages []page) {
		t.Helper()
		if diff := cmp.Diff(want, labels(pages, attr)); diff != "" {
			t.Errorf("%s of the items (-want +got):\n%s", attr, diff)
		}
	}
}

// anyOrder is inOrder ignoring order.
func anyOrder(attr string, want ...string) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		got := labels(pages, attr)
		slices.Sort(got)
		want := append([]string{}, want...)
		slices.Sort(want)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s of the items, sorted (-want +got):\n%s", attr, diff)
		}
	}
}

// counts wants the first page's Count and ScannedCount.
func counts(count, scanned int32) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		if p := pages[0]; p.count != count || p.scanned != scanned {
			t.Errorf("Count, ScannedCount = %d, %d; want %d, %d", p.count, p.scanned, count, scanned)
		}
	}
}

// countOnly wants a first page with Count and ScannedCount but no Items.
func countOnly(count, scanned int32) pageCheck {
	return all(counts(count, scanned), func(t *testing.T, pages []page) {
		t.Helper()
		if !pages[0].noItems {
			t.Errorf("Items = %v, want none for Select COUNT", pages[0].items)
		}
	})
}

// continues wants the first page to end with (or without) a LastEvaluatedKey.
func continues(want bool) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		if got := pages[0].last != nil; got != want {
			t.Errorf("LastEvaluatedKey present = %v (%v), want %v", got, pages[0].last, want)
		}
	}
}

// cursorKeys wants every LastEvaluatedKey of a walk to hold exactly names.
func cursorKeys(names ...string) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		want := slices.Sorted(slices.Values(names))
		for i, p := range pages {
			if p.last == nil {
				continue
			}
			var got []string
			for k := range p.last {
				got = append(got, k)
			}
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("page %d LastEvaluatedKey attributes (-want +got):\n%s", i, diff)
			}
		}
	}
}

// attrsPresent wants every returned item to hold all of has and none of lacks.
func attrsPresent(has []string, lacks ...string) pageCheck {
	return func(t *testing.T, pages []page) {
		t.Helper()
		for _, p := range pages {
			for _, it := range p.items {
				for _, a := range has {
					if _, ok := it[a]; !ok {
						t.Errorf("item %v lacks %s", it, a)
					}
				}
				for _, a := range lacks {
					if _, ok := it[a]; ok {
						t.Errorf("item %v has %s, which should not be returned", it, a)
					}
				}
			}
		}
	}
}

// putAll writes every item to table.
func putAll(t *testing.T, api ddb.API, table string, items []item) {
	t.Helper()
	for _, it := range items {
		put(t, api, table, it)
	}
}

// sortedTable creates a table keyed by pk (S) and sk of type typ, on demand.
func sortedTable(t *testing.T, api ddb.API, base string, typ types.ScalarAttributeType) string {
	t.Helper()
	return testbackend.CreateTable(t, api, &dynamodb.CreateTableInput{
		TableName:            aws.String(base),
		AttributeDefinitions: []types.AttributeDefinition{attrDef("pk", types.ScalarAttributeTypeS), attrDef("sk", typ)},
		KeySchema:            []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)},
		BillingMode:          types.BillingModePayPerRequest,
	})
}

// vals builds ExpressionAttributeValues from name/value pairs.
func vals(pairs ...any) map[string]types.AttributeValue {
	out := map[string]types.AttributeValue{}
	for i := 0; i < len(pairs); i += 2 {
		out[pairs[i].(string)] = pairs[i+1].(types.AttributeValue)
	}
	return out
}

// names builds ExpressionAttributeNames from placeholder/name pairs.
func names(pairs ...string) map[string]string {
	out := map[string]string{}
	for i := 0; i < len(pairs); i += 2 {
		out[pairs[i]] = pairs[i+1]
	}
	return out
}

// Reasons shared by skipped cases.
const (
	// pendingConstraints: DynamoDB checks members against their modelled
	// constraints first and answers "N validation error(s) detected: ...";
	// the engine's constraints layer for this is being written.
	pendingConstraints = "awaiting the engine's member constraints layer (\"1 validation error detected\" messages)"
	localMissingTable  = "it reports a missing table as Cannot do operations on a non-existent table"
	localStartKeySize  = "it reports a start key of the wrong size as Exclusive Start Key must have same size as table's key schema"
)

// capacityVariant is a filter or a projection of a read, which must leave
// its capacity as it is, and the Count the read gives with it.
type capacityVariant struct {
	name, filter, projection string
	keep                     string // the filter's :k
	count                    int32
}

// checkCapacityUnchanged puts six items of some 200 bytes in partition pk
// of table, the first with keep "yes" and the others "no", and checks that
// read (a Query or Scan of them with a filter and a projection, nil for
// none, and the filter's values, nil without one) gives each variant's
// Count and the capacity units of the read with neither: DynamoDB charges a
// read for what it reads, before the filter and the projection.
func checkCapacityUnchanged(t *testing.T, be backend, table, pk string, variants []capacityVariant,
	read func(t *testing.T, filter, projection *string, values item) (*types.ConsumedCapacity, int32)) {
	t.Helper()
	for i := range 6 {
		keep := "no"
		if i == 0 {
			keep = "yes"
		}
		put(t, be.api, table, item{"pk": av.S(pk), "sk": av.S(fmt.Sprintf("s%d", i)), "keep": av.S(keep), "filler": av.S(fmt.Sprintf("%0200d", 0))})
	}
	units := func(t *testing.T, v capacityVariant) (float64, int32) {
		t.Helper()
		var filter, projection *string
		var values item
		if v.filter != "" {
			filter, values = aws.String(v.filter), vals(":k", av.S(v.keep))
		}
		if v.projection != "" {
			projection = aws.String(v.projection)
		}
		cc, count := read(t, filter, projection, values)
		if cc == nil || cc.CapacityUnits == nil {
			t.Fatalf("no ConsumedCapacity (Count %d)", count)
		}
		return *cc.CapacityUnits, count
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			plain, _ := units(t, capacityVariant{})
			got, count := units(t, v)
			if count != v.count || got != plain {
				t.Errorf("Count, units = %d, %v; want %d, %v (the units with neither filter nor projection)", count, got, v.count, plain)
			}
		})
	}
}
