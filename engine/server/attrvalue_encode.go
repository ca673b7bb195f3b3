package server

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// item appends a map of attribute values.
func (e *encoder) item(m map[string]types.AttributeValue) {
	e.buf = append(e.buf, '{')
	first := true
	for k, v := range m {
		e.key(k, first)
		first = false
		e.attributeValue(v)
	}
	e.buf = append(e.buf, '}')
}

// attributeValue appends one attribute value as {"<type>": value}. A nil
// value, which DynamoDB never returns, is written as {}.
func (e *encoder) attributeValue(v types.AttributeValue) {
	switch v := v.(type) {
	case *types.AttributeValueMemberS:
		e.buf = append(e.buf, `{"S":`...)
		e.string(v.Value)
	case *types.AttributeValueMemberN:
		e.buf = append(e.buf, `{"N":`...)
		e.string(v.Value)
	case *types.AttributeValueMemberB:
		e.buf = append(e.buf, `{"B":`...)
		e.blob(v.Value)
	case *types.AttributeValueMemberBOOL:
		e.buf = append(e.buf, `{"BOOL":`...)
		e.bool(v.Value)
	case *types.AttributeValueMemberNULL:
		e.buf = append(e.buf, `{"NULL":`...)
		e.bool(v.Value)
	case *types.AttributeValueMemberSS:
		e.buf = append(e.buf, `{"SS":`...)
		e.strings(v.Value)
	case *types.AttributeValueMemberNS:
		e.buf = append(e.buf, `{"NS":`...)
		e.strings(v.Value)
	case *types.AttributeValueMemberBS:
		e.buf = append(e.buf, `{"BS":[`...)
		for i, b := range v.Value {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.blob(b)
		}
		e.buf = append(e.buf, ']')
	case *types.AttributeValueMemberL:
		e.buf = append(e.buf, `{"L":[`...)
		for i, x := range v.Value {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			e.attributeValue(x)
		}
		e.buf = append(e.buf, ']')
	case *types.AttributeValueMemberM:
		e.buf = append(e.buf, `{"M":`...)
		e.item(v.Value)
	default:
		e.buf = append(e.buf, '{')
	}
	e.buf = append(e.buf, '}')
}

func (e *encoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, "true"...)
	} else {
		e.buf = append(e.buf, "false"...)
	}
}

func (e *encoder) strings(l []string) {
	e.buf = append(e.buf, '[')
	for i, s := range l {
		if i > 0 {
			e.buf = append(e.buf, ',')
		}
		e.string(s)
	}
	e.buf = append(e.buf, ']')
}
