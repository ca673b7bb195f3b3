package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// tableInfo is what commands need to know of a table: its description,
// from which the types and roles of its key attributes come.
type tableInfo struct {
	desc  *types.TableDescription
	types map[string]types.ScalarAttributeType // of the key attributes of the table and its indexes
}

// describeTable describes the table name.
func describeTable(ctx context.Context, api ddb.API, name string) (*tableInfo, error) {
	out, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
	var nf *types.ResourceNotFoundException
	if errors.As(err, &nf) {
		return nil, &shortError{"table " + name + " does not exist (" + apiErrorText(nf) + ")", err}
	}
	if err != nil {
		return nil, callError("describe "+name, err)
	}
	info := &tableInfo{desc: out.Table, types: map[string]types.ScalarAttributeType{}}
	for _, d := range out.Table.AttributeDefinitions {
		info.types[aws.ToString(d.AttributeName)] = d.AttributeType
	}
	return info, nil
}

// name returns the table's name.
func (t *tableInfo) name() string { return aws.ToString(t.desc.TableName) }

// keys returns the partition and sort key attributes of the table (index
// "") or of one of its indexes; rangeKey is "" when there is none.
func (t *tableInfo) keys(index string) (hash, rangeKey string, err error) {
	if index == "" {
		hash, rangeKey = keyNames(t.desc.KeySchema)
		return hash, rangeKey, nil
	}
	var names []string
	for _, ix := range t.desc.GlobalSecondaryIndexes {
		if aws.ToString(ix.IndexName) == index {
			hash, rangeKey = keyNames(ix.KeySchema)
			return hash, rangeKey, nil
		}
		names = append(names, aws.ToString(ix.IndexName))
	}
	for _, ix := range t.desc.LocalSecondaryIndexes {
		if aws.ToString(ix.IndexName) == index {
			hash, rangeKey = keyNames(ix.KeySchema)
			return hash, rangeKey, nil
		}
		names = append(names, aws.ToString(ix.IndexName))
	}
	if len(names) == 0 {
		return "", "", fmt.Errorf("table %s has no indexes; no index %s", t.name(), index)
	}
	return "", "", fmt.Errorf("table %s has no index %s (its indexes: %s)", t.name(), index, strings.Join(names, ", "))
}

// keyAttrs returns the names of the table's key attributes: the partition
// key and, when there is one, the sort key.
func (t *tableInfo) keyAttrs() []string {
	hash, rangeKey := keyNames(t.desc.KeySchema)
	if rangeKey == "" {
		return []string{hash}
	}
	return []string{hash, rangeKey}
}

// keyNames returns the HASH and RANGE attributes of a key schema.
func keyNames(schema []types.KeySchemaElement) (hash, rangeKey string) {
	for _, k := range schema {
		if k.KeyType == types.KeyTypeHash {
			hash = aws.ToString(k.AttributeName)
		} else {
			rangeKey = aws.ToString(k.AttributeName)
		}
	}
	return hash, rangeKey
}

// checkKey checks that an item has the table's key attributes, each of
// its declared type, as a write needs them.
func (t *tableInfo) checkKey(item ddb.Item) error {
	for _, name := range t.keyAttrs() {
		v, ok := item[name]
		if !ok {
			return fmt.Errorf("no key attribute %s", name)
		}
		if got, want := dynamo.TypeOf(v), t.types[name]; got != string(want) {
			return fmt.Errorf("key attribute %s is %s, not %s as the table declares", name, typeName(got), typeName(string(want)))
		}
	}
	return nil
}

// typeName names a DynamoDB type for messages.
func typeName(t string) string {
	switch t {
	case "S":
		return "a string"
	case "N":
		return "a number"
	case "B":
		return "binary"
	}
	return "of type " + t
}
