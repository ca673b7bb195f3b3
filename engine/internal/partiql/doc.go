// Package partiql implements DynamoDB's dialect of PartiQL on the server
// side: the statements of ExecuteStatement, BatchExecuteStatement and
// ExecuteTransaction.
//
// Parse reads a statement's text (SELECT, INSERT, UPDATE, DELETE, the
// FROM-first form of UPDATE, and EXISTS for transactions) into a Statement,
// caching it; Bind then binds it to the request's parameters and to the key
// schema of what it reads or writes, and returns a Plan: the DynamoDB
// operations that run it, as the SDK's own inputs with expressions and
// placeholders (a Query per partition or a Scan for a SELECT, a
// conditional PutItem for an INSERT, and so on). The engine runs those
// with the same code as the operations themselves, so that a statement
// and the equivalent request behave alike, down to their error messages.
//
// Errors are *Error values: ValidationExceptions with DynamoDB's messages,
// classed by how a multi-statement request reports them.
package partiql
