package ddb

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// scriptedAPI answers CreateTable with createErr, DescribeTable with the
// next of statuses (the last one repeating) and DescribeTimeToLive with
// liveTTL; it records UpdateTimeToLive. Other methods are left to the nil
// embedded API and panic.
type scriptedAPI struct {
	API
	createErr error
	statuses  []*types.TableDescription
	describes int
	ttl       *types.TimeToLiveSpecification
	liveTTL   *types.TimeToLiveDescription
}

func (s *scriptedAPI) DescribeTimeToLive(context.Context, *dynamodb.DescribeTimeToLiveInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	return &dynamodb.DescribeTimeToLiveOutput{TimeToLiveDescription: s.liveTTL}, nil
}

func (s *scriptedAPI) CreateTable(context.Context, *dynamodb.CreateTableInput, ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	return &dynamodb.CreateTableOutput{}, s.createErr
}

func (s *scriptedAPI) DescribeTable(context.Context, *dynamodb.DescribeTableInput, ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	d := s.statuses[min(s.describes, len(s.statuses)-1)]
	s.describes++
	if d == nil {
		return nil, &types.ResourceNotFoundException{Message: new("Requested resource not found")}
	}
	return &dynamodb.DescribeTableOutput{Table: d}, nil
}

func (s *scriptedAPI) UpdateTimeToLive(_ context.Context, in *dynamodb.UpdateTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	s.ttl = in.TimeToLiveSpecification
	return &dynamodb.UpdateTimeToLiveOutput{}, nil
}

type ttlItem struct {
	ID      string    `ddb:"id,hash"`
	Expires time.Time `ddb:"expires,unixtime"`
}

func status(table types.TableStatus, indexes ...types.IndexStatus) *types.TableDescription {
	d := &types.TableDescription{TableStatus: table}
	for _, ix := range indexes {
		d.GlobalSecondaryIndexes = append(d.GlobalSecondaryIndexes, types.GlobalSecondaryIndexDescription{IndexStatus: ix})
	}
	return d
}

func TestCreateWaitsForTableAndIndexes(t *testing.T) {
	api := &scriptedAPI{statuses: []*types.TableDescription{
		status(types.TableStatusCreating, types.IndexStatusCreating),
		status(types.TableStatusActive, types.IndexStatusCreating),
		status(types.TableStatusActive, types.IndexStatusActive),
	}}
	table, err := NewTable[ttlItem](New(api), "items", WithTTL("expires"))
	if err != nil {
		t.Fatal(err)
	}
	if err := table.Create(t.Context()); err != nil {
		t.Fatal(err)
	}
	if api.describes != 3 {
		t.Errorf("Create described the table %d times, want 3", api.describes)
	}
	if api.ttl == nil || *api.ttl.AttributeName != "expires" || !*api.ttl.Enabled {
		t.Errorf("time to live: %+v", api.ttl)
	}
}

// existing describes an existing table keyed by name (HASH) of type typ.
func existing(name string, typ types.ScalarAttributeType) *types.TableDescription {
	d := status(types.TableStatusActive)
	d.KeySchema = []types.KeySchemaElement{{AttributeName: new(name), KeyType: types.KeyTypeHash}}
	d.AttributeDefinitions = []types.AttributeDefinition{{AttributeName: new(name), AttributeType: typ}}
	return d
}

func TestCreateExisting(t *testing.T) {
	tests := []struct {
		name    string
		table   *types.TableDescription
		wantErr string // "" when Create must log and succeed
	}{
		{"same keys", existing("id", types.ScalarAttributeTypeS), ""},
		{"other hash key", existing("key", types.ScalarAttributeTypeS),
			"ddb: existing table differs from its declaration: table items: key schema: declared [id HASH S], actual [key HASH S]"},
		{"other key type", existing("id", types.ScalarAttributeTypeN),
			"ddb: existing table differs from its declaration: table items: key schema: declared [id HASH S], actual [id HASH N]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			api := &scriptedAPI{
				createErr: &types.ResourceInUseException{Message: new("Table already exists: items")},
				statuses:  []*types.TableDescription{tt.table},
				liveTTL:   &types.TimeToLiveDescription{AttributeName: new("expires"), TimeToLiveStatus: types.TimeToLiveStatusEnabled},
			}
			table, err := NewTable[ttlItem](New(api, WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))), "items", WithTTL("expires"))
			if err != nil {
				t.Fatal(err)
			}
			err = table.Create(t.Context())
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr || !errors.Is(err, ErrSchemaMismatch) {
					t.Errorf("Create: %v, want %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, want := logs.String(), `msg="items table already exists."`; !strings.Contains(got, want) {
				t.Errorf("logged %q, want %q", got, want)
			}
			if api.describes != 1 || api.ttl != nil {
				t.Errorf("Create of an existing table described it %d times and set TTL %+v", api.describes, api.ttl)
			}
		})
	}
}

func TestCreateFails(t *testing.T) {
	api := &scriptedAPI{createErr: &types.LimitExceededException{Message: new("too many tables")}}
	table, _ := NewTable[ttlItem](New(api), "items")
	var e *Error
	if err := table.Create(t.Context()); !errors.As(err, &e) || e.Code != CodeLimitExceeded || e.Op != "CreateTable" {
		t.Errorf("Create: %v", err)
	}
}

func TestWaitIsBounded(t *testing.T) {
	api := &scriptedAPI{statuses: []*types.TableDescription{status(types.TableStatusCreating)}}
	table, _ := NewTable[ttlItem](New(api, WithWaitTimeout(100*time.Millisecond)), "items")
	start := time.Now()
	err := table.Create(t.Context())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Create of a table that stays CREATING: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Create gave up after %v", d)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := table.waitActive(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("waitActive with a canceled context: %v", err)
	}
}

func TestDeleteTableWaitsUntilGone(t *testing.T) {
	api := &deletingAPI{scriptedAPI{statuses: []*types.TableDescription{status(types.TableStatusDeleting), status(types.TableStatusDeleting), nil}}}
	table, _ := NewTable[ttlItem](New(api), "items")
	if err := table.DeleteTable(t.Context()); err != nil {
		t.Fatal(err)
	}
	if api.describes != 3 {
		t.Errorf("DeleteTable described the table %d times, want 3", api.describes)
	}
}

// deletingAPI accepts DeleteTable.
type deletingAPI struct{ scriptedAPI }

func (*deletingAPI) DeleteTable(context.Context, *dynamodb.DeleteTableInput, ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	return &dynamodb.DeleteTableOutput{}, nil
}
