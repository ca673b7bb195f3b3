package codecbench

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb"
	"github.com/google/uuid"
	"github.com/guregu/dynamo/v2"
)

// wallet is the two-attribute item of issue 5, tagged for all three codecs.
type wallet struct {
	UserID  uuid.UUID `ddb:"user_id,hash" dynamodbav:"user_id" dynamo:"user_id,hash"`
	Balance int       `ddb:"balance" dynamodbav:"balance" dynamo:"balance"`
}

// profile is the 12-attribute item of issue 5.
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
		Created: time.Date(2024, 2, 29, 12, 30, 0, 0, time.UTC),
		Attrs:   map[string]string{"plan": "pro", "theme": "dark", "lang": "pt"},
		History: []string{"login", "buy", "logout"},
		Tags:    []string{"vip", "beta"},
		Lucky:   []int{7, 13, 42},
	}
}

// codecs are the three implementations under comparison. attributevalue
// needs UseEncodingMarshalers to store a uuid.UUID as text.
var codecs = []struct {
	name      string
	marshal   func(any) (map[string]types.AttributeValue, error)
	unmarshal func(map[string]types.AttributeValue, any) error
}{
	{"ddb", ddb.Marshal, ddb.Unmarshal},
	{"attributevalue",
		func(v any) (map[string]types.AttributeValue, error) {
			return attributevalue.MarshalMapWithOptions(v, func(o *attributevalue.EncoderOptions) { o.UseEncodingMarshalers = true })
		},
		func(item map[string]types.AttributeValue, v any) error {
			return attributevalue.UnmarshalMapWithOptions(item, v, func(o *attributevalue.DecoderOptions) { o.UseEncodingUnmarshalers = true })
		}},
	{"guregu", func(v any) (map[string]types.AttributeValue, error) { return dynamo.MarshalItem(v) },
		func(item map[string]types.AttributeValue, v any) error { return dynamo.UnmarshalItem(item, v) }},
}

// TestSameItems checks that the three codecs agree, so that the benchmarks
// compare equal work.
func TestSameItems(t *testing.T) {
	for _, c := range codecs {
		for _, in := range []any{newWallet(), newProfile()} {
			item, err := c.marshal(in)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			want, _ := ddb.Marshal(in)
			if len(item) != len(want) {
				t.Errorf("%s: %d attributes, ddb has %d", c.name, len(item), len(want))
			}
			for name, av := range want {
				if got, ok := item[name]; !ok || typeName(got) != typeName(av) {
					t.Errorf("%s: attribute %s is %T, ddb has %T", c.name, name, got, av)
				}
			}
		}
	}
}

func typeName(av types.AttributeValue) string {
	switch av.(type) {
	case *types.AttributeValueMemberS:
		return "S"
	case *types.AttributeValueMemberN:
		return "N"
	case *types.AttributeValueMemberSS:
		return "SS"
	case *types.AttributeValueMemberNS:
		return "NS"
	case *types.AttributeValueMemberL:
		return "L"
	case *types.AttributeValueMemberM:
		return "M"
	case *types.AttributeValueMemberBOOL:
		return "BOOL"
	}
	return "?"
}

func BenchmarkMarshal(b *testing.B) {
	for _, item := range []struct {
		name string
		v    any
	}{{"wallet", newWallet()}, {"profile", newProfile()}} {
		for _, c := range codecs {
			b.Run(item.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := c.marshal(item.v); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	for _, item := range []struct {
		name string
		v    any
		out  func() any
	}{{"wallet", newWallet(), func() any { return new(wallet) }}, {"profile", newProfile(), func() any { return new(profile) }}} {
		av, err := ddb.Marshal(item.v)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range codecs {
			b.Run(item.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := c.unmarshal(av, item.out()); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
