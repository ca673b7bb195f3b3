package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb"
)

// waitTimeout bounds how long a command waits for a table to become
// ACTIVE or to disappear; AWS takes seconds to minutes.
const waitTimeout = 15 * time.Minute

// createTable creates a table and, unless noWait, waits until it and its
// indexes are ACTIVE, then turns on time to live on the attribute ttl
// ("" for none).
func createTable(ctx context.Context, api ddb.API, in *dynamodb.CreateTableInput, ttl string, noWait bool) error {
	name := aws.ToString(in.TableName)
	if _, err := api.CreateTable(ctx, in); err != nil {
		var inUse *types.ResourceInUseException
		if errors.As(err, &inUse) {
			return &shortError{"table " + name + " already exists (" + apiErrorText(inUse) + ")", err}
		}
		return callError("create "+name, err)
	}
	if noWait && ttl == "" {
		return nil
	}
	if err := waitTable(ctx, api, name, false); err != nil {
		return err
	}
	if ttl == "" {
		return nil
	}
	_, err := api.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String(name),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{AttributeName: aws.String(ttl), Enabled: aws.Bool(true)},
	})
	return callError("time to live of "+name, err)
}

// waitTable waits until the table and its global indexes are ACTIVE or,
// with gone, until the table no longer exists.
func waitTable(ctx context.Context, api ddb.API, name string, gone bool) error {
	ctx, cancel := context.WithTimeout(ctx, waitTimeout)
	defer cancel()
	pause := 20 * time.Millisecond
	for {
		out, err := api.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		var nf *types.ResourceNotFoundException
		switch {
		case gone && errors.As(err, &nf):
			return nil
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			return fmt.Errorf("table %s: gave up waiting after %v", name, waitTimeout)
		case err != nil:
			return callError("wait for "+name, err)
		case !gone && active(out.Table):
			return nil
		}
		select {
		case <-ctx.Done():
		case <-time.After(pause):
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// active reports whether a table and all its global indexes are ACTIVE.
func active(t *types.TableDescription) bool {
	if t.TableStatus != types.TableStatusActive {
		return false
	}
	for _, ix := range t.GlobalSecondaryIndexes {
		if ix.IndexStatus != types.IndexStatusActive {
			return false
		}
	}
	return true
}
