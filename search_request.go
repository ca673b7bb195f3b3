package ddb

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// projectionPart returns the projection to render: none when counting,
// since DynamoDB rejects a projection with Select COUNT.
func (p *searchParams) projectionPart(count bool) exprPart {
	if count || len(p.projection) == 0 {
		return nil
	}
	return projection(p.projection)
}

// selectFor is the Select setting: COUNT when counting, else DynamoDB's
// default.
func (p *searchParams) selectFor(count bool) types.Select {
	if count {
		return types.SelectCount
	}
	return ""
}
