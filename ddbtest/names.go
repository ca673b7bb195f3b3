package ddbtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
	"github.com/ddbkit/ddb/internal/dynamo"
)

// namespaced is a ddb.API whose table names are those of one test: it
// prefixes every table name of a request and removes the prefix from the
// names in responses, so that tests sharing an endpoint never see each
// other's tables (ListTables lists the test's own). It records the tables
// created through it, for the test's cleanup.
type namespaced struct {
	api    ddb.API
	prefix string

	mu      sync.Mutex
	created []string // the tables created, with their prefix
}

// name returns the endpoint's name of the test's table name.
func (n *namespaced) name(name *string) *string {
	if name == nil {
		return nil
	}
	return aws.String(n.prefix + *name)
}

// local returns the test's name of the endpoint's table name.
func (n *namespaced) local(name *string) *string {
	if name == nil {
		return nil
	}
	return aws.String(strings.TrimPrefix(*name, n.prefix))
}

// description returns d with the test's table name.
func (n *namespaced) description(d *types.TableDescription) *types.TableDescription {
	if d == nil {
		return nil
	}
	out := *d
	out.TableName = n.local(d.TableName)
	return &out
}

// capacity returns c with the test's table names.
func (n *namespaced) capacity(c []types.ConsumedCapacity) []types.ConsumedCapacity {
	out := slices.Clone(c)
	for i := range out {
		out[i].TableName = n.local(out[i].TableName)
	}
	return out
}

func (n *namespaced) oneCapacity(c *types.ConsumedCapacity) *types.ConsumedCapacity {
	if c == nil {
		return nil
	}
	out := *c
	out.TableName = n.local(c.TableName)
	return &out
}

// valueOf returns the request *in, or an empty one when in is nil (the
// SDK's client sends a nil input as an empty request).
func valueOf[T any](in *T) T {
	if in == nil {
		var zero T
		return zero
	}
	return *in
}

// renamed returns m with its table-name keys changed by rename.
func renamed[V any](m map[string]V, rename func(*string) *string) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[*rename(&k)] = v
	}
	return out
}

// maxTableName is the length of DynamoDB's longest table name.
const maxTableName = 255

// CreateTable creates the table under the test's prefix. A name that only
// the prefix makes too long for DynamoDB is refused with an error saying
// so (the prefix must stay whole: ListTables and the cleanup find the
// test's tables by it).
func (n *namespaced) CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	req := valueOf(in)
	if name := aws.ToString(req.TableName); len(name) <= maxTableName && len(n.prefix)+len(name) > maxTableName {
		return nil, fmt.Errorf("ddbtest: table name %q has %d characters; with the test's namespace prefix %q (%d) it exceeds DynamoDB's %d on the endpoint (DDB_URL): use a name of at most %d characters",
			name, len(name), n.prefix, len(n.prefix), maxTableName, maxTableName-len(n.prefix))
	}
	req.TableName = n.name(req.TableName)
	out, err := n.api.CreateTable(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	n.mu.Lock()
	n.created = append(n.created, *req.TableName)
	n.mu.Unlock()
	res := *out
	res.TableDescription = n.description(out.TableDescription)
	return &res, nil
}

func (n *namespaced) DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.DescribeTable(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.Table = n.description(out.Table)
	return &res, nil
}

func (n *namespaced) DeleteTable(ctx context.Context, in *dynamodb.DeleteTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.DeleteTable(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.TableDescription = n.description(out.TableDescription)
	return &res, nil
}

func (n *namespaced) UpdateTable(ctx context.Context, in *dynamodb.UpdateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.UpdateTable(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.TableDescription = n.description(out.TableDescription)
	return &res, nil
}

// ListTables lists the test's tables only, reading the endpoint's list
// from the test's prefix on.
func (n *namespaced) ListTables(ctx context.Context, in *dynamodb.ListTablesInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	req := valueOf(in)
	limit := int(aws.ToInt32(req.Limit))
	start := aws.String(n.prefix)
	if req.ExclusiveStartTableName != nil {
		start = n.name(req.ExclusiveStartTableName)
	}
	res := &dynamodb.ListTablesOutput{TableNames: []string{}}
	for {
		out, err := n.api.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: start}, optFns...)
		if err != nil {
			return nil, err
		}
		for _, name := range out.TableNames {
			if !strings.HasPrefix(name, n.prefix) {
				if name > n.prefix {
					return res, nil // past the test's names
				}
				continue
			}
			res.TableNames = append(res.TableNames, strings.TrimPrefix(name, n.prefix))
			if len(res.TableNames) == limit {
				res.LastEvaluatedTableName = aws.String(res.TableNames[limit-1])
				return res, nil
			}
		}
		if out.LastEvaluatedTableName == nil {
			return res, nil
		}
		start = out.LastEvaluatedTableName
	}
}

