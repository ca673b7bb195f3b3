package engine

import (
	"fmt"
	"strconv"

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

// validateTableName checks a table name.
func validateTableName(name string) error {
	if !validName(name) {
		return errBadName
	}
	return nil
}

// invalidParam is DynamoDB's "One or more parameter values were invalid"
// ValidationException.
func invalidParam(format string, args ...any) error {
	return apierr.Validation("One or more parameter values were invalid: " + fmt.Sprintf(format, args...))
}

// itoa formats a list position in a validation message.
func itoa(i int) string { return strconv.Itoa(i) }
