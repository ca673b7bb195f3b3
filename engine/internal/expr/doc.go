// Package expr implements DynamoDB's expression language on the server side:
// ConditionExpression, FilterExpression, UpdateExpression,
// ProjectionExpression and KeyConditionExpression.
//
// A request's ExpressionAttributeNames and ExpressionAttributeValues go into
// NewParams; each expression is then compiled through it with the method
// named after the request parameter it came from (Condition, Filter, Update,
// Projection, KeyCondition), which decides the "Invalid <Parameter>: ..."
// prefix of error messages. Finally CheckUnused reports placeholders that no
// expression used.
//
// Expression texts are parsed once and cached (the checks that depend only on
// the text are cached with them); compiling resolves placeholders per request
// and evaluation never re-parses. All errors are ValidationExceptions with
// DynamoDB's messages, checked in DynamoDB's order.
package expr
