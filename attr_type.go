package ddb

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
