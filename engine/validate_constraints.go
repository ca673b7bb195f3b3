package engine

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// violations collects the constraint violations of one request's members,
// the checks DynamoDB's service framework makes against its API model
// before anything else, and reports them all at once in that framework's
// format: "1 validation error detected: Value null at 'key' failed to
// satisfy constraint: Member must not be null" or "N validation errors
// detected: a; b; c", in the order the checks were made. Paths are the
// members' names in lowerCamelCase, list members numbered from 1
// ("keySchema.1.member.keyType").
type violations struct {
	found []string
}

// add records one violation of a constraint on a member by the value shown
// at path.
func (v *violations) add(shown, path, constraint string) {
	v.addRule(shown, path, "Member "+constraint)
}

// addRule records one violation of a rule stated in full ("Map value must
// satisfy constraint: [...]") by the value shown at path.
func (v *violations) addRule(shown, path, rule string) {
	v.found = append(v.found, "Value "+shown+" at '"+path+"' failed to satisfy constraint: "+rule)
}

// addUnshown records a violation DynamoDB states without the value.
func (v *violations) addUnshown(path, constraint string) {
	v.found = append(v.found, "Value at '"+path+"' failed to satisfy constraint: Member "+constraint)
}

// addBare records a violation DynamoDB states without value or path.
func (v *violations) addBare(constraint string) {
	v.found = append(v.found, "Member "+constraint)
}

// err returns the ValidationException listing the violations, or nil.
func (v *violations) err() error {
	switch len(v.found) {
	case 0:
		return nil
	case 1:
		return apierr.Validation("1 validation error detected: " + v.found[0])
	}
	return apierr.Validation(strconv.Itoa(len(v.found)) + " validation errors detected: " + strings.Join(v.found, "; "))
}

// errOr returns the violations' error, or else other: a check that comes
// after the model's.
func (v *violations) errOr(other error) error {
	if err := v.err(); err != nil {
		return err
	}
	return other
}

// quote shows a value as DynamoDB's messages do.
func quote(s string) string { return "'" + s + "'" }

// present records a violation unless a required member is present.
func (v *violations) present(path string, ok bool) bool {
	if !ok {
		v.add("null", path, "must not be null")
	}
	return ok
}

// length checks the length n of the value shown at path against min and
// max (max < 0: no maximum).
func (v *violations) length(path, shown string, n, min, max int) {
	if n < min {
		v.add(shown, path, "must have length greater than or equal to "+strconv.Itoa(min))
	}
	if max >= 0 && n > max {
		v.add(shown, path, "must have length less than or equal to "+strconv.Itoa(max))
	}
}

// text checks an optional string member's length, counted as Java does:
// in UTF-16 code units.
func (v *violations) text(path string, s *string, min, max int) {
	if s != nil {
		v.length(path, quote(*s), utf16Len(*s), min, max)
	}
}

// utf16Len returns the length of s in UTF-16 code units, without encoding
// it (a 16 MB member would take 96 MB to encode).
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// list checks an optional list member's length (nil: absent). DynamoDB
// shows the list as Java prints it: "[a, b]".
func (v *violations) list(path string, items []string, min, max int) {
	if items != nil {
		v.length(path, quote("["+strings.Join(items, ", ")+"]"), len(items), min, max)
	}
}

// intRange checks an optional integer member against min and max.
func (v *violations) intRange(path string, n *int32, min, max int64) {
	switch {
	case n == nil:
	case int64(*n) < min:
		v.add(quote(strconv.Itoa(int(*n))), path, "must have value greater than or equal to "+strconv.FormatInt(min, 10))
	case int64(*n) > max:
		v.add(quote(strconv.Itoa(int(*n))), path, "must have value less than or equal to "+strconv.FormatInt(max, 10))
	}
}

// namePattern is the pattern of table and index names.
const namePattern = "[a-zA-Z0-9_.-]+"

// nameChars reports whether name matches namePattern.
func nameChars(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

// name checks a table or index name: the pattern, then 3 to 255
// characters.
func (v *violations) name(path, name string) {
	if !nameChars(name) {
		v.add(quote(name), path, "must satisfy regular expression pattern: "+namePattern)
	}
	v.length(path, quote(name), len(name), 3, 255)
}

// tableName checks a required TableName member.
func (v *violations) tableName(name *string) {
	if v.present("tableName", name != nil) {
		v.tableRef("tableName", name)
	}
}

// tableRef checks an optional member naming a table by name or by ARN.
// DynamoDB's model now types it as a table name or ARN of 1 to 1024
// characters, so an empty name breaks only that minimum and an ARN only
// that maximum; other names must be valid table names.
func (v *violations) tableRef(path string, name *string) {
	switch {
	case name == nil:
	case strings.HasPrefix(*name, "arn:"):
		v.text(path, name, 1, 1024)
	case *name == "":
		v.add("''", path, "must have length greater than or equal to 1")
	default:
		v.name(path, *name)
	}
}

// indexName checks an optional IndexName member.
func (v *violations) indexName(path string, name *string) {
	if name != nil {
		v.name(path, *name)
	}
}

// enum checks an optional enum member (""), listing the allowed values in
// DynamoDB's order for that enum.
func enum[T ~string](v *violations, path string, value T, allowed []string) {
	if value != "" && !slices.Contains(allowed, string(value)) {
		v.add(quote(string(value)), path, "must satisfy enum value set: ["+strings.Join(allowed, ", ")+"]")
	}
}

// The enums' values in the order DynamoDB lists them in its messages,
// which is not the SDK's: as recorded from AWS by dynalite's test suite
// and by the nubo-db/dynamodb-conformance suite (UpdateItem, us-east-1,
// 2026).
var (
	enumReturnValues      = []string{"ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"}
	enumReturnCapacity    = []string{"INDEXES", "TOTAL", "NONE"}
	enumReturnCollections = []string{"SIZE", "NONE"}
	enumReturnOnFailure   = []string{"ALL_OLD", "NONE"}
	enumConditionalOp     = []string{"OR", "AND"}
	enumSelect            = []string{"SPECIFIC_ATTRIBUTES", "COUNT", "ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"}
	enumBillingMode       = []string{"PROVISIONED", "PAY_PER_REQUEST"}
	enumKeyType           = []string{"HASH", "RANGE"}
	enumScalarType        = []string{"B", "N", "S"}
	enumProjectionType    = []string{"ALL", "KEYS_ONLY", "INCLUDE"}
	enumStreamViewType    = []string{"NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"}
	enumAttributeAction   = []string{"ADD", "PUT", "DELETE"}
	enumTableClass        = []string{"STANDARD", "STANDARD_INFREQUENT_ACCESS"}
)

// errTableNameRequired is DynamoDB's answer to a table-level request
// (CreateTable, DescribeTable, UpdateTable, DeleteTable and the time-to-live
// operations) without TableName, given before any other check.
var errTableNameRequired = apierr.Validation("The parameter 'TableName' is required but was not present in the request")
