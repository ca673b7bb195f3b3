package ddb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// defaultConcurrency is how many requests of one batch are in flight at
// once without the Concurrency option.
const defaultConcurrency = 4

// BatchOption configures the Run of a batch (BatchWrite, BatchGet):
// ConsumedCapacity and Concurrency.
type BatchOption interface{ applyBatch(*batchParams) }

// BatchRunOption is an option of every batch: of the Run of BatchWrite
// and BatchGet, and of Table.BatchGet.
type BatchRunOption interface {
	BatchOption
	BatchGetOption
}

// batchParams are the settings of one batch's Run.
type batchParams struct {
	capacity       *capacitySink
	concurrency    int
	concurrencySet bool // Concurrency was given (concurrency may be a mistake)
}

// check reports the mistakes in the settings.
func (p *batchParams) check() error {
	if p.concurrencySet && p.concurrency < 1 {
		return invalid("Concurrency", "Concurrency must be positive, got %d", p.concurrency)
	}
	return checkCapacity(p.capacity)
}

// limit returns how many requests may be in flight at once.
func (p *batchParams) limit() int {
	if p.concurrency == 0 {
		return defaultConcurrency
	}
	return p.concurrency
}

type concurrencyOption int

func (o concurrencyOption) applyBatch(p *batchParams) { p.concurrency, p.concurrencySet = int(o), true }
func (o concurrencyOption) applyBatchGet(*getParams)  {} // Table.BatchGet applies it as a BatchOption

// Concurrency sends at most n requests of a batch at once (default 4).
// The requests of a large batch (25 writes, 100 keys each) then overlap,
// each resending what DynamoDB leaves unprocessed on its own. Once one
// request fails, or the context ends, no further request starts.
// Concurrency(1) sends them one after the other.
func Concurrency(n int) BatchRunOption { return concurrencyOption(n) }

// runConcurrently runs run(i) for every i below n, at most limit at once,
// in order of i. Once a run fails or ctx ends, the remaining i are given
// to abandon instead (the first always runs, and so reports an ended
// context as the client does). It returns the first error.
func runConcurrently(ctx context.Context, limit, n int, run func(i int) error, abandon func(i int)) error {
	var (
		next  atomic.Int64
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	stop := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	stopped := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return first != nil
	}
	work := func() {
		for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
			if err := ctx.Err(); err != nil && i > 0 {
				stop(err)
			}
			if stopped() {
				abandon(i)
				continue
			}
			if err := run(i); err != nil {
				stop(err)
			}
		}
	}
	// The caller is one of the workers: a batch of one request starts no
	// goroutine.
	for range min(limit, n) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return first
}

// runBatch sends the n requests of a batch, chunk(i) making request i,
// at most p.limit() at once. send sends one request and returns what its
// response left unprocessed (all of it when it fails), which is resent
// with backoff until nothing is left; size counts a request's items. What
// is left when the batch gives up, after a failure, the retries or the end
// of ctx, is given to keep.
func runBatch[R any](ctx context.Context, db *DB, p batchParams, n int, chunk func(i int) R,
	send func(ctx context.Context, request R) (R, error), size func(R) int, keep func(R)) error {
	run := func(i int) error {
		pending := chunk(i)
		retry := backoff{policy: db.retry}
		for attempt := 1; size(pending) > 0; attempt++ {
			left, err := send(withAttempt(ctx, attempt), pending)
			if err != nil {
				keep(left)
				return err
			}
			if n := size(left); n > 0 {
				if err := retry.wait(ctx, n < size(pending)); err != nil {
					keep(left)
					return err
				}
			}
			pending = left
		}
		return nil
	}
	return runConcurrently(ctx, p.limit(), n, run, func(i int) { keep(chunk(i)) })
}

