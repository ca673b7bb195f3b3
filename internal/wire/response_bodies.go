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
	r.enter('{')
	for first := true; r.more('}', first); first = false {
		k := r.key()
		if r.null() {
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
	readMembers(r, out, func(k string) bool {
		if k != "Responses" {
			return false
		}
		out.Responses = map[string][]map[string]types.AttributeValue{}
		r.enter('{')
		for first := true; r.more('}', first); first = false {
			table := r.key()
			if r.null() {
				out.Responses[table] = nil
				continue
			}
			out.Responses[table] = r.items(0)
		}
		return true
	})
}

func readTransactGetItems(r *reader, out *dynamodb.TransactGetItemsOutput) {
	readMembers(r, out, func(k string) bool {
		if k != "Responses" {
			return false
		}
		out.Responses = r.itemResponses()
		return true
	})
}

// itemResponses reads the list of a transaction's items.
func (r *reader) itemResponses() []types.ItemResponse {
	r.enter('[')
	l := make([]types.ItemResponse, 0, 8)
	for first := true; r.more(']', first); first = false {
		var resp types.ItemResponse
		if !r.null() {
			readMembers(r, &resp, func(k string) bool {
				if k != "Item" {
					return false
				}
				resp.Item = r.item()
				return true
			})
		}
		l = append(l, resp)
	}
	return l
}
