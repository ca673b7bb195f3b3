package ddb

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/internal/dynamo"
)

// ErrInvalidCursor reports a cursor string that DecodeCursor (or Page)
// cannot read, or one made for another table or index.
var ErrInvalidCursor = errors.New("ddb: invalid cursor")

// invalidCursor returns a *ValidationError about a cursor, matching
// ErrInvalidCursor too.
func invalidCursor(format string, args ...any) error {
	e := invalid("cursor", format, args...)
	e.Reason = "invalid cursor: " + e.Reason
	e.Err = ErrInvalidCursor
	return e
}

// EncodeCursor turns a LastEvaluatedKey into a cursor string: URL-safe
// base64 of the key in DynamoDB's JSON form. A nil or empty key (the last
// page) encodes as "". Cursors are opaque to their users but not secret:
// they reveal the key values, so encrypt them before handing them to
// clients that must not see those.
func EncodeCursor(key Item) (string, error) {
	if len(key) == 0 {
		return "", nil
	}
	doc := make(map[string]map[string]string, len(key))
	for name, av := range key {
		switch v := av.(type) {
		case *types.AttributeValueMemberS:
			doc[name] = map[string]string{"S": v.Value}
		case *types.AttributeValueMemberN:
			doc[name] = map[string]string{"N": v.Value}
		case *types.AttributeValueMemberB:
			doc[name] = map[string]string{"B": base64.StdEncoding.EncodeToString(v.Value)}
		default:
			return "", fmt.Errorf("ddb: cursor: key attribute %s has type %s; keys are S, N or B", name, dynamo.TypeOf(av))
		}
	}
	text, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(text), nil
}

// DecodeCursor returns the LastEvaluatedKey a cursor from EncodeCursor
// holds; "" decodes as nil (start from the beginning). The error is a
// *ValidationError matching ErrInvalidCursor.
func DecodeCursor(cursor string) (Item, error) {
	if cursor == "" {
		return nil, nil
	}
	text, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, invalidCursor("%v", err)
	}
	var doc map[string]map[string]string
	if err := json.Unmarshal(text, &doc); err != nil || len(doc) == 0 {
		return nil, invalidCursor("not a key")
	}
	key := make(Item, len(doc))
	for name, typed := range doc {
		if len(typed) != 1 {
			return nil, invalidCursor("attribute %s has %d values", name, len(typed))
		}
		for typ, text := range typed {
			switch typ {
			case "S":
				key[name] = &types.AttributeValueMemberS{Value: text}
			case "N":
				if err := checkNumber(text); err != nil {
					return nil, invalidCursor("attribute %s: %v", name, err)
				}
				key[name] = &types.AttributeValueMemberN{Value: text}
			case "B":
				b, err := base64.StdEncoding.DecodeString(text)
				if err != nil {
					return nil, invalidCursor("attribute %s: %v", name, err)
				}
				key[name] = &types.AttributeValueMemberB{Value: b}
			default:
				return nil, invalidCursor("attribute %s has type %q", name, typ)
			}
		}
	}
	return key, nil
}
