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

// Results is a Query, Scan or PartiQL statement ready to run, bound to the
// context it was made with. Its methods run it: All iterates over every
// item, following DynamoDB's pages lazily; Page reads one page for
// cursor-based APIs; Collect, First and One read a few items; Count counts
// without reading them. Each method call runs the request anew. Once the
// context ends, they send no further request and return (All yields) its
// error.
type Results[T any] struct {
	ctx    context.Context
	op     string  // the operation, for errors: "Query"
	table  string  // the table, for errors; "" for a statement
	schema *Schema // the table's, which admits the items read; nil for a statement
	err    error   // a mistake found while preparing the request
	params searchParams
	// hideExpired adds the filter that hides expired items (HideExpired).
	hideExpired bool
	// cursor reads and writes the cursors of Page.
	cursor cursorCodec
	// compile renders the request, with or without counting, into a fetcher.
	compile func(count bool) (fetcher, error)
}

// fail annotates an error of the request with its operation and table.
func (r *Results[T]) fail(err error) error { return failed(r.op, r.table, err) }

// position is where a page starts: after the item with a LastEvaluatedKey
// (Query and Scan), or at a statement's NextToken. The zero position is the
// start of the first page.
type position struct {
	key   Item
	token string
}

// isZero reports whether the position is the start of the first page, or,
// for the position after a page, that there is no next page.
func (p position) isZero() bool { return p.key == nil && p.token == "" }

// cursorCodec converts between the cursors of Page and positions.
type cursorCodec interface {
	decode(cursor string) (position, error)
	encode(next position) (string, error)
}

// fetcher sends one request: the page of segment starting at start,
// evaluating at most limit items (0: no limit).
type fetcher struct {
	fetch    func(ctx context.Context, segment int, start position, limit int32) (rawPage, error)
	filtered bool // the request has a filter, so Limit does not bound the results
}

// rawPage is one response.
type rawPage struct {
	items []Item
	// The items as bodies instead: their stored encodings, read by
	// dynamo.PageEncodedReader, or else their JSON, read by
	// dynamo.PageJSONReader.
	bodies  [][]byte
	stored  bool
	next    position // where the next page starts; zero after the last
	count   int
	scanned int
}

// size returns the number of items of the page.
func (p *rawPage) size() int { return len(p.items) + len(p.bodies) }

// Page is one page of results: what one DynamoDB request returned.
type Page[T any] struct {
	Items []T
	// Next is the cursor of the following page, "" after the last page. A
	// page may hold fewer items than PageSize, even none, and still have a
	// Next: DynamoDB stops at PageSize items evaluated or 1 MB read, and a
	// Filter drops items after that.
	Next string
	// LastEvaluatedKey is Next as DynamoDB returned it, for a Query or
	// Scan (a statement's Next is its NextToken).
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
			for i := range page.size() {
				item, ok, err := r.decode(&d, &page, i)
				if (ok || err != nil) && !yield(item, err) {
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
		return nil, r.fail(invalid("", "Collect needs a positive maximum, got %d", max))
	}
	var items []T
	var d itemReader[T]
	remaining := func() int { return max - len(items) }
	for page, err := range r.pages(false, remaining) {
		if err != nil {
			return items, err
		}
		for i := range page.size() {
			item, ok, err := r.decode(&d, &page, i)
			if err != nil {
				return items, err
			}
			if !ok {
				continue
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
		err = r.fail(ErrNotUnique)
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
		return zero, r.fail(ErrNotFound)
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
	if r.params.parallel() {
		return Page[T]{}, r.fail(invalid("", "Page reads one segment; it cannot be combined with Parallel"))
	}
	start, err := r.cursor.decode(cursor)
	if err != nil {
		return Page[T]{}, r.fail(err)
	}
	f, err := r.compile(false)
	if err != nil {
		return Page[T]{}, r.fail(err)
	}
	raw, err := f.fetch(r.ctx, r.params.segment, start, r.params.pageSize)
	if err != nil {
		return Page[T]{}, err
	}
	page := Page[T]{Items: make([]T, 0, raw.size()), LastEvaluatedKey: raw.next.key, Scanned: raw.scanned}
	var d itemReader[T]
	for i := range raw.size() {
		v, ok, err := r.decode(&d, &raw, i)
		if err != nil {
			return Page[T]{}, err
		}
		if ok {
			page.Items = append(page.Items, v)
		}
	}
	if page.Next, err = r.cursor.encode(raw.next); err != nil {
		return Page[T]{}, r.fail(err)
	}
	return page, nil
}

// keyCursor is the cursor of a Query or Scan: a LastEvaluatedKey, encoded
// by EncodeCursor, which names the key attributes of the table and of the
// index read (the table's alone when reading no index).
type keyCursor struct {
	schema *Schema
	keys   readKeyNames
}

func (c keyCursor) decode(cursor string) (position, error) {
	key, err := DecodeCursor(cursor)
	if err != nil || key == nil {
		return position{}, err
	}
	names := c.schema.cursorKeys(c.keys)
	for _, name := range names {
		if _, ok := key[name]; !ok {
			return position{}, invalidCursor("it lacks key attribute %s of the table or index read", name)
		}
	}
	if len(key) != len(names) {
		return position{}, invalidCursor("it holds attributes other than the keys %v of the table or index read", names)
	}
	return position{key: key}, nil
}

func (c keyCursor) encode(next position) (string, error) { return EncodeCursor(next.key) }

// decode decodes item i of page with d; a Results[Item] returns it as it
// is. An item of another entity type is skipped (ok false) or, under
// ReportOtherTypes, reported.
func (r *Results[T]) decode(d *itemReader[T], page *rawPage, i int) (item T, ok bool, err error) {
	if page.bodies != nil {
		if item, err = d.readBody(page.bodies[i], page.stored); err != nil {
			return item, false, r.fail(err)
		}
		return item, true, nil
	}
	raw, err := r.schema.admit(page.items[i])
	if err != nil {
		if !r.params.reportOther {
			return item, false, nil
		}
		return item, false, r.fail(err)
	}
	if item, err = d.decode(raw); err != nil {
		return item, false, r.fail(err)
	}
	return item, true, nil
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
			yield(rawPage{}, r.fail(err))
			return
		}
		if r.params.parallel() {
			r.parallel(f, yield)
			return
		}
		var start position
		for {
			limit := r.params.pageSize
			if remaining != nil && !f.filtered {
				if rest := int32(remaining()); limit == 0 || rest < limit {
					limit = rest
				}
			}
			page, err := f.fetch(r.ctx, r.params.segment, start, limit)
			if !yield(page, err) || err != nil || page.next.isZero() {
				return
			}
			if err := r.ctx.Err(); err != nil {
				yield(rawPage{}, r.fail(err))
				return
			}
			start = page.next
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
			var start position
			for {
				page, err := f.fetch(ctx, segment, start, r.params.pageSize)
				select {
				case results <- result{page, err}:
				case <-ctx.Done():
					cut.Store(true)
					return
				}
				if err != nil || page.next.isZero() {
					return
				}
				if ctx.Err() != nil {
					cut.Store(true)
					return
				}
				start = page.next
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
		yield(rawPage{}, r.fail(ctx.Err()))
	}
}
