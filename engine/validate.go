package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ddbkit/ddb/engine/apierr"
)

// errMissingTableName is DynamoDB's answer to a request without TableName.
var errMissingTableName = nullField("tableName")

// nullField is DynamoDB's error for a required parameter left out.
func nullField(field string) error {
	return apierr.Validationf("1 validation error detected: Value null at '%s' failed to satisfy constraint: Member must not be null", field)
}

// badEnum is DynamoDB's error for a parameter outside its enum.
func badEnum[T ~string](field string, value T, allowed []T) error {
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return apierr.Validationf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy enum value set: [%s]",
		value, field, strings.Join(names, ", "))
}

// checkEnum returns badEnum unless value is one of allowed.
func checkEnum[T ~string](field string, value T, allowed []T) error {
	if slices.Contains(allowed, value) {
		return nil
	}
	return badEnum(field, value, allowed)
}

// validName reports whether name is a valid table or index name.
func validName(name string) bool {
	if len(name) < 3 || len(name) > 255 {
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
