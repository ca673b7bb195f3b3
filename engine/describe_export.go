package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// DescribeExport describes an export: its status, and once it is done its
// manifest, item count and size, or why it failed.
func (db *DB) DescribeExport(ctx context.Context, in *dynamodb.DescribeExportInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeExportOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "DescribeExport", in); err != nil {
		return nil, err
	}
	if err := checkResourceARNInput("exportArn", in.ExportArn); err != nil {
		return nil, err
	}
	e, err := db.exportByARN(*in.ExportArn)
	if err != nil {
		return nil, err
	}
	d := e.Description
	return &dynamodb.DescribeExportOutput{ExportDescription: &d}, nil
}
