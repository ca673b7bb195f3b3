package testbackend

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/ddbkit/ddb"
)

func TestMain(m *testing.M) { Main(m) }

var tableNameRE = regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,255}$`)

func TestUniqueTableName(t *testing.T) {
	for _, base := range []string{"", "orders", "a b/c:d", strings.Repeat("x", 300)} {
		a, b := UniqueTableName(t, base), UniqueTableName(t, base)
		if !tableNameRE.MatchString(a) {
			t.Errorf("UniqueTableName(%q) = %q: not a valid table name", base, a)
		}
		if a == b {
			t.Errorf("UniqueTableName(%q) returned %q twice", base, a)
		}
	}
	if got := UniqueTableName(t, "orders"); !strings.HasPrefix(got, "orders-") {
		t.Errorf("UniqueTableName(orders) = %q, want it to start with orders-", got)
	}
}

// recordingAPI records table creations and deletions; the methods a test
// does not expect are left to the nil embedded interface and panic.
type recordingAPI struct {
	ddb.API
	created, deleted []string
}

func (r *recordingAPI) CreateTable(_ context.Context, in *dynamodb.CreateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	r.created = append(r.created, *in.TableName)
	return &dynamodb.CreateTableOutput{}, nil
}

func (r *recordingAPI) DescribeTable(_ context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return &dynamodb.DescribeTableOutput{Table: &types.TableDescription{TableName: in.TableName, TableStatus: types.TableStatusActive}}, nil
}

func (r *recordingAPI) DeleteTable(_ context.Context, in *dynamodb.DeleteTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	r.deleted = append(r.deleted, *in.TableName)
	return &dynamodb.DeleteTableOutput{}, nil
}

func TestCreateTableDeletesAtCleanup(t *testing.T) {
	api := &recordingAPI{}
	in := &dynamodb.CreateTableInput{TableName: aws.String("orders")}
	var name string
	t.Run("sub", func(t *testing.T) {
		name = CreateTable(t, api, in)
		if len(api.deleted) != 0 {
			t.Errorf("table deleted before the test ended: %q", api.deleted)
		}
	})
	if *in.TableName != "orders" {
		t.Errorf("CreateTable modified its input: TableName = %q", *in.TableName)
	}
	if len(api.created) != 1 || api.created[0] != name || !strings.HasPrefix(name, "orders-") {
		t.Errorf("created %q, returned %q", api.created, name)
	}
	if len(api.deleted) != 1 || api.deleted[0] != name {
		t.Errorf("deleted %q at cleanup, want [%q]", api.deleted, name)
	}
}

func TestAllBackendsServeATable(t *testing.T) {
	backends := All(t)
	if LocalEnabled() && !hasBackend(backends, Local) {
		t.Errorf("%s=1 but All returned no %s backend", LocalEnv, Local)
	}
	for _, b := range backends {
		t.Run(b.Name, func(t *testing.T) {
			name := CreateTable(t, b.API, &dynamodb.CreateTableInput{
				TableName:            aws.String("testbackend"),
				AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS}},
				KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash}},
				BillingMode:          types.BillingModePayPerRequest,
			})
			ctx := context.Background()
			item := map[string]types.AttributeValue{"pk": &types.AttributeValueMemberS{Value: "k"}}
			if _, err := b.API.PutItem(ctx, &dynamodb.PutItemInput{TableName: &name, Item: item}); err != nil {
				t.Fatal(err)
			}
			out, err := b.API.GetItem(ctx, &dynamodb.GetItemInput{TableName: &name, Key: item, ConsistentRead: aws.Bool(true)})
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := out.Item["pk"].(*types.AttributeValueMemberS); !ok || got.Value != "k" {
				t.Errorf("GetItem = %#v, want the item just put", out.Item)
			}
		})
	}
}

// hasBackend reports whether backends holds one with the given name.
func hasBackend(backends []Backend, name string) bool {
	for _, b := range backends {
		if b.Name == name {
			return true
		}
	}
	return false
}
