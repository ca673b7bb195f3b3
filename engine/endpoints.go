package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DescribeEndpoints answers endpoint discovery: the engine is its own
// endpoint.
func (db *DB) DescribeEndpoints(ctx context.Context, in *dynamodb.DescribeEndpointsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeEndpointsOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeEndpoints", in); err != nil {
		return nil, err
	}
	return &dynamodb.DescribeEndpointsOutput{Endpoints: []types.Endpoint{{
		Address:              ptr("localhost"),
		CachePeriodInMinutes: 1440,
	}}}, nil
}

// Account and table capacity limits reported by DescribeLimits: DynamoDB's
// default quotas.
const (
	accountMaxCapacity = 80000
	tableMaxCapacity   = 40000
)

// DescribeLimits reports DynamoDB's default capacity quotas.
func (db *DB) DescribeLimits(ctx context.Context, in *dynamodb.DescribeLimitsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeLimitsOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeLimits", in); err != nil {
		return nil, err
	}
	return &dynamodb.DescribeLimitsOutput{
		AccountMaxReadCapacityUnits:  ptr(int64(accountMaxCapacity)),
		AccountMaxWriteCapacityUnits: ptr(int64(accountMaxCapacity)),
		TableMaxReadCapacityUnits:    ptr(int64(tableMaxCapacity)),
		TableMaxWriteCapacityUnits:   ptr(int64(tableMaxCapacity)),
	}, nil
}
