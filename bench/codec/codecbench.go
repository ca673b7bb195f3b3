package codec

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"
	"github.com/guregu/dynamo/v2"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/wirejson"
)

// Library names, the keys of Case.Marshal and Case.Unmarshal.
const (
	DDB            = "ddb"
	AttributeValue = "attributevalue"
	Guregu         = "guregu"
)

// Libraries lists the compared libraries in display order, ddb first.
var Libraries = []string{DDB, AttributeValue, Guregu}

// Case is one item encoded and decoded by every library: Marshal and
// Unmarshal map a library name (see Libraries) to a benchmark of it.
type Case struct {
	Name      string // "wallet" or "profile"
	Marshal   map[string]func(b *testing.B)
	Unmarshal map[string]func(b *testing.B)
}

// Cases returns the comparisons: the wallet and the profile item, each as
// attribute values (Go struct to and from map[string]types.AttributeValue)
// and as JSON (Go struct to and from the item's DynamoDB JSON in a request
// or response body, named "wallet json" and "profile json").
func Cases() []Case {
	walletSample, walletEmpty := func() any { return newWallet() }, func() any { return new(wallet) }
	profileSample, profileEmpty := func() any { return newProfile() }, func() any { return new(profile) }
	return []Case{
		newCase("wallet", walletSample, walletEmpty),
		newCase("profile", profileSample, profileEmpty),
		newJSONCase("wallet json", walletSample, walletEmpty),
		newJSONCase("profile json", profileSample, profileEmpty),
	}
}

