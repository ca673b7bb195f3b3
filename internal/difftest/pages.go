package difftest

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// maxPages bounds the pages a paged step follows, should a backend never
// stop answering a LastEvaluatedKey.
const maxPages = 200

// pages sends a paged step's Query, Scan or ExecuteStatement (see
// Step.Paged), already in the run's namespace, and again from each
// LastEvaluatedKey or NextToken until the last page. A Query or Scan whose
// first page fails answers that error alone.
//
// A Query's answer is its pages in order, {"Pages": [page, ...]}, the last
// one the error of the page that failed, if one did.
//
// A Scan's order is the backend's own (DynamoDB defines none), so which
// items a page holds, its Count and its LastEvaluatedKey are not compared:
// its answer is all pages' Items (sorted), the sums of their Count and
// ScannedCount and, for each page, its ScannedCount, its ConsumedCapacity
// and whether it had a LastEvaluatedKey. A parallel Scan (TotalSegments
// set) reads every segment; which segment an item falls in is not
// documented either, so its answer has the totals only.
func (r run) pages(ctx context.Context, step Step, in any) any {
	switch in := in.(type) {
	case *dynamodb.ExecuteStatementInput:
		return r.statementPages(ctx, step, in)
	case *dynamodb.QueryInput:
		q := *in
		var pages []any
		for len(pages) < maxPages {
			out, err := r.backend.API.Query(ctx, &q)
			if err != nil && pages == nil {
				return r.ns.errorTree(err)
			}
			if err != nil {
				return map[string]any{"Pages": append(pages, r.ns.errorTree(err))}
			}
			pages = append(pages, r.ns.output(out))
			if out.LastEvaluatedKey == nil {
				break
			}
			q.ExclusiveStartKey = out.LastEvaluatedKey
		}
		return map[string]any{"Pages": pages}
	case *dynamodb.ScanInput:
		return r.scanPages(ctx, in, step.Unordered)
	}
	panic(fmt.Sprintf("difftest: a paged step sends a %T", in))
}

// scanPages is pages for a Scan; an unordered one (see Step.Unordered)
// answers its items and totals alone.
func (r run) scanPages(ctx context.Context, in *dynamodb.ScanInput, unordered bool) any {
	var items, pages []any
	var count, scanned int32
	segments := int32(1)
	if in.TotalSegments != nil {
		segments = *in.TotalSegments
	}
	for seg := range segments {
		s := *in
		if in.TotalSegments != nil {
			s.Segment = aws.Int32(seg)
		}
		for n := 0; n < maxPages; n++ {
			out, err := r.backend.API.Scan(ctx, &s)
			if err != nil {
				return r.ns.errorTree(err)
			}
			page, _ := r.ns.output(out).(map[string]any)
			list, _ := page["Items"].([]any)
			items = append(items, list...)
			count += out.Count
			scanned += out.ScannedCount
			pages = append(pages, map[string]any{"ScannedCount": out.ScannedCount, "ConsumedCapacity": page["ConsumedCapacity"], "More": out.LastEvaluatedKey != nil})
			if out.LastEvaluatedKey == nil {
				break
			}
			s.ExclusiveStartKey = out.LastEvaluatedKey
		}
	}
	res := map[string]any{"Count": count, "ScannedCount": scanned}
	if items != nil {
		res["Items"] = sortLists(items)
	}
	if in.TotalSegments == nil && !unordered {
		res["Pages"] = pages
	}
	return res
}

// statementPages is pages for an ExecuteStatement: its pages in order, or,
// for an Unordered step, the number of pages, all their Items (sorted) and
// the last page without its Items.
func (r run) statementPages(ctx context.Context, step Step, in *dynamodb.ExecuteStatementInput) any {
	var pages, items []any
	for range maxPages {
		out, err := r.backend.API.ExecuteStatement(ctx, in)
		page := r.result(ctx, step, in, out, err)
		if m, ok := page.(map[string]any); ok && step.Unordered {
			list, _ := m["Items"].([]any)
			items = append(items, list...)
			delete(m, "Items")
		}
		pages = append(pages, page)
		if err != nil || out.NextToken == nil {
			break
		}
		in.NextToken = out.NextToken
	}
	if step.Unordered {
		return map[string]any{"Pages": len(pages), "Items": sortLists(items), "Last": pages[len(pages)-1]}
	}
	return map[string]any{"Pages": pages}
}
