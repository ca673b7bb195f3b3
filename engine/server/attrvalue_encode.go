package server

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/wirejson"
)

// item appends a map of attribute values.
func (e *encoder) item(m map[string]types.AttributeValue) {
	e.buf, _ = wirejson.AppendItem(e.buf, m)
}

// attributeValue appends one attribute value as {"<type>": value}. A nil
// value, which DynamoDB never returns, is written as {}.
func (e *encoder) attributeValue(v types.AttributeValue) {
	e.buf, _ = wirejson.AppendAttributeValue(e.buf, v)
}
