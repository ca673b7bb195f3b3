package ddb

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// AttrType is a DynamoDB attribute type, as written in attribute
// definitions and in the attribute_type function.
type AttrType string

// The DynamoDB attribute types. Key attributes are TypeString, TypeNumber or
// TypeBinary.
const (
	TypeString    AttrType = "S"
	TypeNumber    AttrType = "N"
	TypeBinary    AttrType = "B"
	TypeBool      AttrType = "BOOL"
	TypeNull      AttrType = "NULL"
	TypeList      AttrType = "L"
	TypeMap       AttrType = "M"
	TypeStringSet AttrType = "SS"
	TypeNumberSet AttrType = "NS"
	TypeBinarySet AttrType = "BS"
)

// isKeyType reports whether t can be the type of a key attribute.
func (t AttrType) isKeyType() bool {
	return t == TypeString || t == TypeNumber || t == TypeBinary
}

// typeOf returns the type of an attribute value, "" for an unknown member.
func typeOf(av types.AttributeValue) AttrType {
	switch av.(type) {
	case *types.AttributeValueMemberS:
		return TypeString
	case *types.AttributeValueMemberN:
		return TypeNumber
	case *types.AttributeValueMemberB:
		return TypeBinary
	case *types.AttributeValueMemberBOOL:
		return TypeBool
	case *types.AttributeValueMemberNULL:
		return TypeNull
	case *types.AttributeValueMemberL:
		return TypeList
	case *types.AttributeValueMemberM:
		return TypeMap
	case *types.AttributeValueMemberSS:
		return TypeStringSet
	case *types.AttributeValueMemberNS:
		return TypeNumberSet
	case *types.AttributeValueMemberBS:
		return TypeBinarySet
	}
	return ""
}
