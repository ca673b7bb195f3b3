package main

import (
	"context"
	"errors"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/ddbkit/ddb"
)

// page is one page of a query or a scan.
type page struct {
	items []ddb.Item
	last  ddb.Item // where the next page starts; nil after the last
	count int      // items matched (the only figure of a --count)
}

// pager reads the page that starts after start (nil: the first) of a query
// or of one segment of a scan; limit > 0 bounds the items it reads.
type pager func(ctx context.Context, start ddb.Item, limit int32) (page, error)

// maxParallel bounds the segments of a parallel scan read at once.
const maxParallel = 64

// scanPagers returns a pager for each of the segments of a scan; op names
// the scan in errors.
func scanPagers(api ddb.API, in *dynamodb.ScanInput, segments int, op string) []pager {
	pagers := make([]pager, segments)
	for i := range pagers {
		pagers[i] = func(ctx context.Context, start ddb.Item, limit int32) (page, error) {
			req := *in
			req.ExclusiveStartKey = start
			if limit > 0 {
				req.Limit = aws.Int32(limit)
			}
			if segments > 1 {
				req.Segment, req.TotalSegments = aws.Int32(int32(i)), aws.Int32(int32(segments))
			}
			out, err := api.Scan(ctx, &req)
			if err != nil {
				return page{}, callError(op, err)
			}
			return page{out.Items, out.LastEvaluatedKey, int(out.Count)}, nil
		}
	}
	return pagers
}

// errStop ends the readers of a parallel scan once fn has had enough.
var errStop = errors.New("stop")

// readPages reads every page of each pager, following their last keys,
// and calls fn with each page, one call at a time. Several pagers (the
// segments of a scan) are read at once, up to maxParallel. fn returns
// false to stop reading. limit > 0 asks a single pager for no more items
// than are still wanted.
func readPages(ctx context.Context, pagers []pager, limit int, fn func(page) (more bool, err error)) error {
	if len(pagers) == 1 {
		var start ddb.Item
		seen := 0
		for {
			want := int32(0)
			if limit > 0 {
				want = int32(min(limit-seen, 1<<30))
			}
			pg, err := pagers[0](ctx, start, want)
			if err != nil {
				return err
			}
			seen += len(pg.items)
			more, err := fn(pg)
			if err != nil || !more || pg.last == nil {
				return err
			}
			start = pg.last
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	pages := make(chan page)
	next := make(chan pager, len(pagers))
	for _, p := range pagers {
		next <- p
	}
	close(next)
	var wg sync.WaitGroup
	for range min(len(pagers), maxParallel) {
		wg.Go(func() {
			for p := range next {
				var start ddb.Item
				for {
					pg, err := p(ctx, start, 0)
					if err != nil {
						cancel(err)
						return
					}
					select {
					case pages <- pg:
					case <-ctx.Done():
						return
					}
					if start = pg.last; start == nil {
						break
					}
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(pages)
	}()
	for pg := range pages {
		more, err := fn(pg)
		if err != nil || !more {
			if err == nil {
				err = errStop
			}
			cancel(err)
			for range pages {
			}
			break
		}
	}
	if err := context.Cause(ctx); err != nil && !errors.Is(err, errStop) {
		return err
	}
	return nil
}
