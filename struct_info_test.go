package ddb

import (
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
)

type Timestamps struct {
	Created time.Time `ddb:"created,unixtime"`
	Updated time.Time `ddb:"updated"`
	Owner   string    `ddb:"owner"`
}

type Labels struct {
	Owner string `ddb:"owner"` // hidden by UserWallet.Owner, shallower (and so is Timestamps.Owner)
	Label string `ddb:"label,omitempty"`
}

type UserWallet struct {
	UserID  uuid.UUID `ddb:"user_id,hash"`
	Seq     int64     `ddb:"seq,range,lsi=bySeq"`
	Balance Number    `ddb:"balance,gsi=byBalance:range"`
	Region  string    `ddb:"region,gsi=byBalance"`
	Blob    []byte
	Flag    bool
	Tags    []string `ddb:"tags,set"`
	Ptr     *int32
	Text    celsius
	Custom  point
	Owner   string `ddb:"owner"`
	Timestamps
	*Labels
	Ignored string `ddb:"-"`
	hidden  int
}

func TestStructInfoFor(t *testing.T) {
	info, err := structInfoFor(reflect.TypeFor[UserWallet]())
	if err != nil {
		t.Fatal(err)
	}
	type summary struct {
		Name, GoName string
		Index        []int
		Hash, Range  bool
		Omit         bool
		Indexes      []indexRole
		KeyType      types.ScalarAttributeType
	}
	var got []summary
	for _, f := range info.fields {
		got = append(got, summary{f.name, f.goName, f.index, f.hash, f.rangeKey, f.omitEmpty, f.indexes, f.keyType})
		if info.byName[f.name] != f {
			t.Errorf("byName[%q] is not the field", f.name)
		}
	}
	want := []summary{
		{Name: "user_id", GoName: "UserWallet.UserID", Index: []int{0}, Hash: true, KeyType: "S"},
		{Name: "seq", GoName: "UserWallet.Seq", Index: []int{1}, Range: true, Indexes: []indexRole{{name: "bySeq", local: true, rangeKey: true}}, KeyType: "N"},
		{Name: "balance", GoName: "UserWallet.Balance", Index: []int{2}, Indexes: []indexRole{{name: "byBalance", rangeKey: true}}, KeyType: "N"},
		{Name: "region", GoName: "UserWallet.Region", Index: []int{3}, Indexes: []indexRole{{name: "byBalance"}}, KeyType: "S"},
		{Name: "Blob", GoName: "UserWallet.Blob", Index: []int{4}, KeyType: "B"},
		{Name: "Flag", GoName: "UserWallet.Flag", Index: []int{5}},
		{Name: "tags", GoName: "UserWallet.Tags", Index: []int{6}},
		{Name: "Ptr", GoName: "UserWallet.Ptr", Index: []int{7}, KeyType: "N"},
		{Name: "Text", GoName: "UserWallet.Text", Index: []int{8}, KeyType: "S"},
		{Name: "Custom", GoName: "UserWallet.Custom", Index: []int{9}},
		{Name: "owner", GoName: "UserWallet.Owner", Index: []int{10}, KeyType: "S"},
		{Name: "created", GoName: "Timestamps.Created", Index: []int{11, 0}, KeyType: "N"},
		{Name: "updated", GoName: "Timestamps.Updated", Index: []int{11, 1}, KeyType: "S"},
		{Name: "label", GoName: "Labels.Label", Index: []int{12, 1}, Omit: true, KeyType: "S"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(indexRole{})); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	again, _ := structInfoFor(reflect.TypeFor[UserWallet]())
	if again != info {
		t.Error("structInfoFor did not cache")
	}
}

func TestStructInfoErrors(t *testing.T) {
	type A struct{ X int }
	type B struct {
		Y int `ddb:"X"`
	}
	type C struct{ X int }
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[struct {
			Balance int `ddb:"balance,rnage"`
		}](), `ddb: struct { Balance int "ddb:\"balance,rnage\"" }.Balance: unknown tag option "rnage"`},
		{reflect.TypeFor[struct {
			A int `ddb:"x"`
			B int `ddb:"x"`
		}](), `ddb: struct { A int "ddb:\"x\""; B int "ddb:\"x\"" }.B: attribute name "x" is also that of struct { A int "ddb:\"x\""; B int "ddb:\"x\"" }.A`},
		{reflect.TypeFor[struct {
			A
			C
		}](), `ddb: C.X: attribute name "X" is also that of A.X`},
		{reflect.TypeFor[struct {
			S int `ddb:",set"`
		}](), `ddb: struct { S int "ddb:\",set\"" }.S: tag option set needs a slice, array or map of strings, numbers or binary values, not int`},
		{reflect.TypeFor[struct {
			S []bool `ddb:",set"`
		}](), `ddb: struct { S []bool "ddb:\",set\"" }.S: tag option set needs a slice, array or map of strings, numbers or binary values, not []bool`},
		{reflect.TypeFor[struct {
			T string `ddb:",unixtime"`
		}](), `ddb: struct { T string "ddb:\",unixtime\"" }.T: tag option unixtime needs a time.Time, not string`},
	}
	for _, tt := range tests {
		_, err := structInfoFor(tt.typ)
		if err == nil || err.Error() != tt.want {
			t.Errorf("structInfoFor(%v) = %v, want %q", tt.typ, err, tt.want)
		}
		if _, err := Marshal(reflect.New(tt.typ).Interface()); err == nil || err.Error() != tt.want {
			t.Errorf("Marshal(%v) = %v, want %q", tt.typ, err, tt.want)
		}
	}

	// A tagged name beats an untagged one at the same depth; a shallower
	// field beats both.
	type tagged struct {
		A
		B
	}
	info, err := structInfoFor(reflect.TypeFor[tagged]())
	if err != nil {
		t.Fatal(err)
	}
	if f := info.byName["X"]; f == nil || f.goName != "B.Y" {
		t.Errorf("X is %+v, want B.Y", f)
	}
	type shadowed struct {
		A
		C
		X string
	}
	if info, err = structInfoFor(reflect.TypeFor[shadowed]()); err != nil || info.byName["X"].goName != "shadowed.X" {
		t.Errorf("shadowed: %v, %+v", err, info)
	}
}
