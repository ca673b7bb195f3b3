package ddbtest

import (
	"context"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// statement returns a PartiQL statement with the test's prefix on the
// table it names: the identifier after FROM, INTO or UPDATE (keywords in
// any case, outside string literals and quoted identifiers), quoted or
// not; a following ."index" is left as it is.
func (n *namespaced) statement(stmt *string) *string {
	if stmt == nil {
		return nil
	}
	s := *stmt
	var sb strings.Builder
	tableNext := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			end := quotedEnd(s, i)
			if c == '"' && tableNext {
				name := strings.ReplaceAll(s[i+1:end-1], `""`, `"`)
				sb.WriteString(quoteIdent(n.prefix + name))
				tableNext = false
			} else {
				sb.WriteString(s[i:end])
			}
			i = end
		case isWordByte(c):
			end := i
			for end < len(s) && isWordByte(s[end]) {
				end++
			}
			word := s[i:end]
			switch {
			case tableNext:
				sb.WriteString(quoteIdent(n.prefix + word))
				tableNext = false
			default:
				sb.WriteString(word)
				up := strings.ToUpper(word)
				tableNext = up == "FROM" || up == "INTO" || up == "UPDATE"
			}
			i = end
		default:
			sb.WriteByte(c)
			i++
		}
	}
	return aws.String(sb.String())
}

// quotedEnd returns the index after the quoted text starting at s[i]
// (a doubled quote stands for one), or len(s) when it is not closed.
func quotedEnd(s string, i int) int {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		if s[j] != q {
			continue
		}
		if j+1 < len(s) && s[j+1] == q {
			j++
			continue
		}
		return j + 1
	}
	return len(s)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// quoteIdent quotes a PartiQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

func (n *namespaced) ExecuteStatement(ctx context.Context, in *dynamodb.ExecuteStatementInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ExecuteStatementOutput, error) {
	req := valueOf(in)
	req.Statement = n.statement(req.Statement)
	out, err := n.api.ExecuteStatement(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) BatchExecuteStatement(ctx context.Context, in *dynamodb.BatchExecuteStatementInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchExecuteStatementOutput, error) {
	req := valueOf(in)
	req.Statements = slices.Clone(req.Statements)
	for i := range req.Statements {
		req.Statements[i].Statement = n.statement(req.Statements[i].Statement)
	}
	out, err := n.api.BatchExecuteStatement(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.Responses = slices.Clone(out.Responses)
	for i := range res.Responses {
		res.Responses[i].TableName = n.local(res.Responses[i].TableName)
	}
	res.ConsumedCapacity = n.capacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) ExecuteTransaction(ctx context.Context, in *dynamodb.ExecuteTransactionInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ExecuteTransactionOutput, error) {
	req := valueOf(in)
	req.TransactStatements = slices.Clone(req.TransactStatements)
	for i := range req.TransactStatements {
		req.TransactStatements[i].Statement = n.statement(req.TransactStatements[i].Statement)
	}
	out, err := n.api.ExecuteTransaction(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.capacity(out.ConsumedCapacity)
	return &res, nil
}
