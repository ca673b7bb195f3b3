package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The model-level checks of the PartiQL operations (see validate_request.go
// for the order of the checks).

// Limits of DynamoDB's model on statements.
const (
	maxStatementLength = 8192
	maxNextToken       = 32768
	maxBatchStatements = 25
)

// statement checks a statement's text and parameters at path (which ends
// in "statement"'s parent, "" at the top of a request).
func (v *violations) statement(path string, text *string, params []types.AttributeValue) {
	// A statement has as many UTF-16 code units as bytes at most: only a
	// long one needs counting.
	if v.present(path+"statement", text != nil) && (*text == "" || len(*text) > maxStatementLength) {
		v.text(path+"statement", text, 1, maxStatementLength)
	}
	if params != nil && len(params) == 0 {
		v.add("'[]'", path+"parameters", "must have length greater than or equal to 1")
	}
}

// statementList checks the length of a list of n statements at path
// (present: the list is not nil). Like for TransactItems, DynamoDB states
// the maximum without value or path.
func (v *violations) statementList(path string, n int, present bool, max int) {
	switch {
	case !v.present(path, present):
	case n == 0:
		v.add("'[]'", path, "must have length greater than or equal to 1")
	case n > max:
		v.addBare("must have length less than or equal to " + itoa(max))
	}
}

// checkExecuteStatementInput checks an ExecuteStatement request's members.
func checkExecuteStatementInput(in *dynamodb.ExecuteStatementInput) error {
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	enum(&v, "returnValuesOnConditionCheckFailure", in.ReturnValuesOnConditionCheckFailure, enumReturnOnFailure)
	v.statement("", in.Statement, in.Parameters)
	v.intRange("limit", in.Limit, 1, 1<<31-1)
	v.text("nextToken", in.NextToken, 1, maxNextToken)
	return v.err()
}

// checkBatchExecuteStatementInput checks a BatchExecuteStatement request's
// members.
func checkBatchExecuteStatementInput(in *dynamodb.BatchExecuteStatementInput) error {
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	v.statementList("statements", len(in.Statements), in.Statements != nil, maxBatchStatements)
	for i, s := range in.Statements {
		path := "statements." + itoa(i+1) + ".member."
		v.statement(path, s.Statement, s.Parameters)
		enum(&v, path+"returnValuesOnConditionCheckFailure", s.ReturnValuesOnConditionCheckFailure, enumReturnOnFailure)
	}
	return v.err()
}

// checkExecuteTransactionInput checks an ExecuteTransaction request's
// members.
func checkExecuteTransactionInput(in *dynamodb.ExecuteTransactionInput) error {
	var v violations
	enum(&v, "returnConsumedCapacity", in.ReturnConsumedCapacity, enumReturnCapacity)
	v.statementList("transactStatements", len(in.TransactStatements), in.TransactStatements != nil, maxTransactItems)
	for i, s := range in.TransactStatements {
		path := "transactStatements." + itoa(i+1) + ".member."
		v.statement(path, s.Statement, s.Parameters)
		enum(&v, path+"returnValuesOnConditionCheckFailure", s.ReturnValuesOnConditionCheckFailure, enumReturnOnFailure)
	}
	v.text("clientRequestToken", in.ClientRequestToken, 1, 36)
	return v.err()
}
