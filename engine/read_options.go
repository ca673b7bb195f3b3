package engine

import (
	"slices"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/apierr"
	"github.com/ddbkit/ddb/engine/expr"
)

// errLegacyRead rejects the legacy parameters of Query and Scan
// (AttributesToGet, KeyConditions, QueryFilter, ScanFilter,
// ConditionalOperator) until they are translated into expressions.
var errLegacyRead = apierr.Validation("The legacy parameters AttributesToGet, KeyConditions, QueryFilter, ScanFilter and ConditionalOperator are not supported by Query and Scan in this engine yet; use the expression parameters instead")

// readOptions are the parameters Query and Scan share.
type readOptions struct {
	index      *string
	sel        types.Select
	proj       *expr.Projection
	limit      *int32
	consistent *bool
}

// checkSelect validates Select and Limit before the table is looked up.
func (o *readOptions) checkSelect() error {
	if o.limit != nil && *o.limit < 1 {
		return apierr.Validation("Limit must be greater than or equal to 1")
	}
	if o.sel != "" && !slices.Contains(types.Select("").Values(), o.sel) {
		return apierr.Validation("Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES")
	}
	switch {
	case o.sel == types.SelectCount && o.proj != nil:
		return apierr.Validation("Cannot specify the ProjectionExpression when choosing to get only the Count")
	case o.sel == types.SelectAllAttributes && o.proj != nil:
		return apierr.Validation("Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES")
	case o.sel == types.SelectAllProjectedAttributes && o.proj != nil:
		return apierr.Validation("Cannot specify the ProjectionExpression when choosing to get ALL_PROJECTED_ATTRIBUTES")
	case o.sel == types.SelectSpecificAttributes && o.proj == nil:
		return apierr.Validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
	case o.sel == types.SelectAllProjectedAttributes && o.index == nil:
		return apierr.Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
	}
	return nil
}

// source resolves the table or index to read and checks the options that
// depend on it; it fills in the plan's source, projection and fetch.
func (o *readOptions) source(t *table, p *readPlan) error {
	p.src = source{t: t}
	p.consistent = o.consistent != nil && *o.consistent
	p.count = o.sel == types.SelectCount
	p.proj = o.proj
	if o.index == nil {
		return nil
	}
	ix := t.index(*o.index)
	if ix == nil {
		return apierr.Validation("The table does not have the specified index: " + *o.index)
	}
	p.src.ix = ix
	if ix.global && p.consistent {
		return apierr.Validation("Consistent reads are not supported on global secondary indexes")
	}
	if ix.backfilling() {
		return apierr.Validation("Cannot read from backfilling global secondary index: " + ix.name)
	}
	if ix.projection == types.ProjectionTypeAll {
		return nil
	}
	switch {
	case o.sel == types.SelectAllAttributes && ix.global:
		return invalidParam("Select type ALL_ATTRIBUTES is not supported for global secondary index %s because its projection type is not ALL", ix.name)
	case o.sel == types.SelectAllAttributes:
		p.fetch = true
	case o.proj != nil && !ix.global:
		for _, name := range o.proj.Attributes() {
			if !ix.projects(t, name) {
				p.fetch = true
			}
		}
	}
	return nil
}

// output returns the Items of a page: nil for Select COUNT, else never nil.
func (pg *page) output(count bool) []map[string]types.AttributeValue {
	if count {
		return nil
	}
	if pg.items == nil {
		return []map[string]types.AttributeValue{}
	}
	return pg.items
}

// filter compiles an optional filter expression.
func filter(p *expr.Params, text *string) (*expr.Condition, error) {
	if text == nil {
		return nil, nil
	}
	return p.Filter(*text)
}
