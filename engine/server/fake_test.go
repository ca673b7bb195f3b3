package server

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// fake is a Backend that records the input of the last call and answers
// with a preset output or error. Concurrent calls may reach it (mu).
type fake struct {
	mu  sync.Mutex
	in  any
	out any
	err error
}

// answer records in and returns the preset output if it has type *Out.
func answer[Out any](f *fake, in any) (*Out, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.in = in
	if f.err != nil {
		return nil, f.err
	}
	out, _ := f.out.(*Out)
	return out, nil
}

func (f *fake) CreateTable(_ context.Context, in *dynamodb.CreateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error) {
	return answer[dynamodb.CreateTableOutput](f, in)
}
func (f *fake) DescribeTable(_ context.Context, in *dynamodb.DescribeTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error) {
	return answer[dynamodb.DescribeTableOutput](f, in)
}
func (f *fake) ListTables(_ context.Context, in *dynamodb.ListTablesInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTablesOutput, error) {
	return answer[dynamodb.ListTablesOutput](f, in)
}
func (f *fake) DeleteTable(_ context.Context, in *dynamodb.DeleteTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteTableOutput, error) {
	return answer[dynamodb.DeleteTableOutput](f, in)
}
func (f *fake) UpdateTable(_ context.Context, in *dynamodb.UpdateTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTableOutput, error) {
	return answer[dynamodb.UpdateTableOutput](f, in)
}
func (f *fake) DescribeEndpoints(_ context.Context, in *dynamodb.DescribeEndpointsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeEndpointsOutput, error) {
	return answer[dynamodb.DescribeEndpointsOutput](f, in)
}
func (f *fake) DescribeLimits(_ context.Context, in *dynamodb.DescribeLimitsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeLimitsOutput, error) {
	return answer[dynamodb.DescribeLimitsOutput](f, in)
}
func (f *fake) UpdateTimeToLive(_ context.Context, in *dynamodb.UpdateTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error) {
	return answer[dynamodb.UpdateTimeToLiveOutput](f, in)
}
func (f *fake) DescribeTimeToLive(_ context.Context, in *dynamodb.DescribeTimeToLiveInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeTimeToLiveOutput, error) {
	return answer[dynamodb.DescribeTimeToLiveOutput](f, in)
}
func (f *fake) TagResource(_ context.Context, in *dynamodb.TagResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.TagResourceOutput, error) {
	return answer[dynamodb.TagResourceOutput](f, in)
}
func (f *fake) UntagResource(_ context.Context, in *dynamodb.UntagResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.UntagResourceOutput, error) {
	return answer[dynamodb.UntagResourceOutput](f, in)
}
func (f *fake) ListTagsOfResource(_ context.Context, in *dynamodb.ListTagsOfResourceInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListTagsOfResourceOutput, error) {
	return answer[dynamodb.ListTagsOfResourceOutput](f, in)
}
func (f *fake) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	return answer[dynamodb.PutItemOutput](f, in)
}
func (f *fake) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	return answer[dynamodb.GetItemOutput](f, in)
}
func (f *fake) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	return answer[dynamodb.UpdateItemOutput](f, in)
}
func (f *fake) DeleteItem(_ context.Context, in *dynamodb.DeleteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error) {
	return answer[dynamodb.DeleteItemOutput](f, in)
}
func (f *fake) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	return answer[dynamodb.QueryOutput](f, in)
}
func (f *fake) Scan(_ context.Context, in *dynamodb.ScanInput, _ ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error) {
	return answer[dynamodb.ScanOutput](f, in)
}
func (f *fake) BatchGetItem(_ context.Context, in *dynamodb.BatchGetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchGetItemOutput, error) {
	return answer[dynamodb.BatchGetItemOutput](f, in)
}
func (f *fake) BatchWriteItem(_ context.Context, in *dynamodb.BatchWriteItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error) {
	return answer[dynamodb.BatchWriteItemOutput](f, in)
}
func (f *fake) TransactGetItems(_ context.Context, in *dynamodb.TransactGetItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactGetItemsOutput, error) {
	return answer[dynamodb.TransactGetItemsOutput](f, in)
}
func (f *fake) ExecuteStatement(_ context.Context, in *dynamodb.ExecuteStatementInput, _ ...func(*dynamodb.Options)) (*dynamodb.ExecuteStatementOutput, error) {
	return answer[dynamodb.ExecuteStatementOutput](f, in)
}
func (f *fake) BatchExecuteStatement(_ context.Context, in *dynamodb.BatchExecuteStatementInput, _ ...func(*dynamodb.Options)) (*dynamodb.BatchExecuteStatementOutput, error) {
	return answer[dynamodb.BatchExecuteStatementOutput](f, in)
}
func (f *fake) ExecuteTransaction(_ context.Context, in *dynamodb.ExecuteTransactionInput, _ ...func(*dynamodb.Options)) (*dynamodb.ExecuteTransactionOutput, error) {
	return answer[dynamodb.ExecuteTransactionOutput](f, in)
}
func (f *fake) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	return answer[dynamodb.TransactWriteItemsOutput](f, in)
}
func (f *fake) CreateBackup(_ context.Context, in *dynamodb.CreateBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.CreateBackupOutput, error) {
	return answer[dynamodb.CreateBackupOutput](f, in)
}
func (f *fake) DescribeBackup(_ context.Context, in *dynamodb.DescribeBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeBackupOutput, error) {
	return answer[dynamodb.DescribeBackupOutput](f, in)
}
func (f *fake) ListBackups(_ context.Context, in *dynamodb.ListBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListBackupsOutput, error) {
	return answer[dynamodb.ListBackupsOutput](f, in)
}
func (f *fake) DeleteBackup(_ context.Context, in *dynamodb.DeleteBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.DeleteBackupOutput, error) {
	return answer[dynamodb.DeleteBackupOutput](f, in)
}
func (f *fake) RestoreTableFromBackup(_ context.Context, in *dynamodb.RestoreTableFromBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.RestoreTableFromBackupOutput, error) {
	return answer[dynamodb.RestoreTableFromBackupOutput](f, in)
}
func (f *fake) RestoreTableToPointInTime(_ context.Context, in *dynamodb.RestoreTableToPointInTimeInput, _ ...func(*dynamodb.Options)) (*dynamodb.RestoreTableToPointInTimeOutput, error) {
	return answer[dynamodb.RestoreTableToPointInTimeOutput](f, in)
}
func (f *fake) UpdateContinuousBackups(_ context.Context, in *dynamodb.UpdateContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateContinuousBackupsOutput, error) {
	return answer[dynamodb.UpdateContinuousBackupsOutput](f, in)
}
func (f *fake) DescribeContinuousBackups(_ context.Context, in *dynamodb.DescribeContinuousBackupsInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeContinuousBackupsOutput, error) {
	return answer[dynamodb.DescribeContinuousBackupsOutput](f, in)
}
func (f *fake) ExportTableToPointInTime(_ context.Context, in *dynamodb.ExportTableToPointInTimeInput, _ ...func(*dynamodb.Options)) (*dynamodb.ExportTableToPointInTimeOutput, error) {
	return answer[dynamodb.ExportTableToPointInTimeOutput](f, in)
}
func (f *fake) DescribeExport(_ context.Context, in *dynamodb.DescribeExportInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeExportOutput, error) {
	return answer[dynamodb.DescribeExportOutput](f, in)
}
func (f *fake) ListExports(_ context.Context, in *dynamodb.ListExportsInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListExportsOutput, error) {
	return answer[dynamodb.ListExportsOutput](f, in)
}
func (f *fake) ImportTable(_ context.Context, in *dynamodb.ImportTableInput, _ ...func(*dynamodb.Options)) (*dynamodb.ImportTableOutput, error) {
	return answer[dynamodb.ImportTableOutput](f, in)
}
func (f *fake) DescribeImport(_ context.Context, in *dynamodb.DescribeImportInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeImportOutput, error) {
	return answer[dynamodb.DescribeImportOutput](f, in)
}
func (f *fake) ListImports(_ context.Context, in *dynamodb.ListImportsInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListImportsOutput, error) {
	return answer[dynamodb.ListImportsOutput](f, in)
}
