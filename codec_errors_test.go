package ddb

import (
	"errors"
	"math"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/uuid"

	"github.com/ddbkit/ddb/internal/av"
)

type walletItem struct {
	ID    string `ddb:"id"`
	Items []struct {
		ID string `ddb:"id"`
	} `ddb:"items"`
}

type errorModel struct {
	I    int
	I8   int8
	U8   uint
	F    float64
	Ch   chan int
	Fn   func()
	P    *int
	Emb  *embeddedSecret
	Pt   point
	Wal  walletItem `ddb:"wallet"`
	Tags map[string][]int
}

type embeddedSecret struct{ *secret }
type secret struct{ S string }

func TestDecodeErrors(t *testing.T) {
	list := func(avs ...types.AttributeValue) types.AttributeValue {
		return &types.AttributeValueMemberL{Value: avs}
	}
	m := func(k string, v types.AttributeValue) types.AttributeValue {
		return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{k: v}}
	}
	tests := []struct {
		name string
		item map[string]types.AttributeValue
		into any
		want *DecodeError
		msg  string
	}{
		{"invalid uuid", map[string]types.AttributeValue{"user_id": av.S("abc")}, &struct {
			UserID uuid.UUID `ddb:"user_id"`
		}{}, &DecodeError{Path: "user_id", GoType: "uuid.UUID", Reason: `invalid UUID "abc"`},
			`ddb: cannot decode user_id (uuid.UUID): invalid UUID "abc": invalid UUID length: 3`},
		{"nested path", map[string]types.AttributeValue{"wallet": m("items", list(m("id", av.S("a")), m("id", av.N("1"))))}, &errorModel{},
			&DecodeError{Path: "wallet.items[1].id", GoType: "string", Reason: "expected S, got N"},
			"ddb: cannot decode wallet.items[1].id (string): expected S, got N"},
		{"syntax", map[string]types.AttributeValue{"I": av.N("12x")}, &errorModel{},
			&DecodeError{Path: "I", GoType: "int", Reason: `invalid number "12x"`}, ""},
		{"int8 overflow", map[string]types.AttributeValue{"I8": av.N("300")}, &errorModel{},
			&DecodeError{Path: "I8", GoType: "int8", Reason: "number 300 out of range"}, "ddb: cannot decode I8 (int8): number 300 out of range"},
		{"negative uint", map[string]types.AttributeValue{"U8": av.N("-1")}, &errorModel{},
			&DecodeError{Path: "U8", GoType: "uint", Reason: "number -1 out of range"}, ""},
		{"fraction into int", map[string]types.AttributeValue{"I": av.N("1.5")}, &errorModel{},
			&DecodeError{Path: "I", GoType: "int", Reason: "number 1.5 is not an integer"}, ""},
		{"NULL into non-pointer", map[string]types.AttributeValue{"I": avNull}, &errorModel{},
			&DecodeError{Path: "I", GoType: "int", Reason: "NULL for a type that cannot be nil"}, ""},
		{"S into int", map[string]types.AttributeValue{"I": av.S("1")}, &errorModel{},
			&DecodeError{Path: "I", GoType: "int", Reason: "expected N, got S"}, ""},
		{"float overflow", map[string]types.AttributeValue{"F": av.N("1e400")}, &errorModel{},
			&DecodeError{Path: "F", GoType: "float64", Reason: `invalid number "1e400"`}, ""},
		{"list element", map[string]types.AttributeValue{"Tags": m("t", list(av.N("1"), av.S("x")))}, &errorModel{},
			&DecodeError{Path: "Tags.t[1]", GoType: "int", Reason: "expected N, got S"}, ""},
		{"chan", map[string]types.AttributeValue{"Ch": av.N("1")}, &errorModel{},
			&DecodeError{Path: "Ch", GoType: "chan int", Reason: "unsupported Go type"}, ""},
		{"unexported embedded pointer", map[string]types.AttributeValue{"Emb": m("S", av.S("x"))}, &errorModel{},
			&DecodeError{Path: "Emb.S", GoType: "*ddb.secret", Reason: "cannot allocate an embedded pointer to an unexported struct type"}, ""},
		{"unmarshaler", map[string]types.AttributeValue{"Pt": av.N("1")}, &errorModel{},
			&DecodeError{Path: "Pt", GoType: "ddb.point", Reason: "UnmarshalAttributeValue failed", Err: errors.New("point needs S")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Unmarshal(tt.item, tt.into)
			var got *DecodeError
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(DecodeError{}, "Err")); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if tt.want.Err != nil && (got.Err == nil || got.Err.Error() != tt.want.Err.Error()) {
				t.Errorf("Err = %v, want %v", got.Err, tt.want.Err)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.msg)
			}
			if got.Code() != "ItemDecodeError" {
				t.Errorf("Code() = %q", got.Code())
			}
		})
	}
}