// UnprocessedError reports the part of a batch that was not done after
// Run gave up: the writes not known to be made, or the keys not read,
// because DynamoDB kept leaving them unprocessed through every retry, a
// request failed (Err, a *Error, says why), or the context ended (Err is
// its error). Nothing is dropped: resend them later, or read them with
// UnprocessedItems and UnprocessedKeys. It matches ErrUnprocessed.
type UnprocessedError struct {
	Op     string                          // "BatchWriteItem" or "BatchGetItem"
	Writes map[string][]types.WriteRequest // the puts and deletes left, by table name, as sent (a versioned item with its next version)
	Keys   map[string][]Item               // the keys left unread, by table name
	Err    error
}

// Error counts what is left, by table, and says why.
func (e *UnprocessedError) Error() string {
	counts := map[string]int{}
	for name, w := range e.Writes {
		counts[name] += len(w)
	}
	for name, k := range e.Keys {
		counts[name] += len(k)
	}
	total, parts := 0, []string{}
	for _, name := range slices.Sorted(maps.Keys(counts)) {
		total += counts[name]
		parts = append(parts, fmt.Sprintf("%s %d", name, counts[name]))
	}
	what := "writes"
	if e.Op == "BatchGetItem" {
		what = "keys"
	}
	where := e.Op
	if len(parts) == 1 {
		where += " " + strings.Fields(parts[0])[0]
		parts = nil
	}
	by := ""
	if len(parts) > 1 {
		by = " (" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("ddb: %s: %d %s left unprocessed%s: %s", where, total, what, by, strings.TrimPrefix(e.Err.Error(), "ddb: "))
}

// Is reports whether target is ErrUnprocessed.
func (e *UnprocessedError) Is(target error) bool { return target == ErrUnprocessed }

// Unwrap returns why the batch gave up.
func (e *UnprocessedError) Unwrap() error { return e.Err }

// UnprocessedItems returns the items of table that err, the error of a
// BatchWrite's Run, reports left unput, decoded as T; none when err is no
// *UnprocessedError. A versioned item (a field tagged version) has the
// version it was given to the batch, not the next one the batch sent, so
// that writing it again, in a batch or with Put or Save, counts the
// version up once.
func UnprocessedItems[T any](err error, table *Table[T]) ([]T, error) {
	var ue *UnprocessedError
	if !errors.As(err, &ue) {
		return nil, nil
	}
	var items []T
	var d itemReader[T]
	for _, w := range ue.Writes[table.Name()] {
		if w.PutRequest == nil {
			continue
		}
		given, err := table.schema.versionGiven(w.PutRequest.Item)
		if err != nil {
			return items, err
		}
		item, err := d.decode(given)
		if err != nil {
			return items, err
		}
		items = append(items, item)
	}
	return items, nil
}

// UnprocessedKeys returns the keys of table that err, the error of a
// batch's Run, reports left: not deleted by a BatchWrite, or not read by a
// BatchGet; none when err is no *UnprocessedError.
func UnprocessedKeys(err error, table AnyTable) []ItemKey {
	var ue *UnprocessedError
	if !errors.As(err, &ue) {
		return nil
	}
	s := table.Schema()
	key := func(k Item) ItemKey {
		values := []any{k[s.def.HashKey]}
		if s.def.RangeKey != "" {
			values = append(values, k[s.def.RangeKey])
		}
		return ItemKey{values}
	}
	var keys []ItemKey
	for _, w := range ue.Writes[table.Name()] {
		if w.DeleteRequest != nil {
			keys = append(keys, key(w.DeleteRequest.Key))
		}
	}
	for _, k := range ue.Keys[table.Name()] {
		keys = append(keys, key(k))
	}
	return keys
}

// batchTables are the tables of one batch, by name: a table may be given
// several times, but every table of a batch belongs to its DB.
type batchTables struct {
	db     *DB
	byName map[string]AnyTable
}

// add records table, reporting one of another DB.
func (b *batchTables) add(table AnyTable) error {
	if table.DB() != b.db {
		return invalid("", "table %s belongs to another DB than the batch", table.Name())
	}
	if b.byName == nil {
		b.byName = map[string]AnyTable{}
	}
	b.byName[table.Name()] = table
	return nil
}