// newJSONCase builds the JSON case of the item that sample returns.
//
// Marshal writes the item's JSON into a reused buffer: ddb with
// ddb.AppendItemJSON, straight from the struct; the others encode the
// struct as attribute values and write them with the JSON writer of ddb's
// own client (internal/wirejson), the fastest writer of such maps at hand
// (the SDK's serializer is slower and not callable on its own).
//
// Unmarshal decodes the JSON, copied once into a string as a client holds
// a response body: ddb with ddb.UnmarshalItemJSON, straight into the
// struct; the others read it into attribute values with wirejson's reader
// and decode those.
func newJSONCase(name string, sample, empty func() any) Case {
	c := Case{Name: name, Marshal: map[string]func(*testing.B){}, Unmarshal: map[string]func(*testing.B){}}
	for _, lib := range libraries {
		c.Marshal[lib.name] = func(b *testing.B) {
			v := sample()
			buf := make([]byte, 0, 1024)
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = lib.marshalJSON(buf[:0], v); err != nil {
					b.Fatal(err)
				}
			}
		}
		c.Unmarshal[lib.name] = func(b *testing.B) {
			js, err := ddb.AppendItemJSON(nil, sample())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := lib.unmarshalJSON(js, empty()); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	return c
}

// marshalJSON appends the JSON of v's item as lib writes it (see
// newJSONCase).
func (lib library) marshalJSON(dst []byte, v any) ([]byte, error) {
	if lib.name == DDB {
		return ddb.AppendItemJSON(dst, v)
	}
	item, err := lib.marshal(v)
	if err != nil {
		return dst, err
	}
	out, ok := wirejson.AppendItem(dst, item)
	if !ok {
		return dst, errors.New("an attribute value without a data type")
	}
	return out, nil
}

// unmarshalJSON decodes the JSON of an item into v as lib reads it (see
// newJSONCase).
func (lib library) unmarshalJSON(js []byte, v any) error {
	if lib.name == DDB {
		return ddb.UnmarshalItemJSON(js, v)
	}
	var r wirejson.Reader
	r.Reset(string(js))
	item := r.Item()
	if err := r.Done(); err != nil {
		return err
	}
	return lib.unmarshal(item, v)
}

// newCase builds the case of the item that sample returns; empty returns a
// new value to decode into.
func newCase(name string, sample, empty func() any) Case {
	c := Case{Name: name, Marshal: map[string]func(*testing.B){}, Unmarshal: map[string]func(*testing.B){}}
	for _, lib := range libraries {
		c.Marshal[lib.name] = func(b *testing.B) {
			v := sample()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := lib.marshal(v); err != nil {
					b.Fatal(err)
				}
			}
		}
		c.Unmarshal[lib.name] = func(b *testing.B) {
			item, err := ddb.Marshal(sample())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := lib.unmarshal(item, empty()); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	return c
}

// wallet is the two-attribute item, tagged for all three codecs.
type wallet struct {
	UserID  uuid.UUID `ddb:"user_id,hash" dynamodbav:"user_id" dynamo:"user_id,hash"`
	Balance int       `ddb:"balance" dynamodbav:"balance" dynamo:"balance"`
}

// profile is the 12-attribute item.
type profile struct {
	ID      uuid.UUID         `ddb:"id,hash" dynamodbav:"id" dynamo:"id,hash"`
	Name    string            `ddb:"name" dynamodbav:"name" dynamo:"name"`
	Email   string            `ddb:"email" dynamodbav:"email" dynamo:"email"`
	Age     int               `ddb:"age" dynamodbav:"age" dynamo:"age"`
	Score   float64           `ddb:"score" dynamodbav:"score" dynamo:"score"`
	Active  bool              `ddb:"active" dynamodbav:"active" dynamo:"active"`
	Visits  int64             `ddb:"visits" dynamodbav:"visits" dynamo:"visits"`
	Created time.Time         `ddb:"created" dynamodbav:"created" dynamo:"created"`
	Attrs   map[string]string `ddb:"attrs" dynamodbav:"attrs" dynamo:"attrs"`
	History []string          `ddb:"history" dynamodbav:"history" dynamo:"history"`
	Tags    []string          `ddb:"tags,set" dynamodbav:"tags,stringset" dynamo:"tags,set"`
	Lucky   []int             `ddb:"lucky,set" dynamodbav:"lucky,numberset" dynamo:"lucky,set"`
}

func newWallet() *wallet {
	return &wallet{UserID: uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Balance: 1000}
}

func newProfile() *profile {
	return &profile{
		ID: uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Name: "Ana Lima", Email: "ana@example.com",
		Age: 37, Score: 98.25, Active: true, Visits: 1234567,
		// A UTC time with nine fraction digits, the last nonzero: ddb
		// always writes the nine digits (so that times sort as text), the
		// others trim trailing zeros, and only such a time encodes to the
		// same text in all three.
		Created: time.Date(2024, 2, 29, 12, 30, 0, 123456789, time.UTC),
		Attrs:   map[string]string{"plan": "pro", "theme": "dark", "lang": "pt"},
		History: []string{"login", "buy", "logout"},
		Tags:    []string{"vip", "beta"},
		Lucky:   []int{7, 13, 42},
	}
}

// library is one codec under comparison. attributevalue needs its
// encoding-marshaler options to store a uuid.UUID as text, as the others do.
type library struct {
	name      string
	marshal   func(any) (map[string]types.AttributeValue, error)
	unmarshal func(map[string]types.AttributeValue, any) error
}

var libraries = []library{
	{DDB, ddb.Marshal, ddb.Unmarshal},
	{AttributeValue,
		func(v any) (map[string]types.AttributeValue, error) {
			return attributevalue.MarshalMapWithOptions(v, func(o *attributevalue.EncoderOptions) { o.UseEncodingMarshalers = true })
		},
		func(item map[string]types.AttributeValue, v any) error {
			return attributevalue.UnmarshalMapWithOptions(item, v, func(o *attributevalue.DecoderOptions) { o.UseEncodingUnmarshalers = true })
		}},
	{Guregu, func(v any) (map[string]types.AttributeValue, error) { return dynamo.MarshalItem(v) },
		func(item map[string]types.AttributeValue, v any) error { return dynamo.UnmarshalItem(item, v) }},
}
