package ddb

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"

	"github.com/ddbkit/ddb/internal/av"
)

// orderID encodes itself as S and declares it, so it can be a key.
type orderID string

func (id orderID) MarshalAttributeValue() (types.AttributeValue, error) {
	return av.S("o-" + string(id)), nil
}
func (id *orderID) UnmarshalAttributeValue(v types.AttributeValue) error {
	*id = orderID(strings.TrimPrefix(v.(*types.AttributeValueMemberS).Value, "o-"))
	return nil
}
func (orderID) KeyType() AttrType { return TypeString }

// opaqueID encodes itself without declaring its key type.
type opaqueID string

func (id opaqueID) MarshalAttributeValue() (types.AttributeValue, error) {
	return av.S(string(id)), nil
}
func (id *opaqueID) UnmarshalAttributeValue(v types.AttributeValue) error {
	*id = opaqueID(v.(*types.AttributeValueMemberS).Value)
	return nil
}

// callback is a func type with its own codec: a field of it is fine.
type callback func()

func (callback) MarshalAttributeValue() (types.AttributeValue, error) { return av.S("cb"), nil }
func (*callback) UnmarshalAttributeValue(types.AttributeValue) error  { return nil }

// encodeOnly has only the encoding half of a codec.
type encodeOnly chan int

func (encodeOnly) MarshalAttributeValue() (types.AttributeValue, error) { return av.S("x"), nil }

type inner struct {
	Hook func() `ddb:"hook"`
}

// TestSchemaRejectsUncodableFields checks that a field no item could be
// written with fails at NewTable, naming the field.
func TestSchemaRejectsUncodableFields(t *testing.T) {
	type withChan struct {
		ID string   `ddb:"id,hash"`
		C  chan int `ddb:"c"`
	}
	type withFunc struct {
		ID string `ddb:"id,hash"`
		F  func()
	}
	type withComplex struct {
		ID string     `ddb:"id,hash"`
		Z  complex128 `ddb:"z"`
	}
	type withIntKeys struct {
		ID string         `ddb:"id,hash"`
		M  map[int]string `ddb:"m"`
	}
	type withUnsafe struct {
		ID string         `ddb:"id,hash"`
		P  unsafe.Pointer `ddb:"p"`
	}
	type withNested struct {
		ID string   `ddb:"id,hash"`
		In []*inner `ddb:"in"`
	}
	type withEncodeOnly struct {
		ID string     `ddb:"id,hash"`
		E  encodeOnly `ddb:"e"`
	}
	tests := []struct {
		name   string
		schema func() (*Schema, error)
		field  string
		reason string
	}{
		{"chan", func() (*Schema, error) { return SchemaFor[withChan]("t_1") }, `withChan.C ("c")`, "type chan int has no DynamoDB encoding"},
		{"func", func() (*Schema, error) { return SchemaFor[withFunc]("t_1") }, `withFunc.F ("F")`, "type func() has no DynamoDB encoding"},
		{"complex", func() (*Schema, error) { return SchemaFor[withComplex]("t_1") }, `withComplex.Z ("z")`, "type complex128 has no DynamoDB encoding"},
		{"int map keys", func() (*Schema, error) { return SchemaFor[withIntKeys]("t_1") }, `withIntKeys.M ("m")`, "map keys must be strings"},
		{"unsafe pointer", func() (*Schema, error) { return SchemaFor[withUnsafe]("t_1") }, `withUnsafe.P ("p")`, "type unsafe.Pointer has no DynamoDB encoding"},
		{"nested", func() (*Schema, error) { return SchemaFor[withNested]("t_1") }, `withNested.In ("in")`, "element of []*ddb.inner: inner.Hook: type func() has no DynamoDB encoding"},
		{"encode only", func() (*Schema, error) { return SchemaFor[withEncodeOnly]("t_1") }, `withEncodeOnly.E ("e")`, "has no UnmarshalAttributeValue or UnmarshalText method"},
		{"unknown tag option", func() (*Schema, error) { return SchemaFor[badTag]("t_1") }, `badTag.ID ("id")`, `unknown tag option "primary"`},
		{"duplicate name", func() (*Schema, error) { return SchemaFor[duplicateName]("t_1") }, `duplicateName.Two ("x")`, `attribute name "x" is also that of duplicateName.One`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.schema()
			var se *SchemaError
			if !errors.As(err, &se) || se.Field != tt.field || !strings.Contains(se.Reason, tt.reason) {
				t.Fatalf("got %#v (%v); want a *SchemaError for %s saying %q", se, err, tt.field, tt.reason)
			}
		})
	}
}

func TestSchemaAcceptsCodableFields(t *testing.T) {
	type fine struct {
		ID      string            `ddb:"id,hash"`
		Skipped func()            `ddb:"-"`
		Own     callback          `ddb:"own"`
		Any     any               `ddb:"any"`
		Set     map[int]struct{}  `ddb:"set"`
		Self    *fine             `ddb:"self"`
		Nested  map[string][]bool `ddb:"nested"`
	}
	if _, err := SchemaFor[fine]("t_1"); err != nil {
		t.Fatal(err)
	}
}

// TestMarshalerKeys checks that a Marshaler can be a key when it declares
// its key type, and that the error says how when it does not.
func TestMarshalerKeys(t *testing.T) {
	type order struct {
		ID orderID `ddb:"id,hash"`
	}
	s, err := SchemaFor[order]("orders")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Type("id"); got != TypeString {
		t.Errorf("key type %q, want S", got)
	}
	key, err := s.key(Key(orderID("7")))
	if err != nil || !cmp.Equal(key, Item{"id": av.S("o-7")}, sdkCmp) {
		t.Errorf("key = %v, %v", key, err)
	}
	type opaque struct {
		ID opaqueID `ddb:"id,hash"`
	}
	_, err = SchemaFor[opaque]("opaques")
	var se *SchemaError
	if !errors.As(err, &se) || se.Field != `opaque.ID ("id")` || !strings.Contains(se.Reason, "give it a method KeyType() ddb.AttrType") {
		t.Errorf("Marshaler key without KeyType: %v", err)
	}
}
