package ddb_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/testbackend"
)

// rawValued has a field holding an SDK attribute value as given.
type rawValued struct {
	ID string               `ddb:"id,hash"`
	V  types.AttributeValue `ddb:"v"`
}

// {NULL: false}, what aws-sdk-go-v2's zero AttributeValueMemberNULL sends,
// is refused by a typed Put, a Put of an Item and an Update, in-process
// as over HTTP, as DynamoDB refuses it: code that worked here would fail
// on AWS.
func TestNullFalseRefused(t *testing.T) {
	const msg = "Null attribute value types must have the value of true"
	for _, b := range testbackend.All(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := t.Context()
			typed := newTable[rawValued](t, b.DB(), "nullfalse")
			raw := ddb.TableWithSchema[ddb.Item](typed.DB(), typed.Schema())
			nullFalse := &types.AttributeValueMemberNULL{}
			for name, err := range map[string]error{
				"typed Put": typed.Put(ctx, rawValued{ID: "a", V: nullFalse}),
				"Item Put":  raw.Put(ctx, ddb.Item{"id": &types.AttributeValueMemberS{Value: "a"}, "v": nullFalse}),
				"Update":    typed.Update(ctx, ddb.Key("a"), ddb.Set("v", nullFalse)),
			} {
				if err == nil || !strings.Contains(err.Error(), msg) {
					t.Errorf("%s of NULL false: %v, want %q", name, err, msg)
				}
			}
		})
	}
}
