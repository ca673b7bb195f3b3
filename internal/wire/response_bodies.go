package wire

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// The response readers of the data-plane operations. Each reads by hand
// the members that carry items, which are most of a response and of its
// decoding cost, and leaves every other member (consumed capacity, item
// collection metrics, unprocessed requests, and members a later SDK adds)
// to the SDK's generated deserializer through reader.member.

// readMembers reads the object of out's members: handle reads the members
// it knows and reports whether it did; the SDK's deserializer reads the
// others. A null member is left unset, as the SDK leaves it.
func readMembers(r *reader, out smithy.Deserializable, handle func(name string) bool) {
	r.Enter('{')
	for first := true; r.More('}', first); first = false {
		k := r.Key()
		if r.Null() {
			continue
		}
		if !handle(k) {
			r.member(out, k)
		}
	}
}

func readGetItem(r *reader, out *dynamodb.GetItemOutput) {
	readMembers(r, out, func(k string) bool {
		if k != "Item" {
			return false
		}
		out.Item = r.item()
		return true
	})
}

func readPutItem(r *reader, out *dynamodb.PutItemOutput) {
	readAttributes(r, out, &out.Attributes)
}

func readUpdateItem(r *reader, out *dynamodb.UpdateItemOutput) {
	readAttributes(r, out, &out.Attributes)
}

func readDeleteItem(r *reader, out *dynamodb.DeleteItemOutput) {
	readAttributes(r, out, &out.Attributes)
}

// readAttributes reads the output of a single-item write, whose item is
// its member Attributes.
func readAttributes(r *reader, out smithy.Deserializable, attrs *map[string]types.AttributeValue) {
	readMembers(r, out, func(k string) bool {
		if k != "Attributes" {
			return false
		}
		*attrs = r.item()
		return true
	})
}

func readQuery(r *reader, out *dynamodb.QueryOutput) {
	readPage(r, out, func(n int) { out.Items = r.items(n) }, &out.LastEvaluatedKey, &out.Count, &out.ScannedCount)
}

func readScan(r *reader, out *dynamodb.ScanOutput) {
	readPage(r, out, func(n int) { out.Items = r.items(n) }, &out.LastEvaluatedKey, &out.Count, &out.ScannedCount)
}

// readPage reads the output of a Query or Scan; items reads the member
// Items, about n of them.
func readPage(r *reader, out smithy.Deserializable, items func(n int), last *map[string]types.AttributeValue, count, scanned *int32) {
	readMembers(r, out, func(k string) bool {
		switch k {
		case "Items":
			items(int(*count)) // DynamoDB writes Count first
		case "LastEvaluatedKey":
			*last = r.item()
		case "Count":
			*count = int32(r.integer(32))
		case "ScannedCount":
			*scanned = int32(r.integer(32))
		default:
			return false
		}
		return true
	})
}

func readBatchGetItem(r *reader, out *dynamodb.BatchGetItemOutput) {
	readTableItems(r, out, &out.Responses, func() []map[string]types.AttributeValue { return r.items(0) })
}

// readTableItems reads the output of a BatchGetItem, its member Responses
// into *responses: each table's items, as items reads them (a null list
// stays nil).
func readTableItems[Items any](r *reader, out smithy.Deserializable, responses *map[string]Items, items func() Items) {
	readMembers(r, out, func(k string) bool {
		if k != "Responses" {
			return false
		}
		*responses = map[string]Items{}
		r.Enter('{')
		for first := true; r.More('}', first); first = false {
			table := r.Key()
			var l Items
			if !r.Null() {
				l = items()
			}
			(*responses)[table] = l
		}
		return true
	})
}

func readTransactGetItems(r *reader, out *dynamodb.TransactGetItemsOutput) {
	readItemResponses(r, out, &out.Responses, r.itemResponse)
}

// itemResponse reads the member Item of a transaction's response.
func (r *reader) itemResponse() types.ItemResponse { return types.ItemResponse{Item: r.item()} }

// readItemResponses reads the output of a TransactGetItems (or an
// ExecuteTransaction), its member Responses into *responses: for each
// response, what item reads of its member Item (the zero E when it has
// none or is null).
func readItemResponses[E any](r *reader, out smithy.Deserializable, responses *[]E, item func() E) {
	readMembers(r, out, func(k string) bool {
		if k != "Responses" {
			return false
		}
		r.Enter('[')
		l := make([]E, 0, 8)
		for first := true; r.More(']', first); first = false {
			var e E
			if !r.Null() {
				readMembers(r, &types.ItemResponse{}, func(k string) bool {
					if k != "Item" {
						return false
					}
					e = item()
					return true
				})
			}
			l = append(l, e)
		}
		*responses = l
		return true
	})
}
