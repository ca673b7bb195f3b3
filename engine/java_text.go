package engine

import (
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/itemenc"
)

// DynamoDB's constraint messages show a list or map member's value as its
// Java service model prints it. Since 2026 (captured in eu-west-2) model
// objects without their own text print as Java's default,
// "com.amazonaws.dynamodb.v20120810.AttributeValue@483470e1", a class name
// and a hash of the content; the hash here is FNV-1a of the engine's own
// encoding of that content, so equal values show the same text.

// javaObject returns the default Java text of a model object of the given
// class whose content is encoded in content.
func javaObject(class string, content []byte) string {
	h := fnv.New32a()
	h.Write(content)
	return "com.amazonaws.dynamodb.v20120810." + class + "@" + strconv.FormatUint(uint64(h.Sum32()), 16)
}

// javaItem returns an item's text as a Java map: "{pk=...AttributeValue@...}",
// attributes in name order.
func javaItem(item map[string]types.AttributeValue) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range sortedKeys(item) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name + "=" + javaObject("AttributeValue", itemenc.AppendItem(nil, map[string]types.AttributeValue{"": item[name]})))
	}
	b.WriteByte('}')
	return b.String()
}

// maxJavaText bounds the text javaWriteRequests prints; past it the text
// ends with "...". A 16 MB request of 600,000 empty writes would otherwise
// be answered with a 57 MB message, whose building took 450 MB.
const maxJavaText = 64 << 10

// javaWriteRequests returns a BatchWriteItem's RequestItems as DynamoDB's
// messages print it: "{table=[WriteRequest(putRequest=PutRequest(item={...},
// workloadProfileName=null), deleteRequest=null), ...]}", tables in name
// order, cut after maxJavaText bytes.
func javaWriteRequests(tables map[string][]types.WriteRequest) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, name := range sortedKeys(tables) {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name + "=[")
		for j, r := range tables[name] {
			if b.Len() > maxJavaText {
				b.WriteString("...")
				return b.String()
			}
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("WriteRequest(putRequest=")
			if r.PutRequest != nil {
				b.WriteString("PutRequest(item=" + javaItem(r.PutRequest.Item) + ", workloadProfileName=null)")
			} else {
				b.WriteString("null")
			}
			b.WriteString(", deleteRequest=")
			if r.DeleteRequest != nil {
				b.WriteString("DeleteRequest(key=" + javaItem(r.DeleteRequest.Key) + ")")
			} else {
				b.WriteString("null")
			}
			b.WriteByte(')')
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
	return b.String()
}

// javaKeySchema returns a key schema as DynamoDB's messages print it: a
// Java list of KeySchemaElement objects.
func javaKeySchema(schema []types.KeySchemaElement) string {
	shown := make([]string, len(schema))
	for i, k := range schema {
		name := ""
		if k.AttributeName != nil {
			name = *k.AttributeName
		}
		shown[i] = javaObject("KeySchemaElement", []byte(name+"\x00"+string(k.KeyType)))
	}
	return "[" + strings.Join(shown, ", ") + "]"
}
