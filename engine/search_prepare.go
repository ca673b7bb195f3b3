package engine

import "github.com/ddbkit/ddb/engine/internal/expr"

// searchRequest is what Query and Scan share of a request before it is
// compiled: its placeholders and expressions and the table it reads.
type searchRequest struct {
	exprs              exprInput
	table              *string
	filter, projection *string
	// keyCondition compiles a Query's key condition, after the filter and
	// projection (whose mistakes DynamoDB reports first); nil for a Scan.
	keyCondition func(*expr.Params) error
}

// prepareSearch compiles a Query's or Scan's expressions into plan and opts,
// looks up its table, resolves the table or index to read and checks that
// the filter and projection name no key attribute by a nested path.
func (db *DB) prepareSearch(r searchRequest, plan *searchPlan, opts *searchOptions) (*table, error) {
	t, err := db.compile(r.exprs, r.table, func(p *expr.Params) (err error) {
		if plan.filter, err = filter(p, r.filter); err != nil {
			return err
		}
		if opts.proj, err = projection(p, r.projection); err != nil {
			return err
		}
		if r.keyCondition != nil {
			return r.keyCondition(p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := opts.source(t, plan); err != nil {
		return nil, err
	}
	if err := t.checkKeyPaths(plan.filter, opts.proj); err != nil {
		return nil, err
	}
	return t, nil
}
