package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// errMissingTableName is DynamoDB's answer to a request without TableName.
var errMissingTableName = nullField("tableName")

// nullField is DynamoDB's error for a required parameter left out.
func nullField(field string) error {
	var v violations
	v.present(field, false)
	return v.err()
}

// checkEnum returns DynamoDB's error for an enum parameter outside allowed
// (listed in DynamoDB's order), or nil; "" stands for an absent parameter.
func checkEnum[T ~string](field string, value T, allowed []string) error {
	var v violations
	enum(&v, field, value, allowed)
	return v.err()
}

// validName reports whether name is a valid table or index name.
func validName(name string) bool {
	return len(name) >= 3 && len(name) <= 255 && nameChars(name)
}

// errBadName is DynamoDB's error for an invalid table or index name.
var errBadName = apierr.Validation("Invalid table/index name.  Table/index names must be between 3 and 255 characters long, and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'")

// resolveTable returns the name of the table a TableName member, or a key
// of BatchGetItem's or BatchWriteItem's RequestItems, refers to: a table
// name, which must be valid, or the ARN of a table of this engine (its
// TableArn: arnPrefix and the name), which DynamoDB's API Reference accepts
// in its place ("You can also provide the Amazon Resource Name (ARN) of the
// table in this parameter"). The engine has one account and one region. An
// ARN of another account is denied, as DynamoDB denies access to another
// account's table without a resource-based policy, which the engine does
// not keep; one of another region is invalid, with the message AWS gives
// (hashicorp/terraform-provider-aws#42792); any other ARN that does not
// name a table (a malformed one, an index's, a stream's) is invalid too,
// in words of the engine's own.
func resolveTable(ref string) (string, error) {
	if !strings.HasPrefix(ref, "arn:") {
		if !validName(ref) {
			return "", errBadName
		}
		return ref, nil
	}
	parts := strings.SplitN(ref, ":", 6)
	ours := strings.SplitN(arnPrefix, ":", 6)
	if len(parts) < 6 || parts[1] != ours[1] || parts[2] != ours[2] {
		return "", errNotTableARN(ref)
	}
	name, isTable := strings.CutPrefix(parts[5], "table/")
	switch {
	case parts[4] != ours[4]:
		return "", apierr.New(apierr.CodeAccessDenied, "User: arn:aws:iam::"+ours[4]+":root is not authorized to access resource: "+ref)
	case parts[3] != ours[3]:
		return "", apierr.Validation("1 validation error detected: Invalid AWS region in '" + ref + "'")
	case !isTable || !validName(name):
		return "", errNotTableARN(ref)
	}
	return name, nil
}

// errNotTableARN is the engine's error for a table reference that starts
// like an ARN but is not the ARN of a table.
func errNotTableARN(ref string) error {
	return apierr.Validation("Invalid TableName: " + ref + " is not the ARN of a table")
}

// invalidParam is DynamoDB's "One or more parameter values were invalid"
// ValidationException.
func invalidParam(format string, args ...any) error {
	return apierr.Validation("One or more parameter values were invalid: " + fmt.Sprintf(format, args...))
}

// itoa formats a list position in a validation message.
func itoa(i int) string { return strconv.Itoa(i) }
