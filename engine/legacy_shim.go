package engine

import "github.com/ddbkit/ddb/engine/apierr"

// This file only keeps Query and Scan compiling until they translate their
// legacy parameters with legacyQuery and legacyScan (legacy_inputs.go);
// delete it then.

// rejectLegacy rejects the legacy (pre-expression) parameters the engine
// does not support yet. present maps each legacy parameter to whether the
// request set it; replacement names the expression to use instead.
func rejectLegacy(present map[string]bool, replacement map[string]string) error {
	for _, name := range []string{"AttributesToGet", "AttributeUpdates", "Expected", "ConditionalOperator"} {
		if present[name] {
			return apierr.Validationf("The legacy parameter %s is not supported by this engine yet; use %s instead", name, replacement[name])
		}
	}
	return nil
}

// legacyReplacements names the expression parameter replacing each legacy
// parameter.
var legacyReplacements = map[string]string{
	"AttributesToGet":     "ProjectionExpression",
	"AttributeUpdates":    "UpdateExpression",
	"Expected":            "ConditionExpression",
	"ConditionalOperator": "ConditionExpression",
}
