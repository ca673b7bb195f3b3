package attr

import (
	"strings"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// invalidParameters prefixes the messages DynamoDB reports as "One or more
// parameter values were invalid".
const invalidParameters = "One or more parameter values were invalid: "

// emptyNS is the message of an empty number set.
const emptyNS = "An number set  may not be empty"

// InvalidSet reports whether msg is the message of a set that is not valid
// in itself, empty or with two equal members: an error in the request,
// whatever table it is for.
func InvalidSet(msg string) bool {
	detail, ok := strings.CutPrefix(msg, invalidParameters)
	if !ok {
		return false
	}
	switch detail {
	case ssRules.empty, bsRules.empty, emptyNS:
		return true
	}
	return strings.HasPrefix(detail, "Input collection [") && strings.HasSuffix(detail, "contains duplicates.")
}

// errInvalidNumber reports text that is not a number. DynamoDB names the
// offending text unless it is empty; DynamoDB Local says "A value provided
// cannot be converted into a number" instead.
func errInvalidNumber(s string) error {
	if s == "" {
		return apierr.Validation("The parameter cannot be converted to a numeric value")
	}
	return apierr.Validation("The parameter cannot be converted to a numeric value: " + s)
}

// errPrecision reports a number with more than 38 significant digits.
// DynamoDB Local says "DynamoDB only supports precision up to 38 digits".
func errPrecision() error {
	return apierr.Validation("Attempting to store more than 38 significant digits in a Number")
}

func errOverflow() error {
	return apierr.Validation("Number overflow. Attempting to store a number with magnitude larger than supported range")
}

func errUnderflow() error {
	return apierr.Validation("Number underflow. Attempting to store a number with magnitude smaller than supported range")
}
