package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// DescribeBackup describes a backup: its details, and the table it was
// taken of as it was then.
func (db *DB) DescribeBackup(ctx context.Context, in *dynamodb.DescribeBackupInput, _ ...func(*dynamodb.Options)) (*dynamodb.DescribeBackupOutput, error) {
	in = orEmpty(in)
	b, err := db.beginBackupCall(ctx, "DescribeBackup", in, in.BackupArn)
	if err != nil {
		return nil, err
	}
	return &dynamodb.DescribeBackupOutput{BackupDescription: b.description(types.BackupStatusAvailable)}, nil
}
