package engine

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/apierr"
	"github.com/ddbkit/ddb/engine/internal/expr"
)

// searchOptions are the parameters Query and Scan share.
type searchOptions struct {
	index      *string
	sel        types.Select
	proj       *expr.Projection
	limit      *int32
	consistent *bool
	// attrsToGet is set when the projection came from AttributesToGet,
	// which DynamoDB's messages then name.
	attrsToGet bool
}

// source resolves the table or index to read and checks the read options
// that depend only on it; it fills in the plan's source and consistency.
func (o *searchOptions) source(t *table, p *searchPlan) error {
	p.src = source{t: t}
	p.consistent = o.consistent != nil && *o.consistent
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
	return nil
}

// selection checks Select against the projection and the source, then fills
// in what the plan returns: the count only, a projection, or whole items,
// and whether a local index must fetch table items for them or for the
// filter.
func (o *searchOptions) selection(p *searchPlan) error {
	param := "ProjectionExpression"
	if o.attrsToGet {
		param = "AttributesToGet"
	}
	switch {
	case o.sel == types.SelectCount && o.proj != nil:
		return apierr.Validation("Cannot specify the " + param + " when choosing to get only the Count")
	case o.sel == types.SelectAllAttributes && o.proj != nil:
		return apierr.Validation("Cannot specify the " + param + " when choosing to get ALL_ATTRIBUTES")
	case o.sel == types.SelectAllProjectedAttributes && o.proj != nil:
		return apierr.Validation("Cannot specify the " + param + " when choosing to get ALL_PROJECTED_ATTRIBUTES")
	case o.sel == types.SelectSpecificAttributes && o.proj == nil:
		return apierr.Validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
	case o.sel == types.SelectAllProjectedAttributes && o.index == nil:
		return apierr.Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")
	}
	p.count = o.sel == types.SelectCount
	p.proj = o.proj
	ix := p.src.ix
	if ix == nil || ix.projection == types.ProjectionTypeAll {
		return nil
	}
	if o.sel == types.SelectAllAttributes && ix.global {
		return invalidParam("Select type ALL_ATTRIBUTES is not supported for global secondary index %s because its projection type is not ALL", ix.name)
	}
	if err := p.src.checkProjected(o.proj); err != nil {
		return err
	}
	if ix.global {
		return nil
	}
	// A local index reads the table item for attributes it does not
	// project; the filter sees the whole item, the output stays the index
	// row unless whole items or unprojected attributes were asked for.
	fetchOutput := o.sel == types.SelectAllAttributes || o.proj != nil && p.src.unprojected(o.proj.Attributes()) != nil
	p.fetch = fetchOutput || p.filter != nil && p.src.unprojected(p.filter.Attributes()) != nil
	p.rowOutput = !fetchOutput
	return nil
}

// filter compiles an optional filter expression.
func filter(p *expr.Params, text *string) (*expr.Condition, error) {
	if text == nil {
		return nil, nil
	}
	return p.Filter(*text)
}
