package ddb

import (
	"context"
	"errors"
	"iter"
	"sync"
	"sync/atomic"
)

// ErrNotUnique reports that One found more than one item.
var ErrNotUnique = errors.New("ddb: more than one item matches")

// Results is a Query or Scan ready to run, bound to the context it was made
// with. Its methods run it: All iterates over every item, following
// DynamoDB's pages lazily; Page reads one page for cursor-based APIs;
// Collect, First and One read a few items; Count counts without reading
// them. Each method call runs the request anew. Once the context ends, they
// send no further request and return (All yields) its error.
type Results[T any] struct {
	ctx    context.Context
	table  *Table[T]
	op     string // "Query" or "Scan"
	err    error  // a mistake found while preparing the request
	params searchParams
	// indexKeys are the key attributes of the index read (the table's when
	// reading no index); a cursor holds them and the table's.
	indexKeys [2]string
	// compile renders the request, with or without counting, into a fetcher.
	compile func(count bool) (fetcher, error)
}

// fetcher sends one request: the page of segment starting after start,
// evaluating at most limit items (0: no limit).
type fetcher struct {
	fetch    func(ctx context.Context, segment int, start Item, limit int32) (rawPage, error)
	filtered bool // the request has a filter, so Limit does not bound the results
}

// rawPage is one response.
type rawPage struct {
	items   []Item
	last    Item
	count   int
	scanned int
}

// Page is one page of results: what one DynamoDB request returned.
type Page[T any] struct {
	Items []T
	// Next is the cursor of the following page, "" after the last page. A
	// page may hold fewer items than PageSize, even none, and still have a
	// Next: DynamoDB stops at PageSize items evaluated or 1 MB read, and a
	// Filter drops items after that.
	Next string
	// LastEvaluatedKey is Next as DynamoDB returned it.
	LastEvaluatedKey Item
	// Scanned is how many items DynamoDB evaluated, before any Filter.
	Scanned int
}

// All returns an iterator over every matching item, requesting the next
// page only when the loop gets to it; breaking out of the loop stops. A
// request error is yielded once and ends the iteration; an item that fails
// to decode yields its error and the iteration goes on.
//
//	for order, err := range orders.Query(ctx, ddb.Partition("ann")).All() {
//		if err != nil {
//			return err
//		}
//		...
//	}
func (r *Results[T]) All() iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		var d itemReader[T]
		for page, err := range r.pages(false, nil) {
			if err != nil {
				yield(zero, err)
				return
			}
			for _, raw := range page.items {
				if !yield(r.decode(&d, raw)) {
					return
				}
			}
		}
	}
}

// Collect returns up to max items (max must be positive; range over All to
// read them all). Without a Filter each request asks for no more items than
// are still wanted.
func (r *Results[T]) Collect(max int) ([]T, error) {
	if max <= 0 {
		return nil, r.table.fail(r.op, invalid("", "Collect needs a positive maximum, got %d", max))
	}
	var items []T
	var d itemReader[T]
	remaining := func() int { return max - len(items) }
	for page, err := range r.pages(false, remaining) {
		if err != nil {
			return items, err
		}
		for _, raw := range page.items {
			item, err := r.decode(&d, raw)
			if err != nil {
				return items, err
			}
			if items = append(items, item); len(items) == max {
				return items, nil
			}
		}
	}
	return items, nil
}

// First returns the first matching item, or an error matching ErrNotFound
// when there is none.
func (r *Results[T]) First() (T, error) {
	items, err := r.Collect(1)
	return r.only(items, err)
}

// One returns the only matching item: the error matches ErrNotFound when
// there is none and ErrNotUnique when there are several.
func (r *Results[T]) One() (T, error) {
	items, err := r.Collect(2)
	if err == nil && len(items) > 1 {
		err = r.table.fail(r.op, ErrNotUnique)
	}
	return r.only(items, err)
}

// only returns the single item of a First or One.
func (r *Results[T]) only(items []T, err error) (T, error) {
	var zero T
	switch {
	case err != nil:
		return zero, err
	case len(items) == 0:
		return zero, r.table.fail(r.op, ErrNotFound)
	}
	return items[0], nil
}

// Count returns the number of matching items (after any Filter), reading
// every page with DynamoDB's Select COUNT, so no item is transferred.
func (r *Results[T]) Count() (int, error) {
	n := 0
	for page, err := range r.pages(true, nil) {
		if err != nil {
			return n, err
		}
		n += page.count
	}
	return n, nil
}

