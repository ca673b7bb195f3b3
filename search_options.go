package ddb

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// QueryOption configures Query.
type QueryOption interface{ applyQuery(*searchParams) }

// ScanOption configures Scan.
type ScanOption interface{ applyScan(*searchParams) }

// BatchGetOption configures BatchGet.
type BatchGetOption interface{ applyBatchGet(*getParams) }

// SearchOption is an option both Query and Scan accept.
type SearchOption interface {
	QueryOption
	ScanOption
}

// searchParams are the settings of one Query or Scan.
type searchParams struct {
	index      string
	filter     Condition
	projection []string
	consistent bool
	pageSize   int32
	descending bool
	segments   int       // the scan's TotalSegments; 0 when it is not split
	segment    int       // with Segment: the one segment to scan
	split      scanSplit // the options that split the scan
	capacity   *capacitySink
	// reportOther reports items of other entity types (ReportOtherTypes).
	reportOther bool
	// hideExpired is HideExpired or ShowExpired; nil for the table's default.
	hideExpired *bool
}

type searchOption func(*searchParams)

func (o searchOption) applyQuery(p *searchParams) { o(p) }
func (o searchOption) applyScan(p *searchParams)  { o(p) }

type queryOption func(*searchParams)

func (o queryOption) applyQuery(p *searchParams) { o(p) }

type scanOption func(*searchParams)

func (o scanOption) applyScan(p *searchParams) { o(p) }

// OnIndex reads the secondary index name instead of the table. The index
// must be declared in the table's schema; a Query's key condition then
// applies to the index's keys.
func OnIndex(name string) SearchOption {
	return searchOption(func(p *searchParams) { p.index = name })
}

// Filter drops the items for which cond is false (DynamoDB's
// FilterExpression). DynamoDB applies it after reading a page, so filtered
// items still count towards PageSize and consumed capacity.
func Filter(cond Condition) SearchOption {
	return searchOption(func(p *searchParams) { p.filter = And(p.filter, cond) })
}

// PageSize sets how many items DynamoDB evaluates per request (its Limit
// parameter), before any Filter. It sizes pages; it does not bound the total
// number of results: All still follows every page, and Collect and First
// take their own maximum.
func PageSize(n int) SearchOption { return pageSizeOption(n) }

type pageSizeOption int32

func (o pageSizeOption) applyQuery(p *searchParams) { p.pageSize = int32(o) }
func (o pageSizeOption) applyScan(p *searchParams)  { p.pageSize = int32(o) }

// Descending returns a query's items in descending order of the sort key
// (DynamoDB's ScanIndexForward=false).
func Descending() QueryOption {
	return queryOption(func(p *searchParams) { p.descending = true })
}

// Parallel scans the table in n segments at once, each in its own goroutine
// (DynamoDB's parallel scan). All yields items as the segments deliver them,
// in no particular order; Count sums the segments. n is at most 1,000,000.
// Page is not available, and it cannot be combined with Segment.
func Parallel(n int) ScanOption {
	return scanOption(func(p *searchParams) { p.split, p.segments = p.split|splitParallel, n })
}

// Segment scans only segment i of n (DynamoDB's Segment and TotalSegments),
// for spreading one scan over several workers or machines: 0 <= i < n, and
// n at most 1,000,000. It cannot be combined with Parallel.
func Segment(i, n int) ScanOption {
	return scanOption(func(p *searchParams) { p.split, p.segment, p.segments = p.split|splitSegment, i, n })
}

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
