package engine

import (
	"reflect"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/attr"
)

// target is a table or an item a call names, for fault rules to match.
type target struct {
	table string
	item  map[string]types.AttributeValue // a key or an item; nil for the table
}

// has reports whether the target's item holds the attribute values of key.
func (t target) has(key map[string]types.AttributeValue) bool {
	if t.item == nil {
		return false
	}
	for name, v := range key {
		if w, ok := t.item[name]; !ok || !attr.Equal(v, w) {
			return false
		}
	}
	return true
}

// targets returns what a call with input in names: the items of item
// operations, in the order the operation processes them (tables by name,
// then request order, for batches; one target per action for
// transactions), or the table (TableName, or ResourceArn) of the others.
func targets(in any) []target {
	switch in := in.(type) {
	case *dynamodb.GetItemInput:
		return []target{{deref(in.TableName), in.Key}}
	case *dynamodb.PutItemInput:
		return []target{{deref(in.TableName), in.Item}}
	case *dynamodb.UpdateItemInput:
		return []target{{deref(in.TableName), in.Key}}
	case *dynamodb.DeleteItemInput:
		return []target{{deref(in.TableName), in.Key}}
	case *dynamodb.BatchGetItemInput:
		var ts []target
		for _, name := range sortedKeys(in.RequestItems) {
			for _, key := range in.RequestItems[name].Keys {
				ts = append(ts, target{name, key})
			}
		}
		return ts
	case *dynamodb.BatchWriteItemInput:
		var ts []target
		for _, name := range sortedKeys(in.RequestItems) {
			for _, r := range in.RequestItems[name] {
				t := target{table: name}
				switch {
				case r.PutRequest != nil:
					t.item = r.PutRequest.Item
				case r.DeleteRequest != nil:
					t.item = r.DeleteRequest.Key
				}
				ts = append(ts, t)
			}
		}
		return ts
	case *dynamodb.TransactGetItemsInput:
		ts := make([]target, len(in.TransactItems))
		for i, ti := range in.TransactItems {
			if g := ti.Get; g != nil {
				ts[i] = target{deref(g.TableName), g.Key}
			}
		}
		return ts
	case *dynamodb.TransactWriteItemsInput:
		ts := make([]target, len(in.TransactItems))
		for i, ti := range in.TransactItems {
			switch {
			case ti.Put != nil:
				ts[i] = target{deref(ti.Put.TableName), ti.Put.Item}
			case ti.Update != nil:
				ts[i] = target{deref(ti.Update.TableName), ti.Update.Key}
			case ti.Delete != nil:
				ts[i] = target{deref(ti.Delete.TableName), ti.Delete.Key}
			case ti.ConditionCheck != nil:
				ts[i] = target{deref(ti.ConditionCheck.TableName), ti.ConditionCheck.Key}
			}
		}
		return ts
	}
	if name, ok := tableNamed(in); ok {
		return []target{{table: name}}
	}
	return nil
}

// tableNamed returns the table an input names by its TableName, or by the
// ARN of a table or of one of its indexes or streams in ResourceArn.
func tableNamed(in any) (string, bool) {
	v := reflect.ValueOf(in)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return "", false
	}
	v = v.Elem()
	if f := v.FieldByName("TableName"); f.IsValid() && f.Type() == reflect.TypeFor[*string]() && !f.IsNil() {
		return *f.Interface().(*string), true
	}
	if f := v.FieldByName("ResourceArn"); f.IsValid() && f.Type() == reflect.TypeFor[*string]() && !f.IsNil() {
		_, rest, ok := strings.Cut(*f.Interface().(*string), ":table/")
		name, _, _ := strings.Cut(rest, "/")
		return name, ok
	}
	return "", false
}

// operations lists, sorted, the DynamoDB operations a DB serves: its
// methods that take a context and the operation's dynamodb input
// (TestOperationsListed keeps the list in step with the methods). A list
// rather than a map made by reflection at start-up: it costs no work nor
// memory in a process that never sets a fault rule, and reflecting over
// methods would keep the linker from dropping unused exported methods in
// every program that links the engine.
var operations = []string{
	"BatchExecuteStatement",
	"BatchGetItem",
	"BatchWriteItem",
	"CreateBackup",
	"CreateTable",
	"DeleteBackup",
	"DeleteItem",
	"DeleteTable",
	"DescribeBackup",
	"DescribeContinuousBackups",
	"DescribeEndpoints",
	"DescribeExport",
	"DescribeImport",
	"DescribeLimits",
	"DescribeTable",
	"DescribeTimeToLive",
	"ExecuteStatement",
	"ExecuteTransaction",
	"ExportTableToPointInTime",
	"GetItem",
	"ImportTable",
	"ListBackups",
	"ListExports",
	"ListImports",
	"ListTables",
	"ListTagsOfResource",
	"PutItem",
	"Query",
	"RestoreTableFromBackup",
	"RestoreTableToPointInTime",
	"Scan",
	"TagResource",
	"TransactGetItems",
	"TransactWriteItems",
	"UntagResource",
	"UpdateContinuousBackups",
	"UpdateItem",
	"UpdateTable",
	"UpdateTimeToLive",
}

// isOperation reports whether name is an operation a DB serves.
func isOperation(name string) bool {
	_, ok := slices.BinarySearch(operations, name)
	return ok
}