// Page reads one page, starting after cursor: "" for the first page, else
// the Next of the previous Page. Together with PageSize it serves
// cursor-paginated APIs. It is not available with Parallel.
func (r *Results[T]) Page(cursor string) (Page[T], error) {
	if r.err != nil {
		return Page[T]{}, r.err
	}
	if r.params.segment < 0 {
		return Page[T]{}, r.table.fail(r.op, invalid("", "Page reads one segment; it cannot be combined with Parallel"))
	}
	start, err := r.cursorKey(cursor)
	if err != nil {
		return Page[T]{}, r.table.fail(r.op, err)
	}
	f, err := r.compile(false)
	if err != nil {
		return Page[T]{}, r.table.fail(r.op, err)
	}
	raw, err := f.fetch(r.ctx, r.params.segment, start, r.params.pageSize)
	if err != nil {
		return Page[T]{}, err
	}
	page := Page[T]{Items: make([]T, 0, len(raw.items)), LastEvaluatedKey: raw.last, Scanned: raw.scanned}
	var d itemReader[T]
	for _, item := range raw.items {
		v, err := r.decode(&d, item)
		if err != nil {
			return Page[T]{}, err
		}
		page.Items = append(page.Items, v)
	}
	if page.Next, err = EncodeCursor(raw.last); err != nil {
		return Page[T]{}, r.table.fail(r.op, err)
	}
	return page, nil
}

// cursorKey decodes a cursor and checks that it names the key attributes of
// the table or index read.
func (r *Results[T]) cursorKey(cursor string) (Item, error) {
	key, err := DecodeCursor(cursor)
	if err != nil || key == nil {
		return key, err
	}
	names := r.table.schema.cursorKeys(r.indexKeys[0], r.indexKeys[1])
	for _, name := range names {
		if _, ok := key[name]; !ok {
			return nil, invalidCursor("it lacks key attribute %s of the table or index read", name)
		}
	}
	if len(key) != len(names) {
		return nil, invalidCursor("it holds attributes other than the keys %v of the table or index read", names)
	}
	return key, nil
}

// decode decodes one item with d; a Results[Item] returns it as it is.
func (r *Results[T]) decode(d *itemReader[T], raw Item) (T, error) {
	item, err := d.decode(raw)
	if err != nil {
		return item, r.table.fail(r.op, err)
	}
	return item, nil
}

// pages returns an iterator over the responses: one segment's pages in
// order, or those of all segments as they arrive with Parallel. remaining,
// when not nil, says how many more items the caller wants, which bounds
// the Limit of unfiltered sequential requests.
func (r *Results[T]) pages(count bool, remaining func() int) iter.Seq2[rawPage, error] {
	return func(yield func(rawPage, error) bool) {
		if r.err != nil {
			yield(rawPage{}, r.err)
			return
		}
		f, err := r.compile(count)
		if err != nil {
			yield(rawPage{}, r.table.fail(r.op, err))
			return
		}
		if r.params.segment < 0 {
			r.parallel(f, yield)
			return
		}
		var start Item
		for {
			limit := r.params.pageSize
			if remaining != nil && !f.filtered {
				if rest := int32(remaining()); limit == 0 || rest < limit {
					limit = rest
				}
			}
			page, err := f.fetch(r.ctx, r.params.segment, start, limit)
			if !yield(page, err) || err != nil || page.last == nil {
				return
			}
			if err := r.ctx.Err(); err != nil {
				yield(rawPage{}, r.table.fail(r.op, err))
				return
			}
			start = page.last
		}
	}
}

// parallel runs every segment in its own goroutine and yields their pages
// as they arrive, stopping them all when the caller stops. When the
// context ends, the segments send no further request and the context's
// error is yielded last.
func (r *Results[T]) parallel(f fetcher, yield func(rawPage, error) bool) {
	type result struct {
		page rawPage
		err  error
	}
	ctx, cancel := context.WithCancel(r.ctx)
	results := make(chan result)
	var wg sync.WaitGroup
	var cut atomic.Bool // a segment stopped for the context before its last page
	defer func() {
		cancel()
		wg.Wait()
	}()
	for segment := range r.params.segments {
		wg.Go(func() {
			var start Item
			for {
				page, err := f.fetch(ctx, segment, start, r.params.pageSize)
				select {
				case results <- result{page, err}:
				case <-ctx.Done():
					cut.Store(true)
					return
				}
				if err != nil || page.last == nil {
					return
				}
				if ctx.Err() != nil {
					cut.Store(true)
					return
				}
				start = page.last
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for res := range results {
		if !yield(res.page, res.err) {
			return
		}
	}
	// Only r.ctx can have ended ctx while the caller still reads.
	if cut.Load() {
		yield(rawPage{}, r.table.fail(r.op, ctx.Err()))
	}
}
