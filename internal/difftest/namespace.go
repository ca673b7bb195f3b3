package difftest

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// namespace gives one scenario run on one backend table names of its own:
// every table name a scenario writes is sent as prefix+name, and the prefix
// is stripped from everything that comes back. Scenarios therefore read as if
// they had the backend to themselves, while sharing one DynamoDB Local.
type namespace struct {
	prefix string
}

// prefixLen is the length of every namespace's prefix: "dt-", 8 random
// hexadecimal digits and "-".
const prefixLen = 12

// newNamespace returns a namespace of its own for one scenario run.
func newNamespace() namespace {
	return namespace{prefix: "dt-" + randomHex((prefixLen-4)/2) + "-"}
}

// tableNameFields are the request fields that hold a table name.
var tableNameFields = map[string]bool{"TableName": true, "ExclusiveStartTableName": true}

// tableMapFields are the request fields whose map keys are table names.
var tableMapFields = map[string]bool{"RequestItems": true}

// request returns a deep copy of the SDK input in, with table names moved into
// the namespace unless raw is set. A ListTables request without a start name
// starts at the namespace, so that it lists only the scenario's tables.
func (ns namespace) request(in any, raw bool) any {
	prefix := ns.prefix
	if raw {
		prefix = ""
	}
	out := copyValue(reflect.ValueOf(in), "", prefix).Interface()
	if lt, ok := out.(*dynamodb.ListTablesInput); ok && lt.ExclusiveStartTableName == nil && !raw {
		start := ns.prefix
		lt.ExclusiveStartTableName = &start
	}
	return out
}

// copyValue deep-copies v, the value of the struct field named field,
// prefixing table names.
func copyValue(v reflect.Value, field, prefix string) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(copyValue(v.Elem(), field, prefix))
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(copyValue(v.Elem(), field, prefix))
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				c.Field(i).Set(copyValue(v.Field(i), f.Name, prefix))
			}
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(copyValue(v.Index(i), "", prefix))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for iter := v.MapRange(); iter.Next(); {
			k := iter.Key()
			if tableMapFields[field] {
				k = reflect.ValueOf(prefix + k.String()).Convert(k.Type())
			}
			c.SetMapIndex(k, copyValue(iter.Value(), "", prefix))
		}
		return c
	case reflect.String:
		if tableNameFields[field] {
			return reflect.ValueOf(prefix + v.String()).Convert(v.Type())
		}
		if field == "ClientRequestToken" && prefix != "" {
			// Runs on backends that share one DynamoDB Local must not share
			// idempotency tokens either (it remembers them for ten
			// minutes): a token of the run's own, as long as a UUID.
			sum := sha256.Sum256([]byte(prefix + v.String()))
			return reflect.ValueOf(hex.EncodeToString(sum[:18])).Convert(v.Type())
		}
		if field == "ResourceArn" {
			return reflect.ValueOf(strings.Replace(v.String(), ":table/", ":table/"+prefix, 1)).Convert(v.Type())
		}
		if field == "Statement" {
			return reflect.ValueOf(statementTable.ReplaceAllString(v.String(), `$1"`+prefix+`$2"`)).Convert(v.Type())
		}
	}
	return v
}

// statementTable matches the table name of a PartiQL statement, which
// scenarios write as a quoted identifier after FROM, INTO or UPDATE.
var statementTable = regexp.MustCompile(`(?i)(\b(?:FROM|INTO|UPDATE)\s+)"([^"]*)"`)

// messagePosition matches a place in a statement in an error message
// ("at 1:22:5": line, column, length).
var messagePosition = regexp.MustCompile(`at 1:(\d+):(\d+)`)

// statementPositions moves the places an error names in an
// ExecuteStatement's statement back to where they are in the scenario's
// statement, before the namespace lengthened its table name.
func (ns namespace) statementPositions(orig, sent, res any) any {
	o, ok1 := orig.(*dynamodb.ExecuteStatementInput)
	s, ok2 := sent.(*dynamodb.ExecuteStatementInput)
	m, _ := res.(map[string]any)
	e, _ := m["error"].(map[string]any)
	msg, _ := e["message"].(string)
	if !ok1 || !ok2 || msg == "" || o.Statement == nil {
		return res
	}
	loc := statementTable.FindStringSubmatchIndex(*o.Statement)
	if loc == nil || strings.Contains((*o.Statement)[:loc[0]], "\n") {
		return res
	}
	table, shift := loc[4], len(*s.Statement)-len(*o.Statement)
	e["message"] = messagePosition.ReplaceAllStringFunc(msg, func(at string) string {
		parts := messagePosition.FindStringSubmatch(at)
		col, _ := strconv.Atoi(parts[1])
		if col > table {
			col -= shift
		}
		return "at 1:" + strconv.Itoa(col) + ":" + parts[2]
	})
	return res
}

// strip removes the namespace from a string that came back from a backend.
func (ns namespace) strip(s string) string {
	return strings.ReplaceAll(s, ns.prefix, "")
}

// owns reports whether a table name that came back belongs to the namespace.
func (ns namespace) owns(name string) bool {
	return strings.HasPrefix(name, ns.prefix)
}