func (n *namespaced) UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	return n.api.UpdateTimeToLive(ctx, &req, optFns...)
}

func (n *namespaced) DescribeTimeToLive(ctx context.Context, in *dynamodb.DescribeTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	return n.api.DescribeTimeToLive(ctx, &req, optFns...)
}

func (n *namespaced) GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.GetItem(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.PutItem(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.UpdateItem(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.DeleteItem(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.Query(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) Scan(ctx context.Context, in *dynamodb.ScanInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	req := valueOf(in)
	req.TableName = n.name(req.TableName)
	out, err := n.api.Scan(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.oneCapacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) BatchGetItem(ctx context.Context, in *dynamodb.BatchGetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	req := valueOf(in)
	req.RequestItems = renamed(req.RequestItems, n.name)
	out, err := n.api.BatchGetItem(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.Responses = renamed(out.Responses, n.local)
	res.UnprocessedKeys = renamed(out.UnprocessedKeys, n.local)
	res.ConsumedCapacity = n.capacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	req := valueOf(in)
	req.RequestItems = renamed(req.RequestItems, n.name)
	out, err := n.api.BatchWriteItem(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.UnprocessedItems = renamed(out.UnprocessedItems, n.local)
	res.ItemCollectionMetrics = renamed(out.ItemCollectionMetrics, n.local)
	res.ConsumedCapacity = n.capacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) TransactGetItems(ctx context.Context, in *dynamodb.TransactGetItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	req := valueOf(in)
	req.TransactItems = slices.Clone(req.TransactItems)
	for i, item := range req.TransactItems {
		if item.Get != nil {
			get := *item.Get
			get.TableName = n.name(get.TableName)
			req.TransactItems[i].Get = &get
		}
	}
	out, err := n.api.TransactGetItems(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ConsumedCapacity = n.capacity(out.ConsumedCapacity)
	return &res, nil
}

func (n *namespaced) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	req := valueOf(in)
	req.TransactItems = slices.Clone(req.TransactItems)
	for i, item := range req.TransactItems {
		w := &req.TransactItems[i]
		switch {
		case item.Put != nil:
			put := *item.Put
			put.TableName = n.name(put.TableName)
			w.Put = &put
		case item.Update != nil:
			update := *item.Update
			update.TableName = n.name(update.TableName)
			w.Update = &update
		case item.Delete != nil:
			del := *item.Delete
			del.TableName = n.name(del.TableName)
			w.Delete = &del
		case item.ConditionCheck != nil:
			check := *item.ConditionCheck
			check.TableName = n.name(check.TableName)
			w.ConditionCheck = &check
		}
	}
	out, err := n.api.TransactWriteItems(ctx, &req, optFns...)
	if err != nil {
		return out, err
	}
	res := *out
	res.ItemCollectionMetrics = renamed(out.ItemCollectionMetrics, n.local)
	res.ConsumedCapacity = n.capacity(out.ConsumedCapacity)
	return &res, nil
}

// errNoTags reports an endpoint client without the tagging methods.
var errNoTags = errors.New("ddbtest: the endpoint's client has no tagging methods")

func (n *namespaced) TagResource(ctx context.Context, in *dynamodb.TagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error) {
	if t, ok := n.api.(dynamo.TagAPI); ok {
		return t.TagResource(ctx, in, optFns...)
	}
	return nil, errNoTags
}

func (n *namespaced) UntagResource(ctx context.Context, in *dynamodb.UntagResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error) {
	if t, ok := n.api.(dynamo.TagAPI); ok {
		return t.UntagResource(ctx, in, optFns...)
	}
	return nil, errNoTags
}

func (n *namespaced) ListTagsOfResource(ctx context.Context, in *dynamodb.ListTagsOfResourceInput, optFns ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	if t, ok := n.api.(dynamo.TagAPI); ok {
		return t.ListTagsOfResource(ctx, in, optFns...)
	}
	return nil, errNoTags
}

// createdTables returns the tables created through n, with their prefix.
func (n *namespaced) createdTables() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return slices.Clone(n.created)
}
