package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// DescribeImport describes an import: its status and figures (items
// processed and imported, errors, bytes read) and, when it failed, why.
func (db *DB) DescribeImport(ctx context.Context, in *dynamodb.DescribeImportInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeImportOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeImport", in); err != nil {
		return nil, err
	}
	if err := checkResourceARNInput("importArn", in.ImportArn); err != nil {
		return nil, err
	}
	i, err := db.importByARN(*in.ImportArn)
	if err != nil {
		return nil, err
	}
	d := i.Description
	return &dynamodb.DescribeImportOutput{ImportTableDescription: &d}, nil
}
