package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ListImports lists imports, newest first, optionally only those into the
// table TableArn names, PageSize at a time (10 by default). Imports are
// listed after their table is deleted.
func (db *DB) ListImports(ctx context.Context, in *dynamodb.ListImportsInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListImportsOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "ListImports", in); err != nil {
		return nil, err
	}
	if err := checkListImportsInput(in); err != nil {
		return nil, err
	}
	r := &db.recovery
	r.mu.Lock()
	byARN := map[string]*importRecord{}
	var arns []string
	for _, i := range r.imports {
		if in.TableArn == nil || deref(i.Description.TableArn) == *in.TableArn {
			arns = append(arns, *i.Description.ImportArn)
			byARN[*i.Description.ImportArn] = i
		}
	}
	r.mu.Unlock()
	page, next, err := jobPage("import", arns, in.NextToken, deref(in.PageSize))
	if err != nil {
		return nil, err
	}
	out := &dynamodb.ListImportsOutput{ImportSummaryList: []types.ImportSummary{}}
	if next != "" {
		out.NextToken = ptr(next)
	}
	for _, arn := range page {
		d := &byARN[arn].Description
		out.ImportSummaryList = append(out.ImportSummaryList, types.ImportSummary{
			ImportArn: d.ImportArn, ImportStatus: d.ImportStatus, TableArn: d.TableArn, S3BucketSource: d.S3BucketSource,
			InputFormat: d.InputFormat, StartTime: d.StartTime, EndTime: d.EndTime, CloudWatchLogGroupArn: d.CloudWatchLogGroupArn,
		})
	}
	return out, nil
}
