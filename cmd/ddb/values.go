package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/itemio"
)

// valueName is the attribute a single value is wrapped in to read or
// write it with itemio, which reads and writes whole items.
const valueName = "v"

// parseValue reads one attribute value written as JSON in format f: plain
// JSON (5, "x", [1, 2], {"$SS": ["a"]}) or DynamoDB JSON ({"N": "5"}).
func parseValue(f itemio.Format, text string) (types.AttributeValue, error) {
	var b bytes.Buffer
	b.WriteString(`{"` + valueName + `":`)
	b.WriteString(text)
	b.WriteString("\n}")
	item, err := itemio.Unmarshal(f, b.Bytes())
	if err != nil {
		var pe *itemio.ParseError
		if errors.As(err, &pe) {
			pe.Line, pe.Column = 0, 0 // positions in the wrapper mean nothing to the user
			pe.Path = strings.TrimPrefix(strings.TrimPrefix(pe.Path, valueName), ".")
		}
		return nil, err
	}
	return item[valueName], nil
}

// shorthandValue reads the value of a NAME=VALUE shorthand: JSON in format
// f when it parses as JSON (so 5 is a number, true a boolean, "5" a
// string), else the text itself as a string (abc, 2024-05-01). Text that
// parses as JSON but is no value in format f (a bad marker such as
// {"$SS": [1]}, {"N": 5}, or 5 in DynamoDB JSON) is an error, not a
// string: it was meant as a typed value.
func shorthandValue(f itemio.Format, text string) (types.AttributeValue, error) {
	if !json.Valid([]byte(text)) {
		return &types.AttributeValueMemberS{Value: text}, nil
	}
	v, err := parseValue(f, text)
	if err != nil {
		return nil, fmt.Errorf("value %s: %v", text, err)
	}
	return v, nil
}

// keyValue reads the text of a key attribute of type t as a value of that
// type: a string as it is, a number's text, base64 for binary.
func keyValue(name string, t types.ScalarAttributeType, text string) (types.AttributeValue, error) {
	switch t {
	case types.ScalarAttributeTypeN:
		n, err := ddb.ParseNumber(text)
		if err != nil {
			return nil, fmt.Errorf("key attribute %s is a number, and %q is not one", name, text)
		}
		return &types.AttributeValueMemberN{Value: string(n)}, nil
	case types.ScalarAttributeTypeB:
		b, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return nil, fmt.Errorf("key attribute %s is binary, and %q is not base64", name, text)
		}
		return &types.AttributeValueMemberB{Value: b}, nil
	}
	return &types.AttributeValueMemberS{Value: text}, nil
}

// valueText returns a value written compactly in format f, for table cells
// and messages: strings, numbers and booleans as their text in plain JSON.
func valueText(f itemio.Format, v types.AttributeValue) string {
	if f == itemio.JSON {
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			return v.Value
		case *types.AttributeValueMemberN:
			return v.Value
		}
	}
	text, err := itemio.Marshal(f, ddb.Item{valueName: v}, "")
	if err != nil {
		return "?"
	}
	text = bytes.TrimPrefix(text, []byte(`{"`+valueName+`":`))
	return string(bytes.TrimSuffix(text, []byte("}")))
}

// keyText returns the key attributes of item, in the order of names, as
// name=value pairs for messages.
func keyText(item ddb.Item, names []string) string {
	var parts []string
	for _, n := range names {
		if v, ok := item[n]; ok {
			parts = append(parts, n+"="+valueText(itemio.JSON, v))
		}
	}
	return strings.Join(parts, " ")
}
