package engine

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/ddbkit/ddb/engine/internal/apierr"
)

// Each legacy* function below checks one operation's input for mixed legacy
// and expression parameters and, when it uses legacy parameters, returns a
// copy with them replaced by the equivalent expressions (else the input
// itself). The operation then proceeds as for an expression request.

// legacyPlaceholders rejects ExpressionAttributeNames/Values in a request
// that uses legacy parameters, and so has no expressions, with the messages
// of exprInput.params; exprs lists the operation's expression parameters.
func legacyPlaceholders(names map[string]string, values map[string]types.AttributeValue, exprs ...namedExpr) error {
	_, err := exprInput{names: names, values: values, exprs: exprs}.params()
	return err
}

// legacyPut translates PutItem's Expected and ConditionalOperator.
func legacyPut(in *dynamodb.PutItemInput) (*dynamodb.PutItemInput, error) {
	cond, names, values, err := legacyCondition(in.Expected, in.ConditionalOperator, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	if err != nil || cond == nil {
		return in, err
	}
	c := *in
	c.Expected, c.ConditionalOperator = nil, ""
	c.ConditionExpression, c.ExpressionAttributeNames, c.ExpressionAttributeValues = cond, names, values
	return &c, nil
}

// legacyDelete translates DeleteItem's Expected and ConditionalOperator.
func legacyDelete(in *dynamodb.DeleteItemInput) (*dynamodb.DeleteItemInput, error) {
	cond, names, values, err := legacyCondition(in.Expected, in.ConditionalOperator, in.ConditionExpression, in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	if err != nil || cond == nil {
		return in, err
	}
	c := *in
	c.Expected, c.ConditionalOperator = nil, ""
	c.ConditionExpression, c.ExpressionAttributeNames, c.ExpressionAttributeValues = cond, names, values
	return &c, nil
}

// legacyCondition translates the Expected and ConditionalOperator of
// PutItem or DeleteItem into a condition expression and its placeholders;
// cond is nil when the request does not use them.
func legacyCondition(exp map[string]types.ExpectedAttributeValue, op types.ConditionalOperator, condExpr *string,
	names map[string]string, values map[string]types.AttributeValue) (cond *string, _ map[string]string, _ map[string]types.AttributeValue, _ error) {
	err := checkMixing([]param{{"Expected", exp != nil}, {"ConditionalOperator", op != ""}}, []param{{"ConditionExpression", condExpr != nil}})
	if err != nil || exp == nil && op == "" {
		return nil, nil, nil, err
	}
	if err := legacyPlaceholders(names, values, namedExpr{"ConditionExpression", nil, true}); err != nil {
		return nil, nil, nil, err
	}
	var l legacyExprs
	if cond, err = l.expectedCondition(exp, op); err != nil || cond == nil {
		return nil, nil, nil, err
	}
	return cond, nilIfEmpty(l.names), nilIfEmpty(l.values), nil
}

// legacyUpdate translates UpdateItem's AttributeUpdates, Expected and
// ConditionalOperator.
func legacyUpdate(in *dynamodb.UpdateItemInput) (*dynamodb.UpdateItemInput, error) {
	err := checkMixing(
		[]param{{"AttributeUpdates", in.AttributeUpdates != nil}, {"Expected", in.Expected != nil}, {"ConditionalOperator", in.ConditionalOperator != ""}},
		[]param{{"UpdateExpression", in.UpdateExpression != nil}, {"ConditionExpression", in.ConditionExpression != nil}})
	if err != nil || in.AttributeUpdates == nil && in.Expected == nil && in.ConditionalOperator == "" {
		return in, err
	}
	if err := legacyPlaceholders(in.ExpressionAttributeNames, in.ExpressionAttributeValues,
		namedExpr{"UpdateExpression", nil, true}, namedExpr{"ConditionExpression", nil, true}); err != nil {
		return nil, err
	}
	var l legacyExprs
	c := *in
	c.AttributeUpdates, c.Expected, c.ConditionalOperator = nil, nil, ""
	if c.UpdateExpression, err = l.updates(in.AttributeUpdates); err != nil {
		return nil, err
	}
	if c.ConditionExpression, err = l.expectedCondition(in.Expected, in.ConditionalOperator); err != nil {
		return nil, err
	}
	c.ExpressionAttributeNames, c.ExpressionAttributeValues = nilIfEmpty(l.names), nilIfEmpty(l.values)
	return &c, nil
}

// legacyUpdateError returns the error of applying translated
// AttributeUpdates: an update that does not fit the type of the attribute it
// updates has its own message in the legacy form.
func legacyUpdateError(err error) error {
	var api smithy.APIError
	if errors.As(err, &api) && api.ErrorMessage() == "An operand in the update expression has an incorrect data type" {
		return apierr.Validation("Type mismatch for attribute to update")
	}
	return err
}

// legacyProjection translates the AttributesToGet of GetItem or one table
// of BatchGetItem into a projection expression and its names; proj is nil
// when the request does not use it.
func legacyProjection(attrs []string, projExpr *string, names map[string]string) (proj *string, _ map[string]string, _ error) {
	err := checkMixing([]param{{"AttributesToGet", attrs != nil}}, []param{{"ProjectionExpression", projExpr != nil}})
	if err != nil || attrs == nil {
		return nil, nil, err
	}
	if err := legacyPlaceholders(names, nil, namedExpr{"ProjectionExpression", nil, false}); err != nil {
		return nil, nil, err
	}
	var l legacyExprs
	if proj, err = l.projection(attrs); err != nil {
		return nil, nil, err
	}
	return proj, l.names, nil
}

// legacyGet translates GetItem's AttributesToGet.
func legacyGet(in *dynamodb.GetItemInput) (*dynamodb.GetItemInput, error) {
	proj, names, err := legacyProjection(in.AttributesToGet, in.ProjectionExpression, in.ExpressionAttributeNames)
	if err != nil || proj == nil {
		return in, err
	}
	c := *in
	c.AttributesToGet, c.ProjectionExpression, c.ExpressionAttributeNames = nil, proj, names
	return &c, nil
}

// legacyKeysAndAttributes translates the AttributesToGet of one table of
// BatchGetItem.
func legacyKeysAndAttributes(ka types.KeysAndAttributes) (types.KeysAndAttributes, error) {
	proj, names, err := legacyProjection(ka.AttributesToGet, ka.ProjectionExpression, ka.ExpressionAttributeNames)
	if err != nil || proj == nil {
		return ka, err
	}
	ka.AttributesToGet, ka.ProjectionExpression, ka.ExpressionAttributeNames = nil, proj, names
	return ka, nil
}

// legacyQuery translates Query's KeyConditions, QueryFilter,
// ConditionalOperator and AttributesToGet. KeyConditions alone may be
// combined with a FilterExpression or ProjectionExpression (DynamoDB
// counts it as mixed only with a KeyConditionExpression); its translation
// then joins the request's own placeholders.
func legacyQuery(in *dynamodb.QueryInput, keyLimit int) (*dynamodb.QueryInput, error) {
	others := in.AttributesToGet != nil || in.QueryFilter != nil || in.ConditionalOperator != ""
	err := checkMixing(
		[]param{{"AttributesToGet", in.AttributesToGet != nil}, {"QueryFilter", in.QueryFilter != nil}, {"ConditionalOperator", in.ConditionalOperator != ""},
			{"KeyConditions", in.KeyConditions != nil && in.KeyConditionExpression != nil}},
		[]param{{"ProjectionExpression", in.ProjectionExpression != nil}, {"FilterExpression", in.FilterExpression != nil}, {"KeyConditionExpression", in.KeyConditionExpression != nil}})
	if err != nil || !others && in.KeyConditions == nil {
		return in, err
	}
	if err := legacyPlaceholders(in.ExpressionAttributeNames, in.ExpressionAttributeValues, namedExpr{"FilterExpression", in.FilterExpression, true},
		namedExpr{"KeyConditionExpression", nil, true}, namedExpr{"ProjectionExpression", in.ProjectionExpression, false}); err != nil {
		return nil, err
	}
	var l legacyExprs
	l.avoid(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	c := *in
	c.AttributesToGet, c.QueryFilter, c.ConditionalOperator, c.KeyConditions = nil, nil, "", nil
	if c.KeyConditionExpression, err = l.keyConditions(in.KeyConditions, keyLimit); err != nil {
		return nil, err
	}
	if others {
		if c.FilterExpression, err = l.filter(in.QueryFilter, in.ConditionalOperator); err != nil {
			return nil, err
		}
		if c.ProjectionExpression, err = l.projection(in.AttributesToGet); err != nil {
			return nil, err
		}
	}
	c.ExpressionAttributeNames, c.ExpressionAttributeValues = merged(in.ExpressionAttributeNames, l.names), merged(in.ExpressionAttributeValues, l.values)
	return &c, nil
}

// legacyScan translates Scan's ScanFilter, ConditionalOperator and
// AttributesToGet.
func legacyScan(in *dynamodb.ScanInput) (*dynamodb.ScanInput, error) {
	err := checkMixing(
		[]param{{"AttributesToGet", in.AttributesToGet != nil}, {"ScanFilter", in.ScanFilter != nil}, {"ConditionalOperator", in.ConditionalOperator != ""}},
		[]param{{"ProjectionExpression", in.ProjectionExpression != nil}, {"FilterExpression", in.FilterExpression != nil}})
	if err != nil || in.AttributesToGet == nil && in.ScanFilter == nil && in.ConditionalOperator == "" {
		return in, err
	}
	if err := legacyPlaceholders(in.ExpressionAttributeNames, in.ExpressionAttributeValues,
		namedExpr{"FilterExpression", nil, true}, namedExpr{"ProjectionExpression", nil, false}); err != nil {
		return nil, err
	}
	var l legacyExprs
	c := *in
	c.AttributesToGet, c.ScanFilter, c.ConditionalOperator = nil, nil, ""
	if c.FilterExpression, err = l.filter(in.ScanFilter, in.ConditionalOperator); err != nil {
		return nil, err
	}
	if c.ProjectionExpression, err = l.projection(in.AttributesToGet); err != nil {
		return nil, err
	}
	c.ExpressionAttributeNames, c.ExpressionAttributeValues = nilIfEmpty(l.names), nilIfEmpty(l.values)
	return &c, nil
}
