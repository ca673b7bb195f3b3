package engine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ListExports lists exports, newest first, optionally only those of the
// table TableArn names (while it exists), MaxResults at a time (10 by
// default).
func (db *DB) ListExports(ctx context.Context, in *dynamodb.ListExportsInput, _ ...func(*dynamodb.Options)) (*dynamodb.ListExportsOutput, error) {
	in = orEmpty(in)
	if _, err := db.begin(ctx, "ListExports", in); err != nil {
		return nil, err
	}
	if err := checkListExportsInput(in); err != nil {
		return nil, err
	}
	var tableID string
	if in.TableArn != nil {
		db.mu.RLock()
		name, _ := resolveTable(*in.TableArn) // "" for an ARN of no table here
		if t := db.tables[name]; t != nil {
			tableID = deref(t.desc.TableId)
		}
		db.mu.RUnlock()
	}
	r := &db.recovery
	r.mu.Lock()
	byARN := map[string]*exportRecord{}
	var arns []string
	for _, e := range r.exports {
		if in.TableArn == nil || tableID != "" && deref(e.Description.TableId) == tableID {
			arns = append(arns, *e.Description.ExportArn)
			byARN[*e.Description.ExportArn] = e
		}
	}
	r.mu.Unlock()
	page, next, err := jobPage("export", arns, in.NextToken, deref(in.MaxResults))
	if err != nil {
		return nil, err
	}
	out := &dynamodb.ListExportsOutput{ExportSummaries: []types.ExportSummary{}}
	if next != "" {
		out.NextToken = ptr(next)
	}
	for _, arn := range page {
		d := &byARN[arn].Description
		out.ExportSummaries = append(out.ExportSummaries, types.ExportSummary{ExportArn: d.ExportArn, ExportStatus: d.ExportStatus, ExportType: exportType(d)})
	}
	return out, nil
}

// exportType returns the type of an export.
func exportType(d *types.ExportDescription) types.ExportType {
	if d.IncrementalExportSpecification != nil {
		return types.ExportTypeIncrementalExport
	}
	return types.ExportTypeFullExport
}
