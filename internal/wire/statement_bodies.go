package wire

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The request writers and response readers of the PartiQL operations,
// which carry items as the other data-plane operations do.

func writeExecuteStatement(w *writer, in *dynamodb.ExecuteStatementInput) {
	w.statement(in.Statement, in.Parameters, in.ReturnValuesOnConditionCheckFailure)
	w.boolean("ConsistentRead", in.ConsistentRead)
	w.int32("Limit", in.Limit)
	w.str("NextToken", in.NextToken)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
}

func writeBatchExecuteStatement(w *writer, in *dynamodb.BatchExecuteStatementInput) {
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	if in.Statements == nil {
		return
	}
	w.array("Statements")
	for _, s := range in.Statements {
		w.open('{')
		w.statement(s.Statement, s.Parameters, s.ReturnValuesOnConditionCheckFailure)
		w.boolean("ConsistentRead", s.ConsistentRead)
		w.close('}')
	}
	w.close(']')
}

func writeExecuteTransaction(w *writer, in *dynamodb.ExecuteTransactionInput) {
	w.str("ClientRequestToken", in.ClientRequestToken)
	w.enum("ReturnConsumedCapacity", string(in.ReturnConsumedCapacity))
	if in.TransactStatements == nil {
		return
	}
	w.array("TransactStatements")
	for _, s := range in.TransactStatements {
		w.open('{')
		w.statement(s.Statement, s.Parameters, s.ReturnValuesOnConditionCheckFailure)
		w.close('}')
	}
	w.close(']')
}

// statement writes the members every statement has.
func (w *writer) statement(statement *string, parameters []types.AttributeValue, onFailure types.ReturnValuesOnConditionCheckFailure) {
	w.str("Statement", statement)
	w.attributeValues("Parameters", parameters)
	w.enum("ReturnValuesOnConditionCheckFailure", string(onFailure))
}

func readExecuteStatement(r *reader, out *dynamodb.ExecuteStatementOutput) {
	readMembers(r, out, func(k string) bool {
		switch k {
		case "Items":
			out.Items = r.items(0)
		case "LastEvaluatedKey":
			out.LastEvaluatedKey = r.item()
		case "NextToken":
			out.NextToken = r.optString()
		default:
			return false
		}
		return true
	})
}

func readBatchExecuteStatement(r *reader, out *dynamodb.BatchExecuteStatementOutput) {
	readMembers(r, out, func(k string) bool {
		if k != "Responses" {
			return false
		}
		r.Enter('[')
		out.Responses = make([]types.BatchStatementResponse, 0, 25)
		for first := true; r.More(']', first); first = false {
			var resp types.BatchStatementResponse
			if !r.Null() {
				readMembers(r, &resp, func(k string) bool {
					switch k {
					case "Item":
						resp.Item = r.item()
					case "TableName":
						resp.TableName = r.optString()
					default:
						return false // Error, through the SDK's deserializer
					}
					return true
				})
			}
			out.Responses = append(out.Responses, resp)
		}
		return true
	})
}

func readExecuteTransaction(r *reader, out *dynamodb.ExecuteTransactionOutput) {
	readItemResponses(r, out, &out.Responses, r.itemResponse)
}