func TestUnmarshalStrict(t *testing.T) {
	item := map[string]types.AttributeValue{
		"wallet": &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"id": av.S("x"), "zz": av.S("?"), "extra": av.S("!")}},
	}
	if err := Unmarshal(item, &errorModel{}); err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	err := UnmarshalStrict(item, &errorModel{})
	want := &DecodeError{Path: "wallet.extra", GoType: "ddb.walletItem", Reason: "unknown attribute"}
	if diff := cmp.Diff(error(want), err); diff != "" {
		t.Errorf("UnmarshalStrict (-want +got):\n%s", diff)
	}
}

func TestEncodeErrors(t *testing.T) {
	one := 1
	tests := []struct {
		name string
		in   any
		want *EncodeError
		msg  string
	}{
		{"NaN", struct{ F float64 }{math.NaN()}, &EncodeError{Path: "F", GoType: "float64", Reason: "NaN is not a number DynamoDB can store"},
			"ddb: cannot encode F (float64): NaN is not a number DynamoDB can store"},
		{"Inf in list", map[string][]float32{"l": {1, float32(math.Inf(-1))}}, &EncodeError{Path: "l[1]", GoType: "float32", Reason: "-Inf is not a number DynamoDB can store"}, ""},
		{"too large", struct{ F float64 }{1e200}, &EncodeError{Path: "F", GoType: "float64", Reason: "1e+200 is beyond the range of DynamoDB numbers"}, ""},
		{"chan", struct{ C chan int }{make(chan int)}, &EncodeError{Path: "C", GoType: "chan int", Reason: "unsupported Go type"}, ""},
		{"func in any", struct{ A any }{func() {}}, &EncodeError{Path: "A", GoType: "func()", Reason: "unsupported Go type"}, ""},
		{"invalid Number", struct{ N []Number }{[]Number{"1", "1x"}}, &EncodeError{Path: "N[1]", GoType: "ddb.Number", Reason: `invalid number "1x"`}, ""},
		{"not an item", &one, &EncodeError{GoType: "int", Reason: "Marshal needs a struct or a map with string keys; encodes as N"}, ""},
		{"nil", nil, &EncodeError{GoType: "nil", Reason: "Marshal needs a struct or a map with string keys"}, ""},
		{"nil pointer", (*walletItem)(nil), &EncodeError{GoType: "*ddb.walletItem", Reason: "nil pointer"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Marshal(tt.in)
			var got *EncodeError
			if !errors.As(err, &got) {
				t.Fatalf("got %v, want an *EncodeError", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if tt.msg != "" && err.Error() != tt.msg {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.msg)
			}
			if got.Code() != "ItemEncodeError" {
				t.Errorf("Code() = %q", got.Code())
			}
		})
	}
}

func TestDecodeTarget(t *testing.T) {
	var w walletItem
	for _, into := range []any{nil, w, (*walletItem)(nil)} {
		var de *DecodeError
		if err := Unmarshal(nil, into); !errors.As(err, &de) || de.Reason != "decoding needs a non-nil pointer" {
			t.Errorf("Unmarshal into %#v: %v", into, err)
		}
	}
}
