package wire

import (
	"context"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// The client's item JSON forms of PutItem and GetItem (dynamo.ItemJSONWriter
// and dynamo.ItemJSONReader): the library's typed writes and reads hand
// over and take items as the JSON of the request and response bodies.

// putItemJSON is a PutItem input with its item as JSON.
type putItemJSON struct {
	in   *dynamodb.PutItemInput
	item []byte
}

// getItemJSON is a GetItem output with its item as JSON.
type getItemJSON struct {
	out  dynamodb.GetItemOutput
	item []byte
}

var (
	opPutItemJSON = newOperation(dynamoDB, "PutItem", writePutItemJSON, readPutItem,
		func(in *putItemJSON) (*string, []string) { return in.in.TableName, nil })
	opGetItemJSON = newOperation(dynamoDB, "GetItem", writeGetItem, readGetItemJSON,
		func(in *dynamodb.GetItemInput) (*string, []string) { return in.TableName, nil })
)

// PutItemJSON calls DynamoDB's PutItem with item, the JSON of the item,
// written into the request as it is; in.Item must be nil.
func (c *Client) PutItemJSON(ctx context.Context, in *dynamodb.PutItemInput, item []byte) (*dynamodb.PutItemOutput, error) {
	if in == nil {
		in = &dynamodb.PutItemInput{}
	}
	return invoke(ctx, &c.clientCore, c.settingsFor(nil), opPutItemJSON, &putItemJSON{in: in, item: item})
}

// GetItemJSON calls DynamoDB's GetItem and returns the item as the JSON of
// the response (nil when there is none) beside the other members.
func (c *Client) GetItemJSON(ctx context.Context, in *dynamodb.GetItemInput) (*dynamodb.GetItemOutput, []byte, error) {
	out, err := invoke(ctx, &c.clientCore, c.settingsFor(nil), opGetItemJSON, in)
	if err != nil {
		return nil, nil, err
	}
	return &out.out, out.item, nil
}

func writePutItemJSON(w *writer, in *putItemJSON) {
	writePutItem(w, in.in)
	w.key("Item")
	w.sep()
	w.buf = append(w.buf, in.item...)
}

func readGetItemJSON(r *reader, out *getItemJSON) {
	readMembers(r, &out.out, func(k string) bool {
		if k != "Item" {
			return false
		}
		r.ws()
		start := r.pos
		r.skip()
		item := r.s[start:r.pos]
		out.item = unsafe.Slice(unsafe.StringData(item), len(item))
		return true
	})
}
