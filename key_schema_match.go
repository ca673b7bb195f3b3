package ddb

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ErrSchemaMismatch reports that an existing table's key schema differs
// from the table's declaration.
var ErrSchemaMismatch = errors.New("ddb: existing table differs from its declaration")

// matchKeys compares the key schema of an existing table (names, roles and
// types) with the declaration.
func (s *Schema) matchKeys(desc *types.TableDescription) error {
	want := keySchemaText(keySchema(s.def.HashKey, s.def.RangeKey), s.CreateTableInput().AttributeDefinitions)
	got := keySchemaText(desc.KeySchema, desc.AttributeDefinitions)
	if got != want {
		return fmt.Errorf("%w: table %s exists with key schema %s, declared %s", ErrSchemaMismatch, s.name, got, want)
	}
	return nil
}

// keySchemaText lists key schema elements with their attribute types.
func keySchemaText(keys []types.KeySchemaElement, defs []types.AttributeDefinition) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		name := aws.ToString(k.AttributeName)
		var typ types.ScalarAttributeType
		for _, d := range defs {
			if aws.ToString(d.AttributeName) == name {
				typ = d.AttributeType
			}
		}
		parts[i] = fmt.Sprintf("%s %s %s", name, k.KeyType, typ)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
