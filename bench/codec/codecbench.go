package codec

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb"
	"github.com/google/uuid"
	"github.com/guregu/dynamo/v2"
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

// Cases returns the comparisons: the wallet and the profile item.
func Cases() []Case {
	return []Case{
		newCase("wallet", func() any { return newWallet() }, func() any { return new(wallet) }),
		newCase("profile", func() any { return newProfile() }, func() any { return new(profile) }),
	}
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
